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
