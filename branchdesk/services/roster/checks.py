"""组织建设 checks for `branchdesk check` and the home page (domain/roster/org_rules.py): each branch's
size, committee and term as the year ends (or as of today for the current year), 组织关系转接, and the
预备期 of 预备党员 on the roster whom no 发展党员 record follows."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlalchemy import select

from branchdesk.db.engine import Database
from branchdesk.db.models import CommitteePost, DevRecord, Member, MemberMove, Organisation
from branchdesk.db.queries import org_ids_named
from branchdesk.domain.findings import Finding
from branchdesk.domain.roster.membership import BranchMove, branch_on, branch_periods
from branchdesk.domain.roster.org_rules import (
    BranchState,
    FullMember,
    Move,
    Post,
    Probationer,
    org_findings,
    probation_findings,
    probation_length_findings,
    transfer_findings,
)
from branchdesk.domain.vocabulary import MemberCategory, MemberStatus, MoveKind, OrgKind
from branchdesk.services.rule_settings import load_branch_term_years


def check_organisation(db: Database, *, year: int, as_of: date, branch: str | None = None) -> list[Finding]:
    """CHECKERS entry: ORG-MIN-MEMBERS, ORG-MAX-MEMBERS, ORG-COMMITTEE, ORG-TERM, 组织关系转接, 预备期满,
    and the length of a probation served (信息)."""
    day = min(as_of, date(year, 12, 31))
    with db.session() as session:
        run = session.connection().execute
        query = select(Organisation.id, Organisation.name, Organisation.founded_on, Organisation.dissolved_on).where(
            Organisation.kind == OrgKind.BRANCH.value, Organisation.deleted_at.is_(None))
        if branch:
            query = query.where(Organisation.id.in_(org_ids_named(session, branch)))
        rows = run(query).all()
        branches = {org_id: name for org_id, name, _, _ in rows}
        # a branch is judged only while it exists: from its 成立日期, before its 撤销日期 (issue 16, item 8)
        standing = {org_id for org_id, _, founded, dissolved in rows
                    if (founded is None or founded <= day) and (dissolved is None or dissolved > day)}
        moves: dict[int, list[BranchMove]] = defaultdict(list)
        other_moves: list[tuple[int, str, date, str, str]] = []
        for member_id, kind, on, counterpart, from_b, to_b, category in run(
                select(MemberMove.member_id, MemberMove.kind, MemberMove.move_date, MemberMove.counterpart,
                       MemberMove.from_branch_id, MemberMove.to_branch_id, MemberMove.category)
                .where(MemberMove.deleted_at.is_(None))).all():
            if kind == MoveKind.BRANCH_CHANGE.value and to_b is not None:
                moves[member_id].append(BranchMove(on, from_b, to_b))
            else:
                other_moves.append((member_id, kind, on, counterpart or "", category or ""))
        members = run(select(Member.id, Member.name, Member.branch_id, Member.category, Member.join_date,
                             Member.full_date, Member.left_date, Member.status).where(Member.deleted_at.is_(None))).all()
        posts: dict[int, list[Post]] = defaultdict(list)
        for org_id, post, start, end, name in run(
                select(CommitteePost.org_id, CommitteePost.post, CommitteePost.term_start, CommitteePost.term_end,
                       Member.name).join(Member, Member.id == CommitteePost.member_id)
                .where(CommitteePost.deleted_at.is_(None))).all():
            posts[org_id].append(Post(name, post, start, end))
        terms = load_branch_term_years(session, list(branches))
        followed = set(run(select(DevRecord.member_id).where(  # their 发展党员 record's check judges probation
            DevRecord.member_id.is_not(None), DevRecord.deleted_at.is_(None))).scalars())
    full: dict[int, int] = defaultdict(int)
    total: dict[int, int] = defaultdict(int)
    by_id = {}
    for mid, name, branch_id, category, joined, full_date, left, status in members:
        periods = branch_periods(branch_id, moves.get(mid, ()))
        by_id[mid] = (name, branch_on(periods, day) or branch_id, category, joined, full_date, status)
        if (joined is not None and joined > day) or (left is not None and left <= day):
            continue
        here = branch_on(periods, day)
        if here is None:
            continue
        total[here] += 1
        if (full_date is not None and full_date <= day) or (full_date is None and category == MemberCategory.FULL.value):
            full[here] += 1
    findings: list[Finding] = []
    for branch_id, name in branches.items():
        if branch_id not in standing or (not total.get(branch_id) and not posts.get(branch_id)):
            continue  # not founded yet, dissolved, or no roster kept here: nothing to judge
        findings += org_findings(BranchState(name, full[branch_id], total[branch_id], tuple(posts[branch_id]),
                                             terms.get(branch_id, 3)), day)
    transfer_moves = []
    for member_id, kind, on, counterpart, category in other_moves:
        if member_id not in by_id:
            continue
        name, branch_id, member_category, joined, full_date, status = by_id[member_id]
        if branch_id not in branches:
            continue
        transfer_moves.append(Move(name, branches[branch_id], kind, on, counterpart,
                                   category or (member_category if kind == MoveKind.TRANSFER_IN.value else ""),
                                   status == MemberStatus.ACTIVE.value, full_date, joined))
    findings += transfer_findings(transfer_moves, day, year)
    transferred = {m for m, kind, _on, _c, category in other_moves if kind == MoveKind.TRANSFER_IN.value
                   and (category or by_id.get(m, ("", 0, ""))[2]) == MemberCategory.PROBATIONARY.value}
    probationers, served = [], []
    for mid, name, _branch_id, category, joined, full_date, left, status in members:
        here = by_id[mid][1]
        if (joined is None or joined > day or status != MemberStatus.ACTIVE.value or (left is not None and left <= day)
                or here not in branches or mid in followed):
            continue
        if category == MemberCategory.PROBATIONARY.value and full_date is None and mid not in transferred:
            probationers.append(Probationer(name, branches[here], joined))
        elif category == MemberCategory.FULL.value and full_date is not None and full_date <= day:
            served.append(FullMember(name, branches[here], joined, full_date))
    findings += probation_findings(probationers, day)
    findings += probation_length_findings(served, day)
    return findings
