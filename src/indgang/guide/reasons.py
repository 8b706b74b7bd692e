"""The engine's machine-readable reasons in plain Danish (through gettext)."""

from datetime import date

from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from indgang.catalog.public import ThemeCode
from indgang.guide.engine import Reason

THEME_LABELS = dict(ThemeCode.choices)


def _theme(code: str) -> str:
    return str(THEME_LABELS.get(code, code)).lower()


def _words(words) -> str:
    return ", ".join(f"“{w}”" for w in list(words)[:4])


def _number(value) -> str:
    """A number the way the active language writes it ("1.000" in Danish)."""
    return number_format(value, force_grouping=True)


def _date(value) -> str | None:
    """A date from the catalog (ISO text or a date) as "14. januar 2027"."""
    if not value:
        return None
    try:
        day = value if isinstance(value, date) else date.fromisoformat(str(value))
    except ValueError:
        return str(value)
    return date_format(day, "j. F Y")


def _range(params: dict, unit: str) -> str:
    low, high = params.get("min"), params.get("max")
    if low is not None and high is not None:
        return f"{_number(low)}–{_number(high)} {unit}"
    if low is not None:
        return _("at least %(n)s %(unit)s") % {"n": _number(low), "unit": unit}
    return _("at most %(n)s %(unit)s") % {"n": _number(high), "unit": unit}


def why(reason: Reason, names: dict[str, str]) -> str | None:
    """One short clause for a reason the offer fits (None: not worth saying)."""
    p = dict(reason.params)
    code = reason.code
    if code == "need_met":
        return _("meets your need: %(theme)s") % {"theme": _theme(p["theme"])}
    if code == "theme_recognised":
        return _("about %(theme)s, as you write (%(words)s)") % {
            "theme": _theme(p["theme"]),
            "words": _words(p.get("words", [])),
        }
    if code == "words_matched":
        return _("matches %(words)s") % {"words": _words(p.get("words", []))}
    if code == "local_offer":
        return _("offered in your municipality")
    if code == "regional_offer":
        return _("offered in your region")
    if code == "semantic_match":
        return _("close in meaning to what you describe")
    if code == "geography_municipality":
        return _("for companies in %(place)s") % {
            "place": names.get(p["municipality"], p["municipality"])
        }
    if code == "geography_region":
        return _("for companies in %(place)s") % {"place": names.get(p["region"], p["region"])}
    if code == "employees_within":
        return _("for companies with %(range)s") % {"range": _range(p, _("employees"))}
    if code == "age_within":
        return _("for companies aged %(range)s") % {"range": _range(p, _("years"))}
    if code == "turnover_within":
        return _("fits your turnover")
    if code == "sector_listed":
        return _("for your industry")
    if code == "growth_ambition_met":
        return _("for companies with growth ambitions")
    if code == "offer_about":
        return _("an offer about %(themes)s") % {
            "themes": ", ".join(_theme(t) for t in p.get("themes", ())) or _("business")
        }
    if code == "status_upcoming":
        return _("opens %(date)s") % {"date": _date(p.get("valid_from")) or _("soon")}
    return None


def why_not(reason: Reason, names: dict[str, str]) -> str:
    """Why an offer is not for the company."""
    p = dict(reason.params)
    code = reason.code
    if code == "region_not_covered":
        return _("only for companies in %(places)s") % {
            "places": ", ".join(names.get(r, r) for r in p.get("regions", []))
        }
    if code == "municipality_not_covered":
        return _("only for companies in certain municipalities")
    if code == "employees_below_min":
        return _("needs at least %(n)s employees") % {"n": _number(p["min"])}
    if code == "employees_above_max":
        return _("for companies with at most %(n)s employees") % {"n": _number(p["max"])}
    if code == "age_below_min":
        return _("for companies at least %(n)s years old") % {"n": _number(p["min"])}
    if code == "age_above_max":
        return _("for companies at most %(n)s years old") % {"n": _number(p["max"])}
    if code == "turnover_below_min":
        return _("needs a turnover of at least %(n)s kr.") % {"n": _number(p["min"])}
    if code == "turnover_above_max":
        return _("for companies with a turnover of at most %(n)s kr.") % {"n": _number(p["max"])}
    if code == "sector_not_covered":
        # names, never codes: the industries' names are among ``names`` (place_names())
        return _("only for certain industries (%(sectors)s)") % {
            "sectors": ", ".join(names.get(s, s).lower() for s in p.get("sectors", []))
        }
    if code == "growth_ambition_required":
        return _("only for companies with growth ambitions")
    if code == "status_closed":
        return _("closed")
    return code


def note(reason: Reason) -> str | None:
    """A condition the company should know about but that could not be checked."""
    p = dict(reason.params)
    if reason.code == "requires_cvr" and not p.get("has_cvr"):
        return _("requires a CVR number")
    if reason.code == "other_conditions":
        return p.get("text")
    if reason.code == "growth_ambition_unknown":
        return _("requires growth ambitions")
    return None
