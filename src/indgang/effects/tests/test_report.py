"""The effect report as a reader meets it (issue 15 point 6, issue 18): the findings first,
in plain Danish with their intervals ("909 færre årsværk", never "-909 flere"), then whether
to trust them; the tables per group and year folded away; Callaway-Sant'Anna's bands,
pre-trend test and sensitivity, per group too, and the matched effect over all years."""

import copy
import html
import re

import pytest

from indgang.effects.models import EffectRun, RunStatus

pytestmark = pytest.mark.django_db


def _page(client, run) -> str:
    response = client.get(f"/effekter/{run.pk}/rapport/", HTTP_ACCEPT_LANGUAGE="da")
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def _finding(page: str, outcome: str) -> str:
    start = page.index(f'data-outcome="{outcome}"')
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page[start : page.index("</li>", start)]))


def _folded(page: str, testid: str) -> bool:
    position = page.index(f'data-testid="{testid}"')
    return page.rfind("<details", 0, position) > page.rfind("</details>", 0, position)


def test_the_report_opens_with_its_findings_and_folds_the_tables_away(done_run, analyst):
    page = _page(analyst, done_run)
    assert page.index('data-testid="headlines"') < page.index("<details")
    employment = _finding(page, "employees_fte")
    assert "2 år efter start havde de" in employment and "årsværk end deres matchede" in employment
    assert "95 %-interval" in employment and "pr. virksomhed" in employment
    assert "Over årene 1 til 2 efter start: i gennemsnit" in employment  # over all years
    assert "omsætning pr. virksomhed" in _finding(page, "turnover_dkk")
    assert not re.search(r"[-−]\s?\d[\d.,]* (flere|mere|færre|mindre)", page)
    for table in ("estimates", "overall", "estimates-groups", "balance", "cs-dynamic"):
        assert _folded(page, table), table
    assert "Effekter pr. operatør" in page and "Effekter pr. niveau" in page
    assert "Kan man stole på resultatet?" in page and "test af parallelle tendenser" in page
    assert "Følsomhed 2 år efter start (Callaway–Sant'Anna)" in page


def test_callaway_santanna_shows_its_bands_pre_trend_test_and_sensitivity_per_outcome_and_group(
    done_run, analyst
):
    document = done_run.result
    assert document["callaway_santanna_groups"], "grouped by operator and level"
    page = _page(analyst, done_run)
    cs = page[page.index('data-testid="details-cs"') : page.index('data-testid="details-balance"')]
    assert cs.count('data-testid="cs-dynamic"') == 2 and "Simultant 95 %-bånd" in cs
    assert cs.count('data-testid="pretrend"') == 2 and "frihedsgrader, p =" in cs
    assert 'data-testid="cs-sensitivity"' in cs and "Nedbrudsværdi M" in cs
    band = document["callaway_santanna"]["employees_fte"]["dynamic"][-1]
    assert band["band_low"] < band["ci_low"] < band["ci_high"] < band["band_high"]
    operators = page[page.index('data-key="operator_id"') :]
    operators = operators[: operators.index("</details>")]
    assert "Callaway–Sant'Anna" in operators
    matched = next(  # an operator whose matched estimate is shown
        e["group"]
        for e in document["estimates"]
        if "operator_id" in e["group"] and not e.get("suppressed") and e["horizon"] == 1
    )
    entry = next(
        e
        for e in document["callaway_santanna_groups"]
        if e["group"] == matched and e["outcome"] == "employees_fte"
    )
    horizon_1 = next(r for r in entry["dynamic"] if r["event_time"] == 1)
    assert f"{horizon_1['att']:.2f}".replace("-", "−").replace(".", ",") in operators


def _doctored(run, outcome: str, **figures) -> EffectRun:
    """The same run's result with the all-participants estimate at 2 years set to
    ``figures``: what a reader sees for such a finding."""
    document = copy.deepcopy(run.result)
    for entry in document["estimates"]:
        if (entry["group"], entry["outcome"], entry["horizon"]) == ("all", outcome, 2):
            entry.update(figures, suppressed=None)
    return EffectRun.objects.create(config=run.config, result=document, status=RunStatus.DONE)


def test_a_negative_effect_reads_as_fewer_and_a_positive_one_as_more(done_run, analyst):
    fewer = _doctored(
        done_run,
        "employees_fte",
        att=-0.45,
        ci_low=-0.70,
        ci_high=-0.20,
        n_treated=2020,
        implied_total=-909,
        implied_total_ci_low=-1414,
        implied_total_ci_high=-404,
    )
    text = _finding(_page(analyst, fewer), "employees_fte")
    assert "havde de 2.020 deltagende virksomheder i alt 909 færre årsværk" in text
    assert "(95 %-interval −1.414 til −404)" in text
    assert "0,45 færre årsværk pr. virksomhed (95 %-interval −0,70 til −0,20)" in text
    assert "klar effekt" in text

    more = _doctored(
        done_run,
        "employees_fte",
        att=1.2,
        ci_low=0.4,
        ci_high=2.0,
        n_treated=312,
        implied_total=374.4,
        implied_total_ci_low=124.8,
        implied_total_ci_high=624,
    )
    text = _finding(_page(analyst, more), "employees_fte")
    assert "1,2 flere årsværk pr. virksomhed (95 %-interval 0,4 til 2,0)" in text
    assert "i alt 374 flere årsværk" in text

    turnover = _doctored(
        done_run, "turnover_dkk", att=-2_345_678, ci_low=-4_100_000, ci_high=160_000
    )
    text = _finding(_page(analyst, turnover), "turnover_dkk")
    assert "2,3 mio. kr. mindre i omsætning pr. virksomhed" in text
    assert "(95 %-interval −4,1 mio. kr. til 0,2 mio. kr.)" in text
    assert "Intervallet omfatter nul" in text and "ikke klar" in text


def test_groups_too_small_to_show_are_named_in_one_line(done_run, analyst):
    document = copy.deepcopy(done_run.result)
    for entry in document["estimates"]:
        if entry["group"] == {"level": "decentral"}:
            entry.update(suppressed="below_minimum", att=None, ci_low=None, ci_high=None)
    run = EffectRun.objects.create(config=done_run.config, result=document, status="done")
    levels = _page(analyst, run)
    levels = levels[levels.index('data-key="level"') :]
    levels = re.sub(r"\s+", " ", levels[: levels.index("</details>")])
    # the national offer has 14 participants in the synthetic register
    assert "Vises ikke, færre end 20 deltagere (2 grupper): Decentralt; Nationalt." in levels
    assert '<td data-title="Niveau">Lokalt</td>' in levels
    assert '<td data-title="Niveau">Decentralt</td>' not in levels
