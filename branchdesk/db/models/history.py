"""The append-only change history (修改记录, issue 8). Rows are written only by `db/history.py`,
from a session event, for every mapped model; SQLite triggers refuse UPDATE and DELETE on the table
and each row's `hash` covers the previous row's, so an edit made outside BranchDesk is detected."""

from sqlalchemy import Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from branchdesk.db.base import Base


class ChangeLog(Base):
    __tablename__ = "change_log"
    __global_id__ = False  # the history of this database, never exchanged (db/global_ids.py)
    __table_args__ = (Index("ix_change_log_record", "table_name", "record_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[str] = mapped_column(String(32))  # ISO local time with microseconds, as hashed
    table_name: Mapped[str] = mapped_column(String(64))
    record_id: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(10))  # insert / update / delete
    field: Mapped[str] = mapped_column(String(64), default="")
    old_value: Mapped[str | None] = mapped_column(Text)
    new_value: Mapped[str | None] = mapped_column(Text)
    os_user: Mapped[str] = mapped_column(String(100), default="")
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
