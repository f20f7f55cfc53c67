"""How a record is named to the user in lists of packages and conflicts (党员 张三, 会议记录 2026-03-05 …)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection

from branchdesk.domain.idcard import mask_id_number
from branchdesk.domain.meetings.periods import period_words
from branchdesk.services.exchange.state import ORGS
from branchdesk.services.history import FIELD_LABELS
from branchdesk.services.recycle_bin import LABEL_COLUMNS, TABLE_LABELS

EXTRA_LABELS = {"settings": "设置", "meeting_kinds": "会议类别", "meeting_review_results": "民主评议结果",
                "meeting_history": "定稿后修改记录", "dev_people": "发展党员相关人员", "rect_history": "整改状态记录"}
SETTING_LABELS = {"school_name": "学校名称", "staff_count": "教职工人数", "records_start": "启用日期",
                  "meetings.standard_minutes": "会议标准时长"}
_COLUMNS = (*LABEL_COLUMNS, "text", "title", "key", "id_number")


def table_label(table: str) -> str:
    from branchdesk.services.storage.backups import TABLE_LABELS as EVERY_TABLE  # every table, named

    return TABLE_LABELS.get(table) or EXTRA_LABELS.get(table) or EVERY_TABLE.get(table) or table


def record_label(table: str, row: dict[str, Any], connection: Connection | None = None) -> str:
    """`row` as a package carries it (references as gids) or as stored (local ids); `connection`: to
    name a record it refers to (a gap reason's 党小组)."""
    kind = table_label(table)
    if table == "meeting_exemptions":  # by its 党小组 and its month, as a person looks for it
        group = row.get("group_id")
        where = _org_name(connection, group) if group is not None else (
            "全支部" if "group_id" in row and row.get("kind") == "党小组会" else "")
        parts = (kind, where, period_words(str(row.get("period") or "")), str(row.get("kind") or ""))
        return " ".join(part for part in parts if part)
    if table == "settings":
        key = str(row.get("key", ""))
        return f"{kind} {SETTING_LABELS.get(key, key)}"
    if table == "meetings":
        return f"{kind} {row.get('meeting_date') or ''} {str(row.get('topic') or '')[:30]}".rstrip()
    if table == "mentoring_activities":
        return f"{kind} {row.get('activity_date') or ''} {str(row.get('kind') or '')[:20]}".rstrip()
    for name in _COLUMNS:
        value = row.get(name)
        if isinstance(value, str) and value.strip() and len(value) != 32:
            shown = mask_id_number(value.strip()) if name == "id_number" else value.strip()  # never in full in a list
            return f"{kind} {shown[:40]}"
    return kind


def _org_name(connection: Connection | None, ref: Any) -> str:
    """The name of an organisation a row names by gid (a package's row) or by id (a stored one)."""
    if connection is None or ref is None:
        return ""
    column = ORGS.c.gid if isinstance(ref, str) else ORGS.c.id
    return str(connection.execute(sa.select(ORGS.c.name).where(column == ref)).scalar() or "")


def field_label(column: str) -> str:
    """A column as the user calls it (the same labels as 修改记录)."""
    return FIELD_LABELS.get(column, column)


class Summary:
    """What befell the records of a package, one line per kind of record and what befell it (a
    reference to a record not here, a record both sides created, a shared record that became the
    committee's at 加入), not one line per record."""

    def __init__(self, connection: Connection | None = None) -> None:
        self._labels: dict[tuple[str, str], list[str]] = defaultdict(list)  # (table, what) -> records
        self.connection = connection  # (to name what a record refers to: record_label)

    def add(self, table: str, row: dict[str, Any], what: str) -> None:
        self._labels[(table, what)].append(record_label(table, row, self.connection))

    def lines(self) -> list[str]:
        """The lines so far (and start anew)."""
        notes = []
        for (table, what), labels in self._labels.items():
            kind = table_label(table)
            named = sorted({label.removeprefix(kind).strip() for label in labels} - {""})
            shown = f"（{'、'.join(named[:5])}{'等' if len(named) > 5 else ''}）" if named else ""
            notes.append(f"有 {len(labels)} 条{kind}{shown}{what}")
        self._labels.clear()
        return notes
