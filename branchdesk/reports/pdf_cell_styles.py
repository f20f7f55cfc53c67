"""Cell styles for long tables, made once per column instead of once per cell.

reportlab gives every cell of a Table its own style object and applies each FONT, ALIGN, VALIGN and
padding command to every cell it covers, one Python call per cell and command: for the district's
registers (120,000 cells) that was a second of the volume's time spent saying the same thing again.
A register's cells differ only by column (alignment) and by row kind (the header, a 合计 row), so
`column_styles` makes those few styles and lets the cells share them; the table draws exactly as it
did with the commands. Shared styles must not be changed by later style commands: give the table
only line, background and span commands."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.platypus.tables import CellStyle


def cell_style(name: str, *, font: str, size: float, leading: float, padding: tuple[float, float, float, float],
               align: str = "LEFT", valign: str = "MIDDLE") -> CellStyle:
    """One cell style; `padding` is (left, right, top, bottom)."""
    style = CellStyle(name)
    style.fontname, style.fontsize, style.leading = font, size, leading
    style.leftPadding, style.rightPadding, style.topPadding, style.bottomPadding = padding
    style.alignment, style.valign = align, valign
    return style


def column_styles(rows: int, aligns: Sequence[str], *, font: str, bold_font: str, size: float, leading: float,
                  padding: tuple[float, float, float, float], bold_last: bool = False) -> list[list[CellStyle]]:
    """The styles of a table of `rows` rows (the first is the header, left as it is in every column;
    the body aligned per column; the last row in `bold_font` when `bold_last`)."""
    def row(face: str, body: bool) -> list[CellStyle]:
        made: dict[str, CellStyle] = {}
        for align in aligns if body else ["LEFT"] * len(aligns):
            if align not in made:
                made[align] = cell_style(f"{face}-{align}", font=face, size=size, leading=leading, padding=padding,
                                         align=align)
        return [made[align] for align in (aligns if body else ["LEFT"] * len(aligns))]

    header, body = row(font, False), row(font, True)
    styles = [header] + [body] * (rows - 1)
    if bold_last and rows > 1:
        styles[-1] = row(bold_font, True)
    return styles
