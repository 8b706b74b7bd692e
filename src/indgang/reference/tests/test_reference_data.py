from collections import Counter

import pytest
from django.core.exceptions import ValidationError

from indgang.reference.models import DB07Group, DB07Section, ErhvervshusArea, Municipality, Region
from indgang.reference.selectors import db07_section_for_code, municipality_region_codes
from indgang.reference.validators import clean_cvr, is_valid_cvr

pytestmark = pytest.mark.django_db


def test_all_98_municipalities_in_the_five_regions():
    assert Municipality.objects.count() == 98
    assert list(Region.objects.values_list("code", flat=True)) == [
        "1081",
        "1082",
        "1083",
        "1084",
        "1085",
    ]
    per_region = Counter(Municipality.objects.values_list("region__name", flat=True))
    assert per_region == {
        "Region Nordjylland": 11,
        "Region Midtjylland": 19,
        "Region Syddanmark": 22,
        "Region Hovedstaden": 29,
        "Region Sjælland": 17,
    }


@pytest.mark.parametrize(
    ("code", "name", "region"),
    [
        ("101", "København", "1084"),
        ("400", "Bornholm", "1084"),
        ("461", "Odense", "1083"),
        ("751", "Aarhus", "1082"),
        ("851", "Aalborg", "1081"),
        ("259", "Køge", "1085"),
        ("825", "Læsø", "1081"),
        ("492", "Ærø", "1083"),
    ],
)
def test_official_codes_and_names(code, name, region):
    municipality = Municipality.objects.get(code=code)
    assert (municipality.name, municipality.region_id) == (name, region)
    assert municipality_region_codes()[code] == region


def test_municipalities_carry_a_population():
    total = sum(Municipality.objects.values_list("population", flat=True))
    assert 5_800_000 < total < 6_100_000
    assert Municipality.objects.get(code="101").population > 600_000


def test_each_municipality_is_served_by_one_erhvervshus_area():
    areas = {
        area.code: set(area.municipalities.values_list("code", flat=True))
        for area in ErhvervshusArea.objects.all()
    }
    assert len(areas) == 7
    assert areas["erhvervshus-bornholm"] == {"400"}
    assert areas["erhvervshus-fyn"] == {
        "410",
        "420",
        "430",
        "440",
        "450",
        "461",
        "479",
        "480",
        "482",
        "492",
    }
    assert areas["erhvervshus-sydjylland"] == {
        "510",
        "530",
        "540",
        "550",
        "561",
        "563",
        "573",
        "575",
        "580",
        "607",
        "621",
        "630",
    }
    hovedstaden = set(Municipality.objects.filter(region_id="1084").values_list("code", flat=True))
    assert areas["erhvervshus-hovedstaden"] == hovedstaden - {"400"}
    for region_code, area in [
        ("1081", "erhvervshus-nordjylland"),
        ("1082", "erhvervshus-midtjylland"),
        ("1085", "erhvervshus-sjaelland"),
    ]:
        region = set(
            Municipality.objects.filter(region_id=region_code).values_list("code", flat=True)
        )
        assert areas[area] == region
    assert sum(len(codes) for codes in areas.values()) == 98


def test_db07_sections_and_main_groups_in_danish():
    assert "".join(DB07Section.objects.values_list("code", flat=True)) == "ABCDEFGHIJKLMNOPQRSTU"
    assert DB07Section.objects.get(code="C").name == "Industri"
    assert DB07Group.objects.count() == 88
    assert DB07Group.objects.get(code="62").section_id == "J"
    assert DB07Group.objects.get(code="10").name == "Fremstilling af fødevarer"
    assert db07_section_for_code("620100") == "J"
    assert db07_section_for_code("011100") == "A"
    assert db07_section_for_code("999999") == "U"
    assert db07_section_for_code("") is None


@pytest.mark.parametrize("raw", ["13585628", "DK 13585628", "13 58 56 28"])
def test_valid_cvr_numbers_are_normalised(raw):
    assert clean_cvr(raw) == "13585628"
    assert is_valid_cvr(raw)


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("13585627", "cvr_checksum"),
        ("1358562", "cvr_length"),
        ("1358562A", "cvr_format"),
        ("", "cvr_required"),
        (None, "cvr_required"),
    ],
)
def test_invalid_cvr_numbers_say_why(raw, code):
    with pytest.raises(ValidationError) as error:
        clean_cvr(raw)
    assert error.value.code == code
    assert not is_valid_cvr(raw)


def test_cvr_check_digit_message_is_danish():
    with pytest.raises(ValidationError) as error:
        clean_cvr("13585627")
    assert error.value.messages == ["CVR-nummerets kontrolciffer er forkert."]


def test_reference_api_is_public(client):
    municipalities = client.get("/api/v1/reference/municipalities").json()
    assert len(municipalities) == 98
    nordjylland = client.get("/api/v1/reference/municipalities?region_code=1081").json()
    assert {m["code"] for m in nordjylland} >= {"851", "813", "825"} and len(nordjylland) == 11
    assert len(client.get("/api/v1/reference/db07-sections").json()) == 21
    assert client.get("/api/v1/reference/cvr/13585628").json() == {
        "cvr": "13585628",
        "valid": True,
        "message": None,
    }
    bad = client.get("/api/v1/reference/cvr/13585627").json()
    assert bad["valid"] is False and "kontrolciffer" in bad["message"]
