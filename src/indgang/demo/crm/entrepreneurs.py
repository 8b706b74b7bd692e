"""Entrepreneurs in the CRM demo: would-be founders of the local business services, some
later linked to the company they founded."""

from indgang.crm.models import Entrepreneur
from indgang.demo.crm.base import Op, email_address

IDEAS = [
    "Café med fokus på lokale råvarer",
    "Webshop med genbrugstøj til børn",
    "App til booking af håndværkere",
    "Mobilt cykelværksted",
    "Bæredygtig emballage til fødevarer",
    "Rengøringsfirma med svanemærkede produkter",
    "Frisørsalon med webbooking",
    "IT-sikkerhedsrådgivning for små virksomheder",
    "Produktion af plantebaserede snacks",
    "Tømrerfirma med speciale i energirenovering",
    "Fysioterapiklinik",
    "Grafisk designbureau",
    "Foodtruck med streetfood",
    "Udlejning af ladcykler til turister",
    "Keramikværksted med webshop",
]


class EntrepreneursDemo:
    def entrepreneurs_for(self, op: Op, count: int) -> list[Entrepreneur]:
        """Would-be entrepreneurs of a local business service; a fifth later founded one of
        the area's young companies and are linked to it."""
        rng = self.rng
        young = sorted(
            (c for c in op.companies if c.founded_date),
            key=lambda c: (c.founded_date, c.pk),
            reverse=True,
        )[: max(5, count)]
        made = []
        for n in range(count):
            first, last = self.person_name()
            self.emails += 1
            made.append(
                Entrepreneur(
                    organisation=op.org,
                    created_by=rng.choice(op.consultants),
                    name=f"{first} {last}",
                    email=email_address(first, last, self.emails),
                    phone=f"+45 {rng.randint(20, 99)} {rng.randint(10, 99)} "
                    f"{rng.randint(10, 99)} {rng.randint(10, 99)}",
                    idea=rng.choice(IDEAS),
                    municipality_id=op.org.municipality_id,
                    company=young.pop(rng.randrange(len(young)))
                    if young and (n == 0 or rng.random() < 0.2)
                    else None,
                )
            )
        Entrepreneur.objects.bulk_create(made)
        return made
