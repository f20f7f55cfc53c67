"""One person's development timeline as a printable A4 page (issue 4): personal data (ID number
masked), the 25 steps with date, limit, status, people, documents and findings, and the outcome.
The bundled CJK font is embedded so it prints the same on any computer."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from branchdesk.domain.development.records import DevelopmentCase
from branchdesk.domain.development.timeline import StepStatus, TimelineItem
from branchdesk.domain.idcard import mask_id_number
from branchdesk.reports.pdf_files import written_whole
from branchdesk.reports.pdf_glyphs import Para, cover
from branchdesk.reports.pdf_table import measured_table, numbered_canvas
from branchdesk.reports.pdf_text import markup

FONT = "BranchDeskCJK"
_STATUS_COLOURS = {StepStatus.PROBLEM: "#B00020", StepStatus.LATE: "#B00020", StepStatus.DUE: "#E65100",
                   StepStatus.MISSING: "#8D6E00", StepStatus.DONE: "#1B5E20"}


def register_font(font_file: Path) -> str:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, str(font_file), subfontIndex=0))
    return FONT


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    text = markup(text, LINE_LIMIT)
    cover(FONT, text)  # a rare character of a name (王䶮) in the face that has it (pdf_glyphs)
    return Para(text, style)


LINE_LIMIT = 2000  # characters of a line above the table (names are limited at entry; this is a backstop)
CELL_MAX_H = (A4[0] - 26 * mm) * 0.6  # landscape: a row never taller than this (it cannot split)
FRAME = landscape(A4)[0] - 20 * mm


def write_timeline_pdf(case: DevelopmentCase, items: list[TimelineItem], path: Path, *, font_file: Path,
                       school: str = "", as_of: date | None = None, masked: bool = True) -> None:
    register_font(font_file)
    base = ParagraphStyle("b", fontName=FONT, fontSize=9, leading=12, wordWrap="CJK")
    title = ParagraphStyle("t", parent=base, fontSize=16, leading=22, alignment=1)
    sub = ParagraphStyle("s", parent=base, fontSize=9.5, leading=14)
    as_of = as_of or date.today()
    stage = case.outcome.value if case.outcome.value in ("取消预备党员资格", "终止发展") else case.stage.value
    story: list[object] = [
        _p(f"{school}发展党员工作时间线", title), Spacer(1, 3 * mm),
        _p(f"姓名：{case.name}　性别：{case.sex}　出生日期：{case.birth_date or ''}　公民身份号码："
           f"{mask_id_number(case.id_number) if masked else case.id_number}　所在党支部：{case.branch}　"
           f"当前阶段：{stage}　核对日期：{as_of:%Y-%m-%d}", sub),
    ]
    if case.extension_months:
        story.append(_p(f"延长预备期 {case.extension_months} 个月（{case.extension_on or ''}）：{case.extension_reason}", sub))
    if case.outcome_reason:
        story.append(_p(f"{case.outcome.value}（{case.outcome_on or ''}）：{case.outcome_reason}", sub))
    story.append(Spacer(1, 3 * mm))
    header = ["步骤", "阶段", "日期", "期限", "状态", "相关人员", "材料", "记录", "问题与提醒"]
    rows, style = [], []
    for index, item in enumerate(items, start=1):
        problems = "\n".join(f.message.split("，", 1)[-1] for f in item.findings)
        rows.append([item.label, item.stage, str(item.on or ""), (f"最早可于 {item.due}" if item.earliest and item.due else str(item.due or "")), item.status.value, item.people,
                     item.documents, item.detail, problems])
        colour = _STATUS_COLOURS.get(item.status)
        if colour:
            style.append(("TEXTCOLOR", (4, index), (4, index), colors.HexColor(colour)))
    table = measured_table(header, rows, frame=FRAME, font=FONT, head_font=FONT, max_height=CELL_MAX_H,
                           flexible=[False] * 5 + [True] * 4, title=f"{case.name}发展党员工作时间线",
                           style=[("VALIGN", (0, 0), (-1, -1), "TOP"), *style])
    story.append(table)
    story.append(Spacer(1, 8 * mm))
    story.append(_p("支部书记（签字）：____________　　　　组织委员（签字）：____________　　　　日期：____________", sub))
    doc = SimpleDocTemplate(str(path), pagesize=landscape(A4), leftMargin=10 * mm, rightMargin=10 * mm,
                            topMargin=12 * mm, bottomMargin=14 * mm, title=f"{case.name}发展党员工作时间线",
                            initialFontName=FONT)
    with written_whole(Path(path)) as partial:  # never half a PDF in place of the last one
        doc.filename = partial
        doc.build(story, canvasmaker=numbered_canvas(FONT, 7 * mm))
