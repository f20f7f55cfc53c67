"""A database with no 启用日期 and no meeting on record (a roster imported, nothing else yet): the
三会一课 calendar has no start, so no month is judged and the volume covers no month. A new user once
met 88 findings, every month of the year "没有召开", on a database where nothing had been recorded."""

from __future__ import annotations

from datetime import date

from branchdesk.domain.findings import Severity
from branchdesk.services.annual_report.records import gather_report
from branchdesk.services.meetings.checks import meeting_findings
from branchdesk.services.records_start import set_records_start
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
