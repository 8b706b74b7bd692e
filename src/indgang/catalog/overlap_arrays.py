"""The overlap analysis's settings, its offers as arrays, and their texts as TF-IDF vectors.

Part of :mod:`indgang.catalog.overlap` (plain Python, NumPy, SciPy and scikit-learn; no
Django): :class:`OfferArrays` holds themes, areas, ranges and industries one row per offer,
:class:`OfferTexts` the TF-IDF over the Danish analysis (:mod:`indgang.danish`).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy.sparse import csr_matrix
from sklearn.feature_extraction.text import TfidfVectorizer

from indgang.danish import THEMES, Analyzer, content_words


@dataclass(frozen=True)
class OverlapConfig:
    """The knobs of the analysis; the defaults are the ones the decision note explains."""

    text_weight: float = 0.6
    theme_weight: float = 0.3
    kind_weight: float = 0.1
    # A cosine similarity this high counts as fully similar text.
    text_full: float = 0.4
    # Words in more than this share of the offers are left out of the text similarity, in
    # a catalog of at least ``common_words_from`` offers.
    common_words: float = 0.5
    common_words_from: int = 50
    # Gate and candidate pairs: the texts' cosine similarity is at least this ("their
    # descriptions say much the same"; below it a pair shares little beyond common words).
    min_text: float = 0.1
    # A gated pair with a content score at least this overlaps.
    threshold: float = 0.5
    # Average-linkage cut: offers in one cluster are on average at least this similar.
    cluster_threshold: float = 0.35
    # Rows of the similarity product computed at once (memory: block x offers floats).
    block_rows: int = 1000
    # Pairs listed per cluster, strongest first, each with its reasons.
    listed_pairs: int = 12
    # Largest group of offers clustered by average linkage at once (memory grows with the
    # square: 3,000 offers take about 200 MB); a larger component of the overlap graph is
    # first cut at a threshold ``linkage_step`` higher.
    max_linkage: int = 3000
    linkage_step: float = 0.05


SECTORS = tuple("ABCDEFGHIJKLMNOPQRS")
NUMERIC = (
    ("company_age_years", "age"),
    ("employees", "employees"),
    ("turnover_dkk", "turnover"),
)

# Kinds of help: formats in one family serve a need in much the same way.
FORMAT_FAMILIES = {
    "vejledning_1_1": "advice",
    "forloeb": "advice",
    "mentor": "advice",
    "kursus": "advice",
    "netvaerk": "network",
    "arrangement": "network",
    "matchmaking": "network",
    "tilskud": "money",
    "laan": "money",
    "garanti": "money",
    "egenkapital": "money",
    "lokaler": "premises",
    "myndighedsservice": "authority",
    "online_vaerktoej": "tool",
}
FAMILY_SIMILARITY = 0.5

# Shared words shown as a reason, at most this many.
SHARED_WORDS = 6
_DIGIT = re.compile(r"[0-9]")


# -- preparing the offers ---------------------------------------------------------------


def _bits(matrix: np.ndarray) -> np.ndarray:
    """Each row of a boolean matrix as 64-bit words (``ceil(columns / 64)`` per row)."""
    words = -(-matrix.shape[1] // 64)
    padded = np.zeros((matrix.shape[0], words * 64), dtype=bool)
    padded[:, : matrix.shape[1]] = matrix
    packed = np.packbits(padded, axis=1, bitorder="little")
    return packed.view("<u8").reshape(matrix.shape[0], words).astype(np.uint64)


# Number of set bits of every 16-bit value (the themes fit in 16 bits).
_POPCOUNT16 = np.array([bin(v).count("1") for v in range(1 << 16)], dtype=np.uint8)


def popcount16(values: np.ndarray) -> np.ndarray:
    return _POPCOUNT16[values.astype(np.uint16)].astype(np.int64)


class OfferArrays:
    """The offers as arrays: themes, areas, ranges and industries, one row per offer."""

    def __init__(
        self, offers: Sequence[Mapping[str, Any]], municipality_regions: Mapping[str, str]
    ):
        self.offers = offers
        self.ids = [str(o["id"]) for o in offers]
        n = len(offers)
        operators = [str(o["operator_id"]) for o in offers]
        codes = {op: k for k, op in enumerate(sorted(set(operators)))}
        self.operator = np.array([codes[op] for op in operators], dtype=np.int64)
        self.operator_ids = operators

        theme_index = {t: k for k, t in enumerate(THEMES)}
        self.themes = np.zeros((n, len(THEMES)), dtype=bool)
        self.main_theme = np.full(n, -1, dtype=np.int64)
        for row, offer in enumerate(offers):
            known = [theme_index[t] for t in offer.get("themes") or [] if t in theme_index]
            self.themes[row, known] = True
            if known:
                self.main_theme[row] = known[0]
        self.theme_bits = _bits(self.themes)[:, 0]

        self.municipalities = sorted(municipality_regions)
        m_index = {m: k for k, m in enumerate(self.municipalities)}
        self.region_of = [str(municipality_regions[m]) for m in self.municipalities]
        self.area = np.zeros((n, len(self.municipalities)), dtype=bool)
        self.national = np.zeros(n, dtype=bool)
        by_region: dict[str, list[int]] = defaultdict(list)
        for k, region in enumerate(self.region_of):
            by_region[region].append(k)
        self.regions = sorted(by_region)
        self.region_mask = {
            region: np.isin(np.arange(len(self.region_of)), cols)
            for region, cols in by_region.items()
        }
        for row, offer in enumerate(offers):
            geography = offer["eligibility"]["geography"]
            scope = geography.get("scope")
            if scope == "national":
                self.area[row, :] = True
                self.national[row] = True
            elif scope == "regions":
                for region in geography.get("regions") or []:
                    self.area[row, by_region.get(str(region), [])] = True
            else:
                cols = [m_index.get(m) for m in map(str, geography.get("municipalities") or [])]
                self.area[row, [c for c in cols if c is not None]] = True

        self.low: dict[str, np.ndarray] = {}
        self.high: dict[str, np.ndarray] = {}
        for key, name in NUMERIC:
            lows, highs = [], []
            for offer in offers:
                bounds = offer["eligibility"].get(key) or {}
                lows.append(-np.inf if bounds.get("min") is None else float(bounds["min"]))
                highs.append(np.inf if bounds.get("max") is None else float(bounds["max"]))
            self.low[name] = np.array(lows)
            self.high[name] = np.array(highs)

        sector_index = {s: k for k, s in enumerate(SECTORS)}
        self.sectors = np.ones((n, len(SECTORS)), dtype=bool)
        for row, offer in enumerate(offers):
            listed = [sector_index[s] for s in offer["eligibility"].get("sectors") or []]
            if listed:
                self.sectors[row, :] = False
                self.sectors[row, listed] = True
        self.sector_bits = _bits(self.sectors)[:, 0]
        self.area_bits = _bits(self.area)

        families = sorted(set(FORMAT_FAMILIES.values()))
        formats = {f: k for k, f in enumerate(sorted({str(o.get("format")) for o in offers}))}
        self.format = np.array([formats[str(o.get("format"))] for o in offers], dtype=np.int64)
        self.family = np.array(
            [
                families.index(FORMAT_FAMILIES[o["format"]])
                if o.get("format") in FORMAT_FAMILIES
                else -1 - k
                for k, o in enumerate(offers)
            ],
            dtype=np.int64,
        )


class OfferTexts:
    """TF-IDF over the guide's Danish analysis, remembering a readable word for each term."""

    def __init__(self, offers: Sequence[Mapping[str, Any]], config: OverlapConfig):
        texts = [
            " ".join(filter(None, [o.get("title"), o.get("summary"), o.get("description")]))
            for o in offers
        ]
        self.analyzer = Analyzer(texts)
        self._words_of: dict[str, set[str]] = defaultdict(set)  # term -> words giving it
        self._word_count: Counter[str] = Counter()
        self._cache: dict[str, list[str]] = {}
        self.vectorizer = TfidfVectorizer(
            analyzer=self._terms,
            sublinear_tf=True,
            # words in most offers ("virksomheder", "hjælp") say nothing about the need;
            # a small catalog is too small to tell which words those are
            max_df=config.common_words if len(texts) >= config.common_words_from else 1.0,
            dtype=np.float32,
        )
        self.matrix: csr_matrix = self.vectorizer.fit_transform(texts).tocsr()
        self.features = self.vectorizer.get_feature_names_out()

    def _terms(self, text: str) -> list[str]:
        terms: list[str] = []
        words = content_words(text)
        self._word_count.update(words)
        cache = self._cache
        for word in words:
            word_terms = cache.get(word)
            if word_terms is None:
                # numbers ("249 ansatte", "2027") say nothing about the need
                word_terms = [] if _DIGIT.search(word) else self.analyzer.index_terms(word)
                cache[word] = word_terms
                for term in word_terms:
                    self._words_of[term].add(word)
            terms.extend(word_terms)
        return terms

    def word(self, term: str) -> str:
        """The commonest word in the texts that yields ``term`` (a stem is no word)."""
        words = self._words_of.get(term)
        if not words:
            return term
        return max(sorted(words), key=lambda w: self._word_count[w])

    def candidates(self, min_text: float, block_rows: int):
        """Pairs (i < j) whose cosine similarity is at least ``min_text``, block by block.

        Yields ``(i, j, cosine)`` arrays for ``block_rows`` rows of the similarity matrix
        at a time, so the whole matrix is never held.
        """
        x = self.matrix
        xt = x.T.tocsc()
        for start in range(0, x.shape[0], block_rows):
            block = (x[start : start + block_rows] @ xt).tocoo()
            i = block.row.astype(np.int64) + start
            keep = (block.col > i) & (block.data >= min_text)
            yield i[keep], block.col[keep].astype(np.int64), block.data[keep].astype(np.float64)

    def shared_words(self, i: int, j: int, limit: int = SHARED_WORDS) -> list[str]:
        """The terms that add most to the similarity of offers ``i`` and ``j``, as words."""
        x = self.matrix
        a = slice(x.indptr[i], x.indptr[i + 1])
        b = slice(x.indptr[j], x.indptr[j + 1])
        common, in_a, in_b = np.intersect1d(
            x.indices[a], x.indices[b], assume_unique=True, return_indices=True
        )
        weight = x.data[a][in_a] * x.data[b][in_b]
        order = np.argsort(-weight, kind="stable")[:limit]
        return [self.word(self.features[common[k]]) for k in order]
