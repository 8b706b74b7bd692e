"""The analyses in words: overlap reasons and continuity flags as sentences.

The engines (:mod:`.overlap`, :mod:`.continuity`) give codes and parameters; this module
puts them into the active language (Danish first), with the reference data's names.
"""

from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from indgang.catalog import continuity
from indgang.catalog.models import Format, ThemeCode
from indgang.catalog.overlap import Reason
from indgang.reference import public as reference_public

MAX_PLACES = 6


class Names:
    """Names of regions, municipalities and industries, read once per request."""

    def __init__(self):
        self.regions = reference_public.region_labels()
        self._municipalities: dict[str, str] | None = None
        self._sectors: dict[str, str] | None = None

    @property
    def municipalities(self) -> dict[str, str]:
        if self._municipalities is None:
            self._municipalities = reference_public.municipality_labels()
        return self._municipalities

    @property
    def sectors(self) -> dict[str, str]:
        if self._sectors is None:
            self._sectors = reference_public.db07_section_labels()
        return self._sectors

    def region(self, code: str) -> str:
        return self.regions.get(code, code)


def join(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return _("%(first)s and %(last)s") % {"first": ", ".join(names[:-1]), "last": names[-1]}


def _some(names: list[str]) -> str:
    if len(names) <= MAX_PLACES:
        return join(names)
    rest = len(names) - MAX_PLACES
    more = ngettext("%(count)s more", "%(count)s more", rest) % {"count": rest}
    return join([*names[:MAX_PLACES], more])


def theme(code: str) -> str:
    try:
        return str(ThemeCode(code).label)
    except ValueError:
        return code


def themes(codes) -> str:
    return join([theme(c) for c in codes])


def format_name(code: str | None) -> str:
    try:
        return str(Format(code).label)
    except ValueError:
        return str(code)


def similarity(value: float) -> str:
    return number_format(value, decimal_pos=2)


def day(value) -> str:
    return date_format(value, "j. F Y")


def _range(low, high, unit_both, unit_min, unit_max) -> str:
    if low is not None and high is not None:
        return unit_both % {"min": low, "max": high}
    if low is not None:
        return unit_min % {"min": low}
    return unit_max % {"max": high}


def _money(value) -> str | None:
    return None if value is None else number_format(value, force_grouping=True)


def reason(r: Reason, names: Names) -> str:
    """One reason of an overlap pair or cluster as a sentence."""
    p = r.params
    if r.code == "themes" and "all" in p:
        if p["all"]:
            return ngettext(
                "Every offer in the group has the theme %(themes)s.",
                "Every offer in the group has the themes %(themes)s.",
                len(p["themes"]),
            ) % {"themes": themes(p["themes"])}
        return ngettext(
            "Most offers in the group have the theme %(themes)s.",
            "Most offers in the group have the themes %(themes)s.",
            len(p["themes"]),
        ) % {"themes": themes(p["themes"])}
    if r.code == "themes":
        return _("Shared themes: %(themes)s.") % {"themes": themes(p["themes"])}
    if r.code == "geography_national":
        return _("Both are offered in the whole country.")
    if r.code == "geography_regions":
        return _("Both are offered in %(places)s.") % {
            "places": join([names.region(c) for c in p["regions"]])
        }
    if r.code == "geography_municipalities":
        places = [names.municipalities.get(c, c) for c in p["municipalities"]]
        return ngettext(
            "Both are offered in the municipality %(places)s.",
            "Both are offered in the municipalities %(places)s.",
            len(places),
        ) % {"places": _some(places)}
    if r.code == "age_range":
        return _("Both fit companies %(range)s.") % {
            "range": _range(
                p["min"],
                p["max"],
                _("that are %(min)s–%(max)s years old"),
                _("that are at least %(min)s years old"),
                _("that are at most %(max)s years old"),
            )
        }
    if r.code == "employees_range":
        return _("Both fit companies %(range)s.") % {
            "range": _range(
                p["min"],
                p["max"],
                _("with %(min)s–%(max)s employees"),
                _("with at least %(min)s employees"),
                _("with at most %(max)s employees"),
            )
        }
    if r.code == "turnover_range":
        return _("Both fit companies %(range)s.") % {
            "range": _range(
                _money(p["min"]),
                _money(p["max"]),
                _("with a turnover of DKK %(min)s–%(max)s"),
                _("with a turnover of at least DKK %(min)s"),
                _("with a turnover of at most DKK %(max)s"),
            )
        }
    if r.code == "sectors":
        return _("Both are open to these industries: %(sectors)s.") % {
            "sectors": _some([names.sectors.get(c, c) for c in p["sectors"]]).lower()
        }
    if r.code == "text" and "words" in p and p.get("words"):
        return _(
            "The descriptions say much the same (similarity %(similarity)s); words they "
            "share: %(words)s."
        ) % {"similarity": similarity(p["similarity"]), "words": ", ".join(p["words"])}
    if r.code == "text":
        return _("The descriptions say much the same (similarity %(similarity)s).") % {
            "similarity": similarity(p["similarity"])
        }
    if r.code == "same_format":
        return _("The same kind of help: %(format)s.") % {"format": format_name(p["format"])}
    if r.code == "same_kind":
        return _("Related kinds of help: %(formats)s.") % {
            "formats": join([format_name(f) for f in p["formats"]])
        }
    if r.code == "operators":
        return ngettext(
            "%(count)s operators offer %(offers)s offer.",
            "%(count)s operators offer %(offers)s offers.",
            p["offers"],
        ) % {"count": p["count"], "offers": p["offers"]}
    if r.code == "regions":
        if not p["regions"]:
            return _("The offers do not meet in one region.")
        return _("Offers of several operators meet in %(places)s.") % {
            "places": join([names.region(c) for c in p["regions"]])
        }
    if r.code == "formats":
        return _("Kinds of help: %(formats)s.") % {
            "formats": join([format_name(f) for f in p["formats"]])
        }
    return r.code


def flag(f: continuity.Flag, titles: dict[str, str]) -> str:
    """A continuity flag as a sentence."""
    if f.kind == continuity.EXPIRED_PUBLISHED:
        return ngettext(
            "The validity ended on %(date)s (%(days)s day ago), but the offer is still published.",
            "The validity ended on %(date)s (%(days)s days ago), but the offer is still published.",
            f.days,
        ) % {"date": day(f.date), "days": f.days}
    if f.kind == continuity.DEADLINE_SOON:
        if f.days == 0:
            return _("The application deadline is today, %(date)s.") % {"date": day(f.date)}
        return ngettext(
            "The application deadline is %(date)s, in %(days)s day.",
            "The application deadline is %(date)s, in %(days)s days.",
            f.days,
        ) % {"date": day(f.date), "days": f.days}
    if f.kind == continuity.GAP:
        return ngettext(
            "A gap of %(days)s day: no round from %(date)s until the next round, "
            "“%(next)s”, starts on %(start)s.",
            "A gap of %(days)s days: no round from %(date)s until the next round, "
            "“%(next)s”, starts on %(start)s.",
            f.days,
        ) % {
            "days": f.days,
            "date": day(f.date),
            "next": titles.get(f.next_id or "", f.next_id),
            "start": day(f.next_start),
        }
    if f.kind == continuity.ENDED_NO_SUCCESSOR:
        return _("Ended on %(date)s, and no next round has been published.") % {"date": day(f.date)}
    if f.kind == continuity.ENDING_NO_SUCCESSOR:
        return ngettext(
            "Ends on %(date)s, in %(days)s day, and no next round has been published.",
            "Ends on %(date)s, in %(days)s days, and no next round has been published.",
            f.days,
        ) % {"date": day(f.date), "days": f.days}
    return f.kind


def flag_kind(kind: str) -> str:
    return {
        continuity.EXPIRED_PUBLISHED: _("Ended but still published"),
        continuity.DEADLINE_SOON: _("Deadline within 30 days"),
        continuity.GAP: _("Gap between rounds"),
        continuity.ENDED_NO_SUCCESSOR: _("Ended without a next round"),
        continuity.ENDING_NO_SUCCESSOR: _("Ends soon without a next round"),
    }.get(kind, kind)
