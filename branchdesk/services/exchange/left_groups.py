"""A member who left a branch is in none of its 党小组 (ORG-GROUPS, domain.md §1: a 党小组 is its
branch's) — the repair, on a branch's PC, of the rows an older version left there.

Before the merge cleared such a group itself (resolve.Resolver._other_branch_groups), a 下发 that moved a
member to another branch left them in the 党小组 of the branch they left: the package could not name
the new branch's group (this PC keeps none of them), so the old one stayed. Every package this PC
receives now takes such a member out of that group, in the import's transaction:
- the change is made through the ORM, so 修改记录 has its line, naming the package and why;
- it lies in the range of history lines the import wrote, so it is not taken for a change made here
  and never travels (the member is another branch's record now; the committee keeps their new group);
- the import's notes say it in one line.

Why here and not in a migration: a migration writes no 修改记录, runs on every PC (the committee's
too, where a member's group is sent back to the branches, so a repair there would differ from what the
branch PCs hold), and a new revision would make every PC refuse the packages of one not yet upgraded
(both sides must run the same migrations). The check is one read of the members in a group, so it is
simply done at every import; after the first it finds nothing.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from branchdesk.db.history import HISTORY_USER, os_user
from branchdesk.db.models import Member, Organisation
from branchdesk.domain.exchange.vocabulary import SiteRole
from branchdesk.domain.roster.membership import branch_periods
from branchdesk.domain.vocabulary import OrgKind
from branchdesk.services.exchange.state import Site
from branchdesk.services.shared_reads import load_branch_moves

WHY = "移出原支部的党小组"  # what 修改记录 says of the change, after the package's name


def leave_groups_of_branches_left(session: Session, site: Site, provenance: str) -> list[str]:
    """On a branch's PC, take every member whose branch now — the roster's, and that of their last
    支部调整 (membership.branch_periods) — is not their 党小组's branch, a branch they left, out of that
    group. (A move that came while the member's entry, edited here too, is in conflict leaves her
    entry this branch's until a person decides: she stays in her group.) 修改记录 names the package (`provenance`: "下发数据包：党委 第3号") and why. Returns the note
    for the import (none when nothing was found); elsewhere, nothing is done."""
    if site.role != SiteRole.BRANCH:
        return []
    groups = {gid: (parent, name) for gid, parent, name in session.execute(
        select(Organisation.id, Organisation.parent_id, Organisation.name)
        .where(Organisation.kind == OrgKind.GROUP.value))}
    moves = load_branch_moves(session)
    strays: list[tuple[Member, str]] = []
    for member in session.scalars(select(Member).where(Member.group_id.is_not(None)).order_by(Member.id)):
        if member.group_id not in groups:
            continue
        group_branch, group_name = groups[member.group_id]
        if group_branch == member.branch_id:
            continue  # (her entry still this branch's: a move in conflict with an edit here, say)
        periods = branch_periods(member.branch_id, moves.get(member.id, ()))
        left = {branch for _start, _end, branch in periods[:-1]}
        if group_branch != periods[-1][2] and group_branch in left:  # a group of a branch they left
            strays.append((member, group_name))
    if not strays:
        return []
    before = session.info.get(HISTORY_USER)
    session.info[HISTORY_USER] = f"{os_user()}（{provenance[:60]}，{WHY}）"
    try:
        for member, _group in strays:
            member.group_id = None
        session.flush()
    finally:
        session.info[HISTORY_USER] = before
    named = [f"{member.name}（{group}）" for member, group in strays]
    shown = "、".join(named[:5]) + ("等" if len(named) > 5 else "")
    return [f"有 {len(strays)} 名党员已调往其他党支部，仍在本支部的党小组中，已移出：{shown}"]
