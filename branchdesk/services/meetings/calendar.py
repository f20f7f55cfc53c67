"""The regulation calendar (compliance) of 三会一课 for every branch, 谈心谈话 coverage, and the
exemptions (annotated gaps) a branch records (issue 3). The findings built on them are in checks.py.

The database is read in a handful of queries per call (one per table for the year, store.py), then
the pure rules of domain/meetings/rules.py judge it, so 20 branches × 10 years stay well under a second.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import aliased

from branchdesk.db.engine import Database
from branchdesk.db.models import (
    MeetingExemption,
    Organisation,
)
from branchdesk.domain.meetings.periods import GRANULARITY_WORDS, Granularity, parse_period
from branchdesk.domain.meetings.records import MeetingKind
from branchdesk.domain.meetings.rules import (
    RULES,
    BranchCalendar,
    rules_for_branch,
)
from branchdesk.domain.meetings.talks import TalkCoverage
from branchdesk.domain.vocabulary import OrgKind
from branchdesk.services.errors import NotFound, RuleViolation
from branchdesk.services.meetings import store
from branchdesk.services.records_start import load_branches
from branchdesk.services.reported import held_until
from branchdesk.services.roster.org_names import group_histories, load_histories
from branchdesk.services.rule_settings import load_branch_settings

_RULE_KINDS = {rule.kind for rule in RULES}


@dataclass(frozen=True)
class ExemptionRecord:
    id: int
    branch_id: int
    branch: str
    kind: str
    period: str
    reason: str
    created_at: datetime | None
    group_id: int | None = None  # the 党小组 whose gap it explains; None: the whole branch's
    group: str = ""












def calendars(db: Database, *, year: int, as_of: date | None = None,
              branch: str | int | None = None) -> list[BranchCalendar]:
    """The calendar of every branch (or one, by name or id) for a year, as of a day."""
    with db.session() as session:
        branches, day = load_branches(session, branch, year=year), as_of or date.today()
        # at the 党委, as the volume and the check count them (rev1 F8)
        return store.load_calendars(session, branches, year, day, held_until=held_until(session, branches, year, day))






def talk_coverage_for(db: Database, branch_id: int, year: int, *, as_of: date | None = None) -> TalkCoverage:
    """Who talked with whom in the year (MTG-YEARLY-TALKS), over the members on the roster at the
    year's end (or on `as_of`/today, for the current year); committee = posts held on that day."""
    day = min(date(year, 12, 31), as_of or date.today())
    with db.session() as session:
        return store.load_talk_coverages(session, [branch_id], year, day)[branch_id]




def list_exemptions(db: Database, *, branch_id: int | None = None, year: int | None = None) -> list[ExemptionRecord]:
    group = aliased(Organisation)
    with db.session() as session:
        query = (select(MeetingExemption, Organisation.name, group.name)
                 .join(Organisation, Organisation.id == MeetingExemption.branch_id)
                 .outerjoin(group, group.id == MeetingExemption.group_id)
                 .where(MeetingExemption.deleted_at.is_(None)).order_by(MeetingExemption.period, MeetingExemption.id))
        if branch_id is not None:
            query = query.where(MeetingExemption.branch_id == branch_id)
        if year is not None:
            query = query.where(MeetingExemption.period.like(f"{year}%"))
        found = session.execute(query).all()
        # a 党小组 by its name in the period's year, as the findings of that year name it (TY-5)
        histories = load_histories(session, {e.group_id for e, _n, _g in found if e.group_id}, live_only=False)
        return [ExemptionRecord(e.id, e.branch_id, name, e.kind, e.period, e.reason, e.created_at, e.group_id,
                                histories[e.group_id].year_name(int(e.period[:4]))
                                if e.group_id in histories and e.period[:4].isdigit() else group_name or "")
                for e, name, group_name in found]


def save_exemption(db: Database, branch_id: int, kind: str, period: str, reason: str, *,
                   group: str | None = None) -> ExemptionRecord:
    """Annotate a gap (补开, merged, holiday): the finding stays, as info, with this reason. A 党小组会
    gap is one 党小组's (MTG-MONTHLY-GROUP, 支部条例 第十三条: each group meets monthly): `group` (the
    党小组's name, as the finding gives it) files the reason on that group's gap only; without it the
    reason is the whole branch's. The other kinds are the branch's sittings: their reasons name no group."""
    if not reason.strip():
        raise RuleViolation("请填写说明原因（例如：已于下月补开、与党员大会合并召开）")
    if kind not in _RULE_KINDS:
        raise RuleViolation(f"“{kind}”没有规定的召开次数，不需要说明")
    try:
        parsed = parse_period(period)
    except ValueError as exc:
        raise RuleViolation(str(exc)) from None
    with db.session() as session:
        branch = session.get(Organisation, branch_id)
        if branch is None or branch.kind != OrgKind.BRANCH.value:
            raise NotFound("党支部不存在")
        # the branch's own calendar: 党小组会 by quarter where its setting says so (rules_for_branch)
        months = load_branch_settings(session, [branch_id])[branch_id].group_meeting_months
        granularity = next(r.granularity for r in rules_for_branch(months) if r.kind == kind)
        secretary_lecture = kind == MeetingKind.LECTURE.value and parsed.granularity is Granularity.YEAR
        if parsed.granularity is not granularity and not secretary_lecture:  # 书记讲党课 is yearly
            example = {"month": "2025-10", "quarter": "2025-Q3", "year": "2025"}[granularity.value]
            raise RuleViolation(f"{kind}按{GRANULARITY_WORDS[granularity]}检查，期间应写成 {example} 的形式")
        group_id = None
        if group:
            if kind != MeetingKind.GROUP.value:
                raise RuleViolation(f"{kind}是全支部的会议，说明不分党小组")
            # the name the finding gave: the group's name in that year's calendar (TY-5: a group renamed since)
            year_names = {org_id: h.year_name(parsed.year)
                          for org_id, h in group_histories(session).get(branch_id, {}).items()}
            found = [org_id for org_id, name in year_names.items() if name == group]
            if len(found) != 1:
                raise NotFound(f"{branch.name}没有名为“{group}”的党小组" if not found
                               else f"{branch.name}有{len(found)}个名为“{group}”的党小组，请先在组织设置中改名区分")
            group_id = found[0]
        row = MeetingExemption(branch_id=branch_id, group_id=group_id, kind=kind, period=parsed.label,
                               reason=reason.strip())
        session.add(row)
        session.flush()
        return ExemptionRecord(row.id, branch_id, branch.name, kind, row.period, row.reason, row.created_at,
                               group_id, group or "")


def delete_exemption(db: Database, exemption_id: int) -> None:
    with db.session() as session:
        row = session.get(MeetingExemption, exemption_id)
        if row is None:
            raise NotFound("说明不存在")
        row.deleted_at = datetime.now()
