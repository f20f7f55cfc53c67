"""The tables of db/models/meetings.py (see db/tables/__init__.py for why the schema is kept as Core tables)."""

from sqlalchemy import Boolean, Column, Date, DateTime, ForeignKey, Integer, String, Table, Text

from branchdesk.db.tables.common import gid_column, metadata, stamps

meetings = Table(  # Meeting
    "meetings", metadata,
    Column("id", Integer, primary_key=True),
    Column("branch_id", Integer, ForeignKey("organisations.id", ondelete="RESTRICT"), nullable=False, index=True),
    Column("group_id", Integer, ForeignKey("organisations.id", ondelete="RESTRICT"), index=True),
    Column("meeting_date", Date, nullable=False, index=True),
    Column("start_time", String(5), nullable=False, default=""),
    Column("end_time", String(5), nullable=False, default=""),
    Column("place", String(200), nullable=False, default=""),
    Column("topic", String(500), nullable=False, default=""),
    Column("host", String(40), nullable=False, default=""),
    Column("recorder", String(40), nullable=False, default=""),
    Column("lecturer", String(100), nullable=False, default=""),
    Column("content", Text, nullable=False, default=""),
    Column("resolutions", Text, nullable=False, default=""),
    Column("has_vote", Boolean, nullable=False, default=False),
    # A ledger row that only knows counts keeps them (and the absentee text) as given.
    Column("expected_count", Integer),
    Column("present_count", Integer),
    Column("absentee_text", Text, nullable=False, default=""),
    # 所属期间 (domain.md §2): the period the sitting fulfils when not the one its date falls in —
    # "2024" (a January 组织生活会 for the past year), "2025-07" (补开 for July), "2025-Q1"; "" = by date
    Column("period", String(10), nullable=False, default=""),
    Column("finalised_at", DateTime),
    Column("version", Integer, nullable=False, default=1),
    *stamps(),
    gid_column(),
)

meeting_kinds = Table(  # MeetingKindLink
    "meeting_kinds", metadata,
    Column("meeting_id", Integer, ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True),
    Column("kind", String(20), primary_key=True, index=True),
    gid_column(),
)

meeting_attendance = Table(  # MeetingAttendance
    "meeting_attendance", metadata,
    Column("id", Integer, primary_key=True),
    Column("meeting_id", Integer, ForeignKey("meetings.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("member_id", Integer, ForeignKey("members.id", ondelete="RESTRICT"), index=True),
    Column("name", String(100), nullable=False),
    Column("category", String(10), nullable=False, default=""),  # on the meeting day; "" for a guest
    Column("status", String(10), nullable=False),  # domain.meetings.AttendanceStatus
    Column("reason", Text, nullable=False, default=""),
    Column("position", Integer, nullable=False, default=0),
    gid_column(),
)

meeting_review_results = Table(  # MeetingReviewResult
    "meeting_review_results", metadata,
    Column("id", Integer, primary_key=True),
    Column("meeting_id", Integer, ForeignKey("meetings.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("member_id", Integer, ForeignKey("members.id", ondelete="RESTRICT")),
    Column("name", String(100), nullable=False),
    Column("category", String(10), nullable=False, default=""),
    Column("grade", String(10), nullable=False, default=""),
    gid_column(),
)

meeting_exemptions = Table(  # MeetingExemption
    "meeting_exemptions", metadata,
    Column("id", Integer, primary_key=True),
    Column("branch_id", Integer, ForeignKey("organisations.id", ondelete="RESTRICT"), nullable=False, index=True),
    Column("group_id", Integer, ForeignKey("organisations.id", ondelete="RESTRICT"), index=True),
    Column("kind", String(20), nullable=False),
    Column("period", String(10), nullable=False),  # 2025-10 / 2025-Q3 / 2025
    Column("reason", Text, nullable=False),
    *stamps(),
    gid_column(),
)
