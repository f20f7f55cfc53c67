"""Reads shared by the chapters of one report: inside a read-only snapshot (session.snapshot) the
database cannot change, so a table several chapters need — the roster, read by 基本情况, 发展党员 and
the membership figures — is read once and handed to each. Outside a snapshot nothing is kept: a
session that saves must see its own writes on the next read."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from sqlalchemy.orm import Session

T = TypeVar("T")

_KEY = "branchdesk.shared_reads"


def share_reads(session: Session) -> None:
    """Mark `session` as a read-only snapshot whose reads may be shared (session.snapshot does)."""
    session.info[_KEY] = {}


def read_once(session: Session, key: Hashable, load: Callable[[], T]) -> T:
    """`load()`'s result, read once per snapshot under `key` (every call, outside one). The result is
    shared: callers must not change it (give each a copy of a list they may sort)."""
    cache: dict[Hashable, Any] | None = session.info.get(_KEY)
    if cache is None:
        return load()
    if key not in cache:
        cache[key] = load()
    return cache[key]  # type: ignore[no-any-return]


def driver_rows(session: Session, sql: str) -> list[tuple[Any, ...]]:
    """Rows of a plain SELECT straight from the database driver, on the session's connection (its
    transaction, its snapshot): plain tuples, no result processing — for the tens of thousands of
    integer and text cells of a district's sign-in sheets. `sql` holds no user text (only integers
    the caller formatted), and reads alike on SQLite and PostgreSQL."""
    cursor = session.connection().connection.dbapi_connection.cursor()  # type: ignore[union-attr]  # open: inside the session
    try:
        cursor.execute(sql)
        return list(cursor.fetchall())
    finally:
        cursor.close()
