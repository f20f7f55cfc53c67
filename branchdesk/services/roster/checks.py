"""组织建设 checks for `branchdesk check` and the home page (domain/roster/org_rules.py): each branch's
size, committee and term as the year ends (or as of today for the current year), 组织关系转接, and the
预备期 of 预备党员 on the roster whom no 发展党员 record follows."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from branchdesk.db import tables
from branchdesk.db.engine import Database
from branchdesk.db.queries import org_ids_named
from branchdesk.domain.findings import Finding
from branchdesk.domain.roster.membership import (
    BranchMove,
    branch_on,
    branch_periods,
    counts_on,
    full_member_spans,
)
from branchdesk.domain.roster.org_rules import (
    BranchState,
    FullMember,
    Move,
    Post,
    Probationer,
    org_findings,
    post_on,
    probation_findings,
    probation_length_findings,
    transfer_findings,
)
from branchdesk.domain.vocabulary import MemberCategory, MemberStatus, MoveKind, OrgKind
from branchdesk.services.rule_settings import load_branch_term_years
from branchdesk.services.shared_reads import full_approvals


def check_organisation(db: Database, *, year: int, as_of: date, branch: str | None = None) -> list[Finding]:
    """CHECKERS entry: ORG-MIN-MEMBERS, ORG-MAX-MEMBERS, ORG-COMMITTEE, ORG-TERM, 组织关系转接, 预备期满,
    and the length of a probation served (信息)."""
    day = min(as_of, date(year, 12, 31))
    with db.session() as session:
        roster = _read(session, day, branch, with_posts=True)
    by_id, full, total = _on_day(roster, day)
    findings: list[Finding] = []
    for branch_id, name in roster.branches.items():
        if branch_id not in roster.standing or (not total.get(branch_id) and not roster.posts.get(branch_id)):
            continue  # not founded yet, dissolved, or no roster kept here: nothing to judge
        findings += org_findings(BranchState(name, full[branch_id], total[branch_id], tuple(roster.posts[branch_id]),
                                             roster.terms.get(branch_id, 3)), day)
    transfer_moves = []
    for member_id, kind, on, counterpart, category in roster.other_moves:
        if member_id not in by_id:
            continue
        name, branch_id, member_category, joined, full_date, status = by_id[member_id]
        if branch_id not in roster.branches:
            continue
        transfer_moves.append(Move(name, roster.branches[branch_id], kind, on, counterpart,
                                   category or (member_category if kind == MoveKind.TRANSFER_IN.value else ""),
                                   status == MemberStatus.ACTIVE.value, full_date, joined))
    findings += transfer_findings(transfer_moves, day, year)
    probationers, served = _probation(roster, by_id, day)
    findings += probation_findings(probationers, day)
    findings += probation_length_findings(served, day)
    return findings


def roster_probation_findings(session: Session, *, day: date, branch: str | None = None) -> list[Finding]:
    """预备期满 without 转正 of 预备党员 on the roster only (ROSTER-PROBATION-END), on the caller's
    Session: the year-end volume counts them with the 发展党员 findings, as `check` and 首页 show them."""
    roster = _read(session, day, branch, with_posts=False)
    by_id, _full, _total = _on_day(roster, day)
    return probation_findings(_probation(roster, by_id, day)[0], day)


# plain columns, a Core read (db/table_reads.py): the year-end report maps no ORM statement (issue 18)
_ORGS = tables.organisations.c
_MOVES = tables.member_moves.c
_MEMBERS = tables.members.c
_POSTS = tables.committee_posts.c
_DEV = tables.dev_records.c
_MemberRow = tuple[int, str, int, str, date | None, date | None, date | None, str]
_OtherMove = tuple[int, str, date, str, str]
_Facts = tuple[str, int, str, date | None, date | None, str]  # name, branch on the day, category, dates, status


@dataclass
class _Roster:
    """What the organisation checks read: the live branches, the members, their moves and posts."""

    branches: dict[int, str]
    standing: set[int]
    moves: dict[int, list[BranchMove]]
    other_moves: list[_OtherMove]
    members: list[_MemberRow]
    posts: dict[int, list[Post]]
    terms: dict[int, int]
    followed: set[int]  # members whose 发展党员 record's check judges their probation
    approved: dict[int, date]  # member id -> the 上级党委's approval of the 转正 (ledger step 24)


def _read(session: Session, day: date, branch: str | None, *, with_posts: bool) -> _Roster:
    run = session.connection().execute
    query = select(_ORGS.id, _ORGS.name, _ORGS.founded_on, _ORGS.dissolved_on).where(
        _ORGS.kind == OrgKind.BRANCH.value, _ORGS.deleted_at.is_(None))
    if branch:
        query = query.where(_ORGS.id.in_(org_ids_named(session, branch)))
    rows = run(query).all()
    branches = {org_id: name for org_id, name, _, _ in rows}
    # a branch is judged only while it exists: from its 成立日期, before its 撤销日期 (issue 16, item 8)
    standing = {org_id for org_id, _, founded, dissolved in rows
                if (founded is None or founded <= day) and (dissolved is None or dissolved > day)}
    moves: dict[int, list[BranchMove]] = defaultdict(list)
    other_moves: list[_OtherMove] = []
    for member_id, kind, on, counterpart, from_b, to_b, category in run(
            select(_MOVES.member_id, _MOVES.kind, _MOVES.move_date, _MOVES.counterpart,
                   _MOVES.from_branch_id, _MOVES.to_branch_id, _MOVES.category)
            .where(_MOVES.deleted_at.is_(None))).all():
        if kind == MoveKind.BRANCH_CHANGE.value and to_b is not None:
            moves[member_id].append(BranchMove(on, from_b, to_b))
        else:
            other_moves.append((member_id, kind, on, counterpart or "", category or ""))
    members: list[_MemberRow] = [(mid, name, branch_id, category, joined, full_date, left, status) for
                                 mid, name, branch_id, category, joined, full_date, left, status in run(select(
        _MEMBERS.id, _MEMBERS.name, _MEMBERS.branch_id, _MEMBERS.category, _MEMBERS.join_date, _MEMBERS.full_date,
        _MEMBERS.left_date, _MEMBERS.status).where(_MEMBERS.deleted_at.is_(None))).all()]
    posts: dict[int, list[Post]] = defaultdict(list)
    terms: dict[int, int] = {}
    if with_posts:  # a post is held only while its holder is one of the branch's members (ORG-COMMITTEE)
        names = dict(run(select(_ORGS.id, _ORGS.name).where(_ORGS.kind == OrgKind.BRANCH.value)).all())
        for org_id, post, start, end, mid, name, home, left, status in run(
                select(_POSTS.org_id, _POSTS.post, _POSTS.term_start, _POSTS.term_end, _MEMBERS.id, _MEMBERS.name,
                       _MEMBERS.branch_id, _MEMBERS.left_date, _MEMBERS.status)
                .join_from(tables.committee_posts, tables.members, _MEMBERS.id == _POSTS.member_id)
                .where(_POSTS.deleted_at.is_(None))).all():
            posts[org_id].append(post_on(name, post, start, end, branch=org_id,
                                         periods=branch_periods(home, moves.get(mid, ())), left=left,
                                         status=status, day=day, branch_names=names))
        terms = load_branch_term_years(session, list(branches))
    followed = {mid for mid in run(select(_DEV.member_id).where(  # their 发展党员 record judges probation
        _DEV.member_id.is_not(None), _DEV.deleted_at.is_(None))).scalars() if mid is not None}
    # a 正式党员 counts from the 转正's approval where the ledger holds it (T9-13; membership.full_from)
    return _Roster(branches, standing, moves, other_moves, members, posts, terms, followed, full_approvals(session))


def _on_day(roster: _Roster, day: date) -> tuple[dict[int, _Facts], dict[int, int], dict[int, int]]:
    """Each member's facts on the day (the branch by the moves), and each branch's 正式党员 and 党员."""
    full: dict[int, int] = defaultdict(int)
    total: dict[int, int] = defaultdict(int)
    by_id: dict[int, _Facts] = {}
    for mid, name, branch_id, category, joined, full_date, left, status in roster.members:
        periods = branch_periods(branch_id, roster.moves.get(mid, ()))
        by_id[mid] = (name, branch_on(periods, day) or branch_id, category, joined, full_date, status)
        if (joined is not None and joined > day) or (left is not None and left <= day):
            continue
        here = branch_on(periods, day)
        if here is None:
            continue
        total[here] += 1
        full[here] += any(branch == here and counts_on((branch, begin, end), day) for branch, begin, end in
                          full_member_spans(periods, joined=joined, full_date=full_date, left=left,
                                            full_now=category == MemberCategory.FULL.value,
                                            approved_on=roster.approved.get(mid)))
    return by_id, full, total


def _probation(roster: _Roster, by_id: dict[int, _Facts], day: date) -> tuple[list[Probationer], list[FullMember]]:
    """The 预备党员 on the roster only (no 发展党员 record, no 转入) and the 正式党员 with both dates."""
    transferred = {m for m, kind, _on, _c, category in roster.other_moves if kind == MoveKind.TRANSFER_IN.value
                   and (category or by_id.get(m, ("", 0, ""))[2]) == MemberCategory.PROBATIONARY.value}
    probationers, served = [], []
    for mid, name, _branch_id, category, joined, full_date, left, status in roster.members:
        here = by_id[mid][1]
        if (joined is None or joined > day or status != MemberStatus.ACTIVE.value or (left is not None and left <= day)
                or here not in roster.branches or mid in roster.followed):
            continue
        if category == MemberCategory.PROBATIONARY.value and full_date is None and mid not in transferred:
            probationers.append(Probationer(name, roster.branches[here], joined))
        elif category == MemberCategory.FULL.value and full_date is not None and full_date <= day:
            served.append(FullMember(name, roster.branches[here], joined, full_date))
    return probationers, served
