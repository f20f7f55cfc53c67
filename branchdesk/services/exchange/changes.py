"""Which records changed here: read from 修改记录 (change_log), which BranchDesk already writes for
every change of every model in the same transaction as the change (db/history.py).

The exchange keeps its place in that history (`exchange_site.scanned_upto`). Before writing or
reading a package it reads the lines added since, maps each changed row to its record (a sign-in
row to its meeting), and marks those records as changed here: the site's counter goes into their
version vector and a new local sequence number into `lseq`. Changes a package brings are marked
by the import itself, which then moves the place past its own lines. So nothing is tracked twice,
no area's code needed to change, and a table added later is followed without code here.
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection

from branchdesk.db.global_ids import GID_COLUMN
from branchdesk.db.models import ChangeLog
from branchdesk.domain.exchange import versions
from branchdesk.services.exchange.owners import Owners
from branchdesk.services.exchange.serialise import GidIndex
from branchdesk.services.exchange.state import UNITS, Site, Unit, load_units, save_units
from branchdesk.services.exchange.tables import TableInfo, registry

LOG = ChangeLog.__table__


def parse_record_id(table: TableInfo, text: str) -> Any:
    """`change_log.record_id` back to the key: "12" → 12, "5,党课" → (5, "党课"), "school_name"."""
    parts = text.split(",", len(table.pk) - 1) if len(table.pk) > 1 else [text]
    values = []
    for name, part in zip(table.pk, parts, strict=False):
        column = table.table.c[name]
        values.append(int(part) if isinstance(column.type, sa.Integer) else part)
    return tuple(values) if len(values) > 1 else values[0]


def _snapshot(row: Any) -> dict[str, Any]:
    """The field snapshot of an insert (new_value) or delete (old_value) line."""
    text = row.new_value if row.action == "insert" else row.old_value
    try:
        data = json.loads(text) if text else {}
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def _key_condition(table: TableInfo, keys: list[Any]) -> Any:
    if len(table.pk) == 1:
        return table.table.c[table.pk[0]].in_(keys)
    return sa.tuple_(*(table.table.c[name] for name in table.pk)).in_(keys)


def _live_rows(connection: Connection, table: TableInfo, keys: list[Any]) -> dict[Any, dict[str, Any]]:
    """The rows as they are now — without a stored file's content (db/stored_file.py): what changed is
    read from them (their record, their owner), never the file, and a year of photos added since the
    last 上报 is not read into memory here (NOTE11, bounded memory)."""
    found: dict[Any, dict[str, Any]] = {}
    spec = table.stored_file
    columns = [c for c in table.table.c if spec is None or c.name != spec.content]
    for start in range(0, len(keys), 400):
        chunk = keys[start:start + 400]
        for row in connection.execute(sa.select(*columns).where(_key_condition(table, chunk))).mappings():
            key = tuple(row[name] for name in table.pk)
            found[key if len(key) > 1 else key[0]] = dict(row)
    return found


def _typed(table: TableInfo, column: str, text: Any) -> Any:
    if text is None:
        return None
    if isinstance(table.table.c[column].type, sa.Integer):
        try:
            return int(text)
        except (TypeError, ValueError):
            return None
    return text


def catch_up(connection: Connection, site: Site, owners: Owners | None = None) -> int:
    """Mark every record changed here since the last call; return how many. The caller holds the
    writer lock (state.lock) and saves `site` afterwards."""
    rows = connection.execute(
        sa.select(LOG.c.id, LOG.c.table_name, LOG.c.record_id, LOG.c.action, LOG.c.field,
                  LOG.c.old_value, LOG.c.new_value)
        .where(LOG.c.id > site.scanned_upto).order_by(LOG.c.id)).all()
    owners = owners or Owners(connection)
    swept = _untracked(connection)
    if not rows and not swept:
        return 0
    tables = registry()
    # table -> key -> the lines about it, oldest first
    touched: dict[str, dict[Any, list[Any]]] = defaultdict(lambda: defaultdict(list))
    for row in rows:
        table = tables.get(row.table_name)
        if table is not None:
            touched[table.name][parse_record_id(table, row.record_id)].append(row)
    roots: dict[str, dict[Any, list[Any]]] = defaultdict(dict)
    pending = dict(touched)
    while pending:  # rows of a record's own tables → the record (a sign-in row → its meeting)
        following: dict[str, dict[Any, list[Any]]] = defaultdict(lambda: defaultdict(list))
        for name, items in pending.items():
            table = tables[name]
            if table.parent is None:
                for key, lines in items.items():
                    roots[name].setdefault(key, []).extend(lines)
                continue
            column, target = table.parent.column, table.parent.target
            live = _live_rows(connection, table, list(items))
            for key, lines in items.items():
                parents = set()
                if key in live:
                    parents.add(live[key][column])
                for line in lines:
                    if line.action in ("insert", "delete"):
                        parents.add(_typed(table, column, _snapshot(line).get(column)))
                    elif line.field == column:
                        parents.update((_typed(table, column, line.old_value), _typed(table, column, line.new_value)))
                for parent in parents - {None}:
                    following[target].setdefault(parent, [])
        pending = {name: dict(items) for name, items in following.items()}
    marked: list[tuple[TableInfo, str, dict[str, Any] | None]] = list(swept)
    for name, items in roots.items():
        table = tables[name]
        live = _live_rows(connection, table, list(items))
        for key, lines in items.items():
            if key in live:
                marked.append((table, live[key][GID_COLUMN], live[key]))
                continue
            deleted = [line for line in lines if line.action == "delete"]
            gid = _snapshot(deleted[-1]).get(GID_COLUMN) if deleted else None
            if gid:  # deleted for good (emptied from the recycle bin): the deletion travels
                marked.append((table, str(gid), None))
    marked = list({gid: (table, gid, values) for table, gid, values in marked}.values())
    if marked:
        counter, lseq = site.tick(), site.next_lseq()
        states = load_units(connection, [gid for _t, gid, _v in marked])
        changed: list[Unit] = []
        for table, gid, values in marked:
            unit = states.get(gid) or Unit(gid, table.name)
            unit.vv = versions.advanced(unit.vv, site.site_id, counter)
            unit.lseq, unit.from_site, unit.deleted = lseq, None, values is None
            if values is not None:
                owner = owners.owner_of_row(table, values)
                if unit.owner is not None and owner != unit.owner:
                    unit.left_owner, unit.left_lseq = unit.owner, lseq
                unit.owner = owner
            changed.append(unit)
        save_units(connection, changed)
        follow_owners(connection, changed, lseq)
    if rows:
        site.scanned_upto = rows[-1].id
    return len(marked)


def follow_owners(connection: Connection, units: list[Unit], lseq: int) -> int:
    """Records whose owner is read through a record that has just moved to another branch (`units`
    whose owner changed at `lseq`) move with it: a member's 转入 and 支部调整, 党纪处分, study records and
    党费 belong where the member now is. They are marked for the packages to that branch (`lseq`), with
    no new version — nothing in them changed, and the branch left keeps its copy as it is (no departure
    is sent: `left_lseq` is cleared). The branch they left is kept (`left_owner`): the committee tells a
    record that branch had from one the new branch entered after the move, which the branch left may
    not change (scope_check, review 13-3, R3-2). Saved here; returns how many."""
    gids = GidIndex(connection)
    level = [(unit.table, gids.key(unit.table, unit.gid)) for unit in units
             if unit.left_lseq == lseq and not unit.deleted and unit.table in registry()]
    owners = Owners(connection)
    done = {unit.gid for unit in units}
    count = 0
    while level:
        keys: dict[str, list[Any]] = defaultdict(list)
        for name, key in level:
            if key is not None:
                keys[name].append(key)
        level = []
        for table in registry().values():
            refs = [r for r in table.references if r.target in keys and not r.cascade and r.target != table.name]
            if not refs or table.parent is not None or _owned_of_itself(table):
                continue
            rows = _rows_referring(connection, table, [(r.column, keys[r.target]) for r in refs])
            states = load_units(connection, [row[GID_COLUMN] for row in rows])
            followed: list[Unit] = []
            for row in rows:
                state = states.get(row[GID_COLUMN])
                if state is None or not state.vv or state.gid in done:
                    continue  # not tracked yet: the next catch_up sweeps it in as a record added here
                owner = owners.owner_of_row(table, row)
                if owner == state.owner:
                    continue
                if state.owner is not None:
                    state.left_owner, state.left_lseq = state.owner, None
                state.owner, state.lseq = owner, lseq
                done.add(state.gid)
                followed.append(state)
                key = tuple(row[name] for name in table.pk)
                level.append((table.name, key if len(key) > 1 else key[0]))
            save_units(connection, followed)
            count += len(followed)
    return count


def _owned_of_itself(table: TableInfo) -> bool:
    """Is a table's owner read from its own columns (a branch, an organisation, a fixed scope) rather
    than through a record it refers to? (owners.Owners.owner_of_row)"""
    return bool(table.scope) or table.name in ("organisations", "settings") or any(
        table.reference(column) is not None for column in ("branch_id", "org_id"))


def _rows_referring(connection: Connection, table: TableInfo, wanted: list[tuple[str, list[Any]]]
                    ) -> list[dict[str, Any]]:
    found: dict[Any, dict[str, Any]] = {}
    for column, keys in wanted:
        for start in range(0, len(keys), 400):
            query = sa.select(*table.table.c).where(table.table.c[column].in_(keys[start:start + 400]))
            for row in connection.execute(query).mappings():
                found[row[GID_COLUMN]] = dict(row)
    return list(found.values())


def _untracked(connection: Connection) -> list[tuple[TableInfo, str, dict[str, Any]]]:
    """Records that reached the database without a line in 修改记录 (a bulk insert): found by having
    no exchange row, so they travel like any record added here."""
    found: list[tuple[TableInfo, str, dict[str, Any]]] = []
    for table in registry().values():
        if table.parent is not None:
            continue
        query = (sa.select(*table.table.c)
                 .outerjoin(UNITS, UNITS.c.record_gid == table.table.c[GID_COLUMN])
                 .where(UNITS.c.record_gid.is_(None)))
        for row in connection.execute(query).mappings():
            found.append((table, row[GID_COLUMN], dict(row)))
    return found


def history_end(connection: Connection) -> int:
    return int(connection.execute(sa.select(sa.func.coalesce(sa.func.max(LOG.c.id), 0))).scalar_one())
