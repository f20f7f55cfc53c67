"""The year-end report (issue 7): gather every figure once into `AnnualReportData`, draft the 年度工作总结
paragraphs, and write the Excel workbook or the PDF volume from that one object.

The window calls `gather_report` (or `draft_summaries`) to show the drafts, lets the user edit them,
and passes the edited text to `generate_report`; the CLI calls `generate_report` directly. Workers
take `progress(done, total)` and `cancelled()` callbacks and stay Qt-free (ui/tasks.run_task).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from branchdesk.db.engine import Database
from branchdesk.domain.annual_report.names import shown_by_year_names
from branchdesk.domain.annual_report.records import AREA_KEYS, AnnualReportData, PrintableDocument
from branchdesk.domain.annual_report.sections import FindingRow
from branchdesk.domain.annual_report.summary import draft_summaries as _draft
from branchdesk.domain.progress import Cancelled, IsCancelled, Progress
from branchdesk.domain.text import same_name
from branchdesk.domain.validation import FieldError
from branchdesk.domain.vocabulary import OrgKind
from branchdesk.services.annual_report.development import development_section
from branchdesk.services.annual_report.dues import dues_section
from branchdesk.services.annual_report.entered import entered_here
from branchdesk.services.annual_report.group_names import branch_names_of_the_day
from branchdesk.services.annual_report.meetings import meetings_section
from branchdesk.services.annual_report.mentoring import mentoring_section
from branchdesk.services.annual_report.rectification import rectification_section
from branchdesk.services.annual_report.roster import basic_section
from branchdesk.services.annual_report.summary_texts import kept_texts, kept_words
from branchdesk.services.collector import collector_paused
from branchdesk.services.errors import ValidationFailed
from branchdesk.services.exchange.kept import (
    incomplete_reports,
    last_reports,
    site_scope,
    unreported_branches,
)
from branchdesk.services.records_start import deleted_with_history
from branchdesk.services.reported import reported_before
from branchdesk.services.roster.organisation import load_orgs, load_school_name
from branchdesk.services.session import snapshot

FORMATS = ("xlsx", "pdf")
SECTIONS = 6  # the areas gathered
STEPS = 8  # six areas gathered, the summaries, the file written


@dataclass(frozen=True)
class ReportResult:
    """The file written, its scope and pages, and the one line the CLI and the window say about it."""

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
    with db.reading(), db.session() as session:
        return _scope_names(session, load_school_name(session))


def _scope_names(session: Session, school: str) -> tuple[str, list[str]]:
    """The top organisation that exists, by its own name: the 党委 (or 党总支); a school with one 党支部 and
    nothing above it (the roster's title said so, domain.md §1) is that branch, named as its own volume
    names it; with several branches and nothing recorded above them, the school's branches — never a
    党委 made up from the school's name (trial 9, T9-11)."""
    orgs = load_orgs(session)  # one read, in their order: the committees, then the branches
    committee = [o.name for o in orgs if o.kind == OrgKind.COMMITTEE.value]
    committee += [o.name for o in orgs if o.kind == OrgKind.GENERAL_BRANCH.value]
    branches = [o.name for o in orgs if o.kind == OrgKind.BRANCH.value]
    if committee:
        top = committee[0]
    elif len(branches) == 1:
        top = _branch_volume_name(session, school, branches[0])
    else:
        top = f"{school}各党支部" if school else "全校"
    return top, branches


def _branch_volume_name(session: Session, school: str, branch: str, shown: str = "") -> str:
    """A branch's volume is named as the school's volume is, with the branch under it (TV-11: a reviewer
    files it under the school): 中共大同市第三中学委员会第一党支部 — the 党委 (and 党总支) recorded above
    it; with nothing recorded above it, 中共<school><branch> where the school's name is known (no 党委 is
    made up, T9-11); the branch's name alone, with 中共, where it already names the school."""
    name = shown or branch  # `shown`: its name in the volume's year (vol3 item 1)
    if branch.startswith(("中共", "中国共产党")) or (school and school in branch):
        return branch_organisation(name)
    orgs = {o.id: o for o in load_orgs(session)}
    own = next((o for o in orgs.values() if o.kind == OrgKind.BRANCH.value and same_name(o.name, branch)), None)
    above: list[str] = []
    parent = orgs.get(own.parent_id) if own is not None and own.parent_id is not None else None
    while parent is not None and parent.kind in (OrgKind.COMMITTEE.value, OrgKind.GENERAL_BRANCH.value) \
            and parent.name not in above:
        above.insert(0, parent.name)
        parent = orgs.get(parent.parent_id) if parent.parent_id is not None else None
    return branch_organisation("".join(above) + name if above else school + name)


def branch_organisation(name: str) -> str:
    """An organisation's name as a volume's title: 中共<its name> (中共初一年级党支部), as the name is not
    already so written."""
    return name if name.startswith(("中共", "中国共产党")) else f"中共{name}"


def _validate_request(year: int, branch: str | None, branches: list[str]) -> None:
    errors: list[FieldError] = []
    if not 1990 <= year <= date.today().year + 1:
        errors.append(FieldError("年度", f"{year} 不是可以生成报表的年度，请填写如 {date.today().year} 的四位年份"))
    if branch and branch.strip() not in branches:
        errors.append(FieldError("党支部", f"没有名为“{branch.strip()}”的党支部（可选：{'、'.join(branches) or '无'}）"))
    if errors:
        raise ValidationFailed(errors)


def gather_report(db: Database, year: int, *, branch: str | None = None, masked: bool = True,
                  generated_on: date | None = None, progress: Progress | None = None,
                  cancelled: IsCancelled | None = None) -> AnnualReportData:
    """Every figure of the report, read once and from one snapshot (session.snapshot): a save made
    while the report is gathered cannot make one section disagree with another. Figures stand on
    31 December of the year, or on the generation day while the year is still running. Read-only:
    it never blocks the window's saves."""
    with snapshot(db) as session, collector_paused():
        return _gather_report(session, year, branch=branch, masked=masked, generated_on=generated_on,
                              progress=progress or _noop_progress, cancelled=cancelled or _never)


def _gather_report(session: Session, year: int, *, branch: str | None, masked: bool, generated_on: date | None,
                   progress: Progress, cancelled: IsCancelled) -> AnnualReportData:
    branch = branch.strip() if branch and branch.strip() else None
    branch = site_scope(session, branch, "生成年度报表")  # a branch's own PC: that branch's volume
    school = load_school_name(session)
    top, branches = _scope_names(session, school)
    _validate_request(year, branch, branches)
    # the branches joined to the committee's exchange that never sent a 上报 (TD-2): named as 未上报 — in the
    # school's volume, and in the volume the 党委 makes of one of them (a branch's own PC has none)
    unreported = [name for name in unreported_branches(session) if name in ([branch] if branch else branches)]
    # of those, a branch whose records the 党委 entered itself (before its site was set up): they are here and
    # counted — not 未上报 with nothing known; said apart, in plain words (rev4 F4)
    entered = entered_here(session, unreported)
    unreported = [name for name in unreported if name not in entered]
    branch_count = 1 if branch else len(branches)
    if branch:
        branches = [branch]
    else:  # a 党支部 an older version deleted with the year's history in it reads as dissolved (T9-4)
        branches += [b.name for b in deleted_with_history(session, year, branches)]
    generated_on = generated_on or date.today()
    as_of = min(generated_on, date(year, 12, 31))
    # a branch whose newest 上报 was written before the figures' day: its later records are not here (review 13-4, F3)
    last_reported = reported_before(last_reports(session), branches, year, as_of)  # the check's too (rev1 F8)
    incomplete = [name for name in incomplete_reports(session) if name in branches]  # parts still missing (F2)

    def step(done: int) -> None:
        if cancelled():
            raise Cancelled("已取消，未生成报表。")
        progress(done, STEPS)

    step(0)
    basic = basic_section(session, year=year, as_of=as_of, branch=branch, branches=branches, masked=masked)
    step(1)
    meetings = meetings_section(session, year=year, generated_on=generated_on, branch=branch, branches=branches,
                                unreported=unreported, reported_until=last_reported)
    step(2)
    development = development_section(session, year=year, as_of=as_of, branch=branch, masked=masked)
    step(3)
    mentoring = mentoring_section(session, year=year, branch=branch, masked=masked)
    step(4)
    rectification = rectification_section(session, year=year, as_of=as_of, branch=branch)
    step(5)
    dues = dues_section(session, year=year, as_of=as_of, branch=branch)
    # each 党支部 by its name in force in the year, not today's (vol3 item 1): the reads above select by the names
    # now, the data is given the year's names once (domain/annual_report/names.py)
    names = branch_names_of_the_day(session, branches, as_of)
    if not branch and len(branches) == 1 and branches[0] in names \
            and top == _branch_volume_name(session, school, branches[0]):
        top = _branch_volume_name(session, school, branches[0], names[branches[0]])  # a school of one 党支部
    data = AnnualReportData(
        school=school,
        organisation=_branch_volume_name(session, school, branch, names.get(branch, "")) if branch else top,
        scope=branch or "全校", branch=branch, year=year, generated_on=generated_on, as_of=as_of, masked=masked,
        basic=basic, meetings=meetings, development=development, mentoring=mentoring, rectification=rectification,
        dues=dues, unreported=unreported, branch_count=branch_count,
        last_reported=last_reported, incomplete=incomplete, entered=entered)
    if names:
        shown_by_year_names(data, names)
        data.branch = branch  # the branch asked for, by its name now: the key of its kept texts and checks
        data.year_names = names
    data.summaries = _draft(data)
    progress(SECTIONS, STEPS)
    return data


def draft_summaries(db: Database, year: int, *, branch: str | None = None,
                    generated_on: date | None = None) -> dict[str, str]:
    """The draft 年度工作总结 paragraphs the window shows for editing (area key -> text)."""
    return gather_report(db, year, branch=branch, generated_on=generated_on).summaries


def write_report(data: AnnualReportData, fmt: str, out: Path, *, cancelled: IsCancelled | None = None) -> int | None:
    """Write the file; returns the PDF's page count (None for a workbook)."""
    if fmt == "xlsx":
        with collector_paused():  # streamed cells and strings hold no cycles: reference counting frees them
            from branchdesk.io.annual_xlsx import write_annual_workbook

            write_annual_workbook(data, out)
        return None
    if fmt == "pdf":
        from branchdesk.paths import cjk_font_file, resources_folder
        from branchdesk.reports.annual_pdf import write_annual_pdf

        return write_annual_pdf(data, out, heading_font=cjk_font_file(),
                                body_font=resources_folder() / "fonts" / "uming.ttc", cancelled=cancelled)
    raise ValidationFailed([FieldError("格式", f"“{fmt}”不是可用的格式，请选择 xlsx 或 pdf")])


def gather_findings(db: Database, year: int, *, as_of: date, branch: str | None) -> list[FindingRow]:
    """The self-check appendix: every area's findings (problems and reminders, not information) in
    plain words, by branch, each with the 情况说明 the branch wrote."""
    from branchdesk.domain.finding_text import without_rule_codes
    from branchdesk.domain.findings import SEVERITY_LABELS, Severity
    from branchdesk.services.checks import run_checks

    rows = []
    for f in run_checks(db, year=year, as_of=as_of, branch=branch):
        if f.severity is Severity.INFO:
            continue
        note = f"（情况说明：{f.annotation}）" if f.annotation else ""
        words = without_rule_codes(f.message)  # plain words; the code is printed once, small, after them
        rows.append(FindingRow(SEVERITY_LABELS[f.severity], f.branch or "", f.person or "", words + note, f.rule,
                               f.area))
    order = {"问题": 0, "提醒": 1}
    rows.sort(key=lambda r: (r.branch == "", r.branch, order.get(r.severity, 2)))
    return rows


def generate_report(db: Database, year: int, fmt: str, out: Path, *, branch: str | None = None,
                    masked: bool = True, summaries: dict[str, str] | None = None, generated_on: date | None = None,
                    progress: Progress | None = None, cancelled: IsCancelled | None = None,
                    with_findings: bool = False, submitter: str = "") -> ReportResult:
    """Gather, apply the user's edited summaries (blank ones fall back to the draft), and write.
    Without `summaries` (the CLI) the paragraphs kept on the 报表 page are printed where there are any
    (services/annual_report/summary_texts.py), so a volume made again says what was sent."""
    if fmt not in FORMATS:
        raise ValidationFailed([FieldError("格式", f"“{fmt}”不是可用的格式，请选择 xlsx 或 pdf")])
    progress, cancelled = progress or _noop_progress, cancelled or _never
    data = gather_report(db, year, branch=branch, masked=masked, generated_on=generated_on, progress=progress,
                         cancelled=cancelled)
    kept = {} if summaries is not None else kept_texts(db, year, data.branch)  # what the user wrote and left
    for key, text in (summaries if summaries is not None else {k: t.text for k, t in kept.items()}).items():
        if key in AREA_KEYS and text.strip():
            data.summaries[key] = text.strip()
    data.submitter = submitter.strip()
    if with_findings:  # read after the snapshot: the checks open their own reads
        data.findings = shown_by_year_names(gather_findings(db, year, as_of=data.as_of, branch=data.branch),
                                            data.year_names)  # by the year's names, as the volume (vol3 item 1)
    if cancelled():
        raise Cancelled("已取消，未生成报表。")
    out = Path(out)
    pages = write_report(data, fmt, out, cancelled=cancelled)
    progress(STEPS, STEPS)
    kind = "Excel 工作簿" if fmt == "xlsx" else f"PDF 汇编（{pages} 页）"
    words = f"；年度工作总结的“{kept_words(kept)}”用的是保存的文字" if kept else ""
    return ReportResult(out, fmt, year, data.scope, pages, f"已生成{data.scope}{year}年度报表，{kind}：{out}{words}")


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
