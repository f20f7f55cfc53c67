"""Open a database: check it, back it up, and bring its schema to the version this program ships.

The Alembic history lives inside the package (no alembic.ini at run time). A file written by a newer
BranchDesk is refused rather than guessed at; a file that is not a database is never overwritten.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from branchdesk.db.engine import Database, make_engine

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
SQLITE_HEADER = b"SQLite format 3\x00"


class DatabaseOpenError(Exception):
    """The database cannot be opened; the message tells the user, in Chinese, what to do."""


class NewerDatabaseError(DatabaseOpenError):
    pass


class NotADatabaseError(DatabaseOpenError):
    pass


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def script_heads() -> set[str]:
    return set(ScriptDirectory.from_config(alembic_config()).get_heads())


def _known_revisions() -> set[str]:
    script = ScriptDirectory.from_config(alembic_config())
    return {rev.revision for rev in script.walk_revisions()}


def backup_sqlite_file(path: Path, label: str, folder: Path | None = None) -> Path:
    """Copy a live SQLite file consistently with the online backup API (safe while WAL is in use)."""
    folder = folder or path.parent / "backups"
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = folder / f"{path.stem}-{label}-{stamp}.sqlite"
    partial = target.with_suffix(".partial")
    source = sqlite3.connect(path)
    try:
        copy = sqlite3.connect(partial)
        try:
            source.backup(copy)
            copy.execute("PRAGMA journal_mode = DELETE")
        finally:
            copy.close()
    finally:
        source.close()
    partial.replace(target)
    return target


def _check_sqlite_file(path: Path) -> None:
    if not path.exists():
        return
    if path.is_dir():
        raise NotADatabaseError(f"“{path}”是一个文件夹，不是 BranchDesk 数据库文件")
    if path.stat().st_size == 0:
        return
    with path.open("rb") as handle:
        header = handle.read(len(SQLITE_HEADER))
    if header != SQLITE_HEADER:
        raise NotADatabaseError(f"“{path.name}”不是 BranchDesk 数据库文件（或已损坏），程序没有改动它")


def open_database(target: str | Path, *, migrate: bool = True) -> Database:
    """Open (creating if new) and migrate a database; raise DatabaseOpenError with a Chinese message."""
    text = str(target)
    is_file = "://" not in text
    path = Path(text).expanduser().resolve() if is_file else None
    if path is not None:
        _check_sqlite_file(path)
        path.parent.mkdir(parents=True, exist_ok=True)
    existed = path is not None and path.exists() and path.stat().st_size > 0
    engine = make_engine(target)
    database = Database(engine)
    try:
        with engine.connect() as connection:
            if path is not None:
                result = connection.exec_driver_sql("PRAGMA quick_check").scalar()
                if result != "ok":
                    raise NotADatabaseError(f"数据库文件“{path.name}”已损坏（{result}），请从备份恢复")
            current = set(MigrationContext.configure(connection).get_current_heads())
            connection.rollback()
        unknown = current - _known_revisions()
        if unknown:
            raise NewerDatabaseError(
                "这个数据库由更新版本的 BranchDesk 创建，当前程序无法安全打开。请升级 BranchDesk 后再打开，"
                "程序没有改动这个文件。"
            )
        if migrate and current != script_heads():
            if existed and path is not None:
                backup_sqlite_file(path, "before-migration")
            upgrade(database)
    except Exception as exc:
        engine.dispose()
        if isinstance(exc, DatabaseOpenError):
            raise
        if isinstance(exc, sqlite3.DatabaseError) or "file is not a database" in str(exc):
            raise NotADatabaseError(f"“{text}”不是可用的数据库文件（{exc}）") from exc
        raise
    return database


def upgrade(database: Database, revision: str = "heads") -> None:
    config = alembic_config()
    with database.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def downgrade(database: Database, revision: str) -> None:
    config = alembic_config()
    with database.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)


def current_revisions(database: Database) -> set[str]:
    with database.engine.connect() as connection:
        return set(MigrationContext.configure(connection).get_current_heads())
