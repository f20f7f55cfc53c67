"""Export the 结对帮扶台账 (all pairs, or those that ran in a year, of one branch if named)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from branchdesk.db.engine import Database
from branchdesk.db.models import MentoringOutcome
from branchdesk.io.mentoring_xlsx import LedgerEntry, write_mentoring, write_template
from branchdesk.services.mentoring.records import PairFilter, list_pairs
from branchdesk.services.roster.organisation import get_school_name


def ledger_entries(db: Database, *, year: int | None = None, branch: str | None = None) -> list[LedgerEntry]:
    """Pairs with their dated outcomes; for a year, only outcomes dated in that year go in 成效."""
    pairs = [p for p in list_pairs(db, PairFilter(year=year)) if not branch or p.branch == branch]
    outcomes: dict[int, list] = {}  # type: ignore[type-arg]
    with db.session() as session:
        query = select(MentoringOutcome).where(MentoringOutcome.deleted_at.is_(None))
        for row in session.scalars(query.order_by(MentoringOutcome.outcome_date, MentoringOutcome.id)):
            if year is None or row.outcome_date.year == year:
                outcomes.setdefault(row.pair_id, []).append((row.outcome_date, row.kind, row.description))
    return [LedgerEntry(p, outcomes.get(p.id, [])) for p in pairs]


def export_mentoring(db: Database, path: Path, *, year: int | None = None, branch: str | None = None) -> int:
    entries = ledger_entries(db, year=year, branch=branch)
    return write_mentoring(Path(path), entries, school=get_school_name(db), year=year)


def export_mentoring_template(path: Path) -> None:
    write_template(Path(path))
