"""Members of the roster and their moves (转入/转出/离世/出党). A member is never deleted for leaving."""

from datetime import date

from sqlalchemy import Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from branchdesk.db.base import Base, TimestampMixin


class Member(TimestampMixin, Base):
    __tablename__ = "members"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40), index=True)
    sex: Mapped[str] = mapped_column(String(2), default="")
    ethnicity: Mapped[str] = mapped_column(String(20), default="")
    id_number: Mapped[str] = mapped_column(String(18), unique=True)
    birth_date: Mapped[date | None] = mapped_column(Date)
    education: Mapped[str] = mapped_column(String(20), default="")
    branch_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="RESTRICT"), index=True)
    group_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id", ondelete="RESTRICT"), index=True)
    category: Mapped[str] = mapped_column(String(10))  # vocabulary.MemberCategory
    join_date: Mapped[date | None] = mapped_column(Date)
    full_date: Mapped[date | None] = mapped_column(Date)
    position: Mapped[str] = mapped_column(String(100), default="")
    phone: Mapped[str] = mapped_column(String(30), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(10), default="在册", index=True)  # vocabulary.MemberStatus
    left_date: Mapped[date | None] = mapped_column(Date)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class MemberMove(TimestampMixin, Base):
    __tablename__ = "member_moves"
    # a 支部调整 is kept by the branch left and the branch joined as well as by the member's branch now:
    # each reads it for who was its member on a past day (数据包, domain/exchange/scope.py)
    __exchange_also_kept_by__ = ("from_branch_id", "to_branch_id")

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="RESTRICT"), index=True)
    kind: Mapped[str] = mapped_column(String(10))  # vocabulary.MoveKind
    move_date: Mapped[date] = mapped_column(Date)
    counterpart: Mapped[str] = mapped_column(String(200), default="")  # where from / where to
    reason: Mapped[str] = mapped_column(Text, default="")
    # 支部调整 (a move between branches of this school, dated): the branch left and the branch joined;
    # a roster "on a day" reads these (issue 16). NULL for moves in or out of the school.
    from_branch_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id", ondelete="RESTRICT"))
    to_branch_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id", ondelete="RESTRICT"))
    # 组织关系转接: the category on the day (a 预备党员 transferred in may have 转正 postponed, 细则2014 第三十六条)
    category: Mapped[str] = mapped_column(String(10), default="", server_default="")


class MemberDiscipline(TimestampMixin, Base):
    """A disciplinary sanction (党纪处分) of a member: kind, the day it was decided and, for 留党察看,
    the day the member's rights were restored (细则 第十四条: such a member cannot be an introducer)."""

    __tablename__ = "member_discipline"

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="RESTRICT"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # vocabulary.DisciplineKind
    decided_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)  # 恢复党员权利 / 影响期满
    reason: Mapped[str] = mapped_column(Text, default="")


class MemberNotExpected(TimestampMixin, Base):
    """A member left out of 应到会 from a day (to an optional day) with the approval it needs
    (domain.md VOTE-WHO, domain/roster/not_expected.py): a sitting within it lists the member as
    不计入应到 with this reason, unless the secretary marks that sitting otherwise."""

    __tablename__ = "member_not_expected"

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="RESTRICT"), index=True)
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(String(20))  # domain.roster.not_expected.NotExpectedReason
    detail: Mapped[str] = mapped_column(Text, default="")
    approved_on: Mapped[date] = mapped_column(Date)
    approved_by: Mapped[str] = mapped_column(String(100))
