import pytest
from django.db import models

from indgang.demo import registry as registry_demo
from indgang.registry.models import Company, ProductionUnit, YearlyFigures

pytestmark = pytest.mark.django_db


def test_the_demo_adds_a_fictitious_register(demo):
    assert Company.objects.count() == 400  # DEMO_COMPANIES in the tests
    assert not Company.objects.filter(is_fictitious=False).exists()
    assert YearlyFigures.objects.count() > 400 * 4
    active = Company.objects.exclude(status="closed")
    assert ProductionUnit.objects.count() > 0.9 * active.count()
    assert ProductionUnit.objects.exclude(company__in=active).count() == 0
    assert ProductionUnit.objects.exclude(municipality=models.F("company__municipality")).exists()
    assert registry_demo.is_loaded()
