"""T10-20: 支委会 of a branch of 7 or more 正式党员 with no committee recorded. 支委会 are required only where a
committee exists (MTG-MONTHLY-COMMITTEE), and the branch must have one (ORG-COMMITTEE): the volume said
"2/不适用" in the 汇总 and "规定应开 0" in the month table. One answer in every place: 不适用（应设未设支委会）.

Trial L, TL-13: a branch whose 支委会 sittings are recorded has a committee — it is its 委员 that are not
registered. The volume says so ("委员未登记"), never "应设未设" beside the sittings it lists; 应设未设 is said of a
branch with no post and no 支委会 on record."""

from __future__ import annotations

from datetime import date

from branchdesk.domain.annual_report.chapters import chapters
from branchdesk.domain.annual_report.tables import committee_table, meetings_table
from branchdesk.domain.meetings.sitting import MeetingInput
from branchdesk.services.annual_report.records import gather_report
from branchdesk.services.meetings.records import finalise_meeting, save_meeting
from branchdesk.services.records_start import set_records_start
from tests.safety_helpers import add_branch, add_member

DAY = date(2026, 12, 4)
OWED = "不适用（应设未设支委会）"
UNREGISTERED = "不适用（支委会委员未登记）"


def _school(db, members: int, sittings: tuple[int, ...] = (3, 4)) -> None:  # type: ignore[no-untyped-def]
    branch = add_branch(db, "第三党支部")
    for index in range(members):
        add_member(db, branch, index)
    set_records_start(db, date(2026, 1, 1))
    for month in sittings:
        saved = save_meeting(db, MeetingInput(branch_id=branch, kinds=("支部委员会",), date=date(2026, month, 5),
                                              topic=f"{month}月支委会", host="党员0", recorder="党员1", content="研究工作"))
        finalise_meeting(db, saved.record.id)


def _cells(table, kind: str) -> dict[str, object]:  # type: ignore[no-untyped-def]
    titles = [c.title for c in table.columns]
    return dict(zip(titles, next(r for r in table.rows if r[1] == kind), strict=True))


def test_a_committee_owed_reads_the_same_in_every_place(db) -> None:  # type: ignore[no-untyped-def]
    _school(db, 8, sittings=())
    data = gather_report(db, 2026, generated_on=DAY)
    row = _cells(meetings_table(data), "支部委员会")
    assert row["全年已开"] == 0 and row["规定应开"] == OWED
    [committee] = committee_table(data).rows
    assert committee[2] == "应设未设"
    box = dict(next(c for c in chapters(data) if c.key == "committee").figures)
    assert box["正式党员7人以上、未设支部委员会"] == "1个"


def test_sittings_held_without_registered_members_are_not_called_owed(db) -> None:  # type: ignore[no-untyped-def]
    _school(db, 8)
    data = gather_report(db, 2026, generated_on=DAY)
    figures = {label: value for label, value, _ in data.key_figures()}
    assert figures["支部委员会（已开/应开）"] == f"2/{UNREGISTERED}"
    row = _cells(meetings_table(data), "支部委员会")
    assert row["全年已开"] == 2 and row["规定应开"] == UNREGISTERED
    [committee] = committee_table(data).rows
    assert committee[2] == "委员未登记（本年已开支委会2次）" and committee[-1] == f"2/{UNREGISTERED}"
    three = next(c for c in chapters(data) if c.key == "three")
    assert ("支部委员会（已开/应开）", f"2/{UNREGISTERED}") in three.figures
    box = dict(next(c for c in chapters(data) if c.key == "committee").figures)
    assert box["正式党员7人以上、未设支部委员会"] == "0个"
    assert box["已开支委会、委员未登记"] == "1个"
    assert "应设未设" not in repr(data.key_figures()) + repr(committee_table(data).rows) + repr(chapters(data))


def test_a_branch_under_seven_is_not_required_in_the_month_table_either(db) -> None:  # type: ignore[no-untyped-def]
    _school(db, 5)
    data = gather_report(db, 2026, generated_on=DAY)
    assert {label: value for label, value, _ in data.key_figures()}["支部委员会（已开/应开）"] == "2/不适用"
    assert _cells(meetings_table(data), "支部委员会")["规定应开"] == "不适用"  # was 0
