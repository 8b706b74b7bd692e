"""The continuity and overlap pages, their CSV exports and API: who sees them and what they
show; and the overlap analysis of the shared catalog file, imported as an operator would."""

import csv
import datetime as dt
import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from indgang.catalog import selectors
from indgang.catalog.tests.factories import make_offer, operator
from indgang.organisations.models import Role
from indgang.organisations.tests.factories import (
    PASSWORD,
    MembershipFactory,
    OrganisationFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.urls("indgang.catalog.tests.urls")]

TODAY = dt.date(2026, 11, 22)
PAGES = ["catalog:continuity", "catalog:continuity_csv", "catalog:overlap", "catalog:overlap_csv"]
EXPORT = (
    "Vores eksportkonsulenter hjælper små og mellemstore virksomheder med at vurdere "
    "eksportparathed, vælge det første eksportmarked og finde distributører og agenter."
)


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)


@pytest.fixture
def offers():
    operator("eh-test")
    operator("eh-other")
    return [
        make_offer(id="eksport-a", description=EXPORT, valid_to="2026-10-31"),  # expired
        make_offer(
            id="eksport-b",
            operator_id="eh-other",
            title="Eksportstart hos naboen",
            description=EXPORT,
            application_deadline="2026-12-10",
        ),
        make_offer(id="kladde", status="udkast", application_deadline="2026-12-01"),
    ]


def _login(client, role=Role.MANAGER, national_board=False):
    organisation = OrganisationFactory(is_national_board=national_board)
    membership = MembershipFactory(organisation=organisation, role=role)
    client.login(email=membership.person.email, password=PASSWORD)


def test_anonymous_visitors_are_sent_to_log_in(client, offers):
    for name in PAGES:
        response = client.get(reverse(name))
        assert response.status_code == 302 and "/konto/login/" in response["Location"], name
    assert client.get("/api/v1/offers/overlap").status_code == 401
    assert client.get("/api/v1/offers/continuity").status_code == 401


@pytest.mark.parametrize("role", [Role.CONSULTANT, Role.ANALYST])
def test_staff_without_a_manager_role_do_not_see_the_analyses(client, offers, role):
    _login(client, role)
    for name in PAGES:
        assert client.get(reverse(name)).status_code == 404, name
    menu = client.get(reverse("catalog:list")).content.decode()
    assert reverse("catalog:continuity") not in menu
    assert client.get("/api/v1/offers/overlap").status_code == 403
    assert client.get("/api/v1/offers/continuity").status_code == 403


@pytest.mark.parametrize(
    "role, national_board",
    [(Role.MANAGER, False), (Role.ADMIN, False), (Role.ANALYST, True), (Role.CONSULTANT, True)],
)
def test_managers_and_the_national_board_see_them_in_the_menu(client, offers, role, national_board):
    _login(client, role, national_board)
    menu = client.get(reverse("catalog:list")).content.decode()
    assert reverse("catalog:continuity") in menu and reverse("catalog:overlap") in menu
    for name in PAGES:
        assert client.get(reverse(name)).status_code == 200, name


def test_continuity_page_flags_and_filters(client, offers):
    _login(client)
    page = client.get(reverse("catalog:continuity")).content.decode()
    assert "Udløbet, men stadig offentliggjort" in page
    assert "Gyldigheden udløb 31. oktober 2026 (for 22 dage siden)" in page
    assert "Ansøgningsfristen er 10. december 2026, om 18 dage." in page
    # an offer past its end has no public page any more: no link to one
    assert 'href="/tilbud/eksport-a/"' not in page and 'href="/tilbud/eksport-b/"' in page
    assert "Hemmeligt" not in page and "kladde" not in page  # drafts are no rounds
    assert 'data-testid="overview"' in page and 'data-testid="lane-' not in page
    page = client.get(reverse("catalog:continuity"), {"theme": "eksport", "region": "1082"})
    page = page.content.decode()
    assert 'data-testid="lane-eksport-1082"' in page and "Tidslinje" in page
    page = client.get(reverse("catalog:continuity"), {"region": "1084"}).content.decode()
    assert "Kræver opmærksomhed" in page and "Udløbet, men" not in page  # 1082 only
    assert 'data-testid="lane-' not in page  # no offers in 1084


def test_the_continuity_page_follows_changes_to_the_offers(client, offers):
    _login(client)
    page = client.get(reverse("catalog:continuity")).content.decode()
    assert "Gyldigheden udløb 31. oktober 2026 (for 22 dage siden)" in page
    make_offer(id="eksport-a", description=EXPORT, valid_to="2027-06-30")  # prolonged
    page = client.get(reverse("catalog:continuity")).content.decode()
    assert "Udløbet, men stadig offentliggjort" not in page
    assert "Gyldigheden udløb 31. oktober 2026" not in page
    make_offer(id="kladde", status="aktiv", application_deadline="2026-12-01")  # published
    page = client.get(reverse("catalog:continuity")).content.decode()
    assert "Ansøgningsfristen er 1. december 2026, om 9 dage." in page


def test_continuity_csv(client, offers):
    _login(client)
    response = client.get(reverse("catalog:continuity_csv"))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert [(r["flag"], r["offer_id"], r["days"]) for r in rows] == [
        ("expired_published", "eksport-a", "22"),
        ("deadline_soon", "eksport-b", "18"),
        ("ended_no_successor", "eksport-a", "22"),
    ]
    assert rows[0]["operator_id"] == "eh-test" and rows[0]["regions"] == "1082"


def test_overlap_page_csv_and_api(client, offers):
    _login(client, Role.ANALYST, national_board=True)
    page = client.get(reverse("catalog:overlap")).content.decode()
    assert "Gruppe 1: Eksport" in page
    assert "Begge tilbydes i Region Midtjylland." in page
    assert "Samme form for hjælp: Forløb." in page
    assert 'data-testid="coverage"' in page
    page = client.get(reverse("catalog:overlap"), {"theme": "innovation"}).content.decode()
    assert "Gruppe 1:" not in page and "Ingen overlappende tilbud" in page

    text = client.get(reverse("catalog:overlap_csv")).content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    assert {(r["cluster"], r["offer_id"], r["strongest_overlap_with"]) for r in rows} == {
        ("1", "eksport-a", "eksport-b"),
        ("1", "eksport-b", "eksport-a"),
    }
    # scores with the Danish decimal comma, in a file a Danish spreadsheet opens in columns
    assert all(re.fullmatch(r"[01],\d{3}", r["cluster_score"]) for r in rows), rows

    body = client.get("/api/v1/offers/overlap").json()
    assert body["offers_analysed"] == 2 and body["overlap_pairs"] == 1
    (cluster,) = body["clusters"]
    assert cluster["offer_ids"] == ["eksport-a", "eksport-b"]
    assert cluster["pairs"][0]["reasons"][0]["code"] == "themes"
    assert cluster["pairs"][0]["reasons"][0]["text"] == "Fælles temaer: Eksport."
    cell = next(c for c in body["coverage"] if (c["theme"], c["region"]) == ("eksport", "1082"))
    assert cell["operators"] == 2 and cell["largest_cluster_operators"] == 2
    assert client.get("/api/v1/offers/overlap", {"theme": "turisme"}).json()["clusters"] == []

    body = client.get("/api/v1/offers/continuity").json()
    assert body["today"] == "2026-11-22"
    assert [(f["kind"], f["offer_id"]) for f in body["flags"]] == [
        ("expired_published", "eksport-a"),
        ("deadline_soon", "eksport-b"),
        ("ended_no_successor", "eksport-a"),
    ]
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/offers/overlap" in paths and "/api/v1/offers/continuity" in paths


def test_the_overlap_report_follows_changes_to_the_offers(client, offers):
    report, _ = selectors.overlap_report()
    assert len(report.clusters) == 1
    offers[1].status = "lukket"
    offers[1].save()
    report, _ = selectors.overlap_report()
    assert report.clusters == [] and report.offers_analysed == 1


# -- the shared catalog file ------------------------------------------------------------


def _together(clusters, *offer_ids) -> bool:
    return any(set(offer_ids) <= set(c.offer_ids) for c in clusters)


def test_the_shared_file_near_duplicates_are_found(shared_catalog):
    call_command("import_catalog", str(shared_catalog))
    report, documents = selectors.overlap_report()
    clusters = report.clusters
    assert report.offers_analysed == 238  # published offers only
    for cluster in clusters:
        assert len(cluster.operator_ids) >= 2
        assert 0.5 <= cluster.score <= 1.0
        assert cluster.reasons and all(p.reasons for p in cluster.pairs)
        assert all(documents[o]["status"] in ("aktiv", "kommende") for o in cluster.offer_ids)

    # Export: Eksportrådet's first-market programme and the Erhvervshuse's export offers,
    # with the local export networks; the trade missions of Eksportrådet and two clusters.
    export = next(c for c in clusters if "eksportraadet-eksportstart" in c.offer_ids)
    erhvervshuse = {
        "ehh-eksportvejledning",
        "ehs-eksportstart",
        "ehf-eksport",
        "ehsyd-eksport-tyskland",
        "ehm-eksport",
        "ehn-eksportforberedelse",
    }
    assert erhvervshuse <= set(export.offer_ids)
    assert {"toender-tysk-marked", "erhi-eksportklar"} <= set(export.offer_ids)
    assert export.themes[0] == "eksport" and len(export.operator_ids) >= 8
    assert _together(
        clusters, "eksportraadet-fremstoed", "ldc-eksport-messer", "clean-eksport-miljoeteknologi"
    )

    # Capital: the Erhvervshuse's capital programmes with EIFO's venture capital; EIFO's
    # financing dialogue with Erhvervshus Sydjylland's; Accelerace with startup programmes.
    assert _together(
        clusters,
        "ehh-kapitalparathed",
        "ehm-kapitalnetvaerk",
        "ehn-investorparat",
        "eifo-venture-tidlig-fase",
    )
    assert _together(clusters, "eifo-finansieringsdialog", "ehsyd-finansiering")
    assert _together(clusters, "eifo-startlaan", "lemvig-mikrolaan")
    accelerace = next(c for c in clusters if "accelerace-accelerator" in c.offer_ids)
    assert {"fbcd-startup-program", "odense-robotics-startup"} & set(accelerace.offer_ids)

    # Innovation: the innovation agents of two GTS institutes; Innobooster with the other
    # national innovation grants; the clusters' innovation projects.
    agents = next(c for c in clusters if "ti-innovationsagent" in c.offer_ids)
    assert set(agents.offer_ids) == {"ti-innovationsagent", "force-innovationsagent"}
    assert agents.score > 0.9
    assert _together(clusters, "if-innobooster", "ens-eudp", "lbst-gudp")
    assert _together(clusters, "ecd-innovationsprojekter", "fbcd-innovationsforloeb")
    assert _together(clusters, "dhi-vand-klima", "clean-cirkulaer-vand")
    assert _together(clusters, "digitallead-innovationsprojekter", "alexandra-ai-sparring")

    # Clearly different offers are not grouped: export and capital, innovation and export,
    # the same startup guidance in two cities that share no municipality, and closed offers.
    assert not _together(clusters, "eksportraadet-eksportstart", "ehh-kapitalparathed")
    assert not _together(clusters, "ti-innovationsagent", "eksportraadet-eksportstart")
    assert not _together(clusters, "ehh-ejerskifte", "ehh-groen-omstilling")
    assert not _together(clusters, "dknt-udviklingsforloeb", "eifo-vaekstlaan")
    assert not _together(clusters, "aarhus-startvejledning", "kbh-ivaerksaettervejledning")
    closed = {oid for oid, d in documents.items() if d["status"] == "lukket"}
    assert not closed  # the report reads published offers only
    assert not any("ehsyd-eksportvoucher" in c.offer_ids for c in clusters)

    # How many operators offer the same thing: export in Region Sjælland.
    cell = next(c for c in report.coverage if (c.theme, c.region) == ("eksport", "1085"))
    assert cell.largest_cluster_operators >= 3 and cell.operators >= cell.overlapping_operators


def test_the_shared_file_continuity_flags(shared_catalog):
    call_command("import_catalog", str(shared_catalog))
    view = selectors.continuity_view(dt.date(2026, 12, 20))
    found = {(f.kind, f.offer_id) for f in view.flags}
    # SMV:Digital: the 2025 round ended 31 October 2025, the next began 15 January 2026
    gap = next(f for f in view.flags if f.kind == "gap")
    assert (gap.offer_id, gap.next_id, gap.days) == (
        "es-smv-digital-eksport",
        "es-smv-digital-tilskud",
        75,
    )
    assert ("ended_no_successor", "ehm-automatiseringspulje") in found
    assert ("ended_no_successor", "eu-groen-nord-investeringstilskud") in found
    # the digital boost of 2025 has a running successor
    assert not any(f.offer_id == "ehh-digital-boost-2025" for f in view.flags)
    # the SME Fund ended on 12 December 2026 but is still marked active in the file
    assert ("expired_published", "dkpto-sme-fund") in found
    assert ("deadline_soon", "odense-robotics-startup") in found  # 15 January 2027
    assert ("deadline_soon", "ehh-vaekstivaerksaetter") not in found  # 20 January 2027
    # rounds that ended more than a year ago are history
    assert not any(f.offer_id == "es-smv-digital-eksport" and f.kind != "gap" for f in view.flags)
