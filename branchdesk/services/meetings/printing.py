"""One meeting printed as a 会议记录本-style PDF page (issue 3)."""

from __future__ import annotations

from pathlib import Path

from branchdesk.db.engine import Database
from branchdesk.paths import cjk_font_file
from branchdesk.reports.meeting_record_pdf import write_meeting_record
from branchdesk.services.meetings.records import get_meeting
from branchdesk.services.roster.organisation import get_school_name


def export_meeting_record_pdf(db: Database, meeting_id: int, path: Path) -> Path:
    record = get_meeting(db, meeting_id)
    write_meeting_record(Path(path), record, font_file=cjk_font_file(), school=get_school_name(db))
    return Path(path)


