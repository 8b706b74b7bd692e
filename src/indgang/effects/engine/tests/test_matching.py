"""Propensity scores and the matching algorithms against brute force."""

import numpy as np
import pytest

from indgang.effects.engine.matching import (
    cem_weights,
    match_nearest,
    propensity_logit,
    quantile_bins,
)


def scores(seed, n_treated=300, n_controls=2_000, n_strata=3):
    rng = np.random.default_rng(seed)
    return (
        rng.normal(0.5, 1.0, n_treated),
        rng.integers(0, n_strata, n_treated),
        rng.normal(0.0, 1.0, n_controls),
        rng.integers(0, n_strata, n_controls),
    )


@pytest.mark.parametrize("k", [1, 3])
def test_with_replacement_finds_the_k_nearest_in_the_stratum(k):
    t_score, t_stratum, c_score, c_stratum = scores(1)
    matches = match_nearest(t_score, t_stratum, c_score, c_stratum, k=k, replace=True)
    for i in range(t_score.size):
        distance = np.where(c_stratum == t_stratum[i], np.abs(c_score - t_score[i]), np.inf)
        expected = np.sort(distance)[:k]
        found = np.sort(np.abs(c_score[matches[i]] - t_score[i]))
        assert np.allclose(found, expected)
        assert (c_stratum[matches[i]] == t_stratum[i]).all()


def test_caliper_leaves_participants_unmatched():
    t_score, t_stratum, c_score, c_stratum = scores(2)
    t_score[:5] = 50.0  # far outside the controls' range
    matches = match_nearest(t_score, t_stratum, c_score, c_stratum, caliper=0.1, replace=True)
    assert (matches[:5] == -1).all()
    used = matches[:, 0] >= 0
    assert (np.abs(c_score[matches[used, 0]] - t_score[used]) <= 0.1).all()


@pytest.mark.parametrize("k", [1, 2])
def test_without_replacement_uses_each_control_once(k):
    t_score, t_stratum, c_score, c_stratum = scores(3, n_treated=400, n_controls=900)
    matches = match_nearest(
        t_score, t_stratum, c_score, c_stratum, k=k, caliper=0.25, replace=False
    )
    used = matches[matches >= 0]
    assert used.size == np.unique(used).size
    rows, columns = np.nonzero(matches >= 0)
    assert (c_stratum[matches[rows, columns]] == t_stratum[rows]).all()
    assert (np.abs(c_score[matches[rows, columns]] - t_score[rows]) <= 0.25).all()
    # Greedy: an unmatched participant has no free control within the caliper.
    free = np.ones(c_score.size, dtype=bool)
    free[used] = False
    for i in np.flatnonzero(matches[:, 0] < 0):
        near = free & (c_stratum == t_stratum[i]) & (np.abs(c_score - t_score[i]) <= 0.25)
        assert not near.any()


def test_without_replacement_resolves_competition_by_distance():
    # Two participants want the same control; the closer one gets it.
    matches = match_nearest(
        np.array([0.0, 0.05]),
        np.zeros(2, dtype=int),
        np.array([0.06, 1.0]),
        np.zeros(2, dtype=int),
        replace=False,
    )
    assert matches[:, 0].tolist() == [1, 0]


def test_propensity_logit_recovers_the_model_and_corrects_subsampling():
    rng = np.random.default_rng(4)
    n = 60_000
    x = rng.normal(size=(n, 2))
    true_logit = -4.0 + 1.0 * x[:, 0] - 0.5 * x[:, 1]
    treated = rng.random(n) < 1 / (1 + np.exp(-true_logit))
    full = propensity_logit(x, treated, np.random.default_rng(0), max_fit_controls=n)
    sampled = propensity_logit(x, treated, np.random.default_rng(0), max_fit_controls=10_000)
    slope = np.polyfit(true_logit, full, 1)[0]
    assert slope == pytest.approx(1.0, abs=0.1)
    assert np.mean(full) == pytest.approx(np.mean(true_logit), abs=0.15)
    assert np.mean(sampled) == pytest.approx(np.mean(true_logit), abs=0.2)


def test_cem_weights_balance_strata():
    treated = np.array([0, 0, 1, 2])
    controls = np.array([0, 1, 1, 1, 3])
    kept, weight = cem_weights(treated, controls, n_strata=4)
    assert kept.tolist() == [True, True, True, False]
    assert weight.tolist() == pytest.approx([2.0, 1 / 3, 1 / 3, 1 / 3, 0.0])
    assert weight.sum() == pytest.approx(kept.sum())


def test_quantile_bins_give_missing_its_own_bin():
    bins = quantile_bins(np.array([1.0, 2.0, 3.0, 4.0, np.nan]), 2)
    assert bins.tolist() == [0, 0, 1, 1, 2]
