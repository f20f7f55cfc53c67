"""What one 三会一课 record holds besides the sitting itself (issue 3): the votes taken at it, its
attachments (kept inside the database, so a record never points at a file that moved) and the history
of edits after 定稿. Mapped on first use (db/models/__init__.py): only a meeting's own page, its
export and the 数据包 read them, never a calendar, a check or the year-end report (issue 18)."""

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column, validates

from branchdesk.db.base import Base, TimestampMixin
from branchdesk.db.stored_file import MB, StoredFile, bare_name


class MeetingVote(Base):
    """One vote taken at a 支部党员大会 (VOTE-QUORUM, VOTE-PASS, VOTE-ONE-BY-ONE): what was voted on and
    the counts of voting (正式) members. A ledger that records a vote by counts only keeps them here."""

    __tablename__ = "meeting_votes"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    subject: Mapped[str] = mapped_column(String(500), default="")  # 表决事项: 接收张三为预备党员
    voters_expected: Mapped[int | None] = mapped_column(Integer)  # 应到会有表决权的党员
    voters_present: Mapped[int | None] = mapped_column(Integer)  # 实到会有表决权的党员
    votes_for: Mapped[int | None] = mapped_column(Integer)  # 赞成 (书面意见计入)
    votes_against: Mapped[int | None] = mapped_column(Integer)
    abstentions: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text, default="")  # 不计入应到的人员及批准情况


class MeetingAttachment(TimestampMixin, Base):
    """A photo or scan, its bytes stored in the database (a backup of the file carries everything)."""

    __tablename__ = "meeting_attachments"
    __stored_file__ = StoredFile("filename", "size", "data", limit=30 * MB)  # a photo or a scan, not a video

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    size: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)  # loaded only when opened

    @validates("filename")
    def _bare_name(self, key: str, value: str | None) -> str:  # (db/stored_file.py)
        return bare_name(self, key, value)



class MeetingHistory(Base):
    """What changed in a record after 定稿, and why (never overwritten silently)."""

    __tablename__ = "meeting_history"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime)
    action: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(Text, default="")
    changes: Mapped[str] = mapped_column(Text, default="")  # JSON: {field: [old, new]}
