"""Typography and page machinery of the year-end PDF volume (issue 7): fonts embedded as subsets
(headings in WenQuanYi Micro Hei as the 黑体 face, body in AR PL UMing as the 宋体 face), the styles of
an official document, a document template that numbers pages "第 X 页 共 Y 页", fills the contents
with page numbers and adds a PDF bookmark per heading, and ledger tables that split across pages
with their header repeated."""

from __future__ import annotations

import re
from ast import literal_eval
from datetime import date
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Paragraph
from reportlab.platypus.tableofcontents import TableOfContents, drawPageNumbers
from reportlab.platypus.tables import TableStyle

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
from branchdesk.reports.pdf_glyphs import Para, set_fallback, tagged
from branchdesk.reports.pdf_layout import (
    BODY_SIZE,
    LEADING,
    PAD,
    TableLayout,
    fit_widths,
    header_lines,
    plan_columns,
    text_width,
    wrap,
)
from branchdesk.reports.pdf_register import RegisterTable, column_styles
from branchdesk.reports.pdf_text import TITLE_LIMIT, markup

CUT_LINE = "……（下略，全文见 Excel）"

HEI = "BranchDeskHei"  # headings: 黑体-like sans
SONG = "BranchDeskSong"  # body: 宋体/明体-like serif
RED = colors.HexColor("#B22222")
GRID = colors.HexColor("#808080")
HEAD_FILL = colors.HexColor("#F2DCDB")
PAGE_W, PAGE_H = A4
MARGIN = 18 * mm
FRAME_W = PAGE_W - 2 * MARGIN
FRAME_H = PAGE_H - 2 * MARGIN - 4 * mm
WIDE_W = PAGE_H - 2 * MARGIN  # the frame of a landscape page (wide registers)
WIDE_H = PAGE_W - 2 * MARGIN - 4 * mm
CELL_MAX_H = WIDE_H * 0.6  # a table row is never taller than this: it cannot split across pages
TOP_PAD, BOTTOM_PAD = 1.5, 2.0  # a register cell's padding above and below its lines


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
    set_fallback(SONG, HEI)  # a character one face lacks is drawn in the other, never as a box (TV-7)
    set_fallback(HEI, SONG)
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
        "note": ParagraphStyle("note", fontName=song, fontSize=9, leading=13, textColor=colors.HexColor("#444444"),
                               wordWrap="CJK", spaceBefore=2, spaceAfter=4),
        "cell": ParagraphStyle("cell", fontName=song, fontSize=BODY_SIZE, leading=LEADING),
        "head": ParagraphStyle("head", fontName=hei, fontSize=BODY_SIZE, leading=LEADING, wordWrap="CJK",
                               alignment=TA_CENTER),
        "h3": ParagraphStyle("h3", fontName=hei, fontSize=10.5, leading=16, spaceBefore=6, spaceAfter=3),
        "figure": ParagraphStyle("figure", fontName=song, fontSize=10, leading=14, wordWrap="CJK"),  # no line opens with "）"
        "code": ParagraphStyle("code", fontName=song, fontSize=7, leading=9, textColor=colors.HexColor("#666666")),
        "sign": ParagraphStyle("sign", fontName=song, fontSize=11.5, leading=22, wordWrap="CJK"),
        "toc1": ParagraphStyle("toc1", fontName=hei, fontSize=12, leading=22, leftIndent=10),
        "toc2": ParagraphStyle("toc2", fontName=song, fontSize=10.5, leading=18, leftIndent=30),
    }


def p(text: str, style: ParagraphStyle, limit: int | None = None) -> Paragraph:
    """A paragraph of plain text (cleaned and escaped); `limit` shortens a name in a title line."""
    return Para(markup(text, limit), style)


class Heading(Para):
    """A section heading: listed in the contents and bookmarked in the PDF outline."""

    def __init__(self, text: str, style: ParagraphStyle, level: int, key: str) -> None:
        super().__init__(markup(text, TITLE_LIMIT), style)
        self.toc_text, self.level, self.key = elide(text, TITLE_LIMIT), level, key


class ReportDoc(BaseDocTemplate):
    """A4, portrait ("page") with landscape sections ("wide") for wide registers; page 1 (the cover) has
    no footer, every other page says "第 X 页 共 Y 页".

    The volume is laid out ONCE. Two things on its pages are only known at the end — the page on
    which each chapter starts (for the contents) and the page count (for every footer) — and a second
    layout pass to learn them would cost as much as the first. Instead each such number is drawn as a
    named PDF form (an XObject), placed where the number goes and filled in after the last page: the
    contents start full-sized (every heading is known before layout, only its page is not), so
    nothing moves when the numbers arrive. A viewer, a printer and text extraction see the number in
    place, in the same face and position as text drawn directly."""

    def __init__(self, filename: str, *, footer_font: str, title: str, cancelled: IsCancelled) -> None:
        super().__init__(filename, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
                         bottomMargin=MARGIN + 4 * mm, title=title, author="BranchDesk", creator="BranchDesk",
                         initialFontName=footer_font, lang="zh-CN")
        frame = Frame(MARGIN, MARGIN + 4 * mm, FRAME_W, FRAME_H, id="body")
        wide = Frame(MARGIN, MARGIN + 4 * mm, WIDE_W, WIDE_H, id="wide")
        self.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=self._footer, pagesize=A4),
                               PageTemplate(id="wide", frames=[wide], onPage=self._footer, pagesize=landscape(A4))])
        self.footer_font = footer_font
        self.cancelled = cancelled
        self.pages_built = 0
        self.footers: list[tuple[int, float]] = []  # (page, page width): the footers to fill in at the end
        self.heading_pages: dict[str, int] = {}  # heading key -> the page it was placed on

    def _footer(self, canvas: Any, doc: Any) -> None:
        if doc.page == 1:
            return
        canvas.saveState()
        canvas.doForm(_footer_form(doc.page))  # "第 X 页 共 Y 页", filled in once Y is known
        self.footers.append((doc.page, canvas._pagesize[0]))
        canvas.setStrokeColor(GRID)
        canvas.setLineWidth(0.4)
        canvas.line(MARGIN, MARGIN + 1 * mm, canvas._pagesize[0] - MARGIN, MARGIN + 1 * mm)
        canvas.restoreState()

    def afterFlowable(self, flowable: Any) -> None:
        if self.cancelled():
            raise Cancelled("已取消，未生成报表。")  # while the volume was laid out: nothing is saved
        if isinstance(flowable, Heading):
            self.canv.bookmarkPage(flowable.key)
            self.canv.addOutlineEntry(flowable.toc_text, flowable.key, level=flowable.level, closed=False)
            self.heading_pages[flowable.key] = self.page

    def build(self, flowables: Any, **kwargs: Any) -> None:
        super().build(flowables, **kwargs)
        self.pages_built = self.page

    def build_volume(self, story: list) -> int:
        """Lay the volume out once, then fill in the contents' page numbers and the footers' page
        count (see the class docstring); returns the page count."""
        headings = [thing for thing in story if isinstance(thing, Heading)]
        contents_pages = [thing for thing in story if isinstance(thing, ContentsPage)]
        for toc in contents_pages:
            for heading in headings:  # the entry is markup: escaped, and in the faces it is drawn in (TV-7)
                face = toc.getLevelStyle(heading.level).fontName
                toc.addEntry(heading.level, tagged(escape(heading.toc_text), face), 0, heading.key)
            toc.beforeBuild()  # the entries become what the contents lay out
        self._doSave = 0
        self.build(story[:])
        canvas = self.canv
        for toc in contents_pages:
            toc.fill_page_numbers(canvas, self.heading_pages)
        for page, width in self.footers:
            canvas.beginForm(_footer_form(page), 0, 0, width, 2 * MARGIN)
            canvas.setFont(self.footer_font, 9)
            canvas.drawCentredString(width / 2, MARGIN - 2 * mm, f"第 {page} 页 共 {self.pages_built} 页")
            canvas.endForm()
        canvas.save()
        return self.pages_built


def _footer_form(page: int) -> str:
    return f"BDFooter{page}"


class ContentsPage(TableOfContents):
    """The contents, its page numbers drawn as forms filled in after layout (see ReportDoc): laid out
    from entries known beforehand, drawn exactly as reportlab draws them (dots, then the page number
    flush right, shrunk only if it could not fit), each number a link to its chapter."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.pending: list[tuple[str, str, int, float, float, float, float]] = []

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803 - reportlab's names
        size = super().wrap(availWidth, availHeight)
        self.canv.setNamedCB("drawTOCEntryEnd", self._entry_end(availWidth, availHeight))
        return size

    def _entry_end(self, avail_width: float, avail_height: float) -> Any:
        def draw(canvas: Any, kind: str, label: str) -> None:
            parts = label.split(",")
            level, key = int(parts[1]), literal_eval(parts[2])
            x, y = canvas._curr_tx_info["cur_x"], canvas._curr_tx_info["cur_y"]
            name = f"BDContents{len(self.pending)}"
            canvas.doForm(name)
            if key:
                style = self.getLevelStyle(level)
                canvas.linkRect("", key, (x, y, avail_width, y + style.leading), relative=1)
            self.pending.append((name, key, level, x, y, avail_width, avail_height))
        return draw

    def fill_page_numbers(self, canvas: Any, pages: dict[str, int]) -> None:
        """Define each entry's form: the dots and page number reportlab would have drawn there."""
        for name, key, level, x, y, avail_width, avail_height in self.pending:
            style = self.getLevelStyle(level)
            dot = " . " if 0 <= self.dotsMinLevel <= level else ""
            canvas.beginForm(name, x - 1, y - style.leading, avail_width + 1, y + 2 * style.leading)
            canvas._curr_tx_info = {"cur_x": x, "cur_y": y}
            drawPageNumbers(canvas, style, [(pages[key], None)], avail_width, avail_height, dot)
            del canvas._curr_tx_info
            canvas.endForm()
        self.pending.clear()


def contents(styles: dict[str, ParagraphStyle]) -> ContentsPage:
    toc = ContentsPage(dotsMinLevel=0)
    toc.levelStyles = [styles["toc1"], styles["toc2"]]
    toc.tableStyle = TableStyle([("FONT", (0, 0), (-1, -1), styles["toc2"].fontName, 10.5),  # no Helvetica reference
                                 ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                 ("RIGHTPADDING", (0, 0), (-1, -1), 0)])
    return toc


_WORDS = re.compile(r"[\u4e00-\u9fff]")  # a Chinese character: words, not a figure alone


def cell_text(value: object, kind: str) -> str:
    """How a value prints; the same spelling as the workbook's number formats."""
    if value is None:
        return "—" if kind == RATE else ""
    if kind == RATE and isinstance(value, float | int):
        return rate_text(float(value))
    if kind == DATE and isinstance(value, date):
        return f"{value:%Y-%m-%d}"
    if kind == HOURS and isinstance(value, float | int):
        return f"{value:g}"
    if kind == MONEY and isinstance(value, float | int):
        return f"{value:,.2f}"
    return xml_safe(str(value))


def ledger_flowable(table: LedgerTable, styles: dict[str, ParagraphStyle], *, columns: list[str] | None = None,
                    frame: float = FRAME_W, layouts: list[TableLayout] | None = None,
                    long_text: int = 12, relax: bool = False) -> RegisterTable | None:
    """A ledger as a table that splits across pages with its header repeated (repeatRows), set so
    that no token breaks inside a cell (pdf_layout). None when it does not fit `frame` at 9 pt (the
    caller moves it to a landscape page). The layout is appended to `layouts` for the width test."""
    chosen = [i for i, c in enumerate(table.columns) if columns is None or c.title in columns]
    cols = [table.columns[i] for i in chosen]
    body, head = styles["cell"], styles["head"]
    font, size = body.fontName, body.fontSize
    texts = [[cell_text(row[i], table.columns[i].kind) for i in chosen] for row in table.rows]
    # a text column with long cells wraps; so does a figure column whose cells hold words beside the figure (a
    # month of the 三会一课 table marked "0（另有1次在12月5日之后，未计入）"): unwrapped, a few such months pushed the
    # table to shares of the frame, where figures broke inside their cells ("10 / 0%": review rev1 F6)
    worded = [c.kind != TEXT and any(_WORDS.search(t[j]) for t in texts) for j, c in enumerate(cols)]
    flexible = [(c.kind == TEXT and not c.keep_lines or worded[j])
                and any(text_width(t[j], font, size) > long_text * size or "\n" in t[j] for t in texts)
                for j, c in enumerate(cols)]
    plans = plan_columns([c.title for c in cols], flexible, texts, font, head.fontName, size)
    widths = fit_widths(plans, frame)
    if widths is None and relax:  # too wide even on a landscape page: let every text column wrap (between tokens)
        flexible = [c.kind == TEXT or worded[j] for j, c in enumerate(cols)]
        plans = plan_columns([c.title for c in cols], flexible, texts, font, head.fontName, size)
        widths = fit_widths(plans, frame)
        if widths is None:  # last resort: shares of the frame (a very long token is split, measured)
            flexible = [True] * len(cols)
            least = sum(p.minimum for p in plans)
            widths = [p.minimum * frame / least for p in plans]
    if widths is None:
        return None
    layout = TableLayout(table.title, [c.title for c in cols], widths, font, size)
    max_lines = max(1, int(CELL_MAX_H / body.leading))
    titles = [header_lines(c.title, head.fontName, size, w - 2 * PAD) for c, w in zip(cols, widths, strict=True)]
    # A header whose lines fit their columns is drawn as plain centred text (the same places as a centred
    # paragraph, repeated on every page of the register without laying a paragraph out each time);
    # one that does not fit stays a paragraph, which wraps it.
    plain_header = all(text_width(line, head.fontName, size) <= w - 2 * PAD
                       for lines, w in zip(titles, widths, strict=True) for line in lines)
    data: list[list[object]] = [["\n".join(lines) if plain_header else Para("<br/>".join(map(escape, lines)), head)
                                 for lines in titles]]
    # Each row's height, as reportlab would compute it for plain-text cells (lines × leading + top and
    # bottom padding), given up front so the table does not measure 100,000 cells again.
    heights: list[float | None] = [body.leading * max(map(len, titles)) + (BOTTOM_PAD + TOP_PAD) if plain_header
                                   else None]
    for r in texts:
        cells: list[object] = []
        drawn: list[list[str]] = []
        for j, text in enumerate(r):
            lines = wrap(text, font, size, widths[j] - 2 * PAD) if flexible[j] else text.split("\n")
            if len(lines) > max_lines:  # a row cannot split across pages: shorten, with a mark
                lines = [*lines[:max_lines - 1], CUT_LINE]
            drawn.append(lines)
            cells.append("\n".join(lines))  # lines already measured and broken: plain strings draw fastest
        data.append(cells)
        heights.append(body.leading * max(len(lines) for lines in drawn) + (BOTTOM_PAD + TOP_PAD))
        layout.rows.append(drawn)
        layout.originals.append(r)
    if layouts is not None:
        layouts.append(layout)
    if not texts:
        data.append([Para("（本年度无记录）", body)] + [""] * (len(cols) - 1))
        heights.append(None)
    aligns = ["CENTER" if c.kind in (INT, RATE, HOURS, DATE, MONEY) else "LEFT" for c in cols]
    cell_styles = column_styles(len(data), aligns, font=font, bold_font=head.fontName, size=size,
                                leading=body.leading, padding=(PAD, PAD, TOP_PAD, BOTTOM_PAD),
                                bold_last=bool(table.rows) and str(table.rows[-1][0]) == "合计",
                                plain_header=plain_header)
    style: list[tuple] = [("GRID", (0, 0), (-1, -1), 0.4, GRID), ("BACKGROUND", (0, 0), (-1, 0), HEAD_FILL)]
    if not texts:
        style.append(("SPAN", (0, 1), (-1, 1)))
    result = RegisterTable(data, colWidths=widths, rowHeights=heights, repeatRows=1, hAlign="CENTER",
                           cellStyles=cell_styles)
    result.setStyle(TableStyle(style))
    return result
