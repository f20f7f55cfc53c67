"""修改记录 of one member as a person reads it: the member's own changes, and the dated events kept
beside the member — 支部调整, 组织关系转入, 离开本单位, 转出…, 党纪处分 — which live in rows of their own
and so would otherwise be missing from the member's history. Branches and 党小组 are named, not
numbered; ID and phone numbers stay masked unless asked (domain.md §8)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlalchemy import and_, or_, select

from branchdesk.db.engine import Database
from branchdesk.db.models import ChangeLog, MemberDiscipline, MemberMove, Organisation
from branchdesk.domain.roster.event_lines import branch_move_line, discipline_line
from branchdesk.services.history import ACTIONS, FIELD_LABELS, HistoryEntry, record_history

ORG_FIELDS = frozenset({"所在党支部", "党小组"})
DISCIPLINE = "党纪处分"


# each event's fields in the words of its form, for the 修改 rows of a corrected record
EVENT_FIELDS = {
    DISCIPLINE: {"kind": "处分种类", "decided_on": "处分决定日期", "ends_on": "期满日期", "reason": "原因或说明"},
    "转入": {"move_date": "转入日期", "counterpart": "转自", "reason": "原因或说明"},
    "离开本单位": {"move_date": "离开日期", "counterpart": "去向", "reason": "原因或说明"},
    "回到本单位": {"move_date": "回来日期", "counterpart": "回自", "reason": "原因或说明"},
    "支部调整": {"move_date": "调整日期", "reason": "原因或说明"},
}


def _as_date(value: object) -> date:
    """A date as stored in a row (date) or in a history snapshot (ISO text)."""
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def _move_summary(move: Mapping[str, Any], names: dict[int, str]) -> str:
    """One line for a move: "2026-05-01 由“一支部”调整到“二支部”（工作调整）"; a 转入 or 离开本单位 names
    the other side in words, its kind being the entry's field already."""
    on, reason = _as_date(move["move_date"]), move.get("reason")
    from_id, to_id = _org_id(move.get("from_branch_id")), _org_id(move.get("to_branch_id"))
    if from_id is not None and to_id is not None:
        return branch_move_line(on, names.get(from_id, ""), names.get(to_id, str(move.get("counterpart") or "")),
                                reason)
    side = {"转入": "转自", "回到本单位": "回自"}.get(str(move.get("kind")), "去向")
    where = f"，{side}：{move['counterpart']}" if move.get("counterpart") else ""
    return f"{on:%Y-%m-%d}{where}" + (f"（{reason}）" if reason else "")


def _discipline_summary(row: Mapping[str, Any]) -> str:
    ends = row.get("ends_on")
    return discipline_line(_as_date(row["decided_on"]), str(row.get("kind", "")),
                           _as_date(ends) if ends else None, row.get("reason"))


def _org_id(value: object) -> int | None:
    if isinstance(value, int):
        return value
    return int(value) if isinstance(value, str) and value.isdigit() else None


def _row_values(row: MemberMove | MemberDiscipline) -> dict[str, Any]:
    return {column.key: getattr(row, column.key) for column in row.__table__.columns}


def _summary(values: Mapping[str, Any], is_move: bool, names: dict[int, str]) -> str:
    return _move_summary(values, names) if is_move else _discipline_summary(values)


def _inserted(log: ChangeLog, row: MemberMove | MemberDiscipline) -> dict[str, Any]:
    """The record as it was entered (the insert's snapshot in the change history), so that a record
    corrected since is not shown as if it had been entered that way; the row itself when the
    snapshot holds no fields (older histories)."""
    try:
        given = json.loads(log.new_value or "")
    except ValueError:
        given = None
    return given if isinstance(given, dict) and given else _row_values(row)


def member_history(db: Database, member_id: int, *, masked: bool = True) -> list[HistoryEntry]:
    """Every change of the member and of the member's dated events, newest first."""
    own = record_history(db, "members", member_id, masked=masked)
    with db.session() as session:
        names: dict[int, str] = {i: n for i, n in session.execute(select(Organisation.id, Organisation.name))}
        moves = {str(m.id): m for m in session.scalars(select(MemberMove).where(MemberMove.member_id == member_id))}
        sanctions = {str(d.id): d for d in session.scalars(
            select(MemberDiscipline).where(MemberDiscipline.member_id == member_id))}
        logs = session.scalars(select(ChangeLog).where(or_(
            and_(ChangeLog.table_name == "member_moves", ChangeLog.record_id.in_(moves or [""])),
            and_(ChangeLog.table_name == "member_discipline", ChangeLog.record_id.in_(sanctions or [""]))))
            .order_by(ChangeLog.id.desc())).all()
        events: list[HistoryEntry] = []
        for log in logs:
            move = moves.get(log.record_id) if log.table_name == "member_moves" else None
            sanction = sanctions.get(log.record_id) if log.table_name == "member_discipline" else None
            label = move.kind if move is not None else DISCIPLINE
            row = move if move is not None else sanction
            if log.action == "insert" and not log.field:
                summary = _summary(_inserted(log, row), move is not None, names) if row is not None else ""
                events.append(HistoryEntry(log.at[:19], log.os_user, ACTIONS["insert"], label, "", summary))
            elif log.field == "deleted_at":  # a record deleted by mistake (member_events.py), or restored
                summary = _summary(_row_values(row), move is not None, names) if row is not None else ""
                events.append(HistoryEntry(log.at[:19], log.os_user, "删除" if log.new_value else "从回收站恢复",
                                           label, summary if log.new_value else "", "" if log.new_value else summary))
            elif log.field not in ("gid", "version"):  # a record corrected: name it, and the field as its form does
                which = f"（{_summary(_row_values(row), move is not None, names)}）" if row is not None else ""
                field = EVENT_FIELDS.get(label, {}).get(log.field) or FIELD_LABELS.get(log.field, log.field)
                events.append(HistoryEntry(log.at[:19], log.os_user, ACTIONS.get(log.action, log.action),
                                           f"{label}{which}·{field}", _plain(log.old_value), _plain(log.new_value)))
    named = [_named(e, names) for e in own]
    return sorted(named + events, key=lambda e: e.at, reverse=True)  # stable: same second keeps its order


def _plain(value: str | None) -> str:
    if value is None:
        return ""
    try:
        data = json.loads(value)
    except ValueError:
        return value
    return value if not isinstance(data, dict) else "；".join(f"{FIELD_LABELS.get(k, k)}：{v}" for k, v in data.items()
                                                            if v not in (None, ""))


def _named(entry: HistoryEntry, names: dict[int, str]) -> HistoryEntry:
    """所在党支部 / 党小组 are stored as numbers: show the organisation's name."""
    if entry.field not in ORG_FIELDS:
        return entry

    def name(value: str) -> str:
        return names.get(int(value), value) if value.isdigit() else value

    return HistoryEntry(entry.at, entry.user, entry.action, entry.field, name(entry.old), name(entry.new))
