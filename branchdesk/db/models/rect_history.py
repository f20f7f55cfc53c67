"""A rectification measure's status history (整改台账, domain.md §6): every change, every 销号 and
every reopening with its reason. Mapped on first use (db/models/__init__.py): only the ledger's own
pages, its export and the 数据包 read it, never the year-end report (issue 18)."""

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column

from branchdesk.db.base import Base


class RectHistory(Base):
    """Append-only: nothing here is edited or deleted."""

    __tablename__ = "rect_history"

    id: Mapped[int] = mapped_column(primary_key=True)
    measure_id: Mapped[int] = mapped_column(ForeignKey("rect_measures.id", ondelete="RESTRICT"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime, server_default=func.current_timestamp())
    action: Mapped[str] = mapped_column(String(20))
    from_status: Mapped[str] = mapped_column(String(10), default="")
    to_status: Mapped[str] = mapped_column(String(10), default="")
    on_date: Mapped[date | None] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text, default="")
    detail: Mapped[str] = mapped_column(Text, default="")
