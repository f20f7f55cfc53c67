"""发展党员 records (issue 4): one row per person in development, their steps, the people each step
names, the 考察 reviews, and the documents (an attached file or only the day it was received).

`member_id` links the record to the roster row created when the 支部大会 admits the person, so the
person is kept once: the roster row is filled from here, never typed again.
"""

from datetime import date

from sqlalchemy.orm import Mapped, deferred, validates

from branchdesk.db.base import Base, TimestampMixin
from branchdesk.db.stored_file import MB, StoredFile, bare_name
from branchdesk.db.tables import dev_documents, dev_people, dev_records, dev_reviews, dev_steps


class DevRecord(TimestampMixin, Base):
    __tablename__ = "dev_records"
    __table__ = dev_records
    gid: Mapped[str]

    id: Mapped[int]
    name: Mapped[str]
    sex: Mapped[str]
    ethnicity: Mapped[str]
    id_number: Mapped[str]
    birth_date: Mapped[date | None]
    education: Mapped[str]
    branch_id: Mapped[int]
    position: Mapped[str]
    phone: Mapped[str]
    note: Mapped[str]
    member_id: Mapped[int | None]
    extension_months: Mapped[int | None]
    extension_on: Mapped[date | None]
    extension_reason: Mapped[str]
    outcome: Mapped[str]  # development_steps.Outcome
    outcome_on: Mapped[date | None]
    outcome_reason: Mapped[str]
    # 预计离开本单位日期 (毕业、调动): 细则 预审条 "未来三个月内将离开工作、学习单位的，一般不办理接收预备党员的手续"
    leaving_on: Mapped[date | None]
    version: Mapped[int]

    __mapper_args__ = {"version_id_col": dev_records.c.version}


class DevStep(TimestampMixin, Base):
    __tablename__ = "dev_steps"
    __table__ = dev_steps
    gid: Mapped[str]

    id: Mapped[int]
    record_id: Mapped[int]
    step: Mapped[int]  # 1–25, development_steps.STEPS
    on: Mapped[date | None]
    start_on: Mapped[date | None]
    end_on: Mapped[date | None]
    hours: Mapped[float | None]
    voters_expected: Mapped[int | None]
    voters_present: Mapped[int | None]
    votes_for: Mapped[int | None]
    note: Mapped[str]


class DevPerson(Base):
    __tablename__ = "dev_people"
    __table__ = dev_people
    gid: Mapped[str]

    id: Mapped[int]
    record_id: Mapped[int]
    role: Mapped[str]  # development_steps.Role
    name: Mapped[str]
    member_id: Mapped[int | None]
    sort_order: Mapped[int]


class DevReview(TimestampMixin, Base):
    __tablename__ = "dev_reviews"
    __table__ = dev_reviews
    gid: Mapped[str]

    id: Mapped[int]
    record_id: Mapped[int]
    step: Mapped[int]  # 6 (积极分子) or 21 (预备党员)
    on: Mapped[date | None]
    note: Mapped[str]


class DevDocument(TimestampMixin, Base):
    __tablename__ = "dev_documents"
    __table__ = dev_documents
    gid: Mapped[str]
    __stored_file__ = StoredFile("filename", "size", "content", limit=20 * MB)

    id: Mapped[int]
    record_id: Mapped[int]
    step: Mapped[int]
    title: Mapped[str]
    received_on: Mapped[date | None]
    filename: Mapped[str]
    size: Mapped[int]
    content: Mapped[bytes | None] = deferred(dev_documents.c.content)

    @validates("filename")
    def _bare_name(self, key: str, value: str | None) -> str:  # (db/stored_file.py)
        return bare_name(self, key, value)
