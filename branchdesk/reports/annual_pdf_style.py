"""Typography and page machinery of the year-end PDF volume (issue 7): fonts embedded as subsets
(headings in WenQuanYi Micro Hei as the 黑体 face, body in AR PL UMing as the 宋体 face), the styles of
an official document, a document template that numbers pages "第 X 页 共 Y 页", fills the contents
with page numbers and adds a PDF bookmark per heading, and ledger tables that split across pages
with their header repeated."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Paragraph
from reportlab.platypus.tableofcontents import TableOfContents
from reportlab.platypus.tables import LongTable, TableStyle

from branchdesk.domain.annual_report.records import (
    DATE,
    HOURS,
    INT,
    MONEY,
    RATE,
    TEXT,
    LedgerTable,
    rate_text,
)
from branchdesk.domain.progress import Cancelled, IsCancelled
from branchdesk.domain.text import elide, xml_safe
from branchdesk.reports.pdf_text import TITLE_LIMIT, cell, markup

HEI = "BranchDeskHei"  # headings: 黑体-like sans
SONG = "BranchDeskSong"  # body: 宋体/明体-like serif
RED = colors.HexColor("#B22222")
GRID = colors.HexColor("#808080")
HEAD_FILL = colors.HexColor("#F2DCDB")
PAGE_W, PAGE_H = A4
MARGIN = 18 * mm
FRAME_W = PAGE_W - 2 * MARGIN
FRAME_H = PAGE_H - 2 * MARGIN - 4 * mm
CELL_MAX_H = FRAME_H * 0.6  # a table row is never taller than this: it cannot split across pages
NATURAL_CAP = 40.0  # width units (a CJK character is 2) a column asks for at most: longer text wraps


def register_fonts(heading_font: Path, body_font: Path | None) -> tuple[str, str]:
    """Register the faces once per process (parsing a CJK font costs most of a second). A missing
    serif file falls back to the heading face, so a report is never refused for a font."""
    names = pdfmetrics.getRegisteredFontNames()
    if HEI not in names:
        pdfmetrics.registerFont(TTFont(HEI, str(heading_font), subfontIndex=0))
    if SONG not in names:
        if body_font is not None and Path(body_font).is_file():
            pdfmetrics.registerFont(TTFont(SONG, str(body_font), subfontIndex=0))
        else:
            return HEI, HEI
    return HEI, SONG


def make_styles(hei: str, song: str) -> dict[str, ParagraphStyle]:
    body = ParagraphStyle("body", fontName=song, fontSize=11, leading=19, wordWrap="CJK", firstLineIndent=22,
                          spaceAfter=4)
    return {
        "cover_org": ParagraphStyle("cover_org", fontName=hei, fontSize=20, leading=30, alignment=TA_CENTER,
                                    textColor=RED),
        "cover_title": ParagraphStyle("cover_title", fontName=hei, fontSize=28, leading=40, alignment=TA_CENTER,
                                      textColor=RED, spaceBefore=12),
        "cover_line": ParagraphStyle("cover_line", fontName=song, fontSize=14, leading=26, alignment=TA_CENTER),
        "toc_title": ParagraphStyle("toc_title", fontName=hei, fontSize=18, leading=28, alignment=TA_CENTER,
                                    spaceAfter=12),
        "h1": ParagraphStyle("h1", fontName=hei, fontSize=16, leading=24, spaceBefore=6, spaceAfter=8, textColor=RED),
        "h2": ParagraphStyle("h2", fontName=hei, fontSize=12.5, leading=19, spaceBefore=8, spaceAfter=4),
        "body": body,
        "plain": ParagraphStyle("plain", parent=body, firstLineIndent=0),
        "note": ParagraphStyle("note", fontName=song, fontSize=8.5, leading=12, textColor=colors.HexColor("#555555"),
                               wordWrap="CJK", spaceBefore=2, spaceAfter=4),
        "cell": ParagraphStyle("cell", fontName=song, fontSize=7.5, leading=9.5, wordWrap="CJK"),
        "head": ParagraphStyle("head", fontName=hei, fontSize=7.5, leading=9.5, wordWrap="CJK", alignment=TA_CENTER),
        "sign": ParagraphStyle("sign", fontName=song, fontSize=11.5, leading=22, wordWrap="CJK"),
        "toc1": ParagraphStyle("toc1", fontName=hei, fontSize=12, leading=22, leftIndent=10),
        "toc2": ParagraphStyle("toc2", fontName=song, fontSize=10.5, leading=18, leftIndent=30),
    }


def p(text: str, style: ParagraphStyle, limit: int | None = None) -> Paragraph:
    """A paragraph of plain text (cleaned and escaped); `limit` shortens a name in a title line."""
    return Paragraph(markup(text, limit), style)


class Heading(Paragraph):
    """A section heading: listed in the contents and bookmarked in the PDF outline."""

    def __init__(self, text: str, style: ParagraphStyle, level: int, key: str) -> None:
        super().__init__(markup(text, TITLE_LIMIT), style)
        self.toc_text, self.level, self.key = elide(text, TITLE_LIMIT), level, key


class ReportDoc(BaseDocTemplate):
    """A4 portrait; page 1 (the cover) has no footer. The footer's total comes from the previous
    pass (multiBuild runs at least two for the contents) and `build_volume` adds a pass if the
    count moved, so "共 Y 页" is always the real count."""

    def __init__(self, filename: str, *, footer_font: str, title: str, cancelled: IsCancelled) -> None:
        super().__init__(filename, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
                         bottomMargin=MARGIN + 4 * mm, title=title, author="BranchDesk", creator="BranchDesk",
                         initialFontName=footer_font, lang="zh-CN")
        frame = Frame(MARGIN, MARGIN + 4 * mm, FRAME_W, PAGE_H - 2 * MARGIN - 4 * mm, id="body")
        self.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=self._footer)])
        self.footer_font = footer_font
        self.total_pages = 0  # from the previous pass
        self.cancelled = cancelled
        self.pages_built = 0

    def _footer(self, canvas: Any, doc: Any) -> None:
        if doc.page == 1:
            return
        canvas.saveState()
        canvas.setFont(self.footer_font, 9)
        total = self.total_pages or doc.page
        canvas.drawCentredString(PAGE_W / 2, MARGIN - 2 * mm, f"第 {doc.page} 页 共 {total} 页")
        canvas.setStrokeColor(GRID)
        canvas.setLineWidth(0.4)
        canvas.line(MARGIN, MARGIN + 1 * mm, PAGE_W - MARGIN, MARGIN + 1 * mm)
        canvas.restoreState()

    def afterFlowable(self, flowable: Any) -> None:
        if self.cancelled():
            raise Cancelled("已取消，未生成报表。")  # while the volume was laid out: nothing is saved
        if isinstance(flowable, Heading):
            self.canv.bookmarkPage(flowable.key)
            self.canv.addOutlineEntry(flowable.toc_text, flowable.key, level=flowable.level, closed=False)
            self.notify("TOCEntry", (flowable.level, flowable.toc_text, self.page, flowable.key))

    def build(self, flowables: Any, **kwargs: Any) -> None:
        super().build(flowables, **kwargs)
        self.pages_built = self.page

    def build_volume(self, story: list) -> int:
        self.multiBuild(story, maxPasses=6)
        for _ in range(2):  # the contents may have changed the count after the last pass's footers
            if self.total_pages == self.pages_built:
                break
            self.total_pages = self.pages_built
            self.multiBuild(story, maxPasses=6)
        return self.pages_built

    def handle_documentBegin(self) -> None:
        if self.pages_built:
            self.total_pages = self.pages_built
        super().handle_documentBegin()


def contents(styles: dict[str, ParagraphStyle]) -> TableOfContents:
    toc = TableOfContents(dotsMinLevel=0)
    toc.levelStyles = [styles["toc1"], styles["toc2"]]
    return toc


def cell_text(value: object, kind: str) -> str:
    """How a value prints; the same spelling as the workbook's number formats."""
    if value is None:
        return "—" if kind == RATE else ""
    if kind == RATE and isinstance(value, float | int):
        return rate_text(float(value))
    if kind == DATE:
        return f"{value:%Y-%m-%d}"
    if kind == HOURS and isinstance(value, float | int):
        return f"{value:g}"
    if kind == MONEY and isinstance(value, float | int):
        return f"{value:,.2f}"
    return xml_safe(str(value))


def _width(text: str) -> float:
    return sum(2 if ord(ch) > 0x2E7F else 1.1 for ch in text)


def column_widths(cols: list, rows: list[list[str]], font_size: float, long_text: int) -> list[float]:
    """Short columns (numbers, dates, names, states) get their natural width; long text columns share
    what is left, so a 责任人 never wraps one character per line beside a long 整改措施."""
    unit = font_size / 2
    natural, flexible = [], []
    for j, c in enumerate(cols):
        longest = min(max((_width(r[j]) for r in rows), default=0.0), NATURAL_CAP)
        title = _width(c.title)
        header = title if title <= 6 else max(title / 2, 6)  # a long header wraps onto two lines
        natural.append(max(longest, header, 2.2) * unit + 5)
        flexible.append(c.kind == TEXT and longest > long_text)
    fixed = sum(w for w, f in zip(natural, flexible, strict=True) if not f)
    wanted = sum(w for w, f in zip(natural, flexible, strict=True) if f)
    left = FRAME_W - fixed
    if wanted and left > 0.25 * FRAME_W:
        return [w if not f else w * left / wanted for w, f in zip(natural, flexible, strict=True)]
    scale = FRAME_W / sum(natural)
    return [w * scale for w in natural]


def ledger_flowable(table: LedgerTable, styles: dict[str, ParagraphStyle], *, columns: list[str] | None = None,
                    font_size: float = 7.5, long_text: int = 30) -> LongTable:
    """A ledger as a table that splits across pages with its header repeated (repeatRows)."""
    chosen = [i for i, c in enumerate(table.columns) if columns is None or c.title in columns]
    cols = [table.columns[i] for i in chosen]
    body, head = styles["cell"], styles["head"]
    body_rows = [[cell_text(row[i], table.columns[i].kind) for i in chosen] for row in table.rows]
    widths = column_widths(cols, body_rows, font_size, long_text)
    half_em = font_size / 2
    data: list[list[object]] = [[Paragraph(escape(c.title), head) for c in cols]]
    for r in body_rows:  # a value wider than its column wraps (and is shortened to fit a page), whatever its kind
        data.append([cell(text, body, widths[j] - 4, CELL_MAX_H) if _width(text) * half_em > widths[j] - 4 or "\n" in text
                     else text for j, text in enumerate(r)])
    if not body_rows:
        data.append([Paragraph("（本年度无记录）", body)] + [""] * (len(cols) - 1))
    style = [
        ("FONT", (0, 0), (-1, -1), body.fontName, font_size, font_size + 2),
        ("GRID", (0, 0), (-1, -1), 0.4, GRID),
        ("BACKGROUND", (0, 0), (-1, 0), HEAD_FILL),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
        ("LEFTPADDING", (0, 0), (-1, -1), 2),
        ("RIGHTPADDING", (0, 0), (-1, -1), 2),
    ]
    for j, c in enumerate(cols):
        if c.kind in (INT, RATE, HOURS, DATE, MONEY):
            style.append(("ALIGN", (j, 1), (j, -1), "CENTER"))
    if table.rows and str(table.rows[-1][0]) == "合计":
        style.append(("FONT", (0, len(data) - 1), (-1, len(data) - 1), head.fontName, font_size, font_size + 2))
    if not body_rows:
        style.append(("SPAN", (0, 1), (-1, 1)))
    result = LongTable(data, colWidths=widths, repeatRows=1, hAlign="CENTER")
    result.setStyle(TableStyle(style))
    return result
