"""The volume's registers as reportlab tables, set and drawn without repeating work per cell.

Styles: made once per column instead of once per cell.

reportlab gives every cell of a Table its own style object and applies each FONT, ALIGN, VALIGN and
padding command to every cell it covers, one Python call per cell and command: for the district's
registers (120,000 cells) that was a second of the volume's time spent saying the same thing again.
A register's cells differ only by column (alignment) and by row kind (the header, a 合计 row), so
`column_styles` makes those few styles and lets the cells share them; the table draws exactly as it
did with the commands. Shared styles must not be changed by later style commands: give the table
only line, background and span commands.

Drawing: reportlab draws each line of a plain-text cell as its own text object, measuring the line
again to centre it and selecting the font again for every line; `RegisterTable` writes all of a
table's plain-text lines as one text object, at the same positions (widths from pdf_layout's
remembered measurements), before the grid is drawn over them. A viewer, a printer and text
extraction see the same text in the same places; only the PDF's drawing operators are fewer. A run
of characters the cell's face lacks is drawn in the other face (pdf_glyphs), never as a box."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase.pdfmetrics import getFont
from reportlab.pdfgen.textobject import PDFTextObject
from reportlab.platypus.tables import CellStyle, LongTable

from branchdesk.reports.pdf_glyphs import lacking_check, runs
from branchdesk.reports.pdf_layout import text_width


def cell_style(name: str, *, font: str, size: float, leading: float, padding: tuple[float, float, float, float],
               align: str = "LEFT", valign: str = "MIDDLE") -> CellStyle:
    """One cell style; `padding` is (left, right, top, bottom)."""
    style = CellStyle(name)
    style.fontname, style.fontsize, style.leading = font, size, leading
    style.leftPadding, style.rightPadding, style.topPadding, style.bottomPadding = padding
    style.alignment, style.valign = align, valign
    return style


def column_styles(rows: int, aligns: Sequence[str], *, font: str, bold_font: str, size: float, leading: float,
                  padding: tuple[float, float, float, float], bold_last: bool = False,
                  plain_header: bool = False) -> list[list[CellStyle]]:
    """The styles of a table of `rows` rows: the first is the header — plain text centred in `bold_font`
    when `plain_header`, else paragraphs (which bring their own font and alignment); the body aligned
    per column; the last row in `bold_font` when `bold_last`."""
    def row(face: str, row_aligns: Sequence[str]) -> list[CellStyle]:
        made: dict[str, CellStyle] = {}
        for align in row_aligns:
            if align not in made:
                made[align] = cell_style(f"{face}-{align}", font=face, size=size, leading=leading, padding=padding,
                                         align=align)
        return [made[align] for align in row_aligns]

    header = row(bold_font, ["CENTER"] * len(aligns)) if plain_header else row(font, ["LEFT"] * len(aligns))
    body = row(font, aligns)
    styles = [header] + [body] * (rows - 1)
    if bold_last and rows > 1:
        styles[-1] = row(bold_font, aligns)
    return styles


class RegisterTable(LongTable):
    """A long table that splits across pages with its header repeated, drawing its plain-text cells
    (left or centred, vertically centred) in one text object; other cells as reportlab does."""

    _text: PDFTextObject | None = None
    _text_face: tuple[str, float, float] | None = None
    _covered: frozenset[str] | None = None  # the characters of `_text_face`'s face, when it has a fallback

    def draw(self) -> None:
        self._text, self._text_face = None, None
        super().draw()

    def _drawCell(self, cellval: Any, cellstyle: CellStyle, pos: tuple[float, float],  # noqa: N802 - reportlab's name
                  size: tuple[float, float]) -> None:
        if (not isinstance(cellval, str) or cellstyle.valign != "MIDDLE" or cellstyle.alignment not in ("LEFT", "CENTER")
                or cellstyle.href or cellstyle.destination or cellstyle.direction or cellstyle.shaping):
            super()._drawCell(cellval, cellstyle, pos, size)
            return
        (colpos, rowpos), (colwidth, rowheight) = pos, size
        text = self._text
        if text is None:
            text = self._text = self.canv.beginText()
            text.setFillColor(cellstyle.color)
        font, fontsize, leading = cellstyle.fontname, cellstyle.fontsize, cellstyle.leading
        if self._text_face != (font, fontsize, leading):
            text.setFont(font, fontsize, leading)
            self._text_face = (font, fontsize, leading)
            self._covered = lacking_check(font)  # None: the face has no fallback, every line is drawn as it is
        covered = self._covered
        lines = cellval.split("\n")
        # the same positions as reportlab's Table._drawCell (valign MIDDLE) and drawCentredString
        y = rowpos + (cellstyle.bottomPadding + rowheight - cellstyle.topPadding + len(lines) * leading) / 2.0 - fontsize
        centre = cellstyle.alignment == "CENTER"
        x = colpos + (colwidth + cellstyle.leftPadding - cellstyle.rightPadding) * 0.5 if centre \
            else colpos + cellstyle.leftPadding
        for line in lines:
            if line:
                text.setTextOrigin(x - 0.5 * text_width(line, font, fontsize) if centre else x, y)
                if covered is None or covered.issuperset(line):
                    self._show(text, line)
                else:  # characters the face lacks, in the other face (pdf_glyphs, TV-7)
                    for face, run in runs(line, font):
                        if face != text._fontname:
                            text.setFont(face, fontsize, leading)
                        self._show(text, run)
                    if text._fontname != font:
                        text.setFont(font, fontsize, leading)
            y -= leading

    def _show(self, text: PDFTextObject, line: str) -> None:
        """`text._textOut(line)` for a TrueType face, with the line's split into the font's subsets
        remembered per document: a name or a date recurs thousands of times in a volume, and once a
        character has its code in a subset it keeps it for the whole document."""
        font = getFont(text._fontname)
        if not font._dynamicFont:
            text._textOut(line)
            return
        canvas = self.canv
        cache: dict[tuple[str, str], list[tuple[int, str]]] = canvas.__dict__.setdefault("_register_pieces", {})
        key = (text._fontname, line)
        pieces = cache.get(key)
        if pieces is None:
            pieces = cache[key] = [(subset, canvas._escape(chunk)) for subset, chunk in
                                   font.splitString(line, canvas._doc)]
        code = text._code
        for subset, chunk in pieces:
            if subset != text._curSubset:  # as reportlab's PDFTextObject._formatText selects a subset
                code.append(f"{font.getSubsetInternalName(subset, canvas._doc)} {fp_str(text._fontsize)} Tf "
                            f"{fp_str(text._leading)} TL")
                text._curSubset = subset
            code.append(f"({chunk}) Tj")

    def _drawLines(self) -> None:  # noqa: N802 - reportlab's name
        if self._text is not None:  # the text first, then the grid over it, as reportlab orders them
            self.canv.drawText(self._text)
            self._text, self._text_face = None, None
        super()._drawLines()
