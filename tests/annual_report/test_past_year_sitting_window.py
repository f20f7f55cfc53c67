"""TY-13: a volume made in January–March does not call last year's 组织生活会 and 民主评议 "未按规定召开": held
by 31 March they fulfil the past year (domain.md §2; MTG-YEARLY-LIFE / MTG-YEARLY-REVIEW, held_late_months), as
the check says ("可在 … 前召开"). Until the deadline the volume lists them "待召开（截止 2026-03-31）", counts them
apart from 未按规定召开, and its 年度工作总结 says they are still to be held — not "均按规定召开" either. After the
deadline they are 未按规定召开 as before."""

from __future__ import annotations

from datetime import date

import pytest

from branchdesk.domain.annual_report.chapters import chapters
from branchdesk.domain.annual_report.tables import gaps_table, meetings_table
from branchdesk.services.annual_report.records import gather_report
from branchdesk.services.records_start import set_records_start
from tests.safety_helpers import add_branch, add_member

LIFE = ("组织生活会", "民主评议党员")


def _figure(data, label: str) -> object:  # type: ignore[no-untyped-def]
    return next(value for name, value, _kind in data.key_figures() if name == label)


@pytest.fixture
def branch(db):  # type: ignore[no-untyped-def]
    branch = add_branch(db, "第一党支部")
    for index in range(5):
        add_member(db, branch, index)
    set_records_start(db, date(2025, 1, 1))
    return branch


def test_in_january_last_years_life_meeting_is_still_to_be_held(db, branch) -> None:  # type: ignore[no-untyped-def]
    data = gather_report(db, 2025, generated_on=date(2026, 1, 4))
    gaps = {(r[1], r[2]): r for r in gaps_table(data).rows}
    for kind in LIFE:
        assert gaps[(kind, "2025年")][6] == "待召开（截止 2026-03-31）"
    assert "不计入未按规定召开" in gaps_table(data).note
    rows = {r.kind: r for r in data.meetings.rows}
    assert [(rows[k].missed, rows[k].pending) for k in LIFE] == [(0, 1), (0, 1)]
    missed_all = _figure(data, "各项会议未按规定召开（期）")
    assert missed_all == sum(r.missed for r in data.meetings.rows)  # the monthly gaps only
    assert _figure(data, "各项会议待召开（期）") == "2（截止3月31日）"
    table = meetings_table(data)
    titles = [c.title for c in table.columns]
    assert all(row[titles.index("未完成")] == 0 for row in table.rows if row[1] in LIFE)
    assert "组织生活会、民主评议党员可在2026-03-31前召开并计入2025年度" in table.note
    text = data.summaries["meetings"]
    assert "组织生活会与民主评议2期" not in text
    assert "2025年度组织生活会、民主评议党员尚未召开，应在2026-03-31前召开" in text
    [life] = [c for c in chapters(data) if c.key == "life"]
    figures = dict(life.figures)
    assert figures["未按规定召开（期）"] == "0" and figures["待召开（期）"] == "2（截止3月31日）"


def test_the_pair_does_not_count_a_period_still_in_time(db, branch) -> None:  # type: ignore[no-untyped-def]
    """rev5: in January the 已开/应开 pair read "0/1期" for last year's 组织生活会 while the check says "可在 2026-03-31 前
    召开" (a 提醒) and 未按规定召开 does not count it: a period still in time is not due, as one in progress (TR-5)."""
    data = gather_report(db, 2025, generated_on=date(2026, 1, 4))
    assert data.held_required("组织生活会") == "1期待召开（截止3月31日）"
    assert dict(next(c for c in chapters(data) if c.key == "life").figures)["组织生活会（已开/应开）"] == "1期待召开（截止3月31日）"
    table = meetings_table(data)
    titles = [c.title for c in table.columns]
    life = next(row for row in table.rows if row[1] == "组织生活会")
    assert (life[titles.index("达标期数")], life[titles.index("适用期数")]) == (0, 0)
    assert gather_report(db, 2025, generated_on=date(2026, 4, 1)).held_required("组织生活会") == "0/1期"  # after 3-31


def test_after_the_deadline_they_are_not_held_as_required(db, branch) -> None:  # type: ignore[no-untyped-def]
    data = gather_report(db, 2025, generated_on=date(2026, 4, 1))
    gaps = {(r[1], r[2]): r for r in gaps_table(data).rows}
    assert all(gaps[(kind, "2025年")][6] == "未完成" for kind in LIFE)
    assert gaps_table(data).note == ""
    assert all(r.pending == 0 for r in data.meetings.rows)
    assert "各项会议待召开（期）" not in [name for name, _v, _k in data.key_figures()]
    assert "组织生活会与民主评议2期" in data.summaries["meetings"]


def test_on_the_deadline_it_is_still_open(db, branch) -> None:  # type: ignore[no-untyped-def]
    data = gather_report(db, 2025, generated_on=date(2026, 3, 31))
    assert [r.pending for r in data.meetings.rows if r.kind in LIFE] == [1, 1]
