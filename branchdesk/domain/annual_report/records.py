"""The year-end report (issue 7) as plain data: every figure the Excel workbook and the PDF volume show
is computed once, by the service, into `AnnualReportData`; the two writers only lay it out, so they
can never disagree.

Rates are stored as fractions (0.875) and printed with `rate_text`, the one spelling both files use.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from branchdesk.domain.annual_report import dues as dues_chapter
from branchdesk.domain.annual_report.development_section import DevelopmentSection
from branchdesk.domain.annual_report.meetings_section import MeetingsSection, StudyRow
from branchdesk.domain.annual_report.mentoring_section import MentoringSection
from branchdesk.domain.annual_report.rectification_section import RectificationSection
from branchdesk.domain.annual_report.sections import (
    NOT_ITEMISED,
    NOT_LOGGED,
    NOT_LOGGED_EACH,
    NOT_REQUIRED,
    UNJUDGED,
    UNREPORTED,
    BasicSection,
    Count,
    FindingRow,
)
from branchdesk.domain.dues.report import DuesSection

# Column formats of a ledger table: the xlsx writer maps them to number formats, the PDF to text.
TEXT, INT, DATE, RATE, HOURS, MONEY = "text", "int", "date", "rate", "hours", "money"

AREA_KEYS = ("basic", "meetings", "development", "mentoring", "rectification", dues_chapter.KEY)
AREA_TITLES = {
    "basic": "基本情况",
    "meetings": "三会一课与主题党日",
    "development": "发展党员",
    "mentoring": "结对帮扶",
    "rectification": "整改落实",
    dues_chapter.KEY: dues_chapter.TITLE,
}
MONTHS = tuple(f"{m}月" for m in range(1, 13))


def rate_text(rate: float | None) -> str:
    """87.5%, 100%, or "—" when there is nothing to divide (the same spelling in both files)."""
    if rate is None:
        return "—"
    text = f"{rate * 100:.1f}"
    return (text[:-2] if text.endswith(".0") else text) + "%"


@dataclass(frozen=True)
class Column:
    """A report table's column: its heading, the kind of values it holds and its layout needs."""

    title: str
    kind: str = TEXT  # TEXT / INT / DATE / RATE / HOURS / MONEY
    width: int = 0  # minimum width in Excel character units (0: from the content)
    keep_lines: bool = False  # a list, one item a line: the PDF keeps each line whole (never wraps it)


@dataclass
class LedgerTable:
    """One ledger as both files print it: the xlsx writes it as a sheet, the PDF as a table."""

    key: str  # sheet name (≤ 31 characters)
    title: str
    columns: list[Column]
    rows: Sequence[Sequence[object]] = field(default_factory=list)
    note: str = ""  # printed under the title (scope, date, masking)


@dataclass
class PrintableDocument:
    """A single document users print during the year, built by its own area (linked, not rewritten)."""

    title: str
    area: str
    how: str  # where in the window (the commands are in the README)
    area_key: str = ""  # the navigation key of the page that prints it


REPORTED = "上报情况"
COMMITTEE = "支部委员会"
COMMITTEE_OWED = "（应设未设支委会）"
# a branch of 7 or more 正式党员 that held 支委会 but whose 委员 are not registered (trial L, TL-13): its
# committee exists — "应设未设" would say it broke 支部条例 第二十条 (ORG-COMMITTEE) against the sittings listed
COMMITTEE_UNREGISTERED = "（支委会委员未登记）"


@dataclass
class AnnualReportData:
    """Everything the year-end report shows, gathered once: the workbook and the PDF both write it."""

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
    dues: DuesSection | None = None  # 党费收缴 (issue 19)
    summaries: dict[str, str] = field(default_factory=dict)  # area key -> paragraph (draft or edited)
    findings: list[FindingRow] | None = None  # the self-check appendix; None when not asked (--with-findings)
    submitter: str = ""  # 报送单位 (the organisation above: 中共XX教育工委), "" leaves a line to fill in
    # the 党支部 joined to the committee's exchange that have never sent a 上报 (services/exchange/kept.py,
    # the one source), and the live 党支部 in scope: nothing of theirs is known here, so their figures are
    # not the school's and are printed as 未上报, never as 0 (trial D, TD-2)
    unreported: list[str] = field(default_factory=list)
    branch_count: int = 0
    # the 党支部 in scope whose newest 上报 at the 党委 was written before `as_of`, and that day: their records
    # after it are not here, their later months read as not held (services/exchange/kept.last_reports; review
    # 13-4, F3)
    last_reported: dict[str, date] = field(default_factory=dict)
    # the 党支部 in scope one of whose 上报 came in parts, merged here only in part (kept.incomplete_reports; F2)
    incomplete: list[str] = field(default_factory=list)
    # the 党支部 in scope set up for the exchange that have not sent a 上报 yet, whose records the 党委 entered
    # itself: counted as entered, not 未上报 (services/annual_report/entered.py; rev4 F4)
    entered: list[str] = field(default_factory=list)
    # the 党支部 in scope named otherwise in the volume's year: name now -> the year's name the volume prints
    # (services/annual_report/group_names.branch_names_of_the_day; vol3 item 1)
    year_names: dict[str, str] = field(default_factory=dict)

    @property
    def title(self) -> str:
        return f"{self.year}年度党建工作台账汇编"

    def reported_words(self, *, roster: bool = False) -> str:
        """"9个党支部中8个已上报，行政后勤党支部未上报，其数据未计入" beside the school's figures where a branch
        joined to the exchange has sent nothing (TD-2), and "第三党支部最近一次上报于 2026-06-30，其后的记录未计入" for
        a branch whose last 上报 was written before the figures' day (review 13-4, F3), "第二党支部上报未收齐，其
        记录未全部计入" for one whose 上报 in parts is merged only in part (F2), "第二党支部尚未首次上报，所列其记录均为党委
        录入" for one not reported yet whose records the 党委 entered itself (rev4 F4); "" otherwise (a branch's own PC, a school without
        the exchange, every branch reported). `roster`: beside the 党员 counts too, which are the
        committee's own roster and include the branch's members."""
        late = "；".join([*(f"{name}尚未首次上报，所列其记录均为党委录入" for name in self.entered),
                         *(f"{name}上报未收齐，其记录未全部计入" for name in self.incomplete),
                         *(f"{name}最近一次上报于 {day.isoformat()}，其后的记录未计入"
                           for name, day in self.last_reported.items())])
        if not self.unreported:
            return late
        total = max(self.branch_count, len(self.unreported))
        if total == 1:  # the volume of that branch alone (made at the 党委)
            return f"{self.unreported[0]}{UNREPORTED}，其数据未计入" + ("（党员人数按党委的党员名册）" if roster else "")
        return (f"{total}个党支部中{total - len(self.unreported) - len(self.entered)}个已上报，{'、'.join(self.unreported)}{UNREPORTED}，"
                "其数据未计入" + ("（党员人数按党委的党员名册，含其党员）" if roster else "") + (f"；{late}" if late else ""))

    def committee_sittings(self, branch: str) -> int:
        """The 支委会 `branch` held in the year (a committee that meets exists, registered or not)."""
        return sum(r.held for r in self.meetings.rows if r.kind == COMMITTEE and r.branch == branch)

    def committee_unregistered(self, branch: str | None = None) -> bool:
        """A branch in scope (or `branch`) of 7 or more 正式党员 without a registered committee that held
        支委会 in the year: its 委员 are not registered (TL-13), it is not a committee owed."""
        return any(c.needs_committee and not c.has_committee and self.committee_sittings(c.branch)
                   for c in self.basic.committees if branch is None or c.branch == branch)

    def committee_owed(self, branch: str | None = None) -> bool:
        """A branch in scope (or `branch`) of 7 or more 正式党员 with no committee recorded (ORG-COMMITTEE):
        no 支委会 held either (committee_unregistered)."""
        return any(c.needs_committee and not c.has_committee and not self.committee_sittings(c.branch)
                   for c in self.basic.committees if branch is None or c.branch == branch)

    def not_required(self, kind: str, branch: str | None = None) -> str:
        """Why nothing is required of `kind`, in the one wording every table uses (T10-20): 支委会 are required
        only where a committee exists (MTG-MONTHLY-COMMITTEE), and where one is owed that is said too —
        or, where 支委会 were held, that the committee's 委员 are not registered (TL-13)."""
        if kind != COMMITTEE:
            return NOT_REQUIRED
        if self.committee_owed(branch):
            return NOT_REQUIRED + COMMITTEE_OWED
        return NOT_REQUIRED + (COMMITTEE_UNREGISTERED if self.committee_unregistered(branch) else "")

    def held_required(self, kind: str, branch: str | None = None) -> str:
        """已开/应开 (MeetingsSection.held_required), "2/不适用（应设未设支委会）" where a committee is owed."""
        text = self.meetings.held_required(kind, branch)
        if text.endswith(f"/{NOT_REQUIRED}"):
            return text.removesuffix(NOT_REQUIRED) + self.not_required(kind, branch)
        return text

    @property
    def moves_shown(self) -> bool:
        """Whether the year's 支部调整 change the membership figures in scope (TV-11): a branch's volume
        counts its 调入 and 调出; within the whole school a move out of one branch is a move into another
        and changes no total (a branch deleted since makes them differ: then they are shown too)."""
        b = self.basic
        return b.moved_in != b.moved_out or (self.branch is not None and b.moved_in + b.moved_out > 0)

    def key_figures(self) -> list[tuple[str, object, str]]:
        """The 汇总 lines (label, value, format), shared by the 汇总 sheet and the PDF's overview."""
        b, m, d, t, r = self.basic, self.meetings, self.development, self.mentoring.total, self.rectification
        lines: list[tuple[str, object, str]] = [(REPORTED, words, TEXT)] if (words := self.reported_words(roster=True)) else []
        lines += [("党员总数", b.total, INT), ("其中预备党员", _count(b.by_category, "预备党员"), INT),
                  ("本年接收预备党员", b.new_members, INT), ("本年转正", b.made_full, INT), ("其中按期转正", b.on_time, INT)]
        if b.staff_share is not None:
            lines.append(("党员占教职工比例", b.staff_share, RATE))
        # no month of the year in the records (none yet, or a year before they start): nothing was due that
        # can be known, "—" (not "0/0"); nothing required but sittings held: "2/不适用", as the chapters say
        for kind in m.kinds:
            lines.append((f"{kind}（已开/应开）", self.held_required(kind), TEXT))
            if extra := m.held_unrequired(kind):  # not among the pair's sittings (review 13-4, F6)
                lines.append((f"不要求召开{'支委会' if kind == '支部委员会' else kind}的党支部已开", f"{extra}次", TEXT))
        missed = m.missed_text()
        # over every kind listed above, each sitting once: the chapters' boxes count their own kinds (TV-6)
        lines.append(("各项会议未按规定召开（期）", missed, INT if isinstance(missed, int) else TEXT))
        if pending := m.pending_text():  # last year's 组织生活会/民主评议, still in time until 03-31 (TY-13)
            lines.append(("各项会议待召开（期）", pending, TEXT))
        lines.append(("各项会议平均出勤率", m.attendance, RATE))
        if m.study:
            lines.append(("学习学时达标党员（达标/党员）", study_met_text(m.study), TEXT))
            short = study_short(m.study)
            lines.append(("学习学时未达标党员", short, INT if isinstance(short, int) else TEXT))
            lines.append(("学习学时无法判断党员", sum(r.unknown for r in m.study), INT))
        lines += [(f"发展党员：{c.label}", c.value, INT) for c in d.flow]
        lines.append(("发展党员待处理问题", sum(1 for f in d.findings if f.severity == "问题"), INT))
        if t is not None:  # nothing logged is shown as not logged, never as 0 (sections.NOT_LOGGED_EACH)
            logged = t.activities > 0
            lines += [("结对帮扶对数", t.pairs, INT) if t.pairs else ("结对帮扶对数", NOT_LOGGED, TEXT),
                      ("帮扶活动次数", t.activities, INT) if logged else ("帮扶活动次数", NOT_LOGGED_EACH, TEXT),
                      ("帮扶活动学时", t.hours, HOURS) if logged else ("帮扶活动学时", NOT_LOGGED, TEXT),
                      ("帮扶成果", t.outcomes, INT) if t.outcomes else ("帮扶成果", NOT_ITEMISED, TEXT)]
        lines += [("整改措施", *r.measures_figure()), ("完成率", r.completion_rate, RATE), ("销号率", r.closing_rate, RATE),
                  ("逾期未完成", r.overdue, INT), ("逾期完成", r.late, INT)]
        lines += dues_chapter.key_figures(self.dues)
        return lines


def study_met_text(study: Sequence[StudyRow]) -> str:
    """达标/党员 (MTG-STUDY-HOURS), never "0/26" when no member can be judged (trial L, TL-14: unknown is not
    0): "无法判断（26人）". Where only some cannot be, the 无法判断 line beside it says how many."""
    members, met, unknown = (sum(r.members for r in study), sum(r.met for r in study), sum(r.unknown for r in study))
    return f"{UNJUDGED}（{members}人）" if members and unknown >= members else f"{met}/{members}"


def study_short(study: Sequence[StudyRow]) -> int | str:
    """未达标 members; 无法判断 when none can be judged (not 0, TL-14)."""
    members, unknown = sum(r.members for r in study), sum(r.unknown for r in study)
    return UNJUDGED if members and unknown >= members else sum(r.short for r in study)


def _count(counts: list[Count], label: str) -> int:
    return next((c.value for c in counts if c.label == label), 0)
