"""The frame of the CRM demo: the operators it works on, their staff, companies and
offers, the year's plan, and ``build`` that runs the sub-domains' builders in order.
"""

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils import timezone

from indgang.catalog.models import Offer
from indgang.core.public import danish_slugify
from indgang.crm.models import ContactPerson, Entrepreneur, InteractionType
from indgang.demo import catalog as catalog_demo
from indgang.demo.crm.texts import EH_THEMES, FIRST_NAMES, LAST_NAMES, LOCAL_THEMES
from indgang.demo.output import DemoOutput
from indgang.organisations.models import Membership, Organisation, Person, Role
from indgang.registry.models import Company, CompanyStatus

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

EXTRA_STAFF = [
    ("Hanne Kofoed", Role.CONSULTANT),
    ("Rasmus Bay", Role.CONSULTANT),
    ("Dorthe Vang", Role.MANAGER),
]


def aware_at(day: dt.date, hour: int = 10, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def email_address(first: str, last: str, n: int) -> str:
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


class BuilderBase:
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
                        e.linked_at = aware_at(min(self.today, made[-1].date + dt.timedelta(30)))
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
