"""年度计划 (issue 3): the meetings a branch plans for its year. Mapped on first use
(db/models/__init__.py): only the plan's own page and the 数据包 read it, never the year-end report
(issue 18)."""

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from branchdesk.db.base import Base, TimestampMixin


class MeetingPlan(TimestampMixin, Base):
    """年度计划: a planned meeting with month, kind and topic."""

    __tablename__ = "meeting_plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    branch_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="RESTRICT"), index=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    month: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20))
    topic: Mapped[str] = mapped_column(String(500), default="")
    note: Mapped[str] = mapped_column(Text, default="")
