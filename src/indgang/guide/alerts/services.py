"""The only code that writes alerts: subscribe, confirm, change, unsubscribe, send, erase.

Double opt-in: an alert sends nothing until the company follows the link in the first
mail. Every mail carries a one-click unsubscribe (a link, and the List-Unsubscribe headers
of RFC 8058). ``send_due`` is for a scheduler (``indgang guide_alerts``): it remembers what it
has told each alert, so running it twice sends nothing twice.
"""

import datetime as dt

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from indgang.catalog.public import Offer, offers_changed_since, published_offers
from indgang.guide import matching
from indgang.guide.alerts.models import Alert

UNCONFIRMED_DAYS = 7
UNUSED_DAYS = 2 * 365
DEADLINE_DAYS = 14
MATCH_LIMIT = 30


def _link(name: str, alert: Alert) -> str:
    return settings.GUIDE_BASE_URL.rstrip("/") + reverse(name, args=[alert.token])


def facts_of(alert: Alert) -> matching.CompanyFacts:
    return matching.CompanyFacts(
        municipality_code=alert.municipality_code or None,
        db07_section=alert.db07_section or None,
        employees=alert.employees,
        age_years=alert.age_years,
        growth_ambition=alert.growth_ambition,
    )


def matches(alert: Alert):
    """The offers the alert's company is offered now, best first (the engine's results)."""
    return matching.match(facts_of(alert), alert.needs, alert.text, MATCH_LIMIT).results


def _send(alert: Alert, subject: str, template: str, context: dict) -> None:
    unsubscribe = _link("guide:alert_unsubscribe", alert)
    context = {
        **context,
        "alert": alert,
        "manage_url": _link("guide:alert", alert),
        "unsubscribe_url": unsubscribe,
    }
    with translation.override("da"):
        body = render_to_string(template, context)
        subject = str(subject)
    EmailMessage(
        subject=subject,
        body=body,
        to=[alert.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    ).send()


def subscribe(*, email: str, facts: matching.CompanyFacts, needs: list[str], text: str) -> Alert:
    """A new, unconfirmed alert, and the mail that asks to confirm it."""
    alert = Alert.objects.create(
        email=email,
        municipality_code=facts.municipality_code or "",
        db07_section=facts.db07_section or "",
        employees=facts.employees,
        age_years=facts.age_years,
        growth_ambition=facts.growth_ambition,
        needs=list(needs),
        text=text,
    )
    _send(
        alert,
        _("Confirm your alert on new offers"),
        "guide/alerts/mail_confirm.txt",
        {"confirm_url": _link("guide:alert_confirm", alert)},
    )
    return alert


def confirm(alert: Alert) -> Alert:
    """Start the alert: the offers it is offered today count as known (only news is sent)."""
    if alert.confirmed_at is None:
        now = timezone.now()
        alert.confirmed_at = now
        alert.used_at = now
        alert.changes_seen_at = now
        alert.known_offers = [r.offer_id for r in matches(alert) if r.meets_need]
        alert.save()
    return alert


def touch(alert: Alert) -> None:
    alert.used_at = timezone.now()
    alert.save(update_fields=["used_at"])


def change(alert: Alert, *, facts: matching.CompanyFacts, needs, text, followed) -> Alert:
    alert.municipality_code = facts.municipality_code or ""
    alert.db07_section = facts.db07_section or ""
    alert.employees = facts.employees
    alert.age_years = facts.age_years
    alert.growth_ambition = facts.growth_ambition
    alert.needs = list(needs)
    alert.text = text
    alert.followed = list(dict.fromkeys(followed))
    alert.used_at = timezone.now()
    # offers offered under the new profile are not news
    alert.known_offers = list(
        dict.fromkeys([*alert.known_offers, *(r.offer_id for r in matches(alert) if r.meets_need)])
    )
    alert.save()
    return alert


def unsubscribe(alert: Alert) -> None:
    """Erase the alert (nothing of it is kept)."""
    alert.delete()


def _due(alert: Alert, today: dt.date, now) -> dict:
    new = [
        r.offer_id for r in matches(alert) if r.meets_need and r.offer_id not in alert.known_offers
    ]
    followed = set(alert.followed)
    changed = offers_changed_since(followed, alert.changes_seen_at)
    reminders = []
    for offer in Offer.objects.filter(pk__in=followed, application_deadline__isnull=False):
        key = f"{offer.pk}:{offer.application_deadline.isoformat()}"
        days = (offer.application_deadline - today).days
        if 0 <= days <= DEADLINE_DAYS and key not in alert.reminded:
            reminders.append((offer, days, key))
    offers = Offer.objects.select_related("operator").in_bulk([*new, *changed])
    return {
        "new": [offers[i] for i in new if i in offers],
        "changed": [offers[i] for i in sorted(changed) if i in offers],
        "deadlines": reminders,
    }


def send_due(now=None) -> dict[str, int]:
    """Send every confirmed alert what is due: new offers that meet its needs, changes to
    the offers it follows, and deadlines of followed offers within 14 days. Safe to repeat."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    matching.forget()  # match against the catalog as it is now, not as a second ago
    counts = {"mails": 0, "new": 0, "changed": 0, "deadlines": 0}
    published = set(published_offers().values_list("pk", flat=True))
    for alert in Alert.objects.filter(confirmed_at__isnull=False).order_by("pk"):
        due = _due(alert, today, now)
        due["new"] = [o for o in due["new"] if o.pk in published]
        with transaction.atomic():
            locked = Alert.objects.select_for_update().filter(pk=alert.pk).first()
            if locked is None:
                continue
            locked.known_offers = [*locked.known_offers, *(o.pk for o in due["new"])]
            locked.changes_seen_at = now
            locked.reminded = [*locked.reminded, *(key for _o, _d, key in due["deadlines"])]
            locked.save(update_fields=["known_offers", "changes_seen_at", "reminded"])
            if due["new"] or due["changed"] or due["deadlines"]:
                _send(
                    locked,
                    _("News about offers for your company"),
                    "guide/alerts/mail_news.txt",
                    {
                        "new": due["new"],
                        "changed": due["changed"],
                        "deadlines": [(o, d) for o, d, _k in due["deadlines"]],
                        "base_url": settings.GUIDE_BASE_URL.rstrip("/"),
                    },
                )
                counts["mails"] += 1
        counts["new"] += len(due["new"])
        counts["changed"] += len(due["changed"])
        counts["deadlines"] += len(due["deadlines"])
    return counts


def erase_unused(now=None) -> int:
    """Erase the alerts unused for two years, and those never confirmed within a week."""
    now = now or timezone.now()
    unused = Alert.objects.filter(used_at__lt=now - dt.timedelta(days=UNUSED_DAYS))
    unconfirmed = Alert.objects.filter(
        confirmed_at__isnull=True, created_at__lt=now - dt.timedelta(days=UNCONFIRMED_DAYS)
    )
    return unused.delete()[0] + unconfirmed.delete()[0]


def personal_data(email: str) -> list[dict]:
    """Everything stored about the alerts of an email address (for a data-subject export)."""
    return [
        {
            "email": a.email,
            "created_at": a.created_at.isoformat(),
            "confirmed_at": a.confirmed_at.isoformat() if a.confirmed_at else None,
            "last_used_at": a.used_at.isoformat(),
            "municipality_code": a.municipality_code or None,
            "db07_section": a.db07_section or None,
            "employees": a.employees,
            "age_years": a.age_years,
            "growth_ambition": a.growth_ambition,
            "needs": a.needs,
            "text": a.text,
            "followed_offers": a.followed,
        }
        for a in Alert.objects.filter(email__iexact=email.strip()).order_by("pk")
    ]


def erase(email: str) -> int:
    """Erase every alert of an email address; the number erased."""
    return Alert.objects.filter(email__iexact=email.strip()).delete()[0]
