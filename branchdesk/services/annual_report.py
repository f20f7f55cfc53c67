"""The year-end report (issue 7): gather every figure once into `AnnualReportData`, draft the 年度工作总结
paragraphs, and write the Excel workbook or the PDF volume from that one object.

The window calls `gather_report` (or `draft_summaries`) to show the drafts, lets the user edit them,
and passes the edited text to `generate_report`; the CLI calls `generate_report` directly. Workers
take `progress(done, total)` and `cancelled()` callbacks and stay Qt-free (ui/tasks.run_task).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from branchdesk.db.engine import Database
from branchdesk.domain.annual_report import AREA_KEYS, AnnualReportData, PrintableDocument
from branchdesk.domain.annual_report_summary import draft_summaries as _draft
from branchdesk.domain.members import FieldError
from branchdesk.domain.vocabulary import OrgKind
from branchdesk.services.annual_report_areas import (
    development_section,
    mentoring_section,
    rectification_section,
)
from branchdesk.services.annual_report_meetings import meetings_section
from branchdesk.services.annual_report_roster import basic_section
from branchdesk.services.errors import ServiceError, ValidationFailed
from branchdesk.services.organisation import get_school_name, list_orgs

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]
FORMATS = ("xlsx", "pdf")
STEPS = 7  # five areas gathered, the summaries, the file written


class ReportCancelled(ServiceError):
    """The user pressed 取消: nothing was written."""

    def __init__(self) -> None:
        super().__init__("已取消，未生成报表。")


@dataclass(frozen=True)
class ReportResult:
    path: Path
    format: str
    year: int
    scope: str
    pages: int | None  # PDF pages; None for a workbook
    summary: str  # one line for the CLI and the window


def _noop_progress(done: int, total: int) -> None:
    return None


def _never() -> bool:
    return False


def scope_names(db: Database) -> tuple[str, list[str]]:
    """The committee's name (or the school's) and the branches in their order, for the scope chooser."""
    committee = [o.name for o in list_orgs(db, OrgKind.COMMITTEE)] + [o.name for o in list_orgs(db, OrgKind.GENERAL_BRANCH)]
    school = get_school_name(db)
    top = committee[0] if committee else (f"中共{school}委员会" if school else "全校")
    return top, [o.name for o in list_orgs(db, OrgKind.BRANCH)]


def validate_request(db: Database, year: int, branch: str | None) -> list[str]:
    errors: list[FieldError] = []
    if not 1990 <= year <= date.today().year + 1:
        errors.append(FieldError("年度", f"{year} 不是可以生成报表的年度，请填写如 {date.today().year} 的四位年份"))
    _, branches = scope_names(db)
    if branch and branch.strip() not in branches:
        errors.append(FieldError("党支部", f"没有名为“{branch.strip()}”的党支部（可选：{'、'.join(branches) or '无'}）"))
    if errors:
        raise ValidationFailed(errors)
    return branches


def gather_report(db: Database, year: int, *, branch: str | None = None, masked: bool = True,
                  generated_on: date | None = None, progress: Progress | None = None,
                  cancelled: Cancelled | None = None) -> AnnualReportData:
    """Every figure of the report, read once. Figures stand on 31 December of the year, or on the
    generation day while the year is still running. Read-only: it never blocks the window's saves."""
    with db.reading():
        return _gather_report(db, year, branch=branch, masked=masked, generated_on=generated_on,
                              progress=progress, cancelled=cancelled)


def _gather_report(db: Database, year: int, *, branch: str | None, masked: bool, generated_on: date | None,
                   progress: Progress | None, cancelled: Cancelled | None) -> AnnualReportData:
    progress, cancelled = progress or _noop_progress, cancelled or _never
    branch = branch.strip() if branch and branch.strip() else None
    branches = validate_request(db, year, branch)
    if branch:
        branches = [branch]
    generated_on = generated_on or date.today()
    as_of = min(generated_on, date(year, 12, 31))
    top, _ = scope_names(db)
    steps: list[Callable[[], object]] = [
        lambda: basic_section(db, year=year, as_of=as_of, branch=branch, branches=branches, masked=masked),
        lambda: meetings_section(db, year=year, generated_on=generated_on, branch=branch, branches=branches),
        lambda: development_section(db, year=year, as_of=as_of, branch=branch, masked=masked),
        lambda: mentoring_section(db, year=year, branch=branch, masked=masked),
        lambda: rectification_section(db, year=year, as_of=as_of, branch=branch),
    ]
    parts: list[object] = []
    for done, step in enumerate(steps):
        if cancelled():
            raise ReportCancelled()
        progress(done, STEPS)
        parts.append(step())
    data = AnnualReportData(
        school=get_school_name(db), organisation=f"中共{branch}" if branch else top, scope=branch or "全校",
        branch=branch, year=year, generated_on=generated_on, as_of=as_of, masked=masked,
        basic=parts[0], meetings=parts[1], development=parts[2], mentoring=parts[3],  # type: ignore[arg-type]
        rectification=parts[4])  # type: ignore[arg-type]
    data.summaries = _draft(data)
    progress(len(steps), STEPS)
    return data


def draft_summaries(db: Database, year: int, *, branch: str | None = None,
                    generated_on: date | None = None) -> dict[str, str]:
    """The draft 年度工作总结 paragraphs the window shows for editing (area key -> text)."""
    return gather_report(db, year, branch=branch, generated_on=generated_on).summaries


def write_report(data: AnnualReportData, fmt: str, out: Path, *, cancelled: Cancelled | None = None) -> int | None:
    """Write the file; returns the PDF's page count (None for a workbook)."""
    if fmt == "xlsx":
        from branchdesk.io.annual_xlsx import write_annual_workbook

        write_annual_workbook(data, out)
        return None
    if fmt == "pdf":
        from branchdesk.paths import cjk_font_file, resources_folder
        from branchdesk.reports.annual_pdf import write_annual_pdf

        return write_annual_pdf(data, out, heading_font=cjk_font_file(),
                                body_font=resources_folder() / "fonts" / "uming.ttc", cancelled=cancelled)
    raise ValidationFailed([FieldError("格式", f"“{fmt}”不是可用的格式，请选择 xlsx 或 pdf")])


def generate_report(db: Database, year: int, fmt: str, out: Path, *, branch: str | None = None,
                    masked: bool = True, summaries: dict[str, str] | None = None, generated_on: date | None = None,
                    progress: Progress | None = None, cancelled: Cancelled | None = None) -> ReportResult:
    """Gather, apply the user's edited summaries (blank ones fall back to the draft), and write."""
    if fmt not in FORMATS:
        raise ValidationFailed([FieldError("格式", f"“{fmt}”不是可用的格式，请选择 xlsx 或 pdf")])
    progress, cancelled = progress or _noop_progress, cancelled or _never
    data = gather_report(db, year, branch=branch, masked=masked, generated_on=generated_on, progress=progress,
                         cancelled=cancelled)
    for key, text in (summaries or {}).items():
        if key in AREA_KEYS and text.strip():
            data.summaries[key] = text.strip()
    if cancelled():
        raise ReportCancelled()
    out = Path(out)
    pages = write_report(data, fmt, out, cancelled=cancelled)
    progress(STEPS, STEPS)
    kind = "Excel 工作簿" if fmt == "xlsx" else f"PDF 汇编（{pages} 页）"
    return ReportResult(out, fmt, year, data.scope, pages, f"已生成{data.scope}{year}年度报表，{kind}：{out}")


def printable_documents() -> list[PrintableDocument]:
    """The single documents users print during the year, each built by its own area (linked here)."""
    return [
        PrintableDocument("会议记录（一次会议）", "三会一课",
                          "三会一课页面选中会议，在“更多”中点“打印记录（PDF）”（Ctrl+P）", "meetings"),
        PrintableDocument("个人发展时间轴", "发展党员", "发展党员页面选中一人，在时间轴上点“打印时间线 PDF”",
                          "development"),
        PrintableDocument("整改台账（逐条措施）", "整改台账",
                          "整改台账页面选中台账，在“更多”中点“导出 Excel”（Ctrl+E）", "rectification"),
        PrintableDocument("整改台账月度销号表", "整改台账",
                          "整改台账页面“月度销号”，点“打印月度销号表（PDF）…”", "rectification"),
        PrintableDocument("发展党员工作台账", "发展党员", "发展党员页面，在“更多”中点“导出台账”（Ctrl+E）",
                          "development"),
    ]
