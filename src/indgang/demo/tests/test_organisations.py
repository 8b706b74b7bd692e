import re

import pytest
from django.core.management import call_command

from indgang.organisations.models import Membership, Organisation, Person, Role
from indgang.reference.models import Municipality

pytestmark = pytest.mark.django_db


def run_demo(capsys, *args) -> str:
    call_command("demo", *args)
    return capsys.readouterr().out


def logins(output: str) -> dict[str, str]:
    return dict(re.findall(r"^\s+(\S+@indgang\.demo)\s+(\S+)\s", output, re.MULTILINE))


def test_demo_builds_a_realistic_system_marked_as_demo(demo, client):
    output = demo
    assert Organisation.objects.filter(type="erhvervshus").count() == 7
    assert Organisation.objects.filter(type="klynge").count() >= 12
    assert {"eksportraadet", "innovationsfonden", "eifo", "teknologisk-institut"} <= set(
        Organisation.objects.values_list("id", flat=True)
    )
    # Every municipality has a local business service and an Erhvervshus serving it.
    for municipality in Municipality.objects.all():
        types = set(municipality.operators.values_list("type", flat=True))
        assert {"lokal_erhvervsservice", "erhvervshus"} <= types, municipality.code
    assert not Organisation.objects.filter(is_demo=False).exists()
    assert not Person.objects.filter(is_demo=False).exists()

    credentials = logins(output)
    roles = {Membership.objects.filter(person__email=email).first().role for email in credentials}
    assert roles == {Role.CONSULTANT, Role.MANAGER, Role.ADMIN, Role.ANALYST}
    analyst = Person.objects.get(email="analytiker@indgang.demo")
    assert analyst.memberships.get().organisation.is_national_board
    for email, password in credentials.items():
        assert client.login(email=email, password=password), email


def test_demo_runs_again_without_duplicates_and_can_renew_passwords(demo, capsys, client):
    counts = (Organisation.objects.count(), Person.objects.count())
    again = run_demo(capsys)
    assert (Organisation.objects.count(), Person.objects.count()) == counts
    assert logins(again) == {}
    renewed = logins(run_demo(capsys, "--new-passwords"))
    assert "admin@indgang.demo" in renewed
    assert client.login(email="admin@indgang.demo", password=renewed["admin@indgang.demo"])
