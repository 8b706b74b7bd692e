"""Callaway-Sant'Anna on the minimum-wage panel ``mpdta`` against the R ``did`` package.

The published ATT(g, t) table of ``did::att_gt(yname="lemp", tname="year",
idname="countyreal", gname="first.treat", data=mpdta)`` (never-treated controls, no
covariates) and its ``aggte`` aggregations, to four decimals. The data ships with
``moderndid``, which also serves as the cross-check to full precision.
"""

import numpy as np
import pytest

from indgang.effects.engine import group_time_att

moderndid = pytest.importorskip("moderndid")

R_ATT_GT = {
    (2004, 2004): -0.0105,
    (2004, 2005): -0.0704,
    (2004, 2006): -0.1373,
    (2004, 2007): -0.1008,
    (2006, 2004): 0.0065,
    (2006, 2005): -0.0028,
    (2006, 2006): -0.0046,
    (2006, 2007): -0.0412,
    (2007, 2004): 0.0305,
    (2007, 2005): -0.0027,
    (2007, 2006): -0.0311,
    (2007, 2007): -0.0261,
}
R_DYNAMIC = {-3: 0.0305, -2: -0.0006, -1: -0.0245, 0: -0.0199, 1: -0.0510, 2: -0.1373, 3: -0.1008}
R_GROUP = {2004: -0.0797, 2006: -0.0229, 2007: -0.0261}
R_OVERALL = {"simple": -0.0400, "dynamic": -0.0772, "group": -0.0310, "calendar": -0.0417}


@pytest.fixture(scope="module")
def mpdta():
    data = moderndid.load_mpdta().sort(["countyreal", "year"])
    years = np.unique(data["year"].to_numpy())
    n_units = data["countyreal"].n_unique()
    y = data["lemp"].to_numpy().reshape(n_units, years.size)
    first_treated = data["first.treat"].to_numpy().reshape(n_units, years.size)[:, 0]
    return data, y, first_treated, years


def test_att_gt_reproduces_the_published_r_table(mpdta):
    _, y, first_treated, years = mpdta
    result = group_time_att(y, first_treated, years)
    found = {
        (int(g), int(t)): round(float(a), 4)
        for g, t, a in zip(result.groups, result.times, result.att, strict=True)
    }
    assert found == R_ATT_GT
    dynamic = result.aggregates["dynamic"]
    assert dict(zip(dynamic.index.tolist(), np.round(dynamic.att, 4).tolist(), strict=True)) == (
        R_DYNAMIC
    )
    group = result.aggregates["group"]
    assert dict(zip(group.index.tolist(), np.round(group.att, 4).tolist(), strict=True)) == R_GROUP
    overall = {kind: round(a.overall_att, 4) for kind, a in result.aggregates.items()}
    assert overall == R_OVERALL


@pytest.mark.parametrize(
    ("ours", "theirs"), [("never_treated", "nevertreated"), ("not_yet_treated", "notyettreated")]
)
def test_estimates_and_standard_errors_agree_with_moderndid(mpdta, ours, theirs):
    data, y, first_treated, years = mpdta
    result = group_time_att(y, first_treated, years, control_group=ours)
    reference = moderndid.att_gt(
        data=data,
        yname="lemp",
        tname="year",
        idname="countyreal",
        gname="first.treat",
        est_method="reg",
        control_group=theirs,
        boot=False,
        cband=False,
    )
    np.testing.assert_allclose(result.att, reference.att_gt, atol=1e-10)
    np.testing.assert_allclose(result.se, reference.se_gt, rtol=1e-6)
    for kind in ("simple", "dynamic", "group", "calendar"):
        aggregate = moderndid.aggte(reference, type=kind, boot=False, cband=False)
        ours_aggregate = result.aggregates[kind]
        assert ours_aggregate.overall_att == pytest.approx(aggregate.overall_att, abs=1e-10)
        assert ours_aggregate.overall_se == pytest.approx(aggregate.overall_se, rel=1e-6)
        if kind != "simple":
            np.testing.assert_allclose(ours_aggregate.att, aggregate.att_by_event, atol=1e-10)
            np.testing.assert_allclose(ours_aggregate.se, aggregate.se_by_event, rtol=1e-6)


def test_result_serialises_with_intervals(mpdta):
    _, y, first_treated, years = mpdta
    out = group_time_att(y, first_treated, years).to_dict()
    first = out["att_gt"][0]
    assert first["cohort"] == 2004 and first["year"] == 2004 and first["event_time"] == 0
    assert first["ci_low"] < first["att"] < first["ci_high"]
    assert [row["event_time"] for row in out["dynamic"]] == [-3, -2, -1, 0, 1, 2, 3]
    assert set(out["overall"]) == {"simple", "dynamic", "group", "calendar"}


def test_units_missing_in_a_year_drop_out_of_that_comparison_only():
    y = np.array([[1.0, 2.0, 3.0], [1.0, np.nan, 2.0], [0.0, 0.0, 1.0], [0.0, 1.0, 1.0]])
    result = group_time_att(y, np.array([2, 0, 0, 0]), np.array([1, 2, 3]))
    # (g=2, t=2): base 1; unit 1 is missing in year 2, so controls are units 2 and 3.
    assert result.att[0] == pytest.approx(1.0 - 0.5)
    assert result.n_controls.tolist() == [2, 3]


def test_staggered_dynamic_effects_bias_twfe_but_not_group_time_estimates():
    """Goodman-Bacon (2021): with effects that grow after the start, a two-way fixed-effects
    regression uses already-treated units as controls and understates the effect; the
    group-time estimates compare only with never-treated units and recover it."""
    rng = np.random.default_rng(5)
    years = np.arange(2010, 2020)
    n = 3_000
    cohort = rng.choice([2012, 2015, 2018, 0], size=n, p=[0.3, 0.3, 0.3, 0.1])
    event = np.where(cohort[:, None] > 0, years[None, :] - cohort[:, None], -1)
    effect = np.where(event >= 0, 1.0 + event, 0.0)  # 1 in the start year, +1 each year
    y = rng.normal(0, 1, (n, 1)) + 0.3 * (years - 2010) + effect + rng.normal(0, 0.5, (n, 10))

    treated = (event >= 0).astype(float)
    demeaned_y = y - y.mean(1, keepdims=True) - y.mean(0) + y.mean()
    demeaned_d = treated - treated.mean(1, keepdims=True) - treated.mean(0) + treated.mean()
    twfe = (demeaned_d * demeaned_y).sum() / (demeaned_d**2).sum()

    result = group_time_att(y, cohort, years)
    truth = effect[treated == 1].mean()
    simple = result.aggregates["simple"]
    assert abs(simple.overall_att - truth) < 3 * simple.overall_se
    assert truth - twfe > 1.0  # badly biased downwards
    dynamic = result.aggregates["dynamic"]
    for e, att, se in zip(dynamic.index, dynamic.att, dynamic.se, strict=True):
        expected = 1.0 + e if e >= 0 else 0.0
        assert abs(att - expected) < 4 * se


# did::att_gt(yname="lemp", tname="year", idname="countyreal", gname="first.treat",
# xformla=~lpop, data=mpdta, est_method="dr"): the published table of the did package's
# README, and its pre-test of parallel trends (p = 0.23267).
R_DR_ATT_GT = [-0.0145, -0.0764, -0.1404, -0.1069, -0.0005, -0.0062, 0.0010, -0.0413]
R_DR_ATT_GT += [0.0267, -0.0046, -0.0284, -0.0288]


def _lpop(data, n_units, n_years):
    return data["lpop"].to_numpy().reshape(n_units, n_years)[:, :, None]


def test_doubly_robust_with_lpop_reproduces_the_published_table(mpdta):
    data, y, first_treated, years = mpdta
    x = _lpop(data, y.shape[0], years.size)
    result = group_time_att(y, first_treated, years, covariates=x, est_method="dr")
    assert np.round(result.att, 4).tolist() == R_DR_ATT_GT
    assert round(result.pretrend["p_value"], 5) == 0.23267
    assert result.critical_value > 1.96  # simultaneous bands are wider than pointwise


@pytest.mark.parametrize("method", ["dr", "ipw"])
@pytest.mark.parametrize("base_period", ["varying", "universal"])
@pytest.mark.parametrize(
    ("ours", "theirs"), [("never_treated", "nevertreated"), ("not_yet_treated", "notyettreated")]
)
def test_covariate_estimators_agree_with_moderndid(mpdta, method, base_period, ours, theirs):
    data, y, first_treated, years = mpdta
    x = _lpop(data, y.shape[0], years.size)
    result = group_time_att(
        y, first_treated, years, covariates=x, est_method=method,
        control_group=ours, base_period=base_period,
    )  # fmt: skip
    reference = moderndid.att_gt(
        data=data, yname="lemp", tname="year", idname="countyreal", gname="first.treat",
        xformla="~lpop", est_method=method, control_group=theirs, base_period=base_period,
        boot=False, cband=False,
    )  # fmt: skip
    np.testing.assert_allclose(result.att, reference.att_gt, atol=1e-8)
    np.testing.assert_allclose(result.se, reference.se_gt, rtol=1e-6, atol=1e-12)
    simple = moderndid.aggte(reference, type="simple", boot=False, cband=False)
    assert result.aggregates["simple"].overall_att == pytest.approx(simple.overall_att, abs=1e-8)
