from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from indgang.catalog import importers, selectors, services, text
from indgang.catalog.forms import OfferForm
from indgang.catalog.models import Format, Instrument, Offer, Status, ThemeCode
from indgang.catalog.permissions import can_manage_offers
from indgang.organisations.models import Level, Organisation
from indgang.reference.models import DB07Section, Region

FILTER_NAMES = [
    "format",
    "instrument",
    "theme",
    "level",
    "operator",
    "region",
    "sector",
    "stage",
    "size",
]


def filters_from(params) -> selectors.OfferFilters:
    values = {name: [v for v in params.getlist(name) if v] or None for name in FILTER_NAMES}
    return selectors.OfferFilters(q=params.get("q", "").strip(), **values)


def offer_list(request):
    f = filters_from(request.GET)
    offers = selectors.filter_offers(selectors.public_offers(), f)
    chosen = {name: set(getattr(f, name) or []) for name in FILTER_NAMES}

    def facet(name, label, options):
        return {
            "name": name,
            "label": label,
            "options": [(value, text_, value in chosen[name]) for value, text_ in options],
            "open": bool(chosen[name]),
        }

    facets = [
        facet("format", _("Type of support"), Format.choices),
        facet("stage", _("Business stage"), [(k, v[0]) for k, v in selectors.STAGES.items()]),
        facet("sector", _("Industry"), [(s.pk, str(s)) for s in DB07Section.objects.all()]),
        facet("size", _("Size"), [(k, v[0]) for k, v in selectors.SIZES.items()]),
        facet("region", _("Region"), [(r.pk, r.label) for r in Region.objects.all()]),
        facet("theme", _("Theme"), ThemeCode.choices),
        facet("level", _("Level"), Level.choices),
        facet("instrument", _("Instrument"), Instrument.choices),
        facet(
            "operator",
            _("Operator"),
            [(o.pk, o.name) for o in selectors.operators_with_public_offers()],
        ),
    ]
    return render(
        request,
        "catalog/offer_list.html",
        {"offers": offers, "facets": facets, "q": f.q, "count": offers.count()},
    )


def offer_detail(request, offer_id: str):
    try:
        offer = selectors.public_offer(offer_id)
    except Offer.DoesNotExist:
        raise Http404 from None
    return render(
        request,
        "catalog/offer_detail.html",
        {
            "offer": offer,
            "conditions": text.conditions(offer),
            "can_edit": can_manage_offers(request.user, offer.operator_id),
        },
    )


def export_csv(request):
    offers = selectors.filter_offers(
        selectors.public_offers().prefetch_related(
            "themes", "regions", "municipalities", "sectors"
        ),
        filters_from(request.GET),
    )
    response = HttpResponse(importers.export_csv(offers), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="tilbud.csv"'
    return response


# -- the operator's own offers --------------------------------------------------------


def _managed(request, organisation_id: str) -> Organisation:
    organisation = get_object_or_404(Organisation, pk=organisation_id)
    if not can_manage_offers(request.user, organisation):
        # Not a manager here: as far as the visitor can tell, the page does not exist.
        raise Http404
    return organisation


def _own_offer(request, organisation_id: str, offer_id: str) -> tuple[Organisation, Offer]:
    organisation = _managed(request, organisation_id)
    return organisation, get_object_or_404(Offer, pk=offer_id, operator=organisation)


@login_required
def my_operators(request):
    organisations = list(selectors.managed_organisations(request.user))
    if len(organisations) == 1:
        return redirect("catalog:manage", organisation_id=organisations[0].pk)
    return render(request, "catalog/my_operators.html", {"organisations": organisations})


@login_required
def manage(request, organisation_id: str):
    organisation = _managed(request, organisation_id)
    return render(
        request,
        "catalog/manage.html",
        {
            "organisation": organisation,
            "offers": selectors.offers_of(request.user, organisation),
        },
    )


@login_required
def create(request, organisation_id: str):
    organisation = _managed(request, organisation_id)
    form = OfferForm(request.POST or None, operator=organisation)
    if request.method == "POST" and form.is_valid():
        if Offer.objects.filter(pk=form.offer_in.id).exists():
            form.add_error("id", _("An offer with this id already exists."))
        else:
            offer = services.save_from_form(
                person=request.user, operator=organisation, data=form.offer_in
            )
            messages.success(request, _("The offer was saved as a draft."))
            return redirect("catalog:edit", organisation_id=organisation.pk, offer_id=offer.pk)
    return render(request, "catalog/offer_form.html", {"organisation": organisation, "form": form})


@login_required
def edit(request, organisation_id: str, offer_id: str):
    organisation, offer = _own_offer(request, organisation_id, offer_id)
    form = OfferForm(request.POST or None, operator=organisation, offer=offer)
    if request.method == "POST" and form.is_valid():
        services.save_from_form(person=request.user, operator=organisation, data=form.offer_in)
        messages.success(request, _("The offer was saved."))
        return redirect("catalog:edit", organisation_id=organisation.pk, offer_id=offer.pk)
    return render(
        request,
        "catalog/offer_form.html",
        {"organisation": organisation, "form": form, "offer": offer, "statuses": Status},
    )


@login_required
@require_POST
def change_status(request, organisation_id: str, offer_id: str):
    _organisation, offer = _own_offer(request, organisation_id, offer_id)
    status = request.POST.get("status", "")
    if status not in {"published", Status.CLOSED, Status.ARCHIVED, Status.DRAFT}:
        raise Http404
    services.set_status(person=request.user, offer=offer, status=status)
    messages.success(
        request, _("The offer is now: %(status)s.") % {"status": offer.get_status_display()}
    )
    return redirect("catalog:edit", organisation_id=organisation_id, offer_id=offer.pk)


@login_required
def history(request, organisation_id: str, offer_id: str):
    organisation, offer = _own_offer(request, organisation_id, offer_id)
    return render(
        request,
        "catalog/history.html",
        {
            "organisation": organisation,
            "offer": offer,
            "changes": offer.changes.select_related("person"),
        },
    )
