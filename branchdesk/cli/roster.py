"""`branchdesk import|export|template roster`: the 党员花名册."""

from __future__ import annotations

import argparse
from pathlib import Path

from branchdesk.db.engine import Database
from branchdesk.services.import_report import ImportReport
from branchdesk.services.roster.excel import export_roster as _export_roster
from branchdesk.services.roster.excel import export_roster_template
from branchdesk.services.roster.excel import import_roster as _import_roster


def import_roster(db: Database, path: Path, args: argparse.Namespace) -> ImportReport:
    return _import_roster(db, path, dry_run=args.dry_run, create_orgs=getattr(args, "create_orgs", False))


def export_roster(db: Database, path: Path, args: argparse.Namespace) -> str:
    count = _export_roster(db, path, masked=not args.unmasked, branch=args.branch)
    masked = "（完整身份证号）" if args.unmasked else "（身份证号已遮蔽）"
    return f"已导出 {count} 名党员到 {path}{masked}"


def template(path: Path) -> None:
    export_roster_template(path)
