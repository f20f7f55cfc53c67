"""What the exchange knows about the schema, read from the models (nothing here names an area's table
except the organisation tree and the settings, whose ownership rules are special).

A *record* (a unit of exchange) is a row of a table with a `gid` together with the rows that live and
die with it: rows of tables whose reference to it is ON DELETE CASCADE (a meeting's sign-in sheet,
kinds, review results, attachments and post-定稿 history; a development record's steps, people,
reviews and documents). Such a record is compared, sent and merged as a whole — two people editing
one meeting's sign-in sheet is one conflict about that meeting, not a tangle of rows. Tables that
reference a parent with RESTRICT (mentoring activities, rectification measures, member moves …) are
records of their own.

Values travel as JSON: dates and times in ISO form, decimals as text, binary content in base64,
references to other records as their gid.
"""

from __future__ import annotations

import base64
import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.orm import Mapper

from branchdesk.db.global_ids import GID_COLUMN
from branchdesk.db.models import Base, load_all
from branchdesk.db.stored_file import StoredFile

SKIPPED_COLUMNS = frozenset({"updated_at"})  # kept by each database itself


@dataclass(frozen=True)
class Reference:
    column: str
    target: str  # the referenced record table
    nullable: bool
    cascade: bool  # ON DELETE CASCADE: this row belongs to the referenced record


@dataclass(frozen=True)
class TableInfo:
    name: str
    table: sa.Table
    mapper: Mapper[Any]
    pk: tuple[str, ...]
    surrogate: bool  # a single integer key of its own (`id`): local, never carried
    references: tuple[Reference, ...]  # to other record tables, in column order
    parent: Reference | None  # set for a table whose rows belong to a record of another table
    carried: tuple[str, ...]  # columns carried in a package (the parent reference is implied)
    attributes: dict[str, str]  # column name -> mapped attribute name
    natural_keys: tuple[tuple[str, ...], ...]  # unique column sets other than gid and a surrogate key
    scope: str | None  # `__exchange_scope__` of the model, if it sets one
    also_kept_by: tuple[str, ...] = ()  # `__exchange_also_kept_by__`: columns naming other branches that keep it
    # `__exchange_committee_copy__`: (row by column name) -> the columns a branch tells the committee
    # otherwise, with their values (a student's name and category: domain/mentoring/privacy.py)
    committee_copy: Callable[[Mapping[str, Any]], dict[str, Any]] | None = None
    # `__exchange_added_columns__`: nullable columns added after packages began; a package of an older
    # version lacks them and is read as if it withheld them (this side keeps its value; a new record: none)
    added_columns: tuple[str, ...] = ()
    # `__stored_file__`: the columns of a file kept in the database and its limit (db/stored_file.py),
    # checked before a package's content is decoded (shape.py)
    stored_file: StoredFile | None = None

    @property
    def model(self) -> type:
        return self.mapper.class_

    def reference(self, column: str) -> Reference | None:
        for ref in self.references:
            if ref.column == column:
                return ref
        return None

    def key_of(self, obj: Any) -> Any:
        """The local key of a row loaded through the ORM (a tuple for a key of several columns)."""
        values = tuple(getattr(obj, self.attributes[name]) for name in self.pk)
        return values if len(values) > 1 else values[0]


@functools.cache
def registry() -> dict[str, TableInfo]:
    """Every record table, parents before children (the order in which a package is applied)."""
    load_all()  # a package carries every table's records, those mapped on first use included
    mappers = {cast(sa.Table, m.local_table).name: m for m in Base.registry.mappers}
    tables = [t for t in Base.metadata.sorted_tables if GID_COLUMN in t.c and t.name in mappers]
    names = {t.name for t in tables}
    result: dict[str, TableInfo] = {}
    for table in tables:
        mapper = mappers[table.name]
        pk = tuple(c.name for c in table.primary_key.columns)
        pk_column = table.primary_key.columns[0] if len(pk) == 1 else None
        surrogate = pk_column is not None and isinstance(pk_column.type, sa.Integer) and not pk_column.foreign_keys
        references: list[Reference] = []
        for column in table.columns:
            for fk in column.foreign_keys:
                target = fk.column.table.name
                if target in names:
                    references.append(Reference(column.name, target, bool(column.nullable),
                                                (fk.ondelete or "").upper() == "CASCADE"))
        parent = next((r for r in references if r.cascade and r.target != table.name), None)
        version = mapper.version_id_col
        carried = tuple(
            c.name for c in table.columns
            if c.name != GID_COLUMN and c.name not in SKIPPED_COLUMNS and c is not version
            and not (surrogate and c.primary_key) and not (parent is not None and c.name == parent.column)
        )
        attributes = {prop.columns[0].name: prop.key for prop in mapper.column_attrs
                      if prop.columns[0].table is table}
        keys: list[tuple[str, ...]] = []
        if not surrogate:
            keys.append(pk)
        for constraint in table.constraints:
            if isinstance(constraint, sa.UniqueConstraint):
                keys.append(tuple(c.name for c in constraint.columns))
        for index in table.indexes:
            if index.unique:
                keys.append(tuple(c.name for c in index.columns if isinstance(c, sa.Column)))
        for column in table.columns:
            if column.unique:
                keys.append((column.name,))
        # a model may name a set of columns that makes two rows the same record without a unique
        # constraint (`__exchange_same_record_by__`): recognised when both sides created it
        keys.append(tuple(getattr(mapper.class_, "__exchange_same_record_by__", ())))
        natural = tuple(dict.fromkeys(k for k in keys if k and GID_COLUMN not in k))
        result[table.name] = TableInfo(table.name, table, mapper, pk, surrogate, tuple(references), parent,
                                       carried, attributes, natural, getattr(mapper.class_, "__exchange_scope__", None),
                                       _also_kept_by(table, mapper),
                                       getattr(mapper.class_, "__exchange_committee_copy__", None),
                                       _added_columns(table, mapper, carried), _stored_file(table, mapper))
    return result


def _added_columns(table: sa.Table, mapper: Mapper[Any], carried: tuple[str, ...]) -> tuple[str, ...]:
    """The columns a model names in `__exchange_added_columns__`: each carried and nullable (what an
    older package leaves out must be one a new record may lack) — a mistake fails here, at start."""
    columns = tuple(getattr(mapper.class_, "__exchange_added_columns__", ()))
    for name in columns:
        if name not in carried or not table.c[name].nullable:
            raise ValueError(f"{table.name}.__exchange_added_columns__: {name} is not a carried nullable column")
    return columns


def _stored_file(table: sa.Table, mapper: Mapper[Any]) -> StoredFile | None:
    """A model's `__stored_file__`, its columns checked to be this table's — a mistake fails here, at start."""
    found = getattr(mapper.class_, "__stored_file__", None)
    if found is not None and not {found.name, found.size, found.content} <= set(table.c.keys()):
        raise ValueError(f"{table.name}.__stored_file__ names a column the table lacks")
    return cast("StoredFile | None", found)


def _also_kept_by(table: sa.Table, mapper: Mapper[Any]) -> tuple[str, ...]:
    """The columns a model names in `__exchange_also_kept_by__` (domain/exchange/scope.py): each must
    refer to the organisation tree — a mistyped name fails here, at start, not in a package."""
    columns = tuple(getattr(mapper.class_, "__exchange_also_kept_by__", ()))
    for name in columns:
        if name not in table.c or not any(fk.column.table.name == "organisations" for fk in table.c[name].foreign_keys):
            raise ValueError(f"{table.name}.__exchange_also_kept_by__: {name} does not refer to an organisation")
    return columns


@functools.cache
def merge_order() -> tuple[str, ...]:
    """Record tables in an order where everything a record — or a row belonging to it — refers to
    comes first (a meeting's sign-in rows name members, so members come before meetings)."""
    tables = registry()
    roots = [name for name, t in tables.items() if t.parent is None]
    needs: dict[str, set[str]] = {}
    for name in roots:
        wanted = {root_of(r.target).name for r in tables[name].references}
        for child in children_of(name):
            wanted |= {root_of(r.target).name for r in child.references}
        needs[name] = wanted - {name}
    ordered: list[str] = []
    placed: set[str] = set()
    while len(ordered) < len(roots):
        ready = [n for n in roots if n not in placed and needs[n] <= placed]
        if not ready:  # a cycle: fall back to the schema's own order for the rest
            ready = [n for n in roots if n not in placed]
        for name in ready:
            ordered.append(name)
            placed.add(name)
    return tuple(ordered)


def owner_columns(table: TableInfo) -> tuple[str, ...]:
    """The columns a record's owner is read from (owners.Owners.owner_of_row): what a branch must be
    told when one of its records moves to another branch."""
    if table.name == "organisations":
        return ("parent_id", "kind")
    own = tuple(c for c in ("branch_id", "org_id") if table.reference(c) is not None)
    if own:
        return own
    return tuple(r.column for r in table.references[:1])


def info(name: str) -> TableInfo | None:
    return registry().get(name)


def root_of(name: str) -> TableInfo:
    """The table whose records a row of `name` belongs to (itself for a record table)."""
    table = registry()[name]
    while table.parent is not None:
        table = registry()[table.parent.target]
    return table


def children_of(name: str) -> list[TableInfo]:
    return [t for t in registry().values() if t.parent is not None and t.parent.target == name]


def is_root(name: str) -> bool:
    table = registry().get(name)
    return table is not None and table.parent is None


# ------------------------------------------------------------------ values


def _python_type(column: sa.Column[Any]) -> type | None:
    try:
        return column.type.python_type
    except NotImplementedError:
        return None


def encode(column: sa.Column[Any], value: Any) -> Any:
    """A column value as JSON: ISO dates, decimals as text, bytes in base64."""
    if value is None:
        return None
    if isinstance(value, bytes | bytearray | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


@dataclass(frozen=True)
class Carried:
    """A column a package carries, with what reading its values needs (looked up once per table)."""

    name: str
    column: sa.Column[Any]
    reference: Reference | None
    kind: type | None  # the column's Python type (decode_as)


_CARRIED: dict[str, tuple[TableInfo, tuple[Carried, ...]]] = {}


def carried_columns(table: TableInfo) -> tuple[Carried, ...]:
    """The carried columns of a record table, in order, each with its reference and Python type
    (worked out once per table: a package's rows are read by the hundred thousand)."""
    cached = _CARRIED.get(table.name)
    if cached is None or cached[0] is not table:
        cached = _CARRIED[table.name] = (table, tuple(
            Carried(c, table.table.c[c], table.reference(c), _python_type(table.table.c[c])) for c in table.carried))
    return cached[1]


def decode(column: sa.Column[Any], value: Any) -> Any:
    """The inverse of `encode` for the column's type; a value of the wrong shape raises ValueError."""
    return decode_as(_python_type(column), column, value)


def decode_as(kind: type | None, column: sa.Column[Any], value: Any) -> Any:
    """`decode` with the column's Python type already known (carried_columns)."""
    if value is None:
        return None
    if kind is bytes:
        return base64.b64decode(value, validate=True)
    if kind is datetime:
        return datetime.fromisoformat(value)
    if kind is date:
        return date.fromisoformat(value)
    if kind is Decimal:
        return Decimal(str(value))
    if kind is bool:
        if not isinstance(value, bool):
            raise ValueError(f"{column.name}: 应为是/否")
        return value
    if kind is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"{column.name}: 应为整数")
        return value
    if kind is float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueError(f"{column.name}: 应为数字")
        return float(value)
    if kind is str:
        if not isinstance(value, str):
            raise ValueError(f"{column.name}: 应为文字")
        return value
    return value
