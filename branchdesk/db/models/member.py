"""Members of the roster and their moves (转入/转出/离世/出党). A member is never deleted for leaving."""

from __future__ import annotations

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

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="RESTRICT"), index=True)
    kind: Mapped[str] = mapped_column(String(10))  # vocabulary.MoveKind
    move_date: Mapped[date] = mapped_column(Date)
    counterpart: Mapped[str] = mapped_column(String(200), default="")  # where from / where to
    reason: Mapped[str] = mapped_column(Text, default="")
