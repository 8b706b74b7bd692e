"""The overlap engine: gates, score, clusters, reasons and the per theme/region counts.

Plain dicts in the catalog file schema, no database; the last tests read the shared file
directly (the Django side, with the file imported, is in test_analysis_pages.py).
"""

import copy
import csv
import json
import time
from pathlib import Path

import pytest

from indgang.catalog.overlap import OverlapConfig, analyse, coverage, offer_regions
from indgang.catalog.tests.conftest import SHARED_CATALOG

MUNICIPALITIES_CSV = (
    Path(__file__).resolve().parents[2] / "reference" / "data" / "municipalities.csv"
)
REGIONS = {"101": "1084", "147": "1084", "751": "1082", "657": "1082", "461": "1083"}

EXPORT_TEXT = (
    "Vores eksportkonsulenter hjælper små og mellemstore virksomheder med at vurdere "
    "eksportparathed, vælge det første eksportmarked og finde distributører og agenter. "
    "Forløbet består af en eksportparathedsanalyse, workshops om markedsvalg og prissætning "
    "og individuel sparring, og vi introducerer jer for Eksportrådets markedsrådgivere."
)
CAPITAL_TEXT = (
    "Har din virksomhed brug for risikovillig kapital, hjælper vi med pitch, budget og "
    "forretningsplan og matcher jer med business angels, venturefonde og investorer ved "
    "investormøder, hvor I præsenterer virksomheden for kapitalfonde."
)
TOURISM_TEXT = (
    "Turismevirksomheder, overnatningssteder og attraktioner udvikler sammen nye oplevelser "
    "for gæster uden for højsæsonen, med destinationsselskabet og lokale guider, "
    "cykelruter, madoplevelser og fælles markedsføring af kysten."
)


def offer(offer_id, operator_id, text=EXPORT_TEXT, **changes):
    data = {
        "id": offer_id,
        "operator_id": operator_id,
        "title": offer_id.replace("-", " ").capitalize(),
        "summary": "",
        "description": text,
        "level": "decentral",
        "instrument": "fokuseret_erhvervsservice",
        "format": "forloeb",
        "themes": ["eksport"],
        "eligibility": {
            "geography": {"scope": "national", "regions": [], "municipalities": []},
            "company_age_years": {"min": None, "max": None},
            "employees": {"min": None, "max": None},
            "turnover_dkk": {"min": None, "max": None},
            "sectors": [],
            "requires_cvr": False,
            "growth_ambition_required": False,
            "other_conditions": None,
        },
        "status": "aktiv",
    }
    for key, value in changes.items():
        target = data
        parts = key.split("__")
        for part in parts[:-1]:
            target = target[part]
        target[parts[-1]] = value
    return data


def regional(offer_id, operator_id, region, **changes):
    return offer(
        offer_id,
        operator_id,
        eligibility__geography={"scope": "regions", "regions": [region], "municipalities": []},
        **changes,
    )


def clusters_of(report) -> list[set[str]]:
    return [set(c.offer_ids) for c in report.clusters]


def test_the_same_offer_from_two_operators_overlaps_with_score_and_reasons():
    report = analyse([offer("a", "op-a"), offer("b", "op-b")], REGIONS)
    assert clusters_of(report) == [{"a", "b"}]
    cluster = report.clusters[0]
    assert cluster.score == pytest.approx(1.0)
    assert cluster.operator_ids == ["op-a", "op-b"]
    assert cluster.themes == ["eksport"]
    assert cluster.regions == ["1082", "1083", "1084"]
    (pair,) = cluster.pairs
    codes = [r.code for r in pair.reasons]
    assert codes[:2] == ["themes", "geography_national"]
    assert "text" in codes and "same_format" in codes
    text = next(r for r in pair.reasons if r.code == "text")
    assert "eksportparathedsanalyse" in text.params["words"] or "eksportmarked" in " ".join(
        text.params["words"]
    )
    assert {r.code for r in cluster.reasons} >= {"operators", "themes", "regions", "text"}


@pytest.mark.parametrize(
    "other, why",
    [
        (offer("b", "op-a"), "same operator"),
        (regional("b", "op-b", "1084"), "different region"),
        (offer("b", "op-b", themes=["innovation"]), "no shared theme"),
        (offer("b", "op-b", text=CAPITAL_TEXT), "different description"),
        (offer("b", "op-b", eligibility__employees={"min": 250, "max": None}), "employees"),
        (offer("b", "op-b", eligibility__company_age_years={"min": 6, "max": None}), "age"),
        (offer("b", "op-b", eligibility__sectors=["A"]), "industry"),
    ],
)
def test_gates(other, why):
    first = regional(
        "a",
        "op-a",
        "1082",
        eligibility__employees={"min": None, "max": 249},
        eligibility__company_age_years={"min": None, "max": 5},
        eligibility__sectors=["C", "G"],
    )
    assert analyse([first, other], REGIONS).clusters == [], why


def test_the_national_offer_and_its_regional_copies_make_one_cluster():
    offers = [
        offer("national", "eksportraadet"),
        regional("midt", "eh-midt", "1082"),
        regional("hovedstaden", "eh-hovedstaden", "1084"),
        regional("turisme", "eh-midt-2", "1082", text=TOURISM_TEXT, themes=["turisme"]),
    ]
    report = analyse(offers, REGIONS)
    # the regional copies do not overlap each other (different regions) but are alike
    assert clusters_of(report) == [{"national", "midt", "hovedstaden"}]
    assert report.clusters[0].pair_count == 2


def test_a_chain_of_overlaps_that_drifts_from_one_need_to_another_is_cut():
    offers = [
        offer("export-1", "a"),
        offer("export-2", "b"),
        # half export, half capital: overlaps both sides a little
        offer(
            "bridge", "c", text=EXPORT_TEXT + " " + CAPITAL_TEXT, themes=["eksport", "finansiering"]
        ),
        offer("capital-1", "d", text=CAPITAL_TEXT, themes=["finansiering"]),
        offer("capital-2", "e", text=CAPITAL_TEXT, themes=["finansiering"]),
    ]
    found = clusters_of(analyse(offers, REGIONS))
    assert {"export-1", "export-2"} <= next(c for c in found if "export-1" in c)
    assert not any({"export-1", "capital-1"} <= c for c in found)


def test_config_threshold_changes_what_counts():
    offers = [offer("a", "op-a"), offer("b", "op-b", format="netvaerk")]
    assert analyse(offers, REGIONS).clusters
    assert not analyse(offers, REGIONS, OverlapConfig(threshold=0.99)).clusters


def test_few_offers():
    assert analyse([], REGIONS).clusters == []
    assert analyse([offer("a", "op-a")], REGIONS).offers_analysed == 1


def test_coverage_counts_operators_per_theme_and_region():
    offers = [
        offer("national", "eksportraadet"),
        regional("midt", "eh-midt", "1082"),
        offer(
            "aarhus",
            "aarhus",
            eligibility__geography={
                "scope": "municipalities",
                "regions": [],
                "municipalities": ["751"],
            },
        ),
    ]
    assert offer_regions(offers[2], REGIONS) == {"1082"}
    assert offer_regions(offers[0], REGIONS) == {"1082", "1083", "1084"}
    report = analyse(offers, REGIONS)
    cells = {(c.theme, c.region): c for c in report.coverage}
    assert cells[("eksport", "1082")].operators == 3
    assert cells[("eksport", "1082")].largest_cluster_operators == 3
    assert cells[("eksport", "1084")].operators == 1
    assert cells[("eksport", "1084")].largest_cluster_operators == 0
    assert cells[("turisme", "1082")].operators == 0
    assert len(coverage(offers, REGIONS, [])) == 16 * 3


# -- on the shared catalog file ---------------------------------------------------------


@pytest.fixture(scope="module")
def shared_report():
    if not SHARED_CATALOG.exists():
        pytest.skip("the shared catalog file is not beside the repository")
    data = json.loads(SHARED_CATALOG.read_text(encoding="utf-8"))
    published = [o for o in data["offers"] if o["status"] in ("aktiv", "kommende")]
    with MUNICIPALITIES_CSV.open(encoding="utf-8") as f:
        regions = {row["code"]: row["region_code"] for row in csv.DictReader(f)}
    analyse(copy.deepcopy(published), regions)  # warm up the imports' caches
    started = time.perf_counter()
    report = analyse(published, regions)
    return report, time.perf_counter() - started


def test_shared_file_analysis_is_fast(shared_report):
    report, seconds = shared_report
    assert report.offers_analysed == 238
    # about 0.2 s on the development machine; generous for a loaded CI machine
    assert seconds < 3.0
