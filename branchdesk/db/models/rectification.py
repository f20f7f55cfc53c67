"""Rectification ledgers (整改台账, domain.md §6): ledger -> problems -> measures, with each measure's
dated progress notes and its evidence (a named document, optionally with the file itself as a blob).
Its status history is in rect_history.py, mapped on first use (issue 18)."""

from datetime import date

from sqlalchemy.orm import Mapped, deferred, validates

from branchdesk.db.base import Base, TimestampMixin
from branchdesk.db.stored_file import MB, StoredFile, bare_name
from branchdesk.db.tables import rect_evidence, rect_ledgers, rect_measures, rect_problems, rect_progress


class RectLedger(TimestampMixin, Base):
    __tablename__ = "rect_ledgers"
    __table__ = rect_ledgers
    gid: Mapped[str]

    id: Mapped[int]
    title: Mapped[str]
    source: Mapped[str]  # 巡察反馈 / 审计 / … or one the user added
    org_id: Mapped[int | None]
    received_date: Mapped[date | None]
    deadline: Mapped[date | None]
    note: Mapped[str]


class RectProblem(TimestampMixin, Base):
    __tablename__ = "rect_problems"
    __table__ = rect_problems
    gid: Mapped[str]

    id: Mapped[int]
    ledger_id: Mapped[int]
    number: Mapped[str]
    category: Mapped[str]
    description: Mapped[str]
    source: Mapped[str]  # 问题来源 of this problem
    sort_order: Mapped[int]


class RectMeasure(TimestampMixin, Base):
    __tablename__ = "rect_measures"
    __table__ = rect_measures
    gid: Mapped[str]

    id: Mapped[int]
    ledger_id: Mapped[int]
    problem_id: Mapped[int]
    number: Mapped[str]  # the ledger's own 序号 of the measure
    text: Mapped[str]
    leader: Mapped[str]  # 责任领导
    person: Mapped[str]  # 责任人
    deadline: Mapped[date | None]
    deadline_note: Mapped[str]  # 长期坚持 …
    status: Mapped[str]
    completion_date: Mapped[date | None]
    closed_date: Mapped[date | None]
    verifier: Mapped[str]
    sort_order: Mapped[int]
    version: Mapped[int]

    __mapper_args__ = {"version_id_col": rect_measures.c.version}


class RectProgress(TimestampMixin, Base):
    __tablename__ = "rect_progress"
    __table__ = rect_progress
    gid: Mapped[str]

    id: Mapped[int]
    measure_id: Mapped[int]
    note_date: Mapped[date | None]
    text: Mapped[str]


class RectEvidence(TimestampMixin, Base):
    __tablename__ = "rect_evidence"
    __table__ = rect_evidence
    gid: Mapped[str]
    __stored_file__ = StoredFile("filename", "size", "content", limit=20 * MB)  # a scanned report, not a video

    id: Mapped[int]
    measure_id: Mapped[int]
    name: Mapped[str]
    filename: Mapped[str]
    size: Mapped[int]
    # the file itself; deferred so lists of evidence never load the bytes
    content: Mapped[bytes | None] = deferred(rect_evidence.c.content)

    @validates("filename")
    def _bare_name(self, key: str, value: str | None) -> str:  # (db/stored_file.py)
        return bare_name(self, key, value)
