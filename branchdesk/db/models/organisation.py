"""The organisation tree (党委 / 党总支 / 党支部 / 党小组), committee posts, and key-value settings."""

from datetime import date

from sqlalchemy.orm import Mapped, relationship

from branchdesk.db.base import Base, TimestampMixin
from branchdesk.db.tables import committee_posts, org_names, organisations, settings


class Organisation(TimestampMixin, Base):
    __tablename__ = "organisations"
    __table__ = organisations
    gid: Mapped[str]

    id: Mapped[int]
    name: Mapped[str]
    kind: Mapped[str]  # vocabulary.OrgKind
    parent_id: Mapped[int | None]
    sort_order: Mapped[int]
    note: Mapped[str]
    # 成立日期 / 撤销日期 of a branch: the regulation calendar runs only while it exists (domain.md §2)
    founded_on: Mapped[date | None]
    dissolved_on: Mapped[date | None]

    parent: Mapped["Organisation | None"] = relationship(remote_side="Organisation.id", back_populates="children")
    children: Mapped[list["Organisation"]] = relationship(back_populates="parent")


class OrgName(Base):
    """An earlier name of an organisation and the last day it was in use: a 党小组 renamed keeps the name
    its sittings, ledgers and volumes of that time carry (TY-5; ORG-GROUPS, domain.md §1; the rules are
    domain/roster/org_names.py). The organisation's own `name` is the name in use now, from the day after
    its latest earlier name ended. The rows live and die with the organisation (ON DELETE CASCADE), so a
    数据包 carries them as part of the organisation's record, under its owner's checks."""

    __tablename__ = "org_names"
    __table__ = org_names
    gid: Mapped[str]
    # a merge adds or corrects earlier names and never deletes one (services/exchange/writing.py): a
    # package from a version before 0143 carries the organisation without them
    __exchange_rows_kept__ = True

    id: Mapped[int]
    org_id: Mapped[int]
    name: Mapped[str]
    ended_on: Mapped[date]  # the last day of this name: the rename took effect the day after


class CommitteePost(TimestampMixin, Base):
    """A member's post on a branch committee (书记, 组织委员 …) for a term (domain.md ORG-COMMITTEE, ORG-TERM)."""

    __tablename__ = "committee_posts"
    __table__ = committee_posts
    gid: Mapped[str]
    # one post of one member on one committee from one day: the same record when both PCs entered it
    # (the 花名册's 党内职务 imported on both before a branch joined the 数据包; services/exchange/tables.py)
    __exchange_same_record_by__ = ("org_id", "member_id", "post", "term_start")

    id: Mapped[int]
    org_id: Mapped[int]
    member_id: Mapped[int]
    post: Mapped[str]
    term_start: Mapped[date | None]  # None: in office since before records start
    term_end: Mapped[date | None]


class Setting(Base):
    """Local-practice settings and the school's facts (name, staff count) as key-value text."""

    __tablename__ = "settings"
    __table__ = settings
    gid: Mapped[str]

    key: Mapped[str]
    value: Mapped[str]
