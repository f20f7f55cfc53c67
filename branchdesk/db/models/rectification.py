"""Rectification ledgers (整改台账, domain.md §6): ledger -> problems -> measures, with each measure's
dated progress notes and its evidence (a named document, optionally with the file itself as a blob).
Its status history is in rect_history.py, mapped on first use (issue 18)."""

from datetime import date

from sqlalchemy import Date, ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, deferred, mapped_column, validates

from branchdesk.db.base import Base, TimestampMixin
from branchdesk.db.stored_file import MB, StoredFile, bare_name


class RectLedger(TimestampMixin, Base):
    __tablename__ = "rect_ledgers"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200), index=True)
    source: Mapped[str] = mapped_column(String(60))  # 巡察反馈 / 审计 / … or one the user added
    org_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id", ondelete="RESTRICT"), index=True)
    received_date: Mapped[date | None] = mapped_column(Date)
    deadline: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")


class RectProblem(TimestampMixin, Base):
    __tablename__ = "rect_problems"

    id: Mapped[int] = mapped_column(primary_key=True)
    ledger_id: Mapped[int] = mapped_column(ForeignKey("rect_ledgers.id", ondelete="RESTRICT"), index=True)
    number: Mapped[str] = mapped_column(String(30), default="")
    category: Mapped[str] = mapped_column(String(200), default="")
    description: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(60), default="")  # 问题来源 of this problem
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class RectMeasure(TimestampMixin, Base):
    __tablename__ = "rect_measures"

    id: Mapped[int] = mapped_column(primary_key=True)
    ledger_id: Mapped[int] = mapped_column(ForeignKey("rect_ledgers.id", ondelete="RESTRICT"), index=True)
    problem_id: Mapped[int] = mapped_column(ForeignKey("rect_problems.id", ondelete="RESTRICT"), index=True)
    number: Mapped[str] = mapped_column(String(30), default="")  # the ledger's own 序号 of the measure
    text: Mapped[str] = mapped_column(Text)
    leader: Mapped[str] = mapped_column(String(100), default="")  # 责任领导
    person: Mapped[str] = mapped_column(String(100), default="")  # 责任人
    deadline: Mapped[date | None] = mapped_column(Date, index=True)
    deadline_note: Mapped[str] = mapped_column(String(40), default="")  # 长期坚持 …
    status: Mapped[str] = mapped_column(String(10), default="未开始", index=True)
    completion_date: Mapped[date | None] = mapped_column(Date)
    closed_date: Mapped[date | None] = mapped_column(Date)
    verifier: Mapped[str] = mapped_column(String(100), default="")
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class RectProgress(TimestampMixin, Base):
    __tablename__ = "rect_progress"

    id: Mapped[int] = mapped_column(primary_key=True)
    measure_id: Mapped[int] = mapped_column(ForeignKey("rect_measures.id", ondelete="RESTRICT"), index=True)
    note_date: Mapped[date | None] = mapped_column(Date)
    text: Mapped[str] = mapped_column(Text)


class RectEvidence(TimestampMixin, Base):
    __tablename__ = "rect_evidence"
    __stored_file__ = StoredFile("filename", "size", "content", limit=20 * MB)  # a scanned report, not a video

    id: Mapped[int] = mapped_column(primary_key=True)
    measure_id: Mapped[int] = mapped_column(ForeignKey("rect_measures.id", ondelete="RESTRICT"), index=True)
    name: Mapped[str] = mapped_column(String(300))
    filename: Mapped[str] = mapped_column(String(300), default="")
    size: Mapped[int] = mapped_column(Integer, default=0)
    # the file itself; deferred so lists of evidence never load the bytes
    content: Mapped[bytes | None] = deferred(mapped_column(LargeBinary, default=None))

    @validates("filename")
    def _bare_name(self, key: str, value: str | None) -> str:  # (db/stored_file.py)
        return bare_name(self, key, value)
