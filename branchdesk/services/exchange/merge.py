"""Merging the records of a package into this database — through the ORM, so every change gets its
line in 修改记录 (named after the package) exactly as an edit in the window would.

For each record the two version vectors decide (domain/exchange/versions.py):
- the package's copy is included in ours (older, or the same): nothing to do;
- ours is included in the package's: the package's copy replaces ours (fields, the rows that belong
  to the record, a deletion);
- neither: both sides changed it since they last agreed. If both copies hold the same data the
  versions are simply joined; otherwise ours stays and the package's copy is kept as a conflict for
  a person to decide (conflicts.py) — never overwritten silently.

A record created on both sides (the same 公民身份号码, the same group name under one branch) is
recognised by the table's unique columns: our row takes the package's gid, and the two copies are
compared like any other.

Anything that does not fit — an unknown table or column, a value of the wrong type, a reference to
a record that is not there, a record of a branch the sender does not keep — refuses the whole
package (the caller rolls back: nothing is written).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from branchdesk.db.global_ids import GID_COLUMN
from branchdesk.domain.exchange import scope, versions
from branchdesk.domain.exchange.versions import Order
from branchdesk.domain.exchange.vocabulary import ConflictKind, SiteRole
from branchdesk.domain.vocabulary import OrgKind
from branchdesk.services.exchange import conflict_store
from branchdesk.services.exchange.envelope import PackageRefused
from branchdesk.services.exchange.labels import field_label, record_label, table_label
from branchdesk.services.exchange.owners import Owners
from branchdesk.services.exchange.serialise import GidIndex, Reader, comparable
from branchdesk.services.exchange.shape import refuse, validate
from branchdesk.services.exchange.state import Peer, Site, Unit, load_units
from branchdesk.services.exchange.tables import TableInfo, children_of, decode, merge_order, registry

_WHEN = frozenset({"created_at"})  # when a row was created on one PC: not the record's data


@dataclass
class MergeOutcome:
    applied: dict[str, int] = field(default_factory=dict)  # table -> records changed here
    unchanged: int = 0
    conflicts: list[str] = field(default_factory=list)  # gids now in conflict with the sender
    closed: int = 0  # conflicts the sender's decision settled
    notes: list[str] = field(default_factory=list)
    applied_gids: list[str] = field(default_factory=list)
    states: list[Unit] = field(default_factory=list)

    @property
    def changed(self) -> int:
        return sum(self.applied.values())


class Merger:
    """Merges one package's records; the caller owns the transaction and saves the states."""

    def __init__(self, session: Session, site: Site, peer: Peer, seq: int, *, committee_wins: bool = False) -> None:
        self.session = session
        self.committee_wins = committee_wins  # at 加入: shared records already here take the committee's copy
        self.connection = session.connection()
        self.site, self.peer, self.seq = site, peer, seq
        self.owners = Owners(self.connection)
        self.gids = GidIndex(self.connection)
        self.reader = Reader(self.connection, self.gids)
        self.outcome = MergeOutcome()
        self.states: dict[str, Unit] = {}
        self._pending_owner: list[tuple[TableInfo, Any, Unit]] = []
        self._owner_of: dict[str, str] = {}  # gid -> owner, as found when the record was checked
        self._units: list[dict[str, Any]] = []
        self._summed: dict[tuple[str, str], list[str]] = defaultdict(list)  # (table, what) -> records
        self._former: set[str] | None = None  # gids of members a 支部调整 in the package names this branch for
        self.open_conflicts = {row["record_gid"] for row in conflict_store.open_rows(self.connection)
                               if row["peer_site_id"] == peer.site_id}

    # ---------------------------------------------------------------- entry

    def run(self, units: list[Any]) -> MergeOutcome:
        checked = [validate(u) for u in units]
        seen: set[str] = set()
        for unit in checked:
            if unit["g"] in seen:
                raise refuse("同一条记录出现了两次")
            seen.add(unit["g"])
        self._units = checked
        self.states = load_units(self.connection, [u["g"] for u in checked])
        for unit in checked:  # a record merged into another here (same natural key) is that one
            state = self.states.get(unit["g"])
            if state is not None and state.alias_of:
                unit["g"] = state.alias_of
        self.states.update(load_units(self.connection, [u["g"] for u in checked if u["g"] not in self.states]))
        grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for unit in checked:
            grouped[unit["t"]].append(unit)
        with self.session.no_autoflush:
            for name in merge_order():
                table = registry()[name]
                if name in grouped:
                    self_referencing = any(r.target == name for r in table.references)
                    self._table(table, _parents_first(grouped[name]) if self_referencing else grouped[name])
            self.session.flush()
        self.outcome.notes.extend(self._summed_notes())
        return self.outcome

    def _sum_up(self, table: str, row: dict[str, Any], what: str) -> None:
        self._summed[(table, what)].append(record_label(table, row))

    def _summed_notes(self) -> list[str]:
        """One line per kind of record and what befell it (a reference to a record not here, a record
        both sides created, a shared record that became the committee's at 加入), not one per record."""
        notes = []
        for (table, what), labels in self._summed.items():
            kind = table_label(table)
            named = sorted({label.removeprefix(kind).strip() for label in labels} - {""})
            shown = f"（{'、'.join(named[:5])}{'等' if len(named) > 5 else ''}）" if named else ""
            notes.append(f"有 {len(labels)} 条{kind}{shown}{what}")
        self._summed.clear()
        return notes

    # ---------------------------------------------------------------- one table

    def _table(self, table: TableInfo, units: list[dict[str, Any]]) -> None:
        model = table.model
        local: dict[str, Any] = {}
        gids = [u["g"] for u in units]
        for start in range(0, len(gids), 400):
            found: list[Any] = list(self.session.scalars(
                sa.select(model).where(getattr(model, GID_COLUMN).in_(gids[start:start + 400]))))
            for obj in found:
                local[obj.gid] = obj
        self_referencing = any(r.target == table.name for r in table.references)
        applied: list[tuple[dict[str, Any], Any]] = []
        for unit in units:
            obj = local.get(unit["g"])
            result = self._decide(table, unit, obj)
            if result is not None:
                applied.append((unit, result))
                if self_referencing:  # a child organisation needs its parent's key at once
                    self._flush_new(table, [result])
        self._flush_new(table, [obj for _u, obj in applied])
        if applied:
            self._children(table, [(u, obj) for u, obj in applied
                                   if not u.get("del") and not u.get("part") and obj is not None])

    def _flush_new(self, table: TableInfo, objects: list[Any]) -> None:
        self.session.flush()
        for obj in objects:
            if obj is not None and sa.inspect(obj).persistent:
                key = _key(table, obj)
                self.gids.add(table.name, key, obj.gid)
                if obj.gid in self._owner_of:
                    self.owners.remember(table.name, key, self._owner_of[obj.gid])

    def _decide(self, table: TableInfo, unit: dict[str, Any], obj: Any) -> Any:
        """Apply, skip or keep as a conflict; returns the object written (None when nothing was)."""
        gid = unit["g"]
        remote = versions.loads(versions.dumps(unit["vv"]))
        state = self.states.get(gid)
        duplicate = False
        if obj is None and not unit.get("del") and not unit.get("part") and (state is None or not state.deleted):
            obj = self._same_record(table, unit)  # (a record that moved away carries too little to match)
            duplicate = obj is not None
            if duplicate:
                state = self.states[gid]
        local = state.vv if state is not None else {}
        if obj is None and table.also_kept_by and not unit.get("del") and self._unattached(table, unit):
            # a 支部调整 naming this branch, of a member it never had (moved in and out again before a
            # package came): nothing here to attach it to — the committee keeps it
            self.outcome.unchanged += 1
            return None
        if (unit.get("part") or unit.get("del")) and obj is None:
            # moved away or deleted for good, and not here: nothing to write; a deletion is kept in
            # mind so that an older copy arriving later is not taken for a new record
            if unit.get("del") and versions.compare(remote, local) is not Order.BEFORE:
                self._settle(table, gid, versions.merged(local, remote), None, deleted=True, remote=remote)
            self.outcome.unchanged += 1
            return None
        if obj is None and state is not None and state.deleted and not unit.get("del"):
            order = versions.compare(remote, local)
            if order in (Order.BEFORE, Order.EQUAL):
                self.outcome.unchanged += 1
                return None
            if order is Order.CONCURRENT:  # deleted for good here, changed there
                self._conflict(table, unit, state, ConflictKind.DELETE)
                return None
        order = versions.compare(remote, local) if (obj is not None or state is not None) else Order.AFTER
        if order in (Order.BEFORE, Order.EQUAL):
            self.outcome.unchanged += 1
            return None
        values = None if unit.get("del") else self._resolve(table, unit["row"], unit.get("w") or [], obj)
        self._check_scope(table, unit, values, state, obj)
        if order is Order.CONCURRENT:
            if self._same_content(table, unit, obj):
                self._settle(table, gid, versions.merged(local, remote), obj, remote=remote)
                self.outcome.unchanged += 1
                return None
            if self.committee_wins and values is not None and self.owners.owner_of_row(table, values) == scope.SHARED:
                # joining: the organisation tree and the school's settings become the committee's
                # (the committee's version replaces ours outright: it never hears of ours, shared
                # records do not travel up)
                self._sum_up(table.name, unit["row"], "本机原有的内容已改为党委的")
                order = Order.AFTER
        if order is Order.CONCURRENT:
            kind = ConflictKind.DUPLICATE if duplicate else (
                ConflictKind.DELETE if unit.get("del") or obj is None else ConflictKind.EDIT)
            self._conflict(table, unit, state or Unit(gid, table.name), kind)
            return None
        written = self._write(table, unit, obj, values)
        self._settle(table, gid, remote, written, deleted=bool(unit.get("del")) and written is None)
        self.outcome.applied[table.name] = self.outcome.applied.get(table.name, 0) + 1
        self.outcome.applied_gids.append(gid)
        if gid in self.open_conflicts:
            self.outcome.closed += conflict_store.close(self.connection, gid, self.peer.site_id)
        return written

    def force(self, unit: dict[str, Any]) -> Any:
        """Write one record as the given copy, whatever the versions say (a person chose it)."""
        unit = validate(unit)
        table = registry()[unit["t"]]
        with self.session.no_autoflush:
            obj = self.session.scalars(sa.select(table.model).where(
                getattr(table.model, GID_COLUMN) == unit["g"])).first()
            values = None if unit.get("del") else self._resolve(table, unit["row"], unit.get("w") or [], obj)
            written = self._write(table, unit, obj, values)
            self._flush_new(table, [written])
            if written is not None and not unit.get("part"):
                self._children(table, [(unit, written)])
            self.session.flush()
        return written

    # ---------------------------------------------------------------- pieces

    def _resolve(self, table: TableInfo, row: dict[str, Any], withheld: list[str], obj: Any, *,
                 noted: bool = True) -> dict[str, Any]:
        """Package values → local values: gids → local keys, text → dates, numbers, bytes. A reference
        to a record not here is noted (`noted`: this is the value written, not a look-up)."""
        values: dict[str, Any] = {}
        kept: list[str] = []  # columns that keep our value
        unresolved: list[str] = []
        for name in table.carried:
            column = table.table.c[name]
            if name in withheld:  # the sender could not name it: ours stays
                current = getattr(obj, table.attributes[name]) if obj is not None else None
                if current is None and not column.nullable:
                    raise refuse(f"{table_label(table.name)}的“{field_label(name)}”缺少值")
                values[name] = current
                kept.append(name)
                continue
            value = row[name]
            ref = table.reference(name)
            if ref is not None and value is not None:
                key = self._key_of(ref.target, value)
                if key is None:
                    if not column.nullable:
                        raise refuse(f"引用的记录不存在（{table.name}.{name}），请先接收更早的数据包")
                    # as if withheld: ours stays (an empty value would travel back and erase theirs)
                    key = getattr(obj, table.attributes[name]) if obj is not None else None
                    kept.append(name)
                    unresolved.append(name)
                values[name] = key
                continue
            try:
                values[name] = decode(column, value)
            except (ValueError, TypeError) as exc:
                raise refuse(f"“{table.name}.{name}”的值不对（{exc}）") from exc
            if values[name] is None and not column.nullable:
                raise refuse(f"“{table.name}.{name}”不能为空")
        cleared = self._other_branch_groups(table, values, kept)
        for name in cleared:
            values[name] = None
        for name in unresolved:
            if noted and name not in cleared:
                self._sum_up(table.name, row, f"所指的{field_label(name)}本机没有，这一项保留了本机原有的内容，其余内容已合并。")
        return values

    def _other_branch_groups(self, table: TableInfo, values: dict[str, Any], kept: list[str]) -> list[str]:
        """The columns keeping our value that name a 党小组 of another branch than the record's own.
        A 党小组 is its branch's (ORG-GROUPS, domain.md §1): a member moved to another branch is told
        here only where they went, and leaves the group of the branch left — this PC does not keep the
        new branch's groups, so the member has none here (as on a PC set up after the move)."""
        found: list[str] = []
        owner: str | None = None
        for name in kept:
            ref = table.reference(name)
            if (ref is None or ref.target != "organisations" or table.name == "organisations"
                    or values[name] is None or not table.table.c[name].nullable):
                continue
            org = self.owners.org(values[name])
            if org is None or org[1] != OrgKind.GROUP.value:
                continue
            owner = owner or self.owners.owner_of_row(table, values)
            if self.owners.branch_of_org(values[name]) != owner:
                found.append(name)
        return found

    def _unattached(self, table: TableInfo, unit: dict[str, Any]) -> bool:
        """On a branch's PC: does a new record name a record that is not here in a column that needs
        one? (Elsewhere such a package is refused: the committee keeps every record.)"""
        if self.site.role != SiteRole.BRANCH:
            return False
        withheld = set(unit.get("w") or ())
        return any(not ref.nullable and ref.column not in withheld and isinstance(unit["row"].get(ref.column), str)
                   and self._key_of(ref.target, unit["row"][ref.column]) is None for ref in table.references)

    def _key_of(self, target: str, gid: Any) -> Any:
        if not isinstance(gid, str):
            raise refuse("引用格式不对")
        key = self.gids.key(target, gid)
        if key is None:
            state = self.states.get(gid) or load_units(self.connection, [gid]).get(gid)
            if state is not None and state.alias_of:
                key = self.gids.key(target, state.alias_of)
        return key

    def _check_scope(self, table: TableInfo, unit: dict[str, Any], values: dict[str, Any] | None,
                     state: Unit | None, obj: Any) -> None:
        """A package never carries another branch's records: refuse one that does."""
        local_owner = state.owner if state is not None else None
        local_left = state.left_owner if state is not None else None
        incoming = self.owners.owner_of_row(table, values) if values is not None else (local_owner or scope.COMMITTEE_ONLY)
        also = self.owners.also_of_row(table, values) if values is not None else frozenset[str]()
        if obj is not None and table.also_kept_by and sa.inspect(obj).persistent:
            also |= self.owners.also_of_pk(table.name, _key(table, obj))  # the branches our copy names
        if not scope.may_receive(self.site.role, self.site.branch_gid, self.peer.branch_gid, incoming, local_owner,
                                 local_left, also) and (values is None or unit["g"] not in self._former_members()):
            label = record_label(table.name, unit.get("row") or {})
            raise PackageRefused("scope", f"数据包中有不属于{self.peer.name}的记录（{label}），已拒收，没有写入任何内容。")
        self._owner_of[unit["g"]] = incoming  # kept: the rows that refer to this one ask for it

    def _former_members(self) -> set[str]:
        """On a branch's PC, the records (members) that a record of the package kept by the branches
        it names (a 支部调整) names this branch for: the branch once had the member, and its earlier
        sign-in sheets name them, so the committee sends the member whole in a set-up file (outgoing.
        collect); elsewhere none. Asked only once the organisations of the package are merged (they
        come first: merge_order), about a record the branch would otherwise not keep."""
        if self._former is None:
            self._former = set()
            own = self.site.branch_gid
            if self.site.role == SiteRole.BRANCH and own is not None:
                for unit in self._units:
                    table = registry()[unit["t"]]
                    if not table.also_kept_by or unit.get("del") or unit.get("part"):
                        continue
                    row = unit.get("row") or {}
                    named = {self.owners.branch_of_org(self.gids.key(ref.target, row[ref.column]))
                             for ref in table.references if ref.column in table.also_kept_by
                             and isinstance(row.get(ref.column), str)}
                    if own in named:
                        self._former |= {row[ref.column] for ref in table.references
                                         if ref.column not in table.also_kept_by and not ref.cascade
                                         and isinstance(row.get(ref.column), str)}
        return self._former

    def _same_record(self, table: TableInfo, unit: dict[str, Any]) -> Any:
        """Our row that is the same record as the package's new one, by a unique column set; it takes
        the package's gid (ours is kept as an alias, so references to it still find it)."""
        values = None
        for columns in table.natural_keys:
            if values is None:
                values = self._resolve(table, unit["row"], unit.get("w") or [], None, noted=False)
            if all(values.get(c) is None for c in columns) or any(
                    values.get(c) is None and not table.table.c[c].nullable for c in columns):
                continue
            # NULL counts as a value here (two 党委 rows without a parent and with one name are one)
            condition = sa.and_(*(getattr(table.model, table.attributes[c]).is_(None) if values[c] is None
                                  else getattr(table.model, table.attributes[c]) == values[c] for c in columns))
            found = self.session.scalars(sa.select(table.model).where(condition)).first()
            if found is None or found.gid == unit["g"]:
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
            self.gids.add(table.name, _key(table, found), unit["g"])
            self.owners.forget(table.name, _key(table, found))  # (a 党支部's rows name it by its id)
            self._sum_up(table.name, unit["row"], "两边都新建过，已按同一条记录合并")
            return found
        return None

    def _same_content(self, table: TableInfo, unit: dict[str, Any], obj: Any) -> bool:
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

    def _write(self, table: TableInfo, unit: dict[str, Any], obj: Any, values: dict[str, Any] | None) -> Any:
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
            self.owners.forget(table.name, _key(table, obj))
        return obj

    def _delete(self, table: TableInfo, obj: Any) -> None:
        """Deleted for good on the other side. A record that records here still point to is moved to
        the recycle bin instead (nothing here is left pointing at nothing)."""
        key = _key(table, obj)
        for other in registry().values():
            for ref in other.references:
                if ref.target != table.name or ref.cascade or other is table:
                    continue
                used = self.session.execute(sa.select(sa.func.count()).select_from(other.table)
                                            .where(other.table.c[ref.column] == key)).scalar_one()
                if used:
                    if "deleted_at" in table.attributes and getattr(obj, "deleted_at", None) is None:
                        obj.deleted_at = datetime.now()
                    self.outcome.notes.append(f"{record_label(table.name, _row_of(table, obj))}：对方已永久删除，本机仍有记录引用它，已移入回收站")
                    return
        self.session.delete(obj)
        self.gids.remove(table.name, obj.gid)

    def _children(self, table: TableInfo, applied: list[tuple[dict[str, Any], Any]]) -> None:
        """The rows that belong to each record become exactly the package's: matched by gid (or by
        their unique columns), changed in place, added, or deleted."""
        keys = {id(obj): _key(table, obj) for _u, obj in applied}
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
                    values = self._resolve(child, entry["row"], entry.get("w") or [], match)
                    if match is None:
                        match = self._natural_match(child, mine, values, used)
                    if match is not None:
                        used.add(id(match))
                    plan.append((parent_key, {**entry, "values": values}, match))
                for kid in mine:
                    if id(kid) not in used:
                        self.session.delete(kid)
            self.session.flush()  # deletions first: a unique (record, step) is free again
            for parent_key, entry, match in plan:
                kid = match if match is not None else child.model()
                if match is None:
                    self.session.add(kid)
                setattr(kid, parent_attr, parent_key)
                if kid.gid != entry["g"]:
                    kid.gid = entry["g"]
                for name, value in entry["values"].items():
                    setattr(kid, child.attributes[name], value)
            self.session.flush()

    @staticmethod
    def _natural_match(child: TableInfo, mine: list[Any], values: dict[str, Any], used: set[int]) -> Any:
        assert child.parent is not None
        for columns in child.natural_keys:
            own = [c for c in columns if c != child.parent.column]
            if not own or len(own) == len(columns) and child.surrogate:
                continue
            for kid in mine:
                if id(kid) not in used and all(getattr(kid, child.attributes[c]) == values.get(c) for c in own):
                    return kid
        return None

    def _settle(self, table: TableInfo, gid: str, vector: dict[str, int], obj: Any, *, deleted: bool = False,
                remote: dict[str, int] | None = None) -> None:
        """The record's new version. It came from the sender (and is not sent back to it) when it is
        exactly the sender's; a version that also holds changes made here (two identical edits joined)
        goes back, so the sender learns the joined version and its next edit follows on from it."""
        state = self.states.get(gid) or Unit(gid, table.name)
        state.vv, state.deleted = vector, deleted
        state.from_site = self.peer.site_id if remote is None or vector == remote else None
        state.table = table.name
        self.states[gid] = state
        self.outcome.states.append(state)
        if obj is not None and not deleted:
            self._pending_owner.append((table, obj, state))

    def finish(self, lseq: int) -> list[Unit]:
        """After the last flush: every record touched gets its new version, source and owner."""
        for table, obj, state in self._pending_owner:
            if sa.inspect(obj).persistent:
                owner = self._owner_of.get(obj.gid)
                if owner is None:
                    key = _key(table, obj)
                    self.owners.forget(table.name, key)
                    owner = self.owners.owner_of_pk(table.name, key)
                if state.owner is not None and owner != state.owner:
                    state.left_owner, state.left_lseq = state.owner, lseq
                state.owner = owner
        for state in self.outcome.states:
            state.lseq = lseq
        aliases = [s for s in self.states.values() if s.alias_of]
        for alias in aliases:
            alias.lseq = lseq
        return list({id(s): s for s in [*self.outcome.states, *aliases]}.values())

    def _conflict(self, table: TableInfo, unit: dict[str, Any], state: Unit, kind: ConflictKind) -> None:
        label = record_label(table.name, unit.get("row") or {})
        if unit.get("del") and state is not None:
            label = self._local_label(table, unit["g"]) or label
        conflict_store.record(self.connection, unit=unit, kind=kind, label=label, local_vv=state.vv,
                              peer_site_id=self.peer.site_id, package_seq=self.seq)
        if not state.stored:
            state.lseq = state.lseq or 0
            self.states[unit["g"]] = state
            self.outcome.states.append(state)
        self.outcome.conflicts.append(unit["g"])

    def _local_label(self, table: TableInfo, gid: str) -> str:
        rows = self.reader.rows_by_gid(table, [gid])
        return record_label(table.name, rows[gid]) if gid in rows else ""


def _key(table: TableInfo, obj: Any) -> Any:
    values = tuple(getattr(obj, table.attributes[name]) for name in table.pk)
    return values if len(values) > 1 else values[0]


def _without_when(content: dict[str, Any]) -> dict[str, Any]:
    """A record's content without the time each PC created its rows: two copies typed in (or imported
    from one 花名册) on both sides at different times hold the same data."""
    row = {k: v for k, v in content["row"].items() if k not in _WHEN}
    kids = {name: [{**e, "row": {k: v for k, v in e["row"].items() if k not in _WHEN}} for e in entries]
            for name, entries in content["kids"].items()}
    return {**content, "row": row, "kids": kids}


def _row_of(table: TableInfo, obj: Any) -> dict[str, Any]:
    return {name: getattr(obj, attr, None) for name, attr in table.attributes.items()}


def _parents_first(units: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Organisations in an order where each comes after the one above it."""
    by_gid = {u["g"]: u for u in units}
    done: set[str] = set()
    ordered: list[dict[str, Any]] = []

    def visit(unit: dict[str, Any], depth: int = 0) -> None:
        if unit["g"] in done or depth > 50:
            return
        parent = (unit.get("row") or {}).get("parent_id")
        if isinstance(parent, str) and parent in by_gid:
            visit(by_gid[parent], depth + 1)
        done.add(unit["g"])
        ordered.append(unit)

    for unit in units:
        visit(unit)
    return ordered
