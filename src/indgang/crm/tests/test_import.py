"""``indgang import_crm``: existing CRM data from CSV, all or nothing, safe to run again."""

import datetime as dt
import io
import textwrap

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from indgang.audit.models import AccessLogEntry
from indgang.catalog.services import ensure_themes
from indgang.catalog.tests.factories import make_offer
from indgang.crm.models import CompanySegment, ContactPerson, Interaction, Segment
from indgang.organisations.models import Level, OrganisationType, Role
from indgang.organisations.tests.factories import MembershipFactory, OrganisationFactory
from indgang.registry.tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    ensure_themes()
    return OrganisationFactory(
        id="eh-import", type=OrganisationType.ERHVERVSHUS, level=Level.DECENTRAL
    )


@pytest.fixture
def people(org):
    consultant = MembershipFactory(organisation=org, person__email="mette@eh.dk").person
    analyst = MembershipFactory(
        organisation=org, person__email="analytiker@eh.dk", role=Role.ANALYST
    ).person
    outsider = MembershipFactory(person__email="ude@andet.dk").person
    return consultant, analyst, outsider


@pytest.fixture
def companies():
    return [CompanyFactory(name=f"Firma {n} ApS") for n in range(3)]


def run(tmp_path, kind, text, *args, org_id="eh-import"):
    """Run the command in English; return (stdout, stderr)."""
    path = tmp_path / f"{kind}.csv"
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    with translation.override("en"):
        call_command(
            "import_crm", kind, str(path), "--organisation", org_id, *args, stdout=out, stderr=err
        )
    return out.getvalue(), err.getvalue()


def fails(tmp_path, kind, text, *args, org_id="eh-import"):
    with pytest.raises(CommandError) as error:
        run(tmp_path, kind, text, *args, org_id=org_id)
    return str(error.value)


# --- Contacts -------------------------------------------------------------------------------


def test_contacts_are_imported_once_and_updated_when_changed(tmp_path, org, companies):
    a, b, _c = companies
    text = f"""
        cvr,name,title,email,phone,legal_basis
        {a.cvr},Lone Bak,Direktør,lone@eksempel.dk,+45 20 30 40 50,public_task
        {a.cvr},Ib Holm,Salgschef,,,consent
        {b.cvr},Åse Øby,Ejer,ASE@eksempel.dk,,
        """
    out, err = run(tmp_path, "contacts", text)
    assert "created 3, updated 0, unchanged 0, rejected 0" in out
    assert err == ""
    lone = ContactPerson.objects.get(email="lone@eksempel.dk")
    assert (lone.company, lone.organisation, lone.title) == (a, org, "Direktør")
    assert ContactPerson.objects.get(name="Ib Holm").legal_basis == "consent"
    assert ContactPerson.objects.get(name="Åse Øby").email == "ase@eksempel.dk"
    # The creation of personal data is in the access log.
    assert AccessLogEntry.objects.filter(record_type="contactperson").count() == 3

    out, _err = run(tmp_path, "contacts", text)
    assert "created 0, updated 0, unchanged 3, rejected 0" in out
    out, _err = run(tmp_path, "contacts", text.replace("Direktør", "Ejer og direktør"))
    assert "created 0, updated 1, unchanged 2, rejected 0" in out
    lone.refresh_from_db()
    assert (lone.title, lone.version) == ("Ejer og direktør", 2)
    assert ContactPerson.objects.count() == 3


def test_a_file_with_bad_rows_imports_nothing_and_names_each_line_and_field(
    tmp_path, org, companies
):
    a = companies[0]
    text = f"""
        cvr,name,title,email,phone,legal_basis
        {a.cvr},Lone Bak,Direktør,lone@eksempel.dk,,
        12345678,Ib Holm,,,,
        {a.cvr},,Ejer,,,
        {a.cvr},Åse Øby,,ikke-en-mail,,
        {a.cvr},Bo Berg,,,,maybe
        29999999,Ukendt,,,,
        """
    err = io.StringIO()
    with pytest.raises(CommandError) as error:
        path = tmp_path / "contacts.csv"
        path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
        with translation.override("en"):
            call_command(
                "import_crm", "contacts", str(path), "--organisation", "eh-import", stderr=err
            )
    assert "5 rows were rejected, so nothing was imported" in str(error.value)
    lines = err.getvalue().splitlines()
    assert lines[0].startswith("line 3, cvr:")
    assert lines[1] == "line 4, name: is empty"
    assert lines[2].startswith("line 5, email: 'ikke-en-mail'")
    assert lines[3].startswith("line 6, legal_basis: unknown value 'maybe'")
    assert lines[4].startswith("line 7, cvr:")
    assert not ContactPerson.objects.exists()

    out, err = run(tmp_path, "contacts", text, "--skip-invalid")
    assert "created 1, updated 0, unchanged 0, rejected 5" in out
    assert "line 4, name: is empty" in err
    assert list(ContactPerson.objects.values_list("name", flat=True)) == ["Lone Bak"]


def test_the_same_contact_twice_in_a_file_is_rejected(tmp_path, org, companies):
    a = companies[0]
    message = fails(
        tmp_path,
        "contacts",
        f"""
        cvr,name,email
        {a.cvr},Lone Bak,lone@eksempel.dk
        {a.cvr},Lone B.,LONE@eksempel.dk
        """,
    )
    assert "1 rows were rejected" in message
    assert not ContactPerson.objects.exists()


def test_semicolon_files_from_spreadsheets_and_danish_labels_are_read(tmp_path, org, companies):
    a = companies[0]
    out, _err = run(
        tmp_path,
        "contacts",
        f"""
        cvr;name;title;email;phone;legal_basis
        {a.cvr};Lone Bak;Direktør;lone@eksempel.dk;;Samtykke
        """,
    )
    assert "created 1" in out
    assert ContactPerson.objects.get().legal_basis == "consent"


def test_a_file_that_cannot_be_used_is_refused(tmp_path, org, companies):
    assert "lacks the columns: name" in fails(tmp_path, "contacts", "cvr,email\n1,x\n")
    assert "No organisation has the id 'nobody'" in fails(
        tmp_path, "contacts", "cvr,name\n", org_id="nobody"
    )
    with pytest.raises(CommandError), translation.override("en"):
        call_command(
            "import_crm", "contacts", str(tmp_path / "missing.csv"), "--organisation", "eh-import"
        )
    (tmp_path / "latin1.csv").write_bytes("cvr,name\n12345678,Søren\n".encode("latin-1"))
    with pytest.raises(CommandError) as error, translation.override("en"):
        call_command(
            "import_crm", "contacts", str(tmp_path / "latin1.csv"), "--organisation", "eh-import"
        )
    assert "line 2: the file is not UTF-8" in str(error.value)


# --- Companies: the funnel ---------------------------------------------------------------


def test_companies_are_placed_in_the_funnel_with_a_key_account_owner(
    tmp_path, org, people, companies
):
    a, b, c = companies
    text = f"""
        cvr,segment,key_account_owner_email
        {a.cvr},key_account,Mette@eh.dk
        {b.cvr},Prioritised,
        {c.cvr},portfolio,
        """
    out, _err = run(tmp_path, "companies", text)
    assert "created 3, updated 0, unchanged 0, rejected 0" in out
    key = CompanySegment.objects.get(company=a)
    assert (key.organisation, key.segment, key.key_account_owner) == (
        org,
        Segment.KEY_ACCOUNT,
        people[0],
    )
    assert CompanySegment.objects.get(company=b).segment == Segment.PRIORITISED
    out, _err = run(tmp_path, "companies", text)
    assert "created 0, updated 0, unchanged 3" in out
    out, _err = run(tmp_path, "companies", text.replace("portfolio", "prioritised"))
    assert "created 0, updated 1, unchanged 2" in out
    assert CompanySegment.objects.get(company=c).segment == Segment.PRIORITISED


def test_a_key_account_owner_must_work_at_the_organisation(tmp_path, org, people, companies):
    a = companies[0]
    err = io.StringIO()
    with pytest.raises(CommandError):
        path = tmp_path / "c.csv"
        path.write_text(
            f"cvr,segment,key_account_owner_email\n{a.cvr},key_account,ude@andet.dk\n"
            f"{a.cvr},top,\n",
            encoding="utf-8",
        )
        with translation.override("en"):
            call_command(
                "import_crm", "companies", str(path), "--organisation", "eh-import", stderr=err
            )
    assert err.getvalue().splitlines() == [
        "line 2, key_account_owner_email: ude@andet.dk does not work at Operatør "
        + org.name.removeprefix("Operatør "),
        "line 3, segment: unknown value 'top' (use one of: key_account, portfolio, prioritised)",
    ]
    assert not CompanySegment.objects.exists()


# --- Interactions ---------------------------------------------------------------------------


INTERACTIONS = """
    external_id,cvr,type,date,consultant_email,themes,offer_id,title,note
    old-1,{a},one_to_one,2026-03-02,mette@eh.dk,eksport;finansiering,eh-import-eksport,Sparring om eksport,"Vil til Tyskland.
    Aftalt: markedsafklaring."
    old-2,{a},Telefonopkald,2026-03-09,mette@eh.dk,,,Opfølgning,
    old-3,{b},event,2026-04-15,mette@eh.dk,netvaerk,,Morgenmøde,20 deltagere
    """


def test_interactions_are_imported_with_themes_offer_and_consultant_once(
    tmp_path, org, people, companies
):
    a, b, _c = companies
    offer = make_offer(id="eh-import-eksport", operator_id=org.pk, level=org.level)
    text = INTERACTIONS.format(a=a.cvr, b=b.cvr)
    out, err = run(tmp_path, "interactions", text)
    assert "created 3, updated 0, unchanged 0, rejected 0" in out, err
    first = Interaction.objects.get(title="Sparring om eksport")
    assert (first.organisation, first.company, first.type) == (org, a, "one_to_one")
    assert first.date == dt.date(2026, 3, 2)
    assert first.consultant == people[0]
    assert first.offer == offer
    assert set(first.themes.values_list("code", flat=True)) == {"eksport", "finansiering"}
    assert first.note == "Vil til Tyskland.\nAftalt: markedsafklaring."
    assert Interaction.objects.get(type="event").company == b
    assert Interaction.objects.get(title="Opfølgning").type == "phone"  # a Danish label

    out, _err = run(tmp_path, "interactions", text)
    assert "created 0, updated 0, unchanged 3" in out
    changed = text.replace("20 deltagere", "22 deltagere").replace(
        "eksport;finansiering", "eksport"
    )
    out, _err = run(tmp_path, "interactions", changed)
    assert "created 0, updated 2, unchanged 1" in out
    assert Interaction.objects.get(type="event").note == "22 deltagere"
    assert list(first.themes.values_list("code", flat=True)) == ["eksport"]
    assert Interaction.objects.count() == 3


def test_bad_interaction_rows_are_named_and_nothing_is_stored(tmp_path, org, people, companies):
    a = companies[0]
    text = f"""
        external_id,cvr,type,date,consultant_email,themes,offer_id,title,note
        x-1,{a.cvr},one_to_one,2026-03-02,mette@eh.dk,eksport,,Godt møde,
        x-2,{a.cvr},coffee,2026-03-02,mette@eh.dk,,,Kaffe,
        x-3,{a.cvr},phone,2.3.2026,mette@eh.dk,,,Opkald,
        x-4,{a.cvr},phone,2026-03-03,analytiker@eh.dk,,,Opkald,
        x-5,{a.cvr},phone,2026-03-04,mette@eh.dk,eksport;fodbold,,Opkald,
        x-6,{a.cvr},phone,2026-03-05,mette@eh.dk,,ingen-tilbud,Opkald,
        x-1,{a.cvr},email,2026-03-06,mette@eh.dk,,,Mail,
        x-8,{a.cvr},email,2099-03-06,mette@eh.dk,,,Mail,
        x-9,{a.cvr},email,2026-03-06,,,,Mail,
        """
    message = fails(tmp_path, "interactions", text)
    assert "8 rows were rejected" in message
    out, err = run(tmp_path, "interactions", text, "--skip-invalid")
    assert "created 1, updated 0, unchanged 0, rejected 8" in out
    columns = [line.split(":")[0] for line in err.splitlines()]
    assert columns == [
        "line 3, type",
        "line 4, date",
        "line 5, consultant_email",
        "line 6, themes",
        "line 7, offer_id",
        "line 8, external_id",
        "line 9, date",
        "line 10, consultant_email",
    ]
    assert "fodbold" in err and "is not a consultant or manager" in err
    assert Interaction.objects.get().title == "Godt møde"


# --- Hostile files: a message naming the line (and column), exit status 1, nothing stored ----


def refused(tmp_path, kind, content: bytes, *expected: str) -> str:
    path = tmp_path / f"{kind}.csv"
    path.write_bytes(content)
    err = io.StringIO()
    with translation.override("en"), pytest.raises(CommandError) as error:
        call_command(
            "import_crm", kind, str(path), "--organisation", "eh-import", stderr=err, stdout=err
        )
    text = err.getvalue() + str(error.value)
    for part in expected:
        assert part in text, (part, text)
    assert "Traceback" not in text
    assert ContactPerson.objects.count() == 0, "nothing is stored"
    assert Interaction.objects.count() == 0, "nothing is stored"
    return text


def test_hostile_contact_files_are_named_and_nothing_is_stored(tmp_path, org, companies):
    a = companies[0].cvr
    header = "cvr,name,title,email,phone,legal_basis\n"
    good = f"{a},Lone Bak,Direktør,lone@eksempel.dk,,\n"
    cases = [
        (
            (header + good + f"{a},Søren Ås,,,,\n").encode("latin-1"),
            "line 2: the file is not UTF-8",
        ),
        (
            (header + good + f"{a},{'x' * 140_000},,,,\n").encode(),
            "line 3: a field is longer than 131072 characters",
        ),
        ((header + good + f"{a},Ib\x00Holm,,,,\n").encode(), "line 3, name: a NUL byte"),
        ((header.replace("title", "ti\x00tle") + good).encode(), "line 1, 'title': a NUL byte"),
        ((header + good + f"{a},{'x' * 201},,,,\n").encode(), "line 3, name: is longer than 200"),
        (
            (header + good + f"{a},Ib,{'x' * 201},,,\n").encode(),
            "line 3, title: is longer than 200",
        ),
        ((header + good + f"{2**70},Ib,,,,\n").encode(), "line 3, cvr:"),
        ((header + good + f"{a},Ib,,,,{'y' * 5000}\n").encode(), "line 3, legal_basis: unknown"),
        (b"", "line 1: the file is empty"),
        (b"\n \n", "line 1: the file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe", "line 1: the file is not UTF-8"),
        (b'{"cvr": 12345678, "name": "Lone"}\n', "lacks the columns"),
    ]
    for content, expected in cases:
        text = refused(tmp_path, "contacts", content, expected)
        assert len(text) < 2000, "a long value is cut short in the message"


def test_hostile_interaction_rows_are_named_and_nothing_is_stored(tmp_path, org, people, companies):
    a = companies[0].cvr
    header = "external_id,cvr,type,date,consultant_email,themes,offer_id,title,note\n"
    good = f"x-1,{a},one_to_one,2026-03-02,mette@eh.dk,eksport,,Godt møde,\n"
    cases = [
        (f"x-2,{a},phone,1e400,mette@eh.dk,,,Opkald,\n", "line 3, date: '1e400' is not a date"),
        (f"x-2,{a},phone,0001-01-01,mette@eh.dk,,,Opkald,\n", "line 3, date: The date must lie"),
        (f"{'x' * 101},{a},phone,2026-03-02,mette@eh.dk,,,Opkald,\n", "line 3, external_id"),
        (f"x-2,{a},phone,2026-03-02,mette@eh.dk,,,{'x' * 201},\n", "line 3, title: is longer"),
        (
            f"x-2,{a},phone,2026-03-02,mette@eh.dk,,ingen\x00tilbud,Opkald,\n",
            "line 3, offer_id: a NUL",
        ),
        (f"x-2,{a},phone,2026-03-02,mette@eh.dk,,,Opkald,Note\x00\n", "line 3, note: a NUL byte"),
        (f"x-2,{a},phone,2026-03-02,mette@eh.dk,{'z' * 9000},,Opkald,\n", "line 3, themes:"),
    ]
    for row, expected in cases:
        text = refused(tmp_path, "interactions", (header + good + row).encode(), expected)
        assert len(text) < 2000, "a long value is cut short in the message"


def test_a_nul_byte_gets_the_same_danish_message_on_every_database(tmp_path, org, companies):
    path = tmp_path / "contacts.csv"
    path.write_text(f"cvr,name\n{companies[0].cvr},Ib\x00Holm\n", encoding="utf-8")
    err = io.StringIO()
    with translation.override("da"), pytest.raises(CommandError, match="1 rækker blev afvist"):
        call_command("import_crm", "contacts", str(path), "--organisation", "eh-import", stderr=err)
    assert "linje 2, name: et NUL-tegn er ikke tilladt" in err.getvalue()
    assert ContactPerson.objects.count() == 0
