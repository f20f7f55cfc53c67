"""Merging the records of a package into this database: deciding, record by record, what becomes of
the package's copy. The steps are modules of their own: resolve.py (the package's values as ours),
scope_check.py (a record the sender may not send refuses the package), same_record.py (one record
typed in on both sides), writing.py (through the ORM, so 修改记录 names the package).

For each record the two version vectors decide (domain/exchange/versions.py):
- the package's copy is included in ours (older, or the same): nothing to do;
- ours is included in the package's: the package's copy replaces ours (fields, the rows that belong
  to the record, a deletion);
- neither: both sides changed it since they last agreed. If both copies hold the same data the
  versions are simply joined; otherwise ours stays and the package's copy is kept as a conflict for
  a person to decide (conflicts.py) — never overwritten silently.

A record created on both sides is recognised as one (same_record.py), and the two copies are
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
from branchdesk.services.exchange import conflict_store
from branchdesk.services.exchange.labels import Summary, record_label
from branchdesk.services.exchange.late_months import LateMonths
from branchdesk.services.exchange.owners import Owners
from branchdesk.services.exchange.resolve import Resolver
from branchdesk.services.exchange.same_record import SameRecord
from branchdesk.services.exchange.scope_check import ScopeCheck
from branchdesk.services.exchange.serialise import GidIndex, Reader
from branchdesk.services.exchange.shape import refuse, validate
from branchdesk.services.exchange.state import Peer, Site, Unit, load_units
from branchdesk.services.exchange.tables import TableInfo, merge_order, owner_columns, registry
from branchdesk.services.exchange.writing import Writer

DELETED_HERE = ("本机已彻底删除，数据包中仍有（对方修改或恢复了它）：没有重新建立，已留作冲突，"
                "请在“设置 → 数据交换”中选择保留删除（保留本机版本）或采用对方版本")


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
        self.binned: set[str] = set()  # gids whose copy here went to the 回收站 for the 党委 (`_to_bin`)
        self._owner_of: dict[str, str] = {}  # gid -> owner, as found when the record was checked
        self.summary = Summary(self.connection)  # what befell records, one line per kind (joined to the notes at the end)
        self.resolver = Resolver(self.connection, self.gids, self.owners, self.states, self.summary)
        self.same = SameRecord(session, self.gids, self.owners, self.reader, self.resolver, self.states, self.summary)
        self.writer = Writer(session, self.gids, self.owners, self.resolver, self.outcome.notes)
        self.scope = ScopeCheck(self.connection, site, peer, self.owners, self.gids, self.states)
        self.late = LateMonths(self.connection, site, peer, self.owners, self.gids)
        self.open_conflicts = {row["record_gid"] for row in conflict_store.open_rows(self.connection)
                               if row["peer_site_id"] == peer.site_id}

    # ---------------------------------------------------------------- entry

    def run(self, units: list[Any]) -> MergeOutcome:
        package = {u.get("g"): u for u in units if isinstance(u, dict) and isinstance(u.get("g"), str)}
        checked = [validate(u, package) for u in units]
        seen: set[str] = set()
        for unit in checked:
            if unit["g"] in seen:
                raise refuse("同一条记录出现了两次")
            seen.add(unit["g"])
        self.scope.units = self.late.units = checked
        self.states.update(load_units(self.connection, [u["g"] for u in checked]))
        for unit in checked:  # a record merged into another here (same natural key) is that one
            state = self.states.get(unit["g"])
            if state is not None and state.alias_of:
                unit["g"] = state.alias_of
        self.states.update(load_units(self.connection, [u["g"] for u in checked if u["g"] not in self.states]))
        self.same.package = frozenset(u["g"] for u in checked)
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
        self.outcome.notes.extend(self.summary.lines())
        return self.outcome

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
            self.writer.children(table, [(u, obj) for u, obj in applied
                                         if not u.get("del") and not u.get("part") and obj is not None])

    def _flush_new(self, table: TableInfo, objects: list[Any]) -> None:
        self.session.flush()
        for obj in objects:
            if obj is not None and sa.inspect(obj).persistent:
                key = table.key_of(obj)
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
            obj = self.same.find(table, unit)  # (a record that moved away carries too little to match)
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
            # deleted for good here (彻底删除), still there: changed there (CONCURRENT), or brought back
            # after our deletion came down (AFTER: restored from the other side's 回收站, where a
            # deletion goes while records there still name it: writing.py). The deletion recorded here
            # is neither undone silently nor is their copy dropped silently: a person decides (the 党委
            # deleting a wrongly reported member, and the branch's next package carrying him again)
            self.scope.deleted_here(table, unit, state)  # (another branch's record: refused)
            if order is Order.AFTER:  # (what the sender may send here at all, as for any copy)
                found = self.resolver.values(table, unit["row"], unit.get("w") or [], None, noted=False)
                self.scope.check(table, unit, found, state, None)
            self.summary.add(table.name, unit["row"], DELETED_HERE)
            self._conflict(table, unit, state, ConflictKind.DELETE)
            return None
        order = versions.compare(remote, local) if (obj is not None or state is not None) else Order.AFTER
        if order in (Order.BEFORE, Order.EQUAL):
            self.outcome.unchanged += 1
            return None
        waiting = self.late.waits_for_payment(table, unit)
        if waiting:  # a month of a new payment held below: it waits with it (late_months.py)
            return self._held(table, unit, state, "：随同它的党费交纳记录留作冲突，待党委确认", ConflictKind.AFTER_MOVE,
                              why=waiting)
        values = None if unit.get("del") else self.resolver.values(table, unit["row"], unit.get("w") or [], obj)
        self._owner_of[gid] = self.scope.check(table, unit, values, state, obj)  # (the rows naming it ask)
        if order is Order.CONCURRENT:
            if self.same.same_content(table, unit, obj):
                self._settle(table, gid, versions.merged(local, remote), obj, remote=remote)
                self.outcome.unchanged += 1
                return None
            if self.committee_wins and values is not None and self.owners.owner_of_row(table, values) == scope.SHARED:
                # joining: the organisation tree and the school's settings become the committee's
                # (the committee's version replaces ours outright: it never hears of ours, shared
                # records do not travel up)
                self.summary.add(table.name, unit["row"], "本机原有的内容已改为党委的")
                order = Order.AFTER
        repointed = self.scope.repointed(table, unit, values, obj, concurrent=order is Order.CONCURRENT)
        if repointed:  # put under a member who is no longer the sender's: the 党委 decides
            return self._held(table, unit, state, repointed, ConflictKind.REPOINTED)
        late = self.late.note(table, unit, values, obj)
        if late:  # 党费 of a month after the member left the sender's branch: the 党委 decides (R2-5)
            return self._held(table, unit, state, f"：{late}", ConflictKind.AFTER_MOVE, why=late)
        if order is Order.CONCURRENT:
            kind = ConflictKind.DUPLICATE if duplicate else (
                ConflictKind.DELETE if unit.get("del") or obj is None else ConflictKind.EDIT)
            self._conflict(table, unit, state or Unit(gid, table.name), kind)
            return None
        written = self.writer.write(table, unit, obj, values)
        if written is not None and self._gone_to_a_member_not_here(table, unit, values):
            self._to_bin(table, unit, written)
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
            values = None if unit.get("del") else self.resolver.values(table, unit["row"], unit.get("w") or [], obj)
            written = self.writer.write(table, unit, obj, values)
            if written is not None and self._gone_to_a_member_not_here(table, unit, values):
                self._to_bin(table, unit, written)  # (the 党委's departure taken in a conflict: as a merge does)
            self._flush_new(table, [written])
            if written is not None and not unit.get("part"):
                self.writer.children(table, [(unit, written)])
            self.session.flush()
        return written

    # ---------------------------------------------------------------- pieces

    def _gone_to_a_member_not_here(self, table: TableInfo, unit: dict[str, Any], values: dict[str, Any] | None) -> bool:
        """On a branch's PC: has the 党委 put one of the branch's records under a member (a payment …)
        this PC does not have — another branch's (known hole 6)? The 党委 tells it as a record that left
        the branch (a departure, outgoing._departure) whose owner column it cannot name here (withheld):
        our copy, still under our own member, would count for him (学时, 党费) while the 党委 counts it
        for the other branch's member."""
        if self.site.role != SiteRole.BRANCH or not unit.get("part") or values is None:
            return False
        withheld = set(unit.get("w") or ()) & set(owner_columns(table))
        return bool(withheld) and "deleted_at" in table.attributes and (
            self.owners.owner_of_row(table, values) == self.site.branch_gid)

    def _to_bin(self, table: TableInfo, unit: dict[str, Any], obj: Any) -> None:
        """Our copy of a record the 党委 put under another branch's member goes to the 回收站 — nothing
        dropped (it can be restored), nothing counted twice (学时 MTG-STUDY-HOURS, 党费 DUES-RATE: one
        member's, once) — and the 接收 report says so (README,
        数据包; the choice (a) of docs/ARCHITECTURE.md, known hole 6). The move is part of the merge:
        it is not a change of ours to send up."""
        self.binned.add(unit["g"])
        if getattr(obj, table.attributes["deleted_at"]) is not None:
            return
        setattr(obj, table.attributes["deleted_at"], datetime.now())
        row = self.reader.rows_by_gid(table, [unit["g"]]).get(unit["g"]) or unit.get("row") or {}
        targets = {ref.target for c in set(unit.get("w") or ()) & set(owner_columns(table))
                   if (ref := table.reference(c)) is not None}
        where = ("其他党支部的党员名下" if "members" in targets else "其他党支部" if "organisations" in targets
                 else "其他党支部的记录下")
        self.summary.add(table.name, row, f"党委已把它改到{where}，本机的这份已移入回收站，"
                                           "不再计入本支部的统计（如有疑问请与党委核对；需要时可从回收站恢复）")

    def _unattached(self, table: TableInfo, unit: dict[str, Any]) -> bool:
        """On a branch's PC: does a new record name a record that is not here in a column that needs
        one? (Elsewhere such a package is refused: the committee keeps every record.)"""
        if self.site.role != SiteRole.BRANCH:
            return False
        withheld = set(unit.get("w") or ())
        return any(not ref.nullable and ref.column not in withheld and isinstance(unit["row"].get(ref.column), str)
                   and self.resolver.key_of(ref.target, unit["row"][ref.column]) is None for ref in table.references)

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
                    key = table.key_of(obj)
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

    def _held(self, table: TableInfo, unit: dict[str, Any], state: Unit | None, note: str, kind: ConflictKind, *,
              why: str = "") -> None:
        """Kept as a conflict for the 党委, nothing written; the 接收 report says why (`note`), and so
        does 处理冲突 (`why`, kept with the copy)."""
        gid = unit["g"]
        row = unit.get("row") or self.reader.rows_by_gid(table, [gid]).get(gid) or {}  # (a deletion: ours)
        self.summary.add(table.name, row, note)
        self._conflict(table, unit, state or Unit(gid, table.name), kind, why=why)

    def _conflict(self, table: TableInfo, unit: dict[str, Any], state: Unit, kind: ConflictKind, *,
                  why: str = "") -> None:
        label = record_label(table.name, unit.get("row") or {}, self.connection)
        if unit.get("del") and state is not None:
            label = self._local_label(table, unit["g"]) or label
        if why:  # (kept with the copy for 处理冲突: conflicts.ConflictView.why)
            unit = {**unit, "why": why}
        conflict_store.record(self.connection, unit=unit, kind=kind, label=label, local_vv=state.vv,
                              peer_site_id=self.peer.site_id, package_seq=self.seq)
        if not state.stored:
            state.lseq = state.lseq or 0
            self.states[unit["g"]] = state
            self.outcome.states.append(state)
        self.outcome.conflicts.append(unit["g"])

    def _local_label(self, table: TableInfo, gid: str) -> str:
        rows = self.reader.rows_by_gid(table, [gid])
        return record_label(table.name, rows[gid], self.connection) if gid in rows else ""


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
