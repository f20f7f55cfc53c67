"""The regulation calendar (compliance) of 三会一课 for every branch, exemptions (annotated gaps),
谈心谈话 coverage, and the findings `branchdesk check` and the home page show (issue 3).

The database is read in a handful of queries per call (one per table for the year), then the pure
rules of domain.meetings_rules judge it, so 20 branches × 10 years stay well under a second.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from branchdesk.db.engine import Database
from branchdesk.db.models import (
    CommitteePost,
    Meeting,
    MeetingAttendance,
    MeetingExemption,
    MeetingKindLink,
    Member,
    Organisation,
)
from branchdesk.domain.findings import Finding, Severity
from branchdesk.domain.meetings import (
    AttendanceStatus,
    Attendee,
    MeetingKind,
    check_quorum,
    has_content,
    sort_kinds,
)
from branchdesk.domain.meetings_periods import GRANULARITY_WORDS, Granularity, parse_period
from branchdesk.domain.meetings_rules import (
    AREA,
    RULES,
    BranchCalendar,
    BranchFacts,
    Exemption,
    HeldMeeting,
    evaluate_branch,
)
from branchdesk.domain.meetings_talks import Person, TalkCoverage, talk_coverage, talk_findings
from branchdesk.domain.vocabulary import OrgKind
from branchdesk.services.errors import NotFound, RuleViolation
from branchdesk.services.records_start import branch_span, start_in

_RULE_GRANULARITY = {rule.kind: rule.granularity for rule in RULES}


@dataclass(frozen=True)
class ExemptionRecord:
    id: int
    branch_id: int
    branch: str
    kind: str
    period: str
    reason: str
    created_at: datetime | None


def _branches(session: Session, branch: str | int | None) -> list[Organisation]:
    query = select(Organisation).where(Organisation.kind == OrgKind.BRANCH.value, Organisation.deleted_at.is_(None))
    if isinstance(branch, int):
        query = query.where(Organisation.id == branch)
    elif branch:
        query = query.where(Organisation.name == branch.strip())
    return list(session.scalars(query.order_by(Organisation.sort_order, Organisation.id)))


def _facts(session: Session, branches: list[Organisation], year: int) -> dict[int, BranchFacts]:
    ids = [b.id for b in branches]
    groups: dict[int, list[str]] = defaultdict(list)
    for parent_id, name in session.execute(
        select(Organisation.parent_id, Organisation.name).where(
            Organisation.parent_id.in_(ids), Organisation.kind == OrgKind.GROUP.value,
            Organisation.deleted_at.is_(None)).order_by(Organisation.sort_order, Organisation.id)
    ):
        groups[parent_id].append(name)
    terms: dict[int, list[tuple[date | None, date | None]]] = defaultdict(list)
    secretaries: dict[int, list[str]] = defaultdict(list)
    for org_id, start, end, post, name in session.connection().execute(
        select(CommitteePost.org_id, CommitteePost.term_start, CommitteePost.term_end, CommitteePost.post, Member.name)
        .join(Member, Member.id == CommitteePost.member_id)
        .where(CommitteePost.org_id.in_(ids), CommitteePost.deleted_at.is_(None))
    ).all():
        terms[org_id].append((start, end))
        in_year = (start is None or start <= date(year, 12, 31)) and (end is None or end >= date(year, 1, 1))
        if post == "书记" and in_year:
            secretaries[org_id].append(name)
    start = start_in(session)
    return {
        b.id: BranchFacts(b.name, tuple(groups[b.id]), tuple(terms[b.id]), tuple(secretaries[b.id]),
                          *branch_span(start, b))
        for b in branches
    }


def _held(session: Session, branch_ids: list[int], year: int) -> dict[int, list[HeldMeeting]]:
    """Counted sittings (finalised, with content: domain.md §2) that fulfil a period of the year — by
    their date, or by their 所属期间 (a January 组织生活会 held for the past year, a 补开) — in a few
    queries whatever the number of branches."""
    run = session.connection().execute  # Core rows: no ORM bookkeeping for thousands of meetings
    where = (*counted_meetings(branch_ids), Meeting.meeting_date >= date(year, 1, 1),
             Meeting.meeting_date <= date(year + 1, 12, 31))
    rows = run(select(Meeting.id, Meeting.branch_id, Meeting.meeting_date, Meeting.period,
                      Meeting.lecturer, Meeting.has_vote, Meeting.topic, Meeting.group_id).where(*where)).all()
    kinds: dict[int, set[str]] = defaultdict(set)
    for mid, kind in run(select(MeetingKindLink.meeting_id, MeetingKindLink.kind)
                         .join(Meeting, Meeting.id == MeetingKindLink.meeting_id).where(*where)).all():
        kinds[mid].add(kind)
    sheets: dict[int, list[Attendee]] = defaultdict(list)
    for mid, status, category in run(
        select(MeetingAttendance.meeting_id, MeetingAttendance.status, MeetingAttendance.category)
        .where(MeetingAttendance.meeting_id.in_(select(Meeting.id).where(*where, Meeting.has_vote.is_(True))))
    ).all():
        sheets[mid].append(Attendee("", status, None, category))
    group_names = dict(run(select(Organisation.id, Organisation.name).where(
        Organisation.parent_id.in_(branch_ids), Organisation.kind == OrgKind.GROUP.value)).all())
    held: dict[int, list[HeldMeeting]] = defaultdict(list)
    for mid, branch_id, day, period, lecturer, has_vote, topic, group_id in rows:
        day = _as_date(day)
        if year not in touched_years(day, period or ""):
            continue
        quorum = check_quorum(sheets[mid]).ok if has_vote and sheets.get(mid) else None
        held[branch_id].append(HeldMeeting(day, frozenset(kinds[mid]), group_names.get(group_id, ""), period or "",
                                           lecturer, bool(has_vote), quorum, topic, mid))
    return held


def _as_date(value: object) -> date:
    return date.fromisoformat(value[:10]) if isinstance(value, str) else value  # type: ignore[return-value]


def counted_meetings(branch_ids: list[int]) -> tuple[object, ...]:
    """WHERE clauses of the sittings the calendar counts: live, finalised, with a topic or content."""
    return (Meeting.branch_id.in_(branch_ids), Meeting.deleted_at.is_(None), Meeting.finalised_at.is_not(None),
            or_(func.trim(Meeting.topic) != "", func.trim(Meeting.content) != ""))


def touched_years(day: date, period: str) -> set[int]:
    """The years whose calendar a sitting may count in: its date's, and its 所属期间's."""
    years = {day.year}
    if period:
        try:
            years.add(parse_period(period).year)
        except ValueError:
            pass
    return years


def _drafts(session: Session, branches: list[Organisation], year: int, as_of: date) -> list[Finding]:
    """Records of the year that the calendar does not count: drafts (草稿未定稿) and records with neither
    topic nor content, one finding each, so the secretary sees why a sitting is missing."""
    names = {b.id: b.name for b in branches}
    run = session.connection().execute
    rows = run(select(Meeting.id, Meeting.branch_id, Meeting.meeting_date, Meeting.topic, Meeting.content,
                      Meeting.finalised_at).where(
        Meeting.branch_id.in_(names), Meeting.deleted_at.is_(None),
        Meeting.meeting_date >= date(year, 1, 1), Meeting.meeting_date <= min(date(year, 12, 31), as_of))
        .order_by(Meeting.meeting_date, Meeting.id)).all()
    kinds: dict[int, list[str]] = defaultdict(list)
    ids = [r[0] for r in rows]
    for mid, kind in run(select(MeetingKindLink.meeting_id, MeetingKindLink.kind)
                         .where(MeetingKindLink.meeting_id.in_(ids))).all() if ids else ():
        kinds[mid].append(kind)
    findings = []
    for mid, branch_id, day, topic, content, finalised in rows:
        day = _as_date(day)
        empty = not has_content(topic or "", content or "")
        if finalised is not None and not empty:
            continue
        what = "、".join(sort_kinds(kinds[mid])) or "会议"
        state = DRAFT if finalised is None else "记录没有主题和内容"
        if finalised is None and empty:
            state += "，且没有主题和内容"
        findings.append(Finding(
            Severity.WARNING, f"{day:%Y-%m-%d}的{what}记录{state}，不计入规定召开次数；请补全并定稿。",
            rule="MTG-RECORD-DRAFT", source="domain.md §2（草稿和没有内容的记录不计入）", branch=names[branch_id],
            meeting_type=(sort_kinds(kinds[mid]) or ("",))[0] or None, period=f"{day:%Y-%m}", area=AREA,
            due=day.isoformat()))
    return findings


DRAFT = "草稿未定稿"


def _exemptions(session: Session, branch_ids: list[int], year: int) -> dict[int, list[Exemption]]:
    found: dict[int, list[Exemption]] = defaultdict(list)
    for row in session.scalars(select(MeetingExemption).where(
            MeetingExemption.branch_id.in_(branch_ids), MeetingExemption.deleted_at.is_(None),
            MeetingExemption.period.like(f"{year}%"))):
        found[row.branch_id].append(Exemption(row.kind, row.period, row.reason))
    return found


def _calendars(session: Session, branches: list[Organisation], year: int, as_of: date) -> list[BranchCalendar]:
    ids = [b.id for b in branches]
    facts = _facts(session, branches, year)
    held = _held(session, ids, year)
    exempt = _exemptions(session, ids, year)
    return [evaluate_branch(facts[b.id], held[b.id], exempt[b.id], year=year, as_of=as_of) for b in branches]


def calendars(db: Database, *, year: int, as_of: date | None = None,
              branch: str | int | None = None) -> list[BranchCalendar]:
    """The calendar of every branch (or one, by name or id) for a year, as of a day."""
    with db.session() as session:
        return _calendars(session, _branches(session, branch), year, as_of or date.today())


def meeting_findings(db: Database, *, year: int, as_of: date, branch: str | None = None) -> list[Finding]:
    """CHECKERS entry: calendar shortfalls, VOTE-QUORUM breaches and 谈心谈话 coverage (MTG-*),
    read in one transaction."""
    findings: list[Finding] = []
    with db.session() as session:
        branches = _branches(session, branch)
        for calendar in _calendars(session, branches, year, as_of):
            findings += calendar.findings
        findings += _drafts(session, branches, year, as_of)
        coverages = _talk_coverages(session, [b.id for b in branches], year, min(date(year, 12, 31), as_of))
        start = start_in(session)
        running = [b for b in branches if _runs_in_year(branch_span(start, b), year)]
    for b in running:
        findings += talk_findings(b.name, coverages[b.id], year, as_of)
    return findings


def _runs_in_year(span: tuple[date | None, date | None], year: int) -> bool:
    first, last = span
    return (first is None or first <= date(year, 12, 31)) and (last is None or last >= date(year, 1, 1))


def home_todos(db: Database, as_of: date | None = None) -> list[Finding]:
    """首页: this month's and this quarter's to-dos per branch, overdue first (errors of past periods)."""
    as_of = as_of or date.today()
    month, quarter = f"{as_of:%Y-%m}", f"{as_of.year}-Q{(as_of.month - 1) // 3 + 1}"
    findings = [f for f in meeting_findings(db, year=as_of.year, as_of=as_of)
                if f.severity is not Severity.INFO or f.period in (month, quarter)]
    order = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
    return sorted(findings, key=lambda f: (order[f.severity], f.branch or "", f.period or ""))


def talk_coverage_for(db: Database, branch_id: int, year: int, *, as_of: date | None = None) -> TalkCoverage:
    """Who talked with whom in the year (MTG-YEARLY-TALKS), over the members on the roster at the
    year's end (or on `as_of`/today, for the current year); committee = posts held on that day."""
    day = min(date(year, 12, 31), as_of or date.today())
    with db.session() as session:
        return _talk_coverages(session, [branch_id], year, day)[branch_id]


def _talk_coverages(session: Session, branch_ids: list[int], year: int, day: date) -> dict[int, TalkCoverage]:
    run = session.connection().execute
    people: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for mid, branch_id, name, joined, left in run(
        select(Member.id, Member.branch_id, Member.name, Member.join_date, Member.left_date).where(
            Member.branch_id.in_(branch_ids), Member.deleted_at.is_(None))
    ).all():
        if (joined is None or joined <= day) and (left is None or left > day):
            people[branch_id].append((mid, name))
    committee = {
        member_id for member_id, end in run(
            select(CommitteePost.member_id, CommitteePost.term_end).where(
                CommitteePost.org_id.in_(branch_ids), CommitteePost.deleted_at.is_(None),
                or_(CommitteePost.term_start.is_(None), CommitteePost.term_start <= day))).all()
        if end is None or end >= day
    }
    talks: dict[int, dict[int, list[int]]] = defaultdict(lambda: defaultdict(list))
    for branch_id, mid, member_id in run(
        select(Meeting.branch_id, MeetingAttendance.meeting_id, MeetingAttendance.member_id)
        .join(Meeting, Meeting.id == MeetingAttendance.meeting_id)
        .where(MeetingAttendance.meeting_id.in_(
            select(Meeting.id).join(MeetingKindLink, MeetingKindLink.meeting_id == Meeting.id).where(
                Meeting.branch_id.in_(branch_ids), Meeting.deleted_at.is_(None),
                MeetingKindLink.kind == MeetingKind.TALK.value,
                Meeting.meeting_date >= date(year, 1, 1), Meeting.meeting_date <= date(year, 12, 31))),
               MeetingAttendance.member_id.is_not(None),
               MeetingAttendance.status == AttendanceStatus.PRESENT.value)
    ).all():
        talks[branch_id][mid].append(member_id)
    return {
        b: talk_coverage([Person(mid, name, mid in committee) for mid, name in people[b]], talks[b].values())
        for b in branch_ids
    }


def list_exemptions(db: Database, *, branch_id: int | None = None, year: int | None = None) -> list[ExemptionRecord]:
    with db.session() as session:
        query = (select(MeetingExemption, Organisation.name).join(Organisation, Organisation.id == MeetingExemption.branch_id)
                 .where(MeetingExemption.deleted_at.is_(None)).order_by(MeetingExemption.period, MeetingExemption.id))
        if branch_id is not None:
            query = query.where(MeetingExemption.branch_id == branch_id)
        if year is not None:
            query = query.where(MeetingExemption.period.like(f"{year}%"))
        return [ExemptionRecord(e.id, e.branch_id, name, e.kind, e.period, e.reason, e.created_at)
                for e, name in session.execute(query)]


def save_exemption(db: Database, branch_id: int, kind: str, period: str, reason: str) -> ExemptionRecord:
    """Annotate a gap (补开, merged, holiday): the finding stays, as info, with this reason."""
    if not reason.strip():
        raise RuleViolation("请填写说明原因（例如：已于下月补开、与党员大会合并召开）")
    granularity = _RULE_GRANULARITY.get(kind)
    if granularity is None:
        raise RuleViolation(f"“{kind}”没有规定的召开次数，不需要说明")
    try:
        parsed = parse_period(period)
    except ValueError as exc:
        raise RuleViolation(str(exc)) from None
    secretary_lecture = kind == MeetingKind.LECTURE.value and parsed.granularity is Granularity.YEAR
    if parsed.granularity is not granularity and not secretary_lecture:  # 书记讲党课 is yearly
        example = {"month": "2025-10", "quarter": "2025-Q3", "year": "2025"}[granularity.value]
        raise RuleViolation(f"{kind}按{GRANULARITY_WORDS[granularity]}检查，期间应写成 {example} 的形式")
    with db.session() as session:
        branch = session.get(Organisation, branch_id)
        if branch is None or branch.kind != OrgKind.BRANCH.value:
            raise NotFound("党支部不存在")
        row = MeetingExemption(branch_id=branch_id, kind=kind, period=parsed.label, reason=reason.strip())
        session.add(row)
        session.flush()
        return ExemptionRecord(row.id, branch_id, branch.name, kind, row.period, row.reason, row.created_at)


def delete_exemption(db: Database, exemption_id: int) -> None:
    with db.session() as session:
        row = session.get(MeetingExemption, exemption_id)
        if row is None:
            raise NotFound("说明不存在")
        row.deleted_at = datetime.now()
