"""`branchdesk import|export|template mentoring`: the 结对帮扶台账."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # a command imports its area's services when it runs (issue 18)
    from branchdesk.db.engine import Database
    from branchdesk.services.import_report import ImportReport


def import_mentoring(db: Database, path: Path, args: argparse.Namespace) -> ImportReport:
    from branchdesk.services.mentoring.excel import import_mentoring as _import

    return _import(db, path, dry_run=args.dry_run)


def export_mentoring(db: Database, path: Path, args: argparse.Namespace) -> str:
    from branchdesk.services.mentoring.excel import export_mentoring as _export

    year = getattr(args, "year", None)
    count = _export(db, path, year=year, branch=getattr(args, "branch", None))
    scope = f"{year}年度" if year else "全部"
    return f"已导出{scope}结对帮扶台账 {count} 对到 {path}"


def template(path: Path) -> None:
    from branchdesk.io.mentoring_xlsx import write_template  # no database: not even SQLAlchemy

    write_template(path)
