"""Export the roster (and its empty template) as the import's own workbook shape (round trip)."""

from __future__ import annotations

from pathlib import Path

from branchdesk.db.engine import Database
from branchdesk.io.roster_xlsx import write_roster, write_template
from branchdesk.services.roster.organisation import get_school_name
from branchdesk.services.roster.records import list_members


def export_roster(db: Database, path: Path, *, masked: bool = True, branch: str | None = None) -> int:
    """Write the active members (of one branch, if named); ID numbers masked unless asked otherwise."""
    members = list_members(db)
    if branch:
        members = [m for m in members if m.branch == branch]
    return write_roster(Path(path), members, masked=masked, school=get_school_name(db))


def export_roster_template(path: Path) -> None:
    write_template(Path(path))
