"""发展党员 records (issue 4): one row per person in development, their steps, the people each step
names, the 考察 reviews, and the documents (an attached file or only the day it was received).

`member_id` links the record to the roster row created when the 支部大会 admits the person, so the
person is kept once: the roster row is filled from here, never typed again.
"""

from datetime import date

from sqlalchemy import Date, Float, ForeignKey, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, validates

from branchdesk.db.base import Base, TimestampMixin
from branchdesk.db.stored_file import MB, StoredFile, bare_name


class DevRecord(TimestampMixin, Base):
    __tablename__ = "dev_records"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40), index=True)
    sex: Mapped[str] = mapped_column(String(2), default="")
    ethnicity: Mapped[str] = mapped_column(String(20), default="")
    id_number: Mapped[str] = mapped_column(String(18), index=True)
    birth_date: Mapped[date | None] = mapped_column(Date)
    education: Mapped[str] = mapped_column(String(20), default="")
    branch_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="RESTRICT"), index=True)
    position: Mapped[str] = mapped_column(String(100), default="")
    phone: Mapped[str] = mapped_column(String(30), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="RESTRICT"), index=True)
    extension_months: Mapped[int | None] = mapped_column(Integer)
    extension_on: Mapped[date | None] = mapped_column(Date)
    extension_reason: Mapped[str] = mapped_column(Text, default="")
    outcome: Mapped[str] = mapped_column(String(20), default="进行中")  # development_steps.Outcome
    outcome_on: Mapped[date | None] = mapped_column(Date)
    outcome_reason: Mapped[str] = mapped_column(Text, default="")
    # 预计离开本单位日期 (毕业、调动): 细则 预审条 "未来三个月内将离开工作、学习单位的，一般不办理接收预备党员的手续"
    leaving_on: Mapped[date | None] = mapped_column(Date)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class DevStep(TimestampMixin, Base):
    __tablename__ = "dev_steps"
    __table_args__ = (UniqueConstraint("record_id", "step", name="uq_dev_steps_record_step"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    record_id: Mapped[int] = mapped_column(ForeignKey("dev_records.id", ondelete="CASCADE"), index=True)
    step: Mapped[int] = mapped_column(Integer)  # 1–25, development_steps.STEPS
    on: Mapped[date | None] = mapped_column(Date)
    start_on: Mapped[date | None] = mapped_column(Date)
    end_on: Mapped[date | None] = mapped_column(Date)
    hours: Mapped[float | None] = mapped_column(Float)
    voters_expected: Mapped[int | None] = mapped_column(Integer)
    voters_present: Mapped[int | None] = mapped_column(Integer)
    votes_for: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text, default="")


class DevPerson(Base):
    __tablename__ = "dev_people"

    id: Mapped[int] = mapped_column(primary_key=True)
    record_id: Mapped[int] = mapped_column(ForeignKey("dev_records.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(20))  # development_steps.Role
    name: Mapped[str] = mapped_column(String(40))
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"), index=True)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class DevReview(TimestampMixin, Base):
    __tablename__ = "dev_reviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    record_id: Mapped[int] = mapped_column(ForeignKey("dev_records.id", ondelete="CASCADE"), index=True)
    step: Mapped[int] = mapped_column(Integer)  # 6 (积极分子) or 21 (预备党员)
    on: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")


class DevDocument(TimestampMixin, Base):
    __tablename__ = "dev_documents"
    __stored_file__ = StoredFile("filename", "size", "content", limit=20 * MB)

    id: Mapped[int] = mapped_column(primary_key=True)
    record_id: Mapped[int] = mapped_column(ForeignKey("dev_records.id", ondelete="CASCADE"), index=True)
    step: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(100))
    received_on: Mapped[date | None] = mapped_column(Date)
    filename: Mapped[str] = mapped_column(String(255), default="")
    size: Mapped[int] = mapped_column(Integer, default=0)
    content: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)

    @validates("filename")
    def _bare_name(self, key: str, value: str | None) -> str:  # (db/stored_file.py)
        return bare_name(self, key, value)
