"""Fixtures: the small hand-written catalog and a ranker built on it."""

from __future__ import annotations

import pytest

from .sample import OPERATORS, REGIONS, small_catalog


@pytest.fixture(scope="session")
def catalog() -> list[dict]:
    return small_catalog()


@pytest.fixture(scope="session")
def ranker(catalog):
    from indgang.guide.engine import Ranker

    return Ranker(catalog, REGIONS, operators=OPERATORS)
