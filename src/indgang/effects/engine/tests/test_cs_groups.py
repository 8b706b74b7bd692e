"""Callaway-Sant'Anna per group, as the matched estimate is: a group's estimate is the
estimator on the group's participants and the companies that never took part, whether it
comes from the shared never-treated pool (the default estimator) or runs on the cut panel
(covariates, doubly robust, IPW)."""

import dataclasses

import numpy as np
import pytest

from indgang.effects.engine import EffectConfig, estimate_effects, group_time_att
from indgang.effects.engine.cs_groups import group_time_att_by_group
from indgang.effects.engine.synthetic import synthetic_register

moderndid = pytest.importorskip("moderndid")


@pytest.fixture(scope="module")
def mpdta():
    data = moderndid.load_mpdta().sort(["countyreal", "year"])
    years = np.unique(data["year"].to_numpy())
    n_units = data["countyreal"].n_unique()
    y = data["lemp"].to_numpy().reshape(n_units, years.size)
    first = data["first.treat"].to_numpy().reshape(n_units, years.size)[:, 0]
    lpop = data["lpop"].to_numpy().reshape(n_units, years.size)[:, :, None]
    return y, first, years, lpop


def _cut(y, first, rows):
    units = np.concatenate([rows, np.flatnonzero(first == 0)])
    return y[units], first[units], units


@pytest.mark.parametrize("base_period", ["varying", "universal"])
def test_a_groups_estimate_from_the_shared_pool_is_the_estimator_on_the_cut_panel(
    mpdta, base_period
):
    y, first, years, _ = mpdta
    y = y.copy()
    y[::17, 2] = np.nan  # companies missing in a year drop out of that comparison only
    treated = np.flatnonzero(first > 0)
    group = treated[::3]  # a third of the participants, of every cohort
    (count, found), (_, empty) = group_time_att_by_group(
        y, first, years, [group, np.zeros(0, int)], base_period=base_period
    )
    cut_y, cut_first, _ = _cut(y, first, group)
    expected = group_time_att(cut_y, cut_first, years, base_period=base_period)
    assert count == group.size and empty is None
    np.testing.assert_allclose(found.att, expected.att, atol=1e-12)
    np.testing.assert_allclose(found.se, expected.se, rtol=1e-9)
    for kind in ("simple", "dynamic", "group", "calendar"):
        ours, theirs = found.aggregates[kind], expected.aggregates[kind]
        np.testing.assert_allclose(ours.att, theirs.att, atol=1e-12)
        np.testing.assert_allclose(ours.se, theirs.se, rtol=1e-9)
        assert ours.overall_se == pytest.approx(theirs.overall_se, rel=1e-9)
    if base_period == "varying":
        assert found.pretrend["p_value"] == pytest.approx(expected.pretrend["p_value"], rel=1e-9)
    assert found.critical_value >= 1.96


def test_doubly_robust_per_group_runs_on_the_cut_panel_with_its_covariates(mpdta):
    y, first, years, lpop = mpdta
    group = np.flatnonzero(first == 2006)
    [(count, found)] = group_time_att_by_group(
        y, first, years, [group], covariates=lpop, est_method="dr"
    )
    cut_y, cut_first, units = _cut(y, first, group)
    expected = group_time_att(cut_y, cut_first, years, covariates=lpop[units], est_method="dr")
    assert count == group.size and found.est_method == "dr" and found.covariates
    np.testing.assert_allclose(found.att, expected.att, atol=1e-12)
    np.testing.assert_allclose(found.se, expected.se, rtol=1e-9)


def test_a_run_grouped_by_offer_reports_callaway_santanna_per_offer_with_discretion():
    data = synthetic_register(1_500, 300, years=(2016, 2023), seed=3)
    config = EffectConfig(
        outcomes=("employees_fte",),
        horizons=(1, 2),
        group_by=("offer", "cohort"),
        ci_method="analytic",
        min_participants=75,
    )
    result = estimate_effects(data.panel, data.participations, config).to_dict()
    entries = result["callaway_santanna_groups"]
    offers = {e["group"]["offer_id"]: e for e in entries if "offer_id" in e["group"]}
    assert set(offers) == {
        e["group"]["offer_id"] for e in result["estimates"] if "offer_id" in e["group"]
    }
    shown = [e for e in offers.values() if not e.get("suppressed")]
    assert shown, "some offer has enough participants"
    for entry in shown:
        assert entry["n_treated"] >= 75 and entry["est_method"] == "reg"
        assert entry["overall"]["ci_low"] < entry["overall"]["att"] < entry["overall"]["ci_high"]
        assert entry["pretrend"]["df"] > 0
        after = [r for r in entry["dynamic"] if r["event_time"] >= 0 and not r.get("suppressed")]
        assert after and all(r["n_treated"] >= 75 for r in after)
        for row in after:
            assert row["band_low"] <= row["ci_low"] < row["ci_high"] <= row["band_high"]
    small = [e for e in entries if e["n_treated"] is not None and e["n_treated"] < 75]
    assert small and all(e["suppressed"] and not e.get("overall") for e in small)
    cohorts = [e for e in entries if "cohort" in e["group"] and not e.get("suppressed")]
    assert cohorts and all(
        {r["event_time"] for r in e["dynamic"] if r["att"] is not None} for e in cohorts
    )


def test_without_bands_the_same_estimates_and_pretrend_test_without_the_bootstrap():
    """The evidence per offer runs without simultaneous bands (cs_bands off): the same
    estimates, intervals and pre-trend test, only the bands left out."""
    data = synthetic_register(1_500, 300, years=(2016, 2023), seed=3)
    config = EffectConfig(outcomes=("employees_fte",), horizons=(1, 2), ci_method="analytic")
    full = estimate_effects(data.panel, data.participations, config).to_dict()
    lean = estimate_effects(
        data.panel, data.participations, dataclasses.replace(config, cs_bands=False)
    ).to_dict()
    with_bands = full["callaway_santanna"]["employees_fte"]
    without = lean["callaway_santanna"]["employees_fte"]
    assert without["pretrend"] == with_bands["pretrend"]
    assert without["overall"] == with_bands["overall"]
    assert lean["estimates"] == full["estimates"]
    assert all(r["band_low"] is not None for r in with_bands["dynamic"] if r["event_time"] >= 0)
    assert all(r.get("band_low") is None for r in without["dynamic"])
