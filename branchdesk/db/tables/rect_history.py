"""The tables of db/models/rect_history.py (see db/tables/__init__.py for why the schema is kept as Core tables)."""

from sqlalchemy import Column, Date, DateTime, ForeignKey, Integer, String, Table, Text, func

from branchdesk.db.tables.common import gid_column, metadata

rect_history = Table(  # RectHistory
    "rect_history", metadata,
    Column("id", Integer, primary_key=True),
    Column("measure_id", Integer, ForeignKey("rect_measures.id", ondelete="RESTRICT"), nullable=False, index=True),
    Column("at", DateTime, nullable=False, server_default=func.current_timestamp()),
    Column("action", String(20), nullable=False),
    Column("from_status", String(10), nullable=False, default=""),
    Column("to_status", String(10), nullable=False, default=""),
    Column("on_date", Date),
    Column("reason", Text, nullable=False, default=""),
    Column("detail", Text, nullable=False, default=""),
    gid_column(),
)
