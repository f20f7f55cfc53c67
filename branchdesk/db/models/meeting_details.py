"""What one 三会一课 record holds besides the sitting itself (issue 3): the votes taken at it, its
attachments (kept inside the database, so a record never points at a file that moved) and the history
of edits after 定稿. Mapped on first use (db/models/__init__.py): only a meeting's own page, its
export and the 数据包 read them, never a calendar, a check or the year-end report (issue 18)."""

from datetime import datetime

from sqlalchemy.orm import Mapped, deferred, validates

from branchdesk.db.base import Base, TimestampMixin
from branchdesk.db.stored_file import MB, StoredFile, bare_name
from branchdesk.db.tables import meeting_attachments, meeting_history, meeting_votes


class MeetingVote(Base):
    """One vote taken at a 支部党员大会 (VOTE-QUORUM, VOTE-PASS, VOTE-ONE-BY-ONE): what was voted on and
    the counts of voting (正式) members. A ledger that records a vote by counts only keeps them here."""

    __tablename__ = "meeting_votes"
    __table__ = meeting_votes
    gid: Mapped[str]

    id: Mapped[int]
    meeting_id: Mapped[int]
    subject: Mapped[str]  # 表决事项: 接收张三为预备党员
    voters_expected: Mapped[int | None]  # 应到会有表决权的党员
    voters_present: Mapped[int | None]  # 实到会有表决权的党员
    votes_for: Mapped[int | None]  # 赞成 (书面意见计入)
    votes_against: Mapped[int | None]
    abstentions: Mapped[int | None]
    note: Mapped[str]  # 不计入应到的人员及批准情况


class MeetingAttachment(TimestampMixin, Base):
    """A photo or scan, its bytes stored in the database (a backup of the file carries everything)."""

    __tablename__ = "meeting_attachments"
    __table__ = meeting_attachments
    gid: Mapped[str]
    __stored_file__ = StoredFile("filename", "size", "data", limit=30 * MB)  # a photo or a scan, not a video

    id: Mapped[int]
    meeting_id: Mapped[int]
    filename: Mapped[str]
    size: Mapped[int]
    data: Mapped[bytes] = deferred(meeting_attachments.c.data)  # loaded only when opened

    @validates("filename")
    def _bare_name(self, key: str, value: str | None) -> str:  # (db/stored_file.py)
        return bare_name(self, key, value)



class MeetingHistory(Base):
    """What changed in a record after 定稿, and why (never overwritten silently)."""

    __tablename__ = "meeting_history"
    __table__ = meeting_history
    gid: Mapped[str]

    id: Mapped[int]
    meeting_id: Mapped[int]
    at: Mapped[datetime]
    action: Mapped[str]
    reason: Mapped[str]
    changes: Mapped[str]  # JSON: {field: [old, new]}
