"""Demo contact requests, so the receiving operators' list shows something on the first run.

Made through the same service as a company's request on the public pages; the people and
companies are fictitious.
"""

from indgang.catalog.models import PUBLISHED, Offer
from indgang.crm.models import ContactRequest
from indgang.crm.public import request_contact
from indgang.demo.output import DemoOutput

REQUESTS = [
    (
        "eh-midtjylland",
        "Lone Bak (demo)",
        "lone@bak-maskiner.demo",
        "751",
        "C",
        28,
        "Vi vil gerne i gang med at sælge til Tyskland, men mangler penge til en messe.",
    ),
    (
        "eh-midtjylland",
        "Thomas Vinther (demo)",
        "thomas@vinther-data.demo",
        "740",
        "J",
        9,
        "Vi har vækstambitioner og skal bruge sparring om strategi og kapital.",
    ),
    (
        "aarhus-erhverv",
        "Sofie Kragh (demo)",
        "sofie.kragh@mail.demo",
        "751",
        "I",
        0,
        "Jeg vil starte en café og ved ikke, hvad jeg skal have styr på først.",
    ),
    (
        "aarhus-erhverv",
        "Omar Said (demo)",
        "omar@said-byg.demo",
        "751",
        "F",
        4,
        "Vi mangler faglærte og vil gerne tage lærlinge ind.",
    ),
    (
        "eh-hovedstaden",
        "Ida Brandt (demo)",
        "ida@brandt-design.demo",
        "101",
        "M",
        3,
        "Vi vil digitalisere vores salg og komme i gang med webshop.",
    ),
]


def is_loaded() -> bool:
    return ContactRequest.objects.filter(email__endswith=".demo").exists()


def load(out: DemoOutput) -> None:
    made = 0
    for operator_id, name, email, municipality, sector, employees, text in REQUESTS:
        offer = (
            Offer.objects.filter(operator_id=operator_id, status__in=PUBLISHED)
            .order_by("pk")
            .first()
        )
        if offer is None:
            continue
        request_contact(
            offer_ids=[offer.pk],
            unsure=False,
            contact={"contact_name": name, "email": email, "phone": ""},
            facts={
                "municipality_code": municipality,
                "db07_section": sector,
                "employees": employees,
            },
            needs=[],
            needs_text=text,
            consent=True,
        )
        made += 1
    out.say(f"  {made} demo contact requests")
