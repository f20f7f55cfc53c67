"""`branchdesk import|export|template development`: the 发展党员工作台账."""

from __future__ import annotations

import argparse
from pathlib import Path

from branchdesk.db.engine import Database
from branchdesk.services.development.excel import export_development as _export
from branchdesk.services.development.excel import export_development_template
from branchdesk.services.development.excel import import_development as _import
from branchdesk.services.import_report import ImportReport


def import_development(db: Database, path: Path, args: argparse.Namespace) -> ImportReport:
    return _import(db, path, dry_run=args.dry_run)


def export_development(db: Database, path: Path, args: argparse.Namespace) -> str:
    count = _export(db, path, masked=not getattr(args, "unmasked", False), branch=getattr(args, "branch", None))
    masked = "（完整身份证号）" if getattr(args, "unmasked", False) else "（身份证号已遮蔽）"
    return f"已导出 {count} 人的发展党员工作台账到 {path}{masked}"


def template(path: Path) -> None:
    export_development_template(path)
