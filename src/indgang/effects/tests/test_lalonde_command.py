"""``indgang effects`` on LaLonde's job-training data as research files: a two-year panel
(1975 and 1978) with a text id, earnings as the outcome and the ten Dehejia-Wahba
covariates, participation starting in 1976. The experiment's answer is $1,794; published
observational estimates with these covariates lie in 1,300-2,300 (Dehejia & Wahba 1999)."""

import json

import pandas as pd
import pytest
from django.core.management import call_command

causaldata = pytest.importorskip("causaldata")

COVARIATES = ["age", "educ", "black", "hisp", "marr", "nodegree", "re74", "re75", "u74", "u75"]


def write_files(data: pd.DataFrame, folder):
    data = data.assign(
        u74=(data["re74"] == 0).astype(int),
        u75=(data["re75"] == 0).astype(int),
        person=[f"person-{i}" for i in range(len(data))],
    )
    rows = pd.concat(
        [
            data.assign(year=1975, earnings=data["re75"]),
            data.assign(year=1978, earnings=data["re78"]),
        ]
    )
    rows[["person", "year", "earnings", *COVARIATES]].to_csv(folder / "panel.csv", index=False)
    starts = data[data["treat"] == 1].assign(start_date="1976")
    starts[["person", "start_date"]].to_csv(folder / "participations.csv", index=False)


def measure(folder, capsys):
    out = folder / "result.json"
    call_command(
        "effects",
        "--panel", str(folder / "panel.csv"),
        "--participations", str(folder / "participations.csv"),
        "--out", str(out),
        "--id-column", "person", "--outcomes", "earnings", "--no-register-covariates",
        "--covariates", ",".join(COVARIATES),
    )  # fmt: skip
    return json.loads(out.read_text()), capsys.readouterr()


def test_cps_with_the_default_settings_lands_in_the_published_range(tmp_path, capsys):
    nsw = causaldata.nsw_mixtape.load_pandas().data
    cps = causaldata.cps_mixtape.load_pandas().data
    write_files(pd.concat([nsw[nsw["treat"] == 1], cps], ignore_index=True), tmp_path)
    result, printed = measure(tmp_path, capsys)
    (estimate,) = [e for e in result["estimates"] if e["group"] == "all"]
    assert estimate["horizon"] == 2  # 1978 is two calendar years after the 1976 start
    assert 1_300 <= estimate["att"] <= 2_300
    balance = {row["covariate"]: row for row in result["balance"]["covariates"]}
    assert set(balance) == set(COVARIATES)
    assert all(abs(balance[name]["smd_after"]) < 0.1 for name in COVARIATES)
    assert max(abs(balance[name]["smd_before"]) for name in COVARIATES) > 1.0
    (cohort,) = result["matching"]
    assert cohort["chosen_by_engine"] and cohort["replace"]
    assert result["sample"]["n_participants_used"] >= 175
    assert "af 185" in printed.out or "of 185" in printed.out  # says how many it used
    assert "(valgt af motoren" in printed.out or "chosen by the engine" in printed.out
    (overall,) = [e for e in result["overall"] if e["group"] == "all"]
    assert overall["att"] == pytest.approx(estimate["att"])


def test_psid_says_how_many_participants_the_estimate_leaves_out(tmp_path, capsys):
    datasets = pytest.importorskip("cbps.datasets")
    nsw = datasets.load_lalonde(dehejia_wahba_only=True)
    _, psid = datasets.load_lalonde_psid_combined(return_combined=False)
    data = pd.concat([nsw[nsw["treat"] == 1], psid], ignore_index=True)
    write_files(data.rename(columns={"married": "marr", "nodegr": "nodegree"}), tmp_path)
    result, printed = measure(tmp_path, capsys)
    (dropped,) = [w for w in result["warnings"] if w["code"] == "participants_dropped"]
    assert dropped["n_total"] == 185 and dropped["n_dropped"] > 10
    assert dropped["n_dropped"] == 185 - result["sample"]["n_participants_used"]
    assert "deltagere" in dropped["text"] and "kun" in dropped["text"]  # in Danish
    assert dropped["text"].split()[0] in printed.err
