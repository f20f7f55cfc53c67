"""Records as they travel in a package: a root row with the rows that belong to it, every reference
written as the referenced record's gid (tables.py says which tables and columns).

    {"t": "meetings", "g": "<gid>", "vv": {...}, "row": {...}, "kids": {"meeting_attendance": [
        {"g": "<gid>", "row": {...}}, ...]}, "by": "who changed it last", "at": "when"}
    {"t": "members", "g": "<gid>", "vv": {...}, "del": true}          # deleted for good

A reference to a record the recipient may not hold (a guest from another branch on a sign-in
sheet) is left out and listed in "w" (withheld); the recipient keeps its own value there.

A 上报 reads its records with `Reader(files_later=True)`: a stored file's content (a meeting's photo:
db/stored_file.py) stays in the database as a `FileLater` — its size known, its bytes read only when
the package that carries it is written (`with_files`), and let go once it is (package_size.Plan). A
year of photos is never held at once (NOTE11, bounded memory).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection

from branchdesk.db.global_ids import GID_COLUMN
from branchdesk.db.models import ChangeLog
from branchdesk.services.exchange.tables import TableInfo, children_of, encode, registry

LOG = ChangeLog.__table__
Visible = Callable[[str, Any], bool]  # (table, local key) -> may the recipient hold that record?


@dataclass(frozen=True)
class FileLater:
    """A stored file's content not read yet: the row's table and gid, and its size in bytes. In a
    package it is the file's base64 text (tables.encode), `encoded_size` characters long."""

    table: str
    gid: str
    size: int

    @property
    def encoded_size(self) -> int:
        return (self.size + 2) // 3 * 4


def with_files(connection: Connection, unit: dict[str, Any]) -> dict[str, Any]:
    """A copy of `unit` with every `FileLater` in it read from the database (the unit itself keeps
    none of the bytes: they go when the copy does). A file whose size is no longer the one read with
    the record (changed since, in this very export) stops the export: never a package unlike its plan."""

    def filled(table: str, row: dict[str, Any]) -> dict[str, Any]:
        later = {name: value for name, value in row.items() if isinstance(value, FileLater)}
        if not later:
            return row
        info = registry()[table]
        out = dict(row)
        for name, value in later.items():
            data = connection.execute(sa.select(info.table.c[name])
                                      .where(info.table.c[GID_COLUMN] == value.gid)).scalar_one_or_none()
            if data is None or len(data) != value.size:
                raise RuntimeError(f"{table} {value.gid}: the file changed while the package was written")
            out[name] = encode(info.table.c[name], data)
            del data
        return out

    copy = {**unit, "row": filled(unit["t"], unit["row"])} if isinstance(unit.get("row"), dict) else dict(unit)
    if unit.get("kids"):
        copy["kids"] = {child: [{**entry, "row": filled(child, entry["row"])} for entry in entries]
                        for child, entries in unit["kids"].items()}
    return copy


def files_later(unit: dict[str, Any]) -> list[FileLater]:
    """The files of a record (its own, its rows') still in the database."""
    found = [v for v in (unit.get("row") or {}).values() if isinstance(v, FileLater)]
    for entries in (unit.get("kids") or {}).values():
        for entry in entries:
            found.extend(v for v in (entry.get("row") or {}).values() if isinstance(v, FileLater))
    return found


class GidIndex:
    """Local key <-> gid of every record table, loaded per table when first needed."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self._by_key: dict[str, dict[Any, str]] = {}
        self._by_gid: dict[str, dict[str, Any]] = {}

    def _load(self, name: str) -> None:
        if name in self._by_key:
            return
        table = registry()[name]
        keys = [table.table.c[n] for n in table.pk]
        by_key: dict[Any, str] = {}
        for row in self.connection.execute(sa.select(table.table.c[GID_COLUMN], *keys)):
            key = tuple(row[1:]) if len(keys) > 1 else row[1]
            by_key[key] = row[0]
        self._by_key[name] = by_key
        self._by_gid[name] = {gid: key for key, gid in by_key.items()}

    def gid(self, name: str, key: Any) -> str | None:
        self._load(name)
        return self._by_key[name].get(key)

    def key(self, name: str, gid: str) -> Any:
        self._load(name)
        return self._by_gid[name].get(gid)

    def add(self, name: str, key: Any, gid: str) -> None:
        self._load(name)
        old = self._by_key[name].get(key)
        if old is not None:
            self._by_gid[name].pop(old, None)
        self._by_key[name][key] = gid
        self._by_gid[name][gid] = key

    def remove(self, name: str, gid: str) -> None:
        self._load(name)
        key = self._by_gid[name].pop(gid, None)
        if key is not None:
            self._by_key[name].pop(key, None)


def encode_row(table: TableInfo, values: dict[str, Any], gids: GidIndex, visible: Visible | None = None
               ) -> tuple[dict[str, Any], list[str], list[str]]:
    """(row, withheld columns, references that cannot be withheld because the column needs a value)."""
    row: dict[str, Any] = {}
    withheld: list[str] = []
    blocked: list[str] = []
    for name in table.carried:
        value = values[name]
        ref = table.reference(name)
        if isinstance(value, FileLater):
            row[name] = value  # (read when its package is written: with_files)
        elif ref is not None and value is not None:
            if visible is not None and not visible(ref.target, value):
                withheld.append(name)
                if not ref.nullable:
                    blocked.append(name)
                continue
            row[name] = gids.gid(ref.target, value)
        else:
            row[name] = encode(table.table.c[name], value)
    return row, withheld, blocked


class Reader:
    """Reads records (by gid) from the database into their package form."""

    def __init__(self, connection: Connection, gids: GidIndex | None = None, *, files_later: bool = False) -> None:
        self.connection = connection
        self.gids = gids or GidIndex(connection)
        self.files_later = files_later  # a stored file's content left in the database (FileLater)

    def _columns(self, table: TableInfo) -> list[Any]:
        spec = table.stored_file
        if not self.files_later or spec is None:
            return list(table.table.c)
        return [sa.func.length(c).label(c.name) if c.name == spec.content else c for c in table.table.c]

    def _row(self, table: TableInfo, row: Any) -> dict[str, Any]:
        values = dict(row)
        spec = table.stored_file
        if self.files_later and spec is not None and values[spec.content] is not None:
            values[spec.content] = FileLater(table.name, values[GID_COLUMN], int(values[spec.content]))
        return values

    def rows_by_gid(self, table: TableInfo, wanted: list[str]) -> dict[str, dict[str, Any]]:
        found: dict[str, dict[str, Any]] = {}
        for start in range(0, len(wanted), 400):
            chunk = wanted[start:start + 400]
            for row in self.connection.execute(
                    sa.select(*self._columns(table)).where(table.table.c[GID_COLUMN].in_(chunk))).mappings():
                found[row[GID_COLUMN]] = self._row(table, row)
        return found

    def kids(self, table: TableInfo, parent_keys: list[Any]) -> dict[str, dict[Any, list[dict[str, Any]]]]:
        """child table -> parent key -> rows, for every table whose rows belong to `table`'s."""
        result: dict[str, dict[Any, list[dict[str, Any]]]] = {}
        for child in children_of(table.name):
            assert child.parent is not None
            column = child.table.c[child.parent.column]
            grouped: dict[Any, list[dict[str, Any]]] = defaultdict(list)
            order = [child.table.c[n] for n in child.pk]
            for start in range(0, len(parent_keys), 400):
                chunk = parent_keys[start:start + 400]
                for row in self.connection.execute(
                        sa.select(*self._columns(child)).where(column.in_(chunk)).order_by(*order)).mappings():
                    grouped[row[child.parent.column]].append(self._row(child, row))
            result[child.name] = grouped
        return result

    def last_changes(self, table: TableInfo, keys: list[Any]) -> dict[Any, tuple[str, str]]:
        """key -> (who, when) of the newest line of 修改记录 about each record."""
        texts = {(",".join(str(p) for p in key) if isinstance(key, tuple) else str(key)): key for key in keys}
        newest: dict[Any, int] = {}
        names = list(texts)
        for start in range(0, len(names), 400):
            chunk = names[start:start + 400]
            for record_id, last in self.connection.execute(
                    sa.select(LOG.c.record_id, sa.func.max(LOG.c.id))
                    .where(LOG.c.table_name == table.name, LOG.c.record_id.in_(chunk)).group_by(LOG.c.record_id)):
                newest[texts[record_id]] = last
        found: dict[Any, tuple[str, str]] = {}
        ids = list(newest.values())
        by_id: dict[int, tuple[str, str]] = {}
        for start in range(0, len(ids), 400):
            for row in self.connection.execute(sa.select(LOG.c.id, LOG.c.os_user, LOG.c.at)
                                               .where(LOG.c.id.in_(ids[start:start + 400]))):
                by_id[row.id] = (row.os_user, row.at[:19])
        for key, last in newest.items():
            found[key] = by_id[last]
        return found

    def units(self, table: TableInfo, gids: list[str], visible: Visible | None = None
              ) -> tuple[dict[str, dict[str, Any]], dict[str, list[str]]]:
        """(gid -> the record in package form without "vv", gid -> references that stop it being sent)."""
        rows = self.rows_by_gid(table, gids)
        keys = {gid: (tuple(v[n] for n in table.pk) if len(table.pk) > 1 else v[table.pk[0]])
                for gid, v in rows.items()}
        kids = self.kids(table, list(keys.values())) if children_of(table.name) else {}
        changes = self.last_changes(table, list(keys.values()))
        result: dict[str, dict[str, Any]] = {}
        blocked: dict[str, list[str]] = {}
        for gid in list(rows):
            values = rows.pop(gid)  # (each row's raw values go once encoded: files are held once, not twice)
            row, withheld, stop = encode_row(table, values, self.gids, visible)
            unit: dict[str, Any] = {"t": table.name, "g": gid, "row": row}
            if withheld:
                unit["w"] = withheld
            kid_rows: dict[str, list[dict[str, Any]]] = {}
            for child_name, grouped in kids.items():
                child = registry()[child_name]
                entries = []
                for kid in grouped.pop(keys[gid], []):
                    kid_row, kid_withheld, kid_stop = encode_row(child, kid, self.gids, visible)
                    entry: dict[str, Any] = {"g": kid[GID_COLUMN], "row": kid_row}
                    if kid_withheld:
                        entry["w"] = kid_withheld
                    stop.extend(f"{child_name}.{c}" for c in kid_stop)
                    entries.append(entry)
                if entries:
                    kid_rows[child_name] = entries
            if kid_rows:
                unit["kids"] = kid_rows
            who = changes.get(keys[gid])
            if who is not None:
                unit["by"], unit["at"] = who
            if stop:
                blocked[gid] = stop
            result[gid] = unit
        return result, blocked


def comparable(unit: dict[str, Any]) -> dict[str, Any]:
    """A record's content without who/when, its version and withheld references: equal for two
    copies that hold the same data."""
    withheld = set(unit.get("w", ()))
    row = {k: v for k, v in (unit.get("row") or {}).items() if k not in withheld}
    kids = {}
    for name, entries in (unit.get("kids") or {}).items():
        kids[name] = sorted(
            ({"g": e["g"], "row": {k: v for k, v in e["row"].items() if k not in set(e.get("w", ()))}}
             for e in entries), key=lambda e: e["g"])
    return {"del": bool(unit.get("del")), "row": row, "kids": {k: v for k, v in kids.items() if v}}
