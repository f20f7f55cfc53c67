"""Characters a face lacks, drawn in the volume's other face (trial V, TV-7).

A TrueType face draws a character it has no glyph for as an empty box: AR PL UMing, the volume's body
face, has no "−" (U+2212) and no 刏 or 匃, rare characters (生僻字) a member's name may hold; the
heading face (WenQuanYi Micro Hei) has them — and lacks a few UMing has (䶮). `set_fallback` pairs the
faces once they are registered; from then on every run of characters one face lacks and the other
has is drawn in the other: in a paragraph as a `<font name=…>` run (`tagged`, `Para`), in the
registers' fast drawing as its own text run (pdf_register), and measured in that face (pdf_layout).
A character neither face has stays in the first (nothing a user entered is dropped or replaced).

Cheap: each face's characters are read once per process into a set; a text every character of which
the face has (almost all) costs one C-level `issuperset`."""

from __future__ import annotations

from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import getFont, getRegisteredFontNames, registerFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph

from branchdesk.paths import cjk_serif_font_file

_FALLBACK: dict[str, str] = {}  # face -> the face that draws what it lacks
_CHARS: dict[str, frozenset[str]] = {}  # face -> the characters it has a glyph for
_NOT_DRAWN = frozenset("\n\r\t")  # line breaks and tabs are not glyphs: never a reason to switch faces


RARE = "BranchDeskRare"  # AR PL UMing, the fallback of a one-face PDF (cover)


def cover(face: str, text: str) -> None:
    """Before `text` is laid out in `face`, the only face of a PDF (会议记录, 时间线): when the face lacks
    one of its characters (WenQuanYi has no 䶮), the bundled AR PL UMing becomes its fallback. Parsing
    UMing takes a while: it is registered only for a text that needs it, once per process."""
    if face in _FALLBACK or chars(face).issuperset(text):
        return
    if RARE not in getRegisteredFontNames():
        registerFont(TTFont(RARE, str(cjk_serif_font_file()), subfontIndex=0))
    set_fallback(face, RARE)


def set_fallback(face: str, other: str) -> None:
    """Draw what `face` lacks in `other` (both registered TrueType faces); the same face: no fallback."""
    if face != other:
        _FALLBACK[face] = other


def chars(face: str) -> frozenset[str]:
    """The characters `face` has a glyph for, read once per face."""
    found = _CHARS.get(face)
    if found is None:
        font = getFont(face)
        mapping = getattr(getattr(font, "face", None), "charToGlyph", None) or {}
        found = _CHARS[face] = frozenset(map(chr, mapping)) | _NOT_DRAWN
    return found


def lacking_check(face: str) -> frozenset[str] | None:
    """The characters of `face` when it has a fallback (a text they do not cover needs `runs`), None
    when it has none: what a caller drawing many strings in one face looks up once."""
    return chars(face) if face in _FALLBACK else None


def runs(text: str, face: str) -> list[tuple[str, str]]:
    """`text` as (face, run) pieces: the characters `face` lacks and its fallback has in the fallback."""
    other = _FALLBACK.get(face)
    if other is None:
        return [(face, text)]
    mine = chars(face)
    if mine.issuperset(text):
        return [(face, text)]
    theirs = chars(other)
    pieces: list[tuple[str, list[str]]] = []
    for ch in text:
        use = face if ch in mine or ch not in theirs else other
        if pieces and pieces[-1][0] == use:
            pieces[-1][1].append(ch)
        else:
            pieces.append((use, [ch]))
    return [(use, "".join(run)) for use, run in pieces]


def face_for(text: str, face: str) -> str:
    """One face for the whole of `text`, where a drawing takes one face per string (a chart's labels):
    `face` when it has every character, else its fallback when that has them all, else the one that
    lacks fewer (`face` on a tie) — a character neither has is kept, never dropped."""
    other = _FALLBACK.get(face)
    mine = chars(face) if other is not None else None
    if mine is None or other is None or mine.issuperset(text):
        return face
    theirs = chars(other)
    if theirs.issuperset(text):
        return other
    return other if sum(ch not in theirs for ch in text) < sum(ch not in mine for ch in text) else face


def tagged(markup: str, face: str) -> str:
    """Paragraph markup with each run `face` lacks wrapped in `<font name="…">` of its fallback. The
    markup's own tags and entities are ASCII, which every face has: only text is ever wrapped."""
    if face not in _FALLBACK or chars(face).issuperset(markup):
        return markup
    return "".join(run if use == face else f'<font name="{use}">{run}</font>' for use, run in runs(markup, face))


class Para(Paragraph):
    """A Paragraph whose characters its style's face lacks are drawn in the fallback face."""

    def __init__(self, text: str | None, style: ParagraphStyle, *args: Any, **kwargs: Any) -> None:
        # None: a part of a paragraph split across pages, made from its already tagged fragments
        super().__init__(text if text is None else tagged(text, style.fontName), style, *args, **kwargs)
