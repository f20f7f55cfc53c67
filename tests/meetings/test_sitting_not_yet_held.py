"""A 定稿 sitting dated after the day judged has not happened (domain.md §2; domain/meetings/happened.py):
made 定稿 by an import before TL-11's fix, or restored from an old backup, it was counted as held by the
calendar, the check, 首页 and the volume ("截至12月5日召开支部党员大会4次" with the 12-25 sitting among them).
Each of them now leaves it out and says so where the figure is."""

from __future__ import annotations

from datetime import date, timedelta

from branchdesk.db.models import Meeting
from branchdesk.domain.findings import Severity
from branchdesk.domain.meetings.happened import has_happened, later_words, split_happened
from branchdesk.domain.meetings.records import MeetingKind
from branchdesk.domain.meetings.rules import HeldMeeting
from branchdesk.domain.meetings.sitting import MeetingInput
from branchdesk.services.annual_report.records import gather_report
from branchdesk.services.checks import home_findings
from branchdesk.services.meetings.calendar import calendars
from branchdesk.services.meetings.checks import meeting_findings
from branchdesk.services.meetings.records import (
    default_attendees,
    finalise_meeting,
    list_meetings,
    save_meeting,
)
from branchdesk.services.study_hours.records import study_summary
from tests.meetings.helpers import BRANCH, make_branch

K = MeetingKind
TODAY = date(2025, 12, 5)  # the day the calendar is judged on: her December filled in ahead (TL-11)
AHEAD = date(2025, 12, 25)


def _congress(db, branch_id: int, day: date) -> int:  # type: ignore[no-untyped-def]
    """A 支部党员大会 with its sign-in sheet (everyone present), 15:30–17:00, made 定稿."""
    sheet = default_attendees(db, branch_id, day, (K.CONGRESS,))
    saved = save_meeting(db, MeetingInput(branch_id=branch_id, kinds=(K.CONGRESS,), date=day, start_time="15:30",
                                          end_time="17:00", place="党员活动室", topic=f"{day:%m}月党员大会",
                                          host="王书记", recorder="张宣传", content="学习党章，讨论本季度工作。",
                                          attendees=sheet))
    finalise_meeting(db, saved.record.id)
    return saved.record.id


def _year_with_a_sitting_ahead(db) -> None:  # type: ignore[no-untyped-def]
    branch = make_branch(db)
    for day in (date(2025, 3, 10), date(2025, 6, 10), date(2025, 9, 10), AHEAD):
        _congress(db, branch.id, day)


def test_the_rule() -> None:
    assert has_happened(TODAY, TODAY) and not has_happened(TODAY + timedelta(days=1), TODAY)
    sittings = [HeldMeeting(date(2025, 12, d), frozenset({K.CONGRESS})) for d in (1, 5, 6, 25)]
    held, later = split_happened(sittings, TODAY)
    assert [m.date.day for m in held] == [1, 5] and [m.date.day for m in later] == [6, 25]
    assert later_words(2) == "另有2次日期在今天之后，未计入"
    assert later_words(1, date(2025, 12, 5), "会议") == "另有1次会议日期在2025年12月5日之后，未计入"
    assert later_words(1, date(2026, 6, 30), iso=True) == "另有1次日期在2026-06-30之后，未计入"
    assert later_words(0) == ""


def test_the_calendar_does_not_count_it_and_says_so(db) -> None:  # type: ignore[no-untyped-def]
    _year_with_a_sitting_ahead(db)
    (calendar,) = calendars(db, year=2025, as_of=TODAY, branch=BRANCH)
    q4 = next(c for c in calendar.cells if c.rule.id == "MTG-QUARTERLY-CONGRESS" and c.period.index == 4)
    assert (q4.held, q4.later, q4.state) == (0, 1, "进行中")
    assert [m.date for m in calendar.later] == [AHEAD]
    (finding,) = [f for f in calendar.findings if f.rule == "MTG-QUARTERLY-CONGRESS"]
    assert finding.period == "2025-Q4" and "已召开 0 次" in finding.message
    # judged on a day that is not today (R1-6): the day judged is named, not "今天"
    assert "另有1次日期在2025-12-05之后，未计入" in finding.message, finding.message
    # once the day has passed it is the sitting held
    (after,) = calendars(db, year=2025, as_of=date(2026, 1, 5), branch=BRANCH)
    q4 = next(c for c in after.cells if c.rule.id == "MTG-QUARTERLY-CONGRESS" and c.period.index == 4)
    assert (q4.held, q4.later, q4.state, after.later) == (1, 0, "已完成", [])


def test_the_check_and_home_name_the_record(db) -> None:  # type: ignore[no-untyped-def]
    _year_with_a_sitting_ahead(db)
    found = [f for f in meeting_findings(db, year=2025, as_of=TODAY) if f.rule == "MTG-HELD-ONLY"]
    assert len(found) == 1 and found[0].severity is Severity.WARNING
    assert found[0].message.startswith("已定稿的会议记录中有1次日期在2025-12-05之后（2025-12-25的支部党员大会），"), \
        found[0].message
    assert found[0].branch == BRANCH and found[0].source == "本校做法"
    home = [f for f in home_findings(db, today=TODAY) if f.rule == "MTG-HELD-ONLY"]
    assert [f.message for f in home] == [found[0].message]
    assert not [f for f in meeting_findings(db, year=2025, as_of=date(2026, 1, 5)) if f.rule == "MTG-HELD-ONLY"]
    # several: one finding for the branch names them in date order
    (june,) = [f for f in meeting_findings(db, year=2025, as_of=date(2025, 6, 1)) if f.rule == "MTG-HELD-ONLY"]
    assert ("有3次日期在2025-06-01之后（2025-06-10的支部党员大会、2025-09-10的支部党员大会、2025-12-25的支部党员大会）"
            in june.message), june.message


def test_its_hours_do_not_count_yet(db) -> None:  # type: ignore[no-untyped-def]
    _year_with_a_sitting_ahead(db)
    before = {r.name: r for r in study_summary(db, 2025, BRANCH, as_of=TODAY)}
    after = {r.name: r for r in study_summary(db, 2025, BRANCH, as_of=date(2025, 12, 31))}
    assert before["王书记"].sittings == 3 and after["王书记"].sittings == 4
    assert after["王书记"].from_sittings > before["王书记"].from_sittings


def test_the_volume_counts_what_was_held_by_its_cut_off_and_says_so(db) -> None:  # type: ignore[no-untyped-def]
    _year_with_a_sitting_ahead(db)
    data = gather_report(db, 2025, generated_on=TODAY)
    m = data.meetings
    assert m.held(K.CONGRESS) == 3 and m.sittings == 3
    assert AHEAD not in [r.day for r in m.register]
    assert m.later == 1
    words = "另有1次已定稿的会议日期在2025年12月5日之后，未计入。"
    assert words in data.summaries["meetings"], data.summaries["meetings"]
    from branchdesk.domain.annual_report.tables import build_tables
    assert words in build_tables(data)["三会一课"].note
    # the year's volume made in January counts it, and says nothing
    later = gather_report(db, 2025, generated_on=date(2026, 1, 10))
    assert later.meetings.held(K.CONGRESS) == 4 and later.meetings.later == 0
    assert "未计入。" not in later.summaries["meetings"]


def test_a_record_moved_after_today_is_left_out_of_todays_calendar(db) -> None:  # type: ignore[no-untyped-def]
    """The shape an old backup brings back: a 定稿 record whose date is after today."""
    branch = make_branch(db)
    ahead = date.today() + timedelta(days=10)
    mid = _congress(db, branch.id, date(2025, 3, 10))
    with db.session() as session:  # as an older version's import wrote it
        row = session.get(Meeting, mid)
        assert row is not None
        row.meeting_date = ahead
    (calendar,) = calendars(db, year=ahead.year, branch=BRANCH)
    assert [m.date for m in calendar.later] == [ahead]
    assert sum(c.held for c in calendar.cells if c.rule.id == "MTG-QUARTERLY-CONGRESS") == 0


def test_judged_today_it_says_today(db) -> None:  # type: ignore[no-untyped-def]
    """R1-6: the sentence says "今天" only when the day judged is today; any other day is named."""
    branch = make_branch(db)
    today = date.today()
    ahead = today + timedelta(days=10)
    mid = _congress(db, branch.id, date(today.year, 1, 1))
    with db.session() as session:
        row = session.get(Meeting, mid)
        assert row is not None
        row.meeting_date = ahead
    (held_only,) = [f for f in meeting_findings(db, year=ahead.year, as_of=today) if f.rule == "MTG-HELD-ONLY"]
    assert held_only.message.startswith("已定稿的会议记录中有1次日期在今天之后"), held_only.message
    (calendar,) = calendars(db, year=ahead.year, as_of=today, branch=BRANCH)
    shortfalls = [f.message for f in calendar.findings if "未计入" in f.message]
    assert shortfalls and all("日期在今天之后，未计入" in m for m in shortfalls), shortfalls
    day = today - timedelta(days=1)
    if day.year == ahead.year:
        (other,) = [f for f in meeting_findings(db, year=ahead.year, as_of=day) if f.rule == "MTG-HELD-ONLY"]
        assert other.message.startswith(f"已定稿的会议记录中有1次日期在{day:%Y-%m-%d}之后"), other.message



def _moved_ahead(db):
    """(a counted record, a 定稿 record dated ten days after today — as an older version's import wrote it)."""
    branch = make_branch(db)
    held, later = _congress(db, branch.id, date(2025, 3, 10)), _congress(db, branch.id, date(2025, 6, 10))
    with db.session() as session:
        row = session.get(Meeting, later)
        assert row is not None
        row.meeting_date = date.today() + timedelta(days=10)
    by_id = {m.id: m for y in {2025, date.today().year, row.meeting_date.year} for m in list_meetings(db, year=y)}
    return by_id[held], by_id[later]


def test_the_meeting_list_does_not_mark_it_counted(db) -> None:  # type: ignore[no-untyped-def]
    """The 三会一课 list tells a counted record from one the calendar leaves out: a 定稿 record dated after
    today is left out (happened.py), so the list's row does not count it (review13-1 R1-1)."""
    held, later = _moved_ahead(db)
    assert held.counts and not held.not_yet_held
    assert not later.counts and later.not_yet_held


def test_the_plan_does_not_say_held_of_a_record_dated_after_today(db) -> None:  # type: ignore[no-untyped-def]
    """年度计划: a planned month whose only record is dated after today is not "已召开" (review13-1 R1-5)."""
    from branchdesk.services.meetings.plan import plan_vs_held, save_plan_item
    branch = make_branch(db)
    ahead = date.today() + timedelta(days=10)
    mid = _congress(db, branch.id, date(2025, 3, 10))
    with db.session() as session:  # as an older version's import wrote it
        row = session.get(Meeting, mid)
        assert row is not None
        row.meeting_date = ahead
    save_plan_item(db, branch.id, ahead.year, ahead.month, K.CONGRESS, "学习")
    (planned,) = plan_vs_held(db, branch.id, ahead.year)
    assert planned.held == [] and planned.state == "待召开"
