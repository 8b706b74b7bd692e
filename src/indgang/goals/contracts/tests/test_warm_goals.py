"""``indgang warm_goals`` counts the year's contracts ahead, so the national board's first
dashboard of the day only reads them (goals/contracts/selectors.py)."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from indgang.goals.tests import factories as f
from indgang.organisations.models import Role

pytestmark = pytest.mark.django_db


def counting(queries) -> int:
    """The grouped counting's queries (goals/contracts/grouped.py)."""
    return sum(1 for q in queries if q["sql"].startswith("WITH s AS"))


def test_warmed_contracts_are_read_not_counted(client, setup):
    board = f.national_board()
    analyst = f.member(board, Role.ANALYST)
    assert client.login(email=analyst.email, password=f.PASSWORD)
    out = StringIO()
    call_command("warm_goals", "--year", "2025", stdout=out)
    assert out.getvalue().strip() in ("2025: 2 kontrakter talt.", "2025: 2 contracts counted.")
    with CaptureQueriesContext(connection) as warmed:
        page = client.get("/maal/?year=2025")
    assert page.status_code == 200
    assert "Kontrakt med København" in page.content.decode()
    assert counting(warmed.captured_queries) == 0
    # nor the municipalities' users (the statistics beside the contracts)
    assert not [q for q in warmed.captured_queries if q["sql"].startswith("SELECT DISTINCT")]

    f.interaction(setup["op"], company=f.company("101"), on=date(2025, 6, 1))
    with CaptureQueriesContext(connection) as changed:
        client.get("/maal/?year=2025")
    assert counting(changed.captured_queries) > 0  # counted afresh after a change


def test_a_year_out_of_range_is_refused_by_name():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--year"):
        call_command("warm_goals", "--year", "99999")
