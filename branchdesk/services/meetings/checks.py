"""The checks of 三会一课 (`services/checks.CHECKERS`, the home page): calendar shortfalls, VOTE-QUORUM
breaches and 谈心谈话 coverage (MTG-*), read in one transaction."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from branchdesk.db.engine import Database
from branchdesk.db.models import Meeting, MeetingKindLink, Member
from branchdesk.db.table_reads import read_rows, table
from branchdesk.domain.citations import cite
from branchdesk.domain.findings import Finding, Severity
from branchdesk.domain.meetings.happened import has_happened, judged_day
from branchdesk.domain.meetings.records import has_content, sort_kinds
from branchdesk.domain.meetings.review import review_findings
from branchdesk.domain.meetings.rules import AREA
from branchdesk.domain.meetings.talks import talk_findings
from branchdesk.domain.meetings.votes import vote_findings
from branchdesk.services.meetings.store import as_date, load_calendars, load_talk_coverages
from branchdesk.services.meetings.votes import load_vote_checks
from branchdesk.services.records_start import Branch, branch_span, load_branches, start_in
from branchdesk.services.reported import held_until

DRAFT = "草稿未定稿"
_DRAFTS = cite("MTG-DRAFTS", "本校做法")
_RECORDS_START = cite("MTG-RECORDS-START", "本校做法")
_HELD_ONLY = cite("MTG-HELD-ONLY", "本校做法")


def meeting_findings(db: Database, *, year: int, as_of: date, branch: str | None = None) -> list[Finding]:
    """CHECKERS entry: calendar shortfalls, VOTE-QUORUM breaches and 谈心谈话 coverage (MTG-*),
    read in one transaction."""
    findings: list[Finding] = []
    with db.session() as session:
        branches = load_branches(session, branch, year=year)
        # at the 党委, a branch's sittings dated after its newest 上报 are not counted, as in the volume (rev1 F8)
        for calendar in load_calendars(session, branches, year, as_of,
                                       held_until=held_until(session, branches, year, as_of)):
            findings += calendar.findings
        findings += _drafts(session, branches, year, as_of)
        coverages = load_talk_coverages(session, [b.id for b in branches], year, min(date(year, 12, 31), as_of))
        voting, reviews = load_vote_checks(session, [b.id for b in branches], year)
        start = start_in(session)
        running = {b.id for b in branches if start.day_for(b.id) and _runs_in_year(branch_span(start, b), year)}
        peopled = _peopled(session, [b.id for b in branches])
    if start.day is None and branches:
        findings.append(_no_records_start(year))
    elif start.day is not None:  # records run for some branches, not for these (a 党委 still collecting)
        findings += [_branch_not_started(b.name, year) for b in branches if start.day_for(b.id) is None
                     and b.id in peopled and _runs_in_year((b.founded_on, b.dissolved_on), year)]
    for b in branches:
        if b.id in running:  # no 谈心谈话 is asked of a year before records start or the branch existed
            findings += talk_findings(b.name, coverages[b.id], year, as_of)
        # a vote or a 民主评议 recorded is judged, draft or not (VOTE-QUORUM in a draft too)
        findings += vote_findings(b.name, [m for m in voting.get(b.id, ()) if m.date <= as_of], year)
        findings += review_findings(b.name, [r for r in reviews.get(b.id, ()) if r.date <= as_of], year)
    return findings


# The yearly items a new year's first months still owe to the year before (domain.md §2): 组织生活会 and
# 民主评议党员, which a sitting held until 03-31 fulfils for the past year, and 谈心谈话 of that year.
CARRIED_YEARLY_RULES = frozenset({"MTG-YEARLY-LIFE", "MTG-YEARLY-REVIEW", "MTG-YEARLY-TALKS"})


def last_year_open_items(db: Database, *, as_of: date, branch: str | None = None) -> list[Finding]:
    """Last year's yearly items the check still flags on `as_of` (TY-8): a 组织生活会 or 民主评议 not yet
    held is a reminder falling due on 03-31 (a January sitting fulfils the past year), a 问题 after it;
    谈心谈话 not covered is the 问题 the year's check gives. For 首页, which otherwise judges this year only.
    The 问题 after 03-31 keeps 03-31 as its 期限, as the check gives it (rules.held_late_until; re-trial 11,
    N-3: "2026-12-31（已过 92 天）" on 04-02)."""
    return [f for f in meeting_findings(db, year=as_of.year - 1, as_of=as_of, branch=branch)
            if f.rule in CARRIED_YEARLY_RULES and f.severity is not Severity.INFO]


def _no_records_start(year: int) -> Finding:
    """No 启用日期 and no meeting on record: the calendar has no start, so no month can be judged
    (domain.md §2). One reminder says so — a new database once showed a year of false 问题, every
    month "没有召开", before anything was recorded."""
    return Finding(
        Severity.WARNING, "还没有设置启用日期，也没有会议记录，三会一课的规定次数还无法检查。请在“设置 → 台账记录”中"
        "设置启用日期（开始用本软件记台账的日子），或导入原有的会议记录；检查从那时起计算。",
        rule="MTG-RECORDS-START", source=_RECORDS_START.source, quote=_RECORDS_START.quote, area=AREA,
        period=str(year))


def _branch_not_started(branch: str, year: int) -> Finding:
    """No 启用日期, and this branch has no meeting on record while others have: its calendar starts
    with its own first meeting (services/records_start.py), so none of its months is judged yet."""
    return Finding(
        Severity.WARNING, f"{branch}还没有会议记录，三会一课的规定次数从该支部的第一条会议记录起检查。"
        "如该支部已另行记录，请导入其会议记录（或由该支部上报）；也可在“设置 → 台账记录”中设置全校的启用日期。",
        branch=branch, rule="MTG-RECORDS-START", source=_RECORDS_START.source, quote=_RECORDS_START.quote,
        area=AREA, period=str(year))


def _peopled(session: Session, branch_ids: list[int]) -> set[int]:
    """The branches with a member on the roster (an empty branch is asked for nothing)."""
    members = table(Member).c
    return {branch_id for (branch_id,) in read_rows(session, select(members.branch_id).distinct().where(
        members.branch_id.in_(branch_ids), members.deleted_at.is_(None)))}


def _runs_in_year(span: tuple[date | None, date | None], year: int) -> bool:
    first, last = span
    return (first is None or first <= date(year, 12, 31)) and (last is None or last >= date(year, 1, 1))


def _drafts(session: Session, branches: list[Branch], year: int, as_of: date) -> list[Finding]:
    """Records of the year the calendar does not count (domain.md §2): drafts (草稿未定稿) and records
    with neither topic nor content, one finding each, so the secretary sees why a sitting is missing — and
    定稿 records dated after `as_of` (an import before TL-11's fix, an old backup restored): not held yet
    (domain/meetings/happened.py), named in one finding per branch, so the dates are checked. A draft dated
    ahead is a plan."""
    names = {b.id: b.name for b in branches}
    run = session.connection().execute
    rows = run(select(Meeting.id, Meeting.branch_id, Meeting.meeting_date, Meeting.topic, Meeting.content,
                      Meeting.finalised_at).where(
        Meeting.branch_id.in_(names), Meeting.deleted_at.is_(None),
        Meeting.meeting_date >= date(year, 1, 1), Meeting.meeting_date <= date(year, 12, 31))
        .order_by(Meeting.meeting_date, Meeting.id)).all()
    kinds: dict[int, list[str]] = defaultdict(list)
    ids = [r[0] for r in rows]
    for mid, kind in run(select(MeetingKindLink.meeting_id, MeetingKindLink.kind)
                         .where(MeetingKindLink.meeting_id.in_(ids))).all() if ids else ():
        kinds[mid].append(kind)
    findings: list[Finding] = []
    ahead: dict[int, list[tuple[date, str]]] = defaultdict(list)  # branch -> its 定稿 records dated after as_of
    for mid, branch_id, day, topic, content, finalised in rows:
        day = as_date(day)
        empty = not has_content(topic or "", content or "")
        what = "、".join(sort_kinds(kinds[mid])) or "会议"
        if not has_happened(day, as_of):
            if finalised is not None and not empty:
                ahead[branch_id].append((day, "与".join(sort_kinds(kinds[mid])) or "会议"))
            continue
        if finalised is not None and not empty:
            continue
        state = DRAFT if finalised is None else "记录没有主题和内容"
        if finalised is None and empty:
            state += "，且没有主题和内容"
        findings.append(Finding(
            Severity.WARNING, f"{day:%Y-%m-%d}的{what}记录{state}，不计入规定召开次数；请补全并定稿。",
            rule="MTG-RECORD-DRAFT", source=_DRAFTS.source, quote=_DRAFTS.quote, branch=names[branch_id],
            meeting_type=(sort_kinds(kinds[mid]) or ("",))[0] or None, period=f"{day:%Y-%m}", area=AREA,
            due=day.isoformat()))
    return findings + [_not_yet_held(names[b], records, as_of) for b, records in ahead.items()]


NAMED_AHEAD = 5  # the 定稿 records dated after today one finding names; the rest are counted


def _not_yet_held(branch: str, records: list[tuple[date, str]], as_of: date) -> Finding:
    """A branch's 定稿 records whose day has not come (domain/meetings/happened.py), as (day, kinds joined by
    与: "支部党员大会与主题党日") in date order: the calendar leaves them out and says so; this names them, so
    the secretary corrects a date or registers the sitting once held. Judged on a day other than today
    (`branchdesk check --as-of`), the sentence names that day, not "今天" (R1-6)."""
    named = "、".join(f"{day:%Y-%m-%d}的{what}" for day, what in records[:NAMED_AHEAD])
    if len(records) > NAMED_AHEAD:
        named += f"等{len(records)}次"
    first = records[0][0]
    day = judged_day(as_of, date.today())
    when = "今天" if day is None else f"{day:%Y-%m-%d}"
    return Finding(
        Severity.WARNING, f"已定稿的会议记录中有{len(records)}次日期在{when}之后（{named}），会议尚未召开，不计入规定召开"
        "次数；请核对会议日期（如确未召开，召开后再据实登记）。", rule="MTG-HELD-ONLY", source=_HELD_ONLY.source,
        quote=_HELD_ONLY.quote, branch=branch, period=f"{first:%Y-%m}", area=AREA, due=first.isoformat())


def home_todos(db: Database, as_of: date | None = None) -> list[Finding]:
    """首页: this month's and this quarter's to-dos per branch, overdue first (errors of past periods)."""
    as_of = as_of or date.today()
    month, quarter = f"{as_of:%Y-%m}", f"{as_of.year}-Q{(as_of.month - 1) // 3 + 1}"
    findings = [f for f in meeting_findings(db, year=as_of.year, as_of=as_of)
                if f.severity is not Severity.INFO or f.period in (month, quarter)]
    order = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
    return sorted(findings, key=lambda f: (order[f.severity], f.branch or "", f.period or ""))
