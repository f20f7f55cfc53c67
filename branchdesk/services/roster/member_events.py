"""Correcting a dated member event saved by mistake: a 支部调整 with the wrong date or to the wrong
branch, a 组织关系转入 or 离开本单位 that should not be there or was mistyped, a 党纪处分 entered
twice — or completed later: the day a 留党察看 ends is usually known only when it ends, so the
record is corrected in place rather than entered again.

Deleting is a soft delete (`deleted_at`), so the change history records it like every deletion and
`branchdesk verify` keeps its hash chain. A 支部调整 also changed the member's current branch, so
only the member's LATEST move can be deleted: undoing it puts the member back where the move found
them. Deleting an earlier one would leave the next move starting from a branch the member was never
in; the user undoes the later moves first (the refusal says so). A move's date is corrected in place
under the same rules a new move meets (membership.check_move_date), between its neighbours.

The recycle bin would otherwise "restore" such a row behind these rules' back: `restore_refusal`
tells it which rows must be entered again in their form instead."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from branchdesk.db.engine import Database
from branchdesk.db.models import Member, MemberDiscipline, MemberMove, MemberNotExpected, Organisation
from branchdesk.domain.vocabulary import DisciplineKind, MemberStatus, MoveKind
from branchdesk.services.errors import NotFound, RuleViolation
from branchdesk.services.roster.membership import (
    DisciplineRecord,
    away_since,
    check_came_back,
    check_discipline,
    check_event_date,
    check_move_date,
    check_transfer_origin,
    live_branch_moves,
    returns_unfollowed,
)
from branchdesk.services.roster.not_expected import restore_refusal as not_expected_refusal
from branchdesk.services.shared_reads import groups_left

# the kinds of move the 组织关系转入 / 离开本单位 form may delete or correct; 转出 and 恢复在册 change the
# member's status and are undone with 恢复在册 / 标记离开, not here
UNIT_KINDS = frozenset({MoveKind.TRANSFER_IN.value, MoveKind.LEFT_UNIT.value, MoveKind.RETURNED_UNIT.value})
# what the 转入 / 离开本单位 form (and `member list`) shows of a member's moves to and from the school
UNIT_LISTED = UNIT_KINDS | {MoveKind.TRANSFER_OUT.value, MoveKind.RETURNED.value}
DATE_WORDS = {MoveKind.TRANSFER_IN.value: "转入日期", MoveKind.LEFT_UNIT.value: "离开日期",
              MoveKind.RETURNED_UNIT.value: "回来日期"}


def _live_member(session: Session, member_id: int) -> Member:
    member = session.get(Member, member_id)
    if member is None or member.deleted_at is not None:
        raise NotFound("党员不存在")
    return member


def _branch_move(session: Session, move_id: int) -> tuple[MemberMove, Member, list[MemberMove]]:
    move = session.get(MemberMove, move_id)
    if move is None or move.deleted_at is not None or move.kind != MoveKind.BRANCH_CHANGE.value:
        raise NotFound("这条支部调整记录不存在或已删除")
    member = _live_member(session, move.member_id)
    return move, member, live_branch_moves(session, member.id)


def _group_before(session: Session, move: MemberMove) -> int | None:
    """The 党小组 the member was in when the move was saved (shared_reads.groups_left, read from the
    change history). It counts only if it still exists: a group since deleted is not returned to."""
    group_id = groups_left(session, [(move.id, move.member_id, move.from_branch_id)]).get(move.id)
    group = session.get(Organisation, group_id) if group_id is not None else None
    return group.id if group is not None and group.deleted_at is None else None


def delete_branch_move(db: Database, move_id: int) -> str:
    """Undo the member's latest 支部调整: the move goes to the recycle bin and the member returns to the
    branch it was made from (and the 党小组 they were in there, when known). Returns the branch's name.
    Refused for an earlier move, and when the branch left no longer takes members."""
    with db.session() as session:
        move, member, moves = _branch_move(session, move_id)
        if moves[-1].id != move.id:
            raise RuleViolation(f"只能撤销最近一次支部调整：请先撤销 {moves[-1].move_date:%Y-%m-%d} 的调整")
        source = session.get(Organisation, move.from_branch_id) if move.from_branch_id is not None else None
        if source is None or source.deleted_at is not None:
            raise RuleViolation("这次调整前所在的党支部已不存在，无法回到原支部；请另行登记支部调整")
        if source.dissolved_on is not None:
            raise RuleViolation(f"原支部“{source.name}”已于 {source.dissolved_on:%Y-%m-%d} 撤销，不能回到原支部；"
                                "请另行登记支部调整")
        if member.branch_id != move.to_branch_id:
            raise RuleViolation(f"“{member.name}”现在不在这次调整调入的党支部，不能撤销")
        member.group_id = _group_before(session, move)
        member.branch_id = source.id
        move.deleted_at = datetime.now()
        return source.name


def correct_branch_move(db: Database, move_id: int, on: date, reason: str) -> None:
    """Correct a 支部调整's date and reason (the branches stay: a move to the wrong branch is deleted and
    entered again). The date meets the rules of a new move and stays between the member's previous
    and next moves, so the roster on every day still follows one chain of moves."""
    with db.session() as session:
        move, member, moves = _branch_move(session, move_id)
        target = session.get(Organisation, move.to_branch_id) if move.to_branch_id is not None else None
        if target is None:
            raise NotFound("这次调整调入的党支部不存在")
        at = next(i for i, m in enumerate(moves) if m.id == move.id)
        after = moves[at - 1].move_date if at > 0 else None
        before = moves[at + 1].move_date if at + 1 < len(moves) else None
        check_move_date(member, target, on, after, before, new=False)
        move.move_date = on
        move.reason = reason.strip()


def _unit_move(session: Session, move_id: int, action: str) -> MemberMove:
    move = session.get(MemberMove, move_id)
    if move is None or move.deleted_at is not None:
        raise NotFound("这条记录不存在或已删除")
    if move.kind not in UNIT_KINDS:
        raise RuleViolation(f"“{move.kind}”记录不能在这里{action}：转出请用“恢复在册”，恢复在册请用“标记离开”")
    return move


def delete_unit_move(db: Database, move_id: int) -> None:
    """Delete a 组织关系转入 or 离开本单位 record. Each was only a dated row beside the member (neither
    changed the member's status or branch), so removing the row undoes it whole: the dues start and
    the 离开本单位 reminder read live rows only."""
    with db.session() as session:
        move = _unit_move(session, move_id, "删除")
        member = _live_member(session, move.member_id)
        move.deleted_at = datetime.now()
        if move.kind == MoveKind.LEFT_UNIT.value and (backs := returns_unfollowed(session, member.id)):
            raise RuleViolation(f"{member.name} {backs[0]:%Y-%m-%d} 回到本单位，是从这次离开回来的："
                                "请先删除那条“回到本单位”记录，再删除这次离开本单位")


def correct_unit_move(db: Database, move_id: int, on: date, counterpart: str, reason: str) -> None:
    """Correct a 组织关系转入 or 离开本单位 in place: its date, the other side and the reason, under
    the rules of a new record (the 转入 date decides the first month of 党费 owed here; a 转入 names
    where it came from). A member who has since been transferred out may still have the record
    corrected — it is their history — but not to a day after they left."""
    with db.session() as session:
        move = _unit_move(session, move_id, "修改")
        if move.kind == MoveKind.TRANSFER_IN.value:
            check_transfer_origin(counterpart)
        member = _live_member(session, move.member_id)
        check_event_date(member, on, DATE_WORDS[move.kind])
        if move.kind == MoveKind.RETURNED_UNIT.value:
            check_came_back(session, member, on, except_id=move.id)
        move.move_date, move.counterpart, move.reason = on, counterpart.strip(), reason.strip()
        if move.kind == MoveKind.LEFT_UNIT.value and (backs := returns_unfollowed(session, member.id)):
            raise RuleViolation(f"{member.name} {backs[0]:%Y-%m-%d} 回到本单位，离开日期应早于回来日期"
                                "（离开日期确实更晚的，请先修改或删除那条“回到本单位”记录）")


def _discipline(session: Session, record_id: int) -> MemberDiscipline:
    row = session.get(MemberDiscipline, record_id)
    if row is None or row.deleted_at is not None:
        raise NotFound("这条党纪处分记录不存在或已删除")
    return row


def correct_discipline(db: Database, record_id: int, kind: DisciplineKind, decided_on: date,
                       ends_on: date | None, reason: str) -> DisciplineRecord:
    """Correct a 党纪处分 in place — most often to add the day a 留党察看 ended (the member's rights
    restored), known only a year or two after the decision. The same rules as a new record."""
    kind = DisciplineKind(kind)
    with db.session() as session:
        row = _discipline(session, record_id)
        member = _live_member(session, row.member_id)
        check_discipline(member, kind, decided_on, ends_on)
        row.kind, row.decided_on, row.ends_on, row.reason = kind.value, decided_on, ends_on, reason.strip()
        return DisciplineRecord(row.id, row.member_id, row.kind, row.decided_on, row.ends_on, row.reason)


def delete_discipline(db: Database, record_id: int) -> None:
    """Delete a 党纪处分 entered by mistake; the 入党介绍人 check reads live records only."""
    with db.session() as session:
        row = _discipline(session, record_id)
        _live_member(session, row.member_id)
        row.deleted_at = datetime.now()


@dataclass(frozen=True)
class UnitMoveRecord:
    """One 转入 / 转出 / 离开本单位 / 恢复在册 row as the transfer form lists it."""

    id: int
    kind: str
    on: date
    counterpart: str
    reason: str

    @property
    def deletable(self) -> bool:
        return self.kind in UNIT_KINDS


def list_unit_moves(db: Database, member_id: int, kinds: frozenset[str]) -> list[UnitMoveRecord]:
    """The member's live moves of the given kinds, oldest first."""
    with db.session() as session:
        return [UnitMoveRecord(m.id, m.kind, m.move_date, m.counterpart, m.reason)
                for m in session.scalars(select(MemberMove).where(
                    MemberMove.member_id == member_id, MemberMove.kind.in_(kinds), MemberMove.deleted_at.is_(None))
                    .order_by(MemberMove.move_date, MemberMove.id))]


def restore_refusal(session: Session, table: str, obj: Any) -> str | None:
    """Why the recycle bin must not restore this row, or None. A deleted 支部调整 put the member back in
    the branch left: bringing the row back alone would make the roster's branch and the moves
    disagree, so it is entered again in the 支部调整 form, which checks the dates. A 离开本单位 is
    restored only for a member still on the roster (the rule mark_left_unit keeps). A 不计入应到会
    record is not restored over days a record entered since covers (services/roster/not_expected)."""
    if table == "member_not_expected" and isinstance(obj, MemberNotExpected):
        return not_expected_refusal(session, obj)
    if table != "member_moves" or not isinstance(obj, MemberMove):
        return None
    if obj.kind == MoveKind.BRANCH_CHANGE.value:
        return "支部调整不能从回收站恢复：请在党员的“支部调整”窗口重新登记（会检查日期和所在支部）"
    if obj.kind == MoveKind.LEFT_UNIT.value:
        member = session.get(Member, obj.member_id)
        if member is None or member.status != MemberStatus.ACTIVE.value:
            return "这名党员已不在册，离开本单位记录不能恢复"
    if obj.kind == MoveKind.RETURNED_UNIT.value:  # it follows a leave he had not come back from (check_came_back)
        left = away_since(session, obj.member_id, obj.move_date, obj.id)
        if left is None or left >= obj.move_date:
            return (f"{obj.move_date:%Y-%m-%d} 之前没有未回来的“离开本单位”记录，回到本单位记录不能恢复："
                    "请先恢复（或登记）那次离开本单位")
    return None
