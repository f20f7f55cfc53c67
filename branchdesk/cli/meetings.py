"""`branchdesk import|export|template meetings` and `export meeting-record`: the 三会一课台账 and one
meeting's 会议记录 as PDF."""

from __future__ import annotations

import argparse
from pathlib import Path

from branchdesk.db.engine import Database
from branchdesk.services.errors import ServiceError
from branchdesk.services.import_report import ImportReport
from branchdesk.services.meetings.excel import export_meetings, export_meetings_template, import_meetings
from branchdesk.services.meetings.printing import export_meeting_record_pdf


def import_ledger(db: Database, path: Path, args: argparse.Namespace) -> ImportReport:
    return import_meetings(db, path, dry_run=args.dry_run)


def export_ledger(db: Database, path: Path, args: argparse.Namespace) -> str:
    """`export meetings --out F.xlsx [--year Y] [--branch B]`; with `--format pdf --id N` one record."""
    if getattr(args, "format", "xlsx") == "pdf":
        return export_record(db, path, args)
    count = export_meetings(db, path, year=args.year, branch=args.branch)
    return f"已导出 {count} 次会议到 {path}"


def export_record(db: Database, path: Path, args: argparse.Namespace) -> str:
    """`export meeting-record --id N --out F.pdf`: one meeting as a 会议记录本 page."""
    meeting_id = getattr(args, "id", None)
    if meeting_id is None:
        raise ServiceError("请用 --id 指定会议记录的编号（见软件“三会一课”会议列表最右侧的“编号”一列）")
    export_meeting_record_pdf(db, meeting_id, path)
    return f"已导出会议记录（编号 {meeting_id}）到 {path}"


def template(path: Path) -> None:
    export_meetings_template(path)
