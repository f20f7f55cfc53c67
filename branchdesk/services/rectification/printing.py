"""The monthly 销号 review of a rectification ledger (or all of them), printed as a PDF page."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from branchdesk.db.engine import Database
from branchdesk.reports.rectification_review import write_review_pdf
from branchdesk.services.errors import NotFound
from branchdesk.services.rectification.figures import review_month
from branchdesk.services.rectification.records import find_ledger
from branchdesk.services.roster.organisation import get_school_name


def export_review_pdf(db: Database, path: Path, year: int, month: int, *, ledger: str | None = None,
                      as_of: date | None = None) -> int:
    """The monthly review page for one ledger (or all); returns the number of measures closed that month."""
    ledger_id = None
    title = "整改台账"
    subtitle = "全部整改台账"
    if ledger:
        record = find_ledger(db, ledger)
        if record is None:
            raise NotFound(f"没有名为“{ledger.strip()}”的整改台账")
        ledger_id, title = record.id, record.title
        subtitle = "　".join(x for x in (f"问题来源：{record.source}",
                                         f"所属组织：{record.org_name}" if record.org_name else "") if x)
    school = get_school_name(db)  # the school's name on every cover (issue 13)
    if school:
        subtitle = f"学校：{school}　{subtitle}"
    _, review = review_month(db, year, month, ledger_id=ledger_id, as_of=as_of)
    write_review_pdf(Path(path), review, title=title, subtitle=subtitle, printed_on=as_of)
    return len(review.closed)


