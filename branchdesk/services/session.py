"""Opening databases for the services, the CLI and the window alike."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from branchdesk.db.engine import Database
from branchdesk.db.migrate import DatabaseOpenError, open_database
from branchdesk.paths import configured_database

__all__ = ["Database", "DatabaseOpenError", "open", "open_default"]


_notice_sink: Callable[[str], None] | None = None


def tell_notices_to(sink: Callable[[str], None] | None) -> None:
    """Where the notices of every database opened from now on go (the command line prints them):
    what the window shows at start — a failed daily backup, a recovery key never confirmed, plain
    backups found beside an encrypted database (issue 21). None: they stay on `Database.notices`."""
    global _notice_sink
    _notice_sink = sink


def open(target: str | Path | None = None) -> Database:  # noqa: A001 - reads well as session.open(path)
    """Open the given database, or the configured one (paths.configured_database: normally the file in
    the user's data folder, created on first use; or the committee's shared server database)."""
    database = open_database(target if target is not None else configured_database())
    if _notice_sink is not None and database.notices:
        for notice in database.notices:
            _notice_sink(f"提醒：{notice}")
        database.notices.clear()
    return database


def open_default() -> Database:
    return open(None)
