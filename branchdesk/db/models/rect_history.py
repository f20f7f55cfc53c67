"""A rectification measure's status history (整改台账, domain.md §6): every change, every 销号 and
every reopening with its reason. Mapped on first use (db/models/__init__.py): only the ledger's own
pages, its export and the 数据包 read it, never the year-end report (issue 18)."""

from datetime import date, datetime

from sqlalchemy.orm import Mapped

from branchdesk.db.base import Base
from branchdesk.db.tables import rect_history


class RectHistory(Base):
    """Append-only: nothing here is edited or deleted."""

    __tablename__ = "rect_history"
    __table__ = rect_history
    gid: Mapped[str]

    id: Mapped[int]
    measure_id: Mapped[int]
    at: Mapped[datetime]
    action: Mapped[str]
    from_status: Mapped[str]
    to_status: Mapped[str]
    on_date: Mapped[date | None]
    reason: Mapped[str]
    detail: Mapped[str]
