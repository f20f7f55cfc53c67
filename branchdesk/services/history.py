"""修改记录: every change of a record, newest first, with who made it (issue 8). The rows are written
automatically by the session event in `db/history.py`; this module only reads them."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from branchdesk.db.engine import Database
from branchdesk.db.history_verify import ChainProblem, verify_chain
from branchdesk.db.models import ChangeLog
from branchdesk.db.redaction import REDACT, REDACTED
from branchdesk.domain.idcard import mask_id_number, mask_phone

ACTIONS = {"insert": "新增", "update": "修改", "delete": "永久删除", REDACT: "清除个人号码"}
# field names the user knows; others are shown as they are stored
FIELD_LABELS = {
    "name": "姓名", "sex": "性别", "ethnicity": "民族", "id_number": "公民身份号码", "birth_date": "出生日期",
    "education": "学历", "branch_id": "所在党支部", "group_id": "党小组", "category": "人员类别",
    "join_date": "入党日期", "full_date": "转正日期", "position": "工作岗位", "phone": "联系电话", "note": "备注",
    "status": "状态", "left_date": "离开日期", "deleted_at": "删除时间", "kind": "类别", "parent_id": "上级组织",
    "move_date": "日期", "counterpart": "转往/转自", "reason": "原因", "post": "职务", "term_start": "任期开始",
    "term_end": "任期结束", "value": "值", "sort_order": "排序",
    "decided_on": "处分决定日期", "ends_on": "期满日期",  # 党纪处分
    "study_date": "学习日期", "form": "学习形式", "organiser": "主办单位",  # 学习培训记录 (MTG-STUDY-HOURS)
    "period": "所属期间", "founded_on": "成立日期", "dissolved_on": "撤销日期", "ended_on": "使用至", "finalised_at": "定稿时间",
    "applies_from": "起始月份", "base": "缴费基数", "post_pay": "岗位工资", "scale_pay": "薪级工资",  # 党费
    "merit_pay": "绩效工资", "allowance": "津贴补贴", "basis": "原缴纳标准", "own_amount": "月交纳金额",
    "approved_by": "批准单位", "approved_on": "批准日期", "confirmed_on": "核定日期", "paid_on": "缴纳日期",
    "amount": "金额", "method": "缴纳方式", "collector": "收款人", "receipt_no": "收据编号", "noted_late": "原表注明补交",
    "month": "月份", "handed_on": "上缴日期", "first_month": "起始月份", "last_month": "截止月份", "handled_by": "经手人",
    "table_kind": "档次类别", "effective_from": "生效日期", "upper": "上限", "rate": "比例", "fixed": "固定金额",
    # 会议记录, 整改台账, 结对帮扶, 发展党员 … as their forms name them
    "meeting_date": "会议日期", "start_time": "开始时间", "end_time": "结束时间", "place": "地点", "topic": "主题",
    "host": "主持人", "recorder": "记录人", "lecturer": "主讲人", "content": "主要内容", "resolutions": "决议事项",
    "has_vote": "表决", "expected_count": "应到人数", "present_count": "实到人数", "absentee_text": "缺席人员及原因",
    "created_at": "创建时间", "title": "标题", "text": "内容", "description": "问题描述", "number": "序号",
    "deadline": "完成时限", "deadline_note": "完成时限", "leader": "责任领导", "person": "责任人", "hours": "学时",
    "grade": "等次", "year": "年度", "on": "日期", "step": "步骤", "org_id": "党组织", "member_id": "党员",
    "mentor_id": "导师（帮扶人）", "mentee_name": "结对对象", "mentee_class": "班级", "mentee_category": "对象类别",
    "start_date": "开始日期", "planned_end": "结束日期", "goals": "帮扶目标", "results": "成效",
    "closed_on": "实际结束日期", "stop_reason": "中止原因", "ledger_id": "整改台账", "problem_id": "整改问题", "measure_id": "整改措施",
    "pair_id": "结对", "record_id": "发展记录", "meeting_id": "会议", "key": "设置项", "source": "问题来源",
    "verifier": "销号审核人", "completion_date": "完成日期", "closed_date": "销号日期", "received_date": "收到日期",
    "version": "版本",
}


# Personal numbers are masked in the history as everywhere (domain.md §8; issue 21): shown in full only
# when the user ticks 显示完整, as in the roster.
MASKS = {"id_number": mask_id_number, "phone": mask_phone}


# kept in the history (a deleted record's global id lets its deletion travel in a 数据包, issue 20) but
# meaningless to a reader
INTERNAL_FIELDS = frozenset({"gid"})


def shown_value(field: str, value: object, *, masked: bool = True) -> str:
    """One stored value as the history shows it: masked when it is an ID or phone number."""
    text = "" if value is None else str(value)
    mask = MASKS.get(field) if masked and text != REDACTED else None
    return mask(text) if mask else text


@dataclass(frozen=True)
class HistoryEntry:
    at: str  # 2026-11-25 13:20:01
    user: str
    action: str  # 新增 / 修改 / 移入回收站 / 从回收站恢复 / 永久删除
    field: str  # the label the user knows
    old: str
    new: str


def _action(row: ChangeLog) -> str:
    if row.action == "update" and row.field == "deleted_at":
        return "从回收站恢复" if row.new_value is None else "移入回收站"
    return ACTIONS.get(row.action, row.action)


def _shown(value: str | None, action: str, field: str, masked: bool) -> str:
    if value is None:
        return ""
    if action == "delete":
        try:
            data = json.loads(value)
            return "；".join(f"{FIELD_LABELS.get(k, k)}：{shown_value(k, v, masked=masked)}"
                            for k, v in data.items() if v not in (None, "") and k not in INTERNAL_FIELDS)
        except (ValueError, AttributeError):
            return value
    return shown_value(field, value, masked=masked)


def record_history(db: Database, table: str, record_id: int | str, *, masked: bool = True) -> list[HistoryEntry]:
    """The history of one record (table name as in the database, e.g. "members"), newest first.
    ID and phone numbers are masked unless `masked=False` (the window's 显示完整)."""
    with db.session() as session:
        rows = session.scalars(
            select(ChangeLog)
            .where(ChangeLog.table_name == table, ChangeLog.record_id == str(record_id))
            .order_by(ChangeLog.id.desc())
        ).all()
        entries: list[HistoryEntry] = []
        for row in rows:
            if row.action == "insert" and not row.field:
                entries.extend(_snapshot_entries(row, masked))
                continue
            if row.field in INTERNAL_FIELDS:
                continue
            if row.action == REDACT:  # db/redaction.py: what it vouches for is for verify, not for a reader
                entries.append(_redaction_entry(row))
                continue
            entries.append(HistoryEntry(at=row.at[:19], user=row.os_user, action=_action(row),
                                        field=FIELD_LABELS.get(row.field, row.field),
                                        old=_shown(row.old_value, row.action, row.field, masked),
                                        new=_shown(row.new_value, row.action, row.field, masked)))
        return entries


def _redaction_entry(row: ChangeLog) -> HistoryEntry:
    try:
        data = json.loads(row.new_value or "{}")
        fields, rows = [FIELD_LABELS.get(f, f) for f in data.get("fields", [])], len(data.get("rows", {}))
    except (ValueError, AttributeError, TypeError):
        fields, rows = [], 0
    return HistoryEntry(row.at[:19], row.os_user, ACTIONS[REDACT], "、".join(fields), "",
                        f"记录已永久删除，{rows} 条修改记录中的号码已清除，其余内容保留")


def _snapshot_entries(row: ChangeLog, masked: bool) -> list[HistoryEntry]:
    """A new record's history row holds a JSON snapshot; show it as one line per filled field."""
    try:
        snapshot: Any = json.loads(row.new_value) if row.new_value else {}
    except ValueError:
        snapshot = {"": row.new_value}
    if not isinstance(snapshot, dict) or not snapshot:
        return [HistoryEntry(row.at[:19], row.os_user, ACTIONS["insert"], "", "", row.new_value or "")]
    return [HistoryEntry(row.at[:19], row.os_user, ACTIONS["insert"], FIELD_LABELS.get(str(key), str(key)), "",
                         shown_value(str(key), value, masked=masked)) for key, value in snapshot.items()
            if key not in INTERNAL_FIELDS]


def verify_history(db: Database) -> tuple[int, list[ChainProblem]]:
    """(rows checked, problems) of the hash chain: an edit made outside BranchDesk shows up here."""
    with db.engine.connect() as connection:
        return verify_chain(connection)
