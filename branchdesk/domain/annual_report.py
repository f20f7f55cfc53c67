"""The year-end report (issue 7) as plain data: every figure the Excel workbook and the PDF volume show
is computed once, by the service, into `AnnualReportData`; the two writers only lay it out, so they
can never disagree. An area whose services are not available carries `missing` text instead of
figures, and both files say so plainly rather than inventing content.

Rates are stored as fractions (0.875) and printed with `rate_text`, the one spelling both files use.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

# Column formats of a ledger table: the xlsx writer maps them to number formats, the PDF to text.
TEXT, INT, DATE, RATE, HOURS = "text", "int", "date", "rate", "hours"

AREA_KEYS = ("basic", "meetings", "development", "mentoring", "rectification")
AREA_TITLES = {
    "basic": "基本情况",
    "meetings": "三会一课与主题党日",
    "development": "发展党员",
    "mentoring": "结对帮扶",
    "rectification": "整改落实",
}
MONTHS = tuple(f"{m}月" for m in range(1, 13))


def rate_text(rate: float | None) -> str:
    """87.5%, 100%, or "—" when there is nothing to divide (the same spelling in both files)."""
    if rate is None:
        return "—"
    text = f"{rate * 100:.1f}"
    return (text[:-2] if text.endswith(".0") else text) + "%"


def share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


@dataclass(frozen=True)
class Column:
    title: str
    kind: str = TEXT  # TEXT / INT / DATE / RATE / HOURS
    width: int = 0  # minimum width in Excel character units (0: from the content)


@dataclass
class LedgerTable:
    """One ledger as both files print it: the xlsx writes it as a sheet, the PDF as a table."""

    key: str  # sheet name (≤ 31 characters)
    title: str
    columns: list[Column]
    rows: list[list[object]] = field(default_factory=list)
    note: str = ""  # printed under the title (scope, date, masking)


@dataclass
class Count:
    label: str
    value: int


@dataclass
class BranchMembers:
    branch: str
    total: int
    full: int
    probationary: int
    male: int
    female: int
    new: int  # admitted (预备党员) in the year
    made_full: int  # 转正 in the year
    left: int  # 转出 / 离世 / 出党 in the year


@dataclass
class RosterRow:
    name: str
    sex: str
    ethnicity: str
    id_number: str  # masked unless the user asked otherwise
    birth_date: date | None
    education: str
    branch: str
    group: str
    category: str
    join_date: date | None
    full_date: date | None
    position: str
    phone: str  # "" unless unmasked


@dataclass
class BasicSection:
    as_of: date
    total: int = 0
    branches: list[BranchMembers] = field(default_factory=list)
    by_category: list[Count] = field(default_factory=list)
    by_sex: list[Count] = field(default_factory=list)
    by_age: list[Count] = field(default_factory=list)
    by_education: list[Count] = field(default_factory=list)
    by_ethnicity: list[Count] = field(default_factory=list)
    new_members: int = 0
    made_full: int = 0
    left: int = 0
    staff_count: int | None = None  # 教职工总数 from the settings, when set
    staff_share: float | None = None
    roster: list[RosterRow] = field(default_factory=list)
    missing: str = ""


@dataclass
class KindRow:
    """One branch and one kind of meeting over the year (三会一课 / 主题党日)."""

    branch: str
    kind: str
    months: list[int]  # sittings held per month, Jan..Dec
    held: int
    required: int  # the regulation minimum over the year's periods where the rule applies
    periods: int  # periods (month / quarter / year × 党小组) the rule applies to
    periods_met: int
    explained: int  # gaps the branch annotated (已说明)
    missed: int  # periods over and not met, without annotation
    expected: int  # 应到 summed over sittings with a known count
    present: int  # 实到

    @property
    def attendance(self) -> float | None:
        return share(self.present, self.expected)


@dataclass
class GapRow:
    branch: str
    kind: str
    period: str  # 2025年3月 / 2025年第一季度 / 2025年
    target: str  # the 党小组, or ""
    held: int
    minimum: int
    state: str  # 未完成 / 已说明 / 进行中
    annotation: str  # the branch's reason, when annotated
    rule: str


@dataclass
class LifeReviewRow:
    branch: str
    life_held: int
    review_held: int
    grades: dict[str, int]  # 优秀 / 合格 / 基本合格 / 不合格 / 不评定等次 (预备党员)

    @property
    def graded(self) -> int:
        return sum(v for k, v in self.grades.items() if k != UNGRADED)


UNGRADED = "不评定等次"
GRADE_ORDER = ("优秀", "合格", "基本合格", "不合格", UNGRADED)


@dataclass
class MeetingsSection:
    kinds: list[str] = field(default_factory=list)
    rows: list[KindRow] = field(default_factory=list)
    by_month: dict[str, list[int]] = field(default_factory=dict)  # kind -> sittings per month, all branches
    gaps: list[GapRow] = field(default_factory=list)
    life_review: list[LifeReviewRow] = field(default_factory=list)
    grade_totals: dict[str, int] = field(default_factory=dict)
    sittings: int = 0  # records (a sitting that counts for several kinds is one record)
    expected: int = 0
    present: int = 0
    missing: str = ""

    @property
    def attendance(self) -> float | None:
        return share(self.present, self.expected)

    def held(self, kind: str) -> int:
        return sum(r.held for r in self.rows if r.kind == kind)

    def required(self, kind: str) -> int:
        return sum(r.required for r in self.rows if r.kind == kind)


@dataclass
class DevRow:
    name: str
    sex: str
    id_number: str
    branch: str
    stage: str
    applied: date | None
    activist: date | None
    candidate: date | None
    admitted: date | None
    full: date | None
    problems: int
    reminders: int


@dataclass
class FindingRow:
    severity: str  # 问题 / 提醒 / 信息
    branch: str
    person: str
    message: str
    rule: str


@dataclass
class DevelopmentSection:
    flow: list[Count] = field(default_factory=list)
    pipeline: list[Count] = field(default_factory=list)  # people at each stage now
    ledger: list[DevRow] = field(default_factory=list)
    findings: list[FindingRow] = field(default_factory=list)
    missing: str = ""

    def flow_value(self, label: str) -> int:
        return next((c.value for c in self.flow if c.label == label), 0)


@dataclass
class MentoringBranchRow:
    branch: str
    pairs_by_kind: dict[str, int]
    pairs: int
    new_pairs: int
    activities: int
    hours: float
    outcomes: int
    evaluated: int
    excellent: int


@dataclass
class PairRow:
    kind: str
    branch: str
    mentor: str
    mentee: str
    category: str
    start: date | None
    end: date | None
    status: str
    activities: int
    hours: float
    outcomes: int
    results: str


@dataclass
class MentoringSection:
    kinds: list[str] = field(default_factory=list)
    rows: list[MentoringBranchRow] = field(default_factory=list)  # the last row is 合计
    pairs: list[PairRow] = field(default_factory=list)
    missing: str = ""

    @property
    def total(self) -> MentoringBranchRow | None:
        return self.rows[-1] if self.rows else None


@dataclass
class RectLedgerRow:
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


@dataclass
class RectificationSection:
    statuses: list[str] = field(default_factory=list)
    ledgers: list[RectLedgerRow] = field(default_factory=list)
    measures: list[MeasureRow] = field(default_factory=list)
    status_totals: dict[str, int] = field(default_factory=dict)
    total: int = 0
    overdue: int = 0
    late: int = 0
    completion_rate: float | None = None
    closing_rate: float | None = None
    missing: str = ""


@dataclass
class PrintableDocument:
    """A single document users print during the year, built by its own area (linked, not rewritten)."""

    title: str
    area: str
    how: str  # where in the window, and the CLI command
    area_key: str = ""  # the navigation key of the page that prints it


@dataclass
class AnnualReportData:
    school: str
    organisation: str  # 中共XX委员会, or the branch's name
    scope: str  # 全校（党委） / the branch name
    branch: str | None
    year: int
    generated_on: date
    as_of: date  # figures stand as of this day (31 Dec, or today during the year)
    masked: bool
    basic: BasicSection
    meetings: MeetingsSection
    development: DevelopmentSection
    mentoring: MentoringSection
    rectification: RectificationSection
    summaries: dict[str, str] = field(default_factory=dict)  # area key -> paragraph (draft or edited)

    @property
    def title(self) -> str:
        return f"{self.year}年度党建工作台账汇编"

    def key_figures(self) -> list[tuple[str, object, str]]:
        """The 汇总 lines (label, value, format), shared by the 汇总 sheet and the PDF's overview."""
        b, m, d, t, r = self.basic, self.meetings, self.development, self.mentoring.total, self.rectification
        lines: list[tuple[str, object, str]] = [("党员总数", b.total, INT), ("其中预备党员", _count(b.by_category, "预备党员"), INT),
                                                 ("本年接收预备党员", b.new_members, INT), ("本年转正", b.made_full, INT)]
        if b.staff_share is not None:
            lines.append(("党员占教职工比例", b.staff_share, RATE))
        if not m.missing:
            for kind in m.kinds:
                lines.append((f"{kind}（已开/应开）", f"{m.held(kind)}/{m.required(kind)}", TEXT))
            lines += [("未按规定召开（期）", sum(x.missed for x in m.rows), INT), ("平均出勤率", m.attendance, RATE)]
        if not d.missing:
            lines += [(f"发展党员：{c.label}", c.value, INT) for c in d.flow]
            lines.append(("发展党员待处理问题", sum(1 for f in d.findings if f.severity == "问题"), INT))
        if not self.mentoring.missing and t is not None:
            lines += [("结对帮扶对数", t.pairs, INT), ("帮扶活动次数", t.activities, INT), ("帮扶活动学时", t.hours, HOURS),
                      ("帮扶成果", t.outcomes, INT)]
        if not r.missing:
            lines += [("整改措施", r.total, INT), ("完成率", r.completion_rate, RATE), ("销号率", r.closing_rate, RATE),
                      ("逾期未完成", r.overdue, INT), ("逾期完成", r.late, INT)]
        return lines


def _count(counts: list[Count], label: str) -> int:
    return next((c.value for c in counts if c.label == label), 0)
