"""A database with no 启用日期 and no meeting on record (a roster imported, nothing else yet): the
三会一课 calendar has no start, so no month is judged and the volume covers no month. A new user once
met 88 findings, every month of the year "没有召开", on a database where nothing had been recorded."""

from __future__ import annotations

from datetime import date

from branchdesk.domain.findings import Severity
from branchdesk.domain.meetings.sitting import MeetingInput
from branchdesk.services.annual_report.records import gather_report
from branchdesk.services.meetings.checks import meeting_findings
from branchdesk.services.meetings.records import save_meeting
from branchdesk.services.records_start import set_records_start
from branchdesk.services.study_hours.checks import study_hours_findings
from tests.safety_helpers import add_branch, add_member


def _school(db) -> None:  # type: ignore[no-untyped-def]
    branch = add_branch(db)
    for index in range(8):
        add_member(db, branch, index)


def test_no_records_start_is_one_reminder_not_a_year_of_problems(db) -> None:  # type: ignore[no-untyped-def]
    _school(db)
    findings = meeting_findings(db, year=2026, as_of=date(2026, 12, 3))
    assert [f.rule for f in findings] == ["MTG-RECORDS-START"], [f.message for f in findings]
    assert findings[0].severity is Severity.WARNING and "启用日期" in findings[0].message
    set_records_start(db, date(2026, 9, 1))  # once the school says from when: the months since are judged
    judged = meeting_findings(db, year=2026, as_of=date(2026, 12, 3))
    assert "MTG-RECORDS-START" not in {f.rule for f in judged}
    assert any(f.severity is Severity.ERROR and f.period == "2026-09" for f in judged)
    assert not any(f.period and f.period < "2026-09" and f.period.startswith("2026-0") for f in judged)


def test_the_volume_covers_no_month_without_a_records_start(db) -> None:  # type: ignore[no-untyped-def]
    _school(db)
    meetings = gather_report(db, 2026, generated_on=date(2026, 12, 3)).meetings
    assert meetings.covered() == [False] * 12
    assert meetings.month_values([0] * 12) == ["—"] * 12
    assert "尚未设置台账启用日期" in meetings.coverage_note()


def _two_branches(db) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    """Two branches of eight, 上报 by the first only: a 党委 still collecting its branches' records."""
    reported, silent = add_branch(db, "第一党支部"), add_branch(db, "第二党支部")
    for index in range(8):
        add_member(db, reported, 300 + index)
        add_member(db, silent, 400 + index)
    save_meeting(db, MeetingInput(branch_id=reported, kinds=("主题党日",), date=date(2026, 3, 10), topic="三月主题党日",
                                  content="学习"))
    return reported, silent


def test_each_branch_starts_with_its_own_first_meeting(db) -> None:  # type: ignore[no-untyped-def]
    # one branch's first 上报 used to start every branch's calendar: the 党委 saw a year of 问题 for
    # the branches that had not reported yet
    _two_branches(db)
    findings = meeting_findings(db, year=2026, as_of=date(2026, 12, 3))
    silent = [f for f in findings if f.branch == "第二党支部"]
    assert [f.rule for f in silent] == ["MTG-RECORDS-START"], [f.message for f in silent]
    assert silent[0].severity is Severity.WARNING and "还没有会议记录" in silent[0].message
    reported = [f for f in findings if f.branch == "第一党支部" and f.severity is Severity.ERROR]
    assert reported and min(f.period for f in reported if f.period) >= "2026-03"  # judged from its March


def test_no_study_hours_are_asked_where_no_record_runs(db) -> None:  # type: ignore[no-untyped-def]
    # "0/32 学时，本年没有出席会议的记录" for every member of a database holding a roster only: the ledger
    # covers no month, so what they attended cannot be known
    _school(db)
    assert not [f for f in study_hours_findings(db, year=2026, as_of=date(2026, 12, 3))]
    _two_branches(db)
    names = {f.branch for f in study_hours_findings(db, year=2026, as_of=date(2026, 12, 3))}
    assert "第二党支部" not in names


def test_the_volume_names_the_branches_without_records(db) -> None:  # type: ignore[no-untyped-def]
    _two_branches(db)
    meetings = gather_report(db, 2026, generated_on=date(2026, 12, 3)).meetings
    assert meetings.records_from == ["第二党支部：尚无会议记录，各月不在台账记录期间",
                                     "其余党支部：2026年3月1日起（最早的会议记录）"]
    assert meetings.covered("第二党支部") == [False] * 12
    assert meetings.covered("第一党支部") == [False] * 2 + [True] * 10
