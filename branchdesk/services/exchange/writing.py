"""Writing a package's copy of a record here (a step of merging, merge.py) — through the ORM, so every
change gets its line in 修改记录 (named after the package) exactly as an edit in the window would. The
rows a record brings new (most of a package: sign-in sheets) go in as bulk inserts, whose lines
db/history_bulk.py writes the same.

- The record's own row takes the package's values (resolve.py), or is added.
- The rows that belong to it (its sign-in sheet, a development record's steps …: tables.py) become
  exactly the package's: matched by gid, else by their unique columns; changed in place, added, or
  deleted — except the rows of a table whose model sets `__exchange_rows_kept__` (an organisation's
  earlier names, `org_names`): those are added or changed, never deleted, since a package from a
  version before them carries the record without them (and no form deletes one).
- A deletion deletes it — unless records here still point to it: then it goes to the recycle bin
  instead, and the notes say so (nothing here is left pointing at nothing).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from branchdesk.db.global_ids import GID_COLUMN
from branchdesk.services.exchange.labels import record_label
from branchdesk.services.exchange.owners import Owners
from branchdesk.services.exchange.resolve import Resolver
from branchdesk.services.exchange.serialise import GidIndex
from branchdesk.services.exchange.tables import TableInfo, children_of, registry


class Writer:
    """Writes records for one merge; `notes` are the merge's (a deletion turned into the recycle bin)."""

    def __init__(self, session: Session, gids: GidIndex, owners: Owners, resolver: Resolver,
                 notes: list[str]) -> None:
        self.session, self.gids, self.owners, self.resolver, self.notes = session, gids, owners, resolver, notes

    def write(self, table: TableInfo, unit: dict[str, Any], obj: Any, values: dict[str, Any] | None) -> Any:
        """The package's copy (`values`, resolved) into `obj`, a new row when None; a deletion deletes.
        Returns the row written (None when deleted)."""
        if unit.get("del"):
            if obj is not None:
                self._delete(table, obj)
            return None
        assert values is not None
        if obj is None:
            obj = table.model()
            setattr(obj, GID_COLUMN, unit["g"])
            self.session.add(obj)
        for name, value in values.items():
            setattr(obj, table.attributes[name], value)
        if sa.inspect(obj).persistent:
            self.owners.forget(table.name, table.key_of(obj))
        return obj

    def _delete(self, table: TableInfo, obj: Any) -> None:
        """Deleted for good on the other side. A record that records here still point to is moved to
        the recycle bin instead (nothing here is left pointing at nothing)."""
        key = table.key_of(obj)
        for other in registry().values():
            for ref in other.references:
                if ref.target != table.name or ref.cascade or other is table:
                    continue
                used = self.session.execute(sa.select(sa.func.count()).select_from(other.table)
                                            .where(other.table.c[ref.column] == key)).scalar_one()
                if used:
                    if "deleted_at" in table.attributes and getattr(obj, "deleted_at", None) is None:
                        obj.deleted_at = datetime.now()
                    self.notes.append(f"{record_label(table.name, _row_of(table, obj), self.session.connection())}：对方已永久删除，本机仍有记录引用它，已移入回收站")
                    return
        self.session.delete(obj)
        self.gids.remove(table.name, obj.gid)

    def children(self, table: TableInfo, applied: list[tuple[dict[str, Any], Any]]) -> None:
        """The rows that belong to each record become exactly the package's: matched by gid (or by
        their unique columns), changed in place, added, or deleted."""
        keys = {id(obj): table.key_of(obj) for _u, obj in applied}
        for child in children_of(table.name):
            assert child.parent is not None
            parent_attr = child.attributes[child.parent.column]
            existing: dict[Any, list[Any]] = defaultdict(list)
            wanted = list(keys.values())
            for start in range(0, len(wanted), 400):
                column = getattr(child.model, parent_attr)
                kids: list[Any] = list(self.session.scalars(
                    sa.select(child.model).where(column.in_(wanted[start:start + 400]))))
                for kid in kids:
                    existing[getattr(kid, parent_attr)].append(kid)
            plan: list[tuple[Any, dict[str, Any], Any]] = []  # (parent key, entry, matched row or None)
            for unit, obj in applied:
                parent_key = keys[id(obj)]
                mine = existing.get(parent_key, [])
                by_gid = {k.gid: k for k in mine}
                used: set[int] = set()
                for entry in (unit.get("kids") or {}).get(child.name, []):
                    match = by_gid.get(entry["g"])
                    values = self.resolver.values(child, entry["row"], entry.get("w") or [], match)
                    if match is None:
                        match = _natural_match(child, mine, values, used)
                    if match is not None:
                        used.add(id(match))
                    plan.append((parent_key, {**entry, "values": values}, match))
                if getattr(child.model, "__exchange_rows_kept__", False):
                    continue  # rows a copy may lack and still mean to keep (an older package's record)
                for kid in mine:
                    if id(kid) not in used:
                        self.session.delete(kid)
            self.session.flush()  # deletions first: a unique (record, step) is free again
            added: list[dict[str, Any]] = []  # new rows, by attribute, in the order of the package
            for parent_key, entry, match in plan:
                if match is None:
                    added.append({parent_attr: parent_key, GID_COLUMN: entry["g"],
                                  **{child.attributes[name]: value for name, value in entry["values"].items()}})
                    continue
                setattr(match, parent_attr, parent_key)
                if match.gid != entry["g"]:
                    match.gid = entry["g"]
                for name, value in entry["values"].items():
                    setattr(match, child.attributes[name], value)
            self.session.flush()  # rows changed in place before rows added, as one flush ordered them
            self._insert(child, added)

    def _insert(self, child: TableInfo, rows: list[dict[str, Any]]) -> None:
        """New rows of records (a sign-in sheet: most of a package's rows) as bulk inserts, each run
        of rows naming the same columns one statement, in the package's order: the rows, their ids
        and their lines in 修改记录 are those of adding them one by one (db/history_bulk.py)."""
        start = 0
        for end in range(1, len(rows) + 1):
            if end == len(rows) or rows[end].keys() != rows[start].keys():
                self.session.execute(sa.insert(child.model), rows[start:end])
                start = end


def _natural_match(child: TableInfo, mine: list[Any], values: dict[str, Any], used: set[int]) -> Any:
    """Our row of the record that is the package's row, by a unique column set of the child table
    beyond its parent reference (a set that does not name the parent counts only where the table has
    no surrogate key)."""
    assert child.parent is not None
    for columns in child.natural_keys:
        own = [c for c in columns if c != child.parent.column]
        if not own or len(own) == len(columns) and child.surrogate:
            continue
        for kid in mine:
            if id(kid) not in used and all(getattr(kid, child.attributes[c]) == values.get(c) for c in own):
                return kid
    return None


def _row_of(table: TableInfo, obj: Any) -> dict[str, Any]:
    return {name: getattr(obj, attr, None) for name, attr in table.attributes.items()}
