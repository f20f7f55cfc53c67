"""说明 kept with a rule check's finding: the reason a user gave for saving a record the check flags
(a development step outside its time limit, a vote short of quorum …). The finding still shows, with
this reason beside it, in the window, in `branchdesk check` and in the reports."""

from sqlalchemy.orm import Mapped

from branchdesk.db.base import Base, TimestampMixin
from branchdesk.db.tables import finding_notes


class FindingNote(TimestampMixin, Base):
    __tablename__ = "finding_notes"
    __table__ = finding_notes
    gid: Mapped[str]

    id: Mapped[int]
    rule: Mapped[str]  # domain.md rule id, e.g. DEV-TALK-1M
    subject: Mapped[str]  # what the finding is about (domain.finding_notes.subject)
    reason: Mapped[str]
