"""What every single-document PDF (meeting record, development timeline, rectification month review)
shares with the volume (issue 15): tables measured with the font's metrics so no date, name or word
breaks inside a cell (pdf_layout), body type of at least 9 pt, "第 X 页 共 Y 页" on every page, and a
canvas whose default face is ours, so no PDF names a font it does not embed (Helvetica)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Table, TableStyle

from branchdesk.reports.pdf_glyphs import Para, cover
from branchdesk.reports.pdf_layout import (
    BODY_SIZE,
    LEADING,
    PAD,
    TableLayout,
    fit_widths,
    header_lines,
    plan_columns,
    wrap,
)

CUT_LINE = "……（下略）"
LAYOUTS: list[TableLayout] = []  # the layouts of the tables set since the last `take_layouts` (the width test reads them)


def take_layouts() -> list[TableLayout]:
    found = list(LAYOUTS)
    LAYOUTS.clear()
    return found


def measured_table(header: Sequence[str], rows: Sequence[Sequence[str]], *, frame: float, font: str, head_font: str,
                   flexible: Sequence[bool], max_height: float, title: str = "", size: float = BODY_SIZE,
                   style: Sequence[tuple] = ()) -> Table:
    """A table whose short columns are as wide as their widest line and whose long columns wrap
    between tokens; every value at `size` (≥ 9 pt)."""
    texts = [["" if v is None else str(v) for v in row] for row in rows]
    cover(font, "".join(t for row in texts for t in row))  # a face for a rare character before measuring
    cover(head_font, "".join(header))
    flex = list(flexible)
    plans = plan_columns(list(header), flex, texts, font, head_font, size)
    widths = fit_widths(plans, frame)
    if widths is None:  # the short columns alone are too wide: every text column wraps between tokens
        flex = [True] * len(header)
        plans = plan_columns(list(header), flex, texts, font, head_font, size)
        widths = fit_widths(plans, frame) or [p.minimum * frame / sum(q.minimum for q in plans) for p in plans]
    body = ParagraphStyle("cell", fontName=font, fontSize=size, leading=LEADING)
    head = ParagraphStyle("head", fontName=head_font, fontSize=size, leading=LEADING, alignment=1)
    layout = TableLayout(title, list(header), widths, font, size)
    max_lines = max(1, int(max_height / LEADING))
    data: list[list[object]] = [[Para("<br/>".join(escape(x) for x in header_lines(h, head_font, size, w - 2 * PAD)),
                                      head) for h, w in zip(header, widths, strict=True)]]
    for row in texts:
        drawn = []
        for j, text in enumerate(row):
            lines = wrap(text, font, size, widths[j] - 2 * PAD) if flex[j] else text.split("\n")
            if len(lines) > max_lines:
                lines = [*lines[:max_lines - 1], CUT_LINE]
            drawn.append(lines)
        data.append([Para("<br/>".join(escape(line) for line in lines), body) for lines in drawn])
        layout.rows.append(drawn)
        layout.originals.append(row)
    LAYOUTS.append(layout)
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), font, size, LEADING),
        ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#F2DCDB")),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), PAD), ("RIGHTPADDING", (0, 0), (-1, -1), PAD),
        *style,
    ]))
    return table


def numbered_canvas(font: str, bottom: float) -> type[Canvas]:
    """A canvas class that writes "第 X 页 共 Y 页" centred `bottom` points above the page's foot on
    every page once the count is known (pages are kept until the document is saved)."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            kwargs.setdefault("initialFontName", font)
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self) -> None:  # noqa: N802 - reportlab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self.setFont(font, 9)
                self.drawCentredString(self._pagesize[0] / 2, bottom, f"第 {self._pageNumber} 页 共 {total} 页")
                super().showPage()
            super().save()

    return NumberedCanvas
