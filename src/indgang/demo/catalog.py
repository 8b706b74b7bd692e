"""A demo catalog of its own: offers for the demo operators of ``indgang.demo.organisations``.

Written for the demo (not a copy of the shared benchmark file); every offer is marked
``is_demo``. Erhvervshuse and local business services get a set of typical offers each,
the national operators their own.
"""

import datetime as dt

from django.utils import timezone

from indgang.catalog import importers, services
from indgang.catalog.models import ChangeSource, Offer
from indgang.demo.output import DemoOutput
from indgang.organisations.models import Organisation

# (id suffix, title, summary, instrument, format, themes, eligibility tweaks, cost, support)
ERHVERVSHUS = [
    (
        "vaekstforloeb",
        "Vækstforløb for virksomheder med ambitioner",
        "Et specialiseret forløb, hvor en erfaren konsulent kortlægger dit vækstpotentiale og "
        "lægger en plan sammen med dig.",
        "specialiseret_erhvervsservice",
        "forloeb",
        ["vaekst_skalering", "ledelse"],
        {"employees": (1, 249), "growth": True, "age": (2, None)},
        "gratis",
        None,
    ),
    (
        "eksportstart",
        "Eksportstart – kom i gang med eksport",
        "Sparring om dit første eksportmarked, prissætning og partnere i udlandet.",
        "specialiseret_erhvervsservice",
        "vejledning_1_1",
        ["eksport"],
        {"employees": (1, 249)},
        "gratis",
        None,
    ),
    (
        "kapitalparat",
        "Kapitalparat – gør virksomheden klar til investorer",
        "Et forløb om finansieringsformer, pitch og møde med investorer og långivere.",
        "specialiseret_erhvervsservice",
        "forloeb",
        ["finansiering", "vaekst_skalering"],
        {"growth": True},
        "gratis",
        None,
    ),
    (
        "digital-omstilling",
        "Digital omstilling i SMV'er",
        "Tilskud til rådgivning om digitalisering og e-handel for små og mellemstore virksomheder.",
        "erhvervsudvikling",
        "tilskud",
        ["digitalisering"],
        {"employees": (2, 249)},
        "medfinansiering",
        (25000, 100000),
    ),
    (
        "groen-omstilling",
        "Grøn omstilling – energi og ressourcer",
        "Screening af energiforbrug og ressourcer og tilskud til en grøn handlingsplan.",
        "erhvervsudvikling",
        "tilskud",
        ["groen_omstilling", "innovation"],
        {"employees": (5, 249)},
        "medfinansiering",
        (50000, 150000),
    ),
    (
        "ejerskifte",
        "Ejerskifte og generationsskifte",
        "Hjælp til at planlægge salg eller overdragelse af virksomheden i god tid.",
        "specialiseret_erhvervsservice",
        "vejledning_1_1",
        ["ejerskifte"],
        {"age": (5, None)},
        "gratis",
        None,
    ),
]
LOCAL = [
    (
        "iv-vejledning",
        "Iværksættervejledning",
        "Gratis samtale om din idé, forretningsplan, budget og de første skridt som selvstændig.",
        "basal_erhvervsservice",
        "vejledning_1_1",
        ["opstart"],
        {"age": (None, 3)},
        "gratis",
        None,
    ),
    (
        "netvaerk",
        "Lokalt erhvervsnetværk",
        "Mød andre virksomhedsejere i kommunen til faglige oplæg og erfaringsudveksling.",
        "basal_erhvervsservice",
        "netvaerk",
        ["netvaerk", "salg_markedsfoering"],
        {},
        "egenbetaling",
        None,
    ),
]
NATIONAL = [
    (
        "eksportraadet",
        "Markedsafklaring i udlandet",
        "Eksportrådets rådgivere på ambassaderne afdækker dit marked, konkurrenter og partnere.",
        "specialiseret_erhvervsservice",
        "vejledning_1_1",
        ["eksport"],
        {"employees": (1, None)},
        "egenbetaling",
        None,
    ),
    (
        "eksportraadet",
        "Vækstrådgivning på eksportmarkeder",
        "Tilskud til rådgivning og ledsagelse på et nyt eksportmarked for små virksomheder.",
        "finansiering",
        "tilskud",
        ["eksport", "finansiering"],
        {"employees": (1, 249)},
        "medfinansiering",
        (20000, 75000),
    ),
    (
        "eifo",
        "Vækstlån til etablerede virksomheder",
        "Lån til vækst, investeringer og udvikling, hvor banken ikke kan løfte det alene.",
        "finansiering",
        "laan",
        ["finansiering", "vaekst_skalering"],
        {"age": (2, None)},
        "egenbetaling",
        (1000000, 25000000),
    ),
    (
        "eifo",
        "Kautionsgaranti for SMV'er",
        "Garanti over for banken, så virksomheden kan låne til udvikling og drift.",
        "finansiering",
        "garanti",
        ["finansiering"],
        {"employees": (1, 249)},
        "egenbetaling",
        (100000, 10000000),
    ),
    (
        "eifo",
        "Iværksætterlån",
        "Lån til unge virksomheder med et skalerbart forretningskoncept.",
        "finansiering",
        "laan",
        ["finansiering", "opstart"],
        {"age": (None, 5), "growth": True},
        "egenbetaling",
        (250000, 5000000),
    ),
    (
        "eifo",
        "Egenkapital til vækstvirksomheder",
        "Ventureinvestering sammen med private investorer i innovative vækstvirksomheder.",
        "finansiering",
        "egenkapital",
        ["finansiering", "vaekst_skalering", "innovation"],
        {"growth": True},
        "gratis",
        (5000000, 100000000),
    ),
    (
        "innovationsfonden",
        "Innobooster",
        "Tilskud til innovationsprojekter i små og mellemstore virksomheder og iværksættere.",
        "finansiering",
        "tilskud",
        ["innovation", "viden_samarbejde"],
        {"employees": (None, 249)},
        "medfinansiering",
        (50000, 5000000),
    ),
    (
        "innovationsfonden",
        "Grand Solutions",
        "Store forsknings- og innovationsprojekter i samarbejde mellem virksomheder og forskere.",
        "finansiering",
        "tilskud",
        ["innovation", "viden_samarbejde", "groen_omstilling"],
        {},
        "medfinansiering",
        (5000000, 40000000),
    ),
    (
        "teknologisk-institut",
        "Innovationsagent",
        "En innovationsagent besøger virksomheden og finder sammen med dig nye teknologiske "
        "muligheder.",
        "specialiseret_erhvervsservice",
        "vejledning_1_1",
        ["innovation", "viden_samarbejde"],
        {"employees": (1, 249)},
        "gratis",
        None,
    ),
    (
        "teknologisk-institut",
        "Kursus i robotter og automatisering",
        "Praktisk kursus i at vælge og indføre robotter i produktionen.",
        "fokuseret_erhvervsservice",
        "kursus",
        ["digitalisering", "kompetencer"],
        {"sectors": ["C"]},
        "egenbetaling",
        None,
    ),
    (
        "force-technology",
        "Innovationsagent – test og certificering",
        "Sparring om produktudvikling, test og dokumentation før markedsføring.",
        "specialiseret_erhvervsservice",
        "vejledning_1_1",
        ["innovation"],
        {"employees": (1, 249)},
        "gratis",
        None,
    ),
    (
        "alexandra-instituttet",
        "Data og kunstig intelligens i praksis",
        "Forløb om at bruge data og kunstig intelligens i virksomhedens produkter og drift.",
        "fokuseret_erhvervsservice",
        "forloeb",
        ["digitalisering", "innovation"],
        {"employees": (10, 249)},
        "medfinansiering",
        None,
    ),
    (
        "food-bio-cluster",
        "Innovationsprojekter i fødevarer",
        "Klyngeprojekter, hvor fødevarevirksomheder og forskere udvikler nye produkter.",
        "erhvervsudvikling",
        "netvaerk",
        ["innovation", "viden_samarbejde"],
        {"sectors": ["A", "C"]},
        "gratis",
        None,
    ),
    (
        "energy-cluster-denmark",
        "Energiklyngens projektmatch",
        "Match med partnere til grønne energiprojekter og ansøgninger.",
        "erhvervsudvikling",
        "matchmaking",
        ["groen_omstilling", "innovation"],
        {"sectors": ["C", "D", "F", "M"]},
        "gratis",
        None,
    ),
    (
        "digital-lead",
        "Digital Lead – netværk for digitale virksomheder",
        "Faglige netværk om software, data og cybersikkerhed.",
        "erhvervsudvikling",
        "netvaerk",
        ["digitalisering", "netvaerk"],
        {"sectors": ["J", "M"]},
        "gratis",
        None,
    ),
    (
        "made",
        "MADE – fremtidens produktion",
        "Forløb om digital produktion og automatisering for produktionsvirksomheder.",
        "erhvervsudvikling",
        "forloeb",
        ["digitalisering", "innovation"],
        {"sectors": ["C"]},
        "medfinansiering",
        None,
    ),
    (
        "erhvervsstyrelsen",
        "Hjælp til regler og tilladelser",
        "Vejledning om regler, tilladelser og indberetninger, når du starter og driver virksomhed.",
        "basal_erhvervsservice",
        "myndighedsservice",
        ["myndighed", "opstart"],
        {},
        "gratis",
        None,
    ),
]
EH_IDS = [
    "eh-hovedstaden",
    "eh-bornholm",
    "eh-sjaelland",
    "eh-fyn",
    "eh-sydjylland",
    "eh-midtjylland",
    "eh-nordjylland",
]
LOCAL_IDS = [
    "aarhus-erhverv",
    "kbh-erhvervshus",
    "business-kolding",
    "randers-erhverv",
    "erhvervsraadet-herning-ikast",
    "business-lolland-falster",
    "business-center-bornholm",
    "odense-erhverv",
    "aalborg-erhverv",
    "esbjerg-erhverv",
    "roskilde-erhverv",
    "silkeborg-erhverv",
    "vejle-erhverv",
    "holbaek-erhverv",
    "viborg-erhverv",
]


def is_loaded() -> bool:
    return Offer.objects.filter(is_demo=True).exists()


def _range(value):
    low, high = value if value else (None, None)
    return {"min": low, "max": high}


def _offer(offer_id, org, spec, n) -> dict:
    _suffix, title, summary, instrument, fmt, themes, e, cost, support = spec
    served = sorted(org.municipalities_served.values_list("code", flat=True))
    if org.level == "national":
        geo = {"scope": "national", "regions": [], "municipalities": []}
    else:
        # an Erhvervshus serves the municipalities of its area (Fyn and Sydjylland share a
        # region, and Bornholm has its own branch), a local service its own municipalities
        geo = {"scope": "municipalities", "regions": [], "municipalities": served}
    today = timezone.localdate()
    coming = n % 17 == 5
    closed = n % 19 == 7
    valid_from = today + dt.timedelta(days=40) if coming else today - dt.timedelta(days=200)
    valid_to = today - dt.timedelta(days=20) if closed else today + dt.timedelta(days=500)
    deadline = today + dt.timedelta(days=10 + n % 50) if fmt == "tilskud" else None
    return {
        "id": offer_id,
        "operator_id": org.pk,
        "title": f"{title} ({org.name})" if org.level != "national" else title,
        "summary": summary,
        "description": f"{summary} {org.name} står for tilbuddet. Demo-data: teksten er skrevet "
        "til demonstrationen og beskriver ikke et rigtigt tilbud.",
        "level": org.level,
        "instrument": instrument,
        "format": fmt,
        "themes": themes,
        "eligibility": {
            "geography": geo,
            "company_age_years": _range(e.get("age")),
            "employees": _range(e.get("employees")),
            "turnover_dkk": {"min": None, "max": None},
            "sectors": e.get("sectors", []),
            "requires_cvr": bool(e.get("employees") or e.get("age", (0, 0))[0]),
            "growth_ambition_required": e.get("growth", False),
            "other_conditions": None,
        },
        "cost": {"type": cost, "amount_dkk": 500 if cost == "egenbetaling" else None, "note": None},
        "support_amount_dkk": _range(support),
        "status": "kommende" if coming else ("lukket" if closed else "aktiv"),
        "valid_from": valid_from.isoformat() if (coming or n % 3 == 0) else None,
        "valid_to": valid_to.isoformat() if (closed or n % 4 == 0) else None,
        "application_deadline": deadline.isoformat() if deadline else None,
        "languages": ["da", "en"] if org.level == "national" else ["da"],
        "url": f"https://{org.pk}.demo.indgang.dk/tilbud/{offer_id}",
        "contact_email": f"tilbud@{org.pk}.demo.indgang.dk",
    }


def _rounds(orgs: dict) -> list[dict]:
    """Rounds of one grant programme with a gap between them, and an offer that has ended but
    is still published: something for the continuity view to show."""
    org = orgs.get("eh-midtjylland")
    if org is None:
        return []
    today = timezone.localdate()
    spec = (
        "automatisering",
        "Automatiseringspuljen",
        "Tilskud til den første investering i robotter og automatisering i produktionen.",
        "finansiering",
        "tilskud",
        ["digitalisering", "finansiering"],
        {"employees": (1, 249)},
        "medfinansiering",
        (25_000, 250_000),
    )
    first = _offer("eh-midtjylland-automatisering-runde-1", org, spec, 0)
    first.update(
        title="Automatiseringspuljen, runde 1 (afsluttet)",
        status="lukket",
        valid_from=(today - dt.timedelta(days=420)).isoformat(),
        valid_to=(today - dt.timedelta(days=60)).isoformat(),
        application_deadline=(today - dt.timedelta(days=150)).isoformat(),
    )
    second = _offer("eh-midtjylland-automatisering-runde-2", org, spec, 0)
    second.update(
        title="Automatiseringspuljen, runde 2",
        status="kommende",
        valid_from=(today + dt.timedelta(days=45)).isoformat(),
        valid_to=(today + dt.timedelta(days=410)).isoformat(),
        application_deadline=(today + dt.timedelta(days=25)).isoformat(),
    )
    check = _offer(
        "eh-midtjylland-digitaliseringstjek",
        org,
        (
            "digitaliseringstjek",
            "Digitaliseringstjek for små virksomheder",
            "Et kort tjek af jeres it, data og digitale salg med en plan for de næste skridt.",
            "specialiseret_erhvervsservice",
            "forloeb",
            ["digitalisering"],
            {"employees": (1, 49)},
            "gratis",
            None,
        ),
        0,
    )
    check.update(
        status="aktiv",
        valid_from=(today - dt.timedelta(days=300)).isoformat(),
        valid_to=(today - dt.timedelta(days=10)).isoformat(),
        application_deadline=None,
    )
    return [first, second, check]


def items() -> list[dict]:
    orgs = {o.pk: o for o in Organisation.objects.filter(is_demo=True)}
    out = []
    for org_id in EH_IDS:
        if org_id in orgs:
            out += [(f"{org_id}-{s[0]}", orgs[org_id], s) for s in ERHVERVSHUS]
    for org_id in LOCAL_IDS:
        if org_id in orgs:
            out += [(f"{org_id}-{s[0]}", orgs[org_id], s) for s in LOCAL]
    for i, spec in enumerate(NATIONAL):
        if spec[0] in orgs:
            out.append((f"{spec[0]}-demo-{i + 1}", orgs[spec[0]], spec))
    return [
        *(_offer(offer_id, org, spec, n) for n, (offer_id, org, spec) in enumerate(out)),
        *_rounds(orgs),
    ]


def load(out: DemoOutput) -> None:
    data = {"schema_version": 1, "operators": [], "offers": items()}
    catalog = importers.validate(data, services.stored_operator_levels())
    services.ensure_themes()
    for offer in catalog.offers:
        services.save_offer(offer, source=ChangeSource.DEMO, is_demo=True)
    out.say(f"  {len(catalog.offers)} demo offers")
