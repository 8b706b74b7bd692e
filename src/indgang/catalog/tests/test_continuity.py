"""The continuity rules, on plain dicts and a fixed date (no database)."""

import datetime as dt

import pytest

from indgang.catalog import continuity
from indgang.catalog.continuity import flags, same_programme, timeline
from indgang.catalog.tests.test_overlap import REGIONS, offer, regional

TODAY = dt.date(2026, 11, 22)


def programme(offer_id, start, end, *, operator="eh-midt", status=None, **changes):
    """A round of a grant programme of one operator."""
    if status is None:
        status = "lukket" if end and end < TODAY else "aktiv"
        if start and start > TODAY:
            status = "kommende"
    fields = {
        "instrument": "finansiering",
        "format": "tilskud",
        "themes": ["digitalisering", "finansiering"],
        "status": status,
        "valid_from": start.isoformat() if start else None,
        "valid_to": end.isoformat() if end else None,
        "application_deadline": None,
    }
    return regional(offer_id, operator, "1082", **{**fields, **changes})


def kinds(found, offer_id=None):
    return sorted((f.kind, f.offer_id) for f in found if offer_id in (None, f.offer_id))


def test_rounds_of_one_programme():
    rounds = continuity.rounds(
        [
            programme("a", None, None),
            programme("b", None, None, themes=["digitalisering"]),  # same main theme
            programme("c", None, None, themes=["innovation", "finansiering"]),
            programme("d", None, None, operator="other"),
            programme("e", None, None, format="laan"),
            programme("f", None, None, themes=["finansiering", "digitalisering"]),  # all shared
        ],
        REGIONS,
    )
    a, b, c, d, e, f = rounds
    assert same_programme(a, b) and same_programme(a, f)
    assert not same_programme(a, c)  # another main theme, a third of the themes shared
    assert not same_programme(a, d) and not same_programme(a, e)


def test_a_gap_between_two_rounds():
    found = flags(
        [
            programme("round-2025", dt.date(2025, 2, 1), dt.date(2025, 10, 31)),
            programme("round-2026", dt.date(2026, 1, 15), dt.date(2027, 12, 31)),
        ],
        REGIONS,
        TODAY,
    )
    assert kinds(found) == [("gap", "round-2025")]
    gap = found[0]
    assert gap.date == dt.date(2025, 11, 1) and gap.days == 75
    assert gap.next_id == "round-2026" and gap.next_start == dt.date(2026, 1, 15)
    assert gap.regions == {"1082"} and gap.themes == ("digitalisering", "finansiering")


def test_a_gap_ahead_is_flagged_and_a_short_pause_is_not():
    ahead = [
        programme("now", dt.date(2026, 1, 1), dt.date(2027, 1, 31)),
        programme("next", dt.date(2027, 6, 1), dt.date(2028, 12, 31)),
    ]
    assert kinds(flags(ahead, REGIONS, TODAY)) == [("gap", "now")]
    christmas = [
        programme("now", dt.date(2026, 1, 1), dt.date(2026, 12, 20)),
        programme("next", dt.date(2027, 1, 2), dt.date(2027, 12, 31)),
    ]
    assert kinds(flags(christmas, REGIONS, TODAY)) == []


def test_an_ongoing_round_of_the_programme_covers_the_end_of_another():
    found = flags(
        [
            programme("old", dt.date(2025, 1, 1), dt.date(2025, 12, 31)),
            programme("ongoing", None, None),
        ],
        REGIONS,
        TODAY,
    )
    assert kinds(found) == []


def test_no_successor_ended_or_ending_soon_and_only_recent_ones():
    found = flags(
        [
            programme("ended", dt.date(2025, 1, 1), dt.date(2026, 3, 31)),
            programme("long-ago", dt.date(2023, 1, 1), dt.date(2024, 6, 30), operator="b"),
            programme("ending", dt.date(2026, 1, 1), dt.date(2027, 1, 31), operator="c"),
            programme("ends-later", dt.date(2026, 1, 1), dt.date(2027, 12, 31), operator="d"),
            programme(
                "draft", dt.date(2025, 1, 1), dt.date(2025, 12, 31), operator="e", status="udkast"
            ),
        ],
        REGIONS,
        TODAY,
    )
    assert kinds(found) == [("ended_no_successor", "ended"), ("ending_no_successor", "ending")]
    ended = next(f for f in found if f.offer_id == "ended")
    assert ended.date == dt.date(2026, 3, 31) and ended.days == 236


def test_a_draft_is_no_next_round():
    found = flags(
        [
            programme("ended", dt.date(2025, 1, 1), dt.date(2026, 3, 31)),
            programme("planned", dt.date(2027, 1, 1), dt.date(2027, 12, 31), status="udkast"),
        ],
        REGIONS,
        TODAY,
    )
    assert kinds(found) == [("ended_no_successor", "ended")]


def test_expired_but_still_published_and_deadlines_within_30_days():
    offers = [
        programme("expired", dt.date(2025, 1, 1), dt.date(2026, 10, 31), status="aktiv"),
        programme("closed", dt.date(2025, 1, 1), dt.date(2026, 10, 31), operator="b"),
        offer("deadline-today", "c", application_deadline="2026-11-22"),
        offer("deadline-soon", "d", application_deadline="2026-12-22"),
        offer("deadline-later", "e", application_deadline="2026-12-23"),
        offer("deadline-past", "f", application_deadline="2026-11-21"),
        offer("deadline-closed", "g", application_deadline="2026-12-01", status="lukket"),
    ]
    found = flags(offers, REGIONS, TODAY)
    assert [(f.kind, f.offer_id, f.days) for f in found if f.kind != "ended_no_successor"] == [
        ("expired_published", "expired", 22),
        ("deadline_soon", "deadline-today", 0),
        ("deadline_soon", "deadline-soon", 30),
    ]


def test_filter_flags_by_theme_and_region():
    found = flags(
        [
            programme("midt", dt.date(2025, 1, 1), dt.date(2026, 3, 31)),
            offer("national", "x", application_deadline="2026-12-01", themes=["eksport"]),
        ],
        REGIONS,
        TODAY,
    )
    assert {f.offer_id for f in continuity.filter_flags(found, ["eksport"], [])} == {"national"}
    in_1084 = continuity.filter_flags(found, [], ["1084"])
    assert {f.offer_id for f in in_1084} == {"national"}  # a national offer is everywhere
    in_1082 = continuity.filter_flags(found, [], ["1082"])
    assert {f.offer_id for f in in_1082} == {"midt", "national"}


def test_timeline_lanes_per_theme_and_region_with_national_offers_in_every_region():
    offers = [
        programme("midt", dt.date(2026, 1, 1), dt.date(2026, 12, 31)),
        offer("national", "x", themes=["digitalisering"]),
        programme("old", dt.date(2020, 1, 1), dt.date(2020, 12, 31), operator="y"),
        programme("draft", None, None, operator="z", status="udkast"),
    ]
    found = timeline(offers, REGIONS, TODAY, themes=["digitalisering"])
    lanes = {(lane.theme, lane.region): lane for lane in found.lanes}
    assert set(lanes) == {("digitalisering", r) for r in ("1082", "1083", "1084")}
    midt = lanes[("digitalisering", "1082")]
    assert [b.round.id for b in midt.bars] == ["national", "midt"]  # undated first
    national, dated = midt.bars
    assert national.open_start and national.open_end and national.left == 0
    assert national.width == pytest.approx(100)
    assert not dated.open_start and not dated.open_end
    assert found.start == dt.date(2025, 1, 1) and found.end == dt.date(2028, 12, 31)
    assert dated.left == pytest.approx(100 * 365 / 1461, abs=0.01)
    assert dated.width == pytest.approx(100 * 365 / 1461, abs=0.02)
    assert midt.running == 2 and midt.flagged == 1  # "midt" ends soon without a successor
    assert dated.flags == ("ending_no_successor",)
    assert 0 < found.today < 100 and found.ticks[0].label == "01/2025"
    only = timeline(offers, REGIONS, TODAY, themes=["digitalisering"], regions=["1084"])
    assert [(lane.region, [b.round.id for b in lane.bars]) for lane in only.lanes] == [
        ("1084", ["national"])
    ]
