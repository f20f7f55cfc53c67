"""A finding of a rule check, shared by every area (meetings calendar, development steps, …) so that
`branchdesk check`, the home page and the reports list them the same way."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"  # a rule is broken by what was recorded
    WARNING = "warning"  # something is due soon, a period is nearly over, or data a rule needs is missing
    INFO = "info"


SEVERITY_LABELS = {Severity.ERROR: "问题", Severity.WARNING: "提醒", Severity.INFO: "信息"}


@dataclass(frozen=True)
class Finding:
    """One result of a rule check: how serious, what is wrong, the rule and text behind it, and where."""

    severity: Severity
    message: str  # Chinese, complete on its own
    rule: str = ""  # domain.md rule id, e.g. MTG-QUARTERLY-CONGRESS
    source: str = ""  # the article, e.g. 支部条例 第十一条
    branch: str | None = None
    meeting_type: str | None = None
    period: str | None = None  # 2025-10, 2025-Q3 or 2025
    person: str | None = None
    step: str | None = None
    area: str = ""  # 三会一课 / 发展党员 / 结对帮扶 / 整改台账
    due: str | None = None  # ISO date when the finding is about something falling due
    annotation: str = ""  # the reason a user gave for recording it this way (说明), kept with the finding
    quote: str = ""  # the sentence of the text the rule rests on (domain/citations.py)
    group: str | None = None  # the 党小组 a finding is about (a 党小组会 gap, MTG-MONTHLY-GROUP)

    def to_json(self) -> dict[str, object]:
        data = asdict(self)
        data["severity"] = self.severity.value
        return data
