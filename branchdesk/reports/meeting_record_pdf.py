"""One meeting as a printable page in the shape of the paper 会议记录本 (issue 3): the ruled header
block (kind, time, place, host, recorder, attendance), then the minutes and resolutions as running
text that may continue on the next page, and the signature lines. The bundled CJK font is embedded
so the page prints the same on any computer; a character it lacks (王䶮) is drawn in the bundled AR PL
UMing (pdf_glyphs.cover)."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from branchdesk.domain.meetings.records import AttendanceStatus, check_quorum
from branchdesk.domain.meetings.sitting import MeetingRecord
from branchdesk.domain.text import xml_safe
from branchdesk.reports.pdf_files import written_whole
from branchdesk.reports.pdf_glyphs import Para, cover
from branchdesk.reports.pdf_layout import wrap
from branchdesk.reports.pdf_table import numbered_canvas
from branchdesk.reports.pdf_text import TITLE_LIMIT, fit_box, markup

FONT = "BranchDeskCJK"
_RED = colors.HexColor("#B22222")


def register_font(font_file: Path) -> str:
    """Register the bundled .ttc once (its first face) and return the font name to use."""
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, str(font_file), subfontIndex=0))
    return FONT


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("body", fontName=FONT, fontSize=11, leading=18, wordWrap="CJK")
    return {
        "title": ParagraphStyle("title", parent=base, fontSize=18, leading=26, alignment=1, textColor=_RED),
        "sub": ParagraphStyle("sub", parent=base, fontSize=10, alignment=1, textColor=colors.grey),
        "label": ParagraphStyle("label", parent=base, fontSize=10.5, alignment=1),
        "cell": ParagraphStyle("cell", parent=base, fontSize=10.5, leading=16),
        "head": ParagraphStyle("head", parent=base, fontSize=12, leading=20, spaceBefore=8, spaceAfter=2),
        "body": ParagraphStyle("bodytext", parent=base, firstLineIndent=22),
        "small": ParagraphStyle("small", parent=base, fontSize=9, leading=13, textColor=colors.grey),
    }


def _p(text: str, style: ParagraphStyle, limit: int | None = None) -> Paragraph:
    text = markup(text, limit)
    cover(FONT, text)  # a rare character of a name (王䶮) in the face that has it, not left out
    return Para(text, style)


CELL_MAX_H = (A4[1] - 36 * mm) * 0.4  # a row of the header block never taller than this (it cannot split)


def _names(meeting: MeetingRecord, status: str) -> str:
    return "、".join(a.name for a in meeting.attendees if a.status == status)


def _header_table(meeting: MeetingRecord, s: dict[str, ParagraphStyle], width: float) -> Table:
    time = f"{meeting.date:%Y年%m月%d日}"
    if meeting.start_time:
        time += f" {meeting.start_time}" + (f"—{meeting.end_time}" if meeting.end_time else "")
    organisation = meeting.branch + (f" {meeting.group}" if meeting.group else "")
    counts = ""
    if meeting.expected is not None:
        counts = f"应到 {meeting.expected} 人，实到 {meeting.present if meeting.present is not None else '—'} 人"
        if meeting.rate_text:
            counts += f"，出席率 {meeting.rate_text}"
    present = _names(meeting, AttendanceStatus.PRESENT.value)
    rows = [
        ["会议类型", meeting.kinds_text, "党组织", organisation],
        ["时　　间", time, "地　　点", meeting.place],
        ["主 持 人", meeting.host, "记 录 人", meeting.recorder],
    ]
    if meeting.lecturer:
        rows.append(["主 讲 人", meeting.lecturer, "", ""])
    if meeting.period_text:  # 补开 or held for the past year: shown as such (issue 13)
        rows.append(["所属期间", meeting.period_text, "", ""])
    rows += [
        ["出席情况", counts, "", ""],
        ["出席人员", present or ("无" if meeting.attendees else "（未登记签到名单）"), "", ""],
        ["缺席人员\n及原因", meeting.absentee_text or "无", "", ""],
        ["列席人员", "、".join(meeting.guests) or "无", "", ""],
        ["会议主题", meeting.topic, "", ""],
    ]
    if meeting.has_vote and meeting.attendees:
        rows.append(["表决人数", check_quorum(list(meeting.attendees)).message, "", ""])
    label = 24 * mm
    half, whole = width / 2 - label - 12, width - label - 12  # less the cells' padding
    data = [[_p(r[0], s["label"]), _wrapped(r[1], s["cell"], whole if index >= 3 and not r[2] else half),
             _p(r[2], s["label"]), _wrapped(r[3], s["cell"], half)] for index, r in enumerate(rows)]
    table = Table(data, colWidths=[label, width / 2 - label, label, width / 2 - label])
    style = [
        ("FONT", (0, 0), (-1, -1), FONT, 10.5),
        ("GRID", (0, 0), (-1, -1), 0.6, _RED),
        ("BOX", (0, 0), (-1, -1), 1.2, _RED),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#FBEFEF")),
        ("BACKGROUND", (2, 0), (2, 2), colors.HexColor("#FBEFEF")),
    ]
    for index, row in enumerate(rows):
        if index >= 3 and not row[2]:
            style.append(("SPAN", (1, index), (3, index)))
    table.setStyle(TableStyle(style))
    return table


def _wrapped(text: str, style: ParagraphStyle, width: float) -> Paragraph:
    """A value broken only between names, dates and words (pdf_layout.wrap), never inside one."""
    cover(FONT, text or "")  # before it is measured: a rare character is measured in the face drawing it
    lines = wrap(fit_box(xml_safe(text or ""), max(width, style.fontSize), style, CELL_MAX_H), style.fontName,
                 style.fontSize, width)
    return Para("<br/>".join(escape(line) for line in lines), style)


def write_meeting_record(path: Path, meeting: MeetingRecord, *, font_file: Path, school: str = "") -> None:
    """Write the record of one meeting as a PDF (A4 portrait)."""
    register_font(font_file)
    s = _styles()
    path = Path(path)
    doc = SimpleDocTemplate(str(path), pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm, topMargin=18 * mm,
                            bottomMargin=18 * mm, title=f"{meeting.branch}会议记录 {meeting.date:%Y-%m-%d}",
                            author="BranchDesk", initialFontName=FONT)
    width = A4[0] - 40 * mm
    story: list[object] = [
        _p(f"{meeting.branch}会议记录", s["title"], TITLE_LIMIT),
        _p(f"{school}　　{meeting.kinds_text}　　{meeting.date:%Y年%m月%d日}".strip(), s["sub"], TITLE_LIMIT),
        Spacer(1, 4 * mm),
        _header_table(meeting, s, width),
        _p("会议内容：", s["head"]),
    ]
    paragraphs = [line.strip() for line in meeting.content.splitlines() if line.strip()] or ["（未记录）"]
    story += [_p(line, s["body"]) for line in paragraphs]
    story.append(_p("决议事项：", s["head"]))
    story += [_p(line.strip(), s["body"]) for line in meeting.resolutions.splitlines() if line.strip()] \
        or [_p("无", s["body"])]
    if meeting.review_results:
        story.append(_p("民主评议结果：", s["head"]))
        grades: dict[str, list[str]] = {}
        for result in meeting.review_results:
            grades.setdefault(result.grade or "不评定等次（预备党员）", []).append(result.name)
        story += [_p(f"{grade}：{'、'.join(names)}", s["body"]) for grade, names in grades.items()]
    status = (f"本记录已于 {meeting.finalised_at:%Y-%m-%d} 定稿。" if meeting.finalised_at else "本记录尚未定稿。")
    if meeting.history:
        status += f"定稿后修改 {sum(h.action == '定稿后修改' for h in meeting.history)} 次，详见修改历史。"
    if meeting.attachments:
        status += f"附件 {len(meeting.attachments)} 个：{'、'.join(a.filename for a in meeting.attachments)}。"
    signatures = Table(
        [[_p("主持人签字：", s["cell"]), "", _p("记录人签字：", s["cell"]), ""]],
        colWidths=[30 * mm, width / 2 - 30 * mm, 30 * mm, width / 2 - 30 * mm],
    )
    signatures.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), FONT, 10.5),
                                    ("LINEBELOW", (1, 0), (1, 0), 0.6, colors.black),
                                    ("LINEBELOW", (3, 0), (3, 0), 0.6, colors.black)]))
    story.append(KeepTogether([Spacer(1, 10 * mm), signatures, Spacer(1, 4 * mm), _p(status, s["small"], 1000)]))

    def decorate(canvas: Any, document: Any) -> None:
        canvas.saveState()
        canvas.setFont(FONT, 9)
        canvas.setStrokeColor(_RED)
        canvas.setLineWidth(0.8)
        canvas.line(20 * mm, A4[1] - 14 * mm, A4[0] - 20 * mm, A4[1] - 14 * mm)
        canvas.restoreState()

    with written_whole(path) as partial:  # never half a PDF in place of the last one
        doc.filename = partial
        doc.build(story, onFirstPage=decorate, onLaterPages=decorate, canvasmaker=numbered_canvas(FONT, 10 * mm))
