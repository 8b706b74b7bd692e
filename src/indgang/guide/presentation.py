"""Turns ranked offers into what a company reads: why, what it costs, what to know."""

from dataclasses import dataclass
from functools import cache

from django.utils.formats import number_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from indgang.guide import reasons
from indgang.guide.engine import RankedOffer, Reason
from indgang.reference.public import db07_section_labels, municipality_labels, region_labels


@dataclass
class Explanation:
    why: list[str]
    notes: list[str]
    why_not: list[str]


def place_names() -> dict[str, str]:
    """Region, municipality and industry (DB07 section) names by code, in the active
    language (reference data). The codes never overlap: regions have four digits,
    municipalities three, sections a letter."""
    return _place_names(get_language() or "da")


@cache
def _place_names(language: str) -> dict[str, str]:
    names = region_labels()
    names.update(municipality_labels())
    names.update(db07_section_labels())
    return names


def explain(item: RankedOffer, names: dict[str, str] | None = None) -> Explanation:
    names = names if names is not None else place_names()
    notes = [s for s in (reasons.note(r) for r in item.eligibility.unchecked) if s]
    why_not = [reasons.why_not(r, names) for r in item.eligibility.fails]
    return Explanation(why=why_lines(item, names), notes=notes, why_not=why_not)


# A sentence depends only on the language, the reason's code and its parameters; the same
# few hundred come back in request after request ("meets your need: export", "for companies
# with 1–49 employees"), so each is put into words once per process and language (gettext
# looks up the active language on every call, which costs more than the ranking of an
# offer). Bounded: cleared when it grows too large.
_SENTENCES: dict[tuple, str | None] = {}
_SENTENCES_MAX = 20_000


_MISSING = object()


def _why(reason: Reason, names: dict[str, str], language: str) -> str | None:
    try:
        key = (language, reason.code, tuple(reason.params.items()))
        sentence = _SENTENCES.get(key, _MISSING)
    except TypeError:  # a parameter that cannot be a key (the engine's are): say it afresh
        return reasons.why(reason, names)
    if sentence is _MISSING:
        sentence = reasons.why(reason, names)
        if len(_SENTENCES) >= _SENTENCES_MAX:
            _SENTENCES.clear()
        _SENTENCES[key] = sentence
    return sentence


def why_lines(
    item: RankedOffer, names: dict[str, str] | None = None, language: str | None = None
) -> list[str]:
    """Why the offer is there: its relevance reasons and the first two fitting conditions.

    ``names`` are the place names of the active language (``place_names()``) and
    ``language`` the active language; pass them when explaining many offers at once. With
    other names than those of the active language, nothing cached is used.
    """
    language = language or get_language() or "da"
    if names is None:
        names = _place_names(language)
    elif names is not _place_names(language):
        why = [s for s in (reasons.why(r, names) for r in item.reasons) if s]
        conditions = [s for s in (reasons.why(r, names) for r in item.eligibility.fits) if s]
        return why + conditions[:2]
    lines = [s for s in (_why(r, names, language) for r in item.reasons) if s]
    conditions = 0
    for reason in item.eligibility.fits:
        if conditions == 2:
            break
        sentence = _why(reason, names, language)
        if sentence:
            lines.append(sentence)
            conditions += 1
    return lines


def cost_line(offer) -> str:
    if offer.cost_type == "gratis":
        return _("Free")
    if offer.cost_amount_dkk:
        amount = number_format(offer.cost_amount_dkk, force_grouping=True)
        if offer.cost_type == "medfinansiering":
            return _("Co-financing: %(amount)s kr.") % {"amount": amount}
        return _("Own payment: %(amount)s kr.") % {"amount": amount}
    return str(offer.get_cost_type_display())
