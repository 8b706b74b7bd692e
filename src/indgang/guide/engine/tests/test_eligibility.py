"""Eligibility follows shared/catalog/README.md rule by rule."""

from __future__ import annotations

import random

import pytest

from indgang.guide.engine import (
    CompanyProfile,
    EligibilityIndex,
    check_eligibility,
    is_eligible,
)

from .sample import REGIONS, load_shared_catalog, make_offer, small_catalog

UNKNOWN = CompanyProfile()


def codes(reasons):
    return [reason.code for reason in reasons]


def verdict(company, offer):
    return check_eligibility(company, offer, REGIONS)


# 1. status -----------------------------------------------------------------------------


def test_closed_offer_is_never_eligible_even_for_a_perfect_fit():
    result = verdict(UNKNOWN, make_offer(status="lukket", valid_to="2025-12-31"))
    assert not result.eligible
    assert codes(result.fails) == ["status_closed"]
    assert result.fails[0].params == {"valid_to": "2025-12-31"}


@pytest.mark.parametrize(
    ("status", "code"), [("aktiv", "status_active"), ("kommende", "status_upcoming")]
)
def test_active_and_upcoming_offers_are_eligible(status, code):
    result = verdict(UNKNOWN, make_offer(status=status))
    assert result.eligible
    assert code in codes(result.fits)


# 2. geography --------------------------------------------------------------------------


def regional(*regions):
    return make_offer(
        eligibility={
            "geography": {"scope": "regions", "regions": list(regions), "municipalities": []}
        }
    )


def municipal(*municipalities):
    return make_offer(
        eligibility={
            "geography": {
                "scope": "municipalities",
                "regions": [],
                "municipalities": list(municipalities),
            }
        }
    )


def test_national_scope_admits_every_municipality():
    for code in REGIONS:
        assert is_eligible({"municipality_code": code}, make_offer(), REGIONS)


def test_region_scope_uses_the_region_of_the_municipality():
    offer = regional("1084", "1085")
    assert verdict({"municipality_code": "101"}, offer).eligible  # København, Hovedstaden
    assert verdict({"municipality_code": "259"}, offer).eligible  # Køge, Sjælland
    result = verdict({"municipality_code": "751"}, offer)  # Aarhus, Midtjylland
    assert not result.eligible
    assert result.fails[0].code == "region_not_covered"
    assert result.fails[0].params == {"region": "1082", "regions": ["1084", "1085"]}
    assert "geography_region" in codes(verdict({"municipality_code": "147"}, offer).fits)


def test_municipality_scope_needs_a_listed_municipality():
    offer = municipal("360", "376")
    assert verdict({"municipality_code": "360"}, offer).eligible
    result = verdict({"municipality_code": "101"}, offer)
    assert not result.eligible
    assert result.fails[0].code == "municipality_not_covered"
    assert result.fails[0].params["municipalities"] == ["360", "376"]


def test_municipality_scope_ignores_the_region():
    # Køge (259) lies in region 1085, but only 360 is listed
    assert not verdict({"municipality_code": "259"}, municipal("360")).eligible


def test_unknown_municipality_passes_every_geography():
    for offer in (regional("1081"), municipal("851")):
        result = verdict(UNKNOWN, offer)
        assert result.eligible
        assert "geography_unknown" in codes(result.unchecked)


def test_municipality_missing_from_the_region_map_has_an_unknown_region():
    result = verdict({"municipality_code": "999"}, regional("1081"))
    assert result.eligible
    assert "geography_unknown" in codes(result.unchecked)


def test_integer_municipality_codes_are_read_as_strings():
    assert verdict({"municipality_code": 101}, regional("1084")).eligible


# 3. age, employees, turnover -----------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "field", "stem"),
    [
        ("company_age_years", "age_years", "age"),
        ("employees", "employees", "employees"),
        ("turnover_dkk", "turnover_dkk", "turnover"),
    ],
)
def test_numeric_bounds_are_inclusive_and_named(key, field, stem):
    offer = make_offer(eligibility={key: {"min": 10, "max": 49}})
    assert verdict({field: 10}, offer).eligible  # min itself
    assert verdict({field: 49}, offer).eligible  # max itself
    assert f"{stem}_within" in codes(verdict({field: 30}, offer).fits)

    below = verdict({field: 9}, offer)
    assert not below.eligible
    assert below.fails[0].as_tuple() == (f"{stem}_below_min", {"min": 10, "value": 9})

    above = verdict({field: 60}, offer)
    assert not above.eligible
    assert above.fails[0].as_tuple() == (f"{stem}_above_max", {"max": 49, "value": 60})

    unknown = verdict({field: None}, offer)
    assert unknown.eligible
    assert f"{stem}_unknown" in codes(unknown.unchecked)


def test_a_null_bound_is_open():
    only_max = make_offer(eligibility={"company_age_years": {"min": None, "max": 3}})
    assert verdict({"age_years": 0}, only_max).eligible
    assert not verdict({"age_years": 4}, only_max).eligible
    only_min = make_offer(eligibility={"employees": {"min": 10, "max": None}})
    assert verdict({"employees": 100_000}, only_min).eligible
    assert not verdict({"employees": 9}, only_min).eligible


def test_age_zero_is_a_value_not_unknown():
    offer = make_offer(eligibility={"company_age_years": {"min": 2, "max": None}})
    result = verdict({"age_years": 0}, offer)
    assert not result.eligible
    assert result.fails[0].code == "age_below_min"


# 4. sectors ----------------------------------------------------------------------------


def test_empty_sector_list_admits_all_sectors():
    for section in "ACGIJMQS":
        result = verdict({"db07_section": section}, make_offer())
        assert result.eligible
        assert "sector_any" in codes(result.fits)


def test_listed_sectors_only():
    offer = make_offer(eligibility={"sectors": ["I", "N", "R"]})
    assert verdict({"db07_section": "I"}, offer).eligible
    assert verdict({"db07_section": "r"}, offer).eligible  # lower case is read as upper
    result = verdict({"db07_section": "C"}, offer)
    assert not result.eligible
    assert result.fails[0].as_tuple() == (
        "sector_not_covered",
        {"section": "C", "sectors": ["I", "N", "R"]},
    )
    unknown = verdict({"db07_section": None}, offer)
    assert unknown.eligible
    assert "sector_unknown" in codes(unknown.unchecked)


# 5. growth ambition --------------------------------------------------------------------


def test_growth_ambition_required_excludes_only_an_explicit_no():
    offer = make_offer(eligibility={"growth_ambition_required": True})
    assert not verdict({"growth_ambition": False}, offer).eligible
    assert codes(verdict({"growth_ambition": False}, offer).fails) == ["growth_ambition_required"]
    assert "growth_ambition_met" in codes(verdict({"growth_ambition": True}, offer).fits)
    unknown = verdict({"growth_ambition": None}, offer)
    assert unknown.eligible
    assert "growth_ambition_unknown" in codes(unknown.unchecked)


def test_no_growth_ambition_is_fine_when_not_required():
    assert verdict({"growth_ambition": False}, make_offer()).eligible


# 6. and 7. shown, never evaluated ------------------------------------------------------


def test_requires_cvr_never_excludes_and_is_shown():
    offer = make_offer(eligibility={"requires_cvr": True})
    result = verdict({"cvr": None}, offer)
    assert result.eligible
    assert ("requires_cvr", {"has_cvr": False}) in [r.as_tuple() for r in result.unchecked]


def test_other_conditions_are_shown_not_evaluated():
    offer = make_offer(eligibility={"other_conditions": "Kun for medlemmer af klyngen."})
    result = verdict(UNKNOWN, offer)
    assert result.eligible
    assert result.unchecked[-1].as_tuple() == (
        "other_conditions",
        {"text": "Kun for medlemmer af klyngen."},
    )


def test_a_completely_unknown_company_is_excluded_only_by_status():
    strict = make_offer(
        eligibility={
            "geography": {"scope": "municipalities", "regions": [], "municipalities": ["400"]},
            "company_age_years": {"min": 5, "max": 10},
            "employees": {"min": 10, "max": 249},
            "turnover_dkk": {"min": 1_000_000, "max": None},
            "sectors": ["A"],
            "requires_cvr": True,
            "growth_ambition_required": True,
        }
    )
    assert verdict(UNKNOWN, strict).eligible
    assert verdict(None, strict).eligible
    assert not verdict(UNKNOWN, dict(strict, status="lukket")).eligible


def test_every_failing_rule_is_reported():
    offer = make_offer(
        eligibility={
            "employees": {"min": None, "max": 49},
            "sectors": ["C"],
            "growth_ambition_required": True,
        }
    )
    result = verdict({"employees": 60, "db07_section": "G", "growth_ambition": False}, offer)
    assert codes(result.fails) == [
        "employees_above_max",
        "sector_not_covered",
        "growth_ambition_required",
    ]


# the compiled index agrees with the reference function ---------------------------------


def random_profiles(count: int, municipalities: list[str], seed: int = 7):
    rng = random.Random(seed)

    def maybe(value):
        return None if rng.random() < 0.25 else value

    for _ in range(count):
        yield {
            "municipality_code": maybe(rng.choice([*municipalities, "999"])),
            "db07_section": maybe(rng.choice("ABCFGIJMNQRS")),
            "employees": maybe(rng.choice([0, 1, 9, 10, 49, 50, 249, 250, 1000])),
            "age_years": maybe(rng.choice([0, 1, 2, 3, 4, 5, 10, 40])),
            "growth_ambition": maybe(rng.choice([True, False])),
            "turnover_dkk": maybe(rng.choice([0, 500_000, 5_000_000, 100_000_000])),
        }


def assert_index_agrees(offers, regions, profiles):
    index = EligibilityIndex(offers, regions)
    for profile in profiles:
        mask = index.mask(profile)
        expected = [check_eligibility(profile, offer, regions).eligible for offer in offers]
        assert mask.tolist() == expected, profile


def test_compiled_index_agrees_with_the_rules_on_edge_cases():
    offers = [
        *small_catalog(),
        make_offer("age", eligibility={"company_age_years": {"min": 3, "max": 3}}),
        make_offer("emp", eligibility={"employees": {"min": 10, "max": 249}}),
        make_offer("turn", eligibility={"turnover_dkk": {"min": 500_000, "max": None}}),
        make_offer("sec", eligibility={"sectors": ["A", "C"]}),
        make_offer("growth", eligibility={"growth_ambition_required": True}),
        make_offer("upcoming", status="kommende"),
        make_offer(
            "mun",
            eligibility={
                "geography": {
                    "scope": "municipalities",
                    "regions": [],
                    "municipalities": ["259", "329"],
                }
            },
        ),
    ]
    assert_index_agrees(offers, REGIONS, random_profiles(400, list(REGIONS)))


def test_compiled_index_agrees_with_the_rules_on_the_shared_catalog():
    catalog, queries, regions = load_shared_catalog()
    offers = catalog["offers"]
    profiles = [query["company"] for query in queries]
    profiles += list(random_profiles(150, sorted(regions)))
    assert_index_agrees(offers, regions, profiles)
