"""Checking and reading a closed SQLite database file without writing to it: SQLite's own integrity
check (thorough) or quick check (fast), the record counts of every table, the Alembic revisions, and
a fingerprint that changes whenever the data does — what a backup, a restore and the startup checks
ask of a file (issue 8)."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

from branchdesk.db import cipher
from branchdesk.db import files as dbfiles
from branchdesk.domain.vocabulary import MemberStatus

_SKIPPED_TABLES = ("alembic_version",)
NEEDS_KEY = "已加密，需要先输入密码（或恢复密钥）才能检查"  # check_file of a locked encrypted file


def check_connection(connection: sqlite3.Connection, *, full: bool = True) -> str:
    """'ok', or the first problem SQLite reports (integrity_check is thorough, quick_check fast)."""
    pragma = "integrity_check" if full else "quick_check"
    try:
        rows = connection.execute(f"PRAGMA {pragma}").fetchall()
    except dbfiles.database_errors() as exc:
        return str(exc)
    first = rows[0][0] if rows else "no result"
    return "ok" if first == "ok" and len(rows) == 1 else "；".join(str(r[0]) for r in rows[:3])


def check_file(path: Path, *, full: bool = True) -> str:
    """Check a closed database file without writing to it; 'ok' or the problem, in words."""
    if not Path(path).is_file():
        return "文件不存在"
    if not dbfiles.is_database_file(path):
        return "不是 SQLite 数据库文件"
    try:
        connection = dbfiles.open_file(path, read_only=True)
    except cipher.KeyRequired:
        return NEEDS_KEY
    except dbfiles.errors() as exc:
        return str(exc)
    try:
        return check_connection(connection, full=full)
    finally:
        connection.close()


def table_names(connection: sqlite3.Connection) -> list[str]:
    rows = connection.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
    ).fetchall()
    return [r[0] for r in rows if r[0] not in _SKIPPED_TABLES]


def record_counts(connection: sqlite3.Connection) -> dict[str, int]:
    return {name: connection.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]
            for name in table_names(connection)}


def live_counts(connection: sqlite3.Connection) -> dict[str, int]:
    """The rows of every table as the user sees them: those in the 回收站 (deleted_at set) left out,
    so a meeting deleted and brought back by a restore counts as one more meeting (TY-10)."""
    counts = {}
    for name in table_names(connection):
        columns = {r[1] for r in connection.execute(f'PRAGMA table_info("{name}")')}
        where = " WHERE deleted_at IS NULL" if "deleted_at" in columns else ""
        counts[name] = connection.execute(f'SELECT count(*) FROM "{name}"{where}').fetchone()[0]
    return counts


def members_on_roster(connection: sqlite3.Connection) -> int | None:
    """在册 members (not left, not in the 回收站); None when the file has no roster to read."""
    try:
        row = connection.execute("SELECT count(*) FROM members WHERE deleted_at IS NULL AND status = ?",
                                 (MemberStatus.ACTIVE.value,)).fetchone()
    except dbfiles.database_errors():
        return None
    return int(row[0])


def read_revisions(connection: sqlite3.Connection) -> tuple[str, ...]:
    try:
        rows = connection.execute("SELECT version_num FROM alembic_version ORDER BY version_num").fetchall()
    except dbfiles.database_errors():
        return ()
    return tuple(r[0] for r in rows)


def fingerprint(connection: sqlite3.Connection) -> str:
    """A digest that changes whenever the data does: counts, the newest change stamp of every table
    and the head of the change history. Equal fingerprints mean a new daily backup would add nothing."""
    digest = hashlib.sha256()
    for name in table_names(connection):
        columns = {r[1] for r in connection.execute(f'PRAGMA table_info("{name}")')}
        parts = ["count(*)"]
        if "updated_at" in columns:
            parts.append("max(updated_at)")
        if "deleted_at" in columns:
            parts.append("count(deleted_at)")
        if name == "change_log" and "hash" in columns:
            parts.append("(SELECT hash FROM change_log ORDER BY id DESC LIMIT 1)")
        elif name == "settings":
            parts.append("group_concat(key || '=' || value, char(31))")
        row = connection.execute(f'SELECT {", ".join(parts)} FROM "{name}"').fetchone()
        digest.update(repr((name, *row)).encode("utf-8"))
    digest.update(repr(read_revisions(connection)).encode("utf-8"))
    return digest.hexdigest()
