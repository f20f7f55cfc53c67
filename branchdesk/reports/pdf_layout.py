"""Tables set like an official document (issue 15): body ≥ 9 pt, and no word, date, name or number
broken inside a cell. Widths are measured with the font's own metrics (reportlab's stringWidth), not
estimated: short columns (numbers, dates, names, states, lists whose lines must stay whole) get the
width of their widest line; long text columns share what is left and are wrapped here, by us, at
CJK characters or between Latin/digit runs — a date such as 2025-03-01 or a figure such as 32学时
never splits across lines, and a line never starts with a closing mark (，。、）). Every table keeps
its `TableLayout` so a test can measure each line of each cell against its column.

When the short columns alone do not fit the frame, `fits` says so and the caller sets the table on a
landscape page (or, as a last resort, drops to 8 pt — never below)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from reportlab.pdfbase.pdfmetrics import stringWidth

from branchdesk.reports.pdf_glyphs import runs

BODY_SIZE = 9.0  # the smallest size of the volume's text (official-document practice)
LEADING = 11.5
PAD = 2.0  # left and right cell padding (each)
NO_LINE_START = set("，。、；：？！）》」』】〕…,.;:?!)%")
NO_LINE_END = set("（《「『【〔(")
# a name with its bracketed figure (张志远（已知30/32）), a Latin/digit run (dates, 30/32, codes), a space, a character
_TOKEN = re.compile(r"[\u4e00-\u9fff]{2,4}（[^（）\n]{1,14}）|[\u4e00-\u9fff]{2,4}(?=、)|[0-9A-Za-z][0-9A-Za-z.\-:/%+_]*|\s+|.", re.S)
FLEX_MIN_CHARS = 8  # a long text column is never narrower than this many CJK characters
HEADER_LINES = 2  # a header may take two lines; a column is at least half its title wide


@dataclass
class TableLayout:
    """How one table was set: its columns' widths and, per body row, each cell's lines as drawn."""

    title: str
    columns: list[str]
    widths: list[float]
    font: str
    size: float
    rows: list[list[list[str]]] = field(default_factory=list)  # row -> cell -> lines
    originals: list[list[str]] = field(default_factory=list)  # row -> cell text before wrapping


_WIDTHS: dict[tuple[str, str, float], float] = {}
_WIDTHS_KEPT = 200_000  # a district volume measures ~12,000 different strings; the cache stays small


def text_width(text: str, font: str, size: float) -> float:
    """The width reportlab will draw `text` at. Remembered: a volume measures the same names, dates
    and numbers hundreds of thousands of times (column widths, then wrapping), and a TrueType width
    is the costliest step of setting a table."""
    key = (text, font, size)
    width = _WIDTHS.get(key)
    if width is None:
        if len(_WIDTHS) >= _WIDTHS_KEPT:
            _WIDTHS.clear()
        # measured in the face each character is drawn in (pdf_glyphs: a character the face lacks is drawn
        # in the other face, TV-7)
        width = _WIDTHS[key] = sum(stringWidth(run, face, size) for face, run in runs(text, font))
    return width


_PLAIN_TOKEN = re.compile(r"[0-9A-Za-z][0-9A-Za-z.\-:/%+_]*|\s+|.", re.S)


def tokens(text: str, *, names: bool = True) -> list[str]:
    """Unbreakable pieces: a Latin/digit run (dates, numbers with units' digits, codes), a space, or one
    character; closing marks are glued to what precedes them, opening marks to what follows."""
    found: list[str] = []
    pending_open = ""
    for tok in (_TOKEN if names else _PLAIN_TOKEN).findall(text):
        if tok in NO_LINE_START and found and not pending_open:
            found[-1] += tok
        elif tok in NO_LINE_END:
            pending_open += tok
        else:
            found.append(pending_open + tok)
            pending_open = ""
    if pending_open:
        found.append(pending_open)
    return found


def wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """`text` broken into lines no wider than `width`, only between tokens (see `tokens`). A token
    wider than the whole column (a 40-digit number) is the one thing split by character."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line, used = "", 0.0
        for tok in tokens(paragraph):
            w = text_width(tok, font, size)
            if used + w > width and line:  # does not fit after what is there: a new line
                lines.append(line.rstrip())
                line, used = "", 0.0
            if not line and tok.isspace():
                continue
            if w <= width - used:
                line += tok
                used += w
                continue
            for ch in tok:  # wider than the whole column: the one case split by character
                cw = text_width(ch, font, size)
                if used + cw > width and line:
                    lines.append(line)
                    line, used = "", 0.0
                line += ch
                used += cw
        lines.append(line.rstrip())
    return lines


def widest_line(text: str, font: str, size: float) -> float:
    return max((text_width(line, font, size) for line in text.split("\n")), default=0.0)


def widest_token(text: str, font: str, size: float) -> float:
    return max((text_width(t, font, size) for t in tokens(text.replace("\n", " "))), default=0.0)


def header_width(title: str, font: str, size: float) -> float:
    """A header of up to four characters on one line; a longer one on at most two lines, broken
    between tokens near the middle (after a bracket when there is one)."""
    return max(text_width(line, font, size) for line in header_lines(title, font, size))


def header_lines(title: str, font: str, size: float, room: float = 0.0) -> list[str]:
    """One line when the title fits `room` (or is four characters or less), else two (see header_width)."""
    if text_width(title, font, size) <= max(4 * size, room) + 0.01:
        return [title]
    best, lines = text_width(title, font, size), [title]
    pieces = tokens(title, names=False)  # a header is a phrase, not a list of names
    for i in range(1, len(pieces)):
        a, b = "".join(pieces[:i]), "".join(pieces[i:])
        width = max(text_width(a, font, size), text_width(b, font, size))
        if width < best - 0.01:
            best, lines = width, [a, b]
    return lines


@dataclass
class ColumnPlan:
    title: str
    flexible: bool  # long text: wraps between tokens
    natural: float  # widest line (+ padding)
    minimum: float  # the least it can take without breaking a token or the header into 3 lines


def plan_columns(titles: list[str], flexible: list[bool], texts: list[list[str]], font: str, head_font: str,
                 size: float) -> list[ColumnPlan]:
    plans = []
    for j, title in enumerate(titles):
        column = [row[j] for row in texts]
        head = header_width(title, head_font, size)
        natural = max([widest_line(t, font, size) for t in column] + [head, size * 1.5]) + 2 * PAD
        if flexible[j]:
            floor = min(natural - 2 * PAD, FLEX_MIN_CHARS * size)
            least = max([widest_token(t, font, size) for t in column] + [head, floor]) + 2 * PAD
        else:
            least = natural
        plans.append(ColumnPlan(title, flexible[j], natural, least))
    return plans


def fit_widths(plans: list[ColumnPlan], frame: float) -> list[float] | None:
    """Widths summing to at most `frame`: short columns their natural width, long ones sharing the
    rest in proportion to what they ask; None when even the minimums do not fit."""
    least = sum(p.minimum for p in plans)
    if least > frame + 0.01:
        return None
    natural = sum(p.natural for p in plans)
    if natural <= frame:
        spare = frame - natural  # everything fits on one line: spread the rest over the text columns
        flex = [p for p in plans if p.flexible]
        share = spare / len(flex) if flex else 0.0
        return [p.natural + (share if p.flexible else 0.0) for p in plans]
    fixed = sum(p.natural for p in plans if not p.flexible)
    room = frame - fixed
    wanted = sum(p.natural for p in plans if p.flexible)
    widths = [p.natural if not p.flexible else max(p.minimum, p.natural * room / wanted) for p in plans]
    over = sum(widths) - frame
    if over > 0.01:  # minimums pushed some up: take the excess from the columns above their minimum
        slack = [(i, widths[i] - plans[i].minimum) for i in range(len(plans)) if plans[i].flexible]
        total = sum(s for _i, s in slack)
        for i, s in slack:
            widths[i] -= over * s / total if total else 0.0
    return widths
