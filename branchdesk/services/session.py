"""Opening databases for the services, the CLI and the window alike, and the one read transaction a
report gathers all its figures in."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy.orm import Session

from branchdesk.db.engine import Database
from branchdesk.db.migrate import DatabaseOpenError, open_database
from branchdesk.db.migrate import daily_backup as _daily_backup
from branchdesk.paths import configured_database
from branchdesk.services.shared_reads import share_reads

__all__ = ["Database", "DatabaseOpenError", "daily_backup", "open", "snapshot"]


_notice_sink: Callable[[str], None] | None = None


def tell_notices_to(sink: Callable[[str], None] | None) -> None:
    """Where the notices of every database opened from now on go (the command line prints them):
    what the window shows at start — a failed daily backup, a recovery key never confirmed, plain
    backups found beside an encrypted database (issue 21). None: they stay on `Database.notices`."""
    global _notice_sink
    _notice_sink = sink


def open(target: str | Path | None = None, *, daily_backup: bool = True) -> Database:  # noqa: A001 - reads well as session.open(path)
    """Open the given database, or the configured one (paths.configured_database: normally the file in
    the user's data folder, created on first use; or the committee's shared server database).
    `daily_backup=False`: the caller runs `daily_backup` itself later (the window, in the background
    once it is shown)."""
    database = open_database(target if target is not None else configured_database(), auto_backup=daily_backup)
    if _notice_sink is not None and database.notices:
        for notice in database.notices:
            _notice_sink(f"提醒：{notice}")
        database.notices.clear()
    return database


def daily_backup(db: Database) -> list[str]:
    """The backup of the first open of a day on which the data changed (db/migrate); the notices it
    gives (a failure is a notice, never a refusal)."""
    return _daily_backup(db)


@contextmanager
def snapshot(db: Database) -> Iterator[Session]:
    """One read-only transaction that sees the database as it stood when it began, whatever is saved
    meanwhile: every figure of a report read inside it agrees with every other. SQLite in WAL mode
    keeps a reader's snapshot for its whole transaction; PostgreSQL needs REPEATABLE READ for that
    (its default, READ COMMITTED, takes a new snapshot per statement). It never takes the write lock."""
    with db.reading(), db.session() as session:
        if session.get_bind().dialect.name == "postgresql":
            session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
        share_reads(session)  # nothing changes inside it: a table several chapters need is read once
        yield session
