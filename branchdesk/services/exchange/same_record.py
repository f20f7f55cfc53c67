"""One record, typed in on both sides (a step of merging, merge.py).

- *Created on both sides*: a new record of the package that our database already holds under
  another gid — the same 公民身份号码, the same group name under one branch: the table's unique
  columns, or the columns a model names in `__exchange_same_record_by__` (a 支委任职's committee,
  member, post and start). Our row takes the package's gid; ours is kept as an alias, so references
  to it still find it. The merge then compares the two copies like any other.
- *The same content*: two copies that differ only in when each PC created their rows (the same
  花名册 imported on both PCs) hold the same data, and are no conflict.

Our rows are read once per table, the first time a record of the package asks (`_Candidates`: the
rows by each unique column set, in the order of their ids), not once per record of the package. A
row that already is one of the package's records — it has a package record's gid, or an earlier
record of this merge took it — is not taken for another: of two copies in the package and one row
here, the first is ours and the second is written as a record of its own. (The rows the merge writes
or takes all carry a package record's gid, so what was read first stays what the database holds for
every row that may still be taken.)
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from branchdesk.db.global_ids import GID_COLUMN
from branchdesk.services.exchange.labels import Summary
from branchdesk.services.exchange.owners import Owners
from branchdesk.services.exchange.resolve import Resolver
from branchdesk.services.exchange.serialise import GidIndex, Reader, comparable
from branchdesk.services.exchange.state import Unit, load_units
from branchdesk.services.exchange.tables import TableInfo

_WHEN = frozenset({"created_at"})  # when a row was created on one PC: not the record's data


class SameRecord:
    """Recognises, for one merge, our record that is the package's; `states` are the merge's."""

    def __init__(self, session: Session, gids: GidIndex, owners: Owners, reader: Reader, resolver: Resolver,
                 states: dict[str, Unit], summary: Summary) -> None:
        self.session, self.connection = session, session.connection()
        self.gids, self.owners, self.reader, self.resolver = gids, owners, reader, resolver
        self.states, self.summary = states, summary
        self.package: frozenset[str] = frozenset()  # the gids of the package's records (Merger.run)
        self._candidates: dict[str, _Candidates] = {}

    def find(self, table: TableInfo, unit: dict[str, Any]) -> Any:
        """Our row that is the same record as the package's new one, by a unique column set; it takes
        the package's gid (ours is kept as an alias, so references to it still find it)."""
        values = None
        for columns in table.natural_keys:
            if values is None:
                values = self.resolver.values(table, unit["row"], unit.get("w") or [], None, noted=False)
            if all(values.get(c) is None for c in columns) or any(
                    values.get(c) is None and not table.table.c[c].nullable for c in columns):
                continue
            # NULL counts as a value here (two 党委 rows without a parent and with one name are one)
            candidates = self._candidates.get(table.name)
            if candidates is None:
                candidates = self._candidates[table.name] = _Candidates(self.connection, table)
            key = candidates.take(columns, tuple(values.get(c) for c in columns), self.package)
            if key is None:
                continue
            found = self.session.get(table.model, key)
            if found is None:  # (cannot be: the row was read in this transaction and nothing deletes it)
                continue
            old = found.gid
            old_state = load_units(self.connection, [old]).get(old) or Unit(old, table.name)
            self.states[unit["g"]] = Unit(unit["g"], table.name, dict(old_state.vv), old_state.lseq, old_state.from_site,
                                          old_state.owner, old_state.left_owner, old_state.left_lseq)
            self.states[old] = Unit(old, table.name, dict(old_state.vv), old_state.lseq, alias_of=unit["g"],
                                    stored=old_state.stored)
            found.gid = unit["g"]
            self.session.flush()  # read back under its new id when compared with the package's copy
            self.gids.remove(table.name, old)
            # known by its new id at once: the package's records that name it find it, whether it is
            # then written, left as it is (the same content) or kept as a conflict
            self.gids.add(table.name, table.key_of(found), unit["g"])
            self.owners.forget(table.name, table.key_of(found))  # (a 党支部's rows name it by its id)
            self.summary.add(table.name, unit["row"], "两边都新建过，已按同一条记录合并")
            return found
        return None

    def same_content(self, table: TableInfo, unit: dict[str, Any], obj: Any) -> bool:
        """Do our copy and the package's hold the same data (a deletion: is ours gone too)?"""
        if obj is None:
            return bool(unit.get("del"))
        if unit.get("del"):
            return False
        mine, _blocked = self.reader.units(table, [obj.gid])
        ours = mine.get(obj.gid)
        if ours is None:
            return False
        theirs = {**unit, "w": sorted(set(unit.get("w") or []) | set(ours.get("w") or []))}
        return _without_when(comparable(ours)) == _without_when(comparable(theirs))


def _without_when(content: dict[str, Any]) -> dict[str, Any]:
    """A record's content without the time each PC created its rows: two copies typed in (or imported
    from one 花名册) on both sides at different times hold the same data."""
    row = {k: v for k, v in content["row"].items() if k not in _WHEN}
    kids = {name: [{**e, "row": {k: v for k, v in e["row"].items() if k not in _WHEN}} for e in entries]
            for name, entries in content["kids"].items()}
    return {**content, "row": row, "kids": kids}


class _Candidates:
    """Our rows of one table by each of its unique column sets (values as the database holds them,
    NULL included), in the order of their ids — what `select … where … .first()` found row by row."""

    def __init__(self, connection: sa.Connection, table: TableInfo) -> None:
        self.table = table
        self.by: dict[tuple[str, ...], dict[tuple[Any, ...], list[Any]]] = {
            columns: defaultdict(list) for columns in table.natural_keys}
        self.gid_of: dict[Any, str] = {}
        self.taken: set[Any] = set()
        wanted = sorted({c for columns in table.natural_keys for c in columns} | set(table.pk))
        c = table.table.c
        for row in connection.execute(sa.select(c[GID_COLUMN], *(c[n] for n in wanted))
                                      .order_by(*(c[n] for n in table.pk))).mappings():
            key = tuple(row[n] for n in table.pk) if len(table.pk) > 1 else row[table.pk[0]]
            self.gid_of[key] = row[GID_COLUMN]
            for columns, index in self.by.items():
                index[tuple(row[n] for n in columns)].append(key)

    def take(self, columns: tuple[str, ...], values: tuple[Any, ...], package: Collection[str]) -> Any:
        """The key of the first row holding `values` in `columns` that is not already one of the
        package's records (by its gid, or taken by an earlier record of this merge); it is taken."""
        for key in self.by[columns].get(values, ()):
            if key not in self.taken and self.gid_of[key] not in package:
                self.taken.add(key)
                return key
        return None
