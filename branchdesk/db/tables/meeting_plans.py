"""The tables of db/models/meeting_plans.py (see db/tables/__init__.py for why the schema is kept as Core tables)."""

from sqlalchemy import Column, ForeignKey, Integer, String, Table, Text

from branchdesk.db.tables.common import gid_column, metadata, stamps

meeting_plans = Table(  # MeetingPlan
    "meeting_plans", metadata,
    Column("id", Integer, primary_key=True),
    Column("branch_id", Integer, ForeignKey("organisations.id", ondelete="RESTRICT"), nullable=False, index=True),
    Column("year", Integer, nullable=False, index=True),
    Column("month", Integer, nullable=False),
    Column("kind", String(20), nullable=False),
    Column("topic", String(500), nullable=False, default=""),
    Column("note", Text, nullable=False, default=""),
    *stamps(),
    gid_column(),
)
