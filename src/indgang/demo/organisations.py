"""Demo operators and people: a realistic system, clearly marked as demo data.

The six Erhvervshuse and the Bornholm branch, a business service for every municipality,
national operators (state agencies, GTS institutes, a dozen national clusters) and the
national board, with demo logins for every role.
"""

from indgang.core.public import danish_slugify
from indgang.demo.output import DemoOutput, new_password
from indgang.organisations.models import (
    Level,
    Membership,
    Organisation,
    OrganisationType,
    Person,
    Role,
)
from indgang.reference.models import ErhvervshusArea, Municipality

T = OrganisationType

NATIONAL = [
    ("erhvervsfremmebestyrelsen", "Danmarks Erhvervsfremmebestyrelse", T.STATSLIG),
    ("erhvervsstyrelsen", "Erhvervsstyrelsen", T.STATSLIG),
    ("eksportraadet", "Eksportrådet (Udenrigsministeriet)", T.STATSLIG),
    ("innovationsfonden", "Innovationsfonden", T.STATSLIG),
    ("eifo", "EIFO – Danmarks Eksport- og Investeringsfond", T.STATSLIG),
    ("teknologisk-institut", "Teknologisk Institut", T.GTS),
    ("force-technology", "FORCE Technology", T.GTS),
    ("alexandra-instituttet", "Alexandra Instituttet", T.GTS),
    ("dhi", "DHI", T.GTS),
    ("dbi", "DBI – Dansk Brand- og sikringsteknisk Institut", T.GTS),
    ("bioneer", "Bioneer", T.GTS),
    ("energy-cluster-denmark", "Energy Cluster Denmark", T.KLYNGE),
    ("food-bio-cluster", "Food & Bio Cluster Denmark", T.KLYNGE),
    ("danish-life-science-cluster", "Danish Life Science Cluster", T.KLYNGE),
    ("digital-lead", "Digital Lead", T.KLYNGE),
    ("made", "MADE – Manufacturing Academy of Denmark", T.KLYNGE),
    ("lifestyle-design-cluster", "Lifestyle & Design Cluster", T.KLYNGE),
    ("clean", "CLEAN", T.KLYNGE),
    ("odense-robotics", "Odense Robotics", T.KLYNGE),
    ("biopro", "BioPro", T.KLYNGE),
    ("build-in-denmark", "Build in Denmark", T.KLYNGE),
    ("danish-sound-cluster", "Danish Sound Cluster", T.KLYNGE),
    ("maritime-danmark", "Maritime Danmark", T.KLYNGE),
]

# Erhvervshus area -> (operator id, name).
ERHVERVSHUSE = {
    "erhvervshus-hovedstaden": ("eh-hovedstaden", "Erhvervshus Hovedstaden"),
    "erhvervshus-bornholm": ("eh-bornholm", "Erhvervshus Hovedstaden – afdeling Bornholm"),
    "erhvervshus-sjaelland": ("eh-sjaelland", "Erhvervshus Sjælland"),
    "erhvervshus-fyn": ("eh-fyn", "Erhvervshus Fyn"),
    "erhvervshus-sydjylland": ("eh-sydjylland", "Erhvervshus Sydjylland"),
    "erhvervshus-midtjylland": ("eh-midtjylland", "Erhvervshus Midtjylland"),
    "erhvervshus-nordjylland": ("eh-nordjylland", "Erhvervshus Nordjylland"),
}

# Local business services with a name of their own, some shared by two municipalities.
LOCAL_NAMES = {
    "101": ("kbh-erhvervshus", "Københavns Erhvervshus", []),
    "400": ("business-center-bornholm", "Business Center Bornholm", []),
    "621": ("business-kolding", "Business Kolding", []),
    "730": ("randers-erhverv", "Erhverv Randers", []),
    "360": ("business-lolland-falster", "Business Lolland-Falster", ["376"]),
    "657": ("erhvervsraadet-herning-ikast", "Erhvervsrådet Herning & Ikast-Brande", ["756"]),
}

# (email local part, full name, organisation id, role, description)
LOGINS = [
    (
        "konsulent",
        "Mette Kjær (demo)",
        "eh-midtjylland",
        Role.CONSULTANT,
        "consultant, Erhvervshus Midtjylland (also at Aarhus' business service)",
    ),
    (
        "leder",
        "Jens Holm (demo)",
        "eh-midtjylland",
        Role.MANAGER,
        "manager, Erhvervshus Midtjylland",
    ),
    (
        "admin",
        "Sara Nielsen (demo)",
        "eh-midtjylland",
        Role.ADMIN,
        "administrator, Erhvervshus Midtjylland",
    ),
    (
        "lokal",
        "Ali Hassan (demo)",
        "aarhus-erhverv",
        Role.CONSULTANT,
        "consultant, Aarhus Kommune – Erhvervsservice",
    ),
    (
        "lokal.leder",
        "Birgitte Lund (demo)",
        "aarhus-erhverv",
        Role.MANAGER,
        "manager, Aarhus Kommune – Erhvervsservice",
    ),
    (
        "analytiker",
        "Peter Sørensen (demo)",
        "erhvervsfremmebestyrelsen",
        Role.ANALYST,
        "analyst, national board (read-only across all organisations)",
    ),
]
DOMAIN = "indgang.demo"

COLLEAGUES = [
    ("Anne Mortensen", Role.CONSULTANT),
    ("Lars Bech", Role.CONSULTANT),
    ("Camilla Frost", Role.CONSULTANT),
    ("Mikkel Dahl", Role.MANAGER),
]


def is_loaded() -> bool:
    return Organisation.objects.filter(is_demo=True).exists()


def load(out: DemoOutput) -> None:
    for org_id, name, org_type in NATIONAL:
        Organisation.objects.create(
            id=org_id,
            name=name,
            type=org_type,
            level=Level.NATIONAL,
            is_demo=True,
            is_national_board=(org_id == "erhvervsfremmebestyrelsen"),
        )
    municipalities = list(Municipality.objects.select_related("region", "erhvervshus_area"))
    for area in ErhvervshusArea.objects.all():
        org_id, name = ERHVERVSHUSE[area.code]
        served = [m for m in municipalities if m.erhvervshus_area_id == area.code]
        regions = {m.region_id for m in served}
        org = Organisation.objects.create(
            id=org_id,
            name=name,
            type=T.ERHVERVSHUS,
            level=Level.DECENTRAL,
            is_demo=True,
            region_id=regions.pop() if len(regions) == 1 else None,
            municipality=served[0] if len(served) == 1 else None,
        )
        org.municipalities_served.set(served)
    shared = {code for _, _, extra in LOCAL_NAMES.values() for code in extra}
    for m in municipalities:
        if m.code in shared:
            continue
        org_id, name, extra = LOCAL_NAMES.get(
            m.code, (f"{danish_slugify(m.name)}-erhverv", f"{m.name} Kommune – Erhvervsservice", [])
        )
        org = Organisation.objects.create(
            id=org_id,
            name=name,
            type=T.LOKAL_ERHVERVSSERVICE,
            level=Level.LOKAL,
            is_demo=True,
            municipality=m,
            region=m.region,
        )
        org.municipalities_served.set([m, *[x for x in municipalities if x.code in extra]])

    for local, full_name, org_id, role, description in LOGINS:
        password = new_password()
        person = Person.objects.create_user(
            email=f"{local}@{DOMAIN}", password=password, full_name=full_name, is_demo=True
        )
        Membership.objects.create(person=person, organisation_id=org_id, role=role)
        out.login(person.email, password, description)
    Membership.objects.create(
        person=Person.objects.get(email=f"konsulent@{DOMAIN}"),
        organisation_id="aarhus-erhverv",
        role=Role.CONSULTANT,
    )
    for org_id in ["eh-midtjylland", "aarhus-erhverv", "eh-hovedstaden", "kbh-erhvervshus"]:
        for full_name, role in COLLEAGUES:
            email = f"{danish_slugify(full_name).replace('-', '.')}.{org_id}@{DOMAIN}"
            person = Person.objects.create_user(
                email=email, full_name=f"{full_name} (demo)", is_demo=True
            )
            Membership.objects.create(person=person, organisation_id=org_id, role=role)
    out.say(
        f"  {Organisation.objects.filter(is_demo=True).count()} demo operators, "
        f"{Person.objects.filter(is_demo=True).count()} demo people"
    )


def reset_passwords(out: DemoOutput) -> None:
    for local, _name, _org, _role, description in LOGINS:
        person = Person.objects.filter(email=f"{local}@{DOMAIN}", is_demo=True).first()
        if person is None:
            continue
        password = new_password()
        person.set_password(password)
        person.save(update_fields=["password"])
        out.login(person.email, password, description)
