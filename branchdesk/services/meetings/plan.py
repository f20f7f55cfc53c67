"""年度计划: planned meetings (month, kind, topic) shown beside what was held (issue 3). Seed 002:
"每学期初制定党课计划……做到定时、定人、定主题"."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select

from branchdesk.db.engine import Database
from branchdesk.db.models import MeetingPlan, Organisation
from branchdesk.domain.meetings.records import KIND_ORDER
from branchdesk.domain.vocabulary import OrgKind
from branchdesk.services.errors import NotFound, RuleViolation
from branchdesk.services.meetings.records import list_meetings
from branchdesk.services.meetings.sittings import MeetingSummary


@dataclass(frozen=True)
class PlanItem:
    id: int
    branch_id: int
    year: int
    month: int
    kind: str
    topic: str
    note: str


@dataclass
class PlanRow:
    """A planned meeting and the held meetings of that kind in its month (empty = not yet held)."""

    item: PlanItem
    held: list[MeetingSummary] = field(default_factory=list)

    @property
    def state(self) -> str:
        if self.held:
            return "已召开"
        today = date.today()
        return "未召开" if (self.item.year, self.item.month) < (today.year, today.month) else "待召开"


def list_plan(db: Database, branch_id: int, year: int) -> list[PlanItem]:
    with db.session() as session:
        rows = session.scalars(select(MeetingPlan).where(
            MeetingPlan.branch_id == branch_id, MeetingPlan.year == year, MeetingPlan.deleted_at.is_(None)))
        items = [PlanItem(p.id, p.branch_id, p.year, p.month, p.kind, p.topic, p.note) for p in rows]
    return sorted(items, key=lambda p: (p.month, KIND_ORDER.get(p.kind, 99), p.id))


def save_plan_item(
    db: Database, branch_id: int, year: int, month: int, kind: str, topic: str, note: str = "",
    item_id: int | None = None,
) -> PlanItem:
    if kind not in KIND_ORDER:
        raise RuleViolation(f"“{kind}”不是规定的会议类型")
    if not 1 <= month <= 12:
        raise RuleViolation("月份应为 1–12")
    if not 2000 <= year <= 2100:
        raise RuleViolation("年度不正确")
    with db.session() as session:
        branch = session.get(Organisation, branch_id)
        if branch is None or branch.kind != OrgKind.BRANCH.value:
            raise NotFound("党支部不存在")
        row: MeetingPlan | None
        if item_id is None:
            row = MeetingPlan(branch_id=branch_id)
            session.add(row)
        else:
            row = session.get(MeetingPlan, item_id)
            if row is None or row.deleted_at is not None:
                raise NotFound("计划条目不存在")
        row.year, row.month, row.kind, row.topic, row.note = year, month, kind, topic.strip(), note.strip()
        session.flush()
        return PlanItem(row.id, row.branch_id, row.year, row.month, row.kind, row.topic, row.note)


def delete_plan_item(db: Database, item_id: int) -> None:
    with db.session() as session:
        row = session.get(MeetingPlan, item_id)
        if row is None:
            raise NotFound("计划条目不存在")
        row.deleted_at = datetime.now()


def plan_vs_held(db: Database, branch_id: int, year: int) -> list[PlanRow]:
    """Each plan item with the meetings of its kind held in its month — a record dated after today is not a
    sitting held (domain/meetings/happened.py; review13-1 R1-5)."""
    meetings = [m for m in list_meetings(db, year=year, branch_id=branch_id) if not m.not_yet_held]
    rows = []
    for item in list_plan(db, branch_id, year):
        held = [m for m in meetings if item.kind in m.kinds and m.date.month == item.month]
        rows.append(PlanRow(item, sorted(held, key=lambda m: m.date)))
    return rows
