"""The start form (issue 18): the analyst's covariates and Callaway-Sant'Anna's estimator
beside the matching's settings, each checked, a problem told at its field."""

import html
import re

import pytest

from indgang.effects.models import EffectRun, RunStatus
from indgang.effects.tests.conftest import FORM, participation_rows

pytestmark = pytest.mark.django_db


def _errors(response) -> list[str]:
    page = html.unescape(response.content.decode())
    summary = page[page.index('data-testid="error-summary"') :]
    summary = summary[: summary.index("</ul>")]
    return [
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", item)).strip()
        for item in summary.split("<li>")[1:]
    ]


def test_covariates_and_the_doubly_robust_estimator_reach_the_run_and_its_groups(
    register, crm, analyst, django_capture_on_commit_callbacks
):
    crm(participation_rows(register))
    form = {
        **FORM,
        "outcomes": ["employees_fte"],
        "group_by": ["level"],
        "covariates": ["employees_fte", "turnover_dkk"],
        "cs_method": "dr",
        "base_period": "universal",
        "replace": "",
        "n_neighbours": "",
    }
    page = analyst.get("/effekter/").content.decode()
    assert "Egne kovariater" in page and "Dobbelt robust (Sant'Anna og Zhao)" in html.unescape(page)
    with django_capture_on_commit_callbacks(execute=True):
        response = analyst.post("/effekter/", form)
    assert response.status_code == 302, _errors(response)
    run = EffectRun.objects.get()
    assert run.status == RunStatus.DONE, run.error
    assert run.config["covariates"] == ["employees_fte", "turnover_dkk"]
    cs = run.result["callaway_santanna"]["employees_fte"]
    assert cs["est_method"] == "dr" and cs["covariates"]
    groups = [e for e in run.result["callaway_santanna_groups"] if not e.get("suppressed")]
    assert groups and all(e["est_method"] == "dr" for e in groups)
    assert all(m["chosen_by_engine"] for m in run.result["matching"])  # neighbours left to it
    names = {row["covariate"] for row in run.result["balance"]["covariates"]}
    assert {"employees_fte", "turnover_dkk"} <= names
    page = html.unescape(analyst.get(f"/effekter/{run.pk}/rapport/").content.decode())
    assert "Dobbelt robust (Sant'Anna og Zhao) med analytikerens kovariater" in page
    assert "Omsætning (kr.), egen kovariat" in page  # in the balance table


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"cs_method": "ipw"},
            "Callaway–Sant'Annas estimator: Den dobbelt robuste og den vægtede estimator kræver "
            "kovariater",
        ),
        ({"n_neighbours": "0"}, "Kontroller pr. deltager: "),
        ({"caliper": "meget"}, "Caliper (standardafvigelser af scoren): "),
        ({"anticipation": "9"}, "År med foregribelse: "),
        ({"covariates": ["skostørrelse"]}, "Egne kovariater: "),
    ],
)
def test_a_bad_choice_is_told_at_its_field_and_starts_nothing(analyst, change, message):
    response = analyst.post("/effekter/", {**FORM, **change})
    assert response.status_code == 200
    errors = _errors(response)
    assert any(error.startswith(message) for error in errors), errors
    assert not EffectRun.objects.exists()
