"""第19步 编入党支部和党小组 (细则 第二十八条; ORG-GROUPS): the step's form names the 党小组 the new 预备党员
is put in — one of the branch's 党小组 on the step's day, required when the branch has any (with several,
the 上级党委's approval note asks for the choice: roster_sync.py) — and the roster keeps her in it from
that day (a person not yet on the roster — no 上级党委审批 recorded — is placed once she is): a member in no 党小组 until then is not on the group's earlier sign-in sheets, and one moved
from another group keeps that group's days before (a dated 党小组调整, as the roster's own form records
one: services/roster/records.apply_input; domain/roster/membership.group_on)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from branchdesk.db.engine import Database
from branchdesk.db.models import DevRecord, Member, MemberMove, Organisation
from branchdesk.domain.roster.membership import branch_on, branch_periods, group_on
from branchdesk.domain.validation import FieldError
from branchdesk.domain.vocabulary import MoveKind, OrgKind
from branchdesk.services.errors import NotFound, ValidationFailed
from branchdesk.services.shared_reads import load_branch_moves

STEP = 19
GROUP = "党小组"  # the form's field the problems are shown beside
REASON = "编入党支部和党小组"  # the 党小组调整 the step makes says so (and is found by it when corrected)


@dataclass(frozen=True)
class GroupChoice:
    """The 党小组 the step's form offers — her branch's on the step's day — and the one she was in that day
    (None: none). `moved_since`: the day of the roster's first dated 支部调整 / 党小组调整 of hers after the
    step's day (not the step's own): her group that day is then the roster's to tell, not chosen here."""

    groups: list[tuple[int, str]]
    current: int | None
    on_roster: bool = True  # not yet (before the 上级党委审批): the group is chosen once she is
    moved_since: date | None = None


def _branch_of(session: Session, record: DevRecord, member: Member | None, day: date | None) -> int:
    """The person's branch on `day` (by the roster's dated 支部调整; today's when None)."""
    if member is None:
        return record.branch_id
    if day is None:
        return member.branch_id
    then = branch_on(branch_periods(member.branch_id, load_branch_moves(session).get(member.id, ())), day)
    return then if then is not None else member.branch_id


def _later_moves(session: Session, member: Member, day: date) -> tuple[MemberMove | None, list[MemberMove]]:
    """The step's own earlier 党小组调整 (None: none) and her other dated moves, oldest first."""
    placed = _step_move(session, member.id)
    return placed, [m for m in _dated_moves(session, member.id) if placed is None or m.id != placed.id]


def _groups_on(session: Session, branch_id: int, day: date | None) -> list[tuple[int, str]]:
    """The branch's 党小组 that existed on `day` (today's when None): set up by then, not yet dissolved."""
    groups = []
    for org in session.scalars(select(Organisation).where(
            Organisation.parent_id == branch_id, Organisation.kind == OrgKind.GROUP.value,
            Organisation.deleted_at.is_(None)).order_by(Organisation.sort_order, Organisation.id)):
        on = day or date.today()
        if (org.founded_on is not None and org.founded_on > on) or (org.dissolved_on is not None and org.dissolved_on <= on):
            continue
        groups.append((org.id, org.name))
    return groups


def group_choice(db: Database, case_id: int, day: date | None) -> GroupChoice:
    """What the 第19步 form lists for a step dated `day`."""
    with db.reading(), db.session() as session:
        record = session.get(DevRecord, case_id)
        if record is None or record.deleted_at is not None:
            raise NotFound("发展党员记录不存在或已删除")
        member = session.get(Member, record.member_id) if record.member_id else None
        current = member.group_id if member is not None else None
        moved_since = None
        if member is not None and day is not None:  # the group she was in that day (moved since: not now's)
            current = group_on(current, load_branch_moves(session).get(member.id, ()), day)
            moved_since = next((m.move_date for m in _later_moves(session, member, day)[1] if m.move_date > day), None)
        return GroupChoice(_groups_on(session, _branch_of(session, record, member, day), day), current,
                           member is not None, moved_since)


def place_in_group(session: Session, record: DevRecord, day: date | None, group_id: int | None) -> str:
    """Put the person of `record` in `group_id` from `day` (inside save_step's transaction, after the
    roster hand-over). Refuses, beside the field, a missing choice where the branch has 党小组, a group
    not the branch's on that day, and a choice for a person not yet on the roster. Returns what to tell
    the user ("" when nothing changed)."""
    if day is None:
        return ""
    member = session.get(Member, record.member_id) if record.member_id else None
    branch_id = _branch_of(session, record, member, day)
    groups = dict(_groups_on(session, branch_id, day))
    if member is None and group_id is None:
        return ""  # not on the roster yet (awaiting the 上级党委审批): the group is chosen once she is
    placed, others = _later_moves(session, member, day) if member is not None else (None, [])
    if group_id is None:
        if groups and not any(m.move_date > day for m in others):  # (moved since: the roster's to tell)
            raise ValidationFailed([FieldError(GROUP, f"本支部 {day:%Y-%m-%d} 有 {len(groups)} 个党小组，"
                                                      "请选择编入的党小组")])
        return ""
    if group_id not in groups:
        raise ValidationFailed([FieldError(GROUP, f"所选党小组 {day:%Y-%m-%d} 不是本支部的党小组，请重新选择")])
    if member is None:
        raise ValidationFailed([FieldError(GROUP, f"{record.name}还没有编入党员名册（上级党委审批后编入），"
                                                  "请先登记“上级党委审批”，再编入党小组")])
    if placed is not None:  # the step saved before: its 党小组调整 is corrected with it, not made twice
        return _correct(session, record, member, placed, others, day, group_id, groups)
    later = [m for m in others if m.move_date > day]
    if later:  # the roster has moved her since: a placement dated before it must not undo that move
        if group_on(member.group_id, load_branch_moves(session).get(member.id, ()), day) == group_id:
            return ""  # she was in that group on the step's day, as the roster tells
        raise ValidationFailed([FieldError(GROUP, _after_text(record, later[0], day))])
    if member.group_id == group_id:
        return ""
    _check_joined(member, day)
    # dated like a 党小组调整 of the roster's form: the group left (or none) is read from this same
    # save's change history (services/shared_reads.groups_left), so earlier days keep it
    session.add(MemberMove(member_id=member.id, kind=MoveKind.GROUP_CHANGE.value, move_date=day,
                           counterpart=groups[group_id], reason=REASON,
                           from_branch_id=branch_id, to_branch_id=branch_id))
    member.group_id = group_id
    session.flush()
    return f"{record.name}：自 {day:%Y-%m-%d} 编入{groups[group_id]}"


def _step_move(session: Session, member_id: int) -> MemberMove | None:
    """The live 党小组调整 an earlier save of 第19步 made (REASON marks it; review rev4 of forms3)."""
    return session.scalars(select(MemberMove).where(
        MemberMove.member_id == member_id, MemberMove.kind == MoveKind.GROUP_CHANGE.value,
        MemberMove.reason == REASON, MemberMove.deleted_at.is_(None))
        .order_by(MemberMove.move_date.desc(), MemberMove.id.desc())).first()


def _dated_moves(session: Session, member_id: int) -> list[MemberMove]:
    """The member's live dated 支部调整 and 党小组调整, oldest first (the moves group_on reads)."""
    return list(session.scalars(select(MemberMove).where(
        MemberMove.member_id == member_id, MemberMove.deleted_at.is_(None),
        MemberMove.kind.in_((MoveKind.BRANCH_CHANGE.value, MoveKind.GROUP_CHANGE.value)))
        .order_by(MemberMove.move_date, MemberMove.id)))


def _after_text(record: DevRecord, move: MemberMove, day: date) -> str:
    return (f"{record.name}已于 {move.move_date:%Y-%m-%d} {move.kind}（党员名册中记录的），编入日期 {day:%Y-%m-%d} 在此之前："
            "所选党小组与她当时所在的不同，保存会改变此后的党小组。请核对所选党小组，或在党员名册中修改")


def _check_joined(member: Member, day: date) -> None:
    if member.join_date is not None and day < member.join_date:
        raise ValidationFailed([FieldError(GROUP, f"编入日期 {day:%Y-%m-%d} 早于入党日期 {member.join_date:%Y-%m-%d}")])


def _correct(session: Session, record: DevRecord, member: Member, placed: MemberMove, others: list[MemberMove],
             day: date, group_id: int, groups: dict[int, str]) -> str:
    """第19步 saved again (its date or 党小组 corrected): the 党小组调整 it made moves to the new day and group.
    Its group before (read from the change history of its first save) stays; a correction across another
    dated move of hers, or of the group once the roster has moved her since, is refused — it would
    rewrite that move's days."""
    same_group = placed.counterpart == groups[group_id]
    if placed.move_date == day and same_group:
        return ""
    low, high = min(placed.move_date, day), max(placed.move_date, day)
    across = [m for m in others if low <= m.move_date <= high]
    since = [m for m in others if m.move_date > placed.move_date]
    if across or (since and not same_group):
        raise ValidationFailed([FieldError(GROUP, _after_text(record, (across or since)[0], day))])
    _check_joined(member, day)
    placed.move_date, placed.counterpart = day, groups[group_id]
    if not same_group:
        member.group_id = group_id
    session.flush()
    return f"{record.name}：自 {day:%Y-%m-%d} 编入{groups[group_id]}（已更正）"
