"""`branchdesk import dues|dues-base FILE [--year Y] [--dry-run]`, `export dues --year Y --out F
[--branch B] [--unmasked]`, `template dues|dues-base --out F`: the 党费收缴登记表 and the base list."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from branchdesk.db.engine import Database
from branchdesk.services.dues.excel import export_base_template, export_dues_template
from branchdesk.services.dues.excel import export_dues as _export_dues
from branchdesk.services.dues.excel import import_dues as _import_dues
from branchdesk.services.dues.excel import import_dues_base as _import_dues_base
from branchdesk.services.import_report import ImportReport


def import_dues(db: Database, path: Path, args: argparse.Namespace) -> ImportReport:
    return _import_dues(db, path, year=getattr(args, "year", None), dry_run=getattr(args, "dry_run", False))


def import_dues_base(db: Database, path: Path, args: argparse.Namespace) -> ImportReport:
    return _import_dues_base(db, path, year=getattr(args, "year", None), dry_run=getattr(args, "dry_run", False))


def export_dues(db: Database, path: Path, args: argparse.Namespace) -> str:
    year = getattr(args, "year", None) or date.today().year
    return _export_dues(db, path, year=year, branch=getattr(args, "branch", None),
                        unmasked=getattr(args, "unmasked", False)).summary


def template(path: Path) -> None:
    export_dues_template(path)


def base_template(path: Path) -> None:
    export_base_template(path)
