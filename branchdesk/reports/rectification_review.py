"""The printable monthly review page (月度销号, domain.md §6 RECT-MONTHLY-REVIEW): figures, what was closed
off in the month, what was completed awaiting 销号, what is overdue, what falls due next month, and a
line for the committee's signature. A4 landscape PDF with the bundled CJK font."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from branchdesk.domain.rectification.figures import MonthlyReview, percent
from branchdesk.domain.rectification.records import MeasureRecord
from branchdesk.paths import cjk_font_file
from branchdesk.reports.pdf_files import written_whole
from branchdesk.reports.pdf_glyphs import Para, cover
from branchdesk.reports.pdf_table import measured_table, numbered_canvas
from branchdesk.reports.pdf_text import TITLE_LIMIT, markup

FONT = "BranchDeskCJK"


def _register_font() -> None:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, str(cjk_font_file()), subfontIndex=0))


def _styles() -> dict[str, ParagraphStyle]:
    return {
        "title": ParagraphStyle("title", fontName=FONT, fontSize=16, leading=22, alignment=1, spaceAfter=4),
        "sub": ParagraphStyle("sub", fontName=FONT, fontSize=9.5, leading=13, alignment=1),
        "h": ParagraphStyle("h", fontName=FONT, fontSize=12, leading=16, spaceBefore=8, spaceAfter=4),
        "cell": ParagraphStyle("cell", fontName=FONT, fontSize=9, leading=11.5),
        "plain": ParagraphStyle("plain", fontName=FONT, fontSize=9.5, leading=13),
    }


def _para(text: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph whose rare characters (a 责任人 王䶮) are drawn in the face that has them (pdf_glyphs)."""
    cover(FONT, text)
    return Para(text, style)


def _escape(text: str) -> str:
    return markup(text, 2000)


CELL_MAX_H = (A4[0] - 26 * mm) * 0.6  # landscape: a row never taller than this (it cannot split)
FRAME = landscape(A4)[0] - 24 * mm


def _table(header: Sequence[str], rows: list[list[str]], flexible: Sequence[bool], title: str) -> Any:
    return measured_table(header, rows, frame=FRAME, font=FONT, head_font=FONT, flexible=flexible,
                          max_height=CELL_MAX_H, title=title)


def _problem(m: MeasureRecord) -> str:
    return f"{m.problem_number}. {m.problem_description}" if m.problem_number else m.problem_description


def write_review_pdf(path: Path, review: MonthlyReview, *, title: str, subtitle: str = "",
                     printed_on: date | None = None) -> None:
    """Write the monthly review of one ledger (or of all ledgers: `title` says which)."""
    _register_font()
    styles = _styles()
    printed_on = printed_on or date.today()
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    story: list = [_para(markup(f"{title}　{review.label}月度销号情况", TITLE_LIMIT), styles["title"])]
    line = f"统计截至 {review.reference_day:%Y-%m-%d}　打印日期 {printed_on:%Y-%m-%d}"
    story.append(_para(_escape(f"{subtitle}　{line}" if subtitle else line), styles["sub"]))
    story.append(Spacer(1, 4 * mm))
    fig = review.figures
    if fig is not None:
        header = ["措施总数", "未开始", "整改中", "已完成", "已销号", "完成率", "销号率", "逾期未完成", "逾期完成",
                  "本月销号"]
        values = [str(fig.total), *(str(fig.by_status.get(s, 0)) for s in ("未开始", "整改中", "已完成", "已销号")),
                  percent(fig.completion_rate), percent(fig.closing_rate), str(fig.overdue), str(fig.closed_late),
                  str(len(review.closed))]
        story.append(_table(header, [values], [False] * 10, "figures"))
    sections = [
        (f"一、本月销号（{len(review.closed)} 项）", review.closed,
         ["问题", "整改措施", "责任人", "完成日期", "销号日期", "销号审核人", "佐证材料"],
         lambda m: [_problem(m), m.text, m.person, _d(m.completion_date), _d(m.closed_date), m.verifier,
                    m.evidence_text],
         [True, True, False, False, False, False, True]),
        (f"二、本月已完成、待销号（{len(review.completed)} 项）", review.completed,
         ["问题", "整改措施", "责任人", "完成时限", "完成日期", "最新进展"],
         lambda m: [_problem(m), m.text, m.person, m.deadline_text, _d(m.completion_date), _last(m)],
         [True, True, False, False, False, True]),
        (f"三、逾期未完成（{len(review.overdue)} 项）", review.overdue,
         ["问题", "整改措施", "责任领导", "责任人", "完成时限", "逾期天数", "当前状态", "最新进展"],
         lambda m: [_problem(m), m.text, m.leader, m.person, m.deadline_text,
                    str((review.reference_day - m.deadline).days) if m.deadline else "", m.status, _last(m)],
         [True, True, False, False, False, False, False, True]),
        (f"四、下月到期（{len(review.due_next_month)} 项）", review.due_next_month,
         ["问题", "整改措施", "责任领导", "责任人", "完成时限", "当前状态", "最新进展"],
         lambda m: [_problem(m), m.text, m.leader, m.person, m.deadline_text, m.status, _last(m)],
         [True, True, False, False, False, False, True]),
    ]
    for heading, items, header, row_of, flexible in sections:
        story.append(_para(_escape(heading), styles["h"]))
        if items:
            story.append(_table(header, [row_of(m) for m in items], flexible, heading))
        else:
            story.append(_para("无。", styles["plain"]))
    story.append(Spacer(1, 10 * mm))
    story.append(_para("审核意见：" + "＿" * 40, styles["plain"]))
    story.append(Spacer(1, 6 * mm))
    story.append(_para("党委（支部）书记签字：＿＿＿＿＿＿＿＿　　日期：＿＿＿＿年＿＿月＿＿日", styles["plain"]))

    document = SimpleDocTemplate(str(path), pagesize=landscape(A4), leftMargin=12 * mm, rightMargin=12 * mm,
                                 topMargin=12 * mm, bottomMargin=14 * mm, title=f"{title} {review.label}月度销号",
                                 author="BranchDesk", initialFontName=FONT)
    with written_whole(Path(path)) as partial:  # never half a PDF in place of the last one
        document.filename = partial
        document.build(story, canvasmaker=numbered_canvas(FONT, 8 * mm))


def _d(value: date | None) -> str:
    return f"{value:%Y-%m-%d}" if value else ""


def _last(m: MeasureRecord) -> str:
    return m.progress[-1].line() if m.progress else ""
