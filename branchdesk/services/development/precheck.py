"""Before a development step is saved: what the rule check would say about it once stored, so the form
can say so in plain words first and save only with a reason (kept as the finding's 说明).

Nothing is written: the record is loaded, the step applied to a copy in memory, and the same checker
that `branchdesk check` and 首页 use judges the copy (domain.md §4; domain.development_check)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from branchdesk.db.engine import Database
from branchdesk.domain.development.check import evaluate
from branchdesk.domain.development.records import DevelopmentCase, PersonRef, StepRecord
from branchdesk.domain.development.steps import STEP_BY_NUMBER
from branchdesk.domain.findings import Finding, Severity
from branchdesk.services.development.checks import rule_context
from branchdesk.services.development.records import StepInput
from branchdesk.services.development.store import load_cases, load_roster_index
from branchdesk.services.errors import NotFound
from branchdesk.services.finding_notes import with_reasons


def _with_step(case: DevelopmentCase, data: StepInput) -> DevelopmentCase:
    steps = dict(case.steps)
    empty = data.on is None and data.start_on is None and data.end_on is None and data.hours is None \
        and data.voters_expected is None and not data.note
    if empty:
        steps.pop(data.step, None)
    else:
        steps[data.step] = StepRecord(data.step, data.on, data.start_on, data.end_on, data.hours,
                                      data.voters_expected, data.voters_present, data.votes_for, data.note)
    people = case.people
    roles = STEP_BY_NUMBER[data.step].roles
    if data.people is not None and roles:
        role = roles[0]
        kept = tuple(p for p in case.people if p.role != role)
        known = {p.name: p.member_id for p in case.people}
        people = kept + tuple(PersonRef(role, name, known.get(name)) for name in dict.fromkeys(data.people) if name)
    return replace(case, steps=steps, people=people)


def step_problems(db: Database, case_id: int, data: StepInput, as_of: date | None = None) -> list[Finding]:
    """The problems (errors) the check would report after saving `data`, leaving out those a reason
    was already given for: those about this step, and those the new date causes at another step — a
    step re-dated after a step that rests on it (细则 第六、七条 order, domain.md §4) is reported at the
    later step ("第2步…早于它所依据的第1步"), and used to pass unsaid (trial Y, TY-1)."""
    as_of = as_of or date.today()
    with db.session() as session:
        roster = load_roster_index(session)
        cases = load_cases(session, ids=[case_id])
        if not cases:
            raise NotFound("发展党员记录不存在或已删除")
        proposed = _with_step(cases[0], data)
        book, calendar = rule_context(session)
        tagged = evaluate(proposed, roster, as_of, book, calendar).tagged
        before = {_key(f) for _step, f in evaluate(cases[0], roster, as_of, book, calendar).tagged}
        found = [f for step, f in tagged if f.severity is Severity.ERROR
                 and (step == data.step or _key(f) not in before)]
        return [f for f in with_reasons(session, found) if not f.annotation]


def _key(finding: Finding) -> tuple[str, str | None, str]:
    return finding.rule, finding.step, finding.message
