"""Where a package places a member or a meeting (a step of merging, scope_check.py): under a 党支部,
and in a 党小组 of that 党支部 — as the roster and meeting forms require (services/roster/records.
resolve_org_ids, services/meetings/records.resolve_org). A member belongs to a 党支部, and a 党小组 is
part of its 党支部, not a branch of its own (domain.md §1 ORG-GROUPS; 支部条例 第二十八条 编入党支部和
党小组); the 党委 keeps no members and holds no branch's sittings.

The ownership check alone lets such a copy through: a 党小组 of the sender's own branch makes the
record the sender's, and a meeting a branch hands on may name any organisation. So a copy that puts a
member or a meeting under a 党小组 or the 党委 (or in a 党小组 of another 党支部) refuses the whole
package. Only a place the package changes is judged (a new record, or a column that differs from
ours): a record stored before this check is not refused for what it already was.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection

from branchdesk.domain.vocabulary import OrgKind
from branchdesk.services.exchange.envelope import PackageRefused
from branchdesk.services.exchange.labels import record_label
from branchdesk.services.exchange.state import ORGS
from branchdesk.services.exchange.tables import TableInfo

# table -> (its 党支部 column, its 党小组 column)
PLACED = {"members": ("branch_id", "group_id"), "meetings": ("branch_id", "group_id")}
_WHAT = {"members": "党员", "meetings": "会议"}


def check_place(connection: Connection, table: TableInfo, unit: dict[str, Any], values: dict[str, Any],
                obj: Any, sender: str) -> None:
    """Refuse a copy (`values`, resolved; `obj` ours or None) that places a member or a meeting
    anywhere but under a 党支部 and in one of its 党小组."""
    columns = PLACED.get(table.name)
    if columns is None:
        return
    branch_column, group_column = columns

    def changed(column: str) -> bool:
        return obj is None or values.get(column) != getattr(obj, table.attributes[column], None)

    label = record_label(table.name, unit.get("row") or {}, connection)
    what = _WHAT[table.name]
    branch = _org(connection, values.get(branch_column))
    if changed(branch_column) and (branch is None or branch["kind"] != OrgKind.BRANCH.value):
        named = f"“{branch['name']}”（{branch['kind']}）" if branch is not None else "本机没有的组织"
        raise PackageRefused("scope", (
            f"{sender}的数据包把{label}的所在党支部写成了{named}。{what}只能属于党支部，党小组是党支部的一部分，"
            f"不能代替党支部。已拒收，没有写入任何内容。"))
    group_id = values.get(group_column)
    if group_id is None or not (changed(group_column) or changed(branch_column)):
        return
    group = _org(connection, group_id)
    if group is None or group["kind"] != OrgKind.GROUP.value or group["parent_id"] != values.get(branch_column):
        named = f"“{group['name']}”（{group['kind']}）" if group is not None else "本机没有的组织"
        where = f"“{branch['name']}”" if branch is not None else "所在党支部"
        raise PackageRefused("scope", (
            f"{sender}的数据包把{label}的党小组写成了{named}，它不是{where}的党小组。"
            f"{what}只能编入所在党支部的党小组。已拒收，没有写入任何内容。"))


def _org(connection: Connection, org_id: Any) -> dict[str, Any] | None:
    if org_id is None:
        return None
    row = connection.execute(sa.select(ORGS.c.name, ORGS.c.kind, ORGS.c.parent_id)
                             .where(ORGS.c.id == org_id)).mappings().first()
    return dict(row) if row is not None else None
