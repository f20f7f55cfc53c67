"""学时 with no 启用日期 (a school that imported its roster first, services/records_start.py): each
branch's calendar starts with its own first meeting on record, and the 32 学时 (教育条例 第二十条,
MTG-STUDY-HOURS, domain.md §2) were prorated from that month — while a 学习培训记录 dated months
before it counted in full. Trial K, TK-9: the first meeting on 11-27, July's 8-学时 training for 14
members, and the volume said "达标 14/16" against 5.5 学时 where members on the roster all year owe 32.

The requirement and the hours now run over the same span: the branch's 学时 are asked from the month
of its earliest record of either kind, and since its meetings before the first on record are not
known, a member short of that requirement is 无法判断 with the reason ("未设台账启用日期…"), never
达标 against two months."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from branchdesk.db.models import Meeting, MeetingAttendance, MeetingKindLink
from branchdesk.domain.meetings.records import MeetingKind
from branchdesk.domain.study_hours.records import StudyInput
from branchdesk.services.records_start import set_records_start
from branchdesk.services.study_hours.records import save_study_record, study_summary
from tests.meetings.helpers import BRANCH, make_branch

TODAY = date(2026, 12, 5)


def _sitting(db, branch_id: int, day: date, members: list[int]) -> None:  # type: ignore[no-untyped-def]
    with db.session() as session:  # a 定稿 支部党员大会 of 90 minutes (2 学时), everyone present
        meeting = Meeting(branch_id=branch_id, meeting_date=day, start_time="15:00", end_time="16:30",
                          topic="民主评议党员", finalised_at=datetime(2026, 11, 28, 8, 0))
        session.add(meeting)
        session.flush()
        session.add(MeetingKindLink(meeting_id=meeting.id, kind=MeetingKind.CONGRESS.value))
        session.add_all(MeetingAttendance(meeting_id=meeting.id, member_id=m, name=str(m), status="出席")
                        for m in members)


def _training(db, member_id: int, day: date, hours: str) -> None:  # type: ignore[no-untyped-def]
    save_study_record(db, StudyInput(member_id, day, hours, "上级集中轮训", "暑期党员集中轮训",
                                     organiser="县委教育工委"), today=TODAY)


@pytest.fixture
def year(db):
    branch = make_branch(db)
    set_records_start(db, None)  # the roster imported first: no 启用日期
    members = branch.members
    _sitting(db, branch.id, date(2026, 11, 27), list(members.values()))
    for name, member_id in members.items():
        if name != "赵一":  # not at the training
            _training(db, member_id, date(2026, 7, 10), "8")
    _training(db, members["王书记"], date(2026, 9, 18), "8")
    return branch


def test_the_requirement_runs_from_the_earliest_record_and_a_short_year_is_unknown(db, year) -> None:  # type: ignore[no-untyped-def]
    rows = {r.name: r for r in study_summary(db, 2026, BRANCH, as_of=TODAY)}
    li = rows["李组织"]  # on the roster all year: 8 (July) + 2 (November)
    assert li.total == 10 and li.required == 16  # July to December, the span of the hours counted
    assert li.status == "无法判断" and not li.met
    assert li.span_note.startswith("未设台账启用日期")
    assert "2026年11月" in li.span_note and "2026年7月" in li.span_note and "设置" in li.span_note
    zhao = rows["赵一"]  # no training: 2 of 16, the months July to October unknown
    assert zhao.required == 16 and zhao.status == "无法判断"
    wang = rows["王书记"]  # 18 of the same span's 16: met, whatever the meetings not on record
    assert wang.total == 18 and wang.status == "达标"
    assert sum(r.met for r in rows.values()) == 1  # not 8 of 9 "达标" against 5.5 学时


def test_with_a_records_start_nothing_changes(db, year) -> None:  # type: ignore[no-untyped-def]
    set_records_start(db, date(2026, 1, 1))  # the control of the trial: 32 学时, 10 of them done
    rows = {r.name: r for r in study_summary(db, 2026, BRANCH, as_of=TODAY)}
    assert rows["李组织"].required == 32 and rows["李组织"].status == "未达标" and rows["李组织"].span_note == ""


def test_the_volume_says_unknown_with_the_reason(db, year) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.domain.annual_report.tables import study_table
    from branchdesk.services.annual_report.records import gather_report

    data = gather_report(db, 2026, generated_on=TODAY)
    row = next(r for r in data.meetings.study if r.branch == BRANCH)
    assert (row.members, row.met, row.unknown) == (9, 1, 8)
    hours = {m.name: m for m in data.meetings.member_hours}
    assert hours["李组织"].status == "无法判断（未设台账启用日期）"
    note = study_table(data).note
    assert "未设台账启用日期" in note and "设置" in note


def test_later_records_alone_keep_the_span_of_the_first_meeting(db) -> None:  # type: ignore[no-untyped-def]
    branch = make_branch(db)
    set_records_start(db, None)
    _sitting(db, branch.id, date(2026, 11, 27), list(branch.members.values()))
    _training(db, branch.members["李组织"], date(2026, 12, 1), "4")
    row = {r.name: r for r in study_summary(db, 2026, BRANCH, as_of=TODAY)}["李组织"]
    assert row.required == Decimal("5.5") and row.total == 6 and row.status == "达标" and row.span_note == ""


def test_a_branch_without_records_is_named_not_counted_as_no_members(db) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.services.study_hours.records import unstarted_note

    make_branch(db)
    set_records_start(db, None)  # nothing recorded yet: the 学习学时 tab said "党员 0 名" for the whole roster
    assert study_summary(db, 2026, BRANCH, as_of=TODAY) == []
    note = unstarted_note(db, 2026, BRANCH)
    assert note.startswith("未设台账启用日期") and BRANCH in note and "9 名党员" in note and "设置" in note
    set_records_start(db, date(2026, 1, 1))
    assert unstarted_note(db, 2026, BRANCH) == ""


def test_the_tab_says_why_instead_of_no_members(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.ui.context import AppContext
    from branchdesk.ui.meetings.meetings_page import MeetingsPage

    branch = make_branch(db)
    set_records_start(db, None)
    page = MeetingsPage(AppContext(db))
    qtbot.addWidget(page)
    page.refresh()
    tab = page.study
    assert tab is not None
    page.tabs.setCurrentWidget(tab)
    tab.year.setValue(2026)
    tab.branch.setCurrentIndex(tab.branch.findText(BRANCH))
    tab.reload()
    assert "党员 0 名" not in tab.summary.text() and "未设台账启用日期" in tab.summary.text()
    _sitting(db, branch.id, date(2026, 11, 27), list(branch.members.values()))
    _training(db, branch.members["李组织"], date(2026, 7, 10), "8")
    tab.reload()
    text = tab.summary.text()
    assert "党员 9 名" in text and "无法判断 9 名" in text and "学习培训记录自2026年7月起" in text


def test_the_check_says_why_the_year_cannot_be_judged(db, year) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.services.checks import run_checks

    (found,) = [f for f in run_checks(db, year=2026, as_of=TODAY) if f.rule == "MTG-STUDY-HOURS"]
    assert "8 名党员是否达标无法判断" in found.message and "未设台账启用日期：本支部最早的会议记录在2026年11月" in found.message



def test_a_record_of_a_member_before_she_moved_in_does_not_move_the_branchs_span(db) -> None:  # type: ignore[no-untyped-def]
    """The span is moved back by a 学习培训记录 of the branch's own: one a member holds from the months she
    was in another branch (支部调整 in September) is that branch's, and does not ask the branch's
    members 学时 from July nor call their year unknown (review 13-5, R5-2)."""
    from branchdesk.services.roster.membership import move_branch
    from branchdesk.services.roster.records import list_members
    branch = make_branch(db)
    set_records_start(db, None)
    veteran = next(m.id for m in list_members(db) if m.name == "老党员")
    _training(db, veteran, date(2026, 7, 10), "8")  # in 退休教师党支部 then
    move_branch(db, veteran, branch.id, date(2026, 9, 1))
    _sitting(db, branch.id, date(2026, 11, 27), [*branch.members.values(), veteran])
    rows = {r.name: r for r in study_summary(db, 2026, BRANCH, as_of=TODAY)}
    li = rows["李组织"]  # in the branch all year; its records start in November
    assert li.span_note == "" and li.required < 16, (li.required, li.span_note)
