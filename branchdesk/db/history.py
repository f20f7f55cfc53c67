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
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from enum import Enum
from operator import itemgetter
from typing import Any, cast

from sqlalchemy import Connection, LargeBinary, Table, select
from sqlalchemy.orm import Mapper, ORMExecuteState, Session, object_mapper
from sqlalchemy.orm.state import InstanceState

from branchdesk.db.global_ids import default_gid, natural_key_columns, new_gids
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


def record_bulk_insert(state: ORMExecuteState) -> Any:
    """`do_orm_execute` listener for `session.execute(insert(Model), rows)`: each inserted row gets its
    history row, as a record added one by one does (the demo adds attendance sheets this way, an
    import its new members). Without it such records would have no history, and `verify` could not
    tell them from rows slipped in with another program (issue 21).

    The history must hold what was stored. On SQLite, when every row names each recorded field with a
    value of the column's own Python type (or leaves it to a constant default), that is the rows
    themselves: the new keys are handed out here (the write transaction holds the lock) and the rows
    go in as one executemany, half the time of reading them back (issue 18). Anything else — a server
    database, a computed default, a value the column converts — is read back with RETURNING."""
    mapper = state.bind_mapper
    if not state.is_insert or mapper is None or mapper.local_table is _TABLE:
        return None
    statement = state.statement
    if getattr(statement, "_returning", ()):
        raise BulkWriteRefused("带 RETURNING 的批量新增无法记录修改记录，请去掉 returning 或逐条新增（开发错误）")
    table_name: str = mapper.local_table.name  # type: ignore[attr-defined]  # a Table (mapped class)
    primary = [mapper.get_property_by_column(column).key for column in mapper.primary_key]  # as _record_id
    rows = _as_given(state, mapper, primary)
    if rows is not None:
        connection = state.session.connection()
        result = insert_rows(connection, cast(Table, mapper.local_table), rows.names, rows.stored,
                             converted=rows.converted)
        ids = list(map(str, map(itemgetter(0), rows.keys))) if len(primary) == 1 else \
            [",".join(str(v) for v in key) for key in rows.keys]
        append_rows(connection, [(table_name, record_id, "insert", "", None, snapshot)
                                 for record_id, snapshot in zip(ids, rows.snapshots, strict=True)],
                    user=state.session.info.get(HISTORY_USER))
        return result
    attributes = [prop for prop in mapper.column_attrs if prop.columns[0].table is mapper.local_table]
    result = state.invoke_statement(statement=statement.returning(  # type: ignore[attr-defined]  # an Insert here (is_insert)
        *[getattr(mapper.class_, prop.key) for prop in attributes], sort_by_parameter_order=True))
    frozen = result.freeze()
    keys = [prop.key for prop in attributes]
    recorded = dict(_columns(mapper))
    changes = []
    for row in frozen().all():
        values = dict(zip(keys, row, strict=True))
        snapshot = {key: as_text(values[key], size_only=_size_only(column)) for key, column in recorded.items()
                    if values.get(key) not in (None, "") and not column.primary_key}
        changes.append(_Change(table_name, ",".join(str(values[k]) for k in primary), "insert", "",
                               None, json.dumps(snapshot, ensure_ascii=False) if snapshot else None))
    append(state.session.connection(), changes, user=state.session.info.get(HISTORY_USER))
    return frozen()


@dataclass
class _GivenRows:
    """A bulk insert's rows as they will be stored, with their keys and history snapshots."""

    names: tuple[str, ...]  # the columns the INSERT names
    stored: list[tuple[Any, ...]]  # the rows it writes, in the order of `names`, keys included
    keys: list[tuple[Any, ...]]  # each row's primary key
    snapshots: list[str | None]  # each row's history snapshot (JSON), as RETURNING would give it
    converted: bool = False  # `stored` holds the driver's values already (no column conversion left)


_EXACT_TYPES = (str, int, float, date, datetime, time)  # stored and read back as given
_NONE = type(None)


def _as_given(state: ORMExecuteState, mapper: Mapper[Any], primary: list[str]) -> _GivenRows | None:
    """The rows of a bulk insert as they will be stored, or None when that cannot be known without
    reading them back (see record_bulk_insert)."""
    connection = state.session.connection()
    params = state.parameters
    statement = state.statement
    if connection.dialect.name != "sqlite" or not isinstance(params, list) or not params \
            or not all(isinstance(p, dict) for p in params) or getattr(statement, "select", None) is not None \
            or getattr(statement, "_values", None) or getattr(statement, "_multi_values", None):
        return None  # a server database, or a statement that brings values of its own
    table = cast(Table, mapper.local_table)
    columns = {prop.key: prop.columns[0] for prop in mapper.column_attrs if prop.columns[0].table is table}
    given: set[str] = set().union(*params)
    if given - set(columns):
        return None  # a key the mapper does not know: the ORM says so
    recorded = dict(_columns(mapper))
    # The columns written besides the keys, each with what a row that leaves it out gets: SQLAlchemy
    # adds a column's constant default, or calls its function (a global id), the database does not.
    constant: dict[str, Any] = {}
    computed: dict[str, Callable[[Any], Any]] = {}
    fields: list[tuple[str, bool, type]] = []  # recorded: (attribute, size only, type)
    for key, column in columns.items():
        if key in primary:
            continue
        default = column.default
        if default is not None and not (default.is_scalar or default.is_callable):
            return None  # a SQL expression or a sequence: only RETURNING tells what it gave
        if column.server_default is not None and key not in given:
            if key in recorded:
                return None  # the database's own default: only RETURNING tells what it gave
            continue  # created_at/updated_at: stamped by the database, not in the history
        if default is not None and default.is_callable:
            computed[key] = default.arg
        elif key in given or (default is not None and default.arg is not None):
            constant[key] = default.arg if default is not None else None
        if key in recorded:
            try:
                python_type = column.type.python_type
            except NotImplementedError:
                return None
            if python_type not in _EXACT_TYPES:
                return None  # bool, bytes, JSON …: the column converts what it is given
            fields.append((key, _size_only(column), python_type))
    key_columns = [columns[k] for k in primary]
    if any(c.type.dialect_impl(connection.dialect).bind_processor(connection.dialect) for c in key_columns):
        return None  # a key the column converts: read back
    assign = not (given & set(primary))
    if assign and (len(key_columns) != 1 or not _integer(key_columns[0])):
        return None
    if not assign and not all(k in row for row in params for k in primary):
        return None
    next_id = 0
    if assign:  # the write transaction holds SQLite's lock: nobody takes these keys meanwhile
        last = connection.execute(select(key_columns[0]).order_by(key_columns[0].desc()).limit(1)).scalar()
        next_id = (last or 0) + 1
    written = [key for key in columns if key in constant or key in computed]  # in the table's order
    natural_keys = {key: natural_key_columns(table) for key in computed}
    random_gids = {key for key, function in computed.items() if function is default_gid and not natural_keys[key]}
    other_computed = [(key, function) for key, function in computed.items() if key not in random_gids]
    plan = _RowPlan(connection.dialect, columns, written, constant, random_gids, fields)
    rows_out = _GivenRows(tuple(columns[key].name for key in [*primary, *written]), [], [], [])
    if other_computed:  # a default computed from the row (a derived gid): row by row, as before
        return _with_computed(params, plan, rows_out, primary, assign, next_id, columns, other_computed)
    return plan.rows(params, rows_out, primary, assign, next_id)


class _RowPlan:
    """How each row of a bulk insert becomes the tuple stored and its history snapshot, worked out
    once per statement (issue 18: an import writes 10,000 rows). Each written column is taken from
    the row or its constant default, or gets a fresh random global id; a date goes to the driver as
    the text SQLAlchemy would have made of it (the same ISO string the snapshot holds), so the row is
    converted once; the snapshot's JSON is written from its fields' encoded texts in a fixed order,
    as `json.dumps` of the dict would write it."""

    def __init__(self, dialect: Any, columns: dict[str, Any], written: list[str], constant: dict[str, Any],
                 random_gids: set[str], fields: list[tuple[str, bool, type]]) -> None:
        recorded = {key: (size_only, python_type) for key, size_only, python_type in fields}
        self.constant = constant
        # per written column, in the table's order (the snapshot's order too): its key, its default,
        # whether it gets a random gid, whether it is stored as ISO date text, the driver conversion
        # left, the type a recorded value must have (None: not recorded), by size only, its JSON key
        self.columns: list[tuple[str, Any, bool, bool, Callable[[Any], Any] | None, type | None, bool, str]] = []
        for key in written:
            process = columns[key].type.dialect_impl(dialect).bind_processor(dialect)
            iso = process is not None and _iso_dates(process, columns[key])
            size_only, python_type = recorded.get(key, (False, None))
            self.columns.append((key, constant.get(key), key in random_gids, iso, None if iso else process,
                                 python_type, size_only, _ENCODE(key) + ": "))

    def rows(self, params: list[dict[str, Any]], out: _GivenRows, primary: list[str], assign: bool,
             next_id: int) -> _GivenRows | None:
        """Column by column (a comprehension per column, not a loop per cell)."""
        count = len(params)
        if assign:  # the new keys: one column, its 1-tuples made in C
            stored: list[list[Any]] = [list(range(next_id, next_id + count))]
            keys = list(zip(stored[0]))
        else:
            keys = [tuple(row[k] for k in primary) for row in params]
            stored = [[key[i] for key in keys] for i in range(len(primary))]
        recorded: list[tuple[str, list[Any], bool]] = []  # per recorded column: its JSON key, texts, some blank
        iso_date: Callable[[Any], str] = date.isoformat
        for key, default, gid, iso, process, python_type, size_only, json_key in self.columns:
            if gid and not any(key in row for row in params):  # every row gets a fresh one (an import's)
                column = new_gids(count)
            elif gid:
                column = [row[key] if key in row else fresh for row, fresh in zip(params, new_gids(count), strict=True)]
            else:
                try:  # every row names the column (an import's rows): taken in C
                    column = list(map(itemgetter(key), params))
                except KeyError:  # some rows leave it to its default
                    column = [row.get(key, default) for row in params]
            texts: list[Any] = column
            kinds = set(map(type, column))  # the types a column holds, in one pass in C
            blank = _NONE in kinds or "" in column  # some rows leave it out of the snapshot
            if python_type is not None:
                if not kinds <= {python_type, _NONE} and not (
                        kinds <= {python_type, _NONE, str} and all(v == "" for v in column if type(v) is str)):
                    return None  # bool for int, datetime for date …: stored otherwise
                if size_only:
                    texts = [None if v is None or v == "" else as_text(v, size_only=True) for v in column]
                elif python_type is not str:
                    text: Callable[[Any], str] = iso_date if python_type is date else _TEXT[python_type]
                    texts = [None if v is None or v == "" else text(v) for v in column] if blank else \
                        list(map(text, column))
                recorded.append((json_key, texts, blank))
            if iso:
                if not kinds <= {date, _NONE}:
                    return None  # not a date (a datetime …): SQLAlchemy stores it otherwise
                column = texts if python_type is date else [None if v is None else iso_date(v) for v in column]
            elif process is not None:
                column = [None if v is None else process(v) for v in column]
            stored.append(column)
        out.stored = list(zip(*stored, strict=True))
        out.keys = keys
        out.snapshots = _snapshots(recorded, count)
        out.converted = True
        return out


_JSON_ESCAPED = re.compile(r'["\\\x00-\x1f]')  # what json.dumps(ensure_ascii=False) escapes in a text


def _json_as_is(texts: list[str]) -> bool:
    """JSON writes each of these texts as it is between quotes: asked of the column joined, in C."""
    return _JSON_ESCAPED.search("".join(texts)) is None


def _snapshots(recorded: list[tuple[str, list[Any], bool]], count: int) -> list[str | None]:
    """Each row's snapshot, as `json.dumps` writes the dict of its non-blank recorded fields: from the
    columns' JSON-encoded texts. When the first column anyone filled is filled on every row (a
    member's name), a row is one %-template filled in C — the keys of the columns every row fills
    written into it once, not once per row — (issue 18); otherwise each row's "key": "text" parts
    are joined."""
    encode = _ENCODE
    filled = [(json_key, texts, blank) for json_key, texts, blank in recorded
              if not blank or any(t for t in texts)]  # a column blank on every row is in no snapshot
    if not filled:
        return [None] * count
    if not filled[0][2]:
        template, columns = ["{"], []
        for place, (json_key, texts, blank) in enumerate(filled):
            if blank:  # "" or ', "key": "text"'
                template.append("%s")
                columns.append([", " + json_key + encode(t) if t else "" for t in texts])
            elif _json_as_is(texts):  # the quotes in the template, the texts as they are
                template.append((", " if place else "") + json_key.replace("%", "%%") + '"%s"')
                columns.append(texts)
            else:
                template.append((", " if place else "") + json_key.replace("%", "%%") + "%s")
                columns.append(list(map(encode, texts)))
        template.append("}")
        form = "".join(template)
        return [form % row for row in zip(*columns, strict=True)]
    parts = [[json_key + encode(t) if t else None for t in texts] if blank else
             [json_key + t for t in map(encode, texts)] for json_key, texts, blank in filled]
    return [("{" + joined + "}") if (joined := ", ".join(filter(None, row))) else None
            for row in zip(*parts, strict=True)]


def _with_computed(params: list[dict[str, Any]], plan: _RowPlan, out: _GivenRows, primary: list[str], assign: bool,
                   next_id: int, columns: dict[str, Any],
                   other_computed: list[tuple[str, Callable[[Any], Any]]]) -> _GivenRows | None:
    """Rows whose defaults are computed from the row itself (a gid derived from a natural key): each
    default is called with the row, then the row goes through the plan like any other."""
    filled: list[dict[str, Any]] = []
    for row in params:
        key_values = (next_id + len(filled),) if assign else tuple(row[k] for k in primary)
        values = {**plan.constant, **row}
        extra = dict(row)
        for key, function in other_computed:
            if key in row:
                continue
            try:
                extra[key] = function(_RowContext(columns[key], {
                    columns[k].name: v for k, v in [*values.items(), *zip(primary, key_values, strict=True)]}))
            except Exception:  # noqa: BLE001 - a default that wants more than the row: read it back
                return None
            values[key] = extra[key]
        filled.append(extra)
    return plan.rows(filled, out, primary, assign, next_id)


def _iso_dates(process: Callable[[Any], Any], column: Any) -> bool:
    """True when the column is a Date whose driver text is `date.isoformat()` (SQLAlchemy's default
    storage format on SQLite): then the snapshot's text is also the stored value."""
    try:
        if column.type.python_type is not date:
            return False
        probes = (date(2001, 2, 3), date(5, 1, 9), date(9999, 12, 31))
        return all(process(d) == d.isoformat() for d in probes)
    except Exception:  # noqa: BLE001 - a custom type: let SQLAlchemy convert it
        return False


class _RowContext:
    """What a column default function sees of the row it fills (SQLAlchemy passes its execution
    context: `current_column` and `get_current_parameters()` are what such functions use)."""

    def __init__(self, column: Any, row: dict[str, Any]) -> None:
        self.current_column = column
        self._row = row

    def get_current_parameters(self, isolate_multiinsert_groups: bool = True) -> dict[str, Any]:
        return self._row


# as_text for the types _as_given accepts, without its checks (the type is known exactly there)
_TEXT: dict[type, Callable[[Any], str]] = {str: str, int: str, float: str, date: date.isoformat,
                                           datetime: datetime.isoformat, time: time.isoformat}
_ENCODE = json.encoder.encode_basestring  # a str as json.dumps(…, ensure_ascii=False) writes it


def _integer(column: Any) -> bool:
    try:
        return column.type.python_type is int
    except NotImplementedError:
        return False


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
    """A row of 修改记录 whose hash or link does not verify, with what is wrong in words."""

    row_id: int
    message: str


def verify_chain(connection: Connection, *, limit: int = 20) -> tuple[int, list[ChainProblem]]:
    """(rows checked, problems): a changed row breaks its own hash, a deleted or inserted row breaks
    the link or the numbering of the next one. A row blanked after a deletion for good is vouched
    for by a later line (db/redaction.py, which builds on this module)."""
    from branchdesk.db.redaction import Vouchers

    problems: list[ChainProblem] = []
    vouchers = Vouchers()
    prev, expected_id, count = GENESIS, None, 0
    result = connection.execute(select(_TABLE).order_by(_TABLE.c.id)).mappings()
    for row in result:
        count += 1
        if expected_id is not None and row["id"] != expected_id:
            problems.append(ChainProblem(row["id"], f"第 {expected_id} 至 {row['id'] - 1} 条修改记录缺失（被删除）"))
        if row["prev_hash"] != prev:
            problems.append(ChainProblem(row["id"], f"第 {row['id']} 条修改记录与前一条对不上（前面的记录被改动或删除）"))
        content = row_hash(row["prev_hash"], dict(row))
        if content != row["hash"]:
            vouchers.wait(row, content)
        vouchers.read(row, content == row["hash"])
        prev, expected_id = row["hash"], row["id"] + 1
        if len(problems) >= limit:
            break
    problems += [ChainProblem(i, f"第 {i} 条修改记录的内容在 BranchDesk 之外被改动过") for i in vouchers.unvouched()]
    return count, sorted(problems, key=lambda p: p.row_id)[:limit]
