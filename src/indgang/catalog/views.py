from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from indgang.catalog import (
    analysis_text,
    continuity,
    exports,
    history_text,
    overlap,
    selectors,
    services,
    text,
)
from indgang.catalog import evidence as evidence_read
from indgang.catalog.forms import OfferForm
from indgang.catalog.models import PUBLISHED, Format, Instrument, Offer, Status, ThemeCode
from indgang.catalog.permissions import can_manage_offers, can_view_catalog_analysis
from indgang.core.public import paginate
from indgang.organisations.public import Level, Organisation, organisation_names
from indgang.reference import public as reference_public

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
    # a search text is bounded, as in the API (a 50,000-character LIKE fails on SQLite)
    return selectors.OfferFilters(q=params.get("q", "").strip()[:200], **values)


LIST_PAGE_SIZE = 20


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
        facet("sector", _("Industry"), [(s.pk, str(s)) for s in reference_public.db07_sections()]),
        facet("size", _("Size"), [(k, v[0]) for k, v in selectors.SIZES.items()]),
        facet("region", _("Region"), list(reference_public.region_labels().items())),
        facet("theme", _("Theme"), ThemeCode.choices),
        facet("level", _("Level"), Level.choices),
        facet("instrument", _("Instrument"), Instrument.choices),
        facet(
            "operator",
            _("Operator"),
            [(o.pk, o.name) for o in selectors.operators_with_public_offers()],
        ),
    ]
    # One page of offers at a time: rendering a national catalog (2,500 offers) in one page
    # took longer than the whole page may (docs/performance.md).
    page = paginate(request, offers.order_by("title", "pk"), per_page=LIST_PAGE_SIZE)
    return render(
        request,
        "catalog/offer_list.html",
        {
            "offers": page.object_list,
            "page": page,
            "facets": facets,
            "q": f.q,
            "count": page.paginator.count,
        },
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
            "evidence": evidence_read.presented(
                evidence_read.offer_evidence([offer.pk]).get(offer.pk), every_row=True
            ),
        },
    )


def export_csv(request):
    # The stored documents of the chosen offers (``selectors.public_documents``): building
    # 2,500 model instances with Django's prefetching took over a second (docs/performance.md).
    offers = selectors.filter_offers(selectors.public_offers(), filters_from(request.GET))
    documents = selectors.public_documents(offers)
    response = HttpResponse(
        exports.export_csv(documents=documents), content_type="text/csv; charset=utf-8"
    )
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
    names = history_text.Names()
    return render(
        request,
        "catalog/history.html",
        {
            "organisation": organisation,
            "offer": offer,
            "changes": [
                {"change": change, "lines": history_text.described(change.diff, names)}
                for change in offer.changes.select_related("person")
            ],
        },
    )


# -- analyses for managers and the national board ---------------------------------------


def _analysis_allowed(request) -> None:
    if not can_view_catalog_analysis(request.user):
        # Not for this person: as far as they can tell, the page does not exist.
        raise Http404


def _analysis_filters(params) -> tuple[list[str], list[str]]:
    themes = [t for t in params.getlist("theme") if t in ThemeCode.values]
    regions = [r for r in params.getlist("region") if r and len(r) <= 4]
    return themes, regions


def _filter_context(themes: list[str], regions: list[str]) -> dict:
    return {
        "theme_options": [(code, label, code in themes) for code, label in ThemeCode.choices],
        "region_options": [
            (pk, label, pk in regions) for pk, label in reference_public.region_labels().items()
        ],
        "chosen_themes": themes,
        "chosen_regions": regions,
    }


def _csv_response(rows: list[list], filename: str) -> HttpResponse:
    response = HttpResponse(exports.csv_text(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _offer_link(document: dict | None, offer_id: str) -> str | None:
    """The public page of an offer that has one: published, and not ended (an offer past
    its end, still published until the daily status run, has none)."""
    if not document or document["status"] not in PUBLISHED:
        return None
    ends = document.get("valid_to")
    if ends and str(ends) < timezone.localdate().isoformat():
        return None
    return reverse("catalog:detail", args=[offer_id])


def _flag_rows(view: selectors.ContinuityView) -> list[dict]:
    titles = {oid: d["title"] for oid, d in view.offers.items()}
    rows = []
    for flag in view.flags:
        document = view.offers.get(flag.offer_id, {})
        rows.append(
            {
                "flag": flag,
                "kind": analysis_text.flag_kind(flag.kind),
                "text": analysis_text.flag(flag, titles),
                "offer": document,
                "operator": view.operator_names.get(document.get("operator_id"), ""),
                "url": _offer_link(document, flag.offer_id),
            }
        )
    return rows


@login_required
def continuity_page(request):
    _analysis_allowed(request)
    themes, regions = _analysis_filters(request.GET)
    view = selectors.continuity_view(timezone.localdate(), themes, regions)
    names = analysis_text.Names()
    region_codes = sorted(names.regions)
    groups: dict[str, list[dict]] = {}
    for row in _flag_rows(view):
        groups.setdefault(row["flag"].kind, []).append(row)
    flag_groups = [
        {"kind": kind, "label": analysis_text.flag_kind(kind), "rows": groups[kind]}
        for kind in continuity.FLAG_KINDS
        if kind in groups
    ]
    overview = [
        {
            "theme": code,
            "label": label,
            "cells": [
                {"region": region, "lane": view.overview.get((code, region))}
                for region in region_codes
            ],
        }
        for code, label in ThemeCode.choices
        if not themes or code in themes
    ]
    lanes = []
    if view.timeline is not None:
        for lane in view.timeline.lanes:
            lanes.append(
                {
                    "lane": lane,
                    "theme": analysis_text.theme(lane.theme),
                    "region": names.region(lane.region),
                    "bars": [
                        {
                            "bar": bar,
                            "url": _offer_link(view.offers.get(bar.round.id), bar.round.id),
                            "operator": view.operator_names.get(bar.round.operator_id, ""),
                            "flags": [analysis_text.flag_kind(k) for k in bar.flags],
                        }
                        for bar in lane.bars
                    ],
                }
            )
    return render(
        request,
        "catalog/continuity.html",
        {
            "today": view.today,
            "flag_groups": flag_groups,
            "flag_count": len(view.flags),
            "overview": overview,
            "overview_regions": [(code, names.region(code)) for code in region_codes],
            "timeline": view.timeline,
            "lanes": lanes,
            "deadline_days": continuity.DEADLINE_DAYS,
            **_filter_context(themes, regions),
        },
    )


@login_required
def continuity_csv(request):
    _analysis_allowed(request)
    themes, regions = _analysis_filters(request.GET)
    view = selectors.continuity_view(timezone.localdate(), themes, regions)
    rows: list[list] = [
        [
            "flag",
            "flag_label",
            "offer_id",
            "title",
            "operator_id",
            "operator_name",
            "status",
            "valid_from",
            "valid_to",
            "application_deadline",
            "date",
            "days",
            "next_offer_id",
            "next_start",
            "themes",
            "regions",
            "message",
        ]
    ]
    for row in _flag_rows(view):
        flag, offer = row["flag"], row["offer"]
        rows.append(
            [
                flag.kind,
                row["kind"],
                flag.offer_id,
                offer.get("title"),
                offer.get("operator_id"),
                row["operator"],
                offer.get("status"),
                offer.get("valid_from"),
                offer.get("valid_to"),
                offer.get("application_deadline"),
                flag.date.isoformat(),
                flag.days,
                flag.next_id,
                flag.next_start.isoformat() if flag.next_start else None,
                ", ".join(flag.themes),
                ", ".join(sorted(flag.regions)),
                row["text"],
            ]
        )
    return _csv_response(rows, "kontinuitet.csv")


def _cluster_rows(clusters, offers: dict[str, dict], names, operator_names) -> list[dict]:
    out = []
    # The measured effect beside each overlapping offer (decision 0020).
    evidence = evidence_read.offer_evidence({oid for c in clusters for oid in c.offer_ids})
    for cluster in clusters:
        members = sorted(
            (offers[oid] for oid in cluster.offer_ids if oid in offers),
            key=lambda d: (LEVEL_ORDER.get(d["level"], 9), d["title"]),
        )
        out.append(
            {
                "cluster": cluster,
                "themes": analysis_text.themes(cluster.themes),
                "regions": analysis_text.join([names.region(r) for r in cluster.regions]),
                "reasons": [analysis_text.reason(r, names) for r in cluster.reasons],
                "offers": [
                    {
                        "offer": d,
                        "url": _offer_link(d, d["id"]),
                        "operator": operator_names.get(d["operator_id"], d["operator_id"]),
                        "format": analysis_text.format_name(d["format"]),
                        "place": _place(d, names),
                        "evidence": evidence_read.presented(evidence.get(d["id"])),
                    }
                    for d in members
                ],
                "pairs": [
                    {
                        "pair": pair,
                        "a": offers.get(pair.a, {}).get("title", pair.a),
                        "b": offers.get(pair.b, {}).get("title", pair.b),
                        "reasons": [analysis_text.reason(r, names) for r in pair.reasons],
                    }
                    for pair in cluster.pairs
                ],
            }
        )
    return out


LEVEL_ORDER = {Level.NATIONAL: 0, Level.DECENTRAL: 1, Level.LOKAL: 2}


def _place(document: dict, names) -> str:
    geography = document["eligibility"]["geography"]
    if geography["scope"] == "national":
        return _("The whole country")
    if geography["scope"] == "regions":
        return analysis_text.join([names.region(r) for r in geography["regions"]])
    return analysis_text.join([names.municipalities.get(m, m) for m in geography["municipalities"]])


@login_required
def overlap_page(request):
    _analysis_allowed(request)
    themes, regions = _analysis_filters(request.GET)
    report, offers = selectors.overlap_report()
    names = analysis_text.Names()
    operator_names = organisation_names()
    clusters = selectors.filter_clusters(report.clusters, themes, regions)
    region_codes = [code for code in sorted(names.regions) if not regions or code in regions]
    cells = {(c.theme, c.region): c for c in report.coverage}
    coverage = [
        {
            "theme": code,
            "label": label,
            "cells": [cells.get((code, region)) for region in region_codes],
        }
        for code, label in ThemeCode.choices
        if not themes or code in themes
    ]
    return render(
        request,
        "catalog/overlap.html",
        {
            "report": report,
            "clusters": _cluster_rows(clusters, offers, names, operator_names),
            "cluster_count": len(clusters),
            "operator_count": len({op for c in clusters for op in c.operator_ids}),
            "coverage": coverage,
            "coverage_regions": [(code, names.region(code)) for code in region_codes],
            "config": overlap.OverlapConfig(),
            **_filter_context(themes, regions),
        },
    )


def _decimal(value: float) -> str:
    """A score in a CSV, with the active language's decimal mark ("0,734" in Danish)."""
    return number_format(value, decimal_pos=3)


@login_required
def overlap_csv(request):
    _analysis_allowed(request)
    themes, regions = _analysis_filters(request.GET)
    report, offers = selectors.overlap_report()
    names = analysis_text.Names()
    operator_names = organisation_names()
    clusters = selectors.filter_clusters(report.clusters, themes, regions)
    rows: list[list] = [
        [
            "cluster",
            "cluster_score",
            "cluster_themes",
            "cluster_regions",
            "cluster_operators",
            "offer_id",
            "title",
            "operator_id",
            "operator_name",
            "level",
            "format",
            "themes",
            "strongest_overlap_with",
            "strongest_overlap_score",
            "reasons",
        ]
    ]
    for cluster in clusters:
        reasons = " ".join(analysis_text.reason(r, names) for r in cluster.reasons)
        for offer_id in cluster.offer_ids:
            document = offers.get(offer_id, {})
            partner, partner_score = cluster.strongest.get(offer_id, (None, None))
            rows.append(
                [
                    cluster.number,
                    _decimal(cluster.score),
                    ", ".join(cluster.themes),
                    ", ".join(cluster.regions),
                    len(cluster.operator_ids),
                    offer_id,
                    document.get("title"),
                    document.get("operator_id"),
                    operator_names.get(document.get("operator_id"), ""),
                    document.get("level"),
                    document.get("format"),
                    ", ".join(document.get("themes", [])),
                    partner,
                    _decimal(partner_score) if partner_score is not None else None,
                    reasons,
                ]
            )
    return _csv_response(rows, "overlap.csv")
