"""Export rectification ledgers to Excel (the import's shape), its empty template, and print the
monthly review (PDF)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from branchdesk.db.engine import Database
from branchdesk.domain.rectification.figures import compute_figures, figures_by
from branchdesk.domain.rectification.records import LedgerDocument
from branchdesk.io.rectification_xlsx_write import LedgerSheetData, write_ledgers, write_template
from branchdesk.reports.rectification_review import write_review_pdf
from branchdesk.services.errors import NotFound
from branchdesk.services.rectification.figures import review_month
from branchdesk.services.rectification.records import find_ledger
from branchdesk.services.rectification.store import load_ledgers, load_measures


def ledger_documents(db: Database, ledger_title: str | None = None) -> list[LedgerDocument]:
    with db.session() as session:
        ledgers = load_ledgers(session)
        if ledger_title:
            ledgers = [led for led in ledgers if led.title == ledger_title.strip()]
            if not ledgers:
                raise NotFound(f"没有名为“{ledger_title.strip()}”的整改台账")
        ledgers.sort(key=lambda led: led.id)
        measures = load_measures(session, ledger_ids=[led.id for led in ledgers])
    grouped: dict[int, list] = {led.id: [] for led in ledgers}
    for measure in measures:
        grouped[measure.ledger_id].append(measure)
    return [LedgerDocument(led, grouped[led.id]) for led in ledgers]


def export_rectification(db: Database, path: Path, *, ledger: str | None = None,
                         as_of: date | None = None) -> tuple[int, int]:
    """All ledgers (one sheet each) or the named one; returns (ledgers, measures) written."""
    as_of = as_of or date.today()
    documents = ledger_documents(db, ledger)
    sheets = [
        LedgerSheetData(doc, compute_figures(doc.measures, as_of),
                        figures_by(doc.measures, lambda m: m.category, as_of), as_of)
        for doc in documents
    ]
    return len(documents), write_ledgers(Path(path), sheets)


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
    _, review = review_month(db, year, month, ledger_id=ledger_id, as_of=as_of)
    write_review_pdf(Path(path), review, title=title, subtitle=subtitle, printed_on=as_of)
    return len(review.closed)


def export_template(path: Path) -> None:
    """The empty 整改台账 workbook to fill in (the import's shape)."""
    write_template(Path(path))
