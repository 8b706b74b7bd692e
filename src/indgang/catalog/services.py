"""The only code that writes offers: import, create, edit, publish, close, archive.

Every write is one transaction and leaves an OfferChange with who, when and a field diff
in the file schema's terms.
"""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from indgang.catalog import permissions
from indgang.catalog.exports import offer_to_dict, operator_to_dict
from indgang.catalog.importers import CatalogIn, OfferIn
from indgang.catalog.models import ChangeSource, Offer, OfferChange, Status, Theme, ThemeCode
from indgang.organisations.public import Organisation


def ensure_themes() -> None:
    existing = set(Theme.objects.values_list("code", flat=True))
    Theme.objects.bulk_create([Theme(code=c) for c in ThemeCode.values if c not in existing])


def _flatten(value, prefix=""):
    out = {}
    for key, item in value.items():
        name = f"{prefix}{key}"
        if isinstance(item, dict):
            out.update(_flatten(item, f"{name}."))
        else:
            out[name] = item
    return out


def diff(before: dict | None, after: dict) -> dict:
    """{field: [old, new]} for each field that differs, fields named like the file schema."""
    old = _flatten(before or {})
    new = _flatten(after)
    return {k: [old.get(k), v] for k, v in new.items() if old.get(k) != v and k != "id"}


def _apply_fields(offer: Offer, data: OfferIn) -> None:
    e = data.eligibility
    offer.operator_id = data.operator_id
    offer.title = data.title
    offer.summary = data.summary
    offer.description = data.description
    offer.level = data.level
    offer.instrument = data.instrument
    offer.format = data.format
    offer.theme_order = list(data.themes)
    offer.geography_scope = e.geography.scope
    offer.age_min, offer.age_max = e.company_age_years.min, e.company_age_years.max
    offer.employees_min, offer.employees_max = e.employees.min, e.employees.max
    offer.turnover_min, offer.turnover_max = e.turnover_dkk.min, e.turnover_dkk.max
    offer.requires_cvr = e.requires_cvr
    offer.growth_ambition_required = e.growth_ambition_required
    offer.other_conditions = e.other_conditions
    offer.cost_type = data.cost.type
    offer.cost_amount_dkk = data.cost.amount_dkk
    offer.cost_note = data.cost.note
    offer.support_min = data.support_amount_dkk.min
    offer.support_max = data.support_amount_dkk.max
    offer.status = data.status
    offer.valid_from = data.valid_from
    offer.valid_to = data.valid_to
    offer.application_deadline = data.application_deadline
    offer.languages = list(data.languages)
    offer.url = data.url
    offer.contact_email = data.contact_email


def _snapshot(offer: Offer) -> dict:
    offer = (
        Offer.objects.prefetch_related("themes", "regions", "municipalities", "sectors")
        .select_related("operator")
        .get(pk=offer.pk)
    )
    return offer_to_dict(offer)


def save_offer(
    data: OfferIn,
    *,
    person=None,
    source: str = ChangeSource.WEB,
    is_demo: bool = False,
    before: dict | None = None,
) -> tuple[Offer, bool]:
    """Create or update one offer from its file form; returns (offer, changed)."""
    offer = Offer.objects.filter(pk=data.id).first()
    created = offer is None
    if created:
        offer = Offer(pk=data.id, is_demo=is_demo)
    elif before is None:
        before = _snapshot(offer)
    _apply_fields(offer, data)
    geo = data.eligibility.geography
    after_wanted = None
    if not created:
        probe = offer_to_dict_unsaved(offer, data)
        after_wanted = probe
        if not diff(before, probe):
            return offer, False
    offer.save()
    offer.themes.set(data.themes)
    offer.regions.set(geo.regions)
    offer.municipalities.set(geo.municipalities)
    offer.sectors.set(data.eligibility.sectors)
    after = after_wanted or _snapshot(offer)
    OfferChange.objects.create(
        offer=offer,
        person=person if getattr(person, "is_authenticated", False) else None,
        source=source,
        created=created,
        diff=diff(before, after),
    )
    return offer, True


def offer_to_dict_unsaved(offer: Offer, data: OfferIn) -> dict:
    """The file form ``offer`` will have once saved with ``data`` (for the diff)."""
    out = data.model_dump(mode="json")
    out["themes"] = list(data.themes)
    geo = out["eligibility"]["geography"]
    geo["regions"] = sorted(geo["regions"])
    geo["municipalities"] = sorted(geo["municipalities"])
    out["eligibility"]["sectors"] = sorted(out["eligibility"]["sectors"])
    return out


def _save_operator(op) -> bool:
    org = Organisation.objects.filter(pk=op.id).first()
    wanted = op.model_dump()
    if org is not None and operator_to_dict(org) == wanted:
        return False
    if org is None:
        org = Organisation(pk=op.id)
    org.name = op.name
    org.type = op.type
    org.level = op.level
    org.municipality_id = op.municipality_code
    org.region_id = op.region_code
    org.url = op.url
    org.email = op.email
    org.save()
    if op.municipality_code and not org.municipalities_served.exists():
        org.municipalities_served.set([op.municipality_code])
    return True


def import_catalog(catalog: CatalogIn, *, person=None) -> dict:
    """Store a validated catalog file: operators and offers created or updated by id.

    Idempotent: a second run of the same file changes nothing and records no history.
    """
    counts = {"operators_changed": 0, "offers_created": 0, "offers_updated": 0}
    ensure_themes()
    with transaction.atomic():
        for op in catalog.operators:
            counts["operators_changed"] += _save_operator(op)
        existing = {
            o.pk: offer_to_dict(o)
            for o in Offer.objects.filter(pk__in=[x.id for x in catalog.offers])
            .select_related("operator")
            .prefetch_related("themes", "regions", "municipalities", "sectors")
        }
        for data in catalog.offers:
            before = existing.get(data.id)
            _offer, changed = save_offer(
                data, person=person, source=ChangeSource.IMPORT, before=before
            )
            if changed:
                counts["offers_created" if before is None else "offers_updated"] += 1
    return counts


# -- the operator's own work in the web app ------------------------------------------


def _require_manage(person, offer_or_org) -> None:
    org_id = offer_or_org.operator_id if isinstance(offer_or_org, Offer) else offer_or_org.pk
    if not permissions.can_manage_offers(person, org_id):
        raise PermissionDenied(_("You may not change this organisation's offers."))


def save_from_form(*, person, operator: Organisation, data: OfferIn) -> Offer:
    """Create or edit an offer of ``operator`` through the web app."""
    _require_manage(person, operator)
    if data.operator_id != operator.pk:
        raise PermissionDenied(_("You may not change this organisation's offers."))
    existing = Offer.objects.filter(pk=data.id).first()
    if existing is not None and existing.operator_id != operator.pk:
        raise ValidationError({"id": _("An offer with this id already exists.")})
    ensure_themes()
    with transaction.atomic():
        offer, _changed = save_offer(data, person=person, source=ChangeSource.WEB)
    return offer


def published_status(offer: Offer, today: dt.date | None = None) -> str:
    today = today or timezone.localdate()
    return Status.COMING if offer.valid_from and offer.valid_from > today else Status.ACTIVE


def set_status(*, person, offer: Offer, status: str) -> Offer:
    """Publish ("aktiv"/"kommende" from the validity dates), close, archive or unpublish."""
    _require_manage(person, offer)
    if status == "published":
        status = published_status(offer)
    if status not in Status.values:
        raise ValidationError({"status": _("Unknown status.")})
    if offer.status == status:
        return offer
    with transaction.atomic():
        OfferChange.objects.create(
            offer=offer,
            person=person,
            source=ChangeSource.WEB,
            diff={"status": [offer.status, status]},
        )
        offer.status = status
        offer.save(update_fields=["status", "updated_at"])
    return offer


def stored_operator_levels() -> dict[str, str]:
    return dict(Organisation.objects.values_list("pk", "level"))


def status_by_dates(offer: Offer, today: dt.date) -> str:
    """The status a published offer has on ``today`` by its validity dates (decision 0015):
    past ``valid_to`` closed, before ``valid_from`` upcoming, else active. Other statuses
    (draft, closed, archived) are people's decisions and stay."""
    if offer.status not in (Status.ACTIVE, Status.COMING):
        return offer.status
    if offer.valid_to and offer.valid_to < today:
        return Status.CLOSED
    if offer.valid_from and offer.valid_from > today:
        return Status.COMING
    return Status.ACTIVE


def update_statuses_by_dates(today: dt.date | None = None) -> dict[str, int]:
    """Close the published offers whose validity has ended, open the upcoming ones whose
    validity has begun (for a daily scheduler; safe to repeat). Each change is an
    OfferChange of source "schedule". Returns the number of offers per new status."""
    today = today or timezone.localdate()
    counts = {Status.CLOSED: 0, Status.ACTIVE: 0, Status.COMING: 0}
    offers = Offer.objects.filter(status__in=(Status.ACTIVE, Status.COMING)).filter(
        Q(valid_to__lt=today)
        | Q(status=Status.COMING, valid_from__lte=today)
        | Q(status=Status.COMING, valid_from__isnull=True)
        | Q(status=Status.ACTIVE, valid_from__gt=today)
    )
    for offer in offers.order_by("pk"):
        status = status_by_dates(offer, today)
        if status == offer.status:
            continue
        with transaction.atomic():
            OfferChange.objects.create(
                offer=offer, source=ChangeSource.SCHEDULE, diff={"status": [offer.status, status]}
            )
            offer.status = status
            offer.save(update_fields=["status", "updated_at"])
        counts[status] += 1
    return {str(k): v for k, v in counts.items()}
