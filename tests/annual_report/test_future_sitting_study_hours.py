"""A 上报 written on 5 December carrying a 定稿 sitting dated 20 December: the 党委's volume leaves it out of the
calendar, the sittings and the register (test_future_sitting_in_report) — and its 学时 too (review rev1 F1): before,
the 党员学习学时 table and each member's row counted the 2 学时 of a sitting the same volume said was not counted."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from branchdesk.db.models import Meeting, MeetingAttendance, MeetingKindLink, Member
from branchdesk.services.annual_report.records import gather_report
from tests.annual_report.unreported_school import written_on
from tests.exchange.exchange_helpers import join_branch, make_committee, org_id, send

BRANCH = "第一党支部"
CONGRESS = "支部党员大会"


def test_the_hours_of_a_sitting_dated_after_its_report_are_not_counted(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("BRANCHDESK_HOME", str(tmp_path / "home"))
    from branchdesk.db import cipher

    monkeypatch.setattr(cipher, "MEMORY_KIB", 1024)
    monkeypatch.setattr(cipher, "ITERATIONS", 1)
    monkeypatch.setattr(cipher, "LANES", 1)
    committee = make_committee(tmp_path / "党委.sqlite")
    branch = join_branch(committee, BRANCH, tmp_path)
    try:
        branch_id = org_id(branch, BRANCH)
        with branch.session() as s:
            members = s.query(Member).filter(Member.branch_id == branch_id).order_by(Member.id).all()
            for day in (date(2026, 9, 10), date(2026, 12, 20)):  # the second made 定稿 before its day
                m = Meeting(branch_id=branch_id, meeting_date=day, topic="学习党章", content="学习讨论",
                            start_time="14:00", end_time="15:30", finalised_at=datetime(2026, 12, 1))
                s.add(m)
                s.flush()
                s.add(MeetingKindLink(meeting_id=m.id, kind=CONGRESS))
                for position, person in enumerate(members):
                    s.add(MeetingAttendance(meeting_id=m.id, member_id=person.id, name=person.name,
                                            category=person.category, status="出席", position=position))
            s.commit()
            names = [p.name for p in members]
        assert send(branch, committee, tmp_path).ok
        written_on(committee, BRANCH, "2026-12-05 09:00:00")
        data = gather_report(committee, 2026, generated_on=date(2027, 1, 10))
        [row] = [r for r in data.meetings.study if r.branch == BRANCH]
        assert row.hours == 2 * len(names), row  # 90 minutes = 2 学时 each, the sitting of 09-10 only
        assert {m.known for m in data.meetings.member_hours if m.branch == BRANCH} == {2.0}
        # a 上报 written after its day brings its 学时 counted
        assert send(branch, committee, tmp_path).ok
        written_on(committee, BRANCH, "2026-12-28 09:00:00")
        after = gather_report(committee, 2026, generated_on=date(2027, 1, 10))
        assert {m.known for m in after.meetings.member_hours if m.branch == BRANCH} == {4.0}
    finally:
        branch.close()
        committee.close()


def test_the_check_and_the_window_leave_out_what_the_volume_leaves_out(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Review rev1 F8: the volume's 三会一课 table said Q4 未完成 (the 12-20 sitting dated after the 12-05 上报), while
    the same volume's 自查 appendix (the check), 首页 and the 党委's window counted it: no Q4 finding, its 学时 listed.
    Every figure at the 党委 now takes the volume's cut-off."""
    monkeypatch.setenv("BRANCHDESK_HOME", str(tmp_path / "home"))
    from branchdesk.db import cipher

    monkeypatch.setattr(cipher, "MEMORY_KIB", 1024)
    monkeypatch.setattr(cipher, "ITERATIONS", 1)
    monkeypatch.setattr(cipher, "LANES", 1)
    committee = make_committee(tmp_path / "党委.sqlite")
    branch = join_branch(committee, BRANCH, tmp_path)
    try:
        branch_id = org_id(branch, BRANCH)
        with branch.session() as s:
            members = s.query(Member).filter(Member.branch_id == branch_id).order_by(Member.id).all()
            for day in (date(2026, 9, 10), date(2026, 12, 20)):
                m = Meeting(branch_id=branch_id, meeting_date=day, topic="学习党章", content="学习讨论",
                            start_time="14:00", end_time="15:30", finalised_at=datetime(2026, 12, 1))
                s.add(m)
                s.flush()
                s.add(MeetingKindLink(meeting_id=m.id, kind=CONGRESS))
                for position, person in enumerate(members):
                    s.add(MeetingAttendance(meeting_id=m.id, member_id=person.id, name=person.name,
                                            category=person.category, status="出席", position=position))
            s.commit()
        assert send(branch, committee, tmp_path).ok
        written_on(committee, BRANCH, "2026-12-05 09:00:00")
        made = date(2027, 1, 10)
        from branchdesk.services.checks import run_checks
        from branchdesk.services.meetings.calendar import calendars
        from branchdesk.services.study_hours.records import study_summary

        appendix = run_checks(committee, year=2026, as_of=made)  # what gather_findings lists
        q4 = [f for f in appendix if f.branch == BRANCH and CONGRESS in f.message and f.period == "2026-Q4"]
        assert q4, [(f.period, f.message) for f in appendix]  # the volume's table says Q4 未完成: so does the appendix
        assert not any("12-20" in f.message or "12月20日" in f.message for f in appendix), appendix
        [calendar] = [c for c in calendars(committee, year=2026, as_of=made) if c.branch == BRANCH]
        assert [m.date for m in calendar.reported_later] == [date(2026, 12, 20)]
        assert {m.from_sittings for m in study_summary(committee, 2026, as_of=made) if m.branch == BRANCH} == {2}
    finally:
        branch.close()
        committee.close()
