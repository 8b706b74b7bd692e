"""Every user-facing string has a Danish translation (Danish first)."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command

PACKAGE = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(
    shutil.which("xgettext") is None, reason="needs GNU gettext: make test installs it"
)
def test_every_message_has_a_danish_translation(tmp_path, settings):
    locale = tmp_path / "locale"
    shutil.copytree(PACKAGE / "locale", locale)
    settings.LOCALE_PATHS = [locale]
    cwd = os.getcwd()
    os.chdir(PACKAGE)
    try:
        call_command("makemessages", locale=["da"], verbosity=0, no_obsolete=True)
    finally:
        os.chdir(cwd)
    po = locale / "da" / "LC_MESSAGES" / "django.po"
    missing = subprocess.run(
        ["msgattrib", "--untranslated", "--no-obsolete", str(po)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    fuzzy = subprocess.run(
        ["msgattrib", "--only-fuzzy", "--no-obsolete", str(po)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    untranslated = [line for line in missing.splitlines() if line.startswith("msgid ")][1:]
    assert not untranslated, "Strings without a Danish translation:\n" + "\n".join(untranslated)
    assert "msgid" not in fuzzy.replace('msgid ""', "", 1), "Fuzzy Danish translations:\n" + fuzzy
