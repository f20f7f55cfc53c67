"""整改台账 for the year-end report (issue 7 item 6), built on the rectification area's bulk readers
and its figures (RECT-RATIOS): every ledger that ran in the year, its measures and the totals."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from branchdesk.db import tables
from branchdesk.db.queries import org_ids_named
from branchdesk.db.table_reads import read_rows
from branchdesk.domain.annual_report.rectification_section import (
    MeasureRow,
    RectificationSection,
    RectLedgerRow,
)
from branchdesk.domain.annual_report.sections import share
from branchdesk.domain.rectification.figures import compute_figures, is_closed_late, is_overdue, status_on
from branchdesk.domain.rectification.records import LedgerRecord, MeasureRecord
from branchdesk.domain.rectification.status import STATUS_ORDER
from branchdesk.domain.text import same_name
from branchdesk.services.rectification.store import load_ledgers, load_measures

_ORGS = tables.organisations.c


def _in_year(measures: list[MeasureRecord], year: int) -> bool:
    """A ledger belongs to the year while any of its measures was open in it or finished in it."""
    first = date(year, 1, 1)
    for m in measures:
        finished = m.completion_date or m.closed_date
        if finished is None or finished >= first:
            return True
    return not measures


def _sources(ledger_source: str, measures: list[MeasureRecord]) -> str:
    """The 问题来源 a ledger's row shows: each problem keeps its own (an imported ledger's problems may come from
    a 组织生活会, an 上级检查 and a 民主评议 — trial R TR-11: the volume gave the first row's to all); the ledger's
    own when its problems name no other."""
    own = list(dict.fromkeys(m.problem_source for m in sorted(measures, key=lambda m: m.problem_id)
                             if m.problem_source))
    return "、".join(own) if own and own != [ledger_source] else ledger_source


def _above(session: Session, branch: str) -> set[int]:
    """The organisations over the branch named `branch` (its 党总支, 党委…)."""
    parents = dict(read_rows(session, select(_ORGS.id, _ORGS.parent_id)))
    found: set[int] = set()
    for org_id in org_ids_named(session, branch):
        parent = parents.get(org_id)
        while parent is not None and parent not in found:
            found.add(parent)
            parent = parents.get(parent)
    return found


def _ledger_row(ledger: LedgerRecord, own: list[MeasureRecord], as_of: date, statuses: list[str]) -> RectLedgerRow:
    fig = compute_figures(own, as_of)
    return RectLedgerRow(
        ledger.title, _sources(ledger.source, own), ledger.org_name, ledger.received_date, ledger.deadline,
        len({m.problem_id for m in own}), fig.total, {s: fig.by_status.get(s, 0) for s in statuses},
        fig.overdue, fig.closed_late, share(fig.done, fig.total), share(fig.closed, fig.total))


def rectification_section(session: Session, *, year: int, as_of: date, branch: str | None) -> RectificationSection:
    section = RectificationSection(statuses=[s.value for s in STATUS_ORDER])
    ledgers = sorted(load_ledgers(session), key=lambda led: led.id)  # the area's bulk readers: ledgers,
    above: list[LedgerRecord] = []
    if branch is not None:  # then all their measures at once
        over = _above(session, branch)  # filed at the 党委/党总支 over the branch: said, not counted (TR-2)
        above = [led for led in ledgers if led.org_id is None or led.org_id in over]
        ledgers = [led for led in ledgers if same_name(led.org_name, branch)]
    measures = load_measures(session, ledger_ids=[led.id for led in [*ledgers, *above]])
    grouped: dict[int, list[MeasureRecord]] = {led.id: [] for led in [*ledgers, *above]}
    for measure in measures:
        grouped[measure.ledger_id].append(measure)
    for ledger in above:
        own = grouped[ledger.id]
        if (ledger.received_date is None or ledger.received_date <= date(year, 12, 31)) and _in_year(own, year):
            section.elsewhere.append(_ledger_row(ledger, own, as_of, section.statuses))
    every = []
    for ledger in ledgers:
        own = grouped[ledger.id]
        if (ledger.received_date is not None and ledger.received_date > date(year, 12, 31)) or not _in_year(own, year):
            continue
        every += own
        section.ledgers.append(_ledger_row(ledger, own, as_of, section.statuses))
        for m in own:
            status = status_on(m, as_of)  # as it stood on the report's day (a later 销号 is not this year's)
            done = status in ("已完成", "已销号")
            flag = "逾期未完成" if is_overdue(m, as_of) else "逾期完成" if done and is_closed_late(m) else ""
            closed = m.closed_date if status == "已销号" else None
            completed = m.completion_date if done else None
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
