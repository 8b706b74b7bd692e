"""The referral pages as a consultant meets them (issue 15): a notification of the other
organisation leads somewhere, the referral form offers the receiver's offers only, the
answers read as actions, what was typed survives an error, and long lists come a page at a
time with their filters."""

import re

import pytest
from django.urls import reverse

from indgang.catalog.models import Status
from indgang.catalog.tests.factories import make_offer
from indgang.crm.models import Notification, Referral, ReferralStatus
from indgang.crm.referrals import services as referrals_services
from indgang.crm.tests.factories import ReferralFactory
from indgang.crm.tests.support import error_summary, viewer
from indgang.organisations.models import Role
from indgang.organisations.tests.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def refer(site, **extra):
    return referrals_services.refer_company(
        viewer(site["eh_consultant"]),
        company=site["company"],
        to_organisation=site["local"],
        reason="Lokaler",
        **extra,
    )


def test_a_notification_of_the_other_organisation_offers_to_switch_to_it(client, site):
    # Lise works at the local service and at a cluster; she acts for the cluster when a
    # third operator refers a company to the local service.
    lise = site["local_consultant"]
    cluster = OrganisationFactory(id="klynge-test", name="Klynge Test")
    MembershipFactory(person=lise, organisation=cluster, role=Role.CONSULTANT)
    referral = ReferralFactory(
        organisation=site["eh"], to_organisation=site["local"], reason="Lokaler"
    )
    Notification.objects.create(person=lise, referral=referral, kind="new_referral")
    client.force_login(lise)
    client.post(reverse("organisations:switch"), {"organisation": "klynge-test"})
    notes = client.get(reverse("crm:notifications")).text
    assert 'data-testid="other-organisation">Lokal Erhvervsservice Test<' in notes
    page = client.get(reverse("crm:referral", args=[referral.pk]))
    assert page.status_code == 200
    assert "Henvisningen hører til din anden organisation" in page.text
    assert "Lokal Erhvervsservice Test" in page.text
    assert "Lokaler" not in page.text  # nothing of the referral itself yet
    switch = re.search(r'<form method="post" action="([^"]+)">(.*?)</form>', page.text, re.S)
    assert switch.group(1) == reverse("organisations:switch")
    assert 'name="organisation" value="lokal-test"' in switch.group(2)
    # The button switches, and the referral opens.
    after = client.post(
        reverse("organisations:switch"),
        {"organisation": "lokal-test", "next": reverse("crm:referral", args=[referral.pk])},
        follow=True,
    )
    assert after.status_code == 200 and 'data-testid="reason">Lokaler' in after.text


def test_a_referral_of_an_organisation_you_do_not_work_for_is_still_not_found(client, site):
    referral = refer(site)
    # Olga works at two other operators, neither of them sender nor receiver.
    outsider = MembershipFactory(role=Role.CONSULTANT).person
    MembershipFactory(person=outsider, role=Role.MANAGER)
    client.force_login(outsider)
    assert client.get(reverse("crm:referral", args=[referral.pk])).status_code == 404


def offers_in(html: str) -> set[str]:
    field = re.search(r'<div id="refer-offer".*?</div>\s*$|<div id="refer-offer".*', html, re.S)
    return set(re.findall(r'<option value="([^"]*)"', field.group(0).split("</select>")[0]))


def test_the_referral_form_lists_the_receivers_offers_only(client, site):
    make_offer(id="lokal-lokaler", operator_id="lokal-test", level="lokal", title="Lokaler")
    make_offer(id="eh-vaekst", operator_id="eh-test", title="Vækstforløb")
    make_offer(id="lokal-udkast", operator_id="lokal-test", level="lokal", status=Status.DRAFT)
    client.force_login(site["eh_consultant"])
    url = reverse("crm:refer", args=["10000009"])
    form = client.get(url).text
    assert offers_in(form) == {""}  # before a receiver is chosen: none
    assert "Vælg operatøren først" in form
    assert f'hx-get="{url}"' in form and 'hx-target="#refer-offer"' in form
    # Choosing the receiver reloads the field (htmx) with its published offers.
    field = client.get(url, {"to_organisation": "lokal-test"}, headers={"HX-Request": "true"})
    assert field.text.lstrip().startswith('<div id="refer-offer"')
    assert offers_in(field.text) == {"", "lokal-lokaler"}
    # Without JavaScript, the button beside the receiver does the same and keeps the text.
    shown = client.post(
        url, {"to_organisation": "lokal-test", "reason": "Har brug for lokaler", "show_offers": "1"}
    )
    assert offers_in(shown.text) == {"", "lokal-lokaler"}
    assert "Har brug for lokaler</textarea>" in shown.text
    assert not error_summary(shown.text) and not Referral.objects.exists()


def test_an_offer_not_of_the_receiver_is_refused_naming_the_field(client, site):
    make_offer(id="lokal-lokaler", operator_id="lokal-test", level="lokal")
    make_offer(id="eh-vaekst", operator_id="eh-test")
    client.force_login(site["eh_consultant"])
    url = reverse("crm:refer", args=["10000009"])
    response = client.post(
        url, {"to_organisation": "lokal-test", "offer": "eh-vaekst", "reason": "Vækst"}
    )
    assert response.status_code == 200 and not Referral.objects.exists()
    summary = error_summary(response.text)
    assert 'href="#id_offer"' in summary
    assert "Et bestemt tilbud: Vælg et af den modtagende operatørs tilbud" in summary
    assert "Vækst</textarea>" in response.text  # what was typed is kept
    client.post(url, {"to_organisation": "lokal-test", "offer": "lokal-lokaler", "reason": "Ok"})
    assert Referral.objects.get().offer_id == "lokal-lokaler"


def test_the_answers_are_actions_and_the_status_stays_a_status(client, site):
    referral = refer(site)
    client.force_login(site["local_consultant"])
    page = client.get(reverse("crm:referral", args=[referral.pk])).text
    answers = re.search(r'data-testid="answers">(.*?)</div>', page, re.S).group(1)
    assert re.findall(r'value="(\w+)">([^<]+)</button>', answers) == [
        ("received", "Bekræft modtagelse"),
        ("accepted", "Accepter henvisningen"),
        ("declined", "Afvis henvisningen"),
    ]
    assert 'data-testid="status">Sendt<' in page
    done = client.post(
        reverse("crm:referral_status", args=[referral.pk]),
        {"status": "received", "version": referral.version},
        follow=True,
    )
    assert "Henvisningen er nu: modtaget." in done.text
    assert 'data-testid="status">Modtaget<' in done.text


def test_a_refused_answer_keeps_what_was_typed_and_sums_up_the_error(client, site):
    referral = refer(site)
    client.force_login(site["local_consultant"])
    url = reverse("crm:referral_status", args=[referral.pk])
    # Declining without a reason: the error, on top, links to the field.
    refused = client.post(url, {"status": "declined", "version": referral.version})
    summary = error_summary(refused.text)
    assert 'href="#id_decline_reason"' in summary
    assert refused.text.index("error-summary") < refused.text.index('data-testid="status"')
    # Someone else answered in between: the reason typed is kept, the conflict explained.
    colleague = MembershipFactory(organisation=site["local"], role=Role.CONSULTANT).person
    referrals_services.move_referral(
        viewer(colleague), referral, ReferralStatus.RECEIVED, version=referral.version
    )
    late = client.post(
        url, {"status": "declined", "version": 0, "decline_reason": "Uden for vores område"}
    )
    assert late.status_code == 409
    assert "Uden for vores område</textarea>" in late.text
    assert "En anden har ændret posten" in error_summary(late.text)
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.RECEIVED


def test_the_referral_list_comes_a_page_at_a_time_keeping_its_filters(client, site):
    for _ in range(30):
        ReferralFactory(organisation=site["eh"], to_organisation=site["local"])
    client.force_login(site["local_consultant"])
    first = client.get(reverse("crm:referrals"), {"retning": "in", "status": "sent"}).text
    table = first.split('data-testid="referrals"')[1].split("</table>")[0]
    assert table.count("<tr>") == 1 + 25
    assert "Viser 1–25 af 30" in first
    assert 'href="?retning=in&amp;status=sent&amp;side=2"' in first
    second = client.get(reverse("crm:referrals"), {"retning": "in", "status": "sent", "side": 2})
    assert second.text.split('data-testid="referrals"')[1].split("</table>")[0].count("<tr>") == 6
    assert 'aria-current="page"' in second.text and "Viser 26–30 af 30" in second.text
    # A page number that is not one gives a page, not an error.
    assert client.get(reverse("crm:referrals"), {"side": "x"}).status_code == 200


def test_notifications_come_a_page_at_a_time(client, site):
    referral = refer(site)
    person = site["local_consultant"]
    Notification.objects.bulk_create(
        [Notification(person=person, referral=referral, kind="new_referral") for _ in range(40)]
    )
    client.force_login(person)
    page = client.get(reverse("crm:notifications")).text
    assert page.split('data-testid="notifications">')[1].split("</ul>")[0].count("<li>") == 25
    assert 'href="?side=2"' in page
