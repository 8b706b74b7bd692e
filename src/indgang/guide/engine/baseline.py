"""A plain BM25 baseline: bm25s over title and description, Danish stemming, same eligibility.

It is what the guide's ranker must beat: no compounds, no synonyms, no misspellings, no
themes, no fields.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import bm25s
import numpy as np
import Stemmer

from .eligibility import CompanyProfile, EligibilityIndex


class BaselineBM25:
    def __init__(
        self, offers: Sequence[Mapping[str, Any]], municipality_regions: Mapping[str, str]
    ) -> None:
        self.ids = [offer["id"] for offer in offers]
        self.eligibility = EligibilityIndex(offers, municipality_regions)
        self._stemmer = Stemmer.Stemmer("danish")
        corpus = [
            f"{offer.get('title') or ''} {offer.get('description') or ''}" for offer in offers
        ]
        tokens = bm25s.tokenize(corpus, stopwords="da", stemmer=self._stemmer, show_progress=False)
        self._retriever = bm25s.BM25()
        self._retriever.index(tokens, show_progress=False)

    def match(
        self, company: CompanyProfile | Mapping[str, Any] | None, text: str, limit: int = 10
    ) -> list[str]:
        """The ids of the ``limit`` best eligible offers for ``text``."""
        mask = self.eligibility.mask(company)
        query = bm25s.tokenize(
            [text], stopwords="da", stemmer=self._stemmer, show_progress=False, return_ids=False
        )[0]
        query = [term for term in query if term in self._retriever.vocab_dict]
        scores = self._retriever.get_scores(query) if query else np.zeros(len(self.ids), np.float32)
        candidates = np.flatnonzero(mask)
        order = np.lexsort((candidates, -scores[candidates]))[:limit]
        return [self.ids[i] for i in candidates[order]]
