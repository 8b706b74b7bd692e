"""A small hand-written catalog in the schema of shared/catalog, and helpers for the tests."""

from __future__ import annotations

import copy
import csv
import json
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[5]
SHARED_CATALOG = REPO.parent / "shared" / "catalog"
MUNICIPALITIES_CSV = REPO / "src" / "indgang" / "reference" / "data" / "municipalities.csv"

# municipality -> region, the codes listed in shared/catalog/README.md (a few of them)
REGIONS = {
    "101": "1084",
    "147": "1084",
    "400": "1084",
    "259": "1085",
    "329": "1085",
    "360": "1085",
    "461": "1083",
    "561": "1083",
    "621": "1083",
    "751": "1082",
    "657": "1082",
    "851": "1081",
}

BASE_OFFER = {
    "id": "base",
    "operator_id": "op-national",
    "title": "",
    "summary": "",
    "description": "",
    "level": "national",
    "instrument": "basal_erhvervsservice",
    "format": "vejledning_1_1",
    "themes": [],
    "eligibility": {
        "geography": {"scope": "national", "regions": [], "municipalities": []},
        "company_age_years": {"min": None, "max": None},
        "employees": {"min": None, "max": None},
        "sectors": [],
        "requires_cvr": False,
        "growth_ambition_required": False,
        "turnover_dkk": {"min": None, "max": None},
        "other_conditions": None,
    },
    "cost": {"type": "gratis", "amount_dkk": None, "note": None},
    "support_amount_dkk": {"min": None, "max": None},
    "status": "aktiv",
    "valid_from": None,
    "valid_to": None,
    "application_deadline": None,
    "languages": ["da"],
    "url": "https://example.invalid",
    "contact_email": "kontakt@example.invalid",
}


def make_offer(offer_id: str = "base", **fields) -> dict:
    """An offer open to everyone; ``eligibility`` entries given are merged into the default."""
    offer = copy.deepcopy(BASE_OFFER)
    offer["id"] = offer_id
    rules = fields.pop("eligibility", {})
    offer.update(fields)
    offer["eligibility"].update(rules)
    return offer


OPERATORS = [
    {"id": "op-national", "name": "Erhvervsstyrelsen"},
    {"id": "op-koebenhavn", "name": "Københavns Erhvervshus"},
    {"id": "op-aarhus", "name": "Erhvervsservice Aarhus"},
]


def small_catalog() -> list[dict]:
    """Fourteen offers, one or two per theme, written like the real catalog."""
    return [
        make_offer(
            "export-advice",
            title="Rådgivning om eksport til nye markeder",
            summary="Få sparring, når virksomheden vil eksportere og sælge i udlandet.",
            description="Vi hjælper små virksomheder med at vælge marked, finde partnere og "
            "forberede eksporten. Sparringen er gratis og tager udgangspunkt i jeres produkt.",
            themes=["eksport"],
            format="vejledning_1_1",
        ),
        make_offer(
            "startup-loan",
            title="Startlån til nye virksomheder",
            summary="Lån og kapital til iværksættere, som banken ikke alene kan finansiere.",
            description="Startlånet giver nystartede virksomheder adgang til finansiering i "
            "samarbejde med banken. Lånet kan bruges til maskiner, varelager og drift.",
            themes=["finansiering", "opstart"],
            format="laan",
            instrument="finansiering",
        ),
        make_offer(
            "venture",
            title="Venturekapital til vækstvirksomheder",
            summary="Egenkapital og investering i virksomheder med store ambitioner.",
            description="Vi investerer sammen med private investorer i virksomheder, der vil "
            "skalere. Investeringen følges af et aktivt bestyrelsesarbejde.",
            themes=["finansiering", "vaekst_skalering"],
            format="egenkapital",
            instrument="finansiering",
            eligibility={"growth_ambition_required": True},
        ),
        make_offer(
            "recruitment",
            title="Rekrutteringsservice for virksomheder",
            summary="Jobcentret hjælper med at finde kandidater og faglært arbejdskraft.",
            description="Når I mangler hænder, finder vi kandidater, opkvalificerer ledige og "
            "hjælper med rekruttering af både faglærte og ufaglærte.",
            themes=["kompetencer"],
            format="matchmaking",
        ),
        make_offer(
            "succession",
            title="Ejerskifte – planlæg salget af din virksomhed",
            summary="Vejledning om overdragelse til familie, medarbejdere eller en ekstern køber.",
            description="Et godt ejerskifte tager tid. Vi hjælper med værdiansættelse, "
            "forberedelse af overdragelsen og at finde den næste ejer eller næste generation.",
            themes=["ejerskifte"],
        ),
        make_offer(
            "startup-advice",
            title="Startvejledning for iværksættere",
            summary="Gratis vejledning til dig, der vil starte egen virksomhed.",
            description="Vi hjælper med forretningsplan, budget, valg af virksomhedsform og "
            "registrering i CVR. Vejledningen er for iværksættere i hele landet.",
            themes=["opstart"],
            eligibility={"company_age_years": {"min": None, "max": 3}},
        ),
        make_offer(
            "offices",
            title="Kontorpladser i iværksætterhuset",
            summary="Billige skrivebordspladser og kontorer i et fællesskab med andre nystartede.",
            description="Iværksætterhuset udlejer kontorpladser og værksteder til nye "
            "virksomheder, med mødelokaler og et stærkt fællesskab.",
            themes=["lokaler", "opstart"],
            format="lokaler",
            operator_id="op-aarhus",
            level="lokal",
            eligibility={
                "geography": {"scope": "municipalities", "regions": [], "municipalities": ["751"]}
            },
        ),
        make_offer(
            "tourism",
            title="Turismeudvikling for overnatningssteder",
            summary="Forløb for hoteller, campingpladser og oplevelsesvirksomheder.",
            description="Få flere gæster og en længere sæson. Forløbet samler turismens "
            "virksomheder om fælles markedsføring og nye oplevelser.",
            themes=["turisme", "salg_markedsfoering"],
            format="forloeb",
            eligibility={"sectors": ["I", "N", "R"]},
        ),
        make_offer(
            "green",
            title="Grøn omstilling og klimaregnskab",
            summary="Forløb om energi, klima og bæredygtig forretning.",
            description="Vi hjælper jer med at lave et klimaregnskab, spare på energien og "
            "gøre bæredygtighed til en del af forretningen.",
            themes=["groen_omstilling"],
            format="forloeb",
            operator_id="op-koebenhavn",
            level="decentral",
            eligibility={
                "geography": {"scope": "regions", "regions": ["1084"], "municipalities": []}
            },
        ),
        make_offer(
            "digital",
            title="Digital omstilling – e-handel og automatisering",
            summary="Sparring om webshop, data og digitale værktøjer.",
            description="Forløbet hjælper virksomheder med at sælge online, automatisere "
            "arbejdsgange og bruge data bedre.",
            themes=["digitalisering"],
            format="forloeb",
        ),
        make_offer(
            "innovation",
            title="Innovationstjek med en innovationsagent",
            summary="Gratis sparring om produktudvikling og nye idéer.",
            description="En innovationsagent gennemgår jeres produkter og hjælper med at "
            "udvikle nye løsninger sammen med forskere og teknologiske institutter.",
            themes=["innovation", "viden_samarbejde"],
        ),
        make_offer(
            "network",
            title="Netværk for lokale virksomhedsejere",
            summary="Morgenmøder og erfaringsudveksling med andre virksomheder.",
            description="Netværket mødes hver måned til morgenmøder, hvor medlemmerne deler "
            "erfaringer og får nye kontakter.",
            themes=["netvaerk"],
            format="netvaerk",
        ),
        make_offer(
            "rules",
            title="Hjælp til moms, skat og regler",
            summary="Webinarer om moms, bogføring og skat for nye virksomheder.",
            description="Skattestyrelsen gennemgår reglerne for moms, bogføring og skat, så "
            "du kommer godt fra start med din virksomhed.",
            themes=["myndighed", "opstart"],
            format="kursus",
        ),
        make_offer(
            "closed-export-grant",
            title="Eksportpulje – tilskud til eksportrådgivning (lukket)",
            summary="Tilskud til eksport og eksportrådgivning i nye markeder.",
            description="Puljen gav tilskud til eksportrådgivning og eksportfremstød. Runden er "
            "afsluttet.",
            themes=["eksport", "finansiering"],
            format="tilskud",
            status="lukket",
        ),
    ]


def load_shared_catalog():
    """(catalog, queries, municipality -> region) from shared/catalog, or skip the test."""
    offers_path = SHARED_CATALOG / "offers.json"
    queries_path = SHARED_CATALOG / "dev_queries.json"
    if not (offers_path.exists() and queries_path.exists() and MUNICIPALITIES_CSV.exists()):
        pytest.skip("shared/catalog or the reference municipalities are not available")
    catalog = json.loads(offers_path.read_text(encoding="utf-8"))
    queries = json.loads(queries_path.read_text(encoding="utf-8"))["queries"]
    with MUNICIPALITIES_CSV.open(encoding="utf-8") as handle:
        regions = {row["code"]: row["region_code"] for row in csv.DictReader(handle)}
    return catalog, queries, regions
