"""The weighted difference-in-differences block and its inference."""

import numpy as np
import pytest

from indgang.effects.engine.did import (
    Block,
    column_mean,
    percent,
    percentile_interval,
    poisson_counts,
)


def test_poisson_counts_are_reproducible_per_company_and_replicate():
    rows = np.arange(50_000)
    counts = poisson_counts(rows, 0, 20, seed=7)
    assert counts.mean() == pytest.approx(1.0, abs=0.01)
    assert counts.var() == pytest.approx(1.0, abs=0.02)
    assert np.mean(counts == 0) == pytest.approx(np.exp(-1), abs=0.01)
    # Any subset, any slice of replicates, drawn later, gives the same numbers.
    subset = np.array([3, 49_999, 17])
    assert np.array_equal(poisson_counts(subset, 5, 10, seed=7), counts[5:15][:, subset])
    assert not np.array_equal(poisson_counts(subset, 0, 20, seed=8), counts[:, subset])


def toy_block(rng, n_treated=400, n_controls=1_200, effect=2.0):
    treated_change = rng.normal(effect, 3.0, (n_treated, 1))
    control_change = rng.normal(0.0, 3.0, (n_controls, 1))
    return Block(
        treated=np.arange(n_treated),
        treated_weight=np.ones((n_treated, 1)),
        treated_change=treated_change,
        treated_level=treated_change + 20.0,
        controls=np.arange(n_treated, n_treated + n_controls),
        control_weight=rng.uniform(0.5, 1.5, (n_controls, 1)),
        control_change=control_change,
        n_treated_missing=np.zeros(1, dtype=int),
        n_controls_missing=np.zeros(1, dtype=int),
        naive_att=np.zeros(1),
    )


def test_block_estimate_is_the_weighted_difference():
    block = toy_block(np.random.default_rng(1))
    att, level = block.estimate()
    weights = block.control_weight[:, 0]
    expected = block.treated_change.mean() - np.average(block.control_change[:, 0], weights=weights)
    assert att[0] == pytest.approx(expected)
    assert level[0] == pytest.approx(block.treated_level.mean())


def test_bootstrap_and_influence_function_agree():
    block = toy_block(np.random.default_rng(2))
    analytic_se = np.sqrt(sum((psi**2).sum() for _, psi, _ in block.influence()))
    replicates, _ = block.replicates(seed=1, n_replicates=1_000)
    assert replicates.std() == pytest.approx(analytic_se, rel=0.1)


def test_percentile_interval_skips_replicates_that_failed():
    replicates = np.column_stack([np.arange(101.0), np.r_[np.arange(100.0), np.nan]])
    low, high = percentile_interval(replicates, 0.9)
    assert low.tolist() == pytest.approx([5.0, 4.95])
    assert high.tolist() == pytest.approx([95.0, 94.05])


def test_helpers():
    assert column_mean(np.array([[1.0, np.nan], [3.0, np.nan]])).tolist()[0] == 2.0
    assert np.isnan(column_mean(np.array([[np.nan], [np.nan]]))[0])
    assert percent(np.array([1.0]), np.array([11.0]))[0] == pytest.approx(10.0)
