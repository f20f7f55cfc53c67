"""The annual workbook's cell styles and their part, xl/styles.xml, without openpyxl (issue 18).

A style is a few plain frozen values (font, fill, border, alignment, number format, quote prefix);
`StyleBook` gives each distinct combination one cell-format id, in the order they are first used, and
writes the tables exactly as openpyxl would for the same cells: its default font, the two fills
Excel reserves, the empty border, then ours in order of first use; built-in number formats by their
fixed id, others numbered from 164. Excel rejects a styles part whose elements are out of the
schema's order, so the order below is the schema's, not a matter of taste."""

from __future__ import annotations

from dataclasses import dataclass

from branchdesk.io import xlsx_layout as layout
from branchdesk.io.xlsx_values import escape, number_text

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"

BUILTIN_FORMATS = {  # Excel's built-in number formats (ECMA-376 §18.8.30) that need no <numFmt>
    "General": 0, "0": 1, "0.00": 2, "#,##0": 3, "#,##0.00": 4, '"$"#,##0_);("$"#,##0)': 5,
    '"$"#,##0_);[Red]("$"#,##0)': 6, '"$"#,##0.00_);("$"#,##0.00)': 7, '"$"#,##0.00_);[Red]("$"#,##0.00)': 8,
    "0%": 9, "0.00%": 10, "0.00E+00": 11, "# ?/?": 12, "# ??/??": 13, "mm-dd-yy": 14, "d-mmm-yy": 15,
    "d-mmm": 16, "mmm-yy": 17, "h:mm AM/PM": 18, "h:mm:ss AM/PM": 19, "h:mm": 20, "h:mm:ss": 21,
    "m/d/yy h:mm": 22, "#,##0_);(#,##0)": 37, "#,##0_);[Red](#,##0)": 38, "#,##0.00_);(#,##0.00)": 39,
    "#,##0.00_);[Red](#,##0.00)": 40, r'_(* #,##0_);_(* \(#,##0\);_(* "-"_);_(@_)': 41,
    r'_("$"* #,##0_);_("$"* \(#,##0\);_("$"* "-"_);_(@_)': 42,
    r'_(* #,##0.00_);_(* \(#,##0.00\);_(* "-"??_);_(@_)': 43,
    r'_("$"* #,##0.00_)_("$"* \(#,##0.00\)_("$"* "-"??_)_(@_)': 44, "mm:ss": 45, "[h]:mm:ss": 46,
    "mmss.0": 47, "##0.0E+0": 48, "@": 49,
}
FIRST_CUSTOM_FORMAT = 164


@dataclass(frozen=True)
class Font:
    """A cell font as the workbook's style sheet records it."""

    name: str = layout.FONT_NAME
    size: float = 11
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True)
class Fill:
    """A solid fill of one colour (RRGGBB)."""

    colour: str


@dataclass(frozen=True)
class Border:
    """The same line on all four sides."""

    style: str = layout.BORDER_STYLE
    colour: str = layout.BORDER_COLOUR


@dataclass(frozen=True)
class Alignment:
    """A cell's alignment and wrapping as the workbook's style sheet records it."""

    horizontal: str | None = None
    vertical: str | None = None
    wrap: bool = False


BORDER = Border()
_NO_ALIGNMENT = Alignment()
HEADER_FILL = Fill(layout.HEADER_FILL_COLOUR)

_DEFAULT_FONT = '<font><name val="Calibri" /><family val="2" /><color theme="1" /><sz val="11" /><scheme val="minor" /></font>'
_RESERVED_FILLS = '<fill><patternFill /></fill><fill><patternFill patternType="gray125" /></fill>'
_EMPTY_BORDER = "<border><left /><right /><top /><bottom /><diagonal /></border>"
_INDEXED_COLOURS = (  # Excel's legacy colour palette, which openpyxl writes into every styles part
    "00000000 00FFFFFF 00FF0000 0000FF00 000000FF 00FFFF00 00FF00FF 0000FFFF 00000000 00FFFFFF 00FF0000 "
    "0000FF00 000000FF 00FFFF00 00FF00FF 0000FFFF 00800000 00008000 00000080 00808000 00800080 00008080 "
    "00C0C0C0 00808080 009999FF 00993366 00FFFFCC 00CCFFFF 00660066 00FF8080 000066CC 00CCCCFF 00000080 "
    "00FF00FF 00FFFF00 0000FFFF 00800080 00800000 00008080 000000FF 0000CCFF 00CCFFFF 00CCFFCC 00FFFF99 "
    "0099CCFF 00FF99CC 00CC99FF 00FFCC99 003366FF 0033CCCC 0099CC00 00FFCC00 00FF9900 00FF6600 00666699 "
    "00969696 00003366 00339966 00003300 00333300 00993300 00993366 00333399 00333333").split()


def _font_xml(font: Font) -> str:
    bold = '<b val="1" />' if font.bold else ""
    italic = '<i val="1" />' if font.italic else ""
    return f'<font><name val="{escape(font.name)}" />{bold}{italic}<sz val="{number_text(font.size)}" /></font>'


def _fill_xml(fill: Fill) -> str:
    return f'<fill><patternFill patternType="solid"><fgColor rgb="00{fill.colour}" /></patternFill></fill>'


def _border_xml(border: Border) -> str:
    side = f'style="{border.style}"><color rgb="00{border.colour}" />'
    return "<border>" + "".join(f"<{s} {side}</{s}>" for s in ("left", "right", "top", "bottom")) + "</border>"


def _alignment_xml(alignment: Alignment) -> str:
    attrs = ""
    if alignment.horizontal:
        attrs += f' horizontal="{alignment.horizontal}"'
    if alignment.vertical:
        attrs += f' vertical="{alignment.vertical}"'
    if alignment.wrap:
        attrs += ' wrapText="1"'
    return f"<alignment{attrs} />"


class StyleBook:
    """The cell formats of one workbook, each registered once: a hundred thousand cells share the ids
    made here. Id 0 is the default format (a cell without a style)."""

    def __init__(self) -> None:
        self._ids: dict[tuple[object, ...], int] = {}
        self._xfs: list[tuple[int, int, int, int, Alignment | None, bool]] = [(0, 0, 0, 0, None, False)]
        self._fonts: dict[Font, int] = {}
        self._fills: dict[Fill, int] = {}
        self._borders: dict[Border, int] = {}
        self._formats: dict[str, int] = {}

    def id(self, *, font: Font | None = None, fill: Fill | None = None, border: Border | None = None,
           alignment: Alignment | None = None, number_format: str | None = None, quote: bool = False) -> int:
        key = (font, fill, border, alignment, number_format, quote)
        found = self._ids.get(key)
        if found is None:
            if alignment == _NO_ALIGNMENT:
                alignment = None  # as Excel: an alignment with nothing set is no alignment
            xf = (self._format_id(number_format),
                  0 if font is None else self._fonts.setdefault(font, len(self._fonts) + 1),
                  0 if fill is None else self._fills.setdefault(fill, len(self._fills) + 2),
                  0 if border is None else self._borders.setdefault(border, len(self._borders) + 1),
                  alignment, quote)
            if xf == self._xfs[0]:
                found = 0
            else:
                found = self._xfs.index(xf) if xf in self._xfs else len(self._xfs)
                if found == len(self._xfs):
                    self._xfs.append(xf)
            self._ids[key] = found
        return found

    def _format_id(self, number_format: str | None) -> int:
        if number_format is None:
            return 0
        builtin = BUILTIN_FORMATS.get(number_format)
        if builtin is not None:
            return builtin
        return self._formats.setdefault(number_format, FIRST_CUSTOM_FORMAT + len(self._formats))

    def xml(self) -> str:
        """xl/styles.xml."""
        parts = [f'<styleSheet xmlns="{_MAIN}">']
        if self._formats:
            parts.append(f'<numFmts count="{len(self._formats)}">')
            parts += [f'<numFmt numFmtId="{i}" formatCode="{escape(code)}" />' for code, i in self._formats.items()]
            parts.append("</numFmts>")
        parts.append(f'<fonts count="{len(self._fonts) + 1}">{_DEFAULT_FONT}')
        parts += [_font_xml(f) for f in self._fonts]
        parts.append(f'</fonts><fills count="{len(self._fills) + 2}">{_RESERVED_FILLS}')
        parts += [_fill_xml(f) for f in self._fills]
        parts.append(f'</fills><borders count="{len(self._borders) + 1}">{_EMPTY_BORDER}')
        parts += [_border_xml(b) for b in self._borders]
        parts.append('</borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" />'
                     f'</cellStyleXfs><cellXfs count="{len(self._xfs)}">')
        for number_format, font, fill, border, alignment, quote in self._xfs:
            head = (f'<xf numFmtId="{number_format}" fontId="{font}" fillId="{fill}" borderId="{border}"'
                    + (' applyAlignment="1"' if alignment else "")
                    + f' pivotButton="0" quotePrefix="{int(quote)}" xfId="0"')
            parts.append(f"{head}>{_alignment_xml(alignment)}</xf>" if alignment else f"{head} />")
        parts.append('</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0" hidden="0" />'
                     '</cellStyles><tableStyles count="0" defaultTableStyle="TableStyleMedium9" '
                     'defaultPivotStyle="PivotStyleLight16" /><colors><indexedColors>')
        parts += [f'<rgbColor rgb="{c}" />' for c in _INDEXED_COLOURS]
        parts.append("</indexedColors></colors></styleSheet>")
        return "".join(parts)
