"""Turns ranked offers into what a company reads: why, what it costs, what to know."""

from dataclasses import dataclass
from functools import cache

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from indgang.guide import reasons
from indgang.guide.engine import RankedOffer
from indgang.reference.models import Municipality, Region


@dataclass
class Explanation:
    why: list[str]
    notes: list[str]
    why_not: list[str]


def place_names() -> dict[str, str]:
    """Region and municipality names by code, in the active language (reference data)."""
    return _place_names(get_language() or "da")


@cache
def _place_names(language: str) -> dict[str, str]:
    names = {r.code: r.label for r in Region.objects.all()}
    names.update({m.code: m.label for m in Municipality.objects.all()})
    return names


def explain(item: RankedOffer, names: dict[str, str] | None = None) -> Explanation:
    names = names if names is not None else place_names()
    why = [s for s in (reasons.why(r, names) for r in item.reasons) if s]
    conditions = [s for s in (reasons.why(r, names) for r in item.eligibility.fits) if s]
    notes = [s for s in (reasons.note(r) for r in item.eligibility.unchecked) if s]
    why_not = [reasons.why_not(r, names) for r in item.eligibility.fails]
    return Explanation(why=why + conditions[:2], notes=notes, why_not=why_not)


def cost_line(offer) -> str:
    if offer.cost_type == "gratis":
        return _("Free")
    if offer.cost_amount_dkk:
        amount = f"{offer.cost_amount_dkk:,}".replace(",", ".")
        if offer.cost_type == "medfinansiering":
            return _("Co-financing: %(amount)s kr.") % {"amount": amount}
        return _("Own payment: %(amount)s kr.") % {"amount": amount}
    return str(offer.get_cost_type_display())
