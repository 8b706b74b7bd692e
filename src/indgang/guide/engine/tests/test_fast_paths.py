"""The quick ways the ranker computes a match give the very same numbers as the plain ones.

A company must get the same offers in the same order with the same scores, however the
engine adds them up: the scores are float32, so "the same" means bit for bit.
"""

from __future__ import annotations

import random

import numpy as np
import pytest

from indgang.guide.engine import Ranker
from indgang.guide.engine.lexicon import THEMES

from .sample import load_shared_catalog
from .test_eligibility import random_profiles


@pytest.fixture(scope="module")
def shared():
    catalog, queries, regions = load_shared_catalog()
    return Ranker.from_catalog(catalog, regions), queries, regions


def one_posting_list_at_a_time(ranker: Ranker, analysis) -> np.ndarray:
    """BM25 over the fields the plain way: each term's posting list added in turn."""
    scores = np.zeros(len(ranker.offers), dtype=np.float32)
    for name, (vocab, data, indices, indptr) in ranker._fields.items():
        field_weight = ranker.config.field_weights.get(name, 0.0)
        for term, weight in analysis.terms.items():
            tid = vocab.get(term)
            if tid is None or not field_weight:
                continue
            start, end = indptr[tid], indptr[tid + 1]
            scores[indices[start:end]] += (field_weight * weight) * data[start:end]
    return scores


def test_text_scores_are_the_same_bit_for_bit(shared):
    ranker, queries, _regions = shared
    texts = [query["text"] for query in queries] + [
        "eksport",
        "penge til en messe i Tyskland",
        "eksprot raadgivning",
        "hire funding export",
        "",
    ]
    for text in texts:
        analysis = ranker.analyzer.analyze_query(text)
        fast = ranker._text_scores(analysis)
        plain = one_posting_list_at_a_time(ranker, analysis)
        assert fast.dtype == plain.dtype
        assert np.array_equal(fast.view(np.int32), plain.view(np.int32)), text


def test_theme_shares_are_the_matrix_product_bit_for_bit(shared):
    ranker, _queries, _regions = shared
    rnd = random.Random(5)
    for _ in range(300):
        vector = np.zeros(len(THEMES), dtype=np.float32)
        for index in rnd.sample(range(len(THEMES)), rnd.randint(0, 6)):
            vector[index] = 1.0 if rnd.random() < 0.4 else rnd.choice([0.3, 0.35, 0.6, 0.8, 1.0])
        fast = ranker._theme_share(vector)
        plain = ranker._themes @ vector
        assert np.array_equal(fast.view(np.int32), plain.view(np.int32)), vector


def test_masks_kept_per_place_and_sector_do_not_change_later_answers(shared):
    ranker, _queries, regions = shared
    profiles = list(random_profiles(60, sorted(regions), seed=11))
    first = [ranker.eligible_mask(profile).copy() for profile in profiles]
    again = [ranker.eligible_mask(profile) for profile in reversed(profiles)]
    for before, after in zip(first, reversed(again), strict=True):
        assert np.array_equal(before, after)
