"""Which import a before-import backup was taken before, for a backup made before BranchDesk kept the
imported file's name in its sidecar (NOTE12 "Left": such a backup read "导入前" and nothing more).

What can still be known is read from this database's change history: the backup holds the history up
to its last row, and the import it was taken before wrote the very next rows, a moment after the
backup — their tables name the area ("三会一课台账"). Nothing is guessed: when the history here does not
continue the backup's (a restore since), or its next rows were not written within minutes of the
backup (the import was refused or cancelled, and something else was saved later), the area is not
known and the backup stays "导入前", its time in the list as ever.
"""

from __future__ import annotations

import contextlib
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from branchdesk.db import cipher
from branchdesk.db import files as dbfiles
from branchdesk.db.backup_info import BackupInfo

BEFORE_IMPORT = "before-import"
# the import's rows follow its backup at once (db.before_first_write); minutes, for a slow PC
WRITTEN_WITHIN = timedelta(minutes=10)
READ_AT_MOST = 50_000  # rows of the import's first write looked at (a roster of 10,000 writes more)
# the tables an import writes first, by the import's name as its window names it; the first found wins
# (a roster import may create 党组织 too, a 三会一课 import never writes a member)
AREAS = (("rect_", "整改台账"), ("meeting", "三会一课台账"), ("study_", "学习培训记录"), ("dues_", "党费台账"),
         ("dev_", "发展党员工作台账"), ("mentoring_", "结对帮扶台账"), ("members", "党员花名册"),
         ("member_moves", "党员花名册"), ("committee_posts", "党员花名册"), ("organisations", "党员花名册"))


def area_of(tables: set[str]) -> str | None:
    """The import that writes `tables` (change_log's table names), or None when none is an import's."""
    for prefix, area in AREAS:
        if any(table.startswith(prefix) for table in tables):
            return area
    return None


def imported_areas(database: Path, infos: list[BackupInfo]) -> dict[Path, str]:
    """backup path -> what it was taken before ("三会一课台账，未记录文件名"), for the before-import
    backups in `infos` that name no file, as far as `database`'s history tells; {} when it cannot be
    read (locked, damaged)."""
    wanted = [info for info in infos if info.reason == BEFORE_IMPORT and not info.note]
    if not wanted:
        return {}
    unreadable: tuple[type[BaseException], ...] = (OSError, cipher.CipherError, *dbfiles.errors())
    try:
        connection = dbfiles.open_file(database, read_only=True)
    except unreadable:
        return {}
    found: dict[Path, str] = {}
    try:
        for info in wanted:
            with contextlib.suppress(*dbfiles.errors()):
                area = _area_after(connection, info)
                if area is not None:
                    found[info.path] = f"{area}，未记录文件名"
    finally:
        connection.close()
    return found


def _area_after(connection: Any, info: BackupInfo) -> str | None:
    """The area of the rows written right after the backup `info`, in the history `connection` holds."""
    head = 0
    if info.history is not None:
        row = connection.execute("SELECT hash FROM change_log WHERE id = ?", (info.history.head_id,)).fetchone()
        if row is None or row[0] != info.history.head_hash:
            return None  # this history does not continue the backup's
        head = info.history.head_id
    elif info.counts.get("change_log"):
        return None
    row = connection.execute("SELECT at FROM change_log WHERE id = ?", (head + 1,)).fetchone()
    if row is None:
        return None
    try:
        written = datetime.fromisoformat(str(row[0]))
    except ValueError:
        return None
    if not info.created <= written <= info.created + WRITTEN_WITHIN:
        return None
    tables = {str(name) for (name,) in connection.execute(
        "SELECT DISTINCT table_name FROM change_log WHERE id > ? AND id <= ? AND at = ?",
        (head, head + READ_AT_MOST, row[0]))}
    return area_of(tables)
