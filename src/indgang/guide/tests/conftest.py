import json
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.management import call_command

SHARED = Path(__file__).resolve().parents[4].parent / "shared" / "catalog"


@pytest.fixture(autouse=True)
def _fresh_guide(settings):
    from indgang.guide.matching import forget

    settings.GUIDE_ANON_RATE = "100000/m"
    cache.clear()
    forget()


@pytest.fixture(scope="module")
def shared_catalog(django_db_setup, django_db_blocker):
    """The shared catalog (../shared/catalog/offers.json), imported once per test module
    through the import command and removed again afterwards."""
    if not SHARED.exists():
        pytest.skip(f"the shared catalog is not at {SHARED}")
    document = json.loads((SHARED / "offers.json").read_text())
    with django_db_blocker.unblock():
        call_command("import_catalog", str(SHARED / "offers.json"), verbosity=0)
    yield {o["id"]: o for o in document["offers"]}
    from indgang.catalog.models import Offer
    from indgang.organisations.models import Organisation

    with django_db_blocker.unblock():
        Offer.objects.filter(pk__in=[o["id"] for o in document["offers"]]).delete()
        Organisation.objects.filter(pk__in=[o["id"] for o in document["operators"]]).delete()
