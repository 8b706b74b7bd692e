"""Limits that hold, no server error from hostile input, and the deployment settings
(decision 0017), through the doors a visitor uses: pages, the API, the command line."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.cache import cache

from indgang.organisations.tests.factories import PASSWORD, PersonFactory

pytestmark = pytest.mark.django_db

PROJECT = Path(__file__).resolve().parents[4]


@pytest.mark.parametrize(
    "url",
    [
        "/tilbud/?q=%00",
        "/api/v1/offers/?q=%00",
        "/api/v1/offers/%00",
        "/api/v1/reference/municipalities?region_code=%00",
        "/find-tilbud/?text=a%00b",
    ],
)
def test_a_nul_byte_anywhere_is_a_bad_request(client, url):
    response = client.get(url)
    assert response.status_code == 400
    if url.startswith("/api/"):
        assert (
            response.json()["detail"]
            == "Forespørgslen indeholder et NUL-tegn, hvilket ikke er tilladt."
        )
    else:
        assert "Ugyldig forespørgsel" in response.content.decode()


def test_a_nul_byte_in_a_form_or_json_body_is_refused(client):
    assert client.post("/konto/login/", {"username": "a\x00", "password": "x"}).status_code == 400
    response = client.post(
        "/api/v1/guide/match",
        '{"company": {"cvr": "1\\u0000"}}',
        content_type="application/json",
    )
    # in a JSON body, the API's validation answer naming the field
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "company.cvr", "message": "Et NUL-tegn er ikke tilladt."}
    ]
    # an escaped backslash before "u0000" is text, not a NUL byte
    response = client.post(
        "/api/v1/guide/match", '{"text": "eksport\\\\u0000"}', content_type="application/json"
    )
    assert response.status_code == 200


def test_a_very_long_search_is_answered(client):
    assert client.get("/tilbud/", {"q": "eksport " * 7000}).status_code == 200
    response = client.get("/api/v1/offers/", {"q": "x" * 50_000})
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "q"


def test_an_unknown_theme_or_municipality_in_the_offers_api_is_named(client):
    response = client.get("/api/v1/offers/", {"theme": "no-such-theme"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "theme"
    response = client.get("/api/v1/offers/", {"municipality": "999"})
    assert response.json()["errors"][0]["field"] == "municipality"


def test_the_schema_lists_the_error_answers_and_the_allowed_codes(client):
    schema = client.get("/api/v1/openapi.json").json()
    detail = schema["paths"]["/api/v1/companies/{cvr}"]["get"]["responses"]
    assert {"401", "403", "404", "422"} <= set(detail)
    offers = schema["paths"]["/api/v1/offers/"]["get"]
    assert "429" in offers["responses"]
    themes = next(p for p in offers["parameters"] if p["name"] == "theme")
    assert "eksport" in themes["schema"]["items"]["enum"]
    municipality = next(p for p in offers["parameters"] if p["name"] == "municipality")
    assert "101" in municipality["schema"]["items"]["enum"]


def login(client, email, password, **extra):
    return client.post("/konto/login/", {"username": email, "password": password}, **extra)


def test_failed_logins_lock_out_the_account_with_a_danish_message(client, settings):
    settings.AXES_FAILURE_LIMIT = 3
    person = PersonFactory()
    codes = [login(client, person.email, "forkert").status_code for _ in range(3)]
    assert codes == [200, 200, 429]  # the third failure locks
    # locked: even the right password is refused until the cool-down has passed
    response = login(client, person.email, PASSWORD)
    assert response.status_code == 429
    assert "Login er spærret for denne konto eller denne adresse" in response.content.decode()
    # from another address too: the account itself is locked
    assert login(client, person.email, PASSWORD, REMOTE_ADDR="192.0.2.9").status_code == 429


def test_failed_logins_lock_out_the_address_whatever_the_account(client, settings):
    settings.AXES_FAILURE_LIMIT = 3
    person = PersonFactory()
    for n in range(3):
        login(client, f"nobody{n}@example.dk", "forkert", REMOTE_ADDR="192.0.2.7")
    assert login(client, person.email, PASSWORD, REMOTE_ADDR="192.0.2.7").status_code == 429
    assert login(client, person.email, PASSWORD, REMOTE_ADDR="192.0.2.8").status_code == 302


def offers(client, forwarded):
    return client.get("/api/v1/offers/", HTTP_X_FORWARDED_FOR=forwarded).status_code


def test_a_client_cannot_escape_the_limit_by_rotating_x_forwarded_for(client, settings):
    settings.OFFERS_API_RATE = "3/m"
    cache.clear()
    codes = [offers(client, f"203.0.113.{n}") for n in range(4)]
    assert codes == [200, 200, 200, 429]


def test_behind_one_trusted_proxy_the_address_it_saw_counts(client, settings):
    settings.OFFERS_API_RATE = "2/m"
    settings.TRUSTED_PROXIES = settings.NINJA_NUM_PROXIES = 1
    cache.clear()
    # the client forges the left part; the proxy appends the address it saw
    assert [offers(client, f"10.0.0.{n}, 198.51.100.1") for n in range(3)] == [200, 200, 429]
    assert offers(client, "10.0.0.1, 198.51.100.2") == 200


def test_the_limit_counters_live_in_the_shared_database_cache(settings):
    assert settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    cache.set("limit-probe", 1)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM indgang_cache")
        assert cursor.fetchone()[0] >= 1


def test_every_page_has_a_content_security_policy_without_inline_scripts(client):
    response = client.get("/")
    policy = response.headers["Content-Security-Policy"]
    assert (
        "script-src 'self'" in policy
        and "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    )
    templates = (PROJECT / "src" / "indgang").rglob("*.html")
    inline = [
        str(t) for t in templates if "<script>" in t.read_text() or " onchange=" in t.read_text()
    ]
    assert inline == []


def test_check_deploy_gives_no_warning_with_https_on(tmp_path):
    env = {
        **os.environ,
        "HTTPS": "1",
        "DEBUG": "0",
        "SECRET_KEY": "k" * 20 + "-a-long-random-secret-key-for-the-deploy-check-0123456789",
        "ALLOWED_HOSTS": "indgang.example.dk",
        "INDGANG_VAR_DIR": str(tmp_path),
    }
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "-m", "indgang", "check", "--deploy", "--fail-level", "WARNING"],
        capture_output=True,
        text=True,
        env=env,
        cwd=PROJECT,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues (0 silenced)" in result.stdout


def test_an_event_date_is_written_as_a_date_between_1900_and_next_year():
    from pydantic import BaseModel, ValidationError

    from indgang.core.public import EventDate

    class Body(BaseModel):
        date: EventDate

    assert str(Body(date="2024-05-01").date) == "2024-05-01"
    for value in (0, "0", "1899-12-31", "2999-01-01"):
        with pytest.raises(ValidationError):
            Body(date=value)
