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


class OrgName(Base):
    """An earlier name of an organisation and the last day it was in use: a 党小组 renamed keeps the name
    its sittings, ledgers and volumes of that time carry (TY-5; ORG-GROUPS, domain.md §1; the rules are
    domain/roster/org_names.py). The organisation's own `name` is the name in use now, from the day after
    its latest earlier name ended. The rows live and die with the organisation (ON DELETE CASCADE), so a
    数据包 carries them as part of the organisation's record, under its owner's checks."""

    __tablename__ = "org_names"
    # a merge adds or corrects earlier names and never deletes one (services/exchange/writing.py): a
    # package from a version before 0143 carries the organisation without them
    __exchange_rows_kept__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    ended_on: Mapped[date] = mapped_column(Date)  # the last day of this name: the rename took effect the day after


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
