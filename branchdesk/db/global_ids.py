"""Global ids (`gid`): every record keeps one id that is the same in every database holding it
(issue 20, 数据包). Local integer keys differ from PC to PC, so records exchanged between the
committee and its branches are matched by `gid`, and references between records travel as gids.

How a table gets it: every table of records in db/tables/ ends with `gid_column()`, so a table added
later has the column when declared like the others and Alembic's autogenerate writes it into the new
table's migration. Book-keeping tables that are not records (the change history, the exchange's own
tables) have none. A table that already exists in users' databases
without the column gets it in a migration that calls `add_global_ids(["table", ...])` (0130 did so
for every table of its time): the column is added, every row gets a fresh id, and a unique index is
created. `tests/exchange/test_exchange_global_ids.py` fails, naming the table, if one is missing.

A row's gid is random (uuid4, 32 hex digits) except for tables keyed by a natural key that two
sites may create independently, such as `settings` ("school_name"): there the gid is derived from
the key (uuid5), so both sites' rows are the same record. Such a table names its key columns:
`gid_column("key")`, kept in the column's `info`.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterable, Sequence
from typing import Any

import sqlalchemy as sa

GID_COLUMN = "gid"
GID_LENGTH = 32
_NAMESPACE = uuid.UUID("5f0c6a3e-6f6b-4d0e-9a55-6272616e6368")  # fixed: derived gids must never change


def new_gid() -> str:
    """uuid4().hex without building a UUID object (a form's save gives its new record one)."""
    return new_gids(1)[0]


def new_gids(count: int) -> list[str]:
    """`count` new_gid values from one read of the random source (a bulk insert gives thousands): the
    version and variant bits of every 16-byte id set in two byte translations, the whole written in
    hex once and cut in 32-digit pieces, all in C (issue 18: a number formatted per id cost more)."""
    data = bytearray(os.urandom(16 * count))
    data[6::16] = data[6::16].translate(_VERSION_BYTE)
    data[8::16] = data[8::16].translate(_VARIANT_BYTE)
    text = data.hex()
    return [text[start:start + 32] for start in range(0, 32 * count, 32)]


# the version and variant bits of uuid.UUID(version=4), byte by byte: byte 6 holds the version (4) in its
# high half, byte 8 the variant (10…)
_VERSION_BYTE = bytes(byte & 0x0F | 0x40 for byte in range(256))
_VARIANT_BYTE = bytes(byte & 0x3F | 0x80 for byte in range(256))


def derived_gid(table: str, key: Sequence[object]) -> str:
    """The gid of a record identified by a natural key: equal on every site that has the key."""
    text = "\x1f".join([table, *(str(part) for part in key)])
    return uuid.uuid5(_NAMESPACE, text).hex


def natural_key_columns(table: sa.Table) -> tuple[str, ...] | None:
    """The columns a table's gid is derived from (`gid_column(...)` in db/tables/), or None."""
    column = table.c.get(GID_COLUMN)
    columns = column.info.get("global_id_from") if column is not None else None
    return tuple(columns) if columns else None


def default_gid(context: Any) -> str:
    """Column default: derived from the natural key where the table names one, else random."""
    column = getattr(context, "current_column", None)
    if column is not None:
        columns = natural_key_columns(column.table)
        if columns:
            params = context.get_current_parameters()
            if all(params.get(name) is not None for name in columns):
                return derived_gid(column.table.name, [params[name] for name in columns])
    return new_gid()


def record_tables(metadata: sa.MetaData) -> list[sa.Table]:
    """Tables whose rows are records (they have the gid column), parents before children."""
    return [table for table in metadata.sorted_tables if GID_COLUMN in table.c]


# ------------------------------------------------------------------ migrations


def add_global_ids(tables: Iterable[str], *, natural_keys: dict[str, Sequence[str]] | None = None) -> list[str]:
    """Inside a migration: give each named table that exists and lacks it a `gid` column, fill it
    for every row, and index it uniquely. Returns the tables changed. Run with `op` active.

    The column is added as NOT NULL with an empty default (allowed by SQLite's ALTER TABLE without
    rebuilding the table, so foreign keys and triggers stay as they are), filled row by row, and
    then covered by a unique index — a row that somehow got no gid fails loudly at the second one.
    """
    from alembic import op

    natural_keys = natural_keys or {}
    bind = op.get_bind()
    inspector = sa.inspect(bind)
    existing = set(inspector.get_table_names())
    changed: list[str] = []
    for name in tables:
        if name not in existing or GID_COLUMN in {c["name"] for c in inspector.get_columns(name)}:
            continue
        op.add_column(name, sa.Column(GID_COLUMN, sa.String(GID_LENGTH), nullable=False, server_default=""))
        backfill(bind, name, natural_keys.get(name))
        op.create_index(f"ix_{name}_{GID_COLUMN}", name, [GID_COLUMN], unique=True)
        changed.append(name)
    return changed


def backfill(bind: sa.Connection, name: str, natural_key: Sequence[str] | None = None) -> int:
    """Give every row of `name` without a gid one (derived from `natural_key` when given)."""
    table = sa.Table(name, sa.MetaData(), autoload_with=bind)
    key_columns = [c for c in table.primary_key.columns]
    rows = bind.execute(sa.select(*key_columns, *(table.c[k] for k in natural_key or ()))
                        .where(sa.or_(table.c[GID_COLUMN] == "", table.c[GID_COLUMN].is_(None)))).all()
    if not rows:
        return 0
    statement = sa.update(table).where(*(c == sa.bindparam(f"k_{c.name}") for c in key_columns)).values(
        {GID_COLUMN: sa.bindparam("new_gid")})
    params = []
    for row in rows:
        values = dict(zip([f"k_{c.name}" for c in key_columns], row[: len(key_columns)], strict=True))
        natural = row[len(key_columns):]
        values["new_gid"] = derived_gid(name, list(natural)) if natural_key else new_gid()
        params.append(values)
    bind.execute(statement, params)
    return len(params)
