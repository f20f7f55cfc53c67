"""支部委员会 posts: appointing, 卸任 (ending a term on a date), correcting, deleting and 换届 (TY-2).

An appointment to a post one person holds (书记, 组织委员 …) ends the predecessor's term the day before
the new one starts; a 换届 ends every post in office (domain/roster/succession.py, ORG-COMMITTEE,
ORG-TERM). Every change is a change of the post's row, so 修改记录 holds it (db/history.py) and every
reader that counts posts on a day — the volume's 支部委员会, the 支委会 quorum (VOTE-COMMITTEE), the
attendance sheet's 应到 — sees the committee as it stood on that day."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from branchdesk.db.engine import Database
from branchdesk.domain.roster.succession import HeldPost, Succession, appointment, new_term, seats_problem
from branchdesk.domain.vocabulary import COMMITTEE_POSTS
from branchdesk.services.errors import NotFound, RuleViolation

if TYPE_CHECKING:
    from branchdesk.db.models import CommitteePost


@dataclass(frozen=True)
class PostRecord:
    """A committee post held by a member, with its term."""

    id: int
    org_id: int
    member_id: int
    member_name: str
    post: str
    term_start: date | None  # None: in office since before records start (a roster's 党内职务)
    term_end: date | None


def _held(session: Session, org_id: int) -> list[HeldPost]:
    from branchdesk.db.models import CommitteePost, Member
    rows = session.execute(
        select(CommitteePost.id, CommitteePost.member_id, Member.name, CommitteePost.post, CommitteePost.term_start,
               CommitteePost.term_end)
        .join(Member, Member.id == CommitteePost.member_id)
        .where(CommitteePost.org_id == org_id, CommitteePost.deleted_at.is_(None))).all()
    return [HeldPost(*row) for row in rows]


def _check_term(post: str, term_start: date | None, term_end: date | None) -> None:
    if post not in COMMITTEE_POSTS:
        raise RuleViolation(f"职务应为：{'、'.join(COMMITTEE_POSTS)}")
    if term_start is not None and term_end is not None and term_end <= term_start:
        raise RuleViolation("任期结束日期应晚于开始日期")


def _end(session: Session, succession: Succession) -> None:
    """End the posts `succession` names the day before the new term (the change is in 修改记录)."""
    from branchdesk.db.models import CommitteePost
    for held in succession.ended:
        row = session.get(CommitteePost, held.id)
        assert row is not None  # read in the same session
        row.term_end = succession.ends_on


def appointment_effects(db: Database, org_id: int, member_id: int, post: str, term_start: date,
                        term_end: date | None = None, *, editing: int | None = None) -> Succession:
    """What appointing `member_id` to `post` from `term_start` would end (the dialog says it before
    saving), or why it cannot be recorded (`refusal`)."""
    with db.session() as session:
        return appointment(_held(session, org_id), member_id, post, term_start, term_end, editing=editing)


def assign_post(
    db: Database, org_id: int, member_id: int, post: str, term_start: date, term_end: date | None = None
) -> PostRecord:
    """Appoint a member; the predecessor in a post one person holds ends the day before (TY-2)."""
    from branchdesk.db.models import CommitteePost, Member
    _check_term(post, term_start, term_end)
    with db.session() as session:
        member = session.get(Member, member_id)
        if member is None:
            raise NotFound("党员不存在")
        succession = appointment(_held(session, org_id), member_id, post, term_start, term_end)
        if succession.refusal:
            raise RuleViolation(succession.refusal)
        _end(session, succession)
        record = CommitteePost(org_id=org_id, member_id=member_id, post=post, term_start=term_start, term_end=term_end)
        session.add(record)
        session.flush()
        return PostRecord(record.id, org_id, member_id, member.name, post, term_start, term_end)


def _live(session: Session, post_id: int) -> CommitteePost:
    from branchdesk.db.models import CommitteePost
    row = session.get(CommitteePost, post_id)
    if row is None or row.deleted_at is not None:
        raise NotFound("这条任职记录不存在或已删除")
    return row


def end_post(db: Database, post_id: int, on: date) -> None:
    """卸任: the post ends on `on` (its last day in office)."""
    with db.session() as session:
        row = _live(session, post_id)
        if row.term_start is not None and on < row.term_start:
            raise RuleViolation(f"卸任日期不能早于任期开始（{row.term_start:%Y-%m-%d}）")
        row.term_end = on


def update_post(db: Database, post_id: int, member_id: int, post: str, term_start: date | None,
                term_end: date | None) -> Succession | None:
    """Correct a post (holder, post, term); a predecessor in a single post in office on the corrected
    start ends the day before, as at an appointment. Returns what was ended (None: no start given)."""
    from branchdesk.db.models import Member
    _check_term(post, term_start, term_end)
    with db.session() as session:
        row = _live(session, post_id)
        if session.get(Member, member_id) is None:
            raise NotFound("党员不存在")
        succession = None if term_start is None else appointment(
            _held(session, row.org_id), member_id, post, term_start, term_end, editing=post_id)
        if succession is not None:
            if succession.refusal:
                raise RuleViolation(succession.refusal)
            _end(session, succession)
        row.member_id, row.post, row.term_start, row.term_end = member_id, post, term_start, term_end
        return succession


def delete_post(db: Database, post_id: int) -> None:
    """Move a post to the recycle bin (restored from there like any record)."""
    with db.session() as session:
        _live(session, post_id).deleted_at = datetime.now()


def term_effects(db: Database, org_id: int, term_start: date) -> Succession:
    """What a 换届 from `term_start` would end (the dialog says it before saving)."""
    with db.session() as session:
        return new_term(_held(session, org_id), term_start)


def elect_committee(db: Database, org_id: int, term_start: date, term_end: date | None,
                    seats: Sequence[tuple[int, str]]) -> Succession:
    """换届: the new committee (member id, post) from `term_start`; every post in office that day ends
    the day before (ORG-TERM). Returns what was ended."""
    from branchdesk.db.models import CommitteePost, Member
    if problem := seats_problem(seats):
        raise RuleViolation(problem)
    for _member, post in seats:
        _check_term(post, term_start, term_end)
    with db.session() as session:
        for member_id, _post in seats:
            if session.get(Member, member_id) is None:
                raise NotFound("党员不存在")
        succession = new_term(_held(session, org_id), term_start)
        if succession.refusal:
            raise RuleViolation(succession.refusal)
        _end(session, succession)
        for member_id, post in seats:
            session.add(CommitteePost(org_id=org_id, member_id=member_id, post=post, term_start=term_start,
                                      term_end=term_end))
        return succession


def list_posts(db: Database, org_id: int, on: date | None = None) -> list[PostRecord]:
    """Posts of a branch; with `on`, only those whose term covers that day."""
    from branchdesk.db.models import CommitteePost, Member
    with db.session() as session:
        rows = session.execute(
            select(CommitteePost, Member.name)
            .join(Member, Member.id == CommitteePost.member_id)
            .where(CommitteePost.org_id == org_id, CommitteePost.deleted_at.is_(None))
            .order_by(CommitteePost.term_start.nulls_first())
        ).all()
    posts = [
        PostRecord(p.id, p.org_id, p.member_id, name, p.post, p.term_start, p.term_end) for p, name in rows
    ]
    if on is not None:
        posts = [p for p in posts if (p.term_start is None or p.term_start <= on)
                 and (p.term_end is None or on <= p.term_end)]
    order = {name: i for i, name in enumerate(COMMITTEE_POSTS)}
    return sorted(posts, key=lambda p: (order.get(p.post, 99), p.term_start or date.min))
