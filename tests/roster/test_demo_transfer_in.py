"""The demo's 组织关系转入 tells one story (NOTE11 "Smaller"): the 党费 demo used to record it for a teacher
drawn at random — 邓琰, 高二's 书记, on every sheet of the year before — so she vanished from the 2025 roster
and 高二's 2025 谈心谈话 coverage read low (应覆盖 24 without its 书记). The 转入 is now a new member, on the
roster, her branch's sign-in sheets and the 党费 ledger from her day only."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from branchdesk.db.models import Meeting, MeetingAttendance, Member, MemberMove
from branchdesk.domain.vocabulary import MoveKind
from branchdesk.services.annual_report.records import gather_report
from branchdesk.services.roster.demo import TRANSFER_BRANCH, TRANSFER_NAME, transfer_day
from tests.conftest import DEMO_TODAY


def test_the_transfer_in_is_a_new_member_on_the_sheets_from_her_day(demo_db) -> None:  # type: ignore[no-untyped-def]
    arrival = transfer_day(DEMO_TODAY)
    assert arrival == date(2026, 4, 20)
    with demo_db.session() as session:
        moves = session.execute(select(Member.name, MemberMove.move_date).join(Member, Member.id == MemberMove.member_id)
                                .where(MemberMove.kind == MoveKind.TRANSFER_IN.value)).all()
        assert [tuple(m) for m in moves] == [(TRANSFER_NAME, arrival)]  # one 转入, and not 邓琰
        sheet_days = sorted(session.scalars(
            select(Meeting.meeting_date).join(MeetingAttendance, MeetingAttendance.meeting_id == Meeting.id)
            .join(Member, Member.id == MeetingAttendance.member_id).where(Member.name == TRANSFER_NAME)))
    assert sheet_days and sheet_days[0] >= arrival  # on sheets after her day, never before


def test_the_year_before_has_its_secretary_and_the_year_has_the_new_member(demo_db) -> None:  # type: ignore[no-untyped-def]
    before = gather_report(demo_db, 2025, branch=TRANSFER_BRANCH, generated_on=DEMO_TODAY)
    names = [r.name for r in before.basic.roster]
    assert "邓琰" in names and TRANSFER_NAME not in names and before.basic.total == 19
    (review,) = before.meetings.life_review
    assert review.talks_required == 43  # with its 书记, as before the 转入 was drawn from the roster
    year = gather_report(demo_db, 2026, branch=TRANSFER_BRANCH, generated_on=DEMO_TODAY)
    assert {"邓琰", TRANSFER_NAME} <= {r.name for r in year.basic.roster}
