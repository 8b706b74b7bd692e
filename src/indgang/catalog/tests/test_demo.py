import pytest

from indgang.catalog import demo
from indgang.catalog.models import Offer
from indgang.core.demo import DemoOutput
from indgang.organisations import demo as organisations_demo

pytestmark = pytest.mark.django_db


def test_demo_catalog_loads_for_the_demo_operators(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    organisations_demo.load(DemoOutput())
    assert not demo.is_loaded()
    out = DemoOutput()
    demo.load(out)
    assert demo.is_loaded()
    offers = Offer.objects.filter(is_demo=True)
    assert 60 <= offers.count() <= 100
    assert set(offers.values_list("level", flat=True)) == {"national", "decentral", "lokal"}
    assert offers.filter(operator_id="eh-midtjylland").exists()
    assert offers.filter(operator_id="aarhus-erhverv").exists()
    assert any("demo offers" in line for line in out.lines)
