"""Which branch a record belongs to, found from the database (the rules are domain/exchange/scope.py).

One `Owners` lives for one exchange operation: it loads a table's keys and references once, when
first asked, and answers from memory after that; rows written during the operation are looked up
one by one, and `forget` drops what an update may have changed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection

from branchdesk.db.models import ChangeLog
from branchdesk.domain.exchange import scope
from branchdesk.domain.vocabulary import OrgKind
from branchdesk.services.exchange.serialise import GidIndex
from branchdesk.services.exchange.state import Unit
from branchdesk.services.exchange.tables import TableInfo, registry

_ORG = "organisations"
_CHAIN = 4  # records owned through records, at most (a measure's evidence → the measure → its 台账)


def _log() -> sa.Table:
    return ChangeLog.__table__


def _record_id(pk: Any) -> str:
    """A key as 修改记录 writes it (db/history._record_id)."""
    return ",".join(str(part) for part in pk) if isinstance(pk, tuple) else str(pk)


class Owners:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self._orgs: dict[int, tuple[str, str, int | None]] | None = None
        self._rows: dict[str, dict[Any, dict[str, Any]]] = {}
        self._cache: dict[tuple[str, Any], str] = {}
        self._named: dict[tuple[str, str, Any], frozenset[str]] = {}

    # ---------------------------------------------------------------- organisations

    def _load_orgs(self) -> dict[int, tuple[str, str, int | None]]:
        if self._orgs is None:
            table = registry()[_ORG].table
            self._orgs = {row.id: (row.gid, row.kind, row.parent_id) for row in self.connection.execute(
                sa.select(table.c.id, table.c.gid, table.c.kind, table.c.parent_id))}
        return self._orgs

    def org(self, org_id: int) -> tuple[str, str, int | None] | None:
        orgs = self._load_orgs()
        if org_id not in orgs:
            table = registry()[_ORG].table
            row = self.connection.execute(sa.select(table.c.gid, table.c.kind, table.c.parent_id)
                                          .where(table.c.id == org_id)).first()
            if row is None:
                return None
            orgs[org_id] = (row.gid, row.kind, row.parent_id)
        return orgs[org_id]

    def branch_of_org(self, org_id: int | None) -> str:
        found = self.org(org_id) if org_id is not None else None
        if found is None:
            return scope.COMMITTEE_ONLY
        gid, kind, parent_id = found
        parent = self.org(parent_id) if parent_id is not None else None
        return scope.branch_of(kind, gid, parent[0] if parent else None, parent[1] if parent else None)

    # ---------------------------------------------------------------- records

    def owner_of_row(self, table: TableInfo, values: dict[str, Any]) -> str:
        """The owner of a row given its local column values (references as local ids)."""
        if table.scope:
            return table.scope
        if table.parent is not None:
            return self.owner_of_pk(table.parent.target, values.get(table.parent.column))
        if table.name == "settings":
            return scope.setting_owner(str(values.get("key", "")))
        if table.name == _ORG:
            parent = self.org(values["parent_id"]) if values.get("parent_id") is not None else None
            parent_branch = parent[0] if parent is not None and parent[1] == OrgKind.BRANCH.value else None
            return scope.organisation_owner(str(values.get("kind", "")), parent_branch)
        for column in ("branch_id", "org_id"):
            ref = table.reference(column)
            if ref is not None and ref.target == _ORG:
                return self.branch_of_org(values.get(column))
        for ref in table.references:
            value = values.get(ref.column)
            if value is not None and ref.target != table.name:
                return self.owner_of_pk(ref.target, value)
        return scope.COMMITTEE_ONLY

    def also_of_row(self, table: TableInfo, values: dict[str, Any]) -> frozenset[str]:
        """The branches that keep a row besides its owner (`__exchange_also_kept_by__`: a 支部调整's
        branch left and branch joined), given its local column values."""
        found = {self.branch_of_org(values.get(column)) for column in table.also_kept_by
                 if values.get(column) is not None}
        return frozenset(found - scope.MARKS)

    def also_of_pk(self, table_name: str, pk: Any) -> frozenset[str]:
        table = registry()[table_name]
        if not table.also_kept_by or pk is None:
            return frozenset()
        values = self._row(table, pk)
        return self.also_of_row(table, values) if values is not None else frozenset()

    def named_by(self, table_name: str, pk: Any) -> frozenset[str]:
        """The branches named by the records that refer to this one and are kept by the branches they
        name (`__exchange_also_kept_by__`): for a member, every branch its 支部调整 left or joined."""
        key = ("named", table_name, pk)
        if key not in self._named:
            found: set[str] = set()
            for table in registry().values():
                if not table.also_kept_by:
                    continue
                for ref in table.references:
                    if ref.target != table_name or ref.cascade or ref.column in table.also_kept_by:
                        continue
                    columns = [table.table.c[c] for c in table.also_kept_by]
                    for row in self.connection.execute(sa.select(*columns).where(table.table.c[ref.column] == pk)):
                        found |= {self.branch_of_org(value) for value in row if value is not None}
            self._named[key] = frozenset(found - scope.MARKS)
        return self._named[key]

    def refers_to_branch(self, table: TableInfo, values: dict[str, Any], branch: str | None, gids: GidIndex,
                         state_of: Callable[[str], Unit | None], site: str, depth: int = 0) -> bool:
        """Is a row (its local column values) owned through a record — the one its owner is read from
        (owner_of_row) — that is `branch`'s, or was before it moved to another branch, by that record's
        exchange state? A member's study records, 党费 and 党纪处分 when she left the branch
        (scope.may_send, may_receive); never a row placed by its own 党支部 column.

        A row owned through a record that is itself such a row follows it (trial D, TD-1): a payment's
        months (dues_payment_months → dues_payments → the member), a 整改 measure's evidence, progress
        and history (→ the measure → its 台账). A member moved twice was the branch's when a 支部调整 of his
        names it (named_by), though his state names only the branch his last move left. The record in between was written after the move, so
        its own state never named the branch; its months went nowhere while the payment went up. The
        chain goes through a record only when the branch's PC (`site`) has had it — entered or changed
        it, its site in the record's version: a payment another branch recorded after the move is not
        the branch's, nor are months added to it (review 13, R3-1: a forged 上报 through a child row)."""
        if branch is None or depth > _CHAIN or table.scope or table.parent is not None or table.name in ("settings", _ORG):
            return False
        if any((ref := table.reference(column)) is not None and ref.target == _ORG for column in ("branch_id", "org_id")):
            return False
        for ref in table.references:
            key = values.get(ref.column)
            if key is None or ref.target == table.name:
                continue
            gid = gids.gid(ref.target, key)  # (the first reference with a value: the owner's)
            state = state_of(gid) if gid is not None else None
            if state is not None and branch in (state.owner, state.left_owner):
                return True
            if branch in self.named_by(ref.target, key):  # moved on again: each branch his 支部调整 name was his
                return True  # (its state names the last one left only: review 13, R3-3)
            if self.owner_when_added(registry()[ref.target], key) == branch:  # the branch's when written here
                return True  # (a payment sent down, its member moved on twice, or before left_owner was kept)
            if state is None or site not in state.vv:
                return False
            parent = self._row(registry()[ref.target], key)
            return parent is not None and self.refers_to_branch(registry()[ref.target], parent, branch, gids,
                                                                state_of, site, depth + 1)
        return False

    def owner_when_added(self, table: TableInfo, pk: Any) -> str | None:
        """The branch a record owned through another one (a member's 党费 payment, study record …) was
        when it was first written here, if that record's branch has changed since — read from this
        PC's 修改记录: the first change of its 所在党支部 (`branch_id`, `org_id`) after the record's own first
        line, whose old value is where it was then. What changes.follow_owners now keeps as the branch
        left (`left_owner`) for a record that followed its member, for the records that followed
        before it did so (760d814: they have none). A record the new branch entered after the move was
        written after that change, so it is never the branch left's (review 13-3, R3-2).

        The record's own history starts after the last deletion of its key (a record deleted for good
        frees its key, and SQLite gives it to the next record of the table: review rev2, R2-1); and a
        record put under another member (or payment …) since was written, for this purpose, when it
        was last put there — the branch the new member left after that, not before (R2-2)."""
        if pk is None or table.scope or table.parent is not None or table.name in ("settings", _ORG):
            return None
        log = _log()
        gone = self.connection.execute(sa.select(sa.func.max(log.c.id)).where(
            log.c.table_name == table.name, log.c.record_id == _record_id(pk), log.c.action == "delete")).scalar()
        first = self.connection.execute(sa.select(sa.func.min(log.c.id)).where(
            log.c.table_name == table.name, log.c.record_id == _record_id(pk), log.c.id > (gone or 0))).scalar()
        if first is None:
            return None
        current, key = table, pk
        for _ in range(_CHAIN + 1):
            values = self._row(current, key)
            if values is None:
                return None
            for column in ("branch_id", "org_id"):
                ref = current.reference(column)
                if ref is not None and ref.target == _ORG:
                    moved = self.connection.execute(sa.select(log.c.old_value).where(
                        log.c.table_name == current.name, log.c.record_id == _record_id(key),
                        log.c.action == "update", log.c.field == current.attributes.get(column, column),
                        log.c.id > first).order_by(log.c.id).limit(1)).scalar()
                    if moved is None:
                        return None
                    try:
                        then = self.branch_of_org(int(moved))
                    except ValueError:
                        return None
                    return then if then not in scope.MARKS else None
            ref = next((r for r in current.references if values.get(r.column) is not None
                        and r.target != current.name), None)
            if ref is None or ref.target == _ORG:
                return None
            pointed = self.connection.execute(sa.select(sa.func.max(log.c.id)).where(
                log.c.table_name == current.name, log.c.record_id == _record_id(key), log.c.action == "update",
                log.c.field == current.attributes.get(ref.column, ref.column))).scalar()
            first = max(first, pointed or 0)
            current, key = registry()[ref.target], values[ref.column]
            if current.scope or current.parent is not None or current.name == "settings":
                return None
        return None

    def row(self, table_name: str, pk: Any) -> dict[str, Any] | None:
        """A row's references (and the columns its owner is read from), as stored now."""
        return self._row(registry()[table_name], pk)

    def owner_of_pk(self, table_name: str, pk: Any) -> str:
        if pk is None:
            return scope.COMMITTEE_ONLY
        key = (table_name, pk)
        if key not in self._cache:
            table = registry()[table_name]
            values = self._row(table, pk)
            self._cache[key] = self.owner_of_row(table, values) if values is not None else scope.COMMITTEE_ONLY
        return self._cache[key]

    def remember(self, table_name: str, pk: Any, owner: str) -> None:
        """The owner of a row written in this operation (found from its values before it was written)."""
        self._cache[(table_name, pk)] = owner

    def forget(self, table_name: str, pk: Any) -> None:
        self._cache.pop((table_name, pk), None)
        self._rows.get(table_name, {}).pop(pk, None)
        if table_name == _ORG and self._orgs is not None:
            self._orgs.pop(pk, None)

    def _columns(self, table: TableInfo) -> list[sa.Column[Any]]:
        names = {ref.column for ref in table.references} | {"kind", "parent_id", "key"}
        return [c for c in table.table.columns if c.name in names]

    def _row(self, table: TableInfo, pk: Any) -> dict[str, Any] | None:
        if not table.surrogate:
            return self._one(table, pk)
        rows = self._rows.get(table.name)
        if rows is None:
            key = table.table.c[table.pk[0]]
            rows = {row[0]: dict(row._mapping) for row in self.connection.execute(
                sa.select(key, *self._columns(table)))}
            self._rows[table.name] = rows
        if pk not in rows:
            found = self._one(table, pk)
            if found is None:
                return None
            rows[pk] = found
        return rows[pk]

    def _one(self, table: TableInfo, pk: Any) -> dict[str, Any] | None:
        values = pk if isinstance(pk, tuple) else (pk,)
        condition = sa.and_(*(table.table.c[name] == value for name, value in zip(table.pk, values, strict=True)))
        row = self.connection.execute(sa.select(*table.table.c).where(condition)).first()
        return dict(row._mapping) if row is not None else None
