"""The tables of db/models/annual_summary.py (see db/tables/__init__.py for why the schema is kept as Core tables)."""

from sqlalchemy import Column, ForeignKey, Integer, String, Table, Text

from branchdesk.db.tables.common import metadata, stamps

annual_summary_texts = Table(  # AnnualSummaryText
    "annual_summary_texts", metadata,
    Column("id", Integer, primary_key=True),
    Column("year", Integer, nullable=False, index=True),
    # the volume"s scope: a 党支部 (its own volume), or None for the whole school"s volume
    Column("org_id", Integer, ForeignKey("organisations.id", ondelete="RESTRICT"), index=True),
    Column("area", String(40), nullable=False),  # domain.annual_report.records.AREA_KEYS
    Column("text", Text, nullable=False),
    *stamps(),
)
