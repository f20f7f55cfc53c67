"""The tables of db/models/meeting_details.py (see db/tables/__init__.py for why the schema is kept as Core tables)."""

from sqlalchemy import Column, DateTime, ForeignKey, Integer, LargeBinary, String, Table, Text

from branchdesk.db.tables.common import gid_column, metadata, stamps

meeting_votes = Table(  # MeetingVote
    "meeting_votes", metadata,
    Column("id", Integer, primary_key=True),
    Column("meeting_id", Integer, ForeignKey("meetings.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("subject", String(500), nullable=False, default=""),  # 表决事项: 接收张三为预备党员
    Column("voters_expected", Integer),  # 应到会有表决权的党员
    Column("voters_present", Integer),  # 实到会有表决权的党员
    Column("votes_for", Integer),  # 赞成 (书面意见计入)
    Column("votes_against", Integer),
    Column("abstentions", Integer),
    Column("note", Text, nullable=False, default=""),  # 不计入应到的人员及批准情况
    gid_column(),
)

meeting_attachments = Table(  # MeetingAttachment
    "meeting_attachments", metadata,
    Column("id", Integer, primary_key=True),
    Column("meeting_id", Integer, ForeignKey("meetings.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("filename", String(255), nullable=False),
    Column("size", Integer, nullable=False),
    Column("data", LargeBinary, nullable=False),  # loaded only when opened
    *stamps(),
    gid_column(),
)

meeting_history = Table(  # MeetingHistory
    "meeting_history", metadata,
    Column("id", Integer, primary_key=True),
    Column("meeting_id", Integer, ForeignKey("meetings.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("at", DateTime, nullable=False),
    Column("action", String(20), nullable=False),
    Column("reason", Text, nullable=False, default=""),
    Column("changes", Text, nullable=False, default=""),  # JSON: {field: [old, new]}
    gid_column(),
)
