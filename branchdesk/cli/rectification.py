"""`branchdesk import|export|template rectification`: 整改台账 workbooks, and with `--format pdf
--month 2025-06` the monthly 销号 review page."""

from __future__ import annotations

import argparse
import re
from datetime import date
from pathlib import Path

from branchdesk.db.engine import Database
from branchdesk.services.errors import ServiceError
from branchdesk.services.import_report import ImportReport
from branchdesk.services.rectification.excel import export_rectification as _export
from branchdesk.services.rectification.excel import export_template
from branchdesk.services.rectification.excel import import_rectification as _import
from branchdesk.services.rectification.printing import export_review_pdf


def import_rectification(db: Database, path: Path, args: argparse.Namespace) -> ImportReport:
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


def export_rectification(db: Database, path: Path, args: argparse.Namespace) -> str:
    """A ServiceError propagates: the command prints 导出失败 with the reason and exits 1."""
    ledger = getattr(args, "ledger", None)
    if getattr(args, "format", "xlsx") == "pdf":
        year, month = _month_arg(args)
        closed = export_review_pdf(db, path, year, month, ledger=ledger)
        return f"已生成 {year}年{month}月 月度销号情况（本月销号 {closed} 项）：{path}"
    ledgers, measures = _export(db, path, ledger=ledger)
    return f"已导出 {ledgers} 份整改台账、{measures} 项整改措施到 {path}"


def template(path: Path) -> None:
    export_template(path)
