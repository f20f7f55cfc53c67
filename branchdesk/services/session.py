"""Opening databases for the services, the CLI and the window alike."""

from __future__ import annotations

from pathlib import Path

from branchdesk.db.engine import Database
from branchdesk.db.migrate import DatabaseOpenError, open_database
from branchdesk.paths import configured_database

__all__ = ["Database", "DatabaseOpenError", "open"]


def open(target: str | Path | None = None) -> Database:  # noqa: A001 - reads well as session.open(path)
    """Open the given database, or the configured one (paths.configured_database: normally the file in
    the user's data folder, created on first use; or the committee's shared server database)."""
    return open_database(target if target is not None else configured_database())


