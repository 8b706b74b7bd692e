import pytest
from django.urls import reverse

from indgang.catalog.models import Offer, OfferChange
from indgang.catalog.tests.factories import make_offer, operator
from indgang.organisations.models import Role
from indgang.organisations.tests.factories import PASSWORD, MembershipFactory

pytestmark = [pytest.mark.django_db, pytest.mark.urls("indgang.catalog.tests.urls")]


@pytest.fixture
def offers():
    operator("eh-test")
    operator("eh-other")
    return {
        "mine": make_offer(),
        "draft": make_offer(id="kladde", title="Hemmeligt udkast", status="udkast"),
        "theirs": make_offer(id="andres", operator_id="eh-other", title="Andres tilbud"),
        "local": make_offer(
            id="lokalt",
            title="Lokal start",
            eligibility__geography__scope="municipalities",
            eligibility__geography__regions=[],
            eligibility__geography__municipalities=["101"],
            eligibility__employees__min=None,
            eligibility__employees__max=None,
            themes=["opstart"],
        ),
    }


def test_public_list_shows_published_offers_only_and_filters(client, offers):
    page = client.get(reverse("catalog:list")).content.decode()
    assert "Eksportforløb" in page and "Lokal start" in page
    assert "Hemmeligt udkast" not in page
    page = client.get(reverse("catalog:list"), {"region": "1082"}).content.decode()
    assert "Eksportforløb" in page and "Lokal start" not in page
    page = client.get(reverse("catalog:list"), {"theme": "opstart"}).content.decode()
    assert "Eksportforløb" not in page and "Lokal start" in page
    page = client.get(reverse("catalog:list"), {"size": "solo"}).content.decode()
    assert "Eksportforløb" not in page and "Lokal start" in page


def test_detail_page_says_the_conditions_in_plain_danish(client, offers):
    page = client.get(reverse("catalog:detail", args=["eksport-forloeb"])).content.decode()
    assert "Tilbuddet er for virksomheder i Region Midtjylland med 10–249 ansatte." in page
    assert client.get(reverse("catalog:detail", args=["kladde"])).status_code == 404


def _login(client, org_id, role=Role.MANAGER):
    membership = MembershipFactory(organisation_id=org_id, role=role)
    client.login(email=membership.person.email, password=PASSWORD)
    return membership.person


FORM = {
    "id": "nyt-tilbud",
    "title": "Nyt tilbud",
    "summary": "Kort.",
    "description": "Lang beskrivelse.",
    "instrument": "basal_erhvervsservice",
    "format": "kursus",
    "themes": ["opstart"],
    "geography_scope": "national",
    "cost_type": "gratis",
    "languages": ["da"],
    "url": "https://example.dk/nyt",
    "contact_email": "a@example.dk",
}


def test_a_manager_creates_edits_publishes_and_archives_with_history(client, offers):
    person = _login(client, "eh-test")
    url = reverse("catalog:create", args=["eh-test"])
    response = client.post(url, {**FORM, "geography_scope": "regions"})
    assert response.status_code == 200  # scope regions without regions
    assert not Offer.objects.filter(pk="nyt-tilbud").exists()
    # numbers beyond what the database holds are named, not a crash
    response = client.post(url, {**FORM, "turnover_max": 10**19, "employees_max": 2**31})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_turnover_max-error"' in html and 'id="id_employees_max-error"' in html
    assert not Offer.objects.filter(pk="nyt-tilbud").exists()
    response = client.post(url, FORM)
    assert response.status_code == 302
    offer = Offer.objects.get(pk="nyt-tilbud")
    assert offer.status == "udkast" and offer.operator_id == "eh-test"
    edit = reverse("catalog:edit", args=["eh-test", "nyt-tilbud"])
    client.post(edit, {**FORM, "title": "Bedre titel", "employees_max": "9"})
    offer.refresh_from_db()
    assert offer.title == "Bedre titel" and offer.employees_max == 9
    client.post(reverse("catalog:status", args=["eh-test", "nyt-tilbud"]), {"status": "published"})
    offer.refresh_from_db()
    assert offer.status == "aktiv"
    assert client.get(reverse("catalog:detail", args=["nyt-tilbud"])).status_code == 200
    client.post(reverse("catalog:status", args=["eh-test", "nyt-tilbud"]), {"status": "arkiveret"})
    offer.refresh_from_db()
    assert offer.status == "arkiveret"
    history = client.get(reverse("catalog:history", args=["eh-test", "nyt-tilbud"]))
    assert "Bedre titel" in history.content.decode()
    # in words: the field's name and values as people read them, not the file's paths
    client.post(
        edit,
        {
            **FORM,
            "title": "Bedre titel",
            "employees_max": "1500",
            "geography_scope": "regions",
            "regions": ["1082"],
            "sectors": ["C"],
            "valid_to": "2027-01-14",
            "cost_type": "egenbetaling",
            "cost_amount_dkk": "15000",
        },
    )
    page = client.get(reverse("catalog:history", args=["eh-test", "nyt-tilbud"])).content.decode()
    assert "<strong>Højest antal ansatte</strong>: 9 → 1.500" in page
    assert "<strong>Regioner</strong>: – → Region Midtjylland" in page
    assert "<strong>Brancher (DB07-hovedafsnit)</strong>: – → Industri" in page
    assert "<strong>Gælder til</strong>: – → 14. januar 2027" in page
    assert "<strong>Pris (kr.)</strong>: – → 15.000 kr." in page
    assert "eligibility." not in page and "1082" not in page
    change = OfferChange.objects.filter(offer=offer, created=False, diff__has_key="title").get()
    assert change.person == person
    assert change.diff["title"] == ["Nyt tilbud", "Bedre titel"]


@pytest.mark.parametrize("role", [Role.MANAGER, Role.ADMIN, Role.CONSULTANT])
def test_nobody_touches_another_organisations_offers(client, offers, role):
    _login(client, "eh-test", role)
    theirs = offers["theirs"]
    before = (theirs.title, theirs.status, OfferChange.objects.count())
    attempts = [
        ("get", reverse("catalog:manage", args=["eh-other"]), {}),
        ("post", reverse("catalog:create", args=["eh-other"]), {**FORM, "id": "indbrud"}),
        ("get", reverse("catalog:edit", args=["eh-other", "andres"]), {}),
        ("post", reverse("catalog:edit", args=["eh-other", "andres"]), {**FORM, "id": "andres"}),
        ("post", reverse("catalog:status", args=["eh-other", "andres"]), {"status": "arkiveret"}),
        ("get", reverse("catalog:history", args=["eh-other", "andres"]), {}),
        # Their offer through my organisation's URLs:
        ("get", reverse("catalog:edit", args=["eh-test", "andres"]), {}),
        ("post", reverse("catalog:edit", args=["eh-test", "andres"]), {**FORM, "id": "andres"}),
        ("post", reverse("catalog:status", args=["eh-test", "andres"]), {"status": "arkiveret"}),
        ("get", reverse("catalog:history", args=["eh-test", "andres"]), {}),
    ]
    for method, url, data in attempts:
        response = getattr(client, method)(url, data)
        assert response.status_code in (403, 404), url
    theirs.refresh_from_db()
    assert (theirs.title, theirs.status, OfferChange.objects.count()) == before
    assert not Offer.objects.filter(pk="indbrud").exists()


def test_a_consultant_cannot_manage_even_their_own_offers(client, offers):
    _login(client, "eh-test", Role.CONSULTANT)
    url = reverse("catalog:status", args=["eh-test", "eksport-forloeb"])
    assert client.post(url, {"status": "arkiveret"}).status_code == 404
    assert Offer.objects.get(pk="eksport-forloeb").status == "aktiv"


def test_pages_need_login(client, offers):
    response = client.get(reverse("catalog:manage", args=["eh-test"]))
    assert response.status_code == 302 and "/konto/login/" in response["Location"]
