"""The 年度工作总结 paragraphs a user wrote for a year's volume on the 报表 page, kept with the year: the
volume made again — in June for a correction, or by `branchdesk report annual` — prints the text that was
written and sent, not a fresh machine draft (trial TY-9: the typed text was gone after a restart).

One live row per (year, scope, area), edited in place as the text changes, so 修改记录 keeps every version;
`deleted_at` marks a paragraph given back to the draft (the 回收站 does not list them). Not exchanged in 数据包: a volume's words
belong to the PC that makes that volume (its table has no gid)."""

from sqlalchemy.orm import Mapped

from branchdesk.db.base import Base, TimestampMixin
from branchdesk.db.tables import annual_summary_texts


class AnnualSummaryText(TimestampMixin, Base):
    __tablename__ = "annual_summary_texts"
    __table__ = annual_summary_texts
    __recycle_bin__ = False  # a replaced paragraph is an older version (修改记录), not a record deleted

    id: Mapped[int]
    year: Mapped[int]
    # the volume's scope: a 党支部 (its own volume), or None for the whole school's volume
    org_id: Mapped[int | None]
    area: Mapped[str]  # domain.annual_report.records.AREA_KEYS
    text: Mapped[str]
