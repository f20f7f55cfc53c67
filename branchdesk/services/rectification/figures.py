"""Figures per ledger, category and responsible person, and the monthly review (月度销号)
(domain.md §6: RECT-RATIOS, RECT-MONTHLY-REVIEW). The findings built on them are in checks.py."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from branchdesk.db.engine import Database
from branchdesk.domain.rectification.figures import (
    Figures,
    MonthlyReview,
    compute_figures,
    figures_by,
    monthly_review,
)
from branchdesk.domain.rectification.records import LedgerRecord, MeasureRecord
from branchdesk.services.rectification.store import live_ledger, load_ledgers, load_measures

DUE_SOON_DAYS = 14


@dataclass
class LedgerFigures:
    ledger: LedgerRecord
    overall: Figures
    by_category: dict[str, Figures] = field(default_factory=dict)
    by_person: dict[str, Figures] = field(default_factory=dict)


@dataclass
class LedgerView:
    """What the window shows for one ledger: its measures and figures from one read."""

    ledger: LedgerRecord
    measures: list[MeasureRecord]
    figures: LedgerFigures


def figures_for(ledger: LedgerRecord, measures: list[MeasureRecord], on: date) -> LedgerFigures:
    return LedgerFigures(
        ledger=ledger,
        overall=compute_figures(measures, on),
        by_category=figures_by(measures, lambda m: m.category, on),
        by_person=figures_by(measures, lambda m: m.person, on),
    )


def open_ledger(db: Database, ledger_id: int, on: date | None = None) -> LedgerView:
    """A ledger's measures with its figures (the window's “open ledger”; see the benchmark)."""
    on = on or date.today()
    with db.session() as session:
        live_ledger(session, ledger_id)
        ledger = load_ledgers(session, [ledger_id])[0]
        measures = load_measures(session, ledger_ids=[ledger_id])
    return LedgerView(ledger, measures, figures_for(ledger, measures, on))


def ledger_figures(db: Database, ledger_id: int, on: date | None = None) -> LedgerFigures:
    return open_ledger(db, ledger_id, on).figures


def all_ledger_figures(db: Database, on: date | None = None) -> list[LedgerFigures]:
    """Figures of every ledger, for the ledgers list."""
    on = on or date.today()
    with db.session() as session:
        ledgers = load_ledgers(session)
        measures = load_measures(session)
    grouped: dict[int, list[MeasureRecord]] = {}
    for measure in measures:
        grouped.setdefault(measure.ledger_id, []).append(measure)
    return [figures_for(ledger, grouped.get(ledger.id, []), on) for ledger in ledgers]


def review_month(db: Database, year: int, month: int, *, ledger_id: int | None = None,
                 as_of: date | None = None) -> tuple[list[LedgerRecord], MonthlyReview]:
    """月度销号 for one ledger (or all): closed in the month, overdue, due next month."""
    as_of = as_of or date.today()
    with db.session() as session:
        if ledger_id is not None:
            live_ledger(session, ledger_id)
        ledgers = load_ledgers(session, [ledger_id] if ledger_id is not None else None)
        measures = load_measures(session, ledger_ids=[ledger_id] if ledger_id is not None else None)
    return ledgers, monthly_review(measures, year, month, as_of)




