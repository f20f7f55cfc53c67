"""The history of a bulk insert (`session.execute(insert(Model), rows)`): each inserted row gets its
change_log row, as a record added one by one does (db/history.py keeps the chain, the flush listener
and `verify`). Apart from it because an import writes 10,000 rows this way and its speed needs
the rows planned column by column (issue 18).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from operator import itemgetter
from typing import Any, cast

from sqlalchemy import Table, select
from sqlalchemy.orm import Mapper, ORMExecuteState

from branchdesk.db.global_ids import default_gid, natural_key_columns, new_gids
from branchdesk.db.history import (
    _TABLE,
    HISTORY_USER,
    BulkWriteRefused,
    _Change,
    _columns,
    _size_only,
    append,
    append_rows,
    as_text,
    insert_rows,
)


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
                elif python_type is date:
                    texts = _iso_texts(column, blank)
                elif python_type is not str:
                    text: Callable[[Any], str] = _TEXT[python_type]
                    texts = [None if v is None or v == "" else text(v) for v in column] if blank else \
                        list(map(text, column))
                recorded.append((json_key, texts, blank))
            if iso:
                if not kinds <= {date, _NONE}:
                    return None  # not a date (a datetime …): SQLAlchemy stores it otherwise
                column = texts if python_type is date else _iso_texts(column, True)
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


# date.isoformat() in two pieces: the year's four digits (made once, when first asked) and "-MM-DD"
_YEAR_TEXTS: list[str] = []
_MONTH_DAYS = tuple(f"-{month:02d}-{day:02d}" for month in range(13) for day in range(32))  # [month * 32 + day]


def _iso_texts(days: list[Any], blank: bool) -> list[Any]:
    """`date.isoformat()` of each date of a column (`blank`: None for None or ""), the same text exactly,
    put together from a year's digits and a month and day's ending: date.isoformat formats its three
    numbers with C's printf, 1.5% of the instructions of a 10,000-row roster import (three date
    columns; issue 18). The column holds dates only (the plan checked its types)."""
    if not _YEAR_TEXTS:  # 10,000 texts once a process: every year a date can have (1 … 9999)
        _YEAR_TEXTS.extend(f"{year:04d}" for year in range(10_000))
    years, endings = _YEAR_TEXTS, _MONTH_DAYS
    if blank:
        return [None if v is None or v == "" else years[v.year] + endings[v.month * 32 + v.day] for v in days]
    return [years[v.year] + endings[v.month * 32 + v.day] for v in days]


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
