"""The tables of db/models/mentoring.py (see db/tables/__init__.py for why the schema is kept as Core tables)."""

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

mentoring_pairs = Table(  # MentoringPair
    "mentoring_pairs", metadata,
    Column("id", Integer, primary_key=True),
    Column("kind", String(40), nullable=False, index=True),
    Column("branch_id", Integer, ForeignKey("organisations.id", ondelete="RESTRICT"), nullable=False, index=True),
    Column("mentor_id", Integer, ForeignKey("members.id", ondelete="RESTRICT"), nullable=False, index=True),
    Column("mentee_type", String(10), nullable=False),  # domain.mentoring.MenteeType
    Column("mentee_name", String(60), nullable=False),
    Column("mentee_class", String(40), nullable=False, default=""),
    Column("mentee_category", String(20), nullable=False, default=""),
    Column("mentee_member_id", Integer, ForeignKey("members.id", ondelete="RESTRICT")),
    Column("start_date", Date, nullable=False),
    Column("planned_end", Date),
    Column("goals", Text, nullable=False, default=""),
    Column("content", Text, nullable=False, default=""),
    Column("results", Text, nullable=False, default=""),
    Column("dimensions", String(200), nullable=False, default=""),  # "思想、德育、业务"
    Column("agreement_date", Date),
    Column("status", String(10), nullable=False, default="进行中", index=True),
    Column("closed_on", Date),
    Column("stop_reason", Text, nullable=False, default=""),
    Column("note", Text, nullable=False, default=""),
    Column("version", Integer, nullable=False, default=1),
    *stamps(),
    gid_column(),
)

mentoring_activities = Table(  # MentoringActivity
    "mentoring_activities", metadata,
    Column("id", Integer, primary_key=True),
    Column("pair_id", Integer, ForeignKey("mentoring_pairs.id", ondelete="RESTRICT"), nullable=False, index=True),
    Column("activity_date", Date, nullable=False, index=True),
    Column("kind", String(20), nullable=False),
    Column("hours", Float, nullable=False, default=0.0),
    Column("dimension", String(20), nullable=False, default=""),
    Column("note", Text, nullable=False, default=""),
    *stamps(),
    gid_column(),
)

mentoring_outcomes = Table(  # MentoringOutcome
    "mentoring_outcomes", metadata,
    Column("id", Integer, primary_key=True),
    Column("pair_id", Integer, ForeignKey("mentoring_pairs.id", ondelete="RESTRICT"), nullable=False, index=True),
    Column("outcome_date", Date, nullable=False),
    Column("kind", String(20), nullable=False),
    Column("description", Text, nullable=False, default=""),
    *stamps(),
    gid_column(),
)

mentoring_evaluations = Table(  # MentoringEvaluation
    "mentoring_evaluations", metadata,
    Column("id", Integer, primary_key=True),
    Column("pair_id", Integer, ForeignKey("mentoring_pairs.id", ondelete="RESTRICT"), nullable=False, index=True),
    Column("year", Integer, nullable=False),
    Column("grade", String(10), nullable=False),
    Column("comment", Text, nullable=False, default=""),
    Column("evaluated_on", Date),
    *stamps(),
    gid_column(),
    UniqueConstraint("pair_id", "year", name="uq_mentoring_evaluations_pair_year"),
)

mentoring_attachments = Table(  # MentoringAttachment
    "mentoring_attachments", metadata,
    Column("id", Integer, primary_key=True),
    Column("pair_id", Integer, ForeignKey("mentoring_pairs.id", ondelete="RESTRICT"), nullable=False, index=True),
    Column("activity_id", Integer, ForeignKey("mentoring_activities.id", ondelete="RESTRICT"), index=True),
    Column("role", String(10), nullable=False),  # 协议 / 活动
    Column("file_name", String(255), nullable=False),
    Column("size", Integer, nullable=False, default=0),
    Column("data", LargeBinary),
    *stamps(),
    gid_column(),
)
