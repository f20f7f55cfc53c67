"""回收站: deleting only sets `deleted_at`, so every model that has it can be listed, restored, or
emptied on purpose (issue 8). Works across all areas' models without their code changing; emptying
deletes physically, and the change history keeps a snapshot of what was removed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import inspect, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from branchdesk.db.engine import Database
from branchdesk.db.models import Base, CommitteePost, Member, MemberNotExpected, Organisation, load_all
from branchdesk.services.errors import NotFound, RuleViolation
from branchdesk.services.roster.member_events import restore_refusal

LABEL_COLUMNS = ("name", "title", "topic", "subject", "description", "content", "post", "kind")
TABLE_LABELS = {
    "members": "党员", "organisations": "党组织", "member_moves": "组织关系变动", "committee_posts": "支委任职",
    "meetings": "会议记录", "meeting_attachments": "会议附件", "meeting_exemptions": "会议缺漏说明",
    "meeting_plans": "年度计划", "dev_records": "发展党员记录", "dev_steps": "发展步骤", "dev_documents": "发展材料",
    "dev_reviews": "培养考察记录", "mentoring_pairs": "结对", "mentoring_activities": "帮扶活动",
    "mentoring_attachments": "帮扶附件", "mentoring_evaluations": "结对考核", "mentoring_outcomes": "帮扶成效",
    "rect_ledgers": "整改台账", "rect_problems": "整改问题", "rect_measures": "整改措施", "rect_progress": "整改进展",
    "rect_evidence": "佐证材料", "study_records": "学习培训记录", "finding_notes": "检查结果说明",
    "member_discipline": "党纪处分", "member_not_expected": "不计入应到会",
    "dues_brackets": "党费比例档次", "dues_bases": "党费缴费基数", "dues_payments": "党费交纳记录", "dues_hand_ups": "党费上缴记录",
}


@dataclass(frozen=True)
class RecycledItem:
    table: str
    kind: str  # what the user calls it: 党员, 党组织 …
    record_id: int
    label: str
    deleted_at: datetime


def _models() -> dict[str, Any]:
    load_all()  # the tables mapped on first use (a meeting's attachments, the plan) have a bin too
    found: dict[str, Any] = {}
    for mapper in Base.registry.mappers:
        if "deleted_at" in mapper.columns and len(mapper.primary_key) == 1 \
                and getattr(mapper.class_, "__recycle_bin__", True):  # False: replaced versions, not deleted records
            found[str(mapper.persist_selectable.description)] = mapper.class_
    return found


def _label(session: Session, table: str, obj: Any) -> str:
    if table == "meeting_exemptions":  # which gap it explained: the period, the kind, a 党小组's own reason its group
        group = session.get(Organisation, obj.group_id) if obj.group_id is not None else None
        return f"{obj.period} {obj.kind}{f'（{group.name}）' if group is not None else ''}：{obj.reason}"[:60]
    if isinstance(obj, CommitteePost):  # "宣传委员：张红梅": whose post it was
        holder = session.get(Member, obj.member_id)
        return f"{obj.post}：{holder.name}" if holder is not None else obj.post
    if isinstance(obj, MemberNotExpected):  # whose, which days, why (VOTE-WHO; review rev3 R3-5)
        holder = session.get(Member, obj.member_id)
        until = f"至 {obj.ends_on:%Y-%m-%d}" if obj.ends_on else "起长期"
        return f"{holder.name if holder is not None else ''}：{obj.starts_on:%Y-%m-%d} {until} {obj.reason}"[:60]
    for name in LABEL_COLUMNS:
        value = getattr(obj, name, None)
        if isinstance(value, str) and value.strip():
            return value.strip()[:60]
    return f"#{inspect(obj).identity[0]}"


def list_deleted(db: Database) -> list[RecycledItem]:
    """Everything in the recycle bin, most recently deleted first."""
    items: list[RecycledItem] = []
    with db.session() as session:
        for table, model in _models().items():
            for obj in session.scalars(select(model).where(model.deleted_at.is_not(None))):
                items.append(RecycledItem(table=table, kind=TABLE_LABELS.get(table, table),
                                          record_id=inspect(obj).identity[0], label=_label(session, table, obj),
                                          deleted_at=obj.deleted_at))
    return sorted(items, key=lambda i: i.deleted_at, reverse=True)


def _get(session: Session, table: str, record_id: int) -> Any:
    model = _models().get(table)
    obj = session.get(model, record_id) if model is not None else None
    if obj is None or obj.deleted_at is None:
        raise NotFound("回收站里没有这条记录")
    return obj


def move_to_bin(db: Database, table: str, record_id: int) -> None:
    """Delete reversibly (for areas that have no delete of their own)."""
    model = _models().get(table)
    with db.session() as session:
        obj = session.get(model, record_id) if model is not None else None
        if obj is None:
            raise NotFound("记录不存在")
        obj.deleted_at = datetime.now()


def restore(db: Database, table: str, record_id: int) -> None:
    """Bring a record back, unless its area's rules say it must be entered again in its own form
    (a deleted 支部调整 already put the member back in the branch left: services/roster/member_events)."""
    with db.session() as session:
        obj = _get(session, table, record_id)
        refusal = restore_refusal(session, table, obj)
        if refusal is not None:
            raise RuleViolation(refusal)
        obj.deleted_at = None


def empty(db: Database, items: list[tuple[str, int]] | None = None, *, confirm: bool = False) -> int:
    """Delete for good the given (table, id) items, or the whole bin; `confirm=True` must be passed
    (the window asks first). Rows that other live records still point to are refused as a whole."""
    if not confirm:
        raise RuleViolation("清空回收站需要确认：删除后无法从回收站恢复")
    targets = items if items is not None else [(i.table, i.record_id) for i in list_deleted(db)]
    try:
        with db.session() as session:
            for table, record_id in targets:
                session.delete(_get(session, table, record_id))
            session.flush()
    except IntegrityError as exc:
        raise RuleViolation("有些记录仍被其他记录引用（例如党员还有组织关系变动记录），请先处理这些记录再清空") from exc
    return len(targets)
