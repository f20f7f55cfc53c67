"""Filling an empty table with thousands of rows: its indexes built once, after the rows are in.

Why (issue 18): a school's first roster import writes 10,000 members into an empty table with five
indexes besides its key and the unique ID number. SQLite keeps each index up to date row by row, a
B-tree insertion per row and index; building an index over rows already there sorts them once, which
is a quarter of the time. This is what SQLite's own documentation advises for bulk loading. The
indexes are dropped and made again from the very SQL the schema stored for them (sqlite_master), in
the same transaction: a rollback (a dry run, an error) restores them as they were, and a duplicate in
a unique index fails the statement that builds it, so nothing is written. Indexes behind a UNIQUE or
PRIMARY KEY constraint (no SQL of their own) are kept and checked row by row as before.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import text
from sqlalchemy.orm import Session

BULK_ROWS = 1_000  # fewer new rows than this: the indexes are kept up to date row by row


@contextmanager
def indexes_built_after(session: Session, table: str, rows: int) -> Iterator[None]:
    """Inside the block, `rows` rows go into `table`: when it is an empty SQLite table and they are
    many, its own indexes are dropped first and built again from their stored SQL when the block ends
    (in the caller's transaction: should the block raise, the caller's rollback brings them back).
    Otherwise nothing changes."""
    connection = session.connection()
    if connection.dialect.name != "sqlite" or rows < BULK_ROWS or session.execute(
            text(f'SELECT 1 FROM "{table}" LIMIT 1')).first() is not None:
        yield
        return
    indexes = [(name, sql) for name, sql in connection.exec_driver_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL "
        "ORDER BY name", (table,))]
    for name, _sql in indexes:
        connection.exec_driver_sql(f'DROP INDEX "{name}"')
    yield
    for _name, sql in indexes:
        connection.exec_driver_sql(sql)
