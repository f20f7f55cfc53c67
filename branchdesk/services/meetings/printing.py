"""Export the 三会一课台账 (the import's own shape) and one meeting as a 会议记录本-style PDF (issue 3)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from branchdesk.db.engine import Database
from branchdesk.db.models import Meeting
from branchdesk.db.queries import find_branch
from branchdesk.io.meetings_xlsx import write_ledger, write_template
from branchdesk.paths import cjk_font_file
from branchdesk.reports.meeting_record_pdf import write_meeting_record
from branchdesk.services.errors import NotFound
from branchdesk.services.meetings.records import get_meeting
from branchdesk.services.meetings.store import load_records
from branchdesk.services.roster.organisation import get_school_name


def export_meetings(db: Database, path: Path, *, year: int | None = None, branch: str | None = None) -> int:
    """Write the ledger (of one year and/or branch, if given), oldest first as in a paper ledger."""
    with db.session() as session:
        query = select(Meeting.id).where(Meeting.deleted_at.is_(None))
        if branch:
            org = find_branch(session, branch)
            if org is None:
                raise NotFound(f"没有名为“{branch}”的党支部")
            query = query.where(Meeting.branch_id == org.id)
        if year is not None:
            query = query.where(Meeting.meeting_date.between(f"{year}-01-01", f"{year}-12-31"))
        ids = list(session.scalars(query.order_by(Meeting.meeting_date, Meeting.start_time, Meeting.id)))
        records = load_records(session, ids)
    scope = "　".join(x for x in ((branch or "全部党支部"), f"{year}年度" if year else "") if x)
    return write_ledger(Path(path), records, school=get_school_name(db), scope=scope)


def export_meeting_record_pdf(db: Database, meeting_id: int, path: Path) -> Path:
    record = get_meeting(db, meeting_id)
    write_meeting_record(Path(path), record, font_file=cjk_font_file(), school=get_school_name(db))
    return Path(path)


def export_meetings_template(path: Path) -> None:
    write_template(Path(path))
