"""Whether an offer meets what the company asked for, and which offers a company can use.

Plain Python and NumPy, no Django (part of the engine).

**Meets the need.** An offer meets the need when it has a theme the company ticked, or a
theme its words evidence and shares at least one of those words (a stem of the request,
beyond the catalog's common words) with the offer's own text; with neither ticked nor
recognised themes, when the offer's text answers two or more of the request's words and
scores at least ``WORDS_ONLY_SHARE`` of the best text match. A theme recognised only by a
word whose meaning as a need depends on the context (``WEAK_TRIGGERS``: "kunde", "penge",
"lokale", "sælge", ...) does not count for the need, and half in the score: "a customer has not paid"
is not a need for sales help, and "det lokale håndboldhold" no need for premises.

**Whose offers a company can use.** With no municipality the guide ranks no
municipality-scoped offer (a company cannot use another town's local service). With one, it
shows the Erhvervshus that serves it and no other: of the Erhvervshus operators whose
(non-national) offers cover the municipality, those covering it most specifically
(by name in a municipality list before by region), so a company on Bornholm gets the
Bornholm branch and not Erhvervshus Hovedstaden, and one in Odense Erhvervshus Fyn and not
Sydjylland. A national offer an Erhvervshus runs (Scale-up Denmark) stays open to all.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

ERHVERVSHUS = "erhvervshus"
WORDS_ONLY_SHARE = 0.6
WEAK_SHARE = 0.5

# words that name a theme only in some contexts; a theme they alone evidence is not a need
WEAK_TRIGGERS = frozenset(
    {
        "kunde",
        "kunder",
        "kunden",
        "kundes",
        "penge",
        "pengene",
        "lokal",
        "lokale",
        "lokalt",
        "sælge",
        "sælger",
        "skat",
        "skatten",
        "folk",
        "værksted",
        "værkstedet",
        "office",
        "bank",
        "banken",
        "space",
    }
)


def strong_themes(themes: Mapping[str, float], theme_words: Mapping[str, set[str]]) -> dict:
    """The recognised themes with at least one word that names a need on its own."""
    strong = {}
    for theme, strength in themes.items():
        words = theme_words.get(theme, set())
        if any(word.lower() not in WEAK_TRIGGERS for word in words):
            strong[theme] = strength
    return strong


class Offering:
    """Which offers a company can use beyond the eligibility rules (see the module)."""

    def __init__(
        self,
        offers: Sequence[Mapping[str, Any]],
        operators: Sequence[Mapping[str, Any]],
        municipality_regions: Mapping[str, str],
        scope: np.ndarray,
        scope_municipalities: int,
        scope_national: int,
    ) -> None:
        n = len(offers)
        types = {op["id"]: op.get("type") for op in operators}
        self.municipality_regions = municipality_regions
        self.municipality_scoped = scope == scope_municipalities
        self.municipality_scoped.flags.writeable = False
        self.operator_of = [offer.get("operator_id") for offer in offers]
        # per Erhvervshus operator: the municipalities named and the regions its offers cover
        self._named: dict[str, set[str]] = {}
        self._regions: dict[str, set[str]] = {}
        self._offers_of: dict[str, np.ndarray] = {}
        for i, offer in enumerate(offers):
            operator = offer.get("operator_id")
            if types.get(operator) != ERHVERVSHUS or scope[i] == scope_national:
                continue
            self._offers_of.setdefault(operator, np.zeros(n, dtype=bool))[i] = True
            geography = (offer.get("eligibility") or {}).get("geography") or {}
            self._named.setdefault(operator, set()).update(
                str(c) for c in geography.get("municipalities") or []
            )
            self._regions.setdefault(operator, set()).update(
                str(r) for r in geography.get("regions") or []
            )
        self._none = np.zeros(n, dtype=bool)
        self._cache: dict[str | None, np.ndarray] = {}

    def erhvervshus_of(self, municipality: str) -> list[str]:
        """The Erhvervshus operator(s) that serve ``municipality`` (most specific cover)."""
        named = [op for op, codes in self._named.items() if municipality in codes]
        if named:
            return sorted(named)
        region = self.municipality_regions.get(municipality)
        return sorted(op for op, regions in self._regions.items() if region in regions)

    def hidden(self, municipality: str | None) -> np.ndarray:
        """True for the offers the guide does not rank for a company of ``municipality``."""
        hidden = self._cache.get(municipality)
        if hidden is not None:
            return hidden
        if municipality is None:
            hidden = self.municipality_scoped
        else:
            own = set(self.erhvervshus_of(municipality))
            hidden = self._none.copy()
            for operator, offers in self._offers_of.items():
                if operator not in own:
                    hidden |= offers
            hidden.flags.writeable = False
        if municipality is None or municipality in self.municipality_regions:
            self._cache[municipality] = hidden
        return hidden
