"""The tables of db/models/study.py (see db/tables/__init__.py for why the schema is kept as Core tables)."""

from sqlalchemy import Column, Date, ForeignKey, Integer, Numeric, String, Table, Text

from branchdesk.db.tables.common import gid_column, metadata, stamps

study_records = Table(  # StudyRecord
    "study_records", metadata,
    Column("id", Integer, primary_key=True),
    Column("member_id", Integer, ForeignKey("members.id", ondelete="RESTRICT"), nullable=False, index=True),
    Column("study_date", Date, nullable=False, index=True),
    Column("hours", Numeric(6, 2), nullable=False),  # 学时, > 0 and ≤ 200 (domain.study_hours)
    Column("form", String(20), nullable=False),  # domain.study_hours.StudyForm
    Column("title", String(200), nullable=False),  # 学习内容
    Column("organiser", String(200), nullable=False, default=""),
    Column("note", Text, nullable=False, default=""),
    Column("version", Integer, nullable=False, default=1),
    *stamps(),
    gid_column(),
)
