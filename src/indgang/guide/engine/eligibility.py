"""Eligibility of one offer for one company, following the catalog's rules exactly.

The rules (shared/catalog/README.md, "Eligibility rules"):

1. status ``lukket`` is never eligible; ``aktiv`` and ``kommende`` are;
2. geography: scope ``national`` admits every company, ``regions`` the companies whose
   municipality lies in a listed region, ``municipalities`` the listed municipalities;
3. company age, employees and turnover: ``min <= value <= max``, both bounds inclusive,
   a ``null`` bound open;
4. sectors: an empty list admits all sectors, otherwise the DB07 section must be listed;
5. growth ambition: if required, companies with ``growth_ambition`` false are excluded;
6. unknown company fields never exclude, and ``requires_cvr`` never excludes (the
   condition is shown to the company instead);
7. ``other_conditions`` is free text, shown and not evaluated.

Every reason is machine-readable: a :class:`Reason` with a stable ``code`` and a dict of
parameters, so the Django side can render a Danish sentence through gettext.

Codes in ``fits``: ``status_active``, ``status_upcoming``, ``geography_national``,
``geography_region``, ``geography_municipality``, ``age_within``, ``employees_within``,
``turnover_within``, ``sector_any``, ``sector_listed``, ``growth_ambition_met``.

Codes in ``fails``: ``status_closed``, ``region_not_covered``, ``municipality_not_covered``,
``age_below_min``, ``age_above_max``, ``employees_below_min``, ``employees_above_max``,
``turnover_below_min``, ``turnover_above_max``, ``sector_not_covered``,
``growth_ambition_required``.

Codes in ``unchecked`` (a condition that could not be checked because the company's field is
unknown; it passes, but the company should know): ``geography_unknown``, ``age_unknown``,
``employees_unknown``, ``turnover_unknown``, ``sector_unknown``, ``growth_ambition_unknown``,
``requires_cvr``, ``other_conditions``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

CLOSED_STATUS = "lukket"

# The numeric conditions: (key in offer["eligibility"], attribute on the profile, code stem).
NUMERIC_RULES: tuple[tuple[str, str, str], ...] = (
    ("company_age_years", "age_years", "age"),
    ("employees", "employees", "employees"),
    ("turnover_dkk", "turnover_dkk", "turnover"),
)


# The reason codes of the numeric conditions, spelled out once.
_NUMERIC_CODES: tuple[tuple[str, str, str, str, str, str], ...] = tuple(
    (key, attribute, f"{stem}_unknown", f"{stem}_below_min", f"{stem}_above_max", f"{stem}_within")
    for key, attribute, stem in NUMERIC_RULES
)


@dataclass(frozen=True)
class Reason:
    """One machine-readable reason: a stable code and its parameters."""

    code: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def as_tuple(self) -> tuple[str, dict[str, Any]]:
        return (self.code, dict(self.params))


@dataclass(frozen=True)
class CompanyProfile:
    """What the guide knows about a company. ``None`` means unknown (never excludes)."""

    municipality_code: str | None = None
    db07_section: str | None = None
    employees: int | None = None
    age_years: int | None = None
    growth_ambition: bool | None = None
    turnover_dkk: int | None = None
    cvr: str | None = None

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any] | CompanyProfile | None) -> CompanyProfile:
        """Build a profile from a match-API style ``company`` dict (extra keys are ignored)."""
        if isinstance(data, CompanyProfile):
            return data
        data = data or {}
        municipality = data.get("municipality_code")
        section = data.get("db07_section")
        return cls(
            municipality_code=str(municipality) if municipality is not None else None,
            db07_section=str(section).upper() if section is not None else None,
            employees=data.get("employees"),
            age_years=data.get("age_years"),
            growth_ambition=data.get("growth_ambition"),
            turnover_dkk=data.get("turnover_dkk"),
            cvr=data.get("cvr"),
        )


# The reasons without parameters, made once (reasons are immutable and compared by value).
_STATUS_ACTIVE = Reason("status_active", {})
_GEOGRAPHY_NATIONAL = Reason("geography_national", {})
_SECTOR_ANY = Reason("sector_any", {})
_GROWTH_UNKNOWN = Reason("growth_ambition_unknown", {})
_GROWTH_MET = Reason("growth_ambition_met", {})
_GROWTH_REQUIRED = Reason("growth_ambition_required", {})


@dataclass(frozen=True)
class EligibilityResult:
    """The verdict for one offer: eligible unless ``fails`` is non-empty."""

    fits: tuple[Reason, ...]
    fails: tuple[Reason, ...]
    unchecked: tuple[Reason, ...] = ()

    @property
    def eligible(self) -> bool:
        return not self.fails

    def __bool__(self) -> bool:
        return self.eligible


def region_of(municipality_code: str | None, municipality_regions: Mapping[str, str]) -> str | None:
    """The region code of a municipality, or ``None`` when the municipality is unknown."""
    if municipality_code is None:
        return None
    region = municipality_regions.get(str(municipality_code))
    return str(region) if region is not None else None


def check_eligibility(
    company: CompanyProfile | Mapping[str, Any] | None,
    offer: Mapping[str, Any],
    municipality_regions: Mapping[str, str],
) -> EligibilityResult:
    """Decide whether ``offer`` (catalog schema) is open to ``company``, and why.

    ``municipality_regions`` maps municipality codes to region codes (strings, e.g.
    ``{"101": "1084"}``); the Django side passes it from the reference data. A municipality
    missing from the map has an unknown region, which never excludes.
    """
    profile = CompanyProfile.from_mapping(company)
    rules = offer.get("eligibility") or {}
    fits: list[Reason] = []
    fails: list[Reason] = []
    unchecked: list[Reason] = []

    # 1. status
    status = offer.get("status")
    if status == CLOSED_STATUS:
        fails.append(Reason("status_closed", {"valid_to": offer.get("valid_to")}))
    elif status == "kommende":
        fits.append(Reason("status_upcoming", {"valid_from": offer.get("valid_from")}))
    else:
        fits.append(_STATUS_ACTIVE)

    # 2. geography
    geography = rules.get("geography") or {}
    scope = geography.get("scope") or "national"
    if scope == "national":
        fits.append(_GEOGRAPHY_NATIONAL)
    elif scope == "regions":
        regions = [str(code) for code in geography.get("regions") or []]
        region = region_of(profile.municipality_code, municipality_regions)
        if region is None:
            unchecked.append(Reason("geography_unknown", {"scope": scope, "regions": regions}))
        elif region in regions:
            fits.append(Reason("geography_region", {"region": region}))
        else:
            fails.append(Reason("region_not_covered", {"region": region, "regions": regions}))
    elif scope == "municipalities":
        municipalities = [str(code) for code in geography.get("municipalities") or []]
        municipality = profile.municipality_code
        if municipality is None:
            unchecked.append(
                Reason("geography_unknown", {"scope": scope, "municipalities": municipalities})
            )
        elif municipality in municipalities:
            fits.append(Reason("geography_municipality", {"municipality": municipality}))
        else:
            fails.append(
                Reason(
                    "municipality_not_covered",
                    {"municipality": municipality, "municipalities": municipalities},
                )
            )
    else:  # an unknown scope is a catalog error; do not exclude on it
        unchecked.append(Reason("geography_unknown", {"scope": scope}))

    # 3. age, employees, turnover (inclusive bounds, null bound open)
    for key, attribute, unknown, below, above, within in _NUMERIC_CODES:
        bounds = rules.get(key)
        if not bounds:
            continue
        low, high = bounds.get("min"), bounds.get("max")
        if low is None and high is None:
            continue
        value = getattr(profile, attribute)
        if value is None:
            unchecked.append(Reason(unknown, {"min": low, "max": high}))
        elif low is not None and value < low:
            fails.append(Reason(below, {"min": low, "value": value}))
        elif high is not None and value > high:
            fails.append(Reason(above, {"max": high, "value": value}))
        else:
            fits.append(Reason(within, {"min": low, "max": high, "value": value}))

    # 4. sectors
    sectors = [str(letter).upper() for letter in rules.get("sectors") or []]
    if not sectors:
        fits.append(_SECTOR_ANY)
    elif profile.db07_section is None:
        unchecked.append(Reason("sector_unknown", {"sectors": sectors}))
    elif profile.db07_section in sectors:
        fits.append(Reason("sector_listed", {"section": profile.db07_section}))
    else:
        fails.append(
            Reason("sector_not_covered", {"section": profile.db07_section, "sectors": sectors})
        )

    # 5. growth ambition
    if rules.get("growth_ambition_required"):
        if profile.growth_ambition is None:
            unchecked.append(_GROWTH_UNKNOWN)
        elif profile.growth_ambition:
            fits.append(_GROWTH_MET)
        else:
            fails.append(_GROWTH_REQUIRED)

    # 6. and 7. shown, never evaluated
    if rules.get("requires_cvr"):
        unchecked.append(Reason("requires_cvr", {"has_cvr": bool(profile.cvr)}))
    if rules.get("other_conditions"):
        unchecked.append(Reason("other_conditions", {"text": rules["other_conditions"]}))

    return EligibilityResult(tuple(fits), tuple(fails), tuple(unchecked))


def is_eligible(
    company: CompanyProfile | Mapping[str, Any] | None,
    offer: Mapping[str, Any],
    municipality_regions: Mapping[str, str],
) -> bool:
    """Shorthand for ``check_eligibility(...).eligible``."""
    return check_eligibility(company, offer, municipality_regions).eligible


SECTIONS = "ABCDEFGHIJKLMNOPQRSTU"
SCOPE_NATIONAL, SCOPE_REGIONS, SCOPE_MUNICIPALITIES, SCOPE_UNKNOWN = 0, 1, 2, -1
_SCOPES = {"national": SCOPE_NATIONAL, "regions": SCOPE_REGIONS}
_SCOPES["municipalities"] = SCOPE_MUNICIPALITIES


def _bound(value: Any, default: float) -> float:
    return default if value is None else float(value)


class EligibilityIndex:
    """The same rules as :func:`check_eligibility`, compiled into NumPy arrays once.

    ``mask(company)`` answers for all offers at once (a boolean array in offer order), in
    microseconds for thousands of offers; the tests check it against the reference function.
    """

    def __init__(
        self, offers: Sequence[Mapping[str, Any]], municipality_regions: Mapping[str, str]
    ) -> None:
        n = len(offers)
        self.municipality_regions = {str(k): str(v) for k, v in municipality_regions.items()}
        self.closed = np.zeros(n, dtype=bool)
        self.scope = np.zeros(n, dtype=np.int8)
        self.growth_required = np.zeros(n, dtype=bool)
        self.any_sector = np.ones(n, dtype=bool)
        self.sectors = np.zeros(n, dtype=np.int64)
        self.bounds = {
            attribute: (np.full(n, -np.inf), np.full(n, np.inf))
            for _, attribute, _ in NUMERIC_RULES
        }
        self.in_region: dict[str, np.ndarray] = {}
        self.in_municipality: dict[str, np.ndarray] = {}
        self._none = np.zeros(n, dtype=bool)
        self._geo_cache: dict[str, np.ndarray] = {}
        self._sector_cache: dict[str, np.ndarray] = {}
        for i, offer in enumerate(offers):
            rules = offer.get("eligibility") or {}
            self.closed[i] = offer.get("status") == CLOSED_STATUS
            geography = rules.get("geography") or {}
            scope = _SCOPES.get(geography.get("scope") or "national", SCOPE_UNKNOWN)
            self.scope[i] = scope
            if scope == SCOPE_REGIONS:
                for region in geography.get("regions") or []:
                    self.in_region.setdefault(str(region), np.zeros(n, dtype=bool))[i] = True
            elif scope == SCOPE_MUNICIPALITIES:
                for code in geography.get("municipalities") or []:
                    self.in_municipality.setdefault(str(code), np.zeros(n, dtype=bool))[i] = True
            for key, attribute, _ in NUMERIC_RULES:
                bounds = rules.get(key) or {}
                low, high = self.bounds[attribute]
                low[i] = _bound(bounds.get("min"), -np.inf)
                high[i] = _bound(bounds.get("max"), np.inf)
            sectors = [str(letter).upper() for letter in rules.get("sectors") or []]
            if sectors:
                self.any_sector[i] = False
                for letter in sectors:
                    if len(letter) == 1 and letter in SECTIONS:
                        self.sectors[i] |= 1 << SECTIONS.index(letter)
            self.growth_required[i] = bool(rules.get("growth_ambition_required"))

    def mask(self, company: CompanyProfile | Mapping[str, Any] | None) -> np.ndarray:
        """True for every offer the company is eligible for."""
        profile = CompanyProfile.from_mapping(company)
        mask = ~self.closed
        municipality = profile.municipality_code
        if municipality is not None:
            mask &= self._geography(municipality)
        for _, attribute, _ in NUMERIC_RULES:
            value = getattr(profile, attribute)
            if value is not None:
                low, high = self.bounds[attribute]
                mask &= (low <= value) & (value <= high)
        section = profile.db07_section
        if section is not None:
            mask &= self._sector(section)
        if profile.growth_ambition is False:
            mask &= ~self.growth_required
        return mask

    def _geography(self, municipality: str) -> np.ndarray:
        """The offers whose geography admits a company of ``municipality``.

        Kept per known municipality (a hundred or so arrays), worked out afresh for others.
        """
        geo = self._geo_cache.get(municipality)
        if geo is not None:
            return geo
        geo = (self.scope == SCOPE_NATIONAL) | (self.scope == SCOPE_UNKNOWN)
        region = region_of(municipality, self.municipality_regions)
        in_region = self.in_region.get(region, self._none) if region is not None else True
        geo |= (self.scope == SCOPE_REGIONS) & in_region
        in_municipality = self.in_municipality.get(municipality, self._none)
        geo |= (self.scope == SCOPE_MUNICIPALITIES) & in_municipality
        if municipality in self.municipality_regions or municipality in self.in_municipality:
            geo.flags.writeable = False
            self._geo_cache[municipality] = geo
        return geo

    def _sector(self, section: str) -> np.ndarray:
        """The offers open to a company of DB07 ``section`` (kept per section letter)."""
        allowed = self._sector_cache.get(section)
        if allowed is None:
            known = len(section) == 1 and section in SECTIONS
            bit = 1 << SECTIONS.index(section) if known else 0
            allowed = self.any_sector | ((self.sectors & bit) != 0)
            if known:
                allowed.flags.writeable = False
                self._sector_cache[section] = allowed
        return allowed
