"""结对帮扶 (domain.md §7): pairs, their activity log, outcomes, yearly evaluations and attachments.

Attachments (the signed agreement, photos or notes of an activity) are stored in the database as
blobs so the one file the secretary backs up holds everything; lists never load the blob column.
"""

from datetime import date

from sqlalchemy.orm import Mapped, deferred, validates

from branchdesk.db.base import Base, TimestampMixin
from branchdesk.db.stored_file import MB, StoredFile, bare_name
from branchdesk.db.tables import (
    mentoring_activities,
    mentoring_attachments,
    mentoring_evaluations,
    mentoring_outcomes,
    mentoring_pairs,
)
from branchdesk.domain.mentoring.privacy import committee_copy


class MentoringPair(TimestampMixin, Base):
    __tablename__ = "mentoring_pairs"
    __table__ = mentoring_pairs
    gid: Mapped[str]

    id: Mapped[int]
    kind: Mapped[str]
    branch_id: Mapped[int]
    mentor_id: Mapped[int]
    mentee_type: Mapped[str]  # domain.mentoring.MenteeType
    mentee_name: Mapped[str]
    mentee_class: Mapped[str]
    mentee_category: Mapped[str]
    mentee_member_id: Mapped[int | None]
    start_date: Mapped[date]
    planned_end: Mapped[date | None]
    goals: Mapped[str]
    content: Mapped[str]
    results: Mapped[str]
    dimensions: Mapped[str]  # "思想、德育、业务"
    agreement_date: Mapped[date | None]
    status: Mapped[str]
    closed_on: Mapped[date | None]
    stop_reason: Mapped[str]
    note: Mapped[str]
    version: Mapped[int]

    __mapper_args__ = {"version_id_col": mentoring_pairs.c.version}
    # a student stays with the branch: its 上报 tells the 党委 王同学, no class, category 学生 (数据包,
    # services/exchange/outgoing.py; domain.md §8)
    __exchange_committee_copy__ = staticmethod(committee_copy)


class MentoringActivity(TimestampMixin, Base):
    __tablename__ = "mentoring_activities"
    __table__ = mentoring_activities
    gid: Mapped[str]

    id: Mapped[int]
    pair_id: Mapped[int]
    activity_date: Mapped[date]
    kind: Mapped[str]
    hours: Mapped[float]
    dimension: Mapped[str]
    note: Mapped[str]


class MentoringOutcome(TimestampMixin, Base):
    __tablename__ = "mentoring_outcomes"
    __table__ = mentoring_outcomes
    gid: Mapped[str]

    id: Mapped[int]
    pair_id: Mapped[int]
    outcome_date: Mapped[date]
    kind: Mapped[str]
    description: Mapped[str]


class MentoringEvaluation(TimestampMixin, Base):
    """The branch's year-end evaluation of a pair: one per pair and year."""

    __tablename__ = "mentoring_evaluations"
    __table__ = mentoring_evaluations
    gid: Mapped[str]

    id: Mapped[int]
    pair_id: Mapped[int]
    year: Mapped[int]
    grade: Mapped[str]
    comment: Mapped[str]
    evaluated_on: Mapped[date | None]


class MentoringAttachment(TimestampMixin, Base):
    """A file kept with a pair: its agreement (activity_id None, role 协议) or an activity's material."""

    __tablename__ = "mentoring_attachments"
    __table__ = mentoring_attachments
    gid: Mapped[str]
    __stored_file__ = StoredFile("file_name", "size", "data", limit=20 * MB)

    id: Mapped[int]
    pair_id: Mapped[int]
    activity_id: Mapped[int | None]
    role: Mapped[str]  # 协议 / 活动
    file_name: Mapped[str]
    size: Mapped[int]
    data: Mapped[bytes] = deferred(mentoring_attachments.c.data)

    @validates("file_name")
    def _bare_name(self, key: str, value: str | None) -> str:  # (db/stored_file.py)
        return bare_name(self, key, value)

