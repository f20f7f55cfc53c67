"""The 成效 of each pair for the year-end volume (domain.md §7: "reports count pairs, activities and
results"): every outcome dated in the year, as the mentoring ledger's export lists them in its 成效
column (date, kind, text), so an entered 成效 is printed, not only counted. One set query per 900 pairs
on the report's one Session."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from branchdesk.db import tables
from branchdesk.db.table_reads import read_rows

_OUTCOMES = tables.mentoring_outcomes.c  # read on the table: the report runs no ORM query (db/table_reads.py)


def outcome_lines(session: Session, pair_ids: list[int], year: int) -> dict[int, list[tuple[date, str, str]]]:
    """pair id -> (date, kind, text) of every outcome dated in `year`, by date (the figures count these)."""
    found: dict[int, list[tuple[date, str, str]]] = defaultdict(list)
    first, last = date(year, 1, 1), date(year, 12, 31)
    for start in range(0, len(pair_ids), 900):  # SQLite's bound-parameter limit
        part = pair_ids[start:start + 900]
        query = (select(_OUTCOMES.pair_id, _OUTCOMES.outcome_date, _OUTCOMES.kind, _OUTCOMES.description)
                 .where(_OUTCOMES.pair_id.in_(part), _OUTCOMES.deleted_at.is_(None),
                        _OUTCOMES.outcome_date.between(first, last))
                 .order_by(_OUTCOMES.outcome_date, _OUTCOMES.id))
        for pair_id, day, kind, text in read_rows(session, query):
            found[pair_id].append((day, kind or "", text or ""))
    return found
