"""End to end on a synthetic register with known effects and selection on observables."""

import json

import numpy as np
import pandas as pd
import pytest

from indgang.effects.engine import EffectConfig, estimate_effects, synthetic_register
from indgang.effects.engine.synthetic import valid_cvr_numbers

OUTCOMES = ("employees_fte", "turnover_dkk")
GROUPS = ("operator", "level", "region", "cohort")


@pytest.fixture(scope="module")
def data():
    return synthetic_register(8_000, 800, seed=11)


@pytest.fixture(scope="module")
def result(data):
    config = EffectConfig(outcomes=OUTCOMES, n_bootstrap=199, group_by=GROUPS)
    return estimate_effects(data.panel, data.participations, config)


@pytest.mark.parametrize("outcome", OUTCOMES)
@pytest.mark.parametrize("horizon", [1, 2, 3])
def test_matched_estimate_covers_the_injected_effect(result, data, outcome, horizon):
    entry = result.estimate(outcome, horizon)
    truth = data.true_att(outcome, horizon)
    assert entry["ci_low"] <= truth <= entry["ci_high"]
    assert entry["ci_low"] > 0  # the effect is detected


@pytest.mark.parametrize("horizon", [1, 2, 3])
def test_naive_comparison_mistakes_selection_for_effect(result, data, horizon):
    entry = result.estimate("employees_fte", horizon)
    truth = data.true_att("employees_fte", horizon)
    assert entry["naive_att"] - truth > 2.5 * entry["se"]
    assert not entry["ci_low"] <= entry["naive_att"] <= entry["ci_high"]


def test_estimate_entries_carry_counts_percent_and_totals(result):
    entry = result.estimate("employees_fte", 2)
    assert entry["method"] == "psm"
    assert entry["n_treated"] > 500 and entry["n_controls"] > 500
    assert entry["implied_total"] == pytest.approx(entry["att"] * entry["n_treated"])
    expected_pct = 100 * entry["att"] / entry["counterfactual_level"]
    assert entry["att_pct"] == pytest.approx(expected_pct)
    assert entry["ci_pct_low"] < entry["att_pct"] < entry["ci_pct_high"]
    assert entry["n_cohorts"] == 3


def test_companies_leaving_the_register_are_counted(result):
    missing = [result.estimate("employees_fte", h)["n_treated_missing"] for h in (1, 2, 3)]
    assert 0 < missing[0] < missing[1] < missing[2]
    cells = [
        c
        for c in result.cohort_estimates
        if c["group"] == "all" and c["outcome"] == "employees_fte" and c["horizon"] == 3
    ]
    assert sum(c["n_treated_missing"] for c in cells) == missing[2]
    assert all(c["n_controls_missing"] > 0 for c in cells)


def test_groups_partition_the_participants(result):
    def total(key):
        entries = [
            e
            for e in result.estimates
            if isinstance(e["group"], dict)
            and key in e["group"]
            and e["outcome"] == "employees_fte"
            and e["horizon"] == 1
        ]
        return sum(e["n_treated"] for e in entries)

    everyone = result.estimate("employees_fte", 1)["n_treated"]
    for key in ("operator_id", "level", "region_code", "cohort"):
        assert total(key) == everyone
    by_level = result.estimate("employees_fte", 1, {"level": "national"})
    assert by_level is not None and by_level["n_treated"] > 0


def test_balance_before_and_after_matching(result):
    rows = {row["covariate"]: row for row in result.balance["covariates"]}
    growth = rows["employees_fte: growth into baseline"]
    assert growth["smd_before"] > 0.1
    assert all(abs(row["smd_after"]) < 0.1 for row in rows.values())
    assert growth["variance_ratio_after"] == pytest.approx(1.0, abs=0.25)
    assert not any(warning["code"] == "imbalanced" for warning in result.warnings)
    assert [c["cohort"] for c in result.balance["by_cohort"]] == [2018, 2019, 2020]


def test_matching_diagnostics_add_up(result):
    for cohort in result.matching:
        assert (
            cohort["n_treated_matched"] + cohort["n_treated_unmatched"]
            == (cohort["n_treated_eligible"])
        )
        assert cohort["n_controls_used"] == cohort["n_treated_matched"]  # 1:1, no replacement


def test_result_is_json_with_the_documented_keys(result):
    out = json.loads(result.to_json())
    keys = {"group", "outcome", "horizon", "att", "att_pct", "ci_low", "ci_high"}
    keys |= {"n_treated", "n_controls"}
    assert keys <= set(out["estimates"][0])
    assert out["estimates"][0]["group"] == "all"
    assert {"covariates", "by_cohort", "threshold"} <= set(out["balance"])
    assert set(out["callaway_santanna"]) == set(OUTCOMES)
    assert out["sample"]["cohorts"] == [2018, 2019, 2020]


def test_analytic_and_bootstrap_intervals_agree(data, result):
    config = EffectConfig(outcomes=OUTCOMES, ci_method="analytic", callaway_santanna=False)
    analytic = estimate_effects(data.panel, data.participations, config)
    for horizon in (1, 2, 3):
        a, b = analytic.estimate("turnover_dkk", horizon), result.estimate("turnover_dkk", horizon)
        assert a["att"] == pytest.approx(b["att"])
        assert a["se"] == pytest.approx(b["se"], rel=0.25)


@pytest.mark.parametrize(
    "options",
    [
        {"method": "cem"},
        {"method": "ipw"},
        {"n_neighbours": 3, "replace": True},
        {"control_group": "not_yet_treated", "exact": ("db07_section", "size_band")},
    ],
)
def test_alternative_designs_recover_the_effect(data, options):
    config = EffectConfig(
        outcomes=("employees_fte",),
        horizons=(2,),
        ci_method="analytic",
        callaway_santanna=False,
        **options,
    )
    result = estimate_effects(data.panel, data.participations, config)
    entry = result.estimate("employees_fte", 2)
    assert entry["ci_low"] <= data.true_att("employees_fte", 2) <= entry["ci_high"]
    assert entry["ci_low"] > 0


def test_no_weighting_is_flagged_as_imbalanced(data):
    config = EffectConfig(
        outcomes=("employees_fte",),
        horizons=(1,),
        method="cem",
        exact=(),
        cem_bins=1,
        ci_method="analytic",
        callaway_santanna=False,
    )
    result = estimate_effects(data.panel, data.participations, config)
    assert any(
        w["code"] == "imbalanced" and w["covariate"] == "employees_fte: growth into baseline"
        for w in result.warnings
    )


def test_same_seed_same_result(data):
    config = EffectConfig(outcomes=("exports_dkk",), horizons=(1,), n_bootstrap=50, seed=3)
    first = estimate_effects(data.panel, data.participations, config).to_dict()
    second = estimate_effects(data.panel, data.participations, config).to_dict()
    first.pop("timings"), second.pop("timings")
    assert first == second


def test_participants_missing_from_the_panel_are_reported(data):
    stranger = pd.DataFrame(
        {
            "cvr": valid_cvr_numbers(1, np.random.default_rng(99)),
            "offer_id": ["x"],
            "operator_id": ["y"],
            "level": ["lokal"],
            "start_date": ["2019-01-01"],
        }
    )
    participations = pd.concat([data.participations, stranger], ignore_index=True)
    config = EffectConfig(
        outcomes=("employees_fte",), horizons=(1,), ci_method="analytic", callaway_santanna=False
    )
    result = estimate_effects(data.panel, participations, config)
    # The random CVR may by chance be in the panel; then nothing is missing.
    in_panel = data.panel["cvr"].isin(stranger["cvr"]).any()
    assert result.sample["n_participants_not_in_panel"] == (0 if in_panel else 1)


def test_config_is_validated():
    with pytest.raises(ValueError, match="method"):
        EffectConfig(method="magic")
    with pytest.raises(ValueError, match="group_by"):
        EffectConfig(group_by=("colour",))
    with pytest.raises(ValueError, match="outcomes"):
        EffectConfig(outcomes=())
    with pytest.raises(ValueError, match="outcome columns"):
        EffectConfig(register_covariates=False, covariates=("age",))
    with pytest.raises(ValueError, match="exact"):
        EffectConfig(exact=("colour",))


def test_progress_is_reported_to_the_end(data):
    calls = []
    config = EffectConfig(outcomes=("employees_fte",), horizons=(1,), ci_method="analytic")
    estimate_effects(
        data.panel, data.participations, config, progress=lambda *args: calls.append(args)
    )
    done = [c[0] for c in calls]
    assert done == list(range(1, len(calls) + 1))
    assert calls[-1][0] == calls[-1][1]
