"""How a record is named to the user in lists of packages and conflicts (党员 张三, 会议记录 2026-03-05 …)."""

from __future__ import annotations

from typing import Any

from branchdesk.services.history import FIELD_LABELS
from branchdesk.services.recycle_bin import LABEL_COLUMNS, TABLE_LABELS

EXTRA_LABELS = {"settings": "设置", "meeting_kinds": "会议类别", "meeting_review_results": "民主评议结果",
                "meeting_history": "定稿后修改记录", "dev_people": "发展党员相关人员", "rect_history": "整改状态记录"}
MORE_LABELS = {
    "meeting_date": "会议日期", "start_time": "开始时间", "end_time": "结束时间", "place": "地点", "topic": "主题",
    "host": "主持人", "recorder": "记录人", "lecturer": "授课人", "content": "内容", "resolutions": "决议",
    "has_vote": "有表决", "expected_count": "应到人数", "present_count": "实到人数", "absentee_text": "缺席情况",
    "period": "所属期间", "finalised_at": "定稿时间", "created_at": "创建时间", "title": "标题", "text": "内容",
    "description": "问题描述", "number": "编号", "deadline": "期限", "leader": "责任领导", "person": "责任人",
    "hours": "学时", "grade": "等次", "year": "年度", "on": "日期", "step": "步骤", "org_id": "党组织",
    "member_id": "党员", "mentor_id": "导师", "mentee_name": "结对对象", "start_date": "开始日期", "goals": "目标",
    "results": "成效", "ledger_id": "整改台账", "problem_id": "整改问题", "measure_id": "整改措施",
    "pair_id": "结对", "record_id": "发展记录", "meeting_id": "会议", "kind": "类别", "key": "设置项",
}
SETTING_LABELS = {"school_name": "学校名称", "staff_count": "教职工人数", "records_start": "启用日期",
                  "meetings.standard_minutes": "会议标准时长"}
_COLUMNS = (*LABEL_COLUMNS, "text", "title", "key", "id_number")


def table_label(table: str) -> str:
    from branchdesk.services.storage.backups import TABLE_LABELS as EVERY_TABLE  # every table, named

    return TABLE_LABELS.get(table) or EXTRA_LABELS.get(table) or EVERY_TABLE.get(table) or table


def record_label(table: str, row: dict[str, Any]) -> str:
    kind = table_label(table)
    if table == "settings":
        key = str(row.get("key", ""))
        return f"{kind} {SETTING_LABELS.get(key, key)}"
    if table == "meetings":
        return f"{kind} {row.get('meeting_date') or ''} {str(row.get('topic') or '')[:30]}".rstrip()
    for name in _COLUMNS:
        value = row.get(name)
        if isinstance(value, str) and value.strip() and len(value) != 32:
            return f"{kind} {value.strip()[:40]}"
    return kind


def field_label(column: str) -> str:
    """A column as the user calls it (修改记录's labels, then the exchange's own)."""
    return FIELD_LABELS.get(column) or MORE_LABELS.get(column) or column
