import pytest

from indgang.reference.models import Municipality
from indgang.reference.validators import is_valid_cvr
from indgang.registry import synthetic

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


def units(company: dict) -> list[tuple[str, str]]:
    return [tuple(u.split(":")) for u in company["production_units"].split(";") if u]


def test_companies_have_realistic_production_units():
    municipalities = list(Municipality.objects.values_list("code", "population"))
    companies = synthetic.generate(municipalities, 5000, seed=7).companies
    assert companies == synthetic.generate(municipalities, 5000, seed=7).companies
    p_numbers = [p for c in companies for p, _m in units(c)]
    assert len(set(p_numbers)) == len(p_numbers)
    assert all(len(p) == 10 and p.isdigit() and p[0] == "1" for p in p_numbers)
    assert not any(units(c) for c in companies if c["status"] == "closed")
    active = [c for c in companies if c["status"] != "closed"]
    one_at_home = [c for c in active if [m for _p, m in units(c)] == [c["municipality_code"]]]
    assert len(one_at_home) > 0.8 * len(active)  # most: one unit, at the company's address
    small = [c for c in active if c["employees_band"] in ("0", "1", "2-4")]
    large = [c for c in active if c["employees_band"] in ("100-199", "200-499", "500-999", "1000+")]
    assert sum(len(units(c)) > 1 for c in small) < 0.06 * len(small)
    assert sum(len(units(c)) > 1 for c in large) > 0.5 * len(large)
    elsewhere = [c for c in large if any(m != c["municipality_code"] for _p, m in units(c))]
    assert len(elsewhere) > 0.3 * len(large)
    assert max(len(units(c)) for c in companies) > 10
