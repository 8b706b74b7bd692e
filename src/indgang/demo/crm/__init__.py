"""A year of CRM activity for the demo operators, ending today.

Built on the demo of the apps before it: the operators and people of ``organisations``,
the fictitious companies of ``registry``, the offers of ``catalog`` and the contact
requests of ``guide``. The CRM models carry no demo flag, so everything here is made only
on demo organisations and fictitious companies; the people and companies are made up.

What it makes, per operator and mostly in the municipalities the operator serves:
courses of guidance (a call, a meeting or visit, a follow-up) with Danish titles and
notes, themes and the operator's offers; events, courses and network meetings with
participants; contact persons; entrepreneurs, some later linked to the company they
founded; needs assessments with growth mapping; funnel segments and key accounts (so the
worklists of konsulent@ and lokal@indgang.demo show something); referrals between the
operators in every status, to private advisers and from companies through the one entry,
the old unanswered ones flagged; and some consents to sharing.

The bulk of the records is written with ``bulk_create`` (the demo must load in seconds);
referrals, contact requests and their moves go through the services, then their
timestamps are moved back to when they happened. A seeded generator makes it
deterministic for a given register and day.

The builder is cut by the CRM's sub-domains: ``companies`` (contact persons, needs
assessments, segments), ``interactions``, ``entrepreneurs``, ``consent`` and
``referrals``, on the frame of ``base`` and the words of ``texts``.
"""

from django.conf import settings
from django.db.models import Count, Q
from django.utils import translation

from indgang.catalog.services import ensure_themes
from indgang.crm.models import Interaction, Referral
from indgang.demo.crm.base import BuilderBase
from indgang.demo.crm.companies import CompaniesDemo
from indgang.demo.crm.consent import ConsentDemo
from indgang.demo.crm.entrepreneurs import EntrepreneursDemo
from indgang.demo.crm.evidence import EvidenceDemo
from indgang.demo.crm.interactions import InteractionsDemo
from indgang.demo.crm.referrals import ReferralsDemo
from indgang.demo.output import DemoOutput


def is_loaded() -> bool:
    return Interaction.objects.filter(company__is_fictitious=True).exists()


class Builder(
    CompaniesDemo,
    InteractionsDemo,
    EntrepreneursDemo,
    EvidenceDemo,
    ConsentDemo,
    ReferralsDemo,
    BuilderBase,
):
    """The whole year of CRM activity: ``build`` (in ``base``) calls the sub-domains'
    steps in order, on one seeded generator."""


def load(out: DemoOutput) -> None:
    ensure_themes()
    # Texts the services write into records (reasons, consent text) are stored in Danish.
    with translation.override(settings.LANGUAGE_CODE):
        builder = Builder(out)
        builder.build()
    statuses = dict(
        Referral.objects.filter(Q(company__is_fictitious=True) | Q(contact_request__isnull=False))
        .values_list("status")
        .annotate(n=Count("pk"))
    )
    out.say(
        f"  crm: {len(builder.plan.interactions)} interactions, "
        f"{sum(len(v) for v in builder.contacts.values())} contact persons, "
        f"{sum(len(v) for v in builder.entrepreneurs.values())} entrepreneurs, "
        f"{builder.assessments} needs assessments, {builder.segment_count} segments, "
        f"{builder.consent_count} consents, {len(builder.timeline)} referrals "
        f"({', '.join(f'{k} {v}' for k, v in sorted(statuses.items()))})"
    )
