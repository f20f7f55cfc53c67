"""Taking the other side's copy of a conflict (采用对方版本, conflicts.resolve_conflict) passes the rules a
merge does: the copy is written as if it had arrived following on from ours. A conflict holds a copy
the merge did not write — both sides changed the record, or the merge held it for a person — and the
copy may be forged (trial R, TR-2: a package signed with a branch's real keys, made as if the branch
had not heard of our copy). So, before it is written:

- the scope check of the merge (scope_check.py), the sender taken to have seen ours (a deletion is
  taken as it is: it writes nothing of theirs): a record this PC
  holds in another branch is not made the sender's (a 党小组 of another branch put under the sender's,
  a member …), nor is one of the sender's moved elsewhere; a member or a meeting stays under a 党支部
  (placement.py); a record put under a member who never was the sender's is refused. (A record put
  under a member who left the sender's branch, held for the 党委 by the merge, is what a person may
  take: it is taken.)
- a record deleted for good here (彻底删除) comes back only as the record of whom it was here;
- a member's branch changes only with a dated 支部调整 to that branch (retrial N-1), and a 支部调整
  is taken only when it leads where the member is (its copy turned round would have the roster read
  the member out of the branch he is in: domain/roster/membership.py).

Refused whole, not the other fields alone: they came with the same copy (forged with it, or written
before a move), and taking part of it would write a copy neither side has. The conflict stays open
for 保留本机版本, or for this choice once the 支部调整 is recorded.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from branchdesk.db.global_ids import GID_COLUMN
from branchdesk.db.models import Member, MemberMove, Organisation
from branchdesk.domain.vocabulary import MoveKind
from branchdesk.services.exchange.envelope import PackageRefused
from branchdesk.services.exchange.labels import record_label
from branchdesk.services.exchange.merge import Merger
from branchdesk.services.exchange.state import ORGS, Unit
from branchdesk.services.exchange.tables import registry

_KEPT = "没有采用对方版本，这条冲突仍然保留，可以选择保留本机版本。"


def refusal(session: Session, merger: Merger, remote: dict[str, Any], state: Unit) -> str:
    """Why the other side's copy (`remote`, as the conflict keeps it) may not be taken ("": it may)."""
    return (_undated_branch_change(session, merger, remote) or _out_of_scope(session, merger, remote, state)
            or _move_elsewhere(session, merger, remote))


def _out_of_scope(session: Session, merger: Merger, remote: dict[str, Any], state: Unit) -> str:
    table = registry().get(str(remote.get("t")))
    if table is None or remote.get("del"):  # (a deletion brings no content: the person sees what goes)
        return ""
    obj = session.scalars(sa.select(table.model).where(getattr(table.model, GID_COLUMN) == remote.get("g"))).first()
    try:
        values = merger.resolver.values(table, remote["row"], remote.get("w") or [], obj, noted=False)
        merger.scope.units = [remote]
        merger.scope.check(table, remote, values, state, obj, heard=True)
        merger.scope.repointed(table, remote, values, obj)  # (held for a person: a person takes it)
    except PackageRefused as refused:
        return str(refused).replace("已拒收，没有写入任何内容。", "").replace("已拒收。", "") + _KEPT
    if obj is None and state.deleted and state.owner is not None:
        owner = merger.owners.owner_of_row(table, values)
        if owner != state.owner:  # deleted for good here: back only as whose it was
            label = record_label(table.name, remote.get("row") or {}, session.connection())
            names = dict(session.execute(sa.select(ORGS.c.gid, ORGS.c.name).where(
                ORGS.c.gid.in_([owner, state.owner]))).all())
            return (f"本机已彻底删除的{label}原属于{names.get(state.owner, '其他党支部')}，采用对方版本会把它作为"
                    f"{names.get(owner, '其他组织')}的记录重新建立。{_KEPT}")
    return ""


def _undated_branch_change(session: Session, merger: Merger, remote: dict[str, Any]) -> str:
    """A member's branch changes only with a dated 支部调整 (domain/roster/membership.py) — here, when
    the member's latest 支部调整 goes to the branch the copy names (a move the committee made and sent
    down with its 支部调整 is taken; a branch's copy naming itself for another branch's member —
    retrial N-1 — is not)."""
    if remote.get("t") != "members" or remote.get("del") or not isinstance(remote.get("row"), dict):
        return ""
    ours = session.scalars(sa.select(Member).where(Member.gid == remote.get("g"))).first()
    if ours is None:
        return ""
    table = registry()["members"]
    values = merger.resolver.values(table, remote["row"], remote.get("w") or [], ours, noted=False)
    branch = values.get("branch_id")
    if branch is None or branch == ours.branch_id:
        return ""
    if _latest_move_to(session, ours.id) == branch:
        return ""
    names = _names(session, ours.branch_id, branch)
    return (f"采用对方版本会把{ours.name}从{names.get(ours.branch_id, '本支部')}改到{names.get(branch, '其他党支部')}，"
            f"但没有登记支部调整。党员调到其他支部须由党委登记支部调整。{_KEPT}")


def _move_elsewhere(session: Session, merger: Merger, remote: dict[str, Any]) -> str:
    """A 支部调整 taken must lead where its member is: with it, the member's latest 支部调整 goes to his
    所在党支部 (the copy of a move turned round, with no change to the member, would have every roster
    read from the moves put him out of the branch he is in). A copy putting the 支部调整 in the 回收站
    (deleted_at) is judged the same way, without it: the moves left must lead where he is."""
    if remote.get("t") != "member_moves" or remote.get("del") or not isinstance(remote.get("row"), dict):
        return ""
    table = registry()["member_moves"]
    ours = session.scalars(sa.select(MemberMove).where(MemberMove.gid == remote.get("g"))).first()
    values = merger.resolver.values(table, remote["row"], remote.get("w") or [], ours, noted=False)
    binned = values.get("deleted_at") is not None
    if values.get("kind") != MoveKind.BRANCH_CHANGE.value or binned and (ours is None or ours.deleted_at is not None):
        return ""
    who = session.get(Member, values.get("member_id"))
    if who is None:
        return ""
    moves: list[tuple[Any, int, Any]] = [(m.move_date, m.id, m.to_branch_id) for m in session.scalars(sa.select(MemberMove).where(
        MemberMove.member_id == who.id, MemberMove.kind == MoveKind.BRANCH_CHANGE.value,
        MemberMove.deleted_at.is_(None))) if ours is None or m.id != ours.id]
    if not binned:
        moves.append((values.get("move_date"), ours.id if ours is not None else 1 << 62, values.get("to_branch_id")))
    latest = max((m for m in moves if m[0] is not None), default=None, key=lambda m: (m[0], m[1]))
    if latest is None or latest[2] == who.branch_id:
        return ""
    names = _names(session, who.branch_id, latest[2])
    return (f"采用对方版本后，{who.name}最近的一次支部调整会调到{names.get(latest[2], '其他党支部')}，"
            f"而他现在在{names.get(who.branch_id, '本支部')}，本机没有相应的调动。支部调整须与党员的所在党支部一致，"
            f"调动党员须由党委登记。{_KEPT}")


def _latest_move_to(session: Session, member_id: int) -> int | None:
    return session.scalars(sa.select(MemberMove.to_branch_id).where(
        MemberMove.member_id == member_id, MemberMove.kind == MoveKind.BRANCH_CHANGE.value,
        MemberMove.deleted_at.is_(None)).order_by(MemberMove.move_date.desc(), MemberMove.id.desc()).limit(1)).first()


def _names(session: Session, *org_ids: int | None) -> dict[int | None, str]:
    return dict(session.execute(sa.select(Organisation.id, Organisation.name).where(
        Organisation.id.in_([i for i in org_ids if i is not None]))).all())
