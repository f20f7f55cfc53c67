"""Dated membership records (issue 16): a move between branches of the school (支部调整) with its date,
a member who left the school while the 组织关系 stays here (离开本单位), and 党纪处分. The roster's
current branch follows the latest 支部调整; every roster "on a day" reads the moves
(domain/roster/membership.py), so a member stays on the old branch's earlier sign-in sheets."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from branchdesk.db.engine import Database
from branchdesk.db.models import Member, MemberDiscipline, MemberMove, Organisation
from branchdesk.domain.dates import add_years
from branchdesk.domain.validation import FieldError
from branchdesk.domain.vocabulary import DisciplineKind, MemberStatus, MoveKind, OrgKind
from branchdesk.services.errors import NotFound, RuleViolation, ValidationFailed


def _member(session: Session, member_id: int) -> Member:
    member = session.get(Member, member_id)
    if member is None or member.deleted_at is not None:
        raise NotFound("党员不存在")
    return member


def check_event_date(member: Member, on: date, what: str) -> None:
    """The dating rule every dated member event shares (支部调整, 转入, 离开本单位, 党纪处分; new or
    corrected): it happened neither after today nor before the member joined the Party, nor — for a
    member no longer on the roster — after the day they left it (转出, 出党 …): what happened later
    belongs to the organisation that has them now. `what` names the date in the refusal."""
    if on > date.today():
        raise RuleViolation(f"{what}不能晚于今天")
    if member.join_date is not None and on < member.join_date:
        raise RuleViolation(f"{what}不能早于入党日期")
    if member.status != MemberStatus.ACTIVE.value and member.left_date is not None and on > member.left_date:
        raise RuleViolation(f"{what}不能晚于{member.name}{member.status}的日期 {member.left_date:%Y-%m-%d}")


def check_transfer_origin(counterpart: str) -> None:
    """A 组织关系转入 names the organisation it came from, as the 介绍信 does (the check asks for it
    otherwise): required when one is entered or corrected, in the window and on the command line."""
    if not counterpart.strip():
        raise ValidationFailed([FieldError("转自", "请写明组织关系从哪个党组织转来（介绍信上的党组织）")])


def check_move_date(member: Member, target: Organisation, on: date, after: date | None,
                    before: date | None = None, *, new: bool = True) -> None:
    """The dating rules of a 支部调整, shared by a new move and a corrected one (member_events.py) so
    that a correction can never make a date a new move would refuse: not in the future, not before
    入党日期, after the member's previous move (and, for a corrected earlier move, before the next
    one), and within the life of the branch joined (issue 16, item 8)."""
    check_event_date(member, on, "调整日期")
    if after is not None and on <= after:
        raise RuleViolation(f"已有 {after:%Y-%m-%d} 的支部调整，{'新的调整' if new else '调整日期'}应晚于它")
    if before is not None and on >= before:
        raise RuleViolation(f"之后还有 {before:%Y-%m-%d} 的支部调整，调整日期应早于它")
    if target.founded_on is not None and on < target.founded_on:
        raise RuleViolation(f"“{target.name}”{target.founded_on:%Y-%m-%d} 成立，调整日期不能早于成立日期")
    if target.dissolved_on is not None and on >= target.dissolved_on:
        raise RuleViolation(f"“{target.name}”已于 {target.dissolved_on:%Y-%m-%d} 撤销，不能调入")


def live_branch_moves(session: Session, member_id: int) -> list[MemberMove]:
    """The member's 支部调整 not deleted, oldest first (same-day order by entry)."""
    return list(session.scalars(select(MemberMove).where(
        MemberMove.member_id == member_id, MemberMove.kind == MoveKind.BRANCH_CHANGE.value,
        MemberMove.deleted_at.is_(None)).order_by(MemberMove.move_date, MemberMove.id)))


def move_branch(db: Database, member_id: int, to_branch_id: int, on: date, reason: str = "",
                group_id: int | None = None) -> None:
    """支部调整 on a date: from then on the member belongs to `to_branch_id` (and its 党小组 `group_id`,
    when given); before it, to the branch they were in. The roster's branch is the latest move's (a
    move dated in the future is refused)."""
    if on > date.today():
        raise RuleViolation("调整日期不能晚于今天")
    with db.session() as session:
        member = _member(session, member_id)
        target = session.get(Organisation, to_branch_id)
        if target is None or target.deleted_at is not None or target.kind != OrgKind.BRANCH.value:
            raise NotFound("党支部不存在")
        if member.status != MemberStatus.ACTIVE.value:
            raise RuleViolation(f"“{member.name}”已是“{member.status}”状态，不能调整支部")
        moves = live_branch_moves(session, member_id)
        check_move_date(member, target, on, moves[-1].move_date if moves else None)
        if member.branch_id == to_branch_id:
            raise RuleViolation(f"“{member.name}”已在“{target.name}”")
        if group_id is not None:
            group = session.get(Organisation, group_id)
            if (group is None or group.deleted_at is not None or group.kind != OrgKind.GROUP.value
                    or group.parent_id != to_branch_id):
                raise RuleViolation(f"“{target.name}”下没有这个党小组")
        session.add(MemberMove(member_id=member_id, kind=MoveKind.BRANCH_CHANGE.value, move_date=on,
                               counterpart=target.name, reason=reason.strip(), from_branch_id=member.branch_id,
                               to_branch_id=to_branch_id))
        member.branch_id = to_branch_id
        member.group_id = group_id


def mark_left_unit(db: Database, member_id: int, on: date, where: str = "", reason: str = "") -> None:
    """The member left the school (调离、毕业、退休异地) while the 组织关系 is still here: the check
    reminds until a 转出 is recorded (教育条例 第二十五条). Refused for a member no longer on the roster,
    and dated neither in the future nor before the member joined."""
    with db.session() as session:
        member = _member(session, member_id)
        if member.status != MemberStatus.ACTIVE.value:
            raise RuleViolation(f"“{member.name}”已是“{member.status}”状态，不必再登记离开本单位")
        check_event_date(member, on, "离开日期")
        session.add(MemberMove(member_id=member.id, kind=MoveKind.LEFT_UNIT.value, move_date=on,
                               counterpart=where.strip(), reason=reason.strip()))


def away_since(session: Session, member_id: int, on: date, except_id: int | None = None) -> date | None:
    """The day of the member's 离开本单位 he was still away from on `on` (the latest on or before it with
    no 回到本单位 between), None when he was at the school that day. `except_id`: a 回到本单位 being
    corrected, not read."""
    moves = session.execute(select(MemberMove.kind, MemberMove.move_date).where(
        MemberMove.member_id == member_id, MemberMove.deleted_at.is_(None), MemberMove.move_date <= on,
        MemberMove.kind.in_((MoveKind.LEFT_UNIT.value, MoveKind.RETURNED_UNIT.value)),
        MemberMove.id != (except_id or 0))
        .order_by(MemberMove.move_date, MemberMove.id)).all()
    away: date | None = None
    for kind, day in moves:
        if kind == MoveKind.LEFT_UNIT.value:
            away = away or day
        elif day > (away or day):  # back on a later day
            away = None
    return away


def away_on(session: Session, member_id: int, day: date) -> date | None:
    """The 离开本单位 the member was away from on `day` as far as the records tell (domain.md §7; review
    13-5, R5-3): away_since, unless his next record after `day` is another 离开本单位 — he left again, so he
    had come back at a day not recorded, and `day` is not held against him."""
    away = away_since(session, member_id, day)
    if away is None:
        return None
    following = session.scalars(select(MemberMove.kind).where(
        MemberMove.member_id == member_id, MemberMove.deleted_at.is_(None), MemberMove.move_date > day,
        MemberMove.kind.in_((MoveKind.LEFT_UNIT.value, MoveKind.RETURNED_UNIT.value)))
        .order_by(MemberMove.move_date, MemberMove.id)).first()
    return None if following == MoveKind.LEFT_UNIT.value else away


def check_came_back(session: Session, member: Member, on: date, except_id: int | None = None) -> None:
    """A 回到本单位 (new, or `except_id` corrected) follows a 离开本单位 he had not come back from."""
    left = away_since(session, member.id, on, except_id)
    if left is None or left >= on:
        raise RuleViolation(f"{member.name}在 {on:%Y-%m-%d} 之前没有未回来的“离开本单位”记录，"
                            "回来日期应晚于离开日期")


def returns_unfollowed(session: Session, member_id: int) -> list[date]:
    """The days of the member's live 回到本单位 that no longer follow a 离开本单位 he had not come back
    from (check_came_back's rule, read again after a leave is corrected or deleted, or a return restored
    from the recycle bin); [] when each still does."""
    session.flush()
    backs = session.execute(select(MemberMove.id, MemberMove.move_date).where(
        MemberMove.member_id == member_id, MemberMove.deleted_at.is_(None),
        MemberMove.kind == MoveKind.RETURNED_UNIT.value).order_by(MemberMove.move_date, MemberMove.id)).all()
    wrong = []
    for move_id, on in backs:
        left = away_since(session, member_id, on, move_id)
        if left is None or left >= on:
            wrong.append(on)
    return wrong


def mark_returned_unit(db: Database, member_id: int, on: date, where: str = "", reason: str = "") -> None:
    """The member came back to the school (借调、支教期满) after a 离开本单位, recorded as that was (the
    same form, `member returned-unit`): from `on` he is at the school again — he may be a 导师 of a pair
    begun since (domain.md §7), and the reminder to transfer his 组织关系 stops. The pairs his leave ended
    stay ended (a pair is re-made, never revived). Refused when he was not away that day."""
    with db.session() as session:
        member = _member(session, member_id)
        if member.status != MemberStatus.ACTIVE.value:
            raise RuleViolation(f"“{member.name}”已是“{member.status}”状态，不能登记回到本单位")
        check_event_date(member, on, "回来日期")
        check_came_back(session, member, on)
        session.add(MemberMove(member_id=member.id, kind=MoveKind.RETURNED_UNIT.value, move_date=on,
                               counterpart=where.strip(), reason=reason.strip()))


@dataclass(frozen=True)
class DisciplineRecord:
    """A disciplinary decision on a member, with its dates and reason."""

    id: int
    member_id: int
    kind: str
    decided_on: date
    ends_on: date | None
    reason: str


def check_discipline(member: Member, kind: DisciplineKind, decided_on: date, ends_on: date | None) -> None:
    """The rules of a 党纪处分's dates, shared by a new record and a corrected one: decided neither in
    the future nor before the member joined; 期满 after the decision; 留党察看 lasts at most two years
    (党章 第四十条), so a restoration later than that is refused; 开除党籍 has no end."""
    check_event_date(member, decided_on, "处分日期")
    if ends_on is not None and ends_on <= decided_on:
        raise RuleViolation("恢复党员权利（期满）日期应晚于处分日期")
    if kind is DisciplineKind.EXPULSION and ends_on is not None:
        raise RuleViolation("开除党籍没有期满日期，请清空期满日期")
    if kind is DisciplineKind.PROBATION and ends_on is not None and ends_on > add_years(decided_on, 2):
        raise RuleViolation("留党察看最长不超过二年（党章第四十条），期满日期应不晚于"
                            f" {add_years(decided_on, 2):%Y-%m-%d}")


def _discipline_record(row: MemberDiscipline) -> DisciplineRecord:
    return DisciplineRecord(row.id, row.member_id, row.kind, row.decided_on, row.ends_on, row.reason)


def record_discipline(db: Database, member_id: int, kind: DisciplineKind, decided_on: date,
                      ends_on: date | None = None, reason: str = "") -> DisciplineRecord:
    """党纪处分 as decided; for 留党察看, `ends_on` is the day the member's rights were restored (empty
    while in effect): such a member cannot be an 入党介绍人 (细则 第十四条)."""
    kind = DisciplineKind(kind)
    with db.session() as session:
        member = _member(session, member_id)
        check_discipline(member, kind, decided_on, ends_on)
        row = MemberDiscipline(member_id=member_id, kind=kind.value, decided_on=decided_on, ends_on=ends_on,
                               reason=reason.strip())
        session.add(row)
        session.flush()
        return _discipline_record(row)


def list_discipline(db: Database, member_id: int) -> list[DisciplineRecord]:
    with db.session() as session:
        return [_discipline_record(r) for r in session.scalars(select(MemberDiscipline).where(
                    MemberDiscipline.member_id == member_id, MemberDiscipline.deleted_at.is_(None))
                    .order_by(MemberDiscipline.decided_on))]


@dataclass(frozen=True)
class BranchMoveRecord:
    """One 支部调整 of a member as the window lists it: the day, the branch left and the branch joined."""

    id: int
    on: date
    from_branch: str
    to_branch: str
    reason: str


def list_branch_moves(db: Database, member_id: int) -> list[BranchMoveRecord]:
    """A member's 支部调整, oldest first, with the branches' names (the move form shows them)."""
    with db.session() as session:
        names = {i: n for i, n in session.execute(select(Organisation.id, Organisation.name))}
        return [BranchMoveRecord(m.id, m.move_date, names.get(m.from_branch_id, "") if m.from_branch_id else "",
                                 names.get(m.to_branch_id, m.counterpart) if m.to_branch_id else m.counterpart,
                                 m.reason)
                for m in session.scalars(select(MemberMove).where(
                    MemberMove.member_id == member_id, MemberMove.kind == MoveKind.BRANCH_CHANGE.value,
                    MemberMove.deleted_at.is_(None)).order_by(MemberMove.move_date, MemberMove.id))]
