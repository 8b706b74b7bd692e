"""Demo goals: performance contracts that tell a story, national goals, spending, surveys.

Built on the CRM demo (a year of activity ending today). The targets are set *relative*
to what that data gives, so some are behind, some on track and some ahead whatever the
exact counts: each target is first counted, then its value set from the forecast for the
year's end (behind: 30 % above it; on track: just below it; ahead: well below it).
Last year's contract of Aarhus is frozen as a yearly report.
"""

import math
import random
import secrets

from django.db.models import Q
from django.utils import timezone

from indgang.crm.models import ContactPerson, Interaction, InteractionType
from indgang.demo.output import DemoOutput
from indgang.goals import public
from indgang.goals.models import (
    Goal,
    Kpi,
    PerformanceContract,
    SatisfactionResponse,
    Spending,
    SurveyInvitation,
    Target,
    TargetGroup,
    YearlyReport,
)
from indgang.organisations.models import Organisation
from indgang.reference.models import Municipality

SEED = 7007
T = InteractionType
ONE = [T.ONE_TO_ONE]
GROUP = [T.COURSE, T.COURSE_SERIES, T.EVENT]

# (measure, types, target group, story, name template with {n})
AARHUS = [
    (
        "sessions",
        ONE,
        TargetGroup.ENTREPRENEURS,
        public.ON_TRACK,
        "Mindst {n} 1-1-vejledninger med iværksættere",
    ),
    (
        "sessions",
        ONE,
        TargetGroup.ESTABLISHED,
        public.AHEAD,
        "Mindst {n} 1-1-vejledninger med etablerede virksomheder",
    ),
    (
        "users",
        GROUP,
        TargetGroup.ENTREPRENEURS,
        public.BEHIND,
        "Mindst {n} iværksættere på kurser og arrangementer",
    ),
    ("satisfied_share", [], TargetGroup.ALL, public.ON_TRACK, "Mindst {n} % tilfredse brugere"),
    (
        "referrals_erhvervshus",
        [],
        TargetGroup.ALL,
        public.AHEAD,
        "Mindst {n} henvisninger til Erhvervshuset",
    ),
]
CONTRACTS = {
    "aarhus-erhverv": ("Resultatkontrakt Aarhus Kommune", AARHUS),
    "kbh-erhvervshus": (
        "Resultatkontrakt Københavns Kommune",
        [
            (
                "users",
                ONE,
                TargetGroup.ALL,
                public.BEHIND,
                "Mindst {n} virksomheder i 1-1-vejledning",
            ),
            ("sessions", [], TargetGroup.ALL, public.ON_TRACK, "Mindst {n} aktiviteter i alt"),
            (
                "satisfied_share",
                [],
                TargetGroup.ALL,
                public.AHEAD,
                "Mindst {n} % tilfredse brugere",
            ),
        ],
    ),
    "business-kolding": (
        "Resultatkontrakt Kolding Kommune",
        [
            ("sessions", ONE, TargetGroup.ALL, public.AHEAD, "Mindst {n} 1-1-vejledninger"),
            (
                "users",
                [],
                TargetGroup.ENTREPRENEURS,
                public.ON_TRACK,
                "Mindst {n} iværksættere vejledt",
            ),
        ],
    ),
    "erhvervsraadet-herning-ikast": (
        "Fælles resultatkontrakt Herning og Ikast-Brande",
        [
            (
                "users",
                [],
                TargetGroup.ENTREPRENEURS,
                public.BEHIND,
                "Mindst {n} iværksættere vejledt i de to kommuner tilsammen",
            ),
            (
                "users",
                [],
                TargetGroup.ESTABLISHED,
                public.ON_TRACK,
                "Mindst {n} etablerede virksomheder vejledt i de to kommuner tilsammen",
            ),
        ],
    ),
    "eh-midtjylland": (
        "Resultatkontrakt med staten – Erhvervshus Midtjylland",
        [
            (
                "users",
                ONE,
                TargetGroup.ESTABLISHED,
                public.ON_TRACK,
                "Mindst {n} etablerede virksomheder i specialiseret vejledning",
            ),
            ("sessions", [], TargetGroup.ALL, public.AHEAD, "Mindst {n} aktiviteter i alt"),
            (
                "satisfied_share",
                [],
                TargetGroup.ALL,
                public.BEHIND,
                "Mindst {n} % tilfredse brugere",
            ),
        ],
    ),
}
# Targets of the Erhvervshus contract serve these national goals.
EH_GOALS = ["vaekstvirksomheder", "vejledning"]

GOALS = [
    (
        "digitalisering",
        "Flere SMV'er bruger avanceret digital teknologi",
        "Andelen af små og mellemstore virksomheder, der bruger avanceret digital teknologi, "
        "skal stige.",
        [
            (
                "Andel SMV'er, der bruger avanceret digital teknologi",
                "%",
                27,
                2019,
                40,
                2026,
                "Danmarks Statistik, It-anvendelse i virksomheder (demo)",
                "",
                "",
            ),
        ],
    ),
    (
        "vaekstvirksomheder",
        "Flere iværksættere bliver vækstvirksomheder",
        "En større andel af de unge virksomheder skal vokse sig store.",
        [
            (
                "Andel virksomheder med mindst 5 årsværks vækst over tre år",
                "%",
                None,
                None,
                None,
                None,
                "Virksomhedsregistret",
                "register_fte_growth_share",
                "5",
            ),
        ],
    ),
    (
        "enkelt-system",
        "Så mange operatører pr. tema som nødvendigt – og ikke flere",
        "Et enkelt erhvervsfremmesystem med færre, stærkere operatører.",
        [
            (
                "Gennemsnitligt antal operatører pr. tema",
                "antal",
                None,
                None,
                None,
                None,
                "Tilbudskataloget",
                "catalog_operators_per_theme",
                "",
            ),
        ],
    ),
    (
        "vejledning",
        "Flere virksomheder får kvalificeret vejledning",
        "Flere virksomheder skal møde erhvervsfremmesystemet og få hjælp, der virker.",
        [
            (
                "Antal virksomheder vejledt",
                "antal",
                None,
                None,
                None,
                None,
                "Det fælles CRM",
                "crm_companies_guided",
                "",
            ),
        ],
    ),
]


def is_loaded() -> bool:
    return PerformanceContract.objects.filter(is_demo=True).exists()


def load(out: DemoOutput) -> None:
    rng = random.Random(SEED)
    today = timezone.localdate()
    year = today.year
    spending = _spending(rng, year)
    goals = _goals(year)
    surveys = _surveys(rng, year)
    contracts = 0
    statuses = {public.BEHIND: 0, public.ON_TRACK: 0, public.AHEAD: 0, public.NOT_STARTED: 0}
    for org_id, (title, plan) in CONTRACTS.items():
        operator = Organisation.objects.filter(pk=org_id).first()
        if operator is None:
            continue
        codes = list(operator.municipalities_served.values_list("code", flat=True))
        contract = _contract(operator, f"{title} {year}", year, codes)
        for measure, types, group, story, name in plan:
            target = _target(contract, measure, types, group, story, name, today)
            statuses[public.progress(target, today).status] += 1
            if org_id == "eh-midtjylland":
                target.goals.set(goals.filter(code__in=EH_GOALS))
        contracts += 1
        if org_id == "aarhus-erhverv":
            last = _contract(operator, f"{title} {year - 1}", year - 1, codes)
            end = last_day(year - 1)
            for measure, types, group, story, name in plan:
                _target(last, measure, types, group, story, name, end)
            YearlyReport.objects.create(
                contract=last,
                as_of=end,
                rows=[p.as_row() for p in public.contract_progress(last, end)],
            )
            contracts += 1
    out.say(
        f"  goals: {contracts} performance contracts (targets behind {statuses['behind']}, "
        f"on track {statuses['on_track']}, ahead {statuses['ahead']}), "
        f"{goals.count()} national goals, {spending} spending figures, "
        f"{surveys} survey responses"
    )


def last_day(year: int):
    from datetime import date

    return date(year, 12, 31)


def _contract(operator, title, year, codes) -> PerformanceContract:
    contract = PerformanceContract.objects.create(
        title=title,
        year=year,
        operator=operator,
        is_demo=True,
        note="Demokontrakt: målene er sat ud fra demoens aktivitet.",
    )
    contract.municipalities.set(codes)
    return contract


def _target(contract, measure, types, group, story, name, as_of) -> Target:
    target = Target.objects.create(
        contract=contract,
        name=name,
        measure=measure,
        interaction_types=[str(t) for t in types],
        target_group=group,
        value=1,
        position=contract.targets.count(),
    )
    progress = public.progress(target, as_of)
    basis = progress.forecast if progress.forecast is not None else (progress.value or 0)
    if measure == "satisfied_share":
        value = {
            public.BEHIND: min(100, math.ceil(basis) + 8),
            public.ON_TRACK: math.floor(basis * 0.97),
            public.AHEAD: math.floor(basis * 0.8),
        }[story]
        value = max(value, 1) if basis else 80
    elif story == public.BEHIND:
        value = math.ceil(basis * 1.3) + 2
    elif story == public.ON_TRACK:
        value = math.floor(basis * 0.97) if basis >= 30 else math.floor(basis * 9.7) / 10
    else:
        value = math.floor(basis / 1.4) if basis >= 5 else math.floor(basis / 1.4 * 10) / 10
    value = max(value, 0.1) if basis else value
    target.value = value
    target.name = name.format(n=f"{value:g}".replace(".", ","))
    target.save()
    return target


def _spending(rng, year) -> int:
    rows = []
    for m in Municipality.objects.all():
        per_inhabitant = rng.uniform(35, 170)
        for y in (year - 1, year):
            rows.append(
                Spending(
                    municipality=m,
                    year=y,
                    amount_dkk=round(m.population * per_inhabitant * rng.uniform(0.95, 1.05), -3),
                    source="Kommunens regnskab (demo)" if y < year else "Kommunens budget (demo)",
                    is_demo=True,
                )
            )
    Spending.objects.bulk_create(rows)
    return len(rows)


def _goals(year):
    for code, title, description, kpis in GOALS:
        goal = Goal.objects.create(code=code, title=title, description=description, is_demo=True)
        for name, unit, base, base_year, target, target_year, source, computation, param in kpis:
            kpi = Kpi(
                goal=goal,
                name=name,
                unit=unit,
                baseline=base or 0,
                baseline_year=base_year or year - 1,
                target=target or 0,
                target_year=target_year or year + 2,
                source=source,
                computation=computation,
                parameter=param,
            )
            kpi.save()
            if not computation:
                for y, v in ((2021, 30), (2023, 33), (year - 1, 35)):
                    kpi.values.create(year=y, value=v, source=source)
                continue
            years = (
                range(year - 5, year + 1)
                if computation.startswith("register")
                else (year - 1, year)
            )
            values = [v for y in years if (v := public.compute_kpi_value(kpi, y)) is not None]
            if values:
                first = values[0]
                kpi.baseline, kpi.baseline_year = first.value, first.year
                factor = 0.8 if computation.startswith("catalog") else 1.2
                kpi.target = round(first.value * type(first.value)(str(factor)), 2)
                kpi.target_year = max(year + 2, first.year)
                kpi.save()
    return Goal.objects.filter(is_demo=True)


def _surveys(rng, year) -> int:
    """Invitations and answers after a sample of this year's guidance by the contract
    operators: most users are satisfied, some are not, some never answer."""
    interactions = list(
        Interaction.objects.filter(
            organisation_id__in=list(CONTRACTS),
            date__year=year,
            type__in=list(public.SURVEY_TYPES),
            company__isnull=False,
        )
        .order_by("pk")
        .values_list("pk", "organisation_id", "company_id")
    )
    rng.shuffle(interactions)
    contacts = {}
    for company_id, pk, email in (
        ContactPerson.objects.filter(~Q(email=""), anonymised_at__isnull=True)
        .order_by("pk")
        .values_list("company_id", "pk", "email")
    ):
        contacts.setdefault(company_id, (pk, email))
    per_operator: dict[str, int] = {}
    answers = 0
    for pk, org_id, company_id in interactions:
        if company_id not in contacts or per_operator.get(org_id, 0) >= 60:
            continue
        per_operator[org_id] = per_operator.get(org_id, 0) + 1
        contact_id, email = contacts[company_id]
        invitation = SurveyInvitation.objects.create(
            interaction_id=pk,
            organisation_id=org_id,
            contact_id=contact_id,
            email=email,
            token_hash=public.token_hash(secrets.token_urlsafe(24)),
        )
        if rng.random() < 0.7:
            satisfied = 0.93 if org_id != "eh-midtjylland" else 0.7
            score = rng.choice([4, 5, 5]) if rng.random() < satisfied else rng.choice([1, 2, 3])
            SatisfactionResponse.objects.create(
                invitation=invitation,
                score=score,
                comment=rng.choice(
                    [
                        "",
                        "",
                        "Meget brugbar sparring.",
                        "Godt møde, tak.",
                        "Jeg manglede konkrete næste skridt.",
                    ]
                ),
            )
            answers += 1
    return answers
