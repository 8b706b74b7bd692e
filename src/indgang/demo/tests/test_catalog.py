import pytest
from django.utils import timezone

from indgang.catalog import selectors
from indgang.catalog.models import Offer
from indgang.demo import catalog as demo
from indgang.demo import organisations as organisations_demo
from indgang.demo.output import DemoOutput

pytestmark = pytest.mark.django_db


def test_demo_catalog_loads_for_the_demo_operators():
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


def test_demo_catalog_gives_the_continuity_view_something_to_show():
    organisations_demo.load(DemoOutput())
    demo.load(DemoOutput())
    view = selectors.continuity_view(timezone.localdate())
    found = {(f.kind, f.offer_id) for f in view.flags}
    assert ("gap", "eh-midtjylland-automatisering-runde-1") in found
    assert ("expired_published", "eh-midtjylland-digitaliseringstjek") in found
    assert ("deadline_soon", "eh-midtjylland-automatisering-runde-2") in found
