"""学习培训记录 (MTG-STUDY-HOURS, 教育条例 第二十条): concentrated study a member did outside the
branch's own sittings (党校培训, 网络培训, 上级集中轮训 …). The branch's own 党课 / 主题党日 / 党员大会 /
党小组会 are counted from the meeting records, never entered here a second time."""

from datetime import date
from decimal import Decimal

from sqlalchemy import Date, ForeignKey, Integer, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from branchdesk.db.base import Base, TimestampMixin


class StudyRecord(TimestampMixin, Base):
    __tablename__ = "study_records"

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="RESTRICT"), index=True)
    study_date: Mapped[date] = mapped_column(Date, index=True)
    hours: Mapped[Decimal] = mapped_column(Numeric(6, 2))  # 学时, > 0 and ≤ 200 (domain.study_hours)
    form: Mapped[str] = mapped_column(String(20))  # domain.study_hours.StudyForm
    title: Mapped[str] = mapped_column(String(200))  # 学习内容
    organiser: Mapped[str] = mapped_column(String(200), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}
