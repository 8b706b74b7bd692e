"""The quick ways the ranker computes a match give the same numbers as the plain ones.

The ranker folds the fields' BM25 scores into one posting list per term, adds every signal
into one array in place and picks the best with a partial sort. Each is checked here against
the plain computation: bm25s per field, the formula of ``RankerConfig`` written out, and a
full sort with ties in catalog order.
"""

from __future__ import annotations

import random
from dataclasses import replace

import bm25s
import numpy as np
import pytest

from indgang.danish import THEMES
from indgang.guide.engine import CompanyProfile, Ranker, RankerConfig
from indgang.guide.engine.ranking import FIELDS, _offer_meta_text

from .sample import load_shared_catalog
from .test_eligibility import random_profiles

TEXTS = [
    "eksport",
    "penge til en messe i Tyskland",
    "eksprot raadgivning",
    "hire funding export",
    "Vi vil ansætte flere medarbejdere og digitalisere vores produktion",
    "",
]


@pytest.fixture(scope="module")
def shared():
    catalog, queries, regions = load_shared_catalog()
    return Ranker.from_catalog(catalog, regions), catalog, queries, regions


def plain_text_scorer(ranker: Ranker, catalog):
    """BM25 the plain way: one bm25s index per field, each term's score in each field
    times the field's weight and the term's weight (with the ranker's k1, b and weights)."""
    names = {op["id"]: op.get("name") or "" for op in catalog["operators"]}
    fields = []
    for name in FIELDS:
        if name == "meta":
            texts = [
                _offer_meta_text(o, names.get(o.get("operator_id"), "")) for o in ranker.offers
            ]
        else:
            texts = [o.get(name) or "" for o in ranker.offers]
        retriever = bm25s.BM25(k1=ranker.config.k1, b=ranker.config.b)
        retriever.index(
            [ranker.analyzer.index_terms(t) or ["\x00"] for t in texts], show_progress=False
        )
        fields.append((ranker.config.field_weights.get(name, 0.0), retriever))

    def scores(analysis) -> np.ndarray:
        total = np.zeros(len(ranker.offers), dtype=np.float64)
        for weight, retriever in fields:
            for term, term_weight in analysis.terms.items():
                if term in retriever.vocab_dict:
                    total += weight * term_weight * retriever.get_scores([term])
        return total

    return scores


def test_folded_postings_give_the_fields_bm25(shared):
    ranker, catalog, queries, _regions = shared
    plain_text_scores = plain_text_scorer(ranker, catalog)
    for text in [query["text"] for query in queries] + TEXTS:
        analysis = ranker.analyzer.analyze_query(text)
        fast = ranker._text_scores(analysis)
        plain = plain_text_scores(analysis)
        assert np.allclose(fast, plain, rtol=1e-5, atol=1e-6), text
        assert (fast > 0).sum() == (plain > 0).sum(), text


CONFIGS = [
    RankerConfig(),
    RankerConfig(
        field_weights={"title": 1.0, "summary": 0.0, "description": 1.3, "meta": 0.0},
        need=0.0,
        local=0.0,
    ),
    RankerConfig(text=0.5, inferred=0.0, local=1.0, k1=1.5, b=0.5),
]


@pytest.mark.parametrize("config", CONFIGS)
def test_scores_follow_the_weights_of_the_config(shared, config):
    _ranker, catalog, queries, regions = shared
    ranker = Ranker.from_catalog(catalog, regions, config=config)
    plain_text_scores = plain_text_scorer(ranker, catalog)
    rnd = random.Random(3)
    texts = [query["text"] for query in queries] + TEXTS
    for company, text in zip(random_profiles(40, sorted(regions), seed=4), texts * 3, strict=False):
        profile = CompanyProfile.from_mapping(company)
        needs = rnd.sample(THEMES, rnd.randint(0, 3))
        analysis = ranker.analyzer.analyze_query(text)
        pool = ranker.eligible_mask(profile)
        score, _parts = ranker._relevance(profile, needs, analysis, text, pool)

        text_scores = plain_text_scores(analysis)
        top = text_scores[pool].max() if pool.any() else 0.0
        expected = config.text * (text_scores / top if top > 0 else text_scores)
        for i, offer in enumerate(ranker.offers):
            themes = set(offer.get("themes") or [])
            if needs:
                expected[i] += config.need * len(themes & set(needs)) / len(needs)
            strengths = analysis.themes
            total = max(1.0, sum(strengths.values()))
            expected[i] += config.inferred * sum(strengths.get(t, 0.0) for t in themes) / total
            if profile.municipality_code is not None:
                scope = (offer.get("eligibility") or {}).get("geography", {}).get("scope")
                expected[i] += config.local * {"municipalities": 1.0, "regions": 0.5}.get(scope, 0)
        assert np.allclose(score, expected, rtol=1e-5, atol=1e-6), (text, needs)


def test_signal_weights_change_without_a_new_index_and_the_rest_need_one(shared):
    ranker, _catalog, _queries, _regions = shared
    local_only = ranker.with_config(replace(ranker.config, text=0.0, need=0.0, inferred=0.0))
    result = local_only.match({"municipality_code": "751"}, ["eksport"], "eksport", limit=3)
    assert [item.score for item in result.results] == [0.3, 0.3, 0.3]
    assert ranker.match({"municipality_code": "751"}, ["eksport"], "eksport").results[0].score > 1
    with pytest.raises(ValueError):
        ranker.with_config(replace(ranker.config, field_weights={"title": 2.0}))
    with pytest.raises(AttributeError):
        ranker.config = local_only.config


def test_the_best_are_picked_as_a_full_sort_would_with_ties_in_catalog_order():
    rnd = np.random.default_rng(8)
    for _ in range(300):
        n = int(rnd.integers(1, 400))
        # few distinct values, so that ties are everywhere, the cut included
        score = rnd.integers(0, 6, n).astype(np.float32) / 4
        pool = rnd.random(n) < rnd.random()
        limit = int(rnd.integers(1, 30))
        expected = sorted(np.flatnonzero(pool).tolist(), key=lambda i: (-score[i], i))[:limit]
        assert Ranker._best(score, pool, limit).tolist() == expected


def test_masks_kept_per_place_and_sector_do_not_change_later_answers(shared):
    ranker, _catalog, _queries, regions = shared
    profiles = list(random_profiles(60, sorted(regions), seed=11))
    first = [ranker.eligible_mask(profile).copy() for profile in profiles]
    again = [ranker.eligible_mask(profile) for profile in reversed(profiles)]
    for before, after in zip(first, reversed(again), strict=True):
        assert np.array_equal(before, after)
