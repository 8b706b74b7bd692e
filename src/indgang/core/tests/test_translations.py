"""Every user-facing string has a Danish translation (Danish first).

Messages are extracted afresh from a copy of the package (so nothing in the work tree
changes) into the project catalogue and each app's own ``locale/`` catalogue; any Danish
entry left untranslated or fuzzy fails the test with its text.
"""

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command

PACKAGE = Path(__file__).resolve().parents[2]


def entries(po: Path, flag: str) -> list[str]:
    out = subprocess.run(
        ["msgattrib", flag, "--no-obsolete", str(po)], capture_output=True, text=True, check=True
    ).stdout
    return [line for line in out.splitlines() if line.startswith("msgid ") and line != 'msgid ""']


@pytest.mark.skipif(
    shutil.which("xgettext") is None, reason="needs GNU gettext: make test installs it"
)
def test_every_message_has_a_danish_translation(tmp_path, settings):
    copy = tmp_path / "indgang"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo", "data"))
    settings.LOCALE_PATHS = [copy / "locale"]
    cwd = os.getcwd()
    os.chdir(copy)
    try:
        call_command("makemessages", locale=["da"], verbosity=0, no_obsolete=True)
    finally:
        os.chdir(cwd)
    problems = []
    for po in sorted(copy.rglob("da/LC_MESSAGES/django.po")):
        where = po.relative_to(copy)
        problems += [f"{where}: untranslated {m}" for m in entries(po, "--untranslated")]
        problems += [f"{where}: fuzzy {m}" for m in entries(po, "--only-fuzzy")]
    assert not problems, "Danish translations missing:\n" + "\n".join(problems)
