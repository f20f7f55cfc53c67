"""Text in a PDF that no value can break (issue 21).

A table row cannot be split across pages, so one cell taller than a page stops reportlab with a
LayoutError (a 300-character branch name did that to the year-end volume); a column sized to one
long value squeezes its neighbours to negative widths. Every table cell of every PDF writer goes
through `cell`: the text wraps within its column and is shortened, with a mark, to what fits in a
box of at most `max_height` points, estimated with one em per character (a CJK character's width;
Latin text fits twice as much, so the estimate errs on the safe side). `markup` cleans what XML and
the fonts cannot hold (control characters stored before imports cleaned them) and escapes the rest.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from branchdesk.domain.text import elide, xml_safe

CUT_MARK = "……（下略，全文见 Excel 或窗口）"
TITLE_LIMIT = 120  # characters of a name in a title or heading line


def markup(text: str, limit: int | None = None) -> str:
    """Paragraph markup for plain text: cleaned, shortened to `limit` characters, escaped, line
    breaks kept."""
    text = xml_safe(text)
    if limit is not None:
        text = elide(text, limit, "…")
    return escape(text).replace("\n", "<br/>")


def fit_box(text: str, width: float, style: ParagraphStyle, max_height: float) -> str:
    """`text` shortened so that, wrapped at `width` points, it needs at most `max_height` points."""
    per_line = max(1, int(width / style.fontSize))
    lines_left = max(1, int(max_height / style.leading))
    kept: list[str] = []
    for line in text.split("\n"):
        needed = max(1, -(-len(line) // per_line))
        if needed <= lines_left:
            kept.append(line)
            lines_left -= needed
            continue
        room = lines_left * per_line - len(CUT_MARK)
        if room > 0:
            kept.append(line[:room] + CUT_MARK)
        elif kept:
            kept[-1] = kept[-1][: max(0, len(kept[-1]) - len(CUT_MARK))] + CUT_MARK
        else:
            kept.append(CUT_MARK[: per_line * max(1, lines_left)])
        break
    return "\n".join(kept)


def cell(text: object, style: ParagraphStyle, width: float, max_height: float) -> Paragraph:
    """A table cell that wraps in its column (`width` = column width less padding) and is never
    taller than `max_height` points."""
    plain = xml_safe("" if text is None else str(text))
    return Paragraph(markup(fit_box(plain, max(width, style.fontSize), style, max_height)), style)
