"""`branchdesk import|export KIND`: the steps every kind shares (open the database, back up before a
write, print the report or the reason) around the area's own adapter, named by kind in cli/main.py's
IMPORTERS and EXPORTERS (templates: templates.py)."""

from __future__ import annotations

import argparse
import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from branchdesk.cli.common import database_file, open_db
from branchdesk.cli.console import say
from branchdesk.cli.main import EXPORTERS, IMPORTERS, load
from branchdesk.db.engine import Database
from branchdesk.domain.file_errors import file_error
from branchdesk.services.errors import ServiceError
from branchdesk.services.storage.backups import backup_before_writing


def _backup_before_import(db: Database, args: argparse.Namespace) -> contextlib.AbstractContextManager[None]:
    """A backup before an import writes (issue 8), taken only once the file was read and checked:
    a refused import spends no backup (issue 21). A dry run writes nothing and needs none."""
    return contextlib.nullcontext() if args.dry_run else backup_before_writing(db, file=args.file)


def import_file(args: argparse.Namespace) -> int:
    importer = load(IMPORTERS[args.kind])
    with _dry_run_target(args) as target:
        db = open_db(target, create=True, daily_backup=not args.dry_run)
        try:
            with _backup_before_import(db, args):
                report = importer(db, Path(args.file), args)
        finally:
            db.close()
    say(report.to_text())
    return 0 if report.ok else 1


@contextlib.contextmanager
def _dry_run_target(args: argparse.Namespace) -> Iterator[argparse.Namespace]:
    """A dry run creates and changes no file. When its database file does not exist yet, it checks
    the file against a new database in a temporary folder of the system's, removed afterwards (the
    result is the same: a new database is empty). When the file exists but was written by an older
    BranchDesk, opening it would upgrade it (after a backup): the dry run works on a checked copy in
    that temporary folder instead, so the user's file stays byte for byte as it was. A dry run takes
    no daily backup either (import_file): it writes nothing, so there is nothing new to keep."""
    file = database_file(args.db) if args.dry_run else None
    if file is None:
        yield args
        return
    if file.exists():
        from branchdesk.db import migrate

        if not migrate.behind_this_version(file):
            yield args
            return
    from branchdesk.db.leftovers import DRY_RUN_TEMP

    # named with this process's id: what a kill (or a copy still held open on Windows) leaves is
    # removed at the next open of any database (db/leftovers.py)
    with tempfile.TemporaryDirectory(prefix=f"{DRY_RUN_TEMP}{os.getpid()}-", ignore_cleanup_errors=True) as folder:
        trial = Path(folder) / "试运行.sqlite"
        if file.exists():
            from branchdesk.db.migrate import open_database
            from branchdesk.db.safe_copy import copy_database

            copy_database(file, trial)
            # upgraded here, its before-upgrade backup kept in the temporary folder with it: the
            # user's backup folder gets no copy of a file that is thrown away
            open_database(trial, backup_folder=Path(folder) / "备份").close()
        yield argparse.Namespace(**{**vars(args), "db": str(trial)})


# Kinds that can write a PDF (one meeting's record; the rectification month review). Every other kind
# writes a workbook only: `--format pdf` is refused before the database is opened or a file written.
PDF_KINDS = {"meetings", "meeting-record", "rectification"}
PDF_ONLY = {"meeting-record"}  # writes a PDF whatever --format says


def export_file(args: argparse.Namespace) -> int:
    """Exit 0 with a summary line, or 1 with the reason (nothing half-written: files are saved atomically)."""
    fmt = getattr(args, "format", "xlsx")
    if fmt == "pdf" and args.kind not in PDF_KINDS:
        say(f"导出失败：{args.kind} 只能导出为 Excel 工作簿（--format xlsx），不能导出 PDF；"
            f"可以导出 PDF 的有：{'、'.join(sorted(PDF_KINDS))}。未写入任何文件。")
        return 1
    if fmt == "xlsx" and args.kind not in PDF_ONLY and Path(args.out).suffix.lower() == ".pdf":
        say(f"导出失败：要导出 Excel 工作簿，但文件名“{args.out}”以 .pdf 结尾；请改为 .xlsx，或加 --format pdf。未写入任何文件。")
        return 1
    exporter = load(EXPORTERS[args.kind])
    db = open_db(args)
    try:
        say(exporter(db, Path(args.out), args))
    except ServiceError as exc:
        say(f"导出失败：{exc}")
        return 1
    except OSError as exc:
        say(f"导出失败：{file_error(exc, args.out, writing=True)}。未写入任何文件。")
        return 1
    finally:
        db.close()
    return 0
