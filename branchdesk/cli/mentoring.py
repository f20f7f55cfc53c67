"""`branchdesk import|export|template mentoring`: the 结对帮扶台账."""

from __future__ import annotations

import argparse
from pathlib import Path

from branchdesk.db.engine import Database
from branchdesk.services.import_report import ImportReport
from branchdesk.services.mentoring.excel import export_mentoring as _export
from branchdesk.services.mentoring.excel import export_mentoring_template
from branchdesk.services.mentoring.excel import import_mentoring as _import


def import_mentoring(db: Database, path: Path, args: argparse.Namespace) -> ImportReport:
    return _import(db, path, dry_run=args.dry_run)


def export_mentoring(db: Database, path: Path, args: argparse.Namespace) -> str:
    year = getattr(args, "year", None)
    count = _export(db, path, year=year, branch=getattr(args, "branch", None))
    scope = f"{year}年度" if year else "全部"
    return f"已导出{scope}结对帮扶台账 {count} 对到 {path}"


def template(path: Path) -> None:
    export_mentoring_template(path)
