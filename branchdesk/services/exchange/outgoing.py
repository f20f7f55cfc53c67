"""What goes into a package for one peer: every record changed here since the last package the peer
confirmed (its acknowledgement travels in its own packages), that the peer may hold, and whose
current copy did not come from that peer in the first place.

A package therefore repeats what an unconfirmed earlier one carried: a lost package is made good by
the next, and the receiver recognises what it already has by the version vectors.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection

from branchdesk.domain.exchange import scope
from branchdesk.domain.exchange.vocabulary import SiteRole
from branchdesk.services.exchange.labels import record_label
from branchdesk.services.exchange.owners import Owners
from branchdesk.services.exchange.serialise import GidIndex, Reader
from branchdesk.services.exchange.state import Peer, Site, Unit, load_units, units_changed_since
from branchdesk.services.exchange.tables import TableInfo, owner_columns, registry


@dataclass
class Outgoing:
    units: list[dict[str, Any]] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)  # table -> records
    deletions: int = 0
    held_back: list[str] = field(default_factory=list)  # records that cannot go (they need another branch's)
    # on a branch's PC: records of another branch changed here that do not go (a member long moved away,
    # edited here: the copy is the other branch's to change) — said, not dropped in silence
    not_sent: list[str] = field(default_factory=list)
    # on the committee's PC: the records another branch may be sent too (党委-wide, or kept by several
    # branches) — a split 下发 leaves their local sequence as it is (package_size.plan)
    shared: set[str] = field(default_factory=set)


def collect(connection: Connection, site: Site, peer: Peer, since_lseq: int, *, whole: bool = False,
            files_later: bool = False) -> Outgoing:
    """`whole`: the peer holds nothing yet (a set-up file). It gets what the packages of the past
    would have left it: a member who left its branch comes whole — with the 支部调整 naming the
    branch, whose earlier sign-in sheets, 表决 and 谈心谈话 name the member (domain.md §1; README,
    数据包) — where a peer that had the member hears only where the member went.
    `files_later`: stored files stay in the database, read when their package is written
    (serialise.FileLater; packages.export_package)."""
    owners = Owners(connection)
    gids = GidIndex(connection)
    reader = Reader(connection, gids, files_later=files_later)
    state_cache: dict[str, Unit] = {}

    def holds(target: str, key: Any) -> bool:
        """May the peer hold the record a reference points to? (else the reference is withheld)"""
        if site.role != SiteRole.COMMITTEE:
            return True  # the committee keeps every branch's records and the shared ones
        owner = owners.owner_of_pk(target, key)
        if owner in (peer.branch_gid, scope.SHARED):
            return True
        gid = gids.gid(target, key)
        if gid is None:
            return False
        if gid not in state_cache:
            state_cache.update(load_units(connection, [gid]))
        state = state_cache.get(gid)
        return state is not None and state.left_owner == peer.branch_gid

    def holds_named(target: str, key: Any) -> bool:
        """For a record kept by the branches it names (a 支部调整): the member it is about is also one
        the peer had when the member's moves name the peer's branch (a member it never had makes the
        branch pass the move over: merge.Merger._unattached)."""
        return holds(target, key) or (site.role == SiteRole.COMMITTEE and peer.branch_gid in owners.named_by(target, key))

    def former(name: str, key: Any) -> frozenset[str]:
        """In a set-up file: the peer's branch, when it is named by the member's 支部调整."""
        if whole and site.role == SiteRole.COMMITTEE and peer.branch_gid in owners.named_by(name, key):
            return frozenset({peer.branch_gid})
        return frozenset()

    result = Outgoing()
    by_table: dict[str, list[Unit]] = defaultdict(list)
    for unit in units_changed_since(connection, since_lseq):
        if unit.from_site == peer.site_id or unit.table not in registry():
            continue
        by_table[unit.table].append(unit)
    for name, table in registry().items():
        units = by_table.get(name)
        if not units or table.parent is not None:
            continue
        sendable: list[Unit] = []
        departing: set[str] = set()
        unsent: list[str] = []
        gone: set[str] = set()  # up, records that left this branch: their new branch's 党小组 not known here
        for unit in units:
            owner, also, key = unit.owner or scope.COMMITTEE_ONLY, frozenset[str](), None
            if not unit.deleted:
                key = gids.key(name, unit.gid)
                if key is None:
                    continue  # gone without a deletion line (cannot happen through BranchDesk)
                owner, also = owners.owner_of_pk(name, key), owners.also_of_pk(name, key) | former(name, key)
            left_recently = unit.left_lseq is not None and unit.left_lseq > since_lseq
            left_owner = _left_owner(site, peer, owners, unit, owner, left_recently, key)
            if (scope.may_send(site.role, site.branch_gid, peer.branch_gid, owner, left_owner, left_recently, also)
                    or scope.may_send(site.role, site.branch_gid, peer.branch_gid, owner,
                                      refers_to_left=_refers_to_left(connection, site, owners, gids, unit, key))):
                sendable.append(unit)
                if site.role == SiteRole.COMMITTEE and (owner == scope.SHARED or (
                        ({owner} | also) - scope.MARKS - {peer.branch_gid})):
                    result.shared.add(unit.gid)
                # down, a record that left the peer's branch: only where it went; up, whole (the
                # committee keeps every branch's records, and what changed here goes with it)
                if site.role == SiteRole.COMMITTEE and not scope.may_send(
                        site.role, site.branch_gid, peer.branch_gid, owner, also=also):
                    departing.add(unit.gid)
                elif site.role == SiteRole.BRANCH and owner != site.branch_gid:
                    gone.add(unit.gid)
            elif (site.role == SiteRole.BRANCH and unit.from_site is None and not unit.deleted
                  and owner not in scope.MARKS and owner != site.branch_gid):
                unsent.append(unit.gid)
        if unsent:
            rows = reader.rows_by_gid(table, unsent)
            result.not_sent.extend(record_label(name, rows[gid], connection) for gid in unsent if gid in rows)
        live = [u.gid for u in sendable if not u.deleted]
        records, blocked = reader.units(table, live, holds_named if table.also_kept_by or whole else holds) if live else ({}, {})
        for unit in sendable:
            if unit.deleted:
                result.units.append({"t": name, "g": unit.gid, "vv": unit.vv, "del": True})
                result.deletions += 1
            elif unit.gid in departing:  # moved to another branch: only where it went, nothing of it — a
                # member the peer does not hold withheld (the 党委 put a study record of the branch's under
                # another branch's member: known hole 6; the branch's PC puts its copy in the 回收站)
                result.units.append(_departure(table, records[unit.gid], unit))
            elif unit.gid in blocked:
                result.held_back.append(record_label(name, records[unit.gid]["row"], connection))
                continue
            elif unit.gid in gone:  # told as any record is (a student reduced: `_as_told`)
                result.units.append(_as_told(site, peer, table, {**_without_groups(table, records[unit.gid]),
                                                                 "vv": unit.vv}, whole))
            elif unit.gid in records:
                result.units.append(_as_told(site, peer, table, {**records[unit.gid], "vv": unit.vv}, whole))
            else:
                continue
            result.counts[name] = result.counts.get(name, 0) + 1
    return result


def _as_told(site: Site, peer: Peer, table: TableInfo, record: dict[str, Any], whole: bool) -> dict[str, Any]:
    """The record as the peer is told it. A branch tells the committee only what the model's
    `__exchange_committee_copy__` leaves of it (a student a member helps: 王同学, no class, the category
    学生 — domain/mentoring/privacy.py, domain.md §8).

    The committee sends such a record back to a branch that has held it (the branch's site is in its
    version vector; not in a set-up file) without the columns it holds only in the form it was told
    (withheld: the branch keeps its own value, merge.Merger._resolve), so a change made at the
    committee never turns the branch's 王小明 into 王同学. What the committee entered itself goes as
    entered."""
    told = table.committee_copy(record["row"]) if table.committee_copy is not None else {}
    if not told:
        return record
    row = record["row"]
    if site.role == SiteRole.BRANCH:
        return {**record, "row": {**row, **told}}
    if whole or peer.site_id not in record["vv"]:
        return record
    kept = {name for name, value in told.items() if row.get(name) == value}
    if not kept:
        return record
    return {**record, "row": {k: v for k, v in row.items() if k not in kept},
            "w": sorted(set(record.get("w", ())) | kept)}


def _left_owner(site: Site, peer: Peer, owners: Owners, unit: Unit, owner: str, left_recently: bool,
                key: Any) -> str | None:
    """The branch a record that changed branch since the peer's last confirmation left, as the peer
    must hear it: the one it left last, or — for a member moved on again before a package reached
    the peer — the peer's, when the member's 支部调整 name it (each move was the peer's to know)."""
    if (site.role == SiteRole.COMMITTEE and left_recently and not unit.deleted and key is not None
            and peer.branch_gid not in (owner, unit.left_owner)
            and peer.branch_gid in owners.named_by(unit.table, key)):
        return peer.branch_gid
    return unit.left_owner


def _refers_to_left(connection: Connection, site: Site, owners: Owners, gids: GidIndex, unit: Unit,
                    key: Any) -> bool:
    """On a branch's PC: is this a record changed here (not as the committee sent it) that refers to
    a record that left the branch — a study record of a member moved away before it went up?
    (scope.may_send, refers_to_left; asked only of a record changed since the last confirmation)"""
    if site.role != SiteRole.BRANCH or unit.deleted or unit.from_site is not None or key is None:
        return False
    row = owners.row(unit.table, key)
    return row is not None and owners.refers_to_branch(registry()[unit.table], row, site.branch_gid, gids,
                                                       lambda gid: load_units(connection, [gid]).get(gid),
                                                       site.site_id)


def _without_groups(table: TableInfo, record: dict[str, Any]) -> dict[str, Any]:
    """A record that left this branch, as it goes up: its 党小组 withheld (an organisation it names
    beside those its owner is read from and the branches that also keep it: a member's group). This
    PC keeps none of the new branch's groups, so what it holds there (none) is not known, not a
    choice — sent, it would empty the group the committee gave her (the committee keeps its own;
    ORG-GROUPS: it clears one of the branch left)."""
    columns = {ref.column for ref in table.references if ref.target == "organisations" and ref.nullable} \
        - set(owner_columns(table)) - set(table.also_kept_by)
    if not columns & set(record["row"]):
        return record
    row = {k: v for k, v in record["row"].items() if k not in columns}
    return {**record, "row": row, "w": sorted(set(record.get("w") or ()) | (columns & set(record["row"])))}


def _departure(table: TableInfo, record: dict[str, Any], unit: Unit) -> dict[str, Any]:
    """A record that left the peer's branch: the peer learns where it went (the columns its owner is
    read from), and keeps its own copy of everything else — which it can no longer change."""
    keep = set(owner_columns(table)) - set(record.get("w", ()))
    row = {k: v for k, v in record["row"].items() if k in keep}
    return {"t": table.name, "g": unit.gid, "vv": unit.vv, "part": True, "row": row,
            "w": sorted(set(table.carried) - set(row))}


def pending(connection: Connection, site: Site, peer: Peer, since_lseq: int) -> int:
    """How many records changed here the peer has not confirmed yet (what the next package carries)."""
    owners = Owners(connection)
    gids = GidIndex(connection)
    count = 0
    for unit in units_changed_since(connection, since_lseq):
        if unit.from_site == peer.site_id or unit.table not in registry() or registry()[unit.table].parent:
            continue
        owner, also, key = unit.owner or scope.COMMITTEE_ONLY, frozenset[str](), None
        if not unit.deleted:
            key = gids.key(unit.table, unit.gid)
            if key is None:
                continue
            owner, also = owners.owner_of_pk(unit.table, key), owners.also_of_pk(unit.table, key)
        left_recently = unit.left_lseq is not None and unit.left_lseq > since_lseq
        left_owner = _left_owner(site, peer, owners, unit, owner, left_recently, key)
        if (scope.may_send(site.role, site.branch_gid, peer.branch_gid, owner, left_owner, left_recently, also)
                or scope.may_send(site.role, site.branch_gid, peer.branch_gid, owner,
                                  refers_to_left=_refers_to_left(connection, site, owners, gids, unit, key))):
            count += 1
    return count
