"""``indgang effects`` on files written here, on the register and a stand-in CRM."""

import json

import pytest
from django.core.management import CommandError, call_command

from indgang.effects.tests.conftest import participation_rows

KEYS = {"group", "outcome", "horizon", "att", "att_pct", "ci_low", "ci_high"} | {
    "n_treated",
    "n_controls",
}


@pytest.fixture
def files(tmp_path, synthetic):
    panel = tmp_path / "panel.csv"
    participations = tmp_path / "participations.csv"
    synthetic.panel.to_csv(panel, index=False)
    synthetic.participations.to_csv(participations, index=False)
    return panel, participations


def run(*args):
    call_command("effects", *[str(a) for a in args])


def test_a_run_on_csv_files_writes_the_estimates_and_the_balance(files, tmp_path, synthetic):
    panel, participations = files
    out = tmp_path / "result.json"
    run(
        "--panel", panel, "--participations", participations, "--out", out,
        "--outcomes", "employees_fte,turnover_dkk", "--horizons", "1,2",
        "--group-by", "operator,level", "--ci", "analytic", "--seed", "3",
    )  # fmt: skip
    result = json.loads(out.read_text())
    assert result["method"] == "psm" and result["config"]["seed"] == 3
    assert result["inputs"] == {"panel": "panel.csv", "participations": "participations.csv"}
    estimates = result["estimates"]
    assert all(set(e) >= KEYS for e in estimates)
    overall = {(e["outcome"], e["horizon"]): e for e in estimates if e["group"] == "all"}
    assert set(overall) == {(o, h) for o in ("employees_fte", "turnover_dkk") for h in (1, 2)}
    fte = overall["employees_fte", 2]
    assert fte["ci_low"] <= synthetic.true_att("employees_fte", 2) <= fte["ci_high"]
    groups = {next(iter(e["group"])) for e in estimates if e["group"] != "all"}
    assert groups == {"operator_id", "level"}
    assert {"covariates", "by_cohort", "threshold"} <= set(result["balance"])


def test_parquet_panel_and_the_method_option(tmp_path, files):
    _panel, participations = files
    from indgang.effects.engine import synthetic_register

    panel = tmp_path / "panel.parquet"
    synthetic_register(800, 100, seed=5).panel.to_parquet(panel)
    out = tmp_path / "result.json"
    run("--panel", panel, "--participations", participations, "--out", out,
        "--method", "cem", "--outcomes", "employees_fte", "--horizons", "2", "--ci", "analytic")  # fmt: skip
    result = json.loads(out.read_text())
    assert result["method"] == "cem"
    assert [e["horizon"] for e in result["estimates"]] == [2]


def test_bad_files_get_every_problem_by_line_and_no_result(tmp_path, files, capsys):
    panel, participations = files
    lines = participations.read_text().splitlines()
    fields = lines[16].split(",")  # line 17 of the file
    fields[4] = "2021-13-01"
    lines[16] = ",".join(fields)
    fields = lines[4].split(",")  # line 5
    fields[3] = "regional"
    lines[4] = ",".join(fields)
    participations.write_text("\n".join(lines) + "\n")
    panel_lines = panel.read_text().splitlines()
    fields = panel_lines[9].split(",")  # line 10
    fields[2] = "999"
    panel_lines[9] = ",".join(fields)
    panel.write_text("\n".join(panel_lines) + "\n")
    out = tmp_path / "result.json"
    with pytest.raises(CommandError, match="nothing was written|intet blev skrevet"):
        run("--panel", panel, "--participations", participations, "--out", out)
    errors = capsys.readouterr().err
    assert "participations.csv line 17: start_date: not a date (2021-13-01)" in errors
    assert "participations.csv line 5: level: not one of national, decentral, lokal (regional)" in (
        errors
    )
    assert "panel.csv line 10: municipality_code: unknown municipality (999)" in errors
    assert not out.exists()


def test_line_numbers_count_values_that_span_lines(tmp_path, capsys):
    participations = tmp_path / "participations.csv"
    participations.write_text(
        "cvr,offer_id,operator_id,level,start_date\n"
        '10000009,"vækst\nforløb",eh-fyn,decentral,2020-01-01\n'
        "10000017,eksport,eksportraadet,national,2020-02-30\n"
        "\n"
        "10000025,eksport,eksportraadet,national,2020-02-01,extra\n"
    )
    with pytest.raises(CommandError):
        run("--participations", participations, "--panel", participations, "--out",
            tmp_path / "r.json")  # fmt: skip
    errors = capsys.readouterr().err
    assert "participations.csv line 4: start_date: not a date (2020-02-30)" in errors
    assert "participations.csv line 6: 6 fields, the header has 5" in errors
    assert "participations.csv: cvr: not a valid CVR number" not in errors
    assert "participations.csv: year: column missing" in errors  # given as the panel


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("panel.txt", "x", "panel.txt: unknown file type .txt; use .csv or .parquet"),
        ("panel.parquet", "not parquet", "panel.parquet: not a readable Parquet file"),
        ("panel.csv", "cvr;year\n1;2\n", "panel.csv: year: column missing"),
        ("panel.csv", b"cvr,year\n\xff\xfe,2\n", "panel.csv: not UTF-8 text"),
    ],
)
def test_unreadable_files_are_named(tmp_path, files, capsys, name, content, message):
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    with pytest.raises(CommandError):
        run("--panel", path, "--participations", files[1], "--out", tmp_path / "r.json")
    assert message in capsys.readouterr().err


def test_bad_options_are_refused(files, tmp_path):
    panel, participations = files
    common = ["--panel", panel, "--participations", participations, "--out", tmp_path / "r.json"]
    with pytest.raises(CommandError, match="nothing was written|intet blev skrevet"):
        run(*common, "--outcomes", "happiness")  # any column may be an outcome: not this one
    with pytest.raises(CommandError, match="horizons"):
        run(*common, "--horizons", "1,two")
    with pytest.raises(CommandError, match="group_by"):
        run(*common, "--group-by", "colour")
    with pytest.raises(CommandError):
        run(*common[:-1], tmp_path / "missing" / "r.json")


def test_without_files_the_register_and_the_crm_are_read(register, crm, tmp_path):
    crm(participation_rows(register))
    out = tmp_path / "result.json"
    run("--out", out, "--outcomes", "employees_fte", "--horizons", "2", "--ci", "analytic")
    result = json.loads(out.read_text())
    assert result["inputs"] == {"panel": "register", "participations": "crm"}
    assert result["sample"]["n_participants"] == register.participations["cvr"].nunique()
    entry = result["estimates"][0]
    assert entry["ci_low"] <= register.true_att("employees_fte", 2) <= entry["ci_high"]


def test_without_the_crm_the_participations_file_is_asked_for(register, no_crm, tmp_path):
    with pytest.raises(CommandError, match="--participations"):
        run("--out", tmp_path / "r.json")
    assert not (tmp_path / "r.json").exists()


class _Terminal:
    """A stand-in for a terminal's stderr: tqdm draws its bar only on a terminal."""

    def __init__(self):
        self.text = ""

    def write(self, text):
        self.text += text

    def flush(self):
        pass

    def isatty(self):
        return True


def test_a_progress_bar_shows_on_a_terminal_only(files, tmp_path, monkeypatch, capsys):
    panel, participations = files
    common = ["--panel", panel, "--participations", participations, "--ci", "analytic"]
    common += ["--outcomes", "employees_fte", "--horizons", "1"]
    run(*common, "--out", tmp_path / "a.json")
    assert "%|" not in capsys.readouterr().err  # not a terminal: no bar
    terminal = _Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    run(*common, "--out", tmp_path / "b.json")
    assert "100%|" in terminal.text and "Callaway-Sant'Anna" in terminal.text
