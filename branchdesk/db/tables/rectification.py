"""The tables of db/models/rectification.py (see db/tables/__init__.py for why the schema is kept as Core tables)."""

from sqlalchemy import Column, Date, ForeignKey, Integer, LargeBinary, String, Table, Text

from branchdesk.db.tables.common import gid_column, metadata, stamps

rect_ledgers = Table(  # RectLedger
    "rect_ledgers", metadata,
    Column("id", Integer, primary_key=True),
    Column("title", String(200), nullable=False, index=True),
    Column("source", String(60), nullable=False),  # 巡察反馈 / 审计 / … or one the user added
    Column("org_id", Integer, ForeignKey("organisations.id", ondelete="RESTRICT"), index=True),
    Column("received_date", Date),
    Column("deadline", Date),
    Column("note", Text, nullable=False, default=""),
    *stamps(),
    gid_column(),
)

rect_problems = Table(  # RectProblem
    "rect_problems", metadata,
    Column("id", Integer, primary_key=True),
    Column("ledger_id", Integer, ForeignKey("rect_ledgers.id", ondelete="RESTRICT"), nullable=False, index=True),
    Column("number", String(30), nullable=False, default=""),
    Column("category", String(200), nullable=False, default=""),
    Column("description", Text, nullable=False),
    Column("source", String(60), nullable=False, default=""),  # 问题来源 of this problem
    Column("sort_order", Integer, nullable=False, default=0),
    *stamps(),
    gid_column(),
)

rect_measures = Table(  # RectMeasure
    "rect_measures", metadata,
    Column("id", Integer, primary_key=True),
    Column("ledger_id", Integer, ForeignKey("rect_ledgers.id", ondelete="RESTRICT"), nullable=False, index=True),
    Column("problem_id", Integer, ForeignKey("rect_problems.id", ondelete="RESTRICT"), nullable=False, index=True),
    Column("number", String(30), nullable=False, default=""),  # the ledger's own 序号 of the measure
    Column("text", Text, nullable=False),
    Column("leader", String(100), nullable=False, default=""),  # 责任领导
    Column("person", String(100), nullable=False, default=""),  # 责任人
    Column("deadline", Date, index=True),
    Column("deadline_note", String(40), nullable=False, default=""),  # 长期坚持 …
    Column("status", String(10), nullable=False, default="未开始", index=True),
    Column("completion_date", Date),
    Column("closed_date", Date),
    Column("verifier", String(100), nullable=False, default=""),
    Column("sort_order", Integer, nullable=False, default=0),
    Column("version", Integer, nullable=False, default=1),
    *stamps(),
    gid_column(),
)

rect_progress = Table(  # RectProgress
    "rect_progress", metadata,
    Column("id", Integer, primary_key=True),
    Column("measure_id", Integer, ForeignKey("rect_measures.id", ondelete="RESTRICT"), nullable=False, index=True),
    Column("note_date", Date),
    Column("text", Text, nullable=False),
    *stamps(),
    gid_column(),
)

rect_evidence = Table(  # RectEvidence
    "rect_evidence", metadata,
    Column("id", Integer, primary_key=True),
    Column("measure_id", Integer, ForeignKey("rect_measures.id", ondelete="RESTRICT"), nullable=False, index=True),
    Column("name", String(300), nullable=False),
    Column("filename", String(300), nullable=False, default=""),
    Column("size", Integer, nullable=False, default=0),
    # the file itself; deferred so lists of evidence never load the bytes
    Column("content", LargeBinary),
    *stamps(),
    gid_column(),
)
