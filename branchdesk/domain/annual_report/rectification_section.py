"""The 整改落实 section of the year-end report: the 整改台账, their measures and the totals across them
(built by services/annual_report/rectification.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass
class RectLedgerRow:
    """One 整改台账's line: its problems, its measures by state and the rates of completion."""

    title: str
    source: str
    organisation: str
    received: date | None
    deadline: date | None
    problems: int
    total: int
    by_status: dict[str, int]
    overdue: int
    late: int
    completion_rate: float | None
    closing_rate: float | None


@dataclass
class MeasureRow:
    """One 整改措施's line of the report, with its problem, deadline and state."""

    ledger: str
    number: str
    category: str
    problem: str
    measure: str
    person: str
    deadline: date | None
    deadline_note: str
    status: str
    completed: date | None
    closed: date | None
    verifier: str
    flag: str  # 逾期 / 逾期完成 / ""
    measure_number: str = ""  # the ledger's own 序号 of the measure
    progress: str = ""  # 整改进展, one dated line each
    evidence: str = ""  # 佐证材料, one name each


@dataclass
class RectificationSection:
    """The 整改落实 chapter: the ledgers, their measures and the totals across them."""

    statuses: list[str] = field(default_factory=list)
    ledgers: list[RectLedgerRow] = field(default_factory=list)
    measures: list[MeasureRow] = field(default_factory=list)
    status_totals: dict[str, int] = field(default_factory=dict)
    total: int = 0
    overdue: int = 0
    late: int = 0
    completion_rate: float | None = None
    closing_rate: float | None = None
    # a branch's volume: the year's ledgers filed at the 党委/党总支 above it (or at no organisation), which the
    # branch's figures do not count — said where they are, so the volume never reads "没有整改台账" or 0 measures
    # without a word while the school's measures that concern it are filed above (TR-2)
    elsewhere: list[RectLedgerRow] = field(default_factory=list)

    def _above(self) -> list[RectLedgerRow]:
        return [x for x in self.elsewhere if x.organisation]

    def _unassigned(self) -> list[RectLedgerRow]:
        """Ledgers with no 所属组织: not the 上级党组织's — said as such, never counted as above (re-trial R2, N-1)."""
        return [x for x in self.elsewhere if not x.organisation]

    def elsewhere_label(self) -> str:
        """The 年度主要数据 label of `elsewhere_words`."""
        if not self._above():
            return "未指定所属组织的整改台账"
        return "上级党组织的整改台账" if not self._unassigned() else "上级党组织及未指定所属组织的整改台账"

    def elsewhere_words(self) -> str:
        """Where the ledgers not counted for the branch are (filed above it, or at no organisation): "" when
        there are none."""
        words = ""
        if above := self._above():
            parts = "；".join(f"《{x.title}》（所属组织：{x.organisation}，整改措施{x.total}项）" for x in above)
            words += (f"另有上级党组织的整改台账{len(above)}本、整改措施{sum(x.total for x in above)}项"
                      f"未计入本支部的统计：{parts}，见全校的年度汇编。")
        if unassigned := self._unassigned():
            parts = "；".join(f"《{x.title}》（整改措施{x.total}项）" for x in unassigned)
            words += (f"另有未指定所属组织的整改台账{len(unassigned)}本、整改措施{sum(x.total for x in unassigned)}项"
                      f"未计入本支部的统计：{parts}；如属本支部，请在整改台账页面“编辑台账”中指定所属组织。")
        return words

    def measures_figure(self) -> tuple[object, str]:
        """整改措施 of the 年度主要数据 (value, kind): with none of the branch's own and some filed above it (or at
        no organisation), the words say where they are, not a bare 0 (TR-2)."""
        if self.total or not self.elsewhere:
            return self.total, "int"
        parts = []
        if above := self._above():
            parts.append(f"上级党组织整改台账另有{sum(x.total for x in above)}项")
        if unassigned := self._unassigned():
            parts.append(f"未指定所属组织的整改台账另有{sum(x.total for x in unassigned)}项")
        return f"本支部0项（{'；'.join(parts)}）", "text"
