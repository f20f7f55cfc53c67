"""The append-only change history (修改记录, issue 8). Rows are written only by `db/history.py`,
from a session event, for every mapped model; SQLite triggers refuse UPDATE and DELETE on the table
and each row's `hash` covers the previous row's, so an edit made outside BranchDesk is detected."""

from sqlalchemy.orm import Mapped

from branchdesk.db.base import Base
from branchdesk.db.tables import change_log


class ChangeLog(Base):
    __tablename__ = "change_log"
    __table__ = change_log

    id: Mapped[int]
    at: Mapped[str]  # ISO local time with microseconds, as hashed
    table_name: Mapped[str]
    record_id: Mapped[str]
    action: Mapped[str]  # insert / update / delete
    field: Mapped[str]
    old_value: Mapped[str | None]
    new_value: Mapped[str | None]
    os_user: Mapped[str]
    prev_hash: Mapped[str]
    hash: Mapped[str]
