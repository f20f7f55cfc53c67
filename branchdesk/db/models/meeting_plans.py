"""年度计划 (issue 3): the meetings a branch plans for its year. Mapped on first use
(db/models/__init__.py): only the plan's own page and the 数据包 read it, never the year-end report
(issue 18)."""

from sqlalchemy.orm import Mapped

from branchdesk.db.base import Base, TimestampMixin
from branchdesk.db.tables import meeting_plans


class MeetingPlan(TimestampMixin, Base):
    """年度计划: a planned meeting with month, kind and topic."""

    __tablename__ = "meeting_plans"
    __table__ = meeting_plans
    gid: Mapped[str]

    id: Mapped[int]
    branch_id: Mapped[int]
    year: Mapped[int]
    month: Mapped[int]
    kind: Mapped[str]
    topic: Mapped[str]
    note: Mapped[str]
