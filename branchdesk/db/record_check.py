"""Does every record say what its change history says? (issue 21)

The hash chain in `change_log` shows whether the history itself was edited; it says nothing about a
member's name changed with sqlite3, where no history row is written. This module replays the history
— each record's insert snapshot, then its field updates in order, then a delete — and compares the
result with the record as it is stored. A difference is a change made outside BranchDesk (or by a
migration, which `reconcile` records as such when the schema is upgraded).

What is compared: the columns the history records (db/history.py: every mapped column except
created_at/updated_at and the version counter; blobs by size). A row deleted by the database itself
because its parent was deleted (ON DELETE CASCADE / SET NULL) is not a finding: its parent's delete
is in the history. Tables and columns the running program does not map (from an older or newer
schema) are not compared.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import Column, Connection, Integer, Table, inspect, select
from sqlalchemy.orm import Mapper

from branchdesk.db.global_ids import GID_COLUMN
from branchdesk.db.history import _columns, _size_only, append, as_text
from branchdesk.db.models import Base, ChangeLog, load_all

CHANGED = "changed"  # a field differs from the last value the history gives it
UNRECORDED = "unrecorded"  # a record with no history at all
DELETED = "deleted"  # a record the history has, gone without a delete in the history
REAPPEARED = "reappeared"  # a record whose last history entry deleted it
_GONE = object()


@dataclass(frozen=True)
class RecordProblem:
    kind: str
    table: str
    record_id: str
    field: str = ""  # the attribute (for CHANGED)
    stored: str | None = None  # the value in the record
    recorded: str | None = None  # the value the history gives


@dataclass(frozen=True)
class _Tracked:
    mapper: Mapper[Any]
    table: Table
    compared: tuple[tuple[str, Column[Any]], ...]  # (attribute, column) present in the database
    primary: tuple[Column[Any], ...]


def _tracked(connection: Connection) -> Iterator[_Tracked]:
    inspector = inspect(connection)
    present = set(inspector.get_table_names())
    load_all()  # every table the history records, those mapped on first use included
    for mapper in Base.registry.mappers:
        table = mapper.local_table
        if not isinstance(table, Table) or table is ChangeLog.__table__ or table.name not in present:
            continue
        if not getattr(mapper.class_, "__history__", True):  # book-keeping written without history (数据包)
            continue
        stored = {c["name"] for c in inspector.get_columns(table.name)}
        # `gid` is the record's identity across databases (数据包, issue 20), filled in by migration 0130
        # for records that existed then: not something a person enters, so not compared
        compared = tuple((key, column) for key, column in _columns(mapper)
                         if column.name in stored and not column.primary_key and column.name != GID_COLUMN)
        yield _Tracked(mapper, table, compared, tuple(mapper.primary_key))  # type: ignore[arg-type]  # a Table's primary key columns


def replay(connection: Connection) -> dict[tuple[str, str], dict[str, str | None] | object]:
    """(table, record id) -> the record's fields as its history leaves them, or _GONE if deleted."""
    state: dict[tuple[str, str], dict[str, str | None] | object] = {}
    log = ChangeLog.__table__
    rows = connection.execute(select(log.c.table_name, log.c.record_id, log.c.action, log.c.field,
                                     log.c.new_value).order_by(log.c.id))
    for table, record_id, action, field, new in rows:
        key = (table, record_id)
        if action == "insert":
            try:
                snapshot = json.loads(new) if new else {}
            except ValueError:
                snapshot = {}
            state[key] = dict(snapshot) if isinstance(snapshot, dict) else {}
        elif action == "delete":
            state[key] = _GONE
        elif action == "update":
            fields = state.get(key)
            if not isinstance(fields, dict):  # an update of a record never inserted in the history
                fields = state[key] = {}
            fields[field] = new
    return state


def _same(stored: str | None, recorded: str | None) -> bool:
    stored, recorded = stored or None, recorded or None  # the history leaves out empty fields
    if stored == recorded:
        return True
    if stored is None or recorded is None:
        return False
    try:  # 2 and 2.00 (Numeric(6, 2)), 2 and 2.0 (Float)
        return Decimal(stored) == Decimal(recorded)
    except (InvalidOperation, ValueError):
        return False


def _cascaded(tracked: _Tracked, fields: dict[str, str | None], state: dict[Any, Any],
              existing: dict[str, set[str]]) -> bool:
    """Was this record removed (or its link emptied) by the database, its parent being deleted?"""
    for key, column in tracked.compared:
        for foreign in column.foreign_keys:
            if foreign.ondelete not in ("CASCADE", "SET NULL") or not fields.get(key):
                continue
            parent = (foreign.column.table.name, str(fields[key]))
            if state.get(parent) is _GONE or parent[1] not in existing.get(parent[0], {parent[1]}):
                return True
    return False


def compare(connection: Connection, *, limit: int | None = None) -> tuple[int, list[RecordProblem]]:
    """(records compared, problems): every mapped record against its replayed history."""
    state = replay(connection)
    tracked = list(_tracked(connection))
    rows_of: dict[str, list[tuple[str, dict[str, str | None]]]] = {}
    for item in tracked:
        columns = [c for _, c in item.compared]
        shapes = [(key, _size_only(column)) for key, column in item.compared]
        width = len(item.primary)
        loaded = []
        for row in connection.execute(select(*item.primary, *columns)):
            record_id = ",".join(str(v) for v in row[:width])
            values = {key: as_text(value, size_only=size) for (key, size), value in zip(shapes, row[width:], strict=True)}
            loaded.append((record_id, values))
        rows_of[item.table.name] = loaded
    existing = {name: {rid for rid, _ in rows} for name, rows in rows_of.items()}
    problems: list[RecordProblem] = []
    compared = 0
    for item in tracked:
        name = item.table.name
        for record_id, values in rows_of[name]:
            compared += 1
            fields = state.get((name, record_id))
            if fields is None:
                problems.append(RecordProblem(UNRECORDED, name, record_id))
            elif fields is _GONE:
                problems.append(RecordProblem(REAPPEARED, name, record_id))
            else:
                assert isinstance(fields, dict)
                for key, _column in item.compared:
                    recorded = fields.get(key)
                    if not _same(values[key], recorded) and not (
                            values[key] is None and _cascaded(item, {key: recorded}, state, existing)):
                        problems.append(RecordProblem(CHANGED, name, record_id, key, values[key], recorded))
        for (table, record_id), fields in state.items():
            if table == name and isinstance(fields, dict) and record_id not in existing[name] \
                    and not _cascaded(item, fields, state, existing):
                problems.append(RecordProblem(DELETED, name, record_id))
    problems.sort(key=lambda p: (p.table, _numeric(p.record_id), p.field))
    return compared, problems[:limit] if limit is not None else problems


def _numeric(record_id: str) -> tuple[int, str]:
    head = record_id.split(",")[0]
    return (int(head), record_id) if head.isdigit() else (0, record_id)


def reconcile(connection: Connection, problems: list[RecordProblem], user: str) -> int:
    """Write history rows that make the history agree with the records again, attributed to `user`
    (a schema upgrade, or a person who confirmed a change made outside BranchDesk). Returns how many."""
    from branchdesk.db.history import _Change

    changes: list[_Change] = []
    by_record: dict[tuple[str, str], list[RecordProblem]] = {}
    for problem in problems:
        by_record.setdefault((problem.table, problem.record_id), []).append(problem)
    tables = {t.table.name: t for t in _tracked(connection)}
    for (name, record_id), found in by_record.items():
        kinds = {p.kind for p in found}
        if kinds & {UNRECORDED, REAPPEARED} and name in tables:
            snapshot = _snapshot(connection, tables[name], record_id)
            changes.append(_Change(name, record_id, "insert", "", None,
                                   json.dumps(snapshot, ensure_ascii=False) if snapshot else None))
        elif DELETED in kinds:
            changes.append(_Change(name, record_id, "delete", "", None, None))
        else:
            changes += [_Change(name, record_id, "update", p.field, p.recorded, p.stored) for p in found]
    return append(connection, changes, user=user)


def _snapshot(connection: Connection, tracked: _Tracked, record_id: str) -> dict[str, str | None]:
    if not tracked.compared:  # a link table: nothing but its key
        return {}
    parts = record_id.split(",")
    where = [column == (int(part) if isinstance(column.type, Integer) and part.lstrip("-").isdigit() else part)
             for column, part in zip(tracked.primary, parts, strict=False)]
    row = connection.execute(select(*[c for _, c in tracked.compared]).where(*where)).first()
    if row is None:
        return {}
    return {key: as_text(value, size_only=_size_only(column))
            for (key, column), value in zip(tracked.compared, row, strict=True) if value not in (None, "")}
