"""说明 kept with a rule check's finding: the reason a user gave for saving a record the check flags
(a development step outside its time limit, a vote short of quorum …). The finding still shows, with
this reason beside it, in the window, in `branchdesk check` and in the reports."""

from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from branchdesk.db.base import Base, TimestampMixin


class FindingNote(TimestampMixin, Base):
    __tablename__ = "finding_notes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    rule: Mapped[str] = mapped_column(String(60), index=True)  # domain.md rule id, e.g. DEV-TALK-1M
    subject: Mapped[str] = mapped_column(String(400))  # what the finding is about (domain.finding_notes.subject)
    reason: Mapped[str] = mapped_column(Text)
