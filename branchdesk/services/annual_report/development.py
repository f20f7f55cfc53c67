"""发展党员 for the year-end report (issue 7 item 4), built on the development area's bulk readers
and its checker: the year's flow, the pipeline at the year's end, the ledger and its findings — with
the 预备党员 on the roster only whose 预备期 has ended (or is about to) without 转正, as `check` and 首页
flag them (ROSTER-PROBATION-END, domain.md §4 steps 22–23): the volume's 待处理问题 are the check's."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from branchdesk.domain.annual_report.development_section import DevelopmentSection, DevRow
from branchdesk.domain.annual_report.sections import Count, FindingRow
from branchdesk.domain.development.check import check_case
from branchdesk.domain.development.records import DevelopmentCase, as_it_stood, vote_text
from branchdesk.domain.development.steps import STEP_BY_NUMBER, Outcome, Role
from branchdesk.domain.finding_notes import annotate
from branchdesk.domain.finding_text import without_rule_codes
from branchdesk.domain.findings import SEVERITY_LABELS, Finding, Severity
from branchdesk.domain.idcard import mask_id_number
from branchdesk.domain.text import name_key
from branchdesk.services.development.checks import relevant
from branchdesk.services.development.figures import PersonOfYear, development_year, membership_year
from branchdesk.services.development.store import load_cases, load_roster_index
from branchdesk.services.finding_notes import reasons
from branchdesk.services.roster.checks import roster_probation_findings

PIPELINE = ("入党申请人", "入党积极分子", "发展对象", "预备党员")


def development_section(session: Session, *, year: int, as_of: date, branch: str | None, masked: bool) -> DevelopmentSection:
    roster = load_roster_index(session)  # one read; the checker then runs once per record
    cases = load_cases(session, branch=branch)
    flow = development_year(session, year, branch=branch, as_of=as_of)  # 接收/转正 as on the 基本情况 page
    section = DevelopmentSection(flow=[Count(label, value) for label, value in flow.rows()])
    kept = reasons(session)  # 说明 given when a step was saved despite the check
    stages: dict[str, int] = dict.fromkeys(PIPELINE, 0)
    for whole in cases:
        # as it stood on the volume's day: a later year's steps, 延长 or 转正 belong to that year's volume (TY-6)
        case = as_it_stood(whole, as_of)
        if not relevant(case, year) or (whole.steps and not case.steps):  # begun after the day
            continue
        findings = annotate([f for f in check_case(case, roster, as_of) if f.severity is not Severity.INFO], kept)
        stage = case.outcome.value if case.outcome in (Outcome.CANCELLED, Outcome.STOPPED) else case.stage.value
        if stage in stages and not case.closed:
            stages[stage] += 1
        section.ledger.append(DevRow(
            case.name, case.sex, mask_id_number(case.id_number) if masked else case.id_number, case.branch, stage,
            case.on(1), case.on(3), case.on(7), case.on(15), case.on(24),
            sum(f.severity is Severity.ERROR for f in findings), sum(f.severity is Severity.WARNING for f in findings),
            _steps(case), _people(case), case.extension, case.probation_end if case.on(24) else None))
        section.findings += [_row(f, case.branch, case.name) for f in findings]
    # a 预备党员 the roster holds without a 发展党员 record: judged from the roster, as `check` does
    section.findings += [_row(f, "", "") for f in annotate(roster_probation_findings(session, day=as_of, branch=branch),
                                                           kept)]
    section.findings.sort(key=lambda f: (f.severity != SEVERITY_LABELS[Severity.ERROR], f.branch, f.person))
    section.pipeline = [Count(label, value) for label, value in stages.items()]
    # 接收 and 转正 counted from the roster (figures.py) that no 发展党员 record covers: nothing to check
    # them against (domain.md §4, steps 15–25), so the chapter must not certify their procedure (T10-9)
    members = membership_year(session, year, as_of=as_of, branch=branch)
    section.unrecorded_admitted = _without_record(members.admitted, cases)
    section.unrecorded_full = _without_record(members.made_full, cases)
    return section


def _without_record(people: list[PersonOfYear], cases: list[DevelopmentCase]) -> int:
    """How many of `people` have no 发展党员 record of their name (by name only: a record kept under the
    branch a member has since left still covers them)."""
    recorded = {name_key(c.name) for c in cases}
    return sum(1 for p in people if name_key(p.name) not in recorded)


def _row(f: Finding, branch: str, name: str) -> FindingRow:
    """A finding as the volume lists it: the check's words without rule codes, the 说明 given after them."""
    return FindingRow(SEVERITY_LABELS[f.severity], f.branch or branch, f.person or name,
                      without_rule_codes(f.message) + (f"（已说明原因：{f.annotation}）" if f.annotation else ""),
                      f.rule)


def _steps(case: DevelopmentCase) -> list[tuple[date | None, str]]:
    """Every step recorded, in the procedure's order: (date, "递交入党申请书"), with 培训 and 公示 spans; a
    延长预备期 as the 支部大会 decided it, before the 转正 steps that came after it (TY-18)."""
    found: list[tuple[int, date | None, str]] = []
    for number in sorted(case.steps):
        record, step = case.steps[number], STEP_BY_NUMBER.get(number)
        if step is None:
            continue
        label = step.name
        if record.start_on and record.end_on:
            label += f"（{record.start_on:%m-%d}至{record.end_on:%m-%d}）"
        if vote := vote_text(record):  # 应到 first (VOTE-PASS): "应到人数未记录" when not recorded
            label += f"（{vote}）"
        if number == 24 and (full := case.probation_end) is not None:  # the 转正日期 is not the approval's (TY-11)
            label += f"（转正日期 {full:%Y-%m-%d}）"
        found.append((number, record.on or record.end_on or record.start_on, label))
    if (extension := case.extension) is not None:
        decided = extension.decided_on
        at = next((i for i, (number, day, _) in enumerate(found) if number >= 22 and (
            number >= 24 if decided is None else day is not None and day > decided)), len(found))
        found.insert(at, (0, decided, extension.decision()))
    if case.outcome_on is not None and case.outcome in (Outcome.CANCELLED, Outcome.STOPPED):
        found.append((0, case.outcome_on, case.outcome.value))
    return [(day, label) for _, day, label in found]


def _people(case: DevelopmentCase) -> list[tuple[str, str]]:
    """(role, names) of the people the steps name: 谈话人, 培养联系人, 入党介绍人, 上级党委谈话人."""
    return [(str(role), "、".join(p.name for p in case.people_in(role))) for role in Role if case.people_in(role)]
