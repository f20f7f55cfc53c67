"""The tables of db/models/development.py (see db/tables/__init__.py for why the schema is kept as Core tables)."""

from sqlalchemy import (
    Column,
    Date,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from branchdesk.db.tables.common import gid_column, metadata, stamps

dev_records = Table(  # DevRecord
    "dev_records", metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(40), nullable=False, index=True),
    Column("sex", String(2), nullable=False, default=""),
    Column("ethnicity", String(20), nullable=False, default=""),
    Column("id_number", String(18), nullable=False, index=True),
    Column("birth_date", Date),
    Column("education", String(20), nullable=False, default=""),
    Column("branch_id", Integer, ForeignKey("organisations.id", ondelete="RESTRICT"), nullable=False, index=True),
    Column("position", String(100), nullable=False, default=""),
    Column("phone", String(30), nullable=False, default=""),
    Column("note", Text, nullable=False, default=""),
    Column("member_id", Integer, ForeignKey("members.id", ondelete="RESTRICT"), index=True),
    Column("extension_months", Integer),
    Column("extension_on", Date),
    Column("extension_reason", Text, nullable=False, default=""),
    Column("outcome", String(20), nullable=False, default="进行中"),  # development_steps.Outcome
    Column("outcome_on", Date),
    Column("outcome_reason", Text, nullable=False, default=""),
    # 预计离开本单位日期 (毕业、调动): 细则 预审条 "未来三个月内将离开工作、学习单位的，一般不办理接收预备党员的手续"
    Column("leaving_on", Date),
    Column("version", Integer, nullable=False, default=1),
    *stamps(),
    gid_column(),
)

dev_steps = Table(  # DevStep
    "dev_steps", metadata,
    Column("id", Integer, primary_key=True),
    Column("record_id", Integer, ForeignKey("dev_records.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("step", Integer, nullable=False),  # 1–25, development_steps.STEPS
    Column("on", Date),
    Column("start_on", Date),
    Column("end_on", Date),
    Column("hours", Float),
    Column("voters_expected", Integer),
    Column("voters_present", Integer),
    Column("votes_for", Integer),
    Column("note", Text, nullable=False, default=""),
    *stamps(),
    gid_column(),
    UniqueConstraint("record_id", "step", name="uq_dev_steps_record_step"),
)

dev_people = Table(  # DevPerson
    "dev_people", metadata,
    Column("id", Integer, primary_key=True),
    Column("record_id", Integer, ForeignKey("dev_records.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("role", String(20), nullable=False),  # development_steps.Role
    Column("name", String(40), nullable=False),
    Column("member_id", Integer, ForeignKey("members.id", ondelete="SET NULL"), index=True),
    Column("sort_order", Integer, nullable=False, default=0),
    gid_column(),
)

dev_reviews = Table(  # DevReview
    "dev_reviews", metadata,
    Column("id", Integer, primary_key=True),
    Column("record_id", Integer, ForeignKey("dev_records.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("step", Integer, nullable=False),  # 6 (积极分子) or 21 (预备党员)
    Column("on", Date),
    Column("note", Text, nullable=False, default=""),
    *stamps(),
    gid_column(),
)

dev_documents = Table(  # DevDocument
    "dev_documents", metadata,
    Column("id", Integer, primary_key=True),
    Column("record_id", Integer, ForeignKey("dev_records.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("step", Integer, nullable=False),
    Column("title", String(100), nullable=False),
    Column("received_on", Date),
    Column("filename", String(255), nullable=False, default=""),
    Column("size", Integer, nullable=False, default=0),
    Column("content", LargeBinary),
    *stamps(),
    gid_column(),
)
