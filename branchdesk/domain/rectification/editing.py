"""What a rectification ledger's pages edit and show beside its measures: the forms' inputs, a
ledger's problems and a measure's status history. Apart from records.py so that what only reads
measures (the figures, the year-end report) does not build these classes (issue 18: a dataclass's
methods are compiled as its module loads)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class LedgerInput:
    """A ledger as the form gives it, before it is checked."""

    title: str
    source: str
    org_id: int | None
    received_date: date | None
    deadline: date | None
    note: str = ""


@dataclass(frozen=True)
class ProblemRecord:
    """A problem of a ledger, in its number order."""

    id: int
    ledger_id: int
    number: str
    category: str
    description: str
    source: str
    sort_order: int = 0


@dataclass(frozen=True)
class MeasureInput:
    """A measure as the form gives it, before it is checked."""

    text: str
    leader: str = ""  # 责任领导
    person: str = ""  # 责任人
    deadline: date | None = None
    deadline_note: str = ""  # 长期坚持 … when the deadline is not a date


@dataclass(frozen=True)
class HistoryEntry:
    """One change of a measure's status (销号, reopening …), with its reason."""

    at: datetime | None
    action: str  # 新建 / 状态变更 / 销号 / 重新打开 / 导入更新 …
    from_status: str
    to_status: str
    on: date | None
    reason: str = ""
    detail: str = ""
