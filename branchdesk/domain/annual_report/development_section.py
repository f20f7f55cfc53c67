"""The 发展党员 section of the year-end report: the year's flow, the pipeline, the ledger and its
findings (built by services/annual_report/development.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from branchdesk.domain.annual_report.sections import Count, FindingRow
from branchdesk.domain.development.records import Extension


@dataclass
class DevRow:
    """One person's line of the 发展党员 ledger: the stage reached, the dates and the findings' counts."""

    name: str
    sex: str
    id_number: str
    branch: str
    stage: str
    applied: date | None
    activist: date | None
    candidate: date | None
    admitted: date | None
    full: date | None  # 转正审批日期: the 上级党委 approved the 转正 (step 24)
    problems: int
    reminders: int
    steps: list[tuple[date | None, str]] = field(default_factory=list)  # every step recorded, in order
    people: list[tuple[str, str]] = field(default_factory=list)  # (role, names): 入党介绍人 …
    extension: Extension | None = None  # 延长预备期 decided by the volume's day (TY-18)
    full_date: date | None = None  # 转正日期: the end of probation, 党龄 counts from it (domain.md §4 step 24; TY-11)


@dataclass
class DevelopmentSection:
    """The 发展党员 chapter: the year's flow, the pipeline now, the ledger and its findings."""

    flow: list[Count] = field(default_factory=list)
    pipeline: list[Count] = field(default_factory=list)  # people at each stage now
    ledger: list[DevRow] = field(default_factory=list)
    findings: list[FindingRow] = field(default_factory=list)
    # 接收 / 转正 of the year the roster holds and no 发展党员 record covers: never checked against the 细则
    unrecorded_admitted: int = 0
    unrecorded_full: int = 0

    def flow_value(self, label: str) -> int:
        return next((c.value for c in self.flow if c.label == label), 0)
