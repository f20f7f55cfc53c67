"""三会一课 records (issue 3): one sitting, the kinds it counts for, its sign-in sheet, 民主评议 results
and the annotated gaps (exemptions). A record's votes, attachments and edit history are in
meeting_details.py and the annual plan in meeting_plans.py, mapped on first use (issue 18)."""

from datetime import date, datetime

from sqlalchemy.orm import Mapped

from branchdesk.db.base import Base, TimestampMixin
from branchdesk.db.tables import (
    meeting_attendance,
    meeting_exemptions,
    meeting_kinds,
    meeting_review_results,
    meetings,
)


class Meeting(TimestampMixin, Base):
    __tablename__ = "meetings"
    __table__ = meetings
    gid: Mapped[str]

    id: Mapped[int]
    branch_id: Mapped[int]
    group_id: Mapped[int | None]
    meeting_date: Mapped[date]
    start_time: Mapped[str]
    end_time: Mapped[str]
    place: Mapped[str]
    topic: Mapped[str]
    host: Mapped[str]
    recorder: Mapped[str]
    lecturer: Mapped[str]
    content: Mapped[str]
    resolutions: Mapped[str]
    has_vote: Mapped[bool]
    # A ledger row that only knows counts keeps them (and the absentee text) as given.
    expected_count: Mapped[int | None]
    present_count: Mapped[int | None]
    absentee_text: Mapped[str]
    # 所属期间 (domain.md §2): the period the sitting fulfils when not the one its date falls in —
    # "2024" (a January 组织生活会 for the past year), "2025-07" (补开 for July), "2025-Q1"; "" = by date
    period: Mapped[str]
    finalised_at: Mapped[datetime | None]
    version: Mapped[int]

    __mapper_args__ = {"version_id_col": meetings.c.version}


class MeetingKindLink(Base):
    """The kinds one sitting counts for (a 支部党员大会 on the 主题党日 counts for both)."""

    __tablename__ = "meeting_kinds"
    __table__ = meeting_kinds
    gid: Mapped[str]

    meeting_id: Mapped[int]
    kind: Mapped[str]


class MeetingAttendance(Base):
    __tablename__ = "meeting_attendance"
    __table__ = meeting_attendance
    gid: Mapped[str]

    id: Mapped[int]
    meeting_id: Mapped[int]
    member_id: Mapped[int | None]
    name: Mapped[str]
    category: Mapped[str]  # on the meeting day; "" for a guest
    status: Mapped[str]  # domain.meetings.AttendanceStatus
    reason: Mapped[str]
    position: Mapped[int]


class MeetingReviewResult(Base):
    """民主评议党员 results (MTG-YEARLY-REVIEW)."""

    __tablename__ = "meeting_review_results"
    __table__ = meeting_review_results
    gid: Mapped[str]

    id: Mapped[int]
    meeting_id: Mapped[int]
    member_id: Mapped[int | None]
    name: Mapped[str]
    category: Mapped[str]
    grade: Mapped[str]


class MeetingExemption(TimestampMixin, Base):
    """A gap the branch annotated (补开, merged, holiday) with its reason; reports still show the gap.
    A 党小组会 gap (MTG-MONTHLY-GROUP, 支部条例 第十三条: each 党小组 monthly) is one 党小组's: its reason
    names the group. No group: the whole branch's reason — every gap of that kind and period, of each
    党小组 too (a reason typed before reasons had a group was filed that way)."""

    __tablename__ = "meeting_exemptions"
    __table__ = meeting_exemptions
    gid: Mapped[str]
    # a package of a version before 0163 carries no group: the receiver reads it as withheld (a new
    # reason from it is the whole branch's, as it was typed)
    __exchange_added_columns__ = ("group_id",)

    id: Mapped[int]
    branch_id: Mapped[int]
    group_id: Mapped[int | None]
    kind: Mapped[str]
    period: Mapped[str]  # 2025-10 / 2025-Q3 / 2025
    reason: Mapped[str]
