"""An offer's conditions in plain language ("Tilbuddet er for virksomheder i Region
Midtjylland med 10–249 ansatte.")."""

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from indgang.catalog.models import GeographyScope, Offer


def _join(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return _("%(first)s and %(last)s") % {"first": ", ".join(names[:-1]), "last": names[-1]}


def _range(low, high, both, at_least, at_most) -> str:
    if low is not None and high is not None:
        if low == high:
            return both % {"min": low, "max": high} if low else ""
        return both % {"min": low, "max": high}
    if low is not None and low > 0:
        return at_least % {"min": low}
    if high is not None:
        return at_most % {"max": high}
    return ""


def _money(value) -> str:
    return number_format(value, force_grouping=True)


def place(offer: Offer) -> str:
    if offer.geography_scope == GeographyScope.REGIONS:
        return _("in %(places)s") % {"places": _join([r.label for r in offer.regions.all()])}
    if offer.geography_scope == GeographyScope.MUNICIPALITIES:
        names = [m.label for m in offer.municipalities.all()]
        if len(names) == 1:
            return _("in %(name)s Municipality") % {"name": names[0]}
        return _("in the municipalities %(names)s") % {"names": _join(names)}
    return _("in all of Denmark")


def conditions(offer: Offer) -> list[str]:
    """The conditions as sentences, the first saying where and for whom."""
    parts = [place(offer)]
    employees = _range(
        offer.employees_min,
        offer.employees_max,
        _("with %(min)s–%(max)s employees"),
        _("with at least %(min)s employees"),
        _("with at most %(max)s employees"),
    )
    if offer.employees_min == 0 and offer.employees_max == 0:
        employees = _("without employees")
    age = _range(
        offer.age_min,
        offer.age_max,
        _("that are %(min)s–%(max)s years old"),
        _("that are at least %(min)s years old"),
        _("that are at most %(max)s years old"),
    )
    parts += [p for p in (employees, age) if p]
    who = " ".join(filter(None, [parts[0], _join(parts[1:])]))
    sentences = [_("The offer is for companies %(conditions)s.") % {"conditions": who}]
    sectors = [s.label for s in offer.sectors.all()]
    if sectors:
        sentences.append(
            _("Only for companies in these industries: %(sectors)s.")
            % {"sectors": _join(sectors).lower()}
        )
    low, high = offer.turnover_min, offer.turnover_max
    if low and high is not None:
        sentences.append(
            _("Your turnover must be between DKK %(min)s and %(max)s.")
            % {"min": _money(low), "max": _money(high)}
        )
    elif low:
        sentences.append(_("Your turnover must be at least DKK %(min)s.") % {"min": _money(low)})
    elif high is not None:
        sentences.append(_("Your turnover must be at most DKK %(max)s.") % {"max": _money(high)})
    if offer.growth_ambition_required:
        sentences.append(_("The company must have ambitions to grow."))
    if offer.requires_cvr:
        sentences.append(_("The company must have a CVR number."))
    if offer.other_conditions:
        sentences.append(offer.other_conditions)
    return sentences
