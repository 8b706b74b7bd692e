"""Fixtures shared by the goals sub-domains' tests."""

from datetime import date

import pytest

from indgang.goals.tests import factories as f


@pytest.fixture
def setup():
    op = f.local_operator("lokal-test", ("101",))
    other = f.local_operator("lokal-andre", ("751",))
    young = f.company("101", founded=date(2024, 1, 1))
    for month in (2, 3, 4):
        f.interaction(op, company=young, on=date(2025, month, 1))
    contract = f.contract(op, 2025, ("101",), title="Kontrakt med København")
    f.target(contract, types=["one_to_one"], value=2, name="Mindst 2 samtaler")
    theirs = f.contract(other, 2025, ("751",), title="Andres hemmelige kontrakt")
    return {"op": op, "other": other, "contract": contract, "theirs": theirs}
