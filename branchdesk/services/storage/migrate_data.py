"""Move a school's data between databases — a PC's SQLite file into the committee's shared PostgreSQL
database, and back (`branchdesk migrate-data --from SOURCE --to TARGET`, issue 9).

Both sides are opened the ordinary way (so both are at this program's schema: the source is backed up
and migrated if it is older, the target is created and migrated). The target must be empty: moving
data never merges into or overwrites a database that already holds records. Every table is copied with
its primary keys, in foreign-key order, in ONE target transaction read from ONE consistent snapshot of
the source, so the copy is all or nothing. The change history is copied row for row, so its hash chain
still verifies on the target. Afterwards the rows of every table are counted on both sides; any
difference is reported and the command fails.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Integer, Table, func, select, text

from branchdesk.db.engine import Database
from branchdesk.db.history_verify import verify_chain
from branchdesk.db.migrate import open_database
from branchdesk.db.models import Base, load_all
from branchdesk.db.target import DatabaseTarget
from branchdesk.services.errors import ServiceError

BATCH = 1000


class MigrateDataError(ServiceError):
    """The move was refused or failed; nothing was written to the target (message in Chinese)."""


@dataclass(frozen=True)
class TableCount:
    table: str
    source: int
    target: int

    @property
    def ok(self) -> bool:
        return self.source == self.target


@dataclass
class MigrateDataResult:
    source: str
    target: str
    counts: list[TableCount] = field(default_factory=list)
    history_rows: int = 0
    history_problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.counts) and not self.history_problems

    @property
    def total(self) -> int:
        return sum(c.target for c in self.counts)

    def to_text(self) -> str:
        lines = [f"从 {self.source}", f"到 {self.target}", "", f"{'数据表':<28}{'原数据库':>10}{'新数据库':>10}"]
        for count in self.counts:
            mark = "" if count.ok else "  ← 不一致"
            lines.append(f"{count.table:<28}{count.source:>10}{count.target:>10}{mark}")
        lines.append("")
        if self.ok:
            lines.append(f"迁移完成：{len(self.counts)} 张表共 {self.total} 行，两边逐表核对一致；"
                         f"修改记录 {self.history_rows} 条，校验链完整。")
        else:
            problems = [c.table for c in self.counts if not c.ok] + self.history_problems
            lines.append("迁移后核对不一致：" + "；".join(problems) + "。请不要使用新数据库，原数据库没有改动。")
        return "\n".join(lines)


def describe(db: Database) -> str:
    """Where a database is, for messages: the file, or the server URL without its password."""
    return str(db.path) if db.path is not None else db.url.render_as_string(hide_password=True)


def data_tables() -> list[Table]:
    """Every table of the schema in foreign-key order (parents before children)."""
    load_all()  # the tables mapped on first use (数据包) are copied too
    return list(Base.metadata.sorted_tables)


def count_rows(connection: Connection, tables: list[Table]) -> dict[str, int]:
    return {t.name: int(connection.execute(select(func.count()).select_from(t)).scalar_one()) for t in tables}


def _parent_first(table: Table, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows of a table that refers to itself (organisations.parent_id), ordered so that each row's
    parent is inserted before it: the server checks each foreign key as the row goes in."""
    links = [(fk.parent.name, fk.column.name) for fk in table.foreign_keys if fk.column.table is table]
    if not links:
        return rows
    child, key = links[0]
    done: set[object] = set()
    ordered: list[dict[str, Any]] = []
    pending = rows
    while pending:
        ready = [r for r in pending if r[child] is None or r[child] in done or r[child] == r[key]]
        if not ready:  # a cycle the database itself would not have allowed; keep the order as it was
            ordered.extend(pending)
            break
        ordered.extend(ready)
        done.update(r[key] for r in ready)
        ready_ids = {id(r) for r in ready}
        pending = [r for r in pending if id(r) not in ready_ids]
    return ordered


def _read(connection: Connection, table: Table) -> Iterator[list[dict[str, Any]]]:
    order = list(table.primary_key.columns) or list(table.columns)
    result = connection.execute(select(table).order_by(*order)).mappings()
    for chunk in result.partitions(BATCH):
        yield [dict(row) for row in chunk]


def _reset_sequences(connection: Connection, tables: list[Table]) -> None:
    """PostgreSQL hands out new ids from a sequence, which copying explicit ids does not advance."""
    if connection.dialect.name != "postgresql":
        return
    for table in tables:
        keys = list(table.primary_key.columns)
        if len(keys) != 1 or not isinstance(keys[0].type, Integer):
            continue
        sequence = connection.execute(
            text("SELECT pg_get_serial_sequence(:t, :c)"), {"t": table.name, "c": keys[0].name}).scalar()
        if sequence:
            highest = connection.execute(select(func.max(keys[0]))).scalar() or 0
            connection.execute(text("SELECT setval(:s, :v, false)"), {"s": sequence, "v": highest + 1})


def _snapshot(connection: Connection) -> None:
    """Read every table from one consistent state of the source (others may be working on it)."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY"))


def _copy(source: Database, target: Database, tables: list[Table], progress: Any) -> dict[str, int]:
    """Copy inside one snapshot of the source; return the source's row counts in that snapshot."""
    with source.engine.begin() as reading, target.engine.begin() as writing:
        _snapshot(reading)
        counted = count_rows(reading, tables)
        existing = {name: n for name, n in count_rows(writing, tables).items() if n}
        if existing:
            listed = "、".join(f"{name}（{n} 行）" for name, n in list(existing.items())[:5])
            raise MigrateDataError(f"目标数据库“{describe(target)}”中已有数据：{listed}。为免覆盖或混合两校的数据，"
                                   "只能迁移到一个新建的空数据库。")
        for index, table in enumerate(tables):
            for rows in _read(reading, table):
                writing.execute(table.insert(), _parent_first(table, rows))
            if progress is not None:
                progress(index + 1, len(tables), table.name)
        _reset_sequences(writing, tables)
    return counted


def migrate_data(source_target: str | Path, destination: str | Path, *, progress: Any = None) -> MigrateDataResult:
    """Copy every table from `source_target` to the empty database `destination` and count both sides."""
    if str(source_target) == str(destination):
        raise MigrateDataError("原数据库和目标数据库不能是同一个")
    source_file = DatabaseTarget.parse(source_target).path
    if source_file is not None and not source_file.exists():
        raise MigrateDataError(f"找不到原数据库文件“{source_target}”")
    source = open_database(source_target, auto_backup=False)
    try:
        target = open_database(destination, auto_backup=False)
        try:
            tables = data_tables()
            before = _copy(source, target, tables, progress)
            result = MigrateDataResult(describe(source), describe(target))
            with target.engine.connect() as b:
                after = count_rows(b, tables)
                result.counts = [TableCount(t.name, before[t.name], after[t.name]) for t in tables]
                result.history_rows, problems = verify_chain(b)
                result.history_problems = [p.message for p in problems]
            return result
        finally:
            target.close()
    finally:
        source.close()
