import pytest
from django.core.management import call_command

from indgang.reference.models import Municipality
from indgang.reference.validators import is_valid_cvr
from indgang.registry import demo, synthetic
from indgang.registry.models import Company, YearlyFigures

pytestmark = pytest.mark.django_db


def test_the_generator_is_deterministic_and_realistic():
    municipalities = list(Municipality.objects.values_list("code", "population"))
    register = synthetic.generate(municipalities, 3000, seed=7)
    again = synthetic.generate(municipalities, 3000, seed=7)
    assert register.companies == again.companies and register.figures[:50] == again.figures[:50]
    assert all(is_valid_cvr(c["cvr"]) for c in register.companies)
    assert len({c["cvr"] for c in register.companies}) == 3000
    small = sum(c["employees_band"] in ("0", "1", "2-4", "5-9") for c in register.companies)
    large = sum(c["employees_band"] in ("500-999", "1000+") for c in register.companies)
    assert small > 0.75 * 3000 and large < 0.01 * 3000
    by_municipality = [c["municipality_code"] for c in register.companies]
    assert by_municipality.count("101") > by_municipality.count("825") * 10  # Læsø
    closed = [c for c in register.companies if c["status"] == "closed"]
    assert 0.05 * 3000 < len(closed) < 0.4 * 3000
    years = {f["year"] for f in register.figures}
    assert years == set(range(2016, 2025))
    entrants = [c for c in register.companies if c["founded_date"] >= "2020"]
    assert entrants


def test_the_demo_adds_a_fictitious_register(settings):
    settings.DEMO_COMPANIES = 500
    call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Company.objects.count() == 500
    assert not Company.objects.filter(is_fictitious=False).exists()
    assert YearlyFigures.objects.count() > 500 * 4
    assert demo.is_loaded()
