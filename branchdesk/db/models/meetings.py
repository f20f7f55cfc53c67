"""三会一课 records (issue 3): one sitting, the kinds it counts for, its sign-in sheet, 民主评议 results
and the annotated gaps (exemptions). A record's votes, attachments and edit history are in
meeting_details.py and the annual plan in meeting_plans.py, mapped on first use (issue 18)."""

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from branchdesk.db.base import Base, TimestampMixin


class Meeting(TimestampMixin, Base):
    __tablename__ = "meetings"

    id: Mapped[int] = mapped_column(primary_key=True)
    branch_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="RESTRICT"), index=True)
    group_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id", ondelete="RESTRICT"), index=True)
    meeting_date: Mapped[date] = mapped_column(Date, index=True)
    start_time: Mapped[str] = mapped_column(String(5), default="")
    end_time: Mapped[str] = mapped_column(String(5), default="")
    place: Mapped[str] = mapped_column(String(200), default="")
    topic: Mapped[str] = mapped_column(String(500), default="")
    host: Mapped[str] = mapped_column(String(40), default="")
    recorder: Mapped[str] = mapped_column(String(40), default="")
    lecturer: Mapped[str] = mapped_column(String(100), default="")
    content: Mapped[str] = mapped_column(Text, default="")
    resolutions: Mapped[str] = mapped_column(Text, default="")
    has_vote: Mapped[bool] = mapped_column(Boolean, default=False)
    # A ledger row that only knows counts keeps them (and the absentee text) as given.
    expected_count: Mapped[int | None] = mapped_column(Integer)
    present_count: Mapped[int | None] = mapped_column(Integer)
    absentee_text: Mapped[str] = mapped_column(Text, default="")
    # 所属期间 (domain.md §2): the period the sitting fulfils when not the one its date falls in —
    # "2024" (a January 组织生活会 for the past year), "2025-07" (补开 for July), "2025-Q1"; "" = by date
    period: Mapped[str] = mapped_column(String(10), default="")
    finalised_at: Mapped[datetime | None] = mapped_column(DateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class MeetingKindLink(Base):
    """The kinds one sitting counts for (a 支部党员大会 on the 主题党日 counts for both)."""

    __tablename__ = "meeting_kinds"

    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), primary_key=True, index=True)


class MeetingAttendance(Base):
    __tablename__ = "meeting_attendance"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="RESTRICT"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    category: Mapped[str] = mapped_column(String(10), default="")  # on the meeting day; "" for a guest
    status: Mapped[str] = mapped_column(String(10))  # domain.meetings.AttendanceStatus
    reason: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)


class MeetingReviewResult(Base):
    """民主评议党员 results (MTG-YEARLY-REVIEW)."""

    __tablename__ = "meeting_review_results"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="RESTRICT"))
    name: Mapped[str] = mapped_column(String(100))
    category: Mapped[str] = mapped_column(String(10), default="")
    grade: Mapped[str] = mapped_column(String(10), default="")


class MeetingExemption(TimestampMixin, Base):
    """A gap the branch annotated (补开, merged, holiday) with its reason; reports still show the gap.
    A 党小组会 gap (MTG-MONTHLY-GROUP, 支部条例 第十三条: each 党小组 monthly) is one 党小组's: its reason
    names the group. No group: the whole branch's reason — every gap of that kind and period, of each
    党小组 too (a reason typed before reasons had a group was filed that way)."""

    __tablename__ = "meeting_exemptions"
    # a package of a version before 0163 carries no group: the receiver reads it as withheld (a new
    # reason from it is the whole branch's, as it was typed)
    __exchange_added_columns__ = ("group_id",)

    id: Mapped[int] = mapped_column(primary_key=True)
    branch_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="RESTRICT"), index=True)
    group_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id", ondelete="RESTRICT"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    period: Mapped[str] = mapped_column(String(10))  # 2025-10 / 2025-Q3 / 2025
    reason: Mapped[str] = mapped_column(Text)
