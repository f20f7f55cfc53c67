"""Export rectification ledgers to Excel (the import's shape) and print the monthly review (PDF), and
the CLI adapters for `branchdesk import/export/template rectification`."""

from __future__ import annotations

import argparse
import re
from datetime import date
from pathlib import Path

from branchdesk.db.engine import Database
from branchdesk.domain.rectification_figures import compute_figures, figures_by
from branchdesk.domain.rectification_records import LedgerDocument
from branchdesk.io.rectification_xlsx_write import LedgerSheetData, write_ledgers, write_template
from branchdesk.reports.rectification_review import write_review_pdf
from branchdesk.services.errors import NotFound, ServiceError
from branchdesk.services.import_report import ImportReport
from branchdesk.services.organisation import get_school_name
from branchdesk.services.rectification import find_ledger
from branchdesk.services.rectification_figures import review_month
from branchdesk.services.rectification_import import import_rectification as _import
from branchdesk.services.rectification_store import load_ledgers, load_measures


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
    school = get_school_name(db)
    if school:
        subtitle = f"学校：{school}　{subtitle}"
    _, review = review_month(db, year, month, ledger_id=ledger_id, as_of=as_of)
    write_review_pdf(Path(path), review, title=title, subtitle=subtitle, printed_on=as_of)
    return len(review.closed)


# --- CLI adapters (registered in branchdesk.cli) ---------------------------------------------------

def cli_import(db: Database, path: Path, args: argparse.Namespace) -> ImportReport:
    return _import(db, path, ledger=getattr(args, "ledger", None), source=getattr(args, "source", None),
                   branch=getattr(args, "branch", None), dry_run=args.dry_run)


def _month_arg(args: argparse.Namespace) -> tuple[int, int]:
    text = getattr(args, "month", None)
    today = date.today()
    if not text:
        return (args.year or today.year), today.month if not args.year or args.year == today.year else 12
    match = re.match(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?\s*$", str(text))
    if match and 1 <= int(match.group(2)) <= 12:
        return int(match.group(1)), int(match.group(2))
    if str(text).strip().isdigit() and 1 <= int(text) <= 12:
        return (args.year or today.year), int(text)
    raise ServiceError(f"无法识别月份“{text}”，请写成 2025-06")


def cli_export(db: Database, path: Path, args: argparse.Namespace) -> str:
    """A ServiceError propagates: the CLI prints 导出失败 with the reason and exits 1."""
    ledger = getattr(args, "ledger", None)
    if getattr(args, "format", "xlsx") == "pdf":
        year, month = _month_arg(args)
        closed = export_review_pdf(db, path, year, month, ledger=ledger)
        return f"已生成 {year}年{month}月 月度销号情况（本月销号 {closed} 项）：{path}"
    ledgers, measures = export_rectification(db, path, ledger=ledger)
    return f"已导出 {ledgers} 份整改台账、{measures} 项整改措施到 {path}"


def cli_template(path: Path) -> None:
    write_template(Path(path))
