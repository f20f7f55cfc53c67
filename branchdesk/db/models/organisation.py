"""The organisation tree (党委 / 党总支 / 党支部 / 党小组), committee posts, and key-value settings."""

from datetime import date

from sqlalchemy import Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from branchdesk.db.base import Base, TimestampMixin


class Organisation(TimestampMixin, Base):
    __tablename__ = "organisations"
    __table_args__ = (UniqueConstraint("parent_id", "name", name="uq_organisations_parent_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(10))  # vocabulary.OrgKind
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id", ondelete="RESTRICT"), index=True)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    note: Mapped[str] = mapped_column(Text, default="")
    # 成立日期 / 撤销日期 of a branch: the regulation calendar runs only while it exists (domain.md §2)
    founded_on: Mapped[date | None] = mapped_column(Date)
    dissolved_on: Mapped[date | None] = mapped_column(Date)

    parent: Mapped["Organisation | None"] = relationship(remote_side="Organisation.id", back_populates="children")
    children: Mapped[list["Organisation"]] = relationship(back_populates="parent")


class CommitteePost(TimestampMixin, Base):
    """A member's post on a branch committee (书记, 组织委员 …) for a term (domain.md ORG-COMMITTEE, ORG-TERM)."""

    __tablename__ = "committee_posts"
    # one post of one member on one committee from one day: the same record when both PCs entered it
    # (the 花名册's 党内职务 imported on both before a branch joined the 数据包; services/exchange/tables.py)
    __exchange_same_record_by__ = ("org_id", "member_id", "post", "term_start")

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="RESTRICT"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="RESTRICT"), index=True)
    post: Mapped[str] = mapped_column(String(20))
    term_start: Mapped[date | None] = mapped_column(Date)  # None: in office since before records start
    term_end: Mapped[date | None] = mapped_column(Date)


class Setting(Base):
    """Local-practice settings and the school's facts (name, staff count) as key-value text."""

    __tablename__ = "settings"
    __global_id_from__ = ("key",)  # the same setting on two sites is one record (db/global_ids.py)

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")
