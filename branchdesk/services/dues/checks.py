"""The dues check for `branchdesk check` and the home page (domain.md §5: DUES-RATE, DUES-BASE-CHANGE,
DUES-TIMING, DUES-LAPSE and the branch's book): the year read in one snapshot, judged by
domain.dues.rules per branch."""

from __future__ import annotations

from datetime import date

from branchdesk.db.engine import Database
from branchdesk.domain.dues.rules import dues_findings
from branchdesk.domain.findings import Finding
from branchdesk.services.dues.store import load_year


def check_dues(db: Database, *, year: int, as_of: date, branch: str | None = None) -> list[Finding]:
    """Every dues finding of `year` as of `as_of`, for one branch (by name) or all."""
    with db.reading(), db.session() as session:
        dues = load_year(session, year, as_of, branch)
    result: list[Finding] = []
    for b in dues.branches:
        result += dues_findings(b.branch, b.ledgers, b.book, year, as_of, dues.settings)
    return result
