"""Which database the window and the commands open without --db (issue 9): the local file, another
file, or a committee's shared PostgreSQL server. Used by `branchdesk use-database` and 设置 alike."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.engine import make_url

from branchdesk.db.migrate import EncryptedDatabaseError
from branchdesk.db.target import DatabaseTarget
from branchdesk.paths import configured_database, database_setting_file, default_database
from branchdesk.services import session


def shown(target: str | Path) -> str:
    """The location as the user may see it: a server password is never shown."""
    parsed = DatabaseTarget.parse(target)
    if parsed.url is not None:
        return make_url(parsed.url).render_as_string(hide_password=True)
    return parsed.text


def current_database() -> str:
    return shown(configured_database())


def choose_database(target: str) -> str:
    """Remember `target` as the default; it must open first (created and migrated if new).
    Raises DatabaseOpenError with a Chinese message otherwise; returns the setting file's path."""
    target = target.strip()
    try:
        session.open(target).close()
    except EncryptedDatabaseError as exc:
        if exc.needs_recovery:
            raise
        # an encrypted database is a valid choice: its password is asked whenever it is opened
    setting = database_setting_file()
    setting.parent.mkdir(parents=True, exist_ok=True)
    setting.write_text(f"# BranchDesk 默认数据库（由 branchdesk use-database 或“设置”写入）\n{target}\n",
                       encoding="utf-8")
    return str(setting)


def reset_database_choice() -> str:
    """Back to the local file in the data folder; returns its path."""
    database_setting_file().unlink(missing_ok=True)
    return str(default_database())
