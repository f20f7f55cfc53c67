"""The tables of db/models/history.py (see db/tables/__init__.py for why the schema is kept as Core tables)."""

from sqlalchemy import Column, Index, Integer, String, Table, Text

from branchdesk.db.tables.common import metadata

change_log = Table(  # ChangeLog
    "change_log", metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("at", String(32), nullable=False),  # ISO local time with microseconds, as hashed
    Column("table_name", String(64), nullable=False),
    Column("record_id", String(64), nullable=False),
    Column("action", String(10), nullable=False),  # insert / update / delete
    Column("field", String(64), nullable=False, default=""),
    Column("old_value", Text),
    Column("new_value", Text),
    Column("os_user", String(100), nullable=False, default=""),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
    Index("ix_change_log_record", "table_name", "record_id"),
)
