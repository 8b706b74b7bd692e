"""Hostile files through ``indgang import_catalog``: each gets a message naming the line or
the field (``offers[0].title``), exit status 1 (a CommandError), and nothing is stored;
never a traceback. What PostgreSQL would refuse (NUL bytes, over-long ids and titles) is
refused on SQLite too, with the same message."""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from indgang.catalog.models import Offer
from indgang.catalog.tests.factories import offer_dict
from indgang.organisations.models import Organisation

pytestmark = pytest.mark.django_db

OPERATOR = {
    "id": "eh-test",
    "name": "Erhvervshus Test",
    "type": "erhvervshus",
    "level": "decentral",
    "municipality_code": None,
    "region_code": "1082",
    "url": "https://eh.example.dk",
    "email": "info@eh.example.dk",
}


def document(offer=None, operator=None) -> str:
    return json.dumps(
        {
            "schema_version": 1,
            "operators": [operator or OPERATOR],
            "offers": [offer or offer_dict()],
        }
    )


def refused(tmp_path, content: bytes | str, *expected: str) -> str:
    """Import ``content`` in English: refused, the messages hold ``expected``, nothing stored."""
    path = tmp_path / "catalog.json"
    if isinstance(content, str):
        content = content.encode()
    path.write_bytes(content)
    err = io.StringIO()
    with translation.override("en"), pytest.raises(CommandError) as caught:
        call_command("import_catalog", str(path), stdout=io.StringIO(), stderr=err)
    text = err.getvalue() + str(caught.value)
    for part in expected:
        assert part in text, (part, text)
    assert Offer.objects.count() == 0, "nothing is stored"
    assert Organisation.objects.count() == 0, "nothing is stored"
    return text


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("[1, 2]", "The file must hold a JSON object"),
        (json.dumps({"schema_version": 1, "operators": {}, "offers": "x"}), "operators: must be a"),
        (document(offer_dict(title=42)), "offers[0].title: must be text"),
        (document(offer_dict(themes="eksport")), "offers[0].themes: must be a list"),
        (document(offer_dict(eligibility=[])), "offers[0].eligibility: must be an object"),
        (
            document(offer_dict(description="x" * 131_073)),
            "offers[0].description: must be at most 131072 characters",
        ),
        ("[" * 100_000 + "]" * 100_000, "line 1: the JSON is nested too deeply"),
        (
            '{\n"schema_version": 1,\n"operators": ' + "[" * 5000 + "]" * 5000 + "}",
            "line 3: the JSON is nested too deeply",
        ),
        (
            document(offer_dict(eligibility__employees__max=2**70)),
            "offers[0].eligibility.employees.max: must be at most 2147483647",
        ),
        (
            '{"schema_version": 1,\n"offers": [], "operators": ' + "9" * 5000 + "}",
            "line 2: a number has too many digits",
        ),
        (
            document(offer_dict(eligibility__turnover_dkk__max=1e400)).replace("Infinity", "1e400"),
            "offers[0].eligibility.turnover_dkk.max: must be a whole number or null",
        ),
        (document(offer_dict(title="Eksport\x00forløb")), "offers[0].title: a NUL byte"),
        (document(offer_dict(id="x" * 101)), "offers[0].id: must be at most 100 characters"),
        (document(offer_dict(title="x" * 201)), "offers[0].title: must be at most 200 characters"),
        (
            document(operator={**OPERATOR, "id": "e" * 81}),
            "operators[0].id: must be at most 80 characters",
        ),
        (document(offer_dict(id="eksport-forloeb\n")), "offers[0].id: must be a slug"),
        ("", "line 1: the file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe", "line 1: the file is not UTF-8"),
    ],
    ids=[
        "not-an-object",
        "lists-of-wrong-type",
        "title-a-number",
        "themes-a-text",
        "eligibility-a-list",
        "long-field",
        "deep",
        "deep-on-line-3",
        "beyond-64-bits",
        "too-many-digits",
        "1e400",
        "nul",
        "long-id",
        "long-title",
        "long-operator-id",
        "slug-with-newline",
        "empty",
        "binary",
    ],
)
def test_a_hostile_catalog_file_is_named_and_nothing_is_stored(tmp_path, content, expected):
    text = refused(tmp_path, content, expected)
    assert "Traceback" not in text


def test_a_latin_1_file_names_its_first_line_that_is_not_utf8(tmp_path):
    data = json.loads(document(operator={**OPERATOR, "name": "Ærhvervshus Østjylland"}))
    lines = json.dumps(data, ensure_ascii=False, indent=1).splitlines()
    line = next(n for n, text in enumerate(lines, start=1) if "Ærhvervshus" in text)
    assert line > 1
    refused(tmp_path, "\n".join(lines).encode("latin-1"), f"line {line}: the file is not UTF-8")


def test_nul_bytes_and_long_titles_are_refused_in_danish_too(tmp_path):
    path = tmp_path / "catalog.json"
    path.write_text(document(offer_dict(title="x" * 201, summary="a\x00b")), encoding="utf-8")
    err = io.StringIO()
    with translation.override("da"), pytest.raises(CommandError, match="intet blev importeret"):
        call_command("import_catalog", str(path), stdout=io.StringIO(), stderr=err)
    assert "offers[0].title: må højst være 200 tegn" in err.getvalue()
    assert "offers[0].summary: et NUL-tegn er ikke tilladt" in err.getvalue()
    assert Offer.objects.count() == 0
