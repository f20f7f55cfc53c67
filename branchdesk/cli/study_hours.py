"""`branchdesk import|export|template study-hours`: the 党员学习培训记录 and the year's 学时台账."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from branchdesk.db.engine import Database
from branchdesk.services.import_report import ImportReport
from branchdesk.services.study_hours.excel import export_study_hours as _export
from branchdesk.services.study_hours.excel import export_study_template, import_study_records


def import_study_hours(db: Database, path: Path, args: argparse.Namespace) -> ImportReport:
    return import_study_records(db, path, dry_run=getattr(args, "dry_run", False))


def export_study_hours(db: Database, path: Path, args: argparse.Namespace) -> str:
    year = getattr(args, "year", None) or date.today().year
    branch = getattr(args, "branch", None)
    members, records = _export(db, path, year=year, branch=branch)
    return f"已导出{year}年度党员学习学时台账：{branch or '全部党支部'} {members} 名党员、学习培训记录 {records} 条，到 {path}"


def template(path: Path) -> None:
    export_study_template(path)
