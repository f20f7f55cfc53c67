"""A package's values of a record as this database's (a step of merging, merge.py): references as
gids become local keys, text becomes dates, numbers and bytes.

- A value the sender withheld (it could not name the record referred to: serialise.py) keeps ours.
- So does a reference to a record not here: an empty value would travel back and erase theirs. The
  merge's notes sum these up, one line per kind.
- A 党小组 of another branch than the record's own is cleared rather than kept (ORG-GROUPS).

A value of the wrong type, or an empty one where a value is needed, refuses the whole package (the
caller rolls back: nothing is written).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection

from branchdesk.domain.vocabulary import OrgKind
from branchdesk.services.exchange.labels import Summary, field_label, table_label
from branchdesk.services.exchange.owners import Owners
from branchdesk.services.exchange.serialise import GidIndex
from branchdesk.services.exchange.shape import refuse
from branchdesk.services.exchange.state import Unit, load_units
from branchdesk.services.exchange.tables import TableInfo, carried_columns, decode_as


class Resolver:
    """Turns package values into local ones for one merge; `states` are the merge's record states
    (a record merged into another here is found by its alias)."""

    def __init__(self, connection: Connection, gids: GidIndex, owners: Owners, states: dict[str, Unit],
                 summary: Summary) -> None:
        self.connection = connection
        self.gids, self.owners, self.states, self.summary = gids, owners, states, summary

    def values(self, table: TableInfo, row: dict[str, Any], withheld: list[str], obj: Any, *,
               noted: bool = True) -> dict[str, Any]:
        """Package values → local values: gids → local keys, text → dates, numbers, bytes. A reference
        to a record not here is noted (`noted`: this is the value written, not a look-up)."""
        values: dict[str, Any] = {}
        kept: list[str] = []  # columns that keep our value
        unresolved: list[str] = []
        for carried in carried_columns(table):
            name, column = carried.name, carried.column
            if name in withheld:  # the sender could not name it: ours stays
                current = getattr(obj, table.attributes[name]) if obj is not None else None
                if current is None and not column.nullable:
                    raise refuse(f"{table_label(table.name)}的“{field_label(name)}”缺少值")
                values[name] = current
                kept.append(name)
                continue
            value = row[name]
            ref = carried.reference
            if ref is not None and value is not None:
                key = self.key_of(ref.target, value)
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
                values[name] = decode_as(carried.kind, column, value)
            except (ValueError, TypeError) as exc:
                raise refuse(f"“{table.name}.{name}”的值不对（{exc}）") from exc
            if values[name] is None and not column.nullable:
                raise refuse(f"“{table.name}.{name}”不能为空")
        cleared = self._other_branch_groups(table, values, kept)
        for name in cleared:
            values[name] = None
        for name in unresolved:
            if noted and name not in cleared:
                self.summary.add(table.name, row, f"所指的{field_label(name)}本机没有，这一项保留了本机原有的内容，其余内容已合并。")
        return values

    def _other_branch_groups(self, table: TableInfo, values: dict[str, Any], kept: list[str]) -> list[str]:
        """The columns keeping our value that name a 党小组 of another branch than the record's own.
        A 党小组 is its branch's (ORG-GROUPS, domain.md §1): a member moved to another branch is told
        here only where they went, and leaves the group of the branch left — this PC does not keep the
        new branch's groups, so the member has none here (as on a PC set up after the move). Such a
        group kept by an older version is left at the next package: left_groups.py."""
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

    def key_of(self, target: str, gid: Any) -> Any:
        """The local key of the record of `target` a package names by `gid` (None: not here)."""
        if not isinstance(gid, str):
            raise refuse("引用格式不对")
        key = self.gids.key(target, gid)
        if key is None:
            state = self.states.get(gid) or load_units(self.connection, [gid]).get(gid)
            if state is not None and state.alias_of:
                key = self.gids.key(target, state.alias_of)
        return key
