"""发展党员, 结对帮扶 and 整改台账 for the year-end report (issue 7 items 4–6), each built on the public
functions of its own area. An area whose services cannot be imported yields a section whose `missing`
text the report prints instead of figures."""

from __future__ import annotations

from datetime import date

from branchdesk.db.engine import Database
from branchdesk.domain.annual_report import (
    Count,
    DevelopmentSection,
    DevRow,
    FindingRow,
    MeasureRow,
    MentoringBranchRow,
    MentoringSection,
    PairRow,
    RectificationSection,
    RectLedgerRow,
    share,
)
from branchdesk.domain.findings import SEVERITY_LABELS, Severity
from branchdesk.domain.idcard import mask_id_number

PIPELINE = ("入党申请人", "入党积极分子", "发展对象", "预备党员")


def development_section(db: Database, *, year: int, as_of: date, branch: str | None, masked: bool) -> DevelopmentSection:
    try:
        from branchdesk.domain.development_check import check_case
        from branchdesk.domain.development_steps import Outcome
        from branchdesk.services.development_checks import relevant
        from branchdesk.services.development_store import load_cases, load_roster_index
    except ImportError:
        return DevelopmentSection(missing="“发展党员”功能尚未完成，本部分暂无数据。")
    with db.session() as session:  # one read; the checker then runs once per record
        roster = load_roster_index(session)
        cases = load_cases(session, branch=branch)
    from branchdesk.services.membership_figures import development_year

    flow = development_year(db, year, branch=branch, as_of=as_of)  # 接收/转正 as on the 基本情况 page
    section = DevelopmentSection(flow=[Count(label, value) for label, value in flow.rows()])
    last = date(year, 12, 31)
    stages: dict[str, int] = dict.fromkeys(PIPELINE, 0)
    for case in cases:
        started = case.on(1)
        if not relevant(case, year) or (started is not None and started > last):
            continue
        findings = [f for f in check_case(case, roster, as_of) if f.severity is not Severity.INFO]
        stage = case.outcome.value if case.outcome in (Outcome.CANCELLED, Outcome.STOPPED) else case.stage.value
        if stage in stages and not case.closed:
            stages[stage] += 1
        section.ledger.append(DevRow(
            case.name, case.sex, mask_id_number(case.id_number) if masked else case.id_number, case.branch, stage,
            case.on(1), case.on(3), case.on(7), case.on(15), case.on(24),
            sum(f.severity is Severity.ERROR for f in findings), sum(f.severity is Severity.WARNING for f in findings)))
        section.findings += [FindingRow(SEVERITY_LABELS[f.severity], f.branch or case.branch, f.person or case.name,
                                        f.message, f.rule) for f in findings]
    section.findings.sort(key=lambda f: (f.severity != SEVERITY_LABELS[Severity.ERROR], f.branch, f.person))
    section.pipeline = [Count(label, value) for label, value in stages.items()]
    return section


def _mentee(name: str, mentee_type: str, masked: bool) -> str:
    """Students' data kept to the minimum (domain.md §8): a student is shown as 张同学 unless unmasked."""
    if masked and mentee_type == "学生" and name:
        return f"{name[0]}同学"
    return name


def mentoring_section(db: Database, *, year: int, branch: str | None, masked: bool) -> MentoringSection:
    try:
        from branchdesk.services.mentoring import PairFilter, list_pairs
        from branchdesk.services.mentoring_figures import year_figures
    except ImportError:
        return MentoringSection(missing="“结对帮扶”功能尚未完成，本部分暂无数据。")
    figures = year_figures(db, year, branch=branch)
    section = MentoringSection(kinds=list(figures.kinds))
    section.rows = [MentoringBranchRow(r.branch, {k: r.pairs_by_kind.get(k, 0) for k in figures.kinds}, r.pairs,
                                       r.new_pairs, r.activities, r.hours, r.outcomes, r.evaluated, r.excellent)
                    for r in figures.rows]
    for p in list_pairs(db, PairFilter(year=year)):
        if branch is not None and p.branch != branch:
            continue
        section.pairs.append(PairRow(p.kind, p.branch, p.mentor, _mentee(p.mentee_name, p.mentee_type, masked),
                                     p.mentee_category, p.start_date, p.closed_on or p.planned_end, p.status,
                                     p.activity_count, p.hours, p.outcome_count, p.results))
    return section


def _in_year(measures, year: int) -> bool:  # type: ignore[no-untyped-def]
    """A ledger belongs to the year while any of its measures was open in it or finished in it."""
    first = date(year, 1, 1)
    for m in measures:
        finished = m.completion_date or m.closed_date
        if finished is None or finished >= first:
            return True
    return not measures


def rectification_section(db: Database, *, year: int, as_of: date, branch: str | None) -> RectificationSection:
    try:
        from branchdesk.domain.rectification import STATUS_ORDER
        from branchdesk.domain.rectification_figures import (
            compute_figures,
            is_closed_late,
            is_overdue,
            status_on,
        )
        from branchdesk.services.rectification_store import load_ledgers, load_measures
    except ImportError:
        return RectificationSection(missing="“整改台账”功能尚未完成，本部分暂无数据。")
    section = RectificationSection(statuses=[s.value for s in STATUS_ORDER])
    with db.session() as session:  # the area's bulk readers: ledgers, then all their measures at once
        ledgers = sorted(load_ledgers(session), key=lambda led: led.id)
        if branch is not None:
            ledgers = [led for led in ledgers if led.org_name == branch]
        measures = load_measures(session, ledger_ids=[led.id for led in ledgers])
    grouped: dict[int, list] = {led.id: [] for led in ledgers}  # type: ignore[type-arg]
    for measure in measures:
        grouped[measure.ledger_id].append(measure)
    every = []
    for ledger in ledgers:
        own = grouped[ledger.id]
        if (ledger.received_date is not None and ledger.received_date > date(year, 12, 31)) or not _in_year(own, year):
            continue
        fig = compute_figures(own, as_of)
        every += own
        section.ledgers.append(RectLedgerRow(
            ledger.title, ledger.source, ledger.org_name, ledger.received_date, ledger.deadline,
            len({m.problem_id for m in own}), fig.total, {s: fig.by_status.get(s, 0) for s in section.statuses},
            fig.overdue, fig.closed_late, share(fig.done, fig.total), share(fig.closed, fig.total)))
        for m in own:
            status = status_on(m, as_of)  # as it stood on the report's day (a later 销号 is not this year's)
            done = status in ("已完成", "已销号")
            flag = "逾期未完成" if is_overdue(m, as_of) else "逾期完成" if done and is_closed_late(m) else ""
            closed = m.closed_date if status == "已销号" else None
            completed = m.completion_date if status in ("已完成", "已销号") else None
            section.measures.append(MeasureRow(
                ledger.title, m.problem_number, m.category, m.problem_description, m.text, m.person, m.deadline,
                m.deadline_note, status, completed, closed, m.verifier if closed else "", flag, m.number,
                "\n".join(n.line() for n in m.progress if n.on is None or n.on <= as_of),
                "\n".join(e.name for e in m.evidence) if done else ""))
    total = compute_figures(every, as_of)
    section.status_totals = {s: total.by_status.get(s, 0) for s in section.statuses}
    section.total, section.overdue, section.late = total.total, total.overdue, total.closed_late
    section.completion_rate, section.closing_rate = share(total.done, total.total), share(total.closed, total.total)
    return section
