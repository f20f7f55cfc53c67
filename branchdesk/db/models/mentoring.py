"""结对帮扶 (domain.md §7): pairs, their activity log, outcomes, yearly evaluations and attachments.

Attachments (the signed agreement, photos or notes of an activity) are stored in the database as
blobs so the one file the secretary backs up holds everything; lists never load the blob column.
"""

from datetime import date

from sqlalchemy import Date, Float, ForeignKey, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, deferred, mapped_column, validates

from branchdesk.db.base import Base, TimestampMixin
from branchdesk.db.stored_file import MB, StoredFile, bare_name
from branchdesk.domain.mentoring.privacy import committee_copy


class MentoringPair(TimestampMixin, Base):
    __tablename__ = "mentoring_pairs"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40), index=True)
    branch_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="RESTRICT"), index=True)
    mentor_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="RESTRICT"), index=True)
    mentee_type: Mapped[str] = mapped_column(String(10))  # domain.mentoring.MenteeType
    mentee_name: Mapped[str] = mapped_column(String(60))
    mentee_class: Mapped[str] = mapped_column(String(40), default="")
    mentee_category: Mapped[str] = mapped_column(String(20), default="")
    mentee_member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="RESTRICT"))
    start_date: Mapped[date] = mapped_column(Date)
    planned_end: Mapped[date | None] = mapped_column(Date)
    goals: Mapped[str] = mapped_column(Text, default="")
    content: Mapped[str] = mapped_column(Text, default="")
    results: Mapped[str] = mapped_column(Text, default="")
    dimensions: Mapped[str] = mapped_column(String(200), default="")  # "思想、德育、业务"
    agreement_date: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(10), default="进行中", index=True)
    closed_on: Mapped[date | None] = mapped_column(Date)
    stop_reason: Mapped[str] = mapped_column(Text, default="")
    note: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}
    # a student stays with the branch: its 上报 tells the 党委 王同学, no class, category 学生 (数据包,
    # services/exchange/outgoing.py; domain.md §8)
    __exchange_committee_copy__ = staticmethod(committee_copy)


class MentoringActivity(TimestampMixin, Base):
    __tablename__ = "mentoring_activities"

    id: Mapped[int] = mapped_column(primary_key=True)
    pair_id: Mapped[int] = mapped_column(ForeignKey("mentoring_pairs.id", ondelete="RESTRICT"), index=True)
    activity_date: Mapped[date] = mapped_column(Date, index=True)
    kind: Mapped[str] = mapped_column(String(20))
    hours: Mapped[float] = mapped_column(Float, default=0.0)
    dimension: Mapped[str] = mapped_column(String(20), default="")
    note: Mapped[str] = mapped_column(Text, default="")


class MentoringOutcome(TimestampMixin, Base):
    __tablename__ = "mentoring_outcomes"

    id: Mapped[int] = mapped_column(primary_key=True)
    pair_id: Mapped[int] = mapped_column(ForeignKey("mentoring_pairs.id", ondelete="RESTRICT"), index=True)
    outcome_date: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(20))
    description: Mapped[str] = mapped_column(Text, default="")


class MentoringEvaluation(TimestampMixin, Base):
    """The branch's year-end evaluation of a pair: one per pair and year."""

    __tablename__ = "mentoring_evaluations"
    __table_args__ = (UniqueConstraint("pair_id", "year", name="uq_mentoring_evaluations_pair_year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    pair_id: Mapped[int] = mapped_column(ForeignKey("mentoring_pairs.id", ondelete="RESTRICT"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    grade: Mapped[str] = mapped_column(String(10))
    comment: Mapped[str] = mapped_column(Text, default="")
    evaluated_on: Mapped[date | None] = mapped_column(Date)


class MentoringAttachment(TimestampMixin, Base):
    """A file kept with a pair: its agreement (activity_id None, role 协议) or an activity's material."""

    __tablename__ = "mentoring_attachments"
    __stored_file__ = StoredFile("file_name", "size", "data", limit=20 * MB)

    id: Mapped[int] = mapped_column(primary_key=True)
    pair_id: Mapped[int] = mapped_column(ForeignKey("mentoring_pairs.id", ondelete="RESTRICT"), index=True)
    activity_id: Mapped[int | None] = mapped_column(
        ForeignKey("mentoring_activities.id", ondelete="RESTRICT"), index=True
    )
    role: Mapped[str] = mapped_column(String(10))  # 协议 / 活动
    file_name: Mapped[str] = mapped_column(String(255))
    size: Mapped[int] = mapped_column(Integer, default=0)
    data: Mapped[bytes] = deferred(mapped_column(LargeBinary))

    @validates("file_name")
    def _bare_name(self, key: str, value: str | None) -> str:  # (db/stored_file.py)
        return bare_name(self, key, value)

