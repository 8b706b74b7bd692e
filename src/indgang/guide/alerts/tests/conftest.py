import pytest


@pytest.fixture(autouse=True)
def _fresh_guide():
    from indgang.guide.matching import forget

    forget()
