"""The public catalog list comes a page at a time, so a national catalog stays fast."""

import pytest

from indgang.catalog import views
from indgang.catalog.tests import factories as f

pytestmark = pytest.mark.django_db


def test_the_list_pages_through_the_offers_keeping_the_filters(client, monkeypatch):
    monkeypatch.setattr(views, "LIST_PAGE_SIZE", 2)
    f.operator()
    for i, title in enumerate(["Alfa", "Beta", "Gamma"]):
        f.make_offer(id=f"tilbud-{i}", title=f"{title} eksport")
    first = client.get("/tilbud/", {"q": "eksport"}).content.decode()
    assert "3 tilbud" in first
    assert "Alfa eksport" in first and "Beta eksport" in first and "Gamma eksport" not in first
    assert "q=eksport&amp;side=2" in first and "Næste" in first
    second = client.get("/tilbud/", {"q": "eksport", "side": "2"}).content.decode()
    assert "Gamma eksport" in second and "Alfa eksport" not in second and "Forrige" in second
    # A page number out of range or not a number shows a page, never an error.
    assert client.get("/tilbud/", {"side": "x"}).status_code == 200
    assert client.get("/tilbud/", {"side": "999"}).status_code == 200
