"""学习培训记录 (MTG-STUDY-HOURS, 教育条例 第二十条): concentrated study a member did outside the
branch's own sittings (党校培训, 网络培训, 上级集中轮训 …). The branch's own 党课 / 主题党日 / 党员大会 /
党小组会 are counted from the meeting records, never entered here a second time."""

from datetime import date
from decimal import Decimal

from sqlalchemy.orm import Mapped

from branchdesk.db.base import Base, TimestampMixin
from branchdesk.db.tables import study_records


class StudyRecord(TimestampMixin, Base):
    __tablename__ = "study_records"
    __table__ = study_records
    gid: Mapped[str]

    id: Mapped[int]
    member_id: Mapped[int]
    study_date: Mapped[date]
    hours: Mapped[Decimal]  # 学时, > 0 and ≤ 200 (domain.study_hours)
    form: Mapped[str]  # domain.study_hours.StudyForm
    title: Mapped[str]  # 学习内容
    organiser: Mapped[str]
    note: Mapped[str]
    version: Mapped[int]

    __mapper_args__ = {"version_id_col": study_records.c.version}
