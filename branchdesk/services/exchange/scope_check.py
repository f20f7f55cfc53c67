"""A package never carries another branch's records (a step of merging, merge.py): a record the
sender may not send this site refuses the whole package (domain/exchange/scope.py says who keeps
what; owners.py reads it from the database).

A record this PC holds in another branch is not the sender's because the package names the sender's
branch for it (trial R, TR-2: a forged 上报 moved another branch's member in and changed his phone):
whose a record is, is read from our copy (its exchange state, else our own row). Nor does the sender's
own member leave its branch without a dated 支部调整 (`_moved`): a branch change is only such a move,
and always to a 党支部, never to the 党委 or a 党总支. Nor does a 党小组 of the branch leave it (its
parent or its kind changed: tables.owner_columns): the tree above the groups is the committee's, and
a branch's PC only adds, renames and deletes its own 党小组 (services/site_tree.tree_refusal). And a
record kept by the branches it names (a 支部调整) is recorded by a branch only for its own member
(`_check_subject`): a move into the branch is the 党委's to record.

Other records a branch may hand to another branch on its own PC, and they go up as records that
left it (a meeting entered under the wrong 党支部, a 结对 handed on, a 整改台账 put under the 党委:
the forms offer those choices): the committee cannot tell such a package from a forged one.

Two exceptions:
- on a branch's PC, a member whom a 支部调整 of the same package names this branch for (moved in or
  out) — the branch once had them, and its earlier sign-in sheets name them;
- on the committee's, a record of another branch that refers to a record that is or was the
  sender's — what a branch entered of a member who left it (scope.may_receive, refers_to_senders).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection

from branchdesk.domain.exchange import scope, versions
from branchdesk.domain.exchange.versions import Order
from branchdesk.domain.exchange.vocabulary import SiteRole
from branchdesk.domain.vocabulary import MoveKind
from branchdesk.services.exchange.envelope import PackageRefused
from branchdesk.services.exchange.labels import record_label, table_label
from branchdesk.services.exchange.owners import Owners
from branchdesk.services.exchange.placement import check_place
from branchdesk.services.exchange.serialise import GidIndex
from branchdesk.services.exchange.state import ORGS, Peer, Site, Unit, load_units
from branchdesk.services.exchange.tables import TableInfo, owner_columns, registry

_MEMBERS, _MOVES, ORG_TABLE = "members", "member_moves", "organisations"


class ScopeCheck:
    """Checks each record of one package (`units`, as checked by shape.validate) as it is merged."""

    def __init__(self, connection: Connection, site: Site, peer: Peer, owners: Owners, gids: GidIndex,
                 states: dict[str, Unit]) -> None:
        self.connection, self.states = connection, states
        self.site, self.peer, self.owners, self.gids = site, peer, owners, gids
        self.units: list[dict[str, Any]] = []
        self._former: set[str] | None = None  # gids of members a 支部调整 in the package names this branch for
        self._whose: dict[str, str | None] = {}  # gid -> whose the record was before this package (checked ones)
        self._back: set[str] = set()  # gids let through `check` only to be held by `repointed`

    def check(self, table: TableInfo, unit: dict[str, Any], values: dict[str, Any] | None, state: Unit | None,
              obj: Any, *, heard: bool | None = None) -> str:
        """Refuse a record the sender may not send here; returns its owner (a branch's gid, scope.*).
        `heard`: has the sender seen our copy — as its version says (None), or as a person's choice of
        it takes it (True: keep_remote.py)."""
        held = obj is not None and sa.inspect(obj).persistent
        if values is not None:  # a member or a meeting under a 党支部 only (placement.py)
            check_place(self.connection, table, unit, values, obj if held else None, self.peer.name)
        local_owner = state.owner if state is not None else None
        if local_owner is None and held:  # (not tracked yet: whose our own row says)
            local_owner = self.owners.owner_of_pk(table.name, table.key_of(obj))
        local_left = state.left_owner if state is not None else None
        if (held and state is not None and self.site.role == SiteRole.COMMITTEE
                and local_owner not in (None, self.peer.branch_gid, *scope.MARKS) and local_left != self.peer.branch_gid
                and self.owners.owner_when_added(table, table.key_of(obj)) == self.peer.branch_gid):
            # the sender's when it was written here, then followed its member: before follow_owners kept
            # the branch left (760d814), or moved on twice (the state names the last branch left only)
            local_left = self.peer.branch_gid
        # has the sender seen our copy as it is (its copy follows on from ours)? (scope.may_receive)
        if heard is None:
            heard = held and (state is None or versions.compare(versions.loads(versions.dumps(unit["vv"])),
                                                                state.vv) in (Order.AFTER, Order.EQUAL))
        incoming = self.owners.owner_of_row(table, values) if values is not None else (local_owner or scope.COMMITTEE_ONLY)
        also = self.owners.also_of_row(table, values) if values is not None else frozenset[str]()
        if held and table.also_kept_by:
            also |= self.owners.also_of_pk(table.name, table.key_of(obj))  # the branches our copy names
        allowed = scope.may_receive(self.site.role, self.site.branch_gid, self.peer.branch_gid, incoming,
                                    local_owner, local_left, also, heard_of_ours=heard)
        if not allowed and self.site.role == SiteRole.COMMITTEE:
            # what the branch entered of a member who left it (moved there, or here before it heard);
            # a deletion: as our copy refers. A record held here is the sender's only when its PC has
            # had it: it changed it (its site in our version), or the record followed the member from
            # it (left_owner, changes.follow_owners) — never one the new branch entered after the move
            # (review 13-3, R3-2: a forged 上报 changed such a 党费 payment, 42.00 → 0.01)
            row = values if values is not None else (self.owners.row(table.name, table.key_of(obj)) if held else None)
            had = not held or state is None or self.peer.site_id in state.vv
            allowed = row is not None and had and scope.may_receive(
                self.site.role, self.site.branch_gid, self.peer.branch_gid, incoming, local_owner, local_left, also,
                refers_to_senders=self.owners.refers_to_branch(table, row, self.peer.branch_gid, self.gids,
                                                               self._state, self.peer.site_id), heard_of_ours=heard)
        if (not allowed and self.site.role == SiteRole.COMMITTEE and held and values is not None
                and incoming == self.peer.branch_gid and local_left == incoming
                and local_owner not in (None, incoming, *scope.MARKS) and _owned_through(table)):
            # the sender's record the 党委 put under another branch's member, put back under the sender's
            # own member after the branch heard — restored from the 回收站 our 下发 put it in, or changed
            # there (known hole 6): never written as it comes; `repointed` holds it for the 党委 rather
            # than refusing this 上报 and every one after it (review rev2, R2-4)
            self._back.add(unit["g"])
            allowed = True
        self._whose[unit["g"]] = local_owner if held else incoming
        if allowed and table.also_kept_by and self.site.role == SiteRole.COMMITTEE:
            self._check_subject(table, values, obj, held, local_left)
            if table.name == _MOVES and values is not None:
                self._move_leads_to_member(unit, values, obj if held else None)
        if (allowed and held and values is not None and self.site.role == SiteRole.COMMITTEE
                and local_owner == self.peer.branch_gid and incoming != local_owner
                and any(values.get(c) != getattr(obj, table.attributes.get(c, c), None) for c in owner_columns(table))
                and (table.name == ORG_TABLE or (table.name == _MEMBERS and (
                    incoming in scope.MARKS or not self._moved(unit, table.key_of(obj), values.get("branch_id")))))):
            raise PackageRefused("scope", self._moved_without_move(table, obj, incoming))
        if not allowed and (values is None or unit["g"] not in self._former_members()):
            if held and incoming == self.peer.branch_gid and local_owner not in (None, incoming, *scope.MARKS):
                raise PackageRefused("scope", self._taken_over(table, obj, local_owner))
            label = record_label(table.name, unit.get("row") or {}, self.connection)
            raise PackageRefused("scope", f"数据包中有不属于{self.peer.name}的记录（{label}），已拒收，没有写入任何内容。")
        return incoming

    def deleted_here(self, table: TableInfo, unit: dict[str, Any], state: Unit) -> None:
        """On the committee's PC, a copy of a record deleted for good here (彻底删除) is held as a conflict
        (merge.py) only when it comes from a branch whose record it is or was as far as this PC knows:
        its owner, the branch it left, a branch its copy names (a 支部调整), or a branch that changed it
        (its site is in our version). From any other branch it is another branch's record, forged:
        refused whole, naming it — as a change of another branch's record still here is — and not left
        as a conflict that 采用对方版本 would refuse (keep_remote.py: back only as whose it was)."""
        if self.site.role != SiteRole.COMMITTEE or state.owner is None:
            return
        peer = self.peer.branch_gid
        row = unit.get("row") or {}
        named = {self.owners.branch_of_org(self.gids.key(ref.target, row[ref.column]))
                 for ref in table.references if ref.column in table.also_kept_by and isinstance(row.get(ref.column), str)}
        if peer is not None and (peer in (state.owner, state.left_owner) or peer in named
                                 or self.peer.site_id in state.vv):
            return
        label = record_label(table.name, row, self.connection)
        where = "党委" if state.owner in scope.MARKS else (self.connection.execute(
            sa.select(ORGS.c.name).where(ORGS.c.gid == state.owner)).scalar() or "其他党支部")
        raise PackageRefused("scope", (
            f"数据包中有{where}的记录（{label}），本机已彻底删除。它不是{self.peer.name}的记录，"
            f"支部只能修改本支部的记录。已拒收，没有写入任何内容。"))

    def repointed(self, table: TableInfo, unit: dict[str, Any], values: dict[str, Any] | None, obj: Any,
                  *, concurrent: bool = False) -> str:
        """A record the committee holds whose owner is read through the member it belongs to (a study
        record, 党费, a 支部调整 …), put by the package under another member (trial R, TR-2, continued).
        Between two of the sender's members it is a correction of the branch's own. Otherwise it would
        change the figures of the branch the other member is in (学时, 党费, its roster's moves):
        - both members are or were the sender's (one moved to another branch — the branch's PC still
          has her, and its forms offer her): held for the 党委 — returns the note that says so, and the
          merge keeps the copy as a conflict (a person may take it: conflicts.resolve_conflict);
        - one never was the sender's: refused whole (the branch's PC never had her) — except a record
          of the sender's that the 党委 put under another branch's member (known hole 6): the branch's
          copy, still under its own member — changed before it heard (`concurrent`), or restored from
          the 回收站 our 下发 put it in — is held for the 党委 as well, not refused with every 上报 after it.
        A change or deletion that leaves the member as ours is held too when our copy is now another
        branch's member's who never was the sender's (`_left_for_another`, review rev2, R2-3)."""
        if (self.site.role != SiteRole.COMMITTEE or obj is None or not sa.inspect(obj).persistent
                or not _owned_through(table)):
            return ""
        if values is None:
            return self._left_for_another(table, unit, obj, deleted=True)
        note = self._repointed(table, unit, values, obj, concurrent=concurrent)
        if not note and unit["g"] in self._back:  # (never written as it comes: `check`)
            note = (f"党委已把它改到其他党支部的党员名下，而{self.peer.name}把它留在本支部：没有合并，已留作冲突，"
                    f"请在“设置 → 数据交换”中决定")
        return note

    def _repointed(self, table: TableInfo, unit: dict[str, Any], values: dict[str, Any], obj: Any, *,
                   concurrent: bool) -> str:
        peer = self.peer.branch_gid
        for ref in table.references:
            if ref.cascade or ref.target in (table.name, ORG_TABLE) or ref.column in table.also_kept_by:
                continue
            old, new = getattr(obj, table.attributes.get(ref.column, ref.column), None), values.get(ref.column)
            if old is None or new is None or old == new:
                continue
            before, after = self._owners_of(ref.target, old), self._owners_of(ref.target, new)
            if before[0] == peer and after[0] == peer:
                continue
            if peer in before and peer in after:
                return (f"改到了另一名党员名下，而其中有人现在已不在{self.peer.name}：采用它会改变其他党支部的统计，"
                        f"没有合并，已留作冲突，请在“设置 → 数据交换”中决定是否采用")
            if after[0] == peer and self._was_senders(table, unit["g"], obj):
                # (after it heard: its copy, put in its 回收站 by our 下发, restored or changed there — review
                # rev2, R2-4: refused, it would refuse every 上报 after it, as hole 6 did)
                when = "在得知之前修改了它" if concurrent else "在得知之后仍把它留在本支部党员名下（可能是从回收站恢复或修改了）"
                return (f"党委已把它改到{self._named(ref.target, old)}名下，而{self.peer.name}{when}"
                        f"（仍在{self._named(ref.target, new)}名下）：没有合并，已留作冲突，请在“设置 → 数据交换”中决定")
            ours = {name: getattr(obj, attr, None) for name, attr in table.attributes.items()}
            stranger = self._named(ref.target, new if peer not in after else old)
            raise PackageRefused("scope", (
                f"数据包把{self.peer.name}的记录（{record_label(table.name, ours, self.connection)}）从{self._named(ref.target, old)}"
                f"改到了{self._named(ref.target, new)}名下，而{stranger}不是、也从来不是{self.peer.name}的党员。"
                f"支部只能登记本支部党员的记录。已拒收，没有写入任何内容。"))
        return self._left_for_another(table, unit, obj, deleted=False)

    def _left_for_another(self, table: TableInfo, unit: dict[str, Any], obj: Any, *, deleted: bool) -> str:
        """A record here under a member of another branch, who is not and never was the sender's
        (review rev2, R2-3): the 党委 put a record of the sender's under him (known hole 6), and keeps
        the branch it left (`left_owner`) — which lets the branch left correct what it had of a member
        who moved, never what is now another member's. The sender's change or deletion of it would
        change the other branch's figures: held for the 党委 (the note), nothing written. (Only the
        branch left gets this far: from any other branch such a record is refused by `check`.)"""
        gid = unit["g"]
        peer = self.peer.branch_gid
        whose = self._whose.get(gid)
        if peer is None or whose in (None, peer, *scope.MARKS) or table.also_kept_by:
            return ""
        row = self.owners.row(table.name, table.key_of(obj))
        if row is None or self.owners.refers_to_branch(table, row, peer, self.gids, self._state, self.peer.site_id):
            return ""
        ref = next((r for r in table.references if row.get(r.column) is not None and r.target != table.name), None)
        if ref is None:
            return ""
        who = self._named(ref.target, row[ref.column])
        return (f"党委已把它改到{who}名下，{who}不是、也从来不是{self.peer.name}的党员；{self.peer.name}"
                f"{'删除' if deleted else '修改'}它会改变其他党支部的统计：没有{'删除' if deleted else '合并'}，"
                f"已留作冲突，请在“设置 → 数据交换”中决定")

    def _was_senders(self, table: TableInfo, gid: str, obj: Any) -> bool:
        """Was a record held here the sender's branch's before it went to another branch's member?"""
        state = self._state(gid)
        peer = self.peer.branch_gid
        return (state is not None and peer in (state.owner, state.left_owner)) or (
            self.owners.owner_when_added(table, table.key_of(obj)) == peer)

    def _owners_of(self, target: str, key: Any) -> tuple[str | None, str | None]:
        """Whose a record is (as before this package), and whose it was before it moved."""
        gid = self.gids.gid(target, key)
        state = self._state(gid) if gid is not None else None
        owner = self._whose.get(gid) if gid is not None and gid in self._whose else (
            state.owner if state is not None and state.owner is not None else self.owners.owner_of_pk(target, key))
        return owner, state.left_owner if state is not None else None

    def _named(self, target: str, key: Any) -> str:
        found = registry()[target]
        row = self.connection.execute(sa.select(*found.table.c).where(
            found.table.c[found.pk[0]] == key)).mappings().first()
        return record_label(target, dict(row) if row is not None else {}).removeprefix(table_label(target)).strip() or "另一条记录"

    def _check_subject(self, table: TableInfo, values: dict[str, Any] | None, obj: Any, held: bool,
                       local_left: str | None) -> None:
        """A record kept by the branches it names (a 支部调整, member_moves) is a branch's to record
        only for its own member (trial R, TR-2): one of another branch's member — even naming the
        sender's branch as the branch joined — would move him on every roster read from the moves
        (domain/roster/membership.py); a move into the branch is the 党委's to record. Whose the
        member is: as before this package (a member moved out by this very package was the branch's).
        A 支部调整 the branch keeps that has left it (`local_left`) it may still correct or delete; one
        it keeps as the branch left or joined, it may correct as long as it names the same member
        and branches."""
        ours = self.owners.row(table.name, table.key_of(obj)) if held else None
        subject = next((ref for ref in table.references if ref.column not in table.also_kept_by
                        and not ref.cascade and ref.target != table.name), None)
        row = values if values is not None else ours
        if subject is None or row is None or row.get(subject.column) is None:
            return
        key = row[subject.column]
        gid = self.gids.gid(subject.target, key)
        if gid is not None and gid in self._whose:
            whose = self._whose[gid]
        else:
            state = self._state(gid) if gid is not None else None
            whose = state.owner if state is not None else self.owners.owner_of_pk(subject.target, key)
        peer = self.peer.branch_gid
        if whose == peer or (held and local_left == peer):
            return
        columns = [ref.column for ref in table.references]
        if held and values is not None and ours is not None and all(values.get(c) == ours.get(c) for c in columns):
            return
        raise PackageRefused("scope", self._not_its_member(table, subject.target, key, whose))

    def _move_leads_to_member(self, unit: dict[str, Any], values: dict[str, Any], obj: Any) -> None:
        """A 支部调整 a package adds or changes leads where its member is (after this package): his latest
        支部调整 goes to his 所在党支部. A branch change is both together (domain/roster/membership.py: a
        roster on a day is read from the moves); a move turned round with no change to the member would
        put him, on every roster read from the moves, out of the branch he is in. (On the same day,
        one of that day's moves leading there is enough.) A 支部调整 the package puts in the 回收站
        (deleted_at) is judged the same way, without it: the moves left must still lead where he is."""
        if values.get("kind") != MoveKind.BRANCH_CHANGE.value:
            return
        binned = values.get("deleted_at") is not None
        compared = ("member_id", "kind", "move_date", "to_branch_id")
        if obj is not None and all(values.get(c) == getattr(obj, c, None) for c in compared) and (
                binned == (getattr(obj, "deleted_at", None) is not None)):
            return
        if binned and obj is None:  # (a new record already in the 回收站: no roster reads it)
            return
        member = values.get("member_id")
        moves = registry()[_MOVES].table
        members = registry()[_MEMBERS].table
        package = {u["g"]: u for u in self.units if u["t"] == _MOVES}
        found: list[tuple[Any, Any]] = [] if binned else [(values.get("move_date"), values.get("to_branch_id"))]
        for stored in self.connection.execute(sa.select(moves.c.gid, moves.c.move_date, moves.c.to_branch_id).where(
                moves.c.member_id == member, moves.c.kind == MoveKind.BRANCH_CHANGE.value,
                moves.c.deleted_at.is_(None))):
            if stored.gid not in package:
                found.append((stored.move_date, stored.to_branch_id))
        for gid, other in package.items():
            row = other.get("row") or {}
            if (gid == unit["g"] or other.get("del") or other.get("part") or row.get("deleted_at")
                    or row.get("kind") != MoveKind.BRANCH_CHANGE.value or not isinstance(row.get("member_id"), str)
                    or self.gids.key(_MEMBERS, row["member_id"]) != member):
                continue
            try:
                day = date.fromisoformat(str(row.get("move_date")))
            except ValueError:
                continue
            to = row.get("to_branch_id")
            found.append((day, self.gids.key(ORG_TABLE, to) if isinstance(to, str) else None))
        dated = [m for m in found if isinstance(m[0], date)]
        if not dated:
            return
        latest = max(m[0] for m in dated)
        branch = self._branch_after(member)
        if any(m[1] == branch for m in dated if m[0] == latest):
            return
        name = self.connection.execute(sa.select(members.c.name).where(members.c.id == member)).scalar() or "党员"
        leads = next(m[1] for m in dated if m[0] == latest)
        names = dict(self.connection.execute(sa.select(ORGS.c.id, ORGS.c.name).where(
            ORGS.c.id.in_([values.get("to_branch_id"), branch, leads]))).all())
        if binned:
            raise PackageRefused("scope", (
                f"数据包把{self.peer.name}的支部调整（{name}，{values.get('move_date')}，调到"
                f"{names.get(values.get('to_branch_id'), '其他党支部')}）移入回收站，而{name}仍在"
                f"{names.get(branch, '其他党支部')}：按其余的支部调整，{name}最近调到了{names.get(leads, '其他党支部')}，"
                f"不在所在党支部。删除支部调整须同时改回所在党支部，由党委办理。已拒收，没有写入任何内容。"))
        raise PackageRefused("scope", (
            f"数据包中{self.peer.name}的支部调整（{name}，{values.get('move_date')}，调到"
            f"{names.get(values.get('to_branch_id'), '其他党支部')}）与{name}的所在党支部"
            f"（{names.get(branch, '其他党支部')}）不一致：按支部调整，{name}已不在所在党支部。党员调到其他支部，"
            f"须同时修改所在党支部，由党委登记支部调整。已拒收，没有写入任何内容。"))

    def _branch_after(self, member: Any) -> Any:
        """A member's 所在党支部 after this package: as the package has him (written, or held as a
        conflict), else as stored."""
        gid = self.gids.gid(_MEMBERS, member)
        for other in self.units:
            row = other.get("row") or {}
            if other["t"] == _MEMBERS and other["g"] == gid and not other.get("del") and isinstance(
                    row.get("branch_id"), str) and "branch_id" not in (other.get("w") or ()):
                key = self.gids.key(ORG_TABLE, row["branch_id"])
                if key is not None:
                    return key
        members = registry()[_MEMBERS].table
        return self.connection.execute(sa.select(members.c.branch_id).where(members.c.id == member)).scalar()

    def _not_its_member(self, table: TableInfo, target: str, key: Any, whose: str | None) -> str:
        found = registry()[target]
        named = self.connection.execute(sa.select(*found.table.c).where(
            found.table.c[found.pk[0]] == key)).mappings().first()
        label = record_label(target, dict(named) if named is not None else {}, self.connection)
        where = self.connection.execute(sa.select(ORGS.c.name).where(ORGS.c.gid == whose)).scalar() or "其他党支部"
        return (f"数据包中有{self.peer.name}登记的{table_label(table.name)}，调动的是{where}的{label}。"
                f"支部只能登记本支部党员的支部调整，调入本支部须由党委登记。已拒收，没有写入任何内容。")

    def _moved(self, unit: dict[str, Any], key: Any, branch_id: Any) -> bool:
        """Does a 支部调整 to `branch_id` name the member — one of the package, or one here? A branch
        change is a dated 支部调整 (domain/roster/membership.py): a move made on the branch's PC goes
        up with its 支部调整 in the same package."""
        moves = registry()[_MOVES].table
        for other in self.units:
            row = other.get("row") or {}
            if (other["t"] == _MOVES and not other.get("del") and row.get("kind") == MoveKind.BRANCH_CHANGE.value
                    and isinstance(row.get("to_branch_id"), str) and isinstance(row.get("member_id"), str)
                    and self.gids.key(ORG_TABLE, row["to_branch_id"]) == branch_id
                    and (row["member_id"] == unit["g"] or self.gids.key(_MEMBERS, row["member_id"]) == key)):
                return True
        return self.connection.execute(sa.select(moves.c.id).where(
            moves.c.member_id == key, moves.c.to_branch_id == branch_id, moves.c.deleted_at.is_(None),
            moves.c.kind == MoveKind.BRANCH_CHANGE.value).limit(1)).first() is not None

    def _moved_without_move(self, table: TableInfo, obj: Any, incoming: str) -> str:
        ours = {column.name: getattr(obj, table.attributes.get(column.name, column.name), None)
                for column in table.table.columns}
        label = record_label(table.name, ours, self.connection)
        where = "党委" if incoming in scope.MARKS else (self.connection.execute(
            sa.select(ORGS.c.name).where(ORGS.c.gid == incoming)).scalar() or "其他党支部")
        if table.name != _MEMBERS or incoming in scope.MARKS:
            return (f"数据包把{self.peer.name}的记录（{label}）改为属于{where}。支部只能修改本支部的记录，"
                    f"不能把它改到其他党支部或党委。已拒收，没有写入任何内容。")
        return (f"数据包把{self.peer.name}的记录（{label}）改为属于{where}，但没有相应的支部调整。党员调到其他支部，"
                f"须登记支部调整（写明调整日期）。已拒收，没有写入任何内容。")

    def _taken_over(self, table: TableInfo, obj: Any, owner: str | None) -> str:
        """The refusal of a package that would change (or move into the sender's branch) a record this
        PC holds in another branch: named as our copy names it, with both branches."""
        ours = {column.name: getattr(obj, table.attributes.get(column.name, column.name), None)
                for column in table.table.columns}
        label = record_label(table.name, ours, self.connection)
        where = self.connection.execute(sa.select(ORGS.c.name).where(ORGS.c.gid == owner)).scalar() or "其他党支部"
        return (f"数据包要把{where}的记录（{label}）改为{self.peer.name}的。支部只能修改本支部的记录，"
                f"党员调到其他支部须由党委登记支部调整。已拒收，没有写入任何内容。")

    def _state(self, gid: str) -> Unit | None:
        """A record's state as the merge has it (a member moved by this very package: as before it)."""
        return self.states.get(gid) or load_units(self.connection, [gid]).get(gid)

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
                for unit in self.units:
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


def _owned_through(table: TableInfo) -> bool:
    """Is a table's owner read through a record it refers to (a member's study record, 党费, 支部调整),
    not from its own columns? (owners.Owners.owner_of_row)"""
    return not (table.scope or table.parent is not None or table.name in ("settings", ORG_TABLE) or any(
        (ref := table.reference(column)) is not None and ref.target == ORG_TABLE for column in ("branch_id", "org_id")))
