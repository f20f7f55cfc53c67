"""A 正式党员's rights start at the 上级党委's approval of the 转正 (step 24 of the 发展党员 record) where
the ledger holds it, not at the roster's 转正日期, the end of probation (T9-13; membership.full_from):
the branch's count of 正式党员 (ORG-COMMITTEE: a 支部委员会, and so a monthly 支委会, from 7) and the
year-end volume's 正式/预备 counts and its 本年转正 follow the approval as the votes and the sign-in sheets already did.
Without an approval in the ledger the 转正日期 still decides."""

from __future__ import annotations

from datetime import date

from branchdesk.domain.meetings.records import MeetingKind
from branchdesk.domain.meetings.rules import NOT_APPLICABLE
from branchdesk.domain.roster.membership import branch_periods, full_member_spans
from branchdesk.services.annual_report.records import gather_report
from branchdesk.services.checks import run_checks
from branchdesk.services.meetings.calendar import calendars
from tests.meetings.test_small_branch_committee import _small_branch

K = MeetingKind
ENDED, APPROVED = date(2026, 3, 1), date(2026, 5, 20)  # end of probation (转正日期); the 上级党委's approval


def _seventh(db, branch_id: int, *, approved: bool = True) -> None:  # type: ignore[no-untyped-def]
    """A seventh member, 吴转正: 入党 2025-03-01, 转正日期 2026-03-01 (the roster says 正式党员), and the
    ledger's 上级党委审批转正 on 2026-05-20 (`approved`) or no ledger record at all."""
    from branchdesk.db.models import DevRecord, DevStep
    from branchdesk.domain.idcard import make_id_number
    from branchdesk.domain.roster.records import MemberInput
    from branchdesk.services.roster.records import save_member
    from tests.meetings.test_small_branch_committee import SMALL

    number = make_id_number("140202", date(1995, 6, 6), 7, male=True)
    member = save_member(db, MemberInput(name="吴转正", id_number=number, branch=SMALL, category="正式党员",
                                         join_date=date(2025, 3, 1), full_date=ENDED))
    if not approved:
        return
    with db.session() as session:
        record = DevRecord(name="吴转正", id_number=number, branch_id=branch_id, member_id=member.id)
        session.add(record)
        session.flush()
        session.add(DevStep(record_id=record.id, step=24, on=APPROVED))


def test_the_spans_of_a_full_member_start_at_the_approval() -> None:
    periods = branch_periods(1, ())
    spans = dict.fromkeys(("approved", "roster only"))
    for key, approved_on in (("approved", APPROVED), ("roster only", None)):
        [(_branch, begin, _end)] = full_member_spans(periods, joined=date(2025, 3, 1), full_date=ENDED,
                                                     approved_on=approved_on, full_now=True, left=None)
        spans[key] = begin
    assert spans == {"approved": APPROVED, "roster only": ENDED}
    # an approval before the end of probation (a date mistyped somewhere) gives no rights before it either
    [(_b, begin, _e)] = full_member_spans(periods, joined=date(2025, 3, 1), full_date=ENDED,
                                          approved_on=date(2026, 2, 1), full_now=True, left=None)
    assert begin == ENDED


def _due_months(db, branch_id: int) -> list[int]:  # type: ignore[no-untyped-def]
    [calendar] = calendars(db, year=2026, as_of=date(2026, 12, 4), branch=branch_id)
    return [c.period.index for c in calendar.cells if c.rule.kind == K.COMMITTEE and c.state != NOT_APPLICABLE]


def test_the_seventh_full_member_counts_for_the_committee_from_the_approval(db) -> None:  # type: ignore[no-untyped-def]
    branch_id = _small_branch(db, full=6)
    _seventh(db, branch_id)
    assert _due_months(db, branch_id) == list(range(5, 13))  # 7 正式党员 from 20 May, not from 1 March

    def committee_note(day: date) -> list[str]:
        return [f.message for f in run_checks(db, year=2026, as_of=day) if f.rule == "ORG-COMMITTEE"]

    [note] = committee_note(date(2026, 4, 30))
    assert note.startswith("正式党员 6 人（不足7人）"), note
    assert not committee_note(date(2026, 6, 30))


def test_without_an_approval_in_the_ledger_the_end_of_probation_decides(db) -> None:  # type: ignore[no-untyped-def]
    branch_id = _small_branch(db, full=6)
    _seventh(db, branch_id, approved=False)
    assert _due_months(db, branch_id) == list(range(3, 13))
    assert not [f for f in run_checks(db, year=2026, as_of=date(2026, 4, 30)) if f.rule == "ORG-COMMITTEE"]


def _figures(db, day: date) -> dict[str, object]:  # type: ignore[no-untyped-def]
    data = gather_report(db, 2026, generated_on=day)
    figures = {label: value for label, value, _kind in data.key_figures()}
    [row] = [b for b in data.basic.branches if b.total]
    [who] = [r for r in data.basic.roster if r.name == "吴转正"]
    [hours] = [r for r in data.meetings.member_hours if r.name == "吴转正"]
    assert hours.category == who.category  # 党员学时明细 says what 党员名册 says
    return {"预备": figures["其中预备党员"], "转正": figures["本年转正"], "branch": (row.full, row.probationary),
            "category": who.category, "转正日期": who.full_date}


def test_the_volume_counts_a_member_awaiting_the_approval_as_probationary(db) -> None:  # type: ignore[no-untyped-def]
    branch_id = _small_branch(db, full=6)
    _seventh(db, branch_id)
    assert _figures(db, date(2026, 4, 30)) == {"预备": 1, "转正": 0, "branch": (6, 1), "category": "预备党员",
                                               "转正日期": None}
    assert _figures(db, date(2026, 6, 30)) == {"预备": 0, "转正": 1, "branch": (7, 0), "category": "正式党员",
                                               "转正日期": ENDED}


def test_the_volume_without_an_approval_in_the_ledger_follows_the_roster(db) -> None:  # type: ignore[no-untyped-def]
    branch_id = _small_branch(db, full=6)
    _seventh(db, branch_id, approved=False)
    assert _figures(db, date(2026, 4, 30)) == {"预备": 0, "转正": 1, "branch": (7, 0), "category": "正式党员",
                                               "转正日期": ENDED}


def _sheet_saved_before(db):  # type: ignore[no-untyped-def]
    """The `_awaiting_approval` branch (吴预备: 转正日期 2027-01-10, approved 2027-02-20; 郑预备: no ledger
    record) with a finalised 支部党员大会 that voted on 2027-01-25 and a 民主评议 grade, both stored as an
    older version stored them: every member 正式党员, 吴预备 graded 合格. On the sheet 吴预备 and four of
    the eight who had a vote were present."""
    from datetime import datetime

    from branchdesk.db.models import Meeting, MeetingAttendance, MeetingKindLink, MeetingReviewResult
    from tests.meetings.test_meetings_votes import _awaiting_approval

    branch = _awaiting_approval(db)
    present = {"王书记", "李组织", "张宣传", "赵一", "吴预备"}
    with db.session() as session:
        meeting = Meeting(branch_id=branch.id, meeting_date=date(2027, 1, 25), topic="支部党员大会", has_vote=True,
                          content="讨论并表决", finalised_at=datetime(2027, 1, 26, 9, 0))
        session.add(meeting)
        session.flush()
        session.add_all([MeetingKindLink(meeting_id=meeting.id, kind=K.CONGRESS.value),
                         MeetingKindLink(meeting_id=meeting.id, kind=K.REVIEW.value)])
        for position, (name, member_id) in enumerate(branch.members.items()):
            session.add(MeetingAttendance(meeting_id=meeting.id, member_id=member_id, name=name, category="正式党员",
                                          status="出席" if name in present else "缺席",
                                          reason="" if name in present else "外出", position=position))
            session.add(MeetingReviewResult(meeting_id=meeting.id, member_id=member_id, name=name, category="正式党员",
                                            grade="合格"))
        session.flush()
        return branch, meeting.id


def test_a_sheet_saved_before_reads_each_members_category_of_the_day(db) -> None:  # type: ignore[no-untyped-def]
    """The category on a sign-in row or beside a 民主评议 grade is never typed: it is the member's on the
    sitting's day, from the roster and the 发展党员 ledger (domain.md §8: the roster feeds attendance).
    A sheet saved before the approval counted (T9-13) is read with the day's category: 吴预备 is a
    预备党员 on 2027-01-25, with no vote (VOTE-WHO) and no grade (MTG-YEARLY-REVIEW)."""
    from branchdesk.services.meetings.records import get_meeting
    from branchdesk.services.meetings.store import _held
    from branchdesk.services.meetings.votes import load_vote_checks

    branch, meeting_id = _sheet_saved_before(db)
    record = get_meeting(db, meeting_id)
    shown = {a.name: a.category for a in record.attendees}
    assert shown["吴预备"] == "预备党员" and shown["郑预备"] == shown["王书记"] == "正式党员"
    assert {r.name: r.category for r in record.review_results}["吴预备"] == "预备党员"
    with db.session() as session:
        voting, reviews = load_vote_checks(session, [branch.id], 2027)
        held, _drafts = _held(session, [branch.id], 2027)
    [sitting] = [m for m in voting[branch.id] if m.id == meeting_id]
    assert sitting.sheet_voters == (8, 4)  # 8 正式党员 expected (郑预备 among them), 4 of them present
    [review] = [s for s in reviews[branch.id] if s.id == meeting_id]
    assert {name: category for _mid, name, _grade, category in review.results}["吴预备"] == "预备党员"
    [quorum] = [m.quorum_ok for m in held[branch.id] if m.id == meeting_id]
    assert quorum is False  # 4 of 8 is not more than half


def test_a_guest_and_a_row_without_a_member_keep_what_was_stored(db) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.db.models import MeetingAttendance
    from branchdesk.services.meetings.records import get_meeting

    _branch, meeting_id = _sheet_saved_before(db)
    with db.session() as session:
        session.add(MeetingAttendance(meeting_id=meeting_id, member_id=None, name="校长", category="",
                                      status="列席", reason="", position=99))
    assert {a.name: a.category for a in get_meeting(db, meeting_id).attendees}["校长"] == ""
