"""The attack suite (issue 6, item 5): people of other operators try every page and every
API operation of the CRM with every id they could guess, and must see nothing they should
not, nor change anything.

How it is built:

- Operator A's CRM is filled with a record of every kind about company X (contact person,
  one-to-one interaction with a note, event with participants, needs assessments,
  entrepreneur with interaction and assessment, key account, referrals A -> C and A ->
  private adviser, a contact request from the one entry), each carrying a distinct marker
  string (``factories.company_file``). X has no consent to sharing.
- The pages are found by walking the URL resolver for the ``crm`` namespace, the API
  operations by reading /api/v1/openapi.json for /api/v1/crm/: pages and operations added
  later are attacked without changing this file. Every ``cvr`` argument is filled with
  A's company, every other argument with every primary key of A's records.
- Each URL is requested with GET and then with POST (pages) or its documented method with
  a plausible body built from the schema (API), as B's consultant. No answer may contain
  a marker, none may be a server error, and afterwards A's rows are byte-for-byte as
  before and nothing of B's points at A's personal data.
- The same GET sweep runs as the national board's analyst (no notes at all) and as C, the
  receiver of A's referral (the referral's reason and wish, nothing else of A's).
- Positive controls show the sweeps can fail: once X consents to sharing, B sees the
  contact person and notes; C sees the referral; reads land in the access log.
"""

import html
import itertools
import json
import re

import pytest
from django.db.models import Q
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter
from django.utils import timezone

from indgang.audit.models import AccessLogEntry, Action
from indgang.crm.models import (
    CompanySegment,
    Consent,
    ContactPerson,
    ContactRequest,
    Entrepreneur,
    Interaction,
    NeedsAssessment,
    Participant,
    Referral,
    ReferralEvent,
)
from indgang.crm.referrals import services as referrals_services
from indgang.crm.tests.factories import (
    CompanyFactory,
    OperatorFactory,
    company_file,
    staff,
    viewer_for,
)
from indgang.crm.tests.support import consent_in_meeting
from indgang.organisations.models import Level, OrganisationType, Role

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """The people here log in with force_login or tokens: skip the slow password hash."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


API_PREFIX = "/api/v1/crm/"


# --- The world: operators A, B, C and the national board ---------------------------------


@pytest.fixture
def world():
    a = OperatorFactory(id="eh-attack-a", name="Erhvervshus A")
    b = OperatorFactory(id="eh-attack-b", name="Erhvervshus B")
    c = OperatorFactory(
        id="les-attack-c",
        name="Erhvervsservice C",
        type=OrganisationType.LOKAL_ERHVERVSSERVICE,
        level=Level.LOKAL,
    )
    board = OperatorFactory(
        id="board-attack",
        name="Bestyrelsen",
        type=OrganisationType.STATSLIG,
        is_national_board=True,
    )
    alice = staff(a, Role.CONSULTANT, full_name="Alice A")
    staff(a, Role.MANAGER, full_name="Anders A")
    bob = staff(b, Role.CONSULTANT, full_name="Bob B")
    bente = staff(b, Role.ADMIN, full_name="Bente B")
    carl = staff(c, Role.CONSULTANT, full_name="Carl C")
    nora = staff(board, Role.ANALYST, full_name="Nora Board")

    x = CompanyFactory(name="Xylofon Fabrik ApS")
    a_file = company_file(a, company=x, consultant=alice.person, marker="ZQXA", refer_to=c)
    # B has a file of its own on another company, so B's pages have something to show.
    b_file = company_file(b, consultant=bob.person, marker="YBQW", refer_to=a)
    # A contact request from the one entry, held by A as a referral from the company.
    request = ContactRequest.objects.create(
        operator=a,
        cvr=x.cvr,
        company_name=x.name,
        contact_name="Hanne ZQXAFORESPOERGER",
        email="hanne.zqxaforesp@firma.example.dk",
        phone="+45 ZQXA11223344",
        needs_text="ZQXABEHOVTEKST we need capital",
        needs=["finansiering"],
        consent_text="ok",
        consent_given_at=timezone.now(),
    )
    a_file.referrals.append(referrals_services.referral_from_contact_request(request))
    a_file.secrets += ["ZQXAFORESPOERGER", "zqxaforesp", "ZQXA11223344", "ZQXABEHOVTEKST"]
    return {
        "a": a,
        "b": b,
        "c": c,
        "alice": alice,
        "bob": bob,
        "bente": bente,
        "carl": carl,
        "nora": nora,
        "x": x,
        "a_file": a_file,
        "b_file": b_file,
    }


def _a_ids(world) -> list[int]:
    a = world["a"]
    ids = set(world["a_file"].ids())
    for model in (ContactPerson, Interaction, NeedsAssessment, Entrepreneur, Referral):
        ids |= set(model.objects.filter(organisation=a).values_list("pk", flat=True))
    ids |= set(CompanySegment.objects.filter(organisation=a).values_list("pk", flat=True))
    ids |= set(Consent.objects.filter(organisation=a).values_list("pk", flat=True))
    # ...and one that does not exist yet, which must look the same.
    return sorted(ids) + [max(ids) + 1]


def _a_cvrs(world) -> list[str]:
    return [world["x"].cvr]


# --- Finding every page and every API operation -----------------------------------------


def crm_patterns():
    """(namespace, URLPattern) for every URL pattern under the ``crm`` namespace."""
    found = []

    def walk(patterns, namespaces):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(
                    pattern.url_patterns, namespaces + [pattern.namespace] * bool(pattern.namespace)
                )
            elif isinstance(pattern, URLPattern) and namespaces[:1] == ["crm"]:
                found.append((":".join(namespaces), pattern))

    walk(get_resolver().url_patterns, [])
    return found


def crm_urls(cvrs: list[str], ids: list[int]) -> list[str]:
    """Every crm URL with every combination of ``cvrs`` and ``ids`` for its arguments."""
    urls = []
    for namespace, pattern in crm_patterns():
        assert pattern.name, f"an unnamed crm URL pattern cannot be attacked: {pattern}"
        names = list(pattern.pattern.regex.groupindex)
        converters = getattr(pattern.pattern, "converters", {})
        choices = []
        for name in names:
            if "cvr" in name:
                choices.append(cvrs)
            elif isinstance(converters.get(name), IntConverter):
                choices.append(ids)
            else:
                choices.append([*cvrs, *map(str, ids)])
        for values in itertools.product(*choices):
            try:
                urls.append(
                    reverse(
                        f"{namespace}:{pattern.name}", kwargs=dict(zip(names, values, strict=True))
                    )
                )
            except NoReverseMatch:
                continue
    return sorted(set(urls))


def api_operations(client) -> list[tuple[str, str, dict]]:
    """(method, path template, operation) for every /api/v1/crm/ operation in the schema."""
    schema = client.get("/api/v1/openapi.json").json()
    ops = []
    for path, methods in schema["paths"].items():
        if path.startswith(API_PREFIX):
            for method, operation in methods.items():
                ops.append((method.upper(), path, operation))
    return ops, schema


def api_urls(path: str, cvrs: list[str], ids: list[int]) -> list[str]:
    names = re.findall(r"{(\w+)}", path)
    choices = [cvrs if "cvr" in name else ids for name in names]
    urls = []
    for values in itertools.product(*choices):
        url = path
        for name, value in zip(names, values, strict=True):
            url = url.replace("{" + name + "}", str(value))
        urls.append(url)
    return urls


def plausible_values(world) -> dict:
    """What an attacker who guessed A's ids would send, by field name."""
    f = world["a_file"]
    today = timezone.localdate().isoformat()
    return {
        "cvr": world["x"].cvr,
        "version": 1,
        "contact_ids": [f.contact.pk],
        "contacts": [f.contact.pk],
        "contact": f.contact.pk,
        "entrepreneur_id": f.entrepreneur.pk,
        "entrepreneur": f.entrepreneur.pk,
        "participant_entrepreneur_ids": [f.entrepreneur.pk],
        "participant_cvrs": [world["x"].cvr],
        "interaction_id": f.interaction.pk,
        "interaction": f.interaction.pk,
        "status": "accepted",
        "segment": "key_account",
        "key_account_owner_email": world["alice"].person.email,
        "key_account_owner": world["alice"].person.pk,
        "to_person_email": world["alice"].person.email,
        "to_organisation_id": world["a"].pk,
        "to_organisation": world["a"].pk,
        "type": "one_to_one",
        "date": today,
        "date_from": "2000-01-01",
        "date_to": today,
        "themes": ["eksport"],
        "growth_mapping": {"financing": {"rating": 3, "note": "attack"}},
        "email": "attacker@example.dk",
        "municipality_code": "101",
        "municipality": "101",
        "offer_id": None,
        "direction": "all",
        "q": "ZQXA",
        "given_by": "Attacker",
    }


def plausible_body(node, schema, values, name=""):
    """A body for a JSON schema ``node``: known names get ``values``, others a dummy."""
    while "$ref" in node:
        node = schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[1]]
    if name in values:
        return values[name]
    if "anyOf" in node:
        options = [o for o in node["anyOf"] if o.get("type") != "null"]
        return plausible_body(options[0], schema, values, name) if options else None
    if "allOf" in node:
        return plausible_body(node["allOf"][0], schema, values, name)
    kind = node.get("type")
    if "enum" in node:
        return node["enum"][0]
    if kind == "object":
        return {
            key: plausible_body(sub, schema, values, key)
            for key, sub in node.get("properties", {}).items()
        }
    if kind == "array":
        return [plausible_body(node.get("items", {}), schema, values, name)]
    if kind == "integer":
        return 1
    if kind == "number":
        return 1.0
    if kind == "boolean":
        return True
    if node.get("format") == "date":
        return timezone.localdate().isoformat()
    if node.get("format") == "date-time":
        return timezone.now().isoformat()
    return "attack"


def plausible_form(world) -> dict:
    """A form post naming A's records wherever a page might take them."""
    values = plausible_values(world)
    form = {
        key: value
        for key, value in values.items()
        if value is not None and not isinstance(value, dict)
    }
    form.update(
        note="attack",
        title="attack",
        name="Attacker",
        phone="12345678",
        reason="attack",
        company_wants="attack",
        decline_reason="attack",
        expressed_note="attack",
        observed_note="attack",
        next_step="attack",
        idea="attack",
        text="attack",
        action="export",
        confirm="on",
        legal_basis="public_task",
    )
    return form


# --- What must hold after each answer -----------------------------------------------------


def assert_nothing_secret(response, secrets, where):
    assert response.status_code < 500, f"{where} answered {response.status_code}"
    text = response.content.decode("utf-8", errors="replace")
    text = html.unescape(text).lower()
    leaked = [s for s in secrets if s.lower() in text]
    assert not leaked, f"{where} shows {leaked} ({response.status_code})"


def snapshot(organisation) -> dict:
    """Every row A holds, with the links between them, to compare before and after."""
    rows = {}
    for model in (ContactPerson, Interaction, NeedsAssessment, Entrepreneur, Referral):
        rows[model.__name__] = list(
            model.objects.filter(organisation=organisation).order_by("pk").values()
        )
    rows["segments"] = list(
        CompanySegment.objects.filter(organisation=organisation).order_by("pk").values()
    )
    rows["consents"] = list(Consent.objects.order_by("pk").values())
    rows["events"] = list(
        ReferralEvent.objects.filter(referral__organisation=organisation).order_by("pk").values()
    )
    rows["participants"] = list(
        Participant.objects.filter(interaction__organisation=organisation).order_by("pk").values()
    )
    rows["interaction_contacts"] = list(
        Interaction.contacts.through.objects.filter(interaction__organisation=organisation)
        .order_by("pk")
        .values()
    )
    rows["interaction_themes"] = list(
        Interaction.themes.through.objects.filter(interaction__organisation=organisation)
        .order_by("pk")
        .values()
    )
    return rows


def assert_nothing_points_at(organisation):
    """No other operator's record uses A's contact persons or entrepreneurs."""
    others = ~Q(interaction__organisation=organisation)
    assert not Interaction.contacts.through.objects.filter(
        others, contactperson__organisation=organisation
    ).exists()
    assert not Participant.objects.filter(others, entrepreneur__organisation=organisation).exists()
    for model in (Interaction, NeedsAssessment, Referral):
        assert (
            not model.objects.filter(entrepreneur__organisation=organisation)
            .exclude(organisation=organisation)
            .exists()
        ), model.__name__


def sweep_pages(client, world, secrets, *, post: bool):
    urls = crm_urls(_a_cvrs(world), _a_ids(world))
    consents = set(Consent.objects.values_list("pk", flat=True))
    query = {k: v for k, v in plausible_form(world).items() if not isinstance(v, list)}
    for url in urls:
        assert_nothing_secret(client.get(url), secrets, f"GET {url}")
        assert_nothing_secret(client.get(url, query), secrets, f"GET {url}?...")
        if post:
            response = client.post(url, plausible_form(world))
            assert_nothing_secret(response, secrets, f"POST {url}")
            # Recording a consent is open to every operator (the company may tell anyone);
            # one recorded here would open A's file for the rest of the sweep.
            Consent.objects.exclude(pk__in=consents).delete()
    return urls


def sweep_api(client, world, secrets, *, mutate: bool):
    operations, schema = api_operations(client)
    values = plausible_values(world)
    consents = set(Consent.objects.values_list("pk", flat=True))
    tried = []
    for method, path, operation in operations:
        if method != "GET" and not mutate:
            continue
        query = {
            p["name"]: values[p["name"]]
            for p in operation.get("parameters", [])
            if p["in"] == "query" and values.get(p["name"]) is not None
        }
        body = None
        if "requestBody" in operation:
            content = operation["requestBody"]["content"]["application/json"]["schema"]
            body = plausible_body(content, schema, values)
        for url in api_urls(path, _a_cvrs(world), _a_ids(world)):
            if method == "GET":
                response = client.get(url, query)
            else:
                response = client.generic(
                    method, url, json.dumps(body or {}), content_type="application/json"
                )
            assert_nothing_secret(response, secrets, f"{method} {url}")
            Consent.objects.exclude(pk__in=consents).delete()
        tried.append((method, path))
    return tried


# --- (a) another operator's consultant -------------------------------------------------


def test_another_operators_consultant_sees_and_changes_nothing_of_a(client, world):
    a, secrets = world["a"], world["a_file"].secrets
    before = snapshot(a)
    client.force_login(world["bob"].person)

    urls = sweep_pages(client, world, secrets, post=True)
    tried = sweep_api(client, world, secrets, mutate=True)

    assert snapshot(a) == before
    assert_nothing_points_at(a)
    # The sweeps really reached the pages and the operations (they grow with the app).
    assert any("/crm/" in u for u in urls), "no crm page was found to attack"
    assert ("GET", "/api/v1/crm/interactions/{interaction_id}") in tried
    assert ("PATCH", "/api/v1/crm/contacts/{contact_id}") in tried
    assert ("POST", "/api/v1/crm/referrals/{referral_id}/status") in tried


def test_another_operators_administrator_sees_nothing_of_a(client, world):
    client.force_login(world["bente"].person)
    sweep_pages(client, world, world["a_file"].secrets, post=False)
    sweep_api(client, world, world["a_file"].secrets, mutate=False)


def test_guessed_ids_answer_404_like_missing_ones(client, world):
    """A record that exists but is not yours looks exactly like one that does not exist."""
    f = world["a_file"]
    client.force_login(world["bob"].person)
    for path in (
        f"/api/v1/crm/contacts/{f.contact.pk}",
        f"/api/v1/crm/interactions/{f.interaction.pk}",
        f"/api/v1/crm/needs-assessments/{f.assessment.pk}",
        f"/api/v1/crm/entrepreneurs/{f.entrepreneur.pk}",
        f"/api/v1/crm/referrals/{f.referrals[0].pk}",
    ):
        hidden = client.get(path)
        missing = client.get(re.sub(r"\d+$", "999999", path))
        assert hidden.status_code == missing.status_code == 404
        assert hidden.json() == missing.json()
    patch = client.patch(
        f"/api/v1/crm/contacts/{f.contact.pk}",
        {"version": 1, "name": "Overwritten"},
        content_type="application/json",
    )
    assert patch.status_code == 404
    f.contact.refresh_from_db()
    assert f.contact.name != "Overwritten"


def test_another_operators_administrator_cannot_export_or_erase_what_a_holds(client, world):
    """B's data protection officer asks for the data of people A holds: B's answer covers
    B's records only, and erasing touches nothing of A's."""
    f, a = world["a_file"], world["a"]
    url = reverse("privacy:person_data")
    before = snapshot(a)
    client.force_login(world["bente"].person)
    for email in (f.contact.email, f.entrepreneur.email):
        # The answer may repeat the email asked about; nothing else of A's.
        secrets = [s for s in f.secrets if s.lower() not in email.lower()]
        exported = client.post(url, {"email": email, "export": "1"})
        assert exported.status_code == 200
        data = json.loads(exported.content)
        assert data["contact_persons"] == data["entrepreneurs"] == data["interactions"] == []
        assert_nothing_secret(exported, secrets, f"export {email}")
        assert_nothing_secret(client.post(url, {"email": email, "erase": "1"}), secrets, email)
    assert snapshot(a) == before

    # The same request by A's own administrator does find the person (the test can fail).
    client.force_login(staff(a, Role.ADMIN).person)
    data = json.loads(client.post(url, {"email": f.contact.email, "export": "1"}).content)
    assert [c["name"] for c in data["contact_persons"]] == [f.contact.name]


# --- (b) the national board's analyst ------------------------------------------------------


def test_national_board_analyst_sees_no_notes(client, world):
    client.force_login(world["nora"].person)
    sweep_pages(client, world, world["a_file"].secrets + world["b_file"].secrets, post=False)
    sweep_api(client, world, world["a_file"].secrets + world["b_file"].secrets, mutate=False)
    # ...even where the company consented to sharing: analysts see aggregates only.
    consent_in_meeting(viewer_for(world["alice"]), world["x"], given_by="Direktøren")
    response = client.get(f"/api/v1/crm/companies/{world['x'].cvr}/contacts")
    assert response.status_code == 200 and response.json() == []
    assert (
        client.get(f"/api/v1/crm/interactions/{world['a_file'].interaction.pk}").status_code == 404
    )
    # The timeline, which holds no content, is theirs to see.
    timeline = client.get(f"/api/v1/crm/companies/{world['x'].cvr}/timeline").json()
    assert {e["operator_id"] for e in timeline["entries"]} >= {"eh-attack-a"}
    assert all(e["record_id"] is None for e in timeline["entries"])


# --- (c) with the company's consent, B does see A's file ------------------------------------


def test_after_consent_other_operators_see_contacts_and_notes(client, world):
    f, x = world["a_file"], world["x"]
    client.force_login(world["bob"].person)
    company_page = reverse("crm:company", kwargs={"cvr": x.cvr})
    assert "ZQXAkontaktsen" not in client.get(company_page).content.decode()
    assert client.get(f"/api/v1/crm/companies/{x.cvr}/contacts").json() == []

    consent = consent_in_meeting(viewer_for(world["alice"]), x, given_by="Direktøren")

    page = html.unescape(client.get(company_page).content.decode())
    assert "Gudrun ZQXAkontaktsen" in page
    assert "ZQXANOTE" in page
    contacts = client.get(f"/api/v1/crm/companies/{x.cvr}/contacts").json()
    assert [c["name"] for c in contacts] == ["Gudrun ZQXAkontaktsen"]
    note = client.get(f"/api/v1/crm/interactions/{f.interaction.pk}").json()["note"]
    assert note.startswith("ZQXANOTE")
    assessments = client.get(f"/api/v1/crm/companies/{x.cvr}/needs-assessments").json()
    assert [a["expressed_note"] for a in assessments] == [f.assessment.expressed_note]
    # Seeing is not changing: the record stays A's.
    response = client.patch(
        f"/api/v1/crm/contacts/{f.contact.pk}",
        {"version": f.contact.version, "name": "Overwritten"},
        content_type="application/json",
    )
    assert response.status_code == 403
    # B's reads of A's records are in the access log, A as the holder.
    assert AccessLogEntry.objects.filter(
        action=Action.READ,
        person=world["bob"].person,
        acting_organisation_id="eh-attack-b",
        owner_organisation_id="eh-attack-a",
        record_type="contactperson",
        record_id=str(f.contact.pk),
    ).exists()
    # The entrepreneur's records are about a person, not the company: no consent covers them.
    assert client.get(f"/api/v1/crm/entrepreneurs/{f.entrepreneur.pk}").status_code == 404
    assert (
        client.get(f"/api/v1/crm/interactions/{f.entrepreneur_interaction.pk}").status_code == 404
    )

    # B cannot withdraw A's consent; A withdraws it, and it is closed again.
    assert client.post(f"/api/v1/crm/consents/{consent.pk}/withdraw").status_code == 403
    client.force_login(world["alice"].person)
    assert client.post(f"/api/v1/crm/consents/{consent.pk}/withdraw").status_code == 200
    client.force_login(world["bob"].person)
    assert client.get(f"/api/v1/crm/companies/{x.cvr}/contacts").json() == []
    assert "ZQXAkontaktsen" not in client.get(company_page).content.decode()


# --- (d) the receiver of a referral ------------------------------------------------------


def test_referral_receiver_sees_the_referral_and_nothing_else(client, world):
    f = world["a_file"]
    to_c = f.referrals[0]
    client.force_login(world["carl"].person)

    detail = client.get(f"/api/v1/crm/referrals/{to_c.pk}").json()
    assert detail["reason"].startswith("ZQXAHENVISNING")
    assert detail["company_wants"].startswith("ZQXAOENSKE")
    page = html.unescape(
        client.get(reverse("crm:referral", kwargs={"pk": to_c.pk})).content.decode()
    )
    assert "ZQXAHENVISNING" in page and "ZQXAOENSKE" in page

    allowed = {"ZQXAHENVISNING", "ZQXAOENSKE"}
    others = [s for s in f.secrets if s not in allowed]
    sweep_pages(client, world, others, post=False)
    sweep_api(client, world, others, mutate=False)


def test_referral_receiver_answers_and_the_sender_cannot(client, world):
    to_c = world["a_file"].referrals[0]
    client.force_login(world["alice"].person)
    response = client.post(
        f"/api/v1/crm/referrals/{to_c.pk}/status",
        {"status": "accepted", "version": to_c.version},
        content_type="application/json",
    )
    assert response.status_code == 403
    client.force_login(world["carl"].person)
    response = client.post(
        f"/api/v1/crm/referrals/{to_c.pk}/status",
        {"status": "accepted", "version": to_c.version},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "accepted"


# --- (e) anonymous visitors ----------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_login(client, world):
    secrets = world["a_file"].secrets
    login = reverse("login")
    urls = crm_urls(_a_cvrs(world), _a_ids(world))
    for url in urls:
        for response in (client.get(url), client.post(url, plausible_form(world))):
            assert_nothing_secret(response, secrets, url)
            assert response.status_code == 302, url
            assert response["Location"].startswith(login), url
    operations, schema = api_operations(client)
    assert operations
    values = plausible_values(world)
    for method, path, _operation in operations:
        for url in api_urls(path, _a_cvrs(world), _a_ids(world))[:3]:
            body = json.dumps(values)
            response = client.generic(method, url, body, content_type="application/json")
            assert response.status_code == 401, f"{method} {url}"
            assert_nothing_secret(response, secrets, url)


# --- The access log ---------------------------------------------------------------------


def test_reading_notes_and_contacts_is_logged(client, world):
    f = world["a_file"]
    alice = world["alice"].person
    client.force_login(alice)
    last = _last_log_pk()

    assert client.get(f"/api/v1/crm/interactions/{f.interaction.pk}").status_code == 200
    assert client.get(f"/api/v1/crm/companies/{world['x'].cvr}/contacts").status_code == 200
    assert client.get(f"/api/v1/crm/contacts/{f.contact.pk}").status_code == 200

    rows = AccessLogEntry.objects.filter(pk__gt=last)
    seen = {(r.record_type, r.record_id, r.action, r.channel, r.person_id) for r in rows}
    assert ("interaction", str(f.interaction.pk), Action.READ, "api", alice.pk) in seen
    assert ("contactperson", str(f.contact.pk), Action.READ, "api", alice.pk) in seen
    assert all(r.cvr == world["x"].cvr for r in rows if r.record_type == "contactperson")

    # The pages log their reads as well.
    last = _last_log_pk()
    response = client.get(reverse("crm:interaction", kwargs={"pk": f.interaction.pk}))
    assert response.status_code == 200
    assert AccessLogEntry.objects.filter(
        pk__gt=last,
        record_type="interaction",
        record_id=str(f.interaction.pk),
        action=Action.READ,
        person=alice,
    ).exists()

    # A timeline holds no content and is not logged; a refused read is not a read.
    client.force_login(world["bob"].person)
    last = _last_log_pk()
    client.get(f"/api/v1/crm/companies/{world['x'].cvr}/timeline")
    client.get(f"/api/v1/crm/interactions/{f.interaction.pk}")
    assert not AccessLogEntry.objects.filter(pk__gt=last).exists()


def _last_log_pk() -> int:
    return AccessLogEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def test_the_timeline_is_open_to_all_staff_without_content(client, world):
    client.force_login(world["bob"].person)
    timeline = client.get(f"/api/v1/crm/companies/{world['x'].cvr}/timeline").json()
    a_entries = [e for e in timeline["entries"] if e["operator_id"] == "eh-attack-a"]
    assert {e["kind"] for e in a_entries} == {"interaction", "referral"}
    assert all(e["record_id"] is None for e in a_entries)
    assert any(
        k["organisation_id"] == "eh-attack-a" and k["segment"] == "key_account"
        for k in timeline["key_accounts"]
    )
    # The one-to-one session (two themes) and the event X took part in (one).
    assert sorted(len(e["themes"]) for e in a_entries if e["kind"] == "interaction") == [1, 2]
    # A's own records are openable from the same timeline.
    client.force_login(world["alice"].person)
    own = client.get(f"/api/v1/crm/companies/{world['x'].cvr}/timeline").json()["entries"]
    assert {e["record_id"] for e in own if e["operator_id"] == "eh-attack-a"} - {None}
