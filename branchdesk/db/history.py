"""Recording every change of every mapped model into `change_log`, and checking its hash chain.

`Database` installs `record_flush` as an `after_flush` listener on its session factory, so each area's
models get a history without their code changing. At `after_flush` SQLAlchemy still holds the
pre-flush lists (new / dirty / deleted) and each attribute's history, and new rows have their primary
keys, so the rows can be written in the same transaction as the change itself: a record and its
history are committed together or not at all. Binary (BLOB) columns, and columns marked
`info={"history": "size"}`, are recorded by size only: an attachment's content does not belong in the
log. Bulk `update()`/`delete()` statements would bypass the unit of work and leave no history, so
`refuse_bulk_writes` (also installed by `Database`) refuses them on every Session: a change is made
by loading the records and changing them, which is recorded like any edit. Bulk inserts are
recorded by db/history_bulk.py.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from enum import Enum
from typing import Any, cast

from sqlalchemy import Connection, LargeBinary, Table, select
from sqlalchemy.orm import Mapper, ORMExecuteState, Session, object_mapper
from sqlalchemy.orm.state import InstanceState

from branchdesk.db.tables import change_log

GENESIS = "0" * 64
SKIPPED_COLUMNS = frozenset({"created_at", "updated_at"})
_TABLE = change_log
_SEP = "\x1f"


def os_user() -> str:
    """The PC account that made the change (who was at the keyboard, as far as the machine knows)."""
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name is not a reason to refuse saving
        return os.environ.get("USERNAME") or os.environ.get("USER") or "未知用户"


def row_hash(prev_hash: str, row: dict[str, Any]) -> str:
    """sha256 over the previous hash and every field of the row, in a fixed order."""
    parts = [prev_hash, str(row["id"]), row["at"], row["table_name"], row["record_id"], row["action"],
             row["field"], _none(row["old_value"]), _none(row["new_value"]), row["os_user"]]
    return hashlib.sha256(_SEP.join(parts).encode("utf-8")).hexdigest()


def _none(value: str | None) -> str:
    return "\x00" if value is None else "v" + value


def _size_only(column: Any) -> bool:
    return isinstance(column.type, LargeBinary) or column.info.get("history") == "size"


def as_text(value: object, *, size_only: bool = False) -> str | None:
    """A value as it is shown in 修改记录 (and hashed): dates in ISO form, blobs by their size."""
    if value is None:
        return None
    if size_only or isinstance(value, bytes | bytearray | memoryview):
        size = len(value) if hasattr(value, "__len__") else len(str(value))
        return f"〈{size} 字节〉"
    if isinstance(value, Enum):
        value = value.value
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int | float | Decimal | str):
        return str(value)
    return json.dumps(value, ensure_ascii=False, default=str)


@dataclass
class _Change:
    """One row of 修改记录 to be appended: what changed in which record."""

    table: str
    record_id: str
    action: str
    field: str
    old: str | None
    new: str | None


def _columns(mapper: Mapper[Any]) -> Any:
    version = mapper.version_id_col
    for prop in mapper.column_attrs:
        column = prop.columns[0]
        if prop.key in SKIPPED_COLUMNS or column is version or column.table is not mapper.local_table:
            continue
        yield prop.key, column


def _record_id(state: InstanceState[Any]) -> str:
    """Read from the attributes: a new row's identity key is only set after `after_flush`."""
    identity = state.mapper.primary_key_from_instance(state.obj())
    return ",".join(str(part) for part in identity)


def _changes(session: Session, flushed: set[InstanceState[Any]] | None = None) -> list[_Change]:
    """What this flush wrote. `flushed` limits it to the states the flush really handled: a partial
    `session.flush([obj])` leaves other pending objects in session.new, to be recorded later, once."""

    def handled(objects: Iterable[object]) -> list[object]:
        items = list(objects)
        if flushed is None:
            return items
        return [o for o in items if _state(o)[0] in flushed]

    changes: list[_Change] = []
    for obj in handled(session.new):
        state, mapper = _state(obj)
        if mapper.local_table is _TABLE:
            continue
        # one row per new record holding a snapshot of its filled fields (JSON): an import of 10,000
        # members writes 10,000 history rows, not 150,000; 修改记录 shows the snapshot field by field.
        # A row with nothing but its key still gets its history row: no record without its history.
        snapshot = {key: as_text(value, size_only=_size_only(column))
                    for key, column in _columns(mapper)
                    if (value := state.dict.get(key)) not in (None, "") and not column.primary_key}
        changes.append(_Change(cast(Table, mapper.local_table).name, _record_id(state), "insert", "", None,
                               json.dumps(snapshot, ensure_ascii=False) if snapshot else None))
    for obj in sorted(handled(session.dirty), key=_flush_order):  # SQLAlchemy keeps the changed in a set
        state, mapper = _state(obj)
        if mapper.local_table is _TABLE or not state.has_identity:
            continue
        for key, column in _columns(mapper):
            history = state.attrs[key].history
            if not history.added and not history.deleted:
                continue
            old = history.deleted[0] if history.deleted else None
            new = history.added[0] if history.added else None
            if old == new:
                continue
            size = _size_only(column)
            changes.append(_Change(cast(Table, mapper.local_table).name, _record_id(state), "update", key,
                                   as_text(old, size_only=size), as_text(new, size_only=size)))
    for obj in handled(session.deleted):
        state, mapper = _state(obj)
        if mapper.local_table is _TABLE:
            continue
        snapshot = {key: as_text(state.dict.get(key), size_only=_size_only(column))
                    for key, column in _columns(mapper) if key in state.dict}
        changes.append(_Change(cast(Table, mapper.local_table).name, _record_id(state), "delete", "",
                               json.dumps(snapshot, ensure_ascii=False), None))
    return changes


def _flush_order(obj: object) -> tuple[str, tuple[tuple[int, int, str], ...]]:
    """Changed records in a stable order (table, then key): the same import writes the same history
    rows in the same order every time, so the chain of two equal runs is equal."""
    state, mapper = _state(obj)
    key = mapper.primary_key_from_instance(state.obj())
    return (cast(Table, mapper.local_table).name,
            tuple((0, part, "") if isinstance(part, int) else (1, 0, str(part)) for part in key))


def _state(obj: object) -> tuple[InstanceState[Any], Mapper[Any]]:
    from sqlalchemy import inspect

    return inspect(obj), object_mapper(obj)


def append(connection: Connection, changes: list[_Change], *, user: str | None = None) -> int:
    """Append rows to the chain on `connection` (inside the caller's write transaction)."""
    return append_rows(connection, [(c.table, c.record_id, c.action, c.field, c.old, c.new) for c in changes],
                       user=user)


def append_rows(connection: Connection, changes: list[tuple[str, str, str, str, str | None, str | None]], *,
                user: str | None = None) -> int:
    """`append` for changes given as (table, record id, action, field, old, new): a bulk insert hands
    over thousands of them."""
    if not changes:
        return 0
    if connection.dialect.name == "postgresql":
        # Several PCs on one server: writers take turns on the chain, as SQLite's BEGIN IMMEDIATE
        # makes them (the lock ends with the transaction). Issue 9.
        connection.exec_driver_sql("SELECT pg_advisory_xact_lock(7460911)")
    last = connection.execute(select(_TABLE.c.id, _TABLE.c.hash).order_by(_TABLE.c.id.desc()).limit(1)).first()
    next_id, prev = (last[0] + 1, last[1]) if last else (1, GENESIS)
    at = datetime.now().isoformat(sep=" ", timespec="microseconds")
    user = user or os_user()
    rows = []
    sha256, separator = hashlib.sha256, _SEP
    for table, record_id, action, field_name, old, new in changes:  # row_hash's fields in its order, no dict per row
        table = str(table)
        digest = sha256(separator.join((prev, str(next_id), at, table, record_id, action, field_name,
                                        "\x00" if old is None else "v" + old, "\x00" if new is None else "v" + new,
                                        user)).encode("utf-8")).hexdigest()
        rows.append((next_id, at, table, record_id, action, field_name, old, new, user, prev, digest))
        prev = digest
        next_id += 1
    insert_rows(connection, _TABLE, _LOG_COLUMNS, rows)
    return len(rows)


_LOG_COLUMNS = ("id", "at", "table_name", "record_id", "action", "field", "old_value", "new_value", "os_user",
                "prev_hash", "hash")


def insert_rows(connection: Connection, table: Table, names: tuple[str, ...], rows: list[tuple[Any, ...]], *,
                converted: bool = False) -> Any:
    """INSERT `rows` (tuples in the order of the column `names`) as one executemany. On SQLite the
    tuples go to the driver as they are, after each column's own conversion (dates to text …)
    unless `converted` says they had it: SQLAlchemy's handling of 10,000 parameter sets costs more
    than SQLite's insert itself."""
    if connection.dialect.name != "sqlite":
        return connection.execute(table.insert(), [dict(zip(names, row, strict=True)) for row in rows])
    dialect = connection.dialect
    processors = [] if converted else [
        (index, process) for index, name in enumerate(names)
        if (process := table.c[name].type.dialect_impl(dialect).bind_processor(dialect)) is not None]
    if processors:
        done: list[tuple[Any, ...]] = []
        for row in rows:
            values = list(row)
            for index, process in processors:
                if values[index] is not None:
                    values[index] = process(values[index])
            done.append(tuple(values))
        rows = done
    quote = dialect.identifier_preparer
    sql = (f"INSERT INTO {quote.format_table(table)} ({', '.join(quote.quote(name) for name in names)}) "
           f"VALUES ({', '.join('?' for _ in names)})")
    return connection.exec_driver_sql(sql, rows)


HISTORY_USER = "history_user"  # session.info key: who to name instead of the PC account (a package)


def record_flush(session: Session, context: object) -> None:
    """`after_flush` listener: write the history of everything this flush changed. A session that
    merges a package names it in `session.info[HISTORY_USER]`, so 修改记录 says which package
    brought each change (issue 20)."""
    states = getattr(context, "states", None)  # UOWTransaction: state -> (is_delete, list_only)
    flushed = {state for state, (_delete, list_only) in states.items() if not list_only} if states else None
    changes = _changes(session, flushed)
    if changes:
        append(session.connection(), changes, user=session.info.get(HISTORY_USER))


class BulkWriteRefused(RuntimeError):
    """A programming error: a bulk UPDATE/DELETE through a Session would change records unrecorded."""


def refuse_bulk_writes(state: ORMExecuteState) -> None:
    """`do_orm_execute` listener: no `session.execute(update(...))` or `delete(...)` — their rows would
    change without a line in 修改记录 (issue 8). Load the records and change them instead."""
    if state.is_update or state.is_delete:
        raise BulkWriteRefused(
            "批量修改或删除会绕过修改记录，BranchDesk 不允许这样写入；请逐条加载记录后修改（开发错误）"
        )
