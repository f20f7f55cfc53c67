"""The tables of db/models/finding_notes.py (see db/tables/__init__.py for why the schema is kept as Core tables)."""

from sqlalchemy import Column, Integer, String, Table, Text

from branchdesk.db.tables.common import gid_column, metadata, stamps

finding_notes = Table(  # FindingNote
    "finding_notes", metadata,
    Column("id", Integer, primary_key=True),
    Column("rule", String(60), nullable=False, index=True),  # domain.md rule id, e.g. DEV-TALK-1M
    Column("subject", String(400), nullable=False),  # what the finding is about (domain.finding_notes.subject)
    Column("reason", Text, nullable=False),
    *stamps(),
    gid_column(),
)
