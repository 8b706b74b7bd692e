"""A year of CRM activity for the demo operators, ending today.

Built on the demo of the apps before it: the operators and people of ``organisations``,
the fictitious companies of ``registry``, the offers of ``catalog`` and the contact
requests of ``guide``. The CRM models carry no demo flag, so everything here is made only
on demo organisations and fictitious companies; the people and companies are made up.

What it makes, per operator and mostly in the municipalities the operator serves:
courses of guidance (a call, a meeting or visit, a follow-up) with Danish titles and
notes, themes and the operator's offers; events, courses and network meetings with
participants; contact persons; entrepreneurs, some later linked to the company they
founded; needs assessments with growth mapping; funnel segments and key accounts (so the
worklists of konsulent@ and lokal@indgang.demo show something); referrals between the
operators in every status, to private advisers and from companies through the one entry,
the old unanswered ones flagged; and some consents to sharing.

The bulk of the records is written with ``bulk_create`` (the demo must load in seconds);
referrals, contact requests and their moves go through the services, then their
timestamps are moved back to when they happened. A seeded generator makes it
deterministic for a given register and day.
"""

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Max, Min, Q
from django.utils import timezone, translation

from indgang.catalog import demo as catalog_demo
from indgang.catalog.models import PUBLISHED, Offer
from indgang.catalog.services import ensure_themes
from indgang.core.demo import DemoOutput
from indgang.core.text import danish_slugify
from indgang.crm import services
from indgang.crm.models import (
    CompanySegment,
    Consent,
    ContactPerson,
    Entrepreneur,
    GrowthParameter,
    Interaction,
    InteractionType,
    LegalBasis,
    NeedsAssessment,
    Notification,
    Participant,
    Referral,
    ReferralEvent,
    ReferralStatus,
    Segment,
)
from indgang.crm.permissions import Viewer
from indgang.organisations.demo import ERHVERVSHUSE
from indgang.organisations.models import Membership, Organisation, Person, Role
from indgang.registry.models import Company, CompanyStatus, YearlyFigures

SEED = 6006
DOMAIN = "indgang.demo"
T = InteractionType

# Courses of guidance (forløb) a year at full size, by kind of operator; scaled down with
# a small register (tests load 400 companies).
COURSES = {"eh-midtjylland": 420, "aarhus-erhverv": 300}
COURSES_EH = 110
COURSES_LOCAL = 45
COURSES_NATIONAL = 25
EVENTS = {"erhvervshus": 14, "lokal": 9, "national": 4}

FIRST_NAMES = [
    "Anders",
    "Anne",
    "Bente",
    "Bo",
    "Camilla",
    "Christian",
    "Dorthe",
    "Emil",
    "Emma",
    "Erik",
    "Frederik",
    "Gitte",
    "Hanne",
    "Henrik",
    "Ida",
    "Jacob",
    "Jakob",
    "Jesper",
    "Julie",
    "Karen",
    "Kasper",
    "Katrine",
    "Lars",
    "Line",
    "Louise",
    "Mads",
    "Maria",
    "Martin",
    "Mette",
    "Michael",
    "Morten",
    "Nanna",
    "Niels",
    "Nina",
    "Ole",
    "Pernille",
    "Peter",
    "Rasmus",
    "Rikke",
    "Signe",
    "Simon",
    "Sofie",
    "Søren",
    "Thomas",
    "Tina",
    "Troels",
    "Ulla",
    "Vibeke",
    "Yasmin",
    "Ahmad",
    "Fatima",
    "Mehmet",
    "Aisha",
    "Piotr",
    "Agnieszka",
]
_LAST = (
    "Andersen Bach Bech Berg Bisgaard Brandt Christensen Dahl Damgaard Eriksen Frandsen Friis "
    "Hansen Holm Holst Iversen Jensen Jeppesen Juhl Kjeldsen Knudsen Kristensen Lauridsen "
    "Lund Madsen Mikkelsen Mortensen Møller Nielsen Nygaard Olesen Pedersen Poulsen Rasmussen "
    "Schmidt Skov Svendsen Sørensen Thomsen Vestergaard Villadsen Winther Østergaard Yilmaz "
    "Nowak Haddad"
)
LAST_NAMES = _LAST.split()
CONTACT_TITLES = [
    "Direktør",
    "Ejer og direktør",
    "Indehaver",
    "Økonomichef",
    "Salgschef",
    "Produktionschef",
    "Marketingansvarlig",
    "Udviklingschef",
    "Bestyrelsesformand",
    "Administrerende direktør",
    "Eksportchef",
    "HR-ansvarlig",
]

# Theme -> (phrase used in titles, what the company wants, agreed next steps).
THEMES = {
    "opstart": (
        "opstart af virksomhed",
        [
            "få styr på forretningsplan og budget",
            "vælge den rigtige virksomhedsform",
            "finde de første kunder",
        ],
        [
            "Sender skabelon til budget og likviditet.",
            "Tilmeldt iværksætterkursus i næste måned.",
            "Nyt møde, når forretningsplanen er klar.",
        ],
    ),
    "vaekst_skalering": (
        "vækst",
        [
            "fordoble omsætningen på tre år",
            "ansætte de første sælgere",
            "skalere produktionen",
        ],
        [
            "Aftalt en vækstplan med tre indsatsområder.",
            "Screenes til Vækstforløb.",
            "Opfølgning om tre måneder.",
        ],
    ),
    "eksport": (
        "eksport",
        [
            "komme ind på det tyske marked",
            "finde en distributør i Sverige og Norge",
            "teste markedet i Holland",
        ],
        [
            "Henvises til Eksportrådet for en markedsafklaring.",
            "Deltager i eksportnetværket i foråret.",
            "Sender materiale om Eksportstart.",
        ],
    ),
    "finansiering": (
        "finansiering",
        [
            "rejse kapital til en ny produktionslinje",
            "forberede mødet med banken om en større kredit",
            "finde investorer til næste vækstfase",
        ],
        [
            "Henvises til EIFO om vækstlån.",
            "Hjælper med pitch deck inden investormødet.",
            "Gennemgår budget og likviditet sammen i næste uge.",
        ],
    ),
    "digitalisering": (
        "digitalisering",
        [
            "få en webshop op at køre",
            "skifte til et nyt ERP-system",
            "automatisere fakturering og lager",
        ],
        [
            "Søger tilskud fra Digital omstilling i SMV'er.",
            "Sætter kontakt op til Digital Lead.",
            "Laver en digital modenhedsmåling sammen med ledelsen.",
        ],
    ),
    "innovation": (
        "innovation",
        [
            "udvikle en ny produktserie",
            "teste en prototype hos kunderne",
            "beskytte en ny opfindelse",
        ],
        [
            "Henvises til Innovationsfonden om Innobooster.",
            "Møde med en innovationsagent fra Teknologisk Institut.",
            "Undersøger mulighederne for patent.",
        ],
    ),
    "viden_samarbejde": (
        "samarbejde med videninstitutioner",
        [
            "finde en studerende til et udviklingsprojekt",
            "samarbejde med et universitet om test og dokumentation",
        ],
        [
            "Formidler kontakt til en forsker på Aarhus Universitet.",
            "Sender kontakt til et GTS-institut.",
        ],
    ),
    "kompetencer": (
        "rekruttering og kompetencer",
        [
            "rekruttere faglærte",
            "tage lærlinge ind",
            "opkvalificere medarbejderne i automatisering",
        ],
        [
            "Sætter kontakt op til jobcentrets virksomhedsservice.",
            "Sender oversigt over relevante AMU-kurser.",
        ],
    ),
    "groen_omstilling": (
        "grøn omstilling",
        [
            "reducere energiforbruget i produktionen",
            "lave et CO2-regnskab",
            "gå over til genanvendelige materialer",
        ],
        [
            "Screening af energiforbruget er bestilt.",
            "Ansøgning til Grøn omstilling forberedes.",
            "Introducerer virksomheden til Energy Cluster Denmark.",
        ],
    ),
    "ledelse": (
        "ledelse og strategi",
        [
            "styrke bestyrelsesarbejdet",
            "lægge en strategi for de næste tre år",
            "uddelegere mere i ledelsen",
        ],
        ["Strategiworkshop aftalt.", "Forslag om et advisory board."],
    ),
    "ejerskifte": (
        "ejerskifte",
        ["planlægge et generationsskifte", "sælge virksomheden inden for fem år"],
        [
            "Anbefaler en uvildig værdiansættelse.",
            "Ejerskiftemøde med revisor aftalt.",
        ],
    ),
    "myndighed": (
        "regler og tilladelser",
        [
            "få styr på miljøgodkendelsen",
            "søge de rigtige tilladelser til udeservering",
        ],
        [
            "Sendt link til vejledningen på Virk.dk.",
            "Formidler kontakt til kommunens sagsbehandler.",
        ],
    ),
    "lokaler": (
        "erhvervslokaler",
        ["finde større lokaler", "etablere sig i det nye erhvervsområde"],
        ["Sendt oversigt over ledige erhvervsgrunde.", "Fremvisning aftalt."],
    ),
    "netvaerk": (
        "netværk",
        ["møde andre virksomheder i branchen", "finde samarbejdspartnere lokalt"],
        ["Inviteret til det lokale erhvervsnetværk.", "Introduceret til klyngen."],
    ),
    "turisme": (
        "turisme",
        ["tiltrække flere udenlandske gæster", "forlænge sæsonen"],
        ["Kontakt til destinationsselskabet.", "Sender information om turismepuljen."],
    ),
    "salg_markedsfoering": (
        "salg og markedsføring",
        [
            "styrke salget online",
            "finde nye kundesegmenter",
            "gøre salgsprocessen mere professionel",
        ],
        [
            "Workshop om salgsstrategi aftalt.",
            "Sender materiale om markedsføring på sociale medier.",
        ],
    ),
}
EH_THEMES = [
    "vaekst_skalering",
    "eksport",
    "finansiering",
    "digitalisering",
    "innovation",
    "groen_omstilling",
    "ledelse",
    "ejerskifte",
    "kompetencer",
    "salg_markedsfoering",
]
LOCAL_THEMES = [
    "opstart",
    "myndighed",
    "lokaler",
    "netvaerk",
    "kompetencer",
    "salg_markedsfoering",
    "finansiering",
    "digitalisering",
    "turisme",
]
OBSERVATIONS = [
    "Stærk ordrebog, men presset på kapaciteten.",
    "Ledelsen er motiveret, men har svært ved at finde tid.",
    "Har gode erfaringer med tidligere rådgivning.",
    "Usikker på næste skridt; bør følges tæt.",
    "Sund økonomi, men lav egenkapital.",
    "Ejeren er snart 65 og har ikke tænkt over ejerskifte.",
    "Ingen digital strategi, men stor interesse.",
    "Har mistet en stor kunde og vil sprede risikoen.",
]
TITLES = {
    T.ONE_TO_ONE: [
        "Afklaringsmøde om {t}",
        "Sparring om {t}",
        "Vækstmøde: {t}",
        "Opfølgende møde om {t}",
    ],
    T.OUTREACH_VISIT: ["Virksomhedsbesøg – {t}", "Opsøgende besøg om {t}"],
    T.PHONE: ["Telefonsamtale om {t}", "Første kontakt – {t}", "Opfølgning pr. telefon"],
    T.EMAIL: ["Mail med materiale om {t}", "Opfølgning pr. mail", "Svar på spørgsmål om {t}"],
    T.EVENT: ["Morgenmøde: {T} i praksis", "Temamøde om {t}", "Inspirationsmøde: {T}"],
    T.COURSE: ["Kursus: {T} for små virksomheder", "Workshop om {t}"],
    T.COURSE_SERIES: ["Forløb om {t} (4 moduler)", "Vækstakademi: {T}"],
    T.NETWORK_MEETING: ["Netværksmøde: {T}", "Erfa-gruppe om {t}"],
}
REACTIONS = [
    "God stemning og mange spørgsmål.",
    "Flere deltagere ønsker et opfølgende møde.",
    "Evalueringen gav 4,5 ud af 5.",
    "Oplægsholderen fra en lokal virksomhed blev godt modtaget.",
]
SPEAKERS = ["en ekstern rådgiver", "en lokal virksomhedsejer", "vores egen specialist"]
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
GROWTH_NOTES = {
    GrowthParameter.HISTORY: ["Stabil vækst de seneste fem år.", "Faldende omsætning siden 2022."],
    GrowthParameter.BUSINESS_CONCEPT: ["Klart defineret kundesegment.", "Bred forretning."],
    GrowthParameter.BUSINESS_PROCESS: ["Manuelle processer i salg og lager.", "Effektiv drift."],
    GrowthParameter.PRODUCT: ["Produktet kan skaleres.", "Skræddersyede løsninger."],
    GrowthParameter.INTERNATIONALISATION: ["Sælger kun i Danmark.", "Eksport til Norden."],
    GrowthParameter.MANAGEMENT: ["Ejerleder uden bestyrelse.", "Professionel bestyrelse."],
    GrowthParameter.FINANCING: ["Finansieret af egen drift.", "Behov for ekstern kapital."],
}
PRIVATE_ADVISERS = [
    "Revisionsfirmaet Holm & Vestergaard (revisor)",
    "Advokatfirmaet Krogh & Dahl (advokat)",
    "DigiRåd ApS v. Jesper Dam (IT-rådgiver)",
    "Vækstpartner Midt v. Hanne Juul (strategirådgiver)",
    "Patentkontoret Nord (patentrådgiver)",
]
DECLINE_REASONS = [
    "Virksomheden falder uden for målgruppen (under fem ansatte).",
    "Tilbuddet er lukket for nye ansøgninger i år.",
    "Virksomheden er allerede i et forløb hos os.",
    "Behovet hører bedre hjemme hos den lokale erhvervsservice.",
]
EXTRA_STAFF = [
    ("Hanne Kofoed", Role.CONSULTANT),
    ("Rasmus Bay", Role.CONSULTANT),
    ("Dorthe Vang", Role.MANAGER),
]


def is_loaded() -> bool:
    return Interaction.objects.filter(company__is_fictitious=True).exists()


def _aware(day: dt.date, hour: int = 10, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def _email(first: str, last: str, n: int) -> str:
    local = f"{danish_slugify(first)}.{danish_slugify(last)}".replace("-", ".")
    return f"{local}{n}@eksempel.dk" if n else f"{local}@eksempel.dk"


@dataclass
class Op:
    org: Organisation
    kind: str  # "erhvervshus", "lokal" or "national"
    staff: list  # [(person, role)]
    companies: list
    offers: list  # [(offer, {theme codes})]
    themes: list

    @property
    def consultants(self):
        return [p for p, role in self.staff if role in (Role.CONSULTANT, Role.MANAGER)]

    @property
    def managers(self):
        return [p for p, role in self.staff if role in (Role.MANAGER, Role.ADMIN)]


@dataclass
class Plan:
    interactions: list = field(default_factory=list)
    themes: list = field(default_factory=list)  # per interaction: [codes]
    contacts: list = field(default_factory=list)  # per interaction: [ContactPerson]
    participants: list = field(default_factory=list)  # per interaction: [(company, entr.)]
    courses: list = field(default_factory=list)  # (op, company, consultant, start, themes)


class Builder:
    def __init__(self, out: DemoOutput):
        self.out = out
        self.rng = random.Random(SEED)
        self.today = timezone.localdate()
        self.start = self.today - dt.timedelta(days=365)
        self.plan = Plan()
        self.contacts: dict[tuple[str, int], list[ContactPerson]] = defaultdict(list)
        self.emails = 0

    # --- The operators, their staff, companies and offers ---------------------------------

    def operators(self) -> list[Op]:
        ids = (
            catalog_demo.EH_IDS
            + catalog_demo.LOCAL_IDS
            + sorted(
                set(
                    Offer.objects.filter(is_demo=True, level="national").values_list(
                        "operator_id", flat=True
                    )
                )
            )
        )
        orgs = Organisation.objects.filter(is_demo=True, pk__in=ids).prefetch_related(
            "municipalities_served"
        )
        orgs = sorted(orgs, key=lambda o: ids.index(o.pk))
        companies = list(
            Company.objects.filter(is_fictitious=True, status=CompanyStatus.ACTIVE)
            .only("pk", "cvr", "name", "municipality_id", "founded_date", "employees_band")
            .order_by("pk")
        )
        self.all_companies = companies
        by_municipality = defaultdict(list)
        for company in companies:
            by_municipality[company.municipality_id].append(company)
        offers = defaultdict(list)
        self.offer_themes = {}
        for offer in Offer.objects.filter(is_demo=True).order_by("pk").prefetch_related("themes"):
            codes = {t.code for t in offer.themes.all()}
            offers[offer.operator_id].append((offer, codes))
            self.offer_themes[offer.pk] = codes
        staff = defaultdict(list)
        for m in Membership.objects.filter(organisation__in=orgs).select_related("person"):
            staff[m.organisation_id].append((m.person, m.role))
        result = []
        for org in orgs:
            if not any(role != Role.ANALYST for _p, role in staff[org.pk]):
                staff[org.pk] = self._staff_for(org)
            staff[org.pk].sort(key=lambda s: s[0].email)
            kind = (
                "national"
                if org.level == "national"
                else ("erhvervshus" if org.type == "erhvervshus" else "lokal")
            )
            served = sorted(m.code for m in org.municipalities_served.all())
            area = [c for code in served for c in by_municipality.get(code, [])]
            if kind == "national" or len(area) < 5:
                area = companies
            result.append(
                Op(
                    org=org,
                    kind=kind,
                    staff=staff[org.pk],
                    companies=area,
                    offers=offers.get(org.pk, []),
                    themes=LOCAL_THEMES if kind == "lokal" else EH_THEMES,
                )
            )
        return result

    def _staff_for(self, org) -> list:
        """Demo consultants and a manager for an operator the organisations demo left
        without people, so its referrals can be answered."""
        made = []
        for full_name, role in EXTRA_STAFF:
            email = f"{danish_slugify(full_name).replace('-', '.')}.{org.pk}@{DOMAIN}"
            person = Person.objects.create_user(
                email=email, full_name=f"{full_name} (demo)", is_demo=True
            )
            Membership.objects.create(person=person, organisation=org, role=role)
            made.append((person, role))
        return made

    # --- Helpers ----------------------------------------------------------------------------

    def weekday(self, day: dt.date) -> dt.date:
        """``day``, or the next Monday if it is a weekend (the Friday before if that is
        after today)."""
        if day.weekday() >= 5:
            monday = day + dt.timedelta(days=7 - day.weekday())
            day = monday if monday <= self.today else day - dt.timedelta(days=day.weekday() - 4)
        return day

    def day(self, low: dt.date | None = None, high: dt.date | None = None) -> dt.date:
        low, high = low or self.start, high or self.today
        if high <= low:
            return high
        day = low + dt.timedelta(days=self.rng.randint(0, (high - low).days))
        while day.weekday() >= 5 and day > low:  # guidance happens on weekdays
            day -= dt.timedelta(days=1)
        return day

    def offer_for(self, op: Op, themes: list[str]):
        matching = [o for o, codes in op.offers if codes & set(themes)]
        pool = matching or [o for o, _c in op.offers]
        return self.rng.choice(pool) if pool and self.rng.random() < 0.8 else None

    def person_name(self) -> tuple[str, str]:
        return self.rng.choice(FIRST_NAMES), self.rng.choice(LAST_NAMES)

    def contact_for(self, op: Op, company: Company, consultant) -> ContactPerson | None:
        key = (op.org.pk, company.pk)
        if not self.contacts[key] and self.rng.random() < 0.35:
            first, last = self.person_name()
            self.emails += 1
            self.contacts[key].append(
                ContactPerson(
                    organisation=op.org,
                    company=company,
                    created_by=consultant,
                    name=f"{first} {last}",
                    title=self.rng.choice(CONTACT_TITLES),
                    email=_email(first, last, self.emails),
                    phone=f"+45 {self.rng.randint(20, 99)} {self.rng.randint(10, 99)} "
                    f"{self.rng.randint(10, 99)} {self.rng.randint(10, 99)}"
                    if self.rng.random() < 0.8
                    else "",
                    legal_basis=LegalBasis.CONSENT
                    if self.rng.random() < 0.15
                    else LegalBasis.PUBLIC_TASK,
                )
            )
        return self.contacts[key][0] if self.contacts[key] else None

    def add(self, interaction: Interaction, themes, contacts=(), participants=()):
        self.plan.interactions.append(interaction)
        self.plan.themes.append(list(themes))
        self.plan.contacts.append(list(contacts))
        self.plan.participants.append(list(participants))
        return interaction

    def text(self, kind, themes, contact: ContactPerson | None) -> tuple[str, str]:
        theme = themes[0]
        phrase, goals, steps = THEMES[theme]
        title = self.rng.choice(TITLES[kind]).format(t=phrase, T=phrase.capitalize())
        goal, step = self.rng.choice(goals), self.rng.choice(steps)
        role = contact.title if contact else ""
        if role and not role[:2].isupper():
            role = role[0].lower() + role[1:]
        who = f"{contact.name} ({role})" if contact else "ejeren"
        if kind in (T.ONE_TO_ONE, T.OUTREACH_VISIT):
            note = (
                f"Møde med {who}. Virksomheden ønsker at {goal}. "
                f"{self.rng.choice(OBSERVATIONS)} Aftalt: {step}"
            )
        elif kind == T.PHONE:
            note = f"Kort samtale med {who}. Virksomheden vil gerne {goal}. {step}"
        else:
            note = f"Sendt materiale om {phrase} og links til relevante tilbud. {step}"
        return title[:200], note

    # --- Courses of guidance ----------------------------------------------------------------

    def course(self, op: Op, company=None, entrepreneur=None, consultant=None, start=None):
        rng = self.rng
        consultant = consultant or rng.choice(op.consultants)
        themes = rng.sample(op.themes, k=1 if rng.random() < 0.6 else 2)
        if entrepreneur is not None:
            themes = ["opstart", *[t for t in themes if t != "opstart"]][:2]
        start = start or self.day(high=self.today - dt.timedelta(days=2))
        offer = self.offer_for(op, themes)
        contact = self.contact_for(op, company, consultant) if company is not None else None
        if op.kind == "lokal":
            kinds = [T.ONE_TO_ONE] + rng.sample(
                [T.PHONE, T.EMAIL, T.ONE_TO_ONE], k=rng.randint(0, 2)
            )
        elif op.kind == "erhvervshus":
            kinds = [rng.choice([T.PHONE, T.EMAIL])]
            kinds.append(T.OUTREACH_VISIT if rng.random() < 0.35 else T.ONE_TO_ONE)
            kinds += rng.sample([T.ONE_TO_ONE, T.EMAIL, T.PHONE], k=rng.randint(0, 2))
        else:
            kinds = [rng.choice([T.ONE_TO_ONE, T.OUTREACH_VISIT]), T.EMAIL]
        day = start
        made = []
        for kind in kinds:
            if day > self.today:
                break
            title, note = self.text(kind, themes, contact)
            made.append(
                self.add(
                    Interaction(
                        organisation=op.org,
                        created_by=consultant,
                        consultant=consultant,
                        type=kind,
                        date=day,
                        company=company,
                        entrepreneur=entrepreneur,
                        title=title,
                        note=note,
                        offer=offer if kind not in (T.PHONE, T.EMAIL) else None,
                    ),
                    themes,
                    [contact] if contact else [],
                )
            )
            day = self.weekday(day + dt.timedelta(days=rng.randint(3, 35)))
        if company is not None:
            self.plan.courses.append((op, company, consultant, start, themes))
        return made

    def events(self, op: Op, scale: float) -> None:
        rng = self.rng
        count = max(2, round(EVENTS[op.kind] * scale))
        for _n in range(count):
            kind = rng.choice([T.EVENT, T.EVENT, T.COURSE, T.NETWORK_MEETING, T.COURSE_SERIES])
            themes = rng.sample(op.themes, k=1)
            phrase = THEMES[themes[0]][0]
            companies = rng.sample(op.companies, k=min(len(op.companies), rng.randint(6, 25)))
            entrepreneurs = []
            if op.kind == "lokal":
                entrepreneurs = [
                    e for e in self.entrepreneurs.get(op.org.pk, []) if rng.random() < 0.2
                ]
            title = rng.choice(TITLES[kind]).format(t=phrase, T=phrase.capitalize())
            consultant = rng.choice(op.consultants)
            self.add(
                Interaction(
                    organisation=op.org,
                    created_by=consultant,
                    consultant=consultant,
                    type=kind,
                    date=self.day(),
                    title=title[:200],
                    note=f"{len(companies) + len(entrepreneurs)} deltagere. Oplæg om {phrase} "
                    f"ved {rng.choice(SPEAKERS)}. {rng.choice(REACTIONS)}",
                    offer=self.offer_for(op, themes),
                ),
                themes,
                participants=[(c, None) for c in companies] + [(None, e) for e in entrepreneurs],
            )

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
                    email=_email(first, last, self.emails),
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

    # --- The whole year ---------------------------------------------------------------------

    def build(self) -> None:
        n_companies = len(
            Company.objects.filter(is_fictitious=True).values_list("pk", flat=True)[:20000]
        )
        scale = min(1.0, max(0.3, n_companies / 20000))
        self.scale = scale
        ops = [op for op in self.operators() if op.companies]
        self.ops = {op.org.pk: op for op in ops}
        self.entrepreneurs = {}
        for op in ops:
            base = (
                COURSES.get(op.org.pk)
                or {
                    "erhvervshus": COURSES_EH,
                    "lokal": COURSES_LOCAL,
                    "national": COURSES_NATIONAL,
                }[op.kind]
            )
            courses = max(6, round(base * scale))
            if op.kind == "lokal":
                entrepreneurs = self.entrepreneurs_for(op, max(3, courses // 5))
                self.entrepreneurs[op.org.pk] = entrepreneurs
                for e in entrepreneurs:
                    made = self.course(op, entrepreneur=e)
                    if e.company_id and made:
                        e.linked_at = _aware(min(self.today, made[-1].date + dt.timedelta(30)))
                        # After founding, the company itself comes back.
                        self.course(
                            op,
                            company=e.company,
                            consultant=made[0].consultant,
                            start=min(self.today, made[-1].date + dt.timedelta(days=40)),
                        )
                Entrepreneur.objects.bulk_update(
                    [e for e in entrepreneurs if e.company_id], ["linked_at"]
                )
            weights = self._consultant_weights(op)
            for _n in range(courses):
                company = self._pick_company(op)
                consultant = self.rng.choices(op.consultants, weights=weights)[0]
                self.course(op, company=company, consultant=consultant)
            self.events(op, scale)
        self.old_key_accounts()
        self.history()
        self.write_interactions()
        self.needs_assessments()
        self.segments()
        self.consents()
        self.referrals()

    def history(self) -> None:
        """Earlier years' programme participations: a company took part in one of the
        operator's offers (a course of sessions about it). Without them effect measurement
        has no cohort the register's yearly figures can follow before and after. Only the
        fact and the offer are kept; the notes of guidance this old would be anonymised."""
        years = YearlyFigures.objects.filter(company__is_fictitious=True).aggregate(
            first=Min("year"), last=Max("year")
        )
        if years["first"] is None:
            return
        first = years["first"] + 1  # a cohort needs the year before its start
        last = min(years["last"] - 1, self.today.year - 2)  # ...and a year after it
        if last < first:
            return
        with_figures = set(
            YearlyFigures.objects.filter(company__is_fictitious=True, year=first - 1).values_list(
                "company_id", flat=True
            )
        )
        for op in self.ops.values():
            offers = [o for o, _codes in op.offers]
            pool = [c for c in op.companies if c.pk in with_figures]
            if not offers or not pool:
                continue
            count = max(10, round(len(pool) * 0.04))
            for company in self.rng.sample(pool, min(count, len(pool))):
                offer, codes = self.rng.choice([(o, self.offer_themes[o.pk]) for o in offers])
                start = dt.date(self.rng.randint(first, last), self.rng.randint(1, 12), 1)
                start = self.weekday(start + dt.timedelta(days=self.rng.randint(0, 27)))
                self.plan.interactions.append(
                    Interaction(
                        organisation=op.org,
                        type=T.COURSE_SERIES,
                        date=start,
                        consultant=self.rng.choice(op.consultants),
                        company=company,
                        offer=offer,
                        title=offer.title[:200],
                    )
                )
                self.plan.themes.append(sorted(codes)[:2])
                self.plan.contacts.append([])
                self.plan.participants.append([])

    def _consultant_weights(self, op: Op) -> list[float]:
        # The demo logins do more of their operator's guidance, so their pages fill up.
        return [
            4.0 if p.email in (f"konsulent@{DOMAIN}", f"lokal@{DOMAIN}") else 1.0
            for p in op.consultants
        ]

    def _pick_company(self, op: Op):
        if self.rng.random() < 0.1:
            return self.rng.choice(self.all_companies)
        return self.rng.choice(op.companies)

    def old_key_accounts(self) -> None:
        """Key accounts of the demo consultants last contacted 13–20 months ago, for the
        worklist "my companies with no contact in a year"."""
        self.stale_accounts = []
        for org_id, email in [
            ("eh-midtjylland", f"konsulent@{DOMAIN}"),
            ("aarhus-erhverv", f"lokal@{DOMAIN}"),
            ("aarhus-erhverv", f"konsulent@{DOMAIN}"),
        ]:
            op = self.ops.get(org_id)
            person = Person.objects.filter(email=email).first()
            if op is None or person is None:
                continue
            used = {c.pk for (o, c, *_rest) in self.plan.courses if o is op}
            fresh = [c for c in op.companies if c.pk not in used]
            if len(fresh) < 4:  # a small register: look beyond the area
                fresh += [c for c in self.all_companies if c.pk not in used]
            for company in self.rng.sample(fresh, k=min(4, len(fresh))):
                day = self.today - dt.timedelta(days=self.rng.randint(400, 600))
                themes = self.rng.sample(op.themes, k=1)
                contact = self.contact_for(op, company, person)
                title, note = self.text(T.ONE_TO_ONE, themes, contact)
                self.add(
                    Interaction(
                        organisation=op.org,
                        created_by=person,
                        consultant=person,
                        type=T.ONE_TO_ONE,
                        date=day,
                        company=company,
                        title=title,
                        note=note,
                    ),
                    themes,
                    [contact] if contact else [],
                )
                self.stale_accounts.append((op, company, person))

    def write_interactions(self) -> None:
        contacts = [c for group in self.contacts.values() for c in group]
        ContactPerson.objects.bulk_create(contacts, batch_size=1000)
        plan = self.plan
        Interaction.objects.bulk_create(plan.interactions, batch_size=1000)
        # Recorded on the day it happened, not when the demo ran.
        by_day = defaultdict(list)
        for interaction in plan.interactions:
            by_day[interaction.date].append(interaction.pk)
        for day, ids in by_day.items():
            Interaction.objects.filter(pk__in=ids).update(created_at=_aware(day, 15))
        themes = Interaction.themes.through
        people = Interaction.contacts.through
        theme_rows, contact_rows, participant_rows = [], [], []
        for interaction, codes, linked, participants in zip(
            plan.interactions, plan.themes, plan.contacts, plan.participants, strict=True
        ):
            theme_rows += [themes(interaction_id=interaction.pk, theme_id=c) for c in codes]
            contact_rows += [
                people(interaction_id=interaction.pk, contactperson_id=c.pk) for c in linked
            ]
            participant_rows += [
                Participant(interaction_id=interaction.pk, company=c, entrepreneur=e)
                for c, e in participants
            ]
        themes.objects.bulk_create(theme_rows, batch_size=2000)
        people.objects.bulk_create(contact_rows, batch_size=2000)
        Participant.objects.bulk_create(participant_rows, batch_size=2000)

    def needs_assessments(self) -> None:
        rng = self.rng
        made, expressed, observed = [], [], []
        for op, company, consultant, start, themes in self.plan.courses:
            if op.kind == "national" or rng.random() > (0.45 if op.kind == "erhvervshus" else 0.2):
                continue
            goal = rng.choice(THEMES[themes[0]][1])
            other = rng.choice([t for t in EH_THEMES if t not in themes])
            mapping = {
                p.value: {"rating": rng.randint(1, 5), "note": rng.choice(GROWTH_NOTES[p])}
                for p in GrowthParameter
            }
            made.append(
                NeedsAssessment(
                    organisation=op.org,
                    created_by=consultant,
                    consultant=consultant,
                    company=company,
                    date=min(self.today, start + dt.timedelta(days=rng.randint(3, 20))),
                    expressed_note=f"Virksomheden vil gerne {goal}.",
                    observed_note=f"Vi ser også et behov inden for {THEMES[other][0]}: "
                    f"{rng.choice(OBSERVATIONS).lower()}",
                    growth_mapping=mapping,
                    digital_maturity=rng.randint(1, 5),
                    export_maturity=rng.randint(1, 5),
                    next_step=rng.choice(THEMES[themes[0]][2]),
                )
            )
            expressed.append(themes)
            observed.append([other])
        NeedsAssessment.objects.bulk_create(made, batch_size=1000)
        through_e = NeedsAssessment.expressed_themes.through
        through_o = NeedsAssessment.observed_themes.through
        through_e.objects.bulk_create(
            [
                through_e(needsassessment_id=a.pk, theme_id=code)
                for a, codes in zip(made, expressed, strict=True)
                for code in codes
            ]
        )
        through_o.objects.bulk_create(
            [
                through_o(needsassessment_id=a.pk, theme_id=code)
                for a, codes in zip(made, observed, strict=True)
                for code in codes
            ]
        )
        self.assessments = len(made)

    def segments(self) -> None:
        """The funnel: every company an Erhvervshus or business service guided is in its
        portfolio; some are prioritised, a few key accounts with an owner; and some
        prioritised companies nobody has talked to yet."""
        rng = self.rng
        rows: dict[tuple[str, int], CompanySegment] = {}
        for op, company, consultant, _start, _themes in self.plan.courses:
            if op.kind == "national" or (op.org.pk, company.pk) in rows:
                continue
            roll = rng.random()
            segment = (
                Segment.KEY_ACCOUNT
                if roll < 0.08
                else (Segment.PRIORITISED if roll < 0.3 else Segment.PORTFOLIO)
            )
            rows[(op.org.pk, company.pk)] = CompanySegment(
                company=company,
                organisation=op.org,
                segment=segment,
                key_account_owner=consultant if segment == Segment.KEY_ACCOUNT else None,
            )
        for op, company, person in self.stale_accounts:
            rows[(op.org.pk, company.pk)] = CompanySegment(
                company=company,
                organisation=op.org,
                segment=Segment.KEY_ACCOUNT,
                key_account_owner=person,
            )
        talked = {
            (i.organisation_id, i.company_id)
            for i in self.plan.interactions
            if i.company_id and i.type in (T.ONE_TO_ONE, T.OUTREACH_VISIT)
        }
        for op in self.ops.values():
            if op.kind == "national":
                continue
            untalked = [c for c in op.companies if (op.org.pk, c.pk) not in talked]
            if len(untalked) < 8:  # a small register: look beyond the area
                untalked += [c for c in self.all_companies if (op.org.pk, c.pk) not in talked]
            for company in rng.sample(untalked, k=min(len(untalked), 8)):
                rows[(op.org.pk, company.pk)] = CompanySegment(
                    company=company, organisation=op.org, segment=Segment.PRIORITISED
                )
        CompanySegment.objects.bulk_create(list(rows.values()), batch_size=1000)
        self.segment_count = len(rows)

    def consents(self) -> None:
        rng = self.rng
        made, seen = [], set()
        text = services.sharing_consent_text()
        for op, company, consultant, start, _themes in self.plan.courses:
            if company.pk in seen or rng.random() > 0.07:
                continue
            seen.add(company.pk)
            contact = (self.contacts.get((op.org.pk, company.pk)) or [None])[0]
            given = _aware(start, 11)
            withdrawn = None
            if rng.random() < 0.15:
                withdrawn = _aware(min(self.today, start + dt.timedelta(days=rng.randint(20, 200))))
            made.append(
                Consent(
                    company=company,
                    organisation=op.org,
                    given_by=f"{contact.name}, {contact.title.lower()}"
                    if contact
                    else f"{' '.join(self.person_name())}, direktør",
                    text=text,
                    given_at=given,
                    withdrawn_at=withdrawn,
                    recorded_by=consultant,
                )
            )
        Consent.objects.bulk_create(made)
        self.consent_count = len(made)

    # --- Referrals --------------------------------------------------------------------------

    def referrals(self) -> None:
        self.timeline: list[tuple[Referral, list[dt.datetime]]] = []
        routes = self._routes()
        courses = defaultdict(list)
        for op, company, consultant, start, themes in self.plan.courses:
            courses[op.org.pk].append((company, consultant, start, themes))
        target = max(60, round(260 * self.scale))
        for n in range(target):
            sender_id, receiver_id = self.rng.choice(routes)
            if not courses[sender_id]:
                continue
            company, consultant, start, themes = self.rng.choice(courses[sender_id])
            sent = min(self.today, start + dt.timedelta(days=self.rng.randint(0, 10)))
            self._referral(
                self.ops[sender_id],
                self.ops[receiver_id],
                company,
                consultant,
                themes,
                sent,
                self._status_for(sent),
                private=(n % 12 == 5),
            )
        self._scripted(courses)
        self._from_companies()
        self._backdate()
        services.flag_unanswered_referrals()
        # Old notifications have been read.
        week_ago = timezone.now() - dt.timedelta(days=7)
        Notification.objects.filter(created_at__lt=week_ago, read_at__isnull=True).update(
            read_at=timezone.now() - dt.timedelta(days=3)
        )

    def _routes(self) -> list[tuple[str, str]]:
        ops = self.ops
        national = [k for k, op in ops.items() if op.kind == "national"]
        ehs = [k for k, op in ops.items() if op.kind == "erhvervshus"]
        area_eh = {area: org_id for area, (org_id, _name) in ERHVERVSHUSE.items()}
        routes = []
        for org_id, op in ops.items():
            if op.kind == "lokal":
                municipality = op.org.municipality
                eh = area_eh.get(municipality.erhvervshus_area_id) if municipality else None
                if eh in ops:
                    routes += [(org_id, eh)] * 3
            elif op.kind == "erhvervshus":
                routes += [(org_id, n) for n in national]
                locals_ = [
                    k
                    for k, o in ops.items()
                    if o.kind == "lokal"
                    and o.org.municipality
                    and area_eh.get(o.org.municipality.erhvervshus_area_id) == org_id
                ]
                routes += [(org_id, k) for k in locals_]
            else:
                routes += [(org_id, e) for e in ehs[:2]]
        if "eh-midtjylland" in ops and "aarhus-erhverv" in ops:
            routes += [("aarhus-erhverv", "eh-midtjylland")] * 10
            routes += [("eh-midtjylland", "aarhus-erhverv")] * 5
            routes += [("eh-midtjylland", n) for n in national] * 2
        return routes

    def _status_for(self, sent: dt.date) -> str:
        age = (self.today - sent).days
        roll = self.rng.random()
        S = ReferralStatus
        if age <= 3:
            return S.SENT if roll < 0.6 else S.RECEIVED
        if age <= 20:
            return [S.SENT, S.RECEIVED, S.ACCEPTED, S.DECLINED, S.COMPLETED][
                sum(roll > x for x in (0.08, 0.2, 0.6, 0.7))
            ]
        return [S.SENT, S.RECEIVED, S.ACCEPTED, S.DECLINED, S.COMPLETED][
            sum(roll > x for x in (0.03, 0.06, 0.25, 0.37))
        ]

    def _scripted(self, courses) -> None:
        """Referrals that make the demo logins' worklists tell a story: fresh ones waiting,
        old unanswered ones flagged to the manager, one to Mette Kjær by name."""
        S = ReferralStatus
        mette = Person.objects.filter(email=f"konsulent@{DOMAIN}").first()
        ali = Person.objects.filter(email=f"lokal@{DOMAIN}").first()
        script = [
            ("aarhus-erhverv", "eh-midtjylland", 0, S.SENT, None),
            ("aarhus-erhverv", "eh-midtjylland", 1, S.SENT, mette),
            ("aarhus-erhverv", "eh-midtjylland", 2, S.RECEIVED, None),
            ("aarhus-erhverv", "eh-midtjylland", 12, S.SENT, None),
            ("aarhus-erhverv", "eh-midtjylland", 16, S.RECEIVED, None),
            ("aarhus-erhverv", "eh-midtjylland", 9, S.ACCEPTED, mette),
            ("eh-midtjylland", "aarhus-erhverv", 1, S.SENT, ali),
            ("eh-midtjylland", "aarhus-erhverv", 11, S.SENT, None),
            ("eh-midtjylland", "aarhus-erhverv", 30, S.DECLINED, None),
            ("eh-midtjylland", "aarhus-erhverv", 40, S.COMPLETED, ali),
        ]
        for sender_id, receiver_id, age, status, person in script:
            if sender_id not in self.ops or receiver_id not in self.ops:
                continue
            if not courses[sender_id]:
                continue
            company, consultant, _start, themes = self.rng.choice(courses[sender_id])
            self._referral(
                self.ops[sender_id],
                self.ops[receiver_id],
                company,
                consultant,
                themes,
                self.today - dt.timedelta(days=age),
                status,
                to_person=person,
            )

    def _referral(
        self,
        sender,
        receiver,
        company,
        consultant,
        themes,
        sent,
        status,
        *,
        private=False,
        to_person=None,
    ):
        rng = self.rng
        viewer = Viewer(person=consultant, organisation_id=sender.org.pk, role=Role.CONSULTANT)
        sent = self.weekday(sent)
        offer = None
        if not private:
            # Referred for what the receiver offers.
            offer = self.offer_for(receiver, themes)
            if offer is not None:
                codes = self.offer_themes[offer.pk]
                if not codes & set(themes):
                    themes = sorted(codes)[:1] or themes
        phrase, goals, _steps = THEMES[themes[0]]
        goal = rng.choice(goals)
        if private:
            referral = services.refer_company(
                viewer,
                company=company,
                private_adviser=rng.choice(PRIVATE_ADVISERS),
                themes=themes,
                reason=f"Virksomheden har brug for specialiseret rådgivning om {phrase}, "
                "som ligger uden for det offentlige tilbud.",
                company_wants=f"At {goal}.",
            )
            self.timeline.append((referral, [_aware(sent, 14)]))
            return referral
        referral = services.refer_company(
            viewer,
            company=company,
            to_organisation=receiver.org,
            to_person=to_person,
            offer=offer,
            themes=themes,
            reason=f"Virksomheden ønsker at {goal}. {receiver.org.name} har de rette "
            f"kompetencer inden for {phrase}.",
            company_wants=f"Et møde om {phrase} inden for den næste måned.",
        )
        times = [_aware(sent, 9, rng.randint(0, 59))]
        self._move(referral, receiver, status, sent, times, to_person)
        self.timeline.append((referral, times))
        return referral

    def _move(self, referral, receiver, status, sent, times, to_person=None) -> None:
        S = ReferralStatus
        steps = {
            S.SENT: [],
            S.RECEIVED: [S.RECEIVED],
            S.ACCEPTED: [S.RECEIVED, S.ACCEPTED],
            S.DECLINED: [S.RECEIVED, S.DECLINED],
            S.COMPLETED: [S.RECEIVED, S.ACCEPTED, S.COMPLETED],
        }[status]
        person = to_person or self.rng.choice(receiver.consultants)
        viewer = Viewer(person=person, organisation_id=receiver.org.pk, role=Role.CONSULTANT)
        day = sent
        for step in steps:
            day = self.weekday(min(self.today, day + dt.timedelta(days=self.rng.randint(0, 4))))
            extra = {}
            if step == S.DECLINED:
                extra["decline_reason"] = self.rng.choice(DECLINE_REASONS)
            if step == S.COMPLETED:
                day = self.weekday(
                    min(self.today, day + dt.timedelta(days=self.rng.randint(3, 20)))
                )
                themes = [t.code for t in referral.themes.all()] or ["vaekst_skalering"]
                title, note = self.text(T.ONE_TO_ONE, themes, None)
                company = referral.company
                extra["interaction"] = services.log_interaction(
                    viewer,
                    services.InteractionData(
                        type=T.ONE_TO_ONE,
                        date=day,
                        company=company,
                        title=title,
                        note=f"Henvist af {referral.organisation.name}. {note}",
                        themes=tuple(themes),
                        offer=referral.offer,
                    ),
                )
            services.move_referral(viewer, referral, step, version=referral.version, **extra)
            times.append(_aware(day, 13, self.rng.randint(0, 59)))

    def _from_companies(self) -> None:
        """Companies that asked for contact through the one entry: a contact request made
        by the guide's own service, which lands here as a referral from the company."""
        from indgang.guide.services import request_contact

        rng = self.rng
        count = max(8, round(30 * self.scale))
        targets = [k for k in ("eh-midtjylland", "aarhus-erhverv") if k in self.ops]
        targets += [k for k, op in self.ops.items() if op.kind != "national"][:6]
        self.contact_requests = 0
        for n in range(count):
            op = self.ops[targets[n % len(targets)]]
            offers = [o for o, _c in op.offers if o.status in PUBLISHED]
            if not offers:
                continue
            offer = rng.choice(offers)
            company = rng.choice(op.companies)
            first, last = self.person_name()
            themes = sorted({t.code for t in offer.themes.all()})[:2] or op.themes[:1]
            goal = rng.choice(THEMES[themes[0]][1])
            sent = self.today - dt.timedelta(days=rng.choice([0, 1, 2, 6, 9, 15, 30, 60, 120]))
            self.emails += 1
            requests = request_contact(
                offer_ids=[offer.pk],
                unsure=False,
                contact={
                    "contact_name": f"{first} {last}",
                    "email": _email(first, last, self.emails),
                    "phone": "",
                },
                facts={
                    "cvr": company.cvr,
                    "name": company.name,
                    "municipality_code": company.municipality_id,
                },
                needs=themes,
                needs_text=f"Vi vil gerne {goal} og har brug for hjælp til at komme i gang.",
                consent=True,
            )
            for request in requests:
                type(request).objects.filter(pk=request.pk).update(
                    created_at=_aware(sent, 8), consent_given_at=_aware(sent, 8)
                )
                referral = Referral.objects.get(contact_request=request)
                times = [_aware(sent, 8)]
                age = (self.today - sent).days
                status = (
                    ReferralStatus.SENT
                    if age <= 2 or n % 7 == 3
                    else rng.choice(
                        [ReferralStatus.ACCEPTED, ReferralStatus.COMPLETED, ReferralStatus.DECLINED]
                    )
                )
                if referral.company_id:
                    self._move(referral, self.ops[request.operator_id], status, sent, times)
                self.timeline.append((referral, times))
                self.contact_requests += 1

    def _backdate(self) -> None:
        """Move each referral, its steps and its notifications back to when they happened."""
        referrals, events, notes = [], [], []
        ids = [r.pk for r, _t in self.timeline]
        by_referral = defaultdict(list)
        for event in ReferralEvent.objects.filter(referral_id__in=ids).order_by("pk"):
            by_referral[event.referral_id].append(event)
        notifications = defaultdict(list)
        for note in Notification.objects.filter(referral_id__in=ids).order_by("pk"):
            notifications[note.referral_id].append(note)
        for referral, times in self.timeline:
            referral.created_at = times[0]
            referral.status_changed_at = times[-1]
            referrals.append(referral)
            for event, at in zip(by_referral[referral.pk], times, strict=False):
                event.at = at
                events.append(event)
            for note in notifications[referral.pk]:
                note.created_at = (
                    times[0] if note.kind == Notification.Kind.NEW_REFERRAL else times[-1]
                )
                notes.append(note)
        Referral.objects.bulk_update(referrals, ["created_at", "status_changed_at"], batch_size=500)
        ReferralEvent.objects.bulk_update(events, ["at"], batch_size=500)
        Notification.objects.bulk_update(notes, ["created_at"], batch_size=500)


def load(out: DemoOutput) -> None:
    ensure_themes()
    # Texts the services write into records (reasons, consent text) are stored in Danish.
    with translation.override(settings.LANGUAGE_CODE):
        builder = Builder(out)
        builder.build()
    statuses = dict(
        Referral.objects.filter(Q(company__is_fictitious=True) | Q(contact_request__isnull=False))
        .values_list("status")
        .annotate(n=Count("pk"))
    )
    out.say(
        f"  crm: {len(builder.plan.interactions)} interactions, "
        f"{sum(len(v) for v in builder.contacts.values())} contact persons, "
        f"{sum(len(v) for v in builder.entrepreneurs.values())} entrepreneurs, "
        f"{builder.assessments} needs assessments, {builder.segment_count} segments, "
        f"{builder.consent_count} consents, {len(builder.timeline)} referrals "
        f"({', '.join(f'{k} {v}' for k, v in sorted(statuses.items()))})"
    )
