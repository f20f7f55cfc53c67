"""A branch of fewer than 7 正式党员 sets up no 支部委员会 (支部条例 第二十条: a 书记, if need be a
副书记); one that registered 委员 anyway is not asked for a monthly 支委会 (MTG-MONTHLY-COMMITTEE applies
only where a committee exists). Before, the calendar asked for twelve 支委会 while the check said no
committee was needed: now the calendar, `check`, 首页 and the year-end volume agree — no 支委会
requirement, the sittings held still counted, and one note (ORG-COMMITTEE) that says so."""

from __future__ import annotations

from datetime import date

from branchdesk.domain.annual_report.chapters import chapters
from branchdesk.domain.annual_report.tables import committee_table
from branchdesk.domain.finding_text import home_items
from branchdesk.domain.idcard import make_id_number
from branchdesk.domain.meetings.records import MeetingKind
from branchdesk.domain.meetings.rules import NOT_APPLICABLE
from branchdesk.domain.meetings.sitting import MeetingInput
from branchdesk.domain.roster.records import MemberInput
from branchdesk.domain.vocabulary import OrgKind
from branchdesk.services.annual_report.records import gather_report
from branchdesk.services.checks import run_checks
from branchdesk.services.meetings.calendar import calendars
from branchdesk.services.meetings.records import default_attendees, finalise_meeting, save_meeting
from branchdesk.services.records_start import set_records_start
from branchdesk.services.roster.organisation import assign_post, create_org
from branchdesk.services.roster.records import save_member

K = MeetingKind
SMALL = "初一年级党支部"
DAY = date(2026, 12, 4)


def _small_branch(db, full: int = 5) -> int:  # type: ignore[no-untyped-def]
    """`full` 正式党员, three of them registered as 书记, 组织委员 and 宣传委员."""
    top = create_org(db, "中共测试中学委员会", OrgKind.COMMITTEE)
    set_records_start(db, date(2024, 1, 1))
    branch = create_org(db, SMALL, OrgKind.BRANCH, top.id)
    names = ["王书记", "李组织", "张宣传", "赵一", "钱二", "孙三", "周四", "吴五"][:full]
    ids = {name: save_member(db, MemberInput(
        name=name, id_number=make_id_number("140202", date(1980, 1, i), i, male=i % 2 == 1), branch=SMALL,
        category="正式党员", join_date=date(2005, 7, 1), full_date=date(2006, 7, 1))).id
        for i, name in enumerate(names, start=1)}
    for name, post in (("王书记", "书记"), ("李组织", "组织委员"), ("张宣传", "宣传委员")):
        assign_post(db, branch.id, ids[name], post, date(2024, 9, 1), date(2027, 8, 31))
    return branch.id


def _committee_sitting(db, branch_id: int, day: date) -> None:  # type: ignore[no-untyped-def]
    data = MeetingInput(branch_id=branch_id, kinds=(K.COMMITTEE,), date=day, start_time="15:30", end_time="16:30",
                        place="党员活动室", topic="研究本月工作", content="研究本月党建工作安排。", host="王书记",
                        recorder="张宣传",
                        attendees=default_attendees(db, branch_id, day, (K.COMMITTEE,)))
    finalise_meeting(db, save_meeting(db, data).record.id)


def test_the_calendar_asks_no_committee_of_a_branch_under_seven(db) -> None:  # type: ignore[no-untyped-def]
    branch_id = _small_branch(db)
    _committee_sitting(db, branch_id, date(2026, 3, 10))
    [calendar] = calendars(db, year=2026, as_of=DAY, branch=branch_id)
    cells = [c for c in calendar.cells if c.rule.kind == K.COMMITTEE]
    assert len(cells) == 12 and {c.state for c in cells} == {NOT_APPLICABLE}
    assert sum(c.held for c in cells) == 1  # the sitting held is still counted
    assert not [f for f in calendar.findings if f.meeting_type == K.COMMITTEE]


def test_check_and_home_say_it_once(db) -> None:  # type: ignore[no-untyped-def]
    _small_branch(db)
    findings = run_checks(db, year=2026, as_of=DAY)
    assert not [f for f in findings if f.rule == "MTG-MONTHLY-COMMITTEE"]
    [note] = [f for f in findings if f.rule == "ORG-COMMITTEE"]
    assert "不足7人" in note.message and "不设支部委员会" in note.message
    assert "不要求每月召开支委会" in note.message and "李组织（组织委员）" in note.message
    lines = [i.line for i in home_items(findings, DAY) if "支委会" in i.line or "支部委员会" in i.line]
    assert len(lines) == 1 and "不要求每月召开支委会" in lines[0] and "第二十条" not in lines[0]


def test_the_volume_asks_no_committee_meetings_either(db) -> None:  # type: ignore[no-untyped-def]
    branch_id = _small_branch(db)
    _committee_sitting(db, branch_id, date(2026, 3, 10))
    data = gather_report(db, 2026, generated_on=DAY)
    [row] = [r for r in data.meetings.rows if r.kind == K.COMMITTEE]
    assert (row.held, row.required, row.missed) == (1, 0, 0)
    assert not [g for g in data.meetings.gaps if g.kind == K.COMMITTEE]
    figures = {label: value for label, value, _kind in data.key_figures()}
    assert figures["支部委员会（已开/应开）"] == "1/不适用"
    [line] = committee_table(data).rows
    assert line[2].startswith("不设") and "李组织（组织委员）" in line[5] and line[6] == "1/不适用"
    committee = next(c for c in chapters(data) if c.key == "committee")
    assert ("设立支部委员会的党支部", "0/1") in committee.figures
    three = dict(next(c for c in chapters(data) if c.key == "three").figures)
    assert three["支部委员会（已开/应开）"] == "1/不适用"


def test_seven_full_members_with_a_committee_still_meet_monthly(db) -> None:  # type: ignore[no-untyped-def]
    branch_id = _small_branch(db, full=7)
    [calendar] = calendars(db, year=2026, as_of=DAY, branch=branch_id)
    assert {c.state for c in calendar.cells if c.rule.kind == K.COMMITTEE} >= {"未完成"}
    findings = run_checks(db, year=2026, as_of=DAY)
    assert len([f for f in findings if f.rule == "MTG-MONTHLY-COMMITTEE"]) == 12
    assert not [f for f in findings if f.rule == "ORG-COMMITTEE"]
    data = gather_report(db, 2026, generated_on=DAY)
    assert next(r for r in data.meetings.rows if r.kind == K.COMMITTEE).required == 12


def test_the_requirement_starts_the_month_the_seventh_member_becomes_full() -> None:
    """Pure rules: six 正式党员 all year and a 预备党员 转正 on 2026-09-15 (full_member_spans); the
    committee's three posts all year. 支委会 are due from September (7 on 30 September) — and, judged on
    1 August, the months to come are judged by the roster as it stands (6: not yet due)."""
    from branchdesk.domain.meetings.rules import BranchFacts, evaluate_branch
    from branchdesk.domain.roster.membership import branch_periods, full_member_spans

    spans = [full_member_spans(branch_periods(1, ()), joined=date(2005, 7, 1), full_date=None, full_now=True,
                               left=None) for _ in range(6)]
    spans.append(full_member_spans(branch_periods(1, ()), joined=date(2025, 9, 15), full_date=date(2026, 9, 15),
                                   full_now=True, left=None))
    facts = BranchFacts(SMALL, (), tuple((date(2024, 9, 1), None) for _ in range(3)), ("王书记",),
                        full_members=tuple((begin, end) for member in spans for _b, begin, end in member))
    assert (facts.full_members_on(date(2026, 9, 14)), facts.full_members_on(date(2026, 9, 15))) == (6, 7)

    def due(as_of: date) -> list[int]:
        calendar = evaluate_branch(facts, [], [], year=2026, as_of=as_of)
        return [c.period.index for c in calendar.cells if c.rule.kind == K.COMMITTEE and c.state != NOT_APPLICABLE]

    assert due(date(2026, 12, 31)) == [9, 10, 11, 12]
    assert due(date(2026, 8, 1)) == []
