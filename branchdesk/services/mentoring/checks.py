"""结对帮扶 reminders for `branchdesk check` and the home page (rules in domain/mentoring/rules.py).

Registered in services.checks.CHECKERS. A check for a past year is judged as it stood on 31 December
of that year, so "check --year 2025" lists what was left undone in 2025.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from branchdesk.db.engine import Database
from branchdesk.db.models import (
    Member,
    MentoringActivity,
    MentoringEvaluation,
    MentoringOutcome,
    MentoringPair,
    Organisation,
)
from branchdesk.db.queries import org_ids_named
from branchdesk.domain.findings import Finding
from branchdesk.domain.mentoring.records import MenteeType, departure, ended_by_departure, join_student
from branchdesk.domain.mentoring.rules import PairSnapshot, pair_reminders
from branchdesk.services.mentoring.lists import get_inactivity_days
from branchdesk.services.mentoring.store import left_unit_from
from branchdesk.services.records_start import read_records_start


def snapshots(db: Database, as_of: date, branch: str | None = None) -> list[PairSnapshot]:
    """Every live pair with its last activity up to `as_of` and the years it was evaluated for; a pair
    whose mentor (or member mentee) had left the roster or the school by `as_of` has ended that day
    (TY-12, TK-7)."""
    with db.session() as session:
        last = dict(session.execute(
            select(MentoringActivity.pair_id, func.max(MentoringActivity.activity_date))
            .where(MentoringActivity.deleted_at.is_(None), MentoringActivity.activity_date <= as_of)
            .group_by(MentoringActivity.pair_id)).all())
        outcomes = {pair_id: (count, latest) for pair_id, count, latest in session.execute(
            select(MentoringOutcome.pair_id, func.count(), func.max(MentoringOutcome.outcome_date))
            .where(MentoringOutcome.deleted_at.is_(None), MentoringOutcome.outcome_date <= as_of)
            .group_by(MentoringOutcome.pair_id)).all()}
        records_start = read_records_start(session)  # nothing before it was logged here (TR-13)
        evaluated: dict[int, set[int]] = {}
        for pair_id, year in session.execute(select(MentoringEvaluation.pair_id, MentoringEvaluation.year)
                                              .where(MentoringEvaluation.deleted_at.is_(None))):
            evaluated.setdefault(pair_id, set()).add(year)
        mentee_member = aliased(Member)
        query = (
            select(MentoringPair, Organisation.name, Member.name, Member.status, Member.left_date,
                   left_unit_from(MentoringPair.mentor_id, MentoringPair.start_date),
                   mentee_member.name, mentee_member.status, mentee_member.left_date,
                   left_unit_from(MentoringPair.mentee_member_id, MentoringPair.start_date))
            .join(Organisation, Organisation.id == MentoringPair.branch_id)
            .join(Member, Member.id == MentoringPair.mentor_id)
            .outerjoin(mentee_member, mentee_member.id == MentoringPair.mentee_member_id)
            .where(MentoringPair.deleted_at.is_(None))
            .order_by(MentoringPair.id)
        )
        if branch:
            query = query.where(Organisation.id.in_(org_ids_named(session, branch)))
        result = []
        for pair, branch_name, mentor, mentor_status, mentor_left, mentor_left_unit, member, member_status, \
                member_left, member_left_unit in session.execute(query):
            mentee = (join_student(pair.mentee_name, pair.mentee_class)
                      if pair.mentee_type == MenteeType.STUDENT else pair.mentee_name)
            status, _end, _why = ended_by_departure(
                pair.status, pair.closed_on, pair.stop_reason,
                [departure("导师", mentor, mentor_status, mentor_left, mentor_left_unit),
                 departure("结对对象", member, member_status, member_left, member_left_unit)], as_of)
            result.append(PairSnapshot(
                id=pair.id, kind=pair.kind, branch=branch_name, mentor=mentor, mentee=mentee, status=status,
                start_date=pair.start_date, planned_end=pair.planned_end, last_activity=last.get(pair.id),
                evaluated_years=frozenset(evaluated.get(pair.id, ())), records_start=records_start,
                outcomes=outcomes.get(pair.id, (0, None))[0], last_outcome=outcomes.get(pair.id, (0, None))[1],
            ))
        return result


def check_mentoring(db: Database, *, year: int, as_of: date, branch: str | None = None) -> list[Finding]:
    """MENTOR-NO-ACTIVITY and MENTOR-END-NO-EVALUATION for every live pair (domain.md §7)."""
    as_of = min(as_of, date(year, 12, 31))
    days = get_inactivity_days(db)
    findings: list[Finding] = []
    for pair in snapshots(db, as_of, branch):
        findings.extend(pair_reminders(pair, as_of, days))
    return findings
