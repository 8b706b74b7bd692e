"""On SQLite, an erased person leaves no old value in the database's files (decision 0019):
the write-ahead log, which still holds the pages as they were before the erasure, is moved
into the database file and truncated, and ``secure_delete`` overwrites what is deleted."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

MARKER = "zqx-erased-marker@eksempel.dk"

# Run in a server-like process: the files are read while its connection is still open (a
# closing connection would checkpoint the log itself and hide what a running server keeps).
SCRIPT = f"""
from pathlib import Path

from django.conf import settings

from indgang.crm.models import ContactPerson
from indgang.crm.tests.factories import CompanyFactory, OperatorFactory, staff, viewer_for
from indgang.organisations.models import Role
from indgang.privacy import services

operator = OperatorFactory(id="lokal-fil")
ContactPerson.objects.create(
    company=CompanyFactory(), organisation=operator, name="Zqx Filsen", email="{MARKER}"
)
services.erase_person(viewer_for(staff(operator, Role.ADMIN)), "{MARKER}")
database = Path(settings.DATABASES["default"]["NAME"])
for path in database.parent.glob(database.name + "*"):
    if b"{MARKER}" in path.read_bytes():
        print("FOUND IN", path.name)
print("CHECKED")
"""


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite files only")
def test_an_erased_email_is_in_no_file_of_the_database(tmp_path: Path):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    run = {"env": env, "check": True, "capture_output": True, "text": True, "timeout": 300}
    subprocess.run([sys.executable, "-m", "indgang", "migrate", "-v0"], **run)
    checked = subprocess.run([sys.executable, "-m", "indgang", "shell", "-c", SCRIPT], **run)
    assert "CHECKED" in checked.stdout
    assert "FOUND" not in checked.stdout, checked.stdout
