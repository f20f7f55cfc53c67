"""The printable PDF of one person's development timeline (reports.development_timeline_pdf)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from branchdesk.db.engine import Database
from branchdesk.paths import cjk_font_file
from branchdesk.reports.development_timeline_pdf import write_timeline_pdf
from branchdesk.services.development.checks import timeline
from branchdesk.services.roster.organisation import get_school_name


def export_timeline_pdf(db: Database, case_id: int, path: Path, as_of: date | None = None, *,
                        masked: bool = True) -> Path:
    as_of = as_of or date.today()
    case, items = timeline(db, case_id, as_of)
    write_timeline_pdf(case, items, Path(path), font_file=cjk_font_file(), school=get_school_name(db), as_of=as_of,
                       masked=masked)
    return Path(path)
