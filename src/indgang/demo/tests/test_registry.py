import pytest
from django.core.management import call_command
from django.db import models

from indgang.demo import registry as demo
from indgang.registry.models import Company, ProductionUnit, YearlyFigures

pytestmark = pytest.mark.django_db


def test_the_demo_adds_a_fictitious_register(settings):
    settings.DEMO_COMPANIES = 500
    call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Company.objects.count() == 500
    assert not Company.objects.filter(is_fictitious=False).exists()
    assert YearlyFigures.objects.count() > 500 * 4
    active = Company.objects.exclude(status="closed")
    assert ProductionUnit.objects.count() > 0.9 * active.count()
    assert ProductionUnit.objects.exclude(company__in=active).count() == 0
    assert ProductionUnit.objects.exclude(municipality=models.F("company__municipality")).exists()
    assert demo.is_loaded()
