"""不计入应到会 with approval (domain.md §3 VOTE-WHO, TD-5): a member's standing record — from a day
(to an optional day), the reason, and who approved it on which day — entered once on the member page
instead of marking the member 不计入应到 at every sitting. A new sign-in sheet within that span lists
the member as 不计入应到 with the reason (services/meetings/records.default_attendees); the quorum and
pass checks, the volume and the check read the sheet. Each function is one transaction."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from branchdesk.db.engine import Database
from branchdesk.db.models import Member, MemberMove, MemberNotExpected
from branchdesk.domain.roster.not_expected import (
    NotExpectedReason,
    NotExpectedSpan,
    check_span,
    covering,
    ended_at_move,
    overlap,
)
from branchdesk.domain.vocabulary import MoveKind
from branchdesk.services.errors import NotFound, ValidationFailed


def _span(row: MemberNotExpected) -> NotExpectedSpan:
    return NotExpectedSpan(row.id, row.member_id, row.starts_on, row.ends_on, row.reason, row.detail or "",
                           row.approved_on, row.approved_by)


def _member(session: Session, member_id: int) -> Member:
    member = session.get(Member, member_id)
    if member is None or member.deleted_at is not None:
        raise NotFound("党员不存在")
    return member


def _row(session: Session, record_id: int) -> MemberNotExpected:
    row = session.get(MemberNotExpected, record_id)
    if row is None or row.deleted_at is not None:
        raise NotFound("这条不计入应到会的记录不存在或已删除")
    return row


def _checked(session: Session, member: Member, starts_on: date | None, ends_on: date | None, reason: str,
             approved_on: date | None, approved_by: str, detail: str, record_id: int | None = None) -> None:
    errors = check_span(starts_on, ends_on, str(reason), approved_on, approved_by, detail,
                        joined=member.join_date, today=date.today())
    if not errors:  # one record over a day (review rev3 R3-4)
        errors = overlap(spans_of(session, [member.id]).get(member.id, []), starts_on, ends_on, record_id)
    if errors:
        raise ValidationFailed(errors)


def record_not_expected(db: Database, member_id: int, starts_on: date | None, reason: NotExpectedReason | str,
                        approved_on: date | None, approved_by: str, *, ends_on: date | None = None,
                        detail: str = "") -> NotExpectedSpan:
    """Leave the member out of 应到会 from `starts_on` (to `ends_on`, or until further notice) for
    `reason`, as approved on `approved_on` by `approved_by` (VOTE-WHO: only with approval)."""
    with db.session() as session:
        member = _member(session, member_id)
        _checked(session, member, starts_on, ends_on, str(reason), approved_on, approved_by, detail)
        assert starts_on is not None and approved_on is not None
        row = MemberNotExpected(member_id=member_id, starts_on=starts_on, ends_on=ends_on, reason=str(reason),
                                detail=detail.strip(), approved_on=approved_on, approved_by=approved_by.strip())
        session.add(row)
        session.flush()
        return _span(row)


def correct_not_expected(db: Database, record_id: int, starts_on: date | None, reason: NotExpectedReason | str,
                         approved_on: date | None, approved_by: str, *, ends_on: date | None = None,
                         detail: str = "") -> NotExpectedSpan:
    """Correct a record in place — most often to add the day it ended (the member came back). Sheets
    already saved keep what they say: only new sheets read the span."""
    with db.session() as session:
        row = _row(session, record_id)
        member = _member(session, row.member_id)
        _checked(session, member, starts_on, ends_on, str(reason), approved_on, approved_by, detail, row.id)
        assert starts_on is not None and approved_on is not None
        row.starts_on, row.ends_on, row.reason = starts_on, ends_on, str(reason)
        row.detail, row.approved_on, row.approved_by = detail.strip(), approved_on, approved_by.strip()
        session.flush()
        return _span(row)


def delete_not_expected(db: Database, record_id: int) -> None:
    """Delete a record entered by mistake (to the 回收站)."""
    with db.session() as session:
        _row(session, record_id).deleted_at = datetime.now()


def list_not_expected(db: Database, member_id: int) -> list[NotExpectedSpan]:
    """The member's records, earliest first."""
    with db.session() as session:
        moves = _branch_moves(session, {member_id}).get(member_id, [])
        return [ended_at_move(_span(r), moves) for r in session.scalars(select(MemberNotExpected).where(
            MemberNotExpected.member_id == member_id, MemberNotExpected.deleted_at.is_(None))
            .order_by(MemberNotExpected.starts_on, MemberNotExpected.id))]


def spans_of(session: Session, member_ids: Iterable[int]) -> dict[int, list[NotExpectedSpan]]:
    """Every live record of these members, by member (one query for a whole sheet), each ended at the member's
    first 支部调整 after its approval (the approving branch's; review rev3 R3-10: ended_at_move)."""
    ids = list(member_ids)
    found: dict[int, list[NotExpectedSpan]] = {}
    if not ids:
        return found
    rows = list(session.scalars(select(MemberNotExpected).where(
        MemberNotExpected.member_id.in_(ids), MemberNotExpected.deleted_at.is_(None))))
    moves = _branch_moves(session, {row.member_id for row in rows})
    for row in rows:
        found.setdefault(row.member_id, []).append(ended_at_move(_span(row), moves.get(row.member_id, ())))
    return found


def _branch_moves(session: Session, member_ids: set[int]) -> dict[int, list[date]]:
    """The days each member moved from one 党支部 of the school to another (dated 支部调整)."""
    moves: dict[int, list[date]] = {}
    if not member_ids:
        return moves
    for member_id, day in session.execute(select(MemberMove.member_id, MemberMove.move_date).where(
            MemberMove.member_id.in_(member_ids), MemberMove.kind == MoveKind.BRANCH_CHANGE.value,
            MemberMove.deleted_at.is_(None), MemberMove.from_branch_id.is_not(None),
            MemberMove.to_branch_id.is_not(None), MemberMove.from_branch_id != MemberMove.to_branch_id)):
        moves.setdefault(member_id, []).append(day)
    return moves


def not_expected_on(db: Database, member_ids: Iterable[int], day: date) -> dict[int, NotExpectedSpan]:
    """The members of `member_ids` left out of 应到会 on `day`, with the record that does so."""
    with db.session() as session:
        spans = spans_of(session, member_ids)
    return {mid: span for mid, found in spans.items() if (span := covering(found, day)) is not None}


def restore_refusal(session: Session, row: MemberNotExpected) -> str | None:
    """Why 回收站 must not bring back this deleted record: days a record entered since covers (one
    record over a day; review rev3 R3-4). None: it may come back."""
    errors = overlap(spans_of(session, [row.member_id]).get(row.member_id, []), row.starts_on, row.ends_on, row.id)
    return f"这条不计入应到会记录不能恢复：{errors[0].message}" if errors else None
