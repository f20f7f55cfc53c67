"""Members of the roster and their moves (转入/转出/离世/出党). A member is never deleted for leaving."""

from datetime import date

from sqlalchemy.orm import Mapped

from branchdesk.db.base import Base, TimestampMixin
from branchdesk.db.tables import member_discipline, member_moves, member_not_expected, members


class Member(TimestampMixin, Base):
    __tablename__ = "members"
    __table__ = members
    gid: Mapped[str]

    id: Mapped[int]
    name: Mapped[str]
    sex: Mapped[str]
    ethnicity: Mapped[str]
    id_number: Mapped[str]
    birth_date: Mapped[date | None]
    education: Mapped[str]
    branch_id: Mapped[int]
    group_id: Mapped[int | None]
    category: Mapped[str]  # vocabulary.MemberCategory
    join_date: Mapped[date | None]
    full_date: Mapped[date | None]
    position: Mapped[str]
    phone: Mapped[str]
    note: Mapped[str]
    status: Mapped[str]  # vocabulary.MemberStatus
    left_date: Mapped[date | None]
    version: Mapped[int]

    __mapper_args__ = {"version_id_col": members.c.version}


class MemberMove(TimestampMixin, Base):
    __tablename__ = "member_moves"
    __table__ = member_moves
    gid: Mapped[str]
    # a 支部调整 is kept by the branch left and the branch joined as well as by the member's branch now:
    # each reads it for who was its member on a past day (数据包, domain/exchange/scope.py)
    __exchange_also_kept_by__ = ("from_branch_id", "to_branch_id")

    id: Mapped[int]
    member_id: Mapped[int]
    kind: Mapped[str]  # vocabulary.MoveKind
    move_date: Mapped[date]
    counterpart: Mapped[str]  # where from / where to
    reason: Mapped[str]
    # 支部调整 (a move between branches of this school, dated): the branch left and the branch joined;
    # a roster "on a day" reads these (issue 16). NULL for moves in or out of the school.
    from_branch_id: Mapped[int | None]
    to_branch_id: Mapped[int | None]
    # 组织关系转接: the category on the day (a 预备党员 transferred in may have 转正 postponed, 细则2014 第三十六条)
    category: Mapped[str]


class MemberDiscipline(TimestampMixin, Base):
    """A disciplinary sanction (党纪处分) of a member: kind, the day it was decided and, for 留党察看,
    the day the member's rights were restored (细则 第十四条: such a member cannot be an introducer)."""

    __tablename__ = "member_discipline"
    __table__ = member_discipline
    gid: Mapped[str]

    id: Mapped[int]
    member_id: Mapped[int]
    kind: Mapped[str]  # vocabulary.DisciplineKind
    decided_on: Mapped[date]
    ends_on: Mapped[date | None]  # 恢复党员权利 / 影响期满
    reason: Mapped[str]


class MemberNotExpected(TimestampMixin, Base):
    """A member left out of 应到会 from a day (to an optional day) with the approval it needs
    (domain.md VOTE-WHO, domain/roster/not_expected.py): a sitting within it lists the member as
    不计入应到 with this reason, unless the secretary marks that sitting otherwise."""

    __tablename__ = "member_not_expected"
    __table__ = member_not_expected
    gid: Mapped[str]

    id: Mapped[int]
    member_id: Mapped[int]
    starts_on: Mapped[date]
    ends_on: Mapped[date | None]
    reason: Mapped[str]  # domain.roster.not_expected.NotExpectedReason
    detail: Mapped[str]
    approved_on: Mapped[date]
    approved_by: Mapped[str]
