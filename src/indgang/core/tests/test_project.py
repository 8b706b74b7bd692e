"""The project as a newcomer meets it: the console script and the settings from the environment."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

BIN = Path(sys.executable).parent


def settings_with(env: dict) -> dict:
    code = (
        "import json, django; from django.conf import settings; django.setup(); "
        "db = settings.DATABASES['default']; "
        "print(json.dumps({'debug': settings.DEBUG, 'engine': db['ENGINE'],"
        " 'name': str(db['NAME']),"
        " 'host': db.get('HOST'), 'hosts': settings.ALLOWED_HOSTS,"
        " 'secure_cookies': settings.SESSION_COOKIE_SECURE, 'key': settings.SECRET_KEY}))"
    )
    clean = {
        k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DEBUG", "SECRET_KEY"}
    }
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**clean, "DJANGO_SETTINGS_MODULE": "indgang.settings", **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


def test_safe_defaults_without_environment(tmp_path):
    s = settings_with({"INDGANG_VAR_DIR": str(tmp_path)})
    assert s["debug"] is False
    assert s["secure_cookies"] is True
    assert s["hosts"] == ["localhost", "127.0.0.1", "[::1]"]
    assert s["engine"] == "django.db.backends.sqlite3"
    assert s["name"] == str(tmp_path / "indgang.sqlite3")
    assert len(s["key"]) > 40 and (tmp_path / "secret_key").read_text() == s["key"]


def test_settings_come_from_the_environment(tmp_path):
    s = settings_with(
        {
            "INDGANG_VAR_DIR": str(tmp_path),
            "DATABASE_URL": "postgres://indgang:hemmelig@db.example:5433/indgang",
            "DEBUG": "1",
            "SECRET_KEY": "k" * 50,
            "ALLOWED_HOSTS": "indgang.example.dk, www.indgang.example.dk",
        }
    )
    assert s["debug"] is True and s["secure_cookies"] is False
    assert s["engine"] == "django.db.backends.postgresql"
    assert (s["name"], s["host"]) == ("indgang", "db.example")
    assert s["hosts"] == ["indgang.example.dk", "www.indgang.example.dk"]
    assert s["key"] == "k" * 50


def test_the_indgang_command_works_like_manage_py():
    result = subprocess.run([BIN / "indgang", "help"], capture_output=True, text=True, check=True)
    for command in ["migrate", "runserver", "shell", "demo", "create_api_token"]:
        assert command in result.stdout


@pytest.mark.django_db
def test_system_checks_pass_and_every_model_change_has_its_migration():
    # `make run` migrates, and migrate refuses to start on a failed check (an admin
    # naming a removed field, say); a model changed without a migration breaks a deploy.
    call_command("check", fail_level="WARNING")
    call_command("makemigrations", check=True, dry_run=True, verbosity=0)


@pytest.mark.django_db
def test_start_page_and_health_check(client):
    html = client.get("/").content.decode()
    assert "Én indgang til erhvervsfremmesystemet" in html
    assert 'href="#main-content"' in html and '<main id="main-content"' in html
    assert client.get("/healthz").json() == {"status": "ok"}


@pytest.mark.django_db
def test_unknown_pages_are_404_not_500(client):
    assert client.get("/findes-ikke/").status_code == 404
    assert client.get("/api/v1/findes-ikke").status_code == 404
