"""The command line's 党费 kinds (`branchdesk import dues|dues-base FILE [--year Y] [--dry-run]`,
`export dues --year Y --out F [--branch B] [--unmasked]`, `template dues|dues-base --out F`): thin
adapters from the parsed arguments to the use cases in excel.py. They take the parsed arguments as
any object with these attributes; parsing and printing stay in the command-line layer."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from branchdesk.db.engine import Database
from branchdesk.services.dues.excel import (
    export_base_template,
    export_dues,
    export_dues_template,
    import_dues,
    import_dues_base,
)
from branchdesk.services.import_report import ImportReport


def import_ledger(db: Database, path: Path, args: object) -> ImportReport:
    return import_dues(db, path, year=getattr(args, "year", None), dry_run=getattr(args, "dry_run", False))


def import_bases(db: Database, path: Path, args: object) -> ImportReport:
    return import_dues_base(db, path, year=getattr(args, "year", None), dry_run=getattr(args, "dry_run", False))


def export_ledger(db: Database, path: Path, args: object) -> str:
    year = getattr(args, "year", None) or date.today().year
    return export_dues(db, path, year=year, branch=getattr(args, "branch", None),
                       unmasked=getattr(args, "unmasked", False)).summary


def template(path: Path) -> None:
    export_dues_template(path)


def base_template(path: Path) -> None:
    export_base_template(path)
