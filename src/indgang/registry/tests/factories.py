import factory

from indgang.reference.models import Municipality
from indgang.registry.models import Company, ProductionUnit, YearlyFigures
from indgang.registry.synthetic import CVR_WEIGHTS


def valid_cvr(n: int) -> str:
    """The n-th valid CVR number from 20000000 upwards (modulus-11 check)."""
    head = 2_000_000 + n
    while True:
        total = sum(int(d) * w for d, w in zip(f"{head:07d}", CVR_WEIGHTS, strict=False))
        check = (-total) % 11
        if check < 10:
            return f"{head}{check}"
        head += 1_000_000


class CompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Company

    cvr = factory.Sequence(valid_cvr)
    name = factory.Sequence(lambda n: f"Testfirma {n} ApS")
    municipality = factory.LazyFunction(lambda: Municipality.objects.get(code="101"))
    db07_code = "620100"
    db07_section_id = "J"
    company_form = "ApS"
    employees_band = "5-9"


class ProductionUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProductionUnit

    company = factory.SubFactory(CompanyFactory)
    p_number = factory.Sequence(lambda n: f"{1_100_000_000 + n}")
    municipality = factory.SelfAttribute("company.municipality")


class YearlyFiguresFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = YearlyFigures

    company = factory.SubFactory(CompanyFactory)
    year = 2022
    employees_fte = 10
    turnover_dkk = 12_000_000
    value_added_dkk = 5_000_000
