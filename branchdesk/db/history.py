"""Recording every change of every mapped model into `change_log`, and checking its hash chain.

`Database` installs `record_flush` as an `after_flush` listener on its session factory, so each area's
models get a history without their code changing. At `after_flush` SQLAlchemy still holds the
pre-flush lists (new / dirty / deleted) and each attribute's history, and new rows have their primary
keys, so the rows can be written in the same transaction as the change itself: a record and its
history are committed together or not at all. Binary (BLOB) columns, and columns marked
`info={"history": "size"}`, are recorded by size only: an attachment's content does not belong in the
log. Bulk `update()`/`delete()` statements would bypass the unit of work and leave no history, so
`refuse_bulk_writes` (also installed by `Database`) refuses them on every Session: a change is made
by loading the records and changing them, which is recorded like any edit.
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

from branchdesk.db.models.history import ChangeLog

GENESIS = "0" * 64
SKIPPED_COLUMNS = frozenset({"created_at", "updated_at"})
_TABLE = cast(Table, ChangeLog.__table__)
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
    for obj in handled(session.dirty):
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


def _state(obj: object) -> tuple[InstanceState[Any], Mapper[Any]]:
    from sqlalchemy import inspect

    return inspect(obj), object_mapper(obj)


def append(connection: Connection, changes: list[_Change], *, user: str | None = None) -> int:
    """Append rows to the chain on `connection` (inside the caller's write transaction)."""
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
    for change in changes:
        row = {"id": next_id, "at": at, "table_name": change.table, "record_id": change.record_id,
               "action": change.action, "field": change.field, "old_value": change.old,
               "new_value": change.new, "os_user": user, "prev_hash": prev}
        row["hash"] = prev = row_hash(prev, row)
        rows.append(row)
        next_id += 1
    connection.execute(_TABLE.insert(), rows)
    return len(rows)


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


def record_bulk_insert(state: ORMExecuteState) -> Any:
    """`do_orm_execute` listener for `session.execute(insert(Model), rows)`: the rows are inserted
    with RETURNING and each gets its history row, as a record added one by one does (the demo adds
    attendance sheets this way). Without it such records would have no history, and `verify` could
    not tell them from rows slipped in with another program (issue 21)."""
    mapper = state.bind_mapper
    if not state.is_insert or mapper is None or mapper.local_table is _TABLE:
        return None
    statement = state.statement
    if getattr(statement, "_returning", ()):
        raise BulkWriteRefused("带 RETURNING 的批量新增无法记录修改记录，请去掉 returning 或逐条新增（开发错误）")
    attributes = [prop for prop in mapper.column_attrs if prop.columns[0].table is mapper.local_table]
    result = state.invoke_statement(statement=statement.returning(  # type: ignore[attr-defined]  # an Insert here (is_insert)
        *[getattr(mapper.class_, prop.key) for prop in attributes], sort_by_parameter_order=True))
    frozen = result.freeze()
    keys = [prop.key for prop in attributes]
    recorded = dict(_columns(mapper))
    primary = [mapper.get_property_by_column(column).key for column in mapper.primary_key]  # as _record_id
    changes = []
    for row in frozen().all():
        values = dict(zip(keys, row, strict=True))
        snapshot = {key: as_text(values[key], size_only=_size_only(column)) for key, column in recorded.items()
                    if values.get(key) not in (None, "") and not column.primary_key}
        table_name: str = mapper.local_table.name  # type: ignore[attr-defined]  # a Table (mapped class)
        changes.append(_Change(table_name, ",".join(str(values[k]) for k in primary), "insert", "",
                               None, json.dumps(snapshot, ensure_ascii=False) if snapshot else None))
    append(state.session.connection(), changes)
    return frozen()


class BulkWriteRefused(RuntimeError):
    """A programming error: a bulk UPDATE/DELETE through a Session would change records unrecorded."""


def refuse_bulk_writes(state: ORMExecuteState) -> None:
    """`do_orm_execute` listener: no `session.execute(update(...))` or `delete(...)` — their rows would
    change without a line in 修改记录 (issue 8). Load the records and change them instead."""
    if state.is_update or state.is_delete:
        raise BulkWriteRefused(
            "批量修改或删除会绕过修改记录，BranchDesk 不允许这样写入；请逐条加载记录后修改（开发错误）"
        )


@dataclass(frozen=True)
class ChainProblem:
    row_id: int
    message: str


def verify_chain(connection: Connection, *, limit: int = 20) -> tuple[int, list[ChainProblem]]:
    """(rows checked, problems): a changed row breaks its own hash, a deleted or inserted row breaks
    the link or the numbering of the next one."""
    problems: list[ChainProblem] = []
    prev, expected_id, count = GENESIS, None, 0
    result = connection.execute(select(_TABLE).order_by(_TABLE.c.id)).mappings()
    for row in result:
        count += 1
        if expected_id is not None and row["id"] != expected_id:
            problems.append(ChainProblem(row["id"], f"第 {expected_id} 至 {row['id'] - 1} 条修改记录缺失（被删除）"))
        if row["prev_hash"] != prev:
            problems.append(ChainProblem(row["id"], f"第 {row['id']} 条修改记录与前一条对不上（前面的记录被改动或删除）"))
        if row_hash(row["prev_hash"], dict(row)) != row["hash"]:
            problems.append(ChainProblem(row["id"], f"第 {row['id']} 条修改记录的内容在 BranchDesk 之外被改动过"))
        prev, expected_id = row["hash"], row["id"] + 1
        if len(problems) >= limit:
            break
    return count, problems
