"""The look and print set-up every workbook we write shares, as plain values: the exports build
openpyxl styles from them (io.xlsx_writer) and the annual workbook writes them straight into its XML
(io.xlsx_package, io.xlsx_styles), so a header colour or a margin is defined once. No openpyxl here:
the annual workbook's command must not pay for importing it (issue 18)."""

from __future__ import annotations

import re

FONT_NAME = "宋体"
BORDER_STYLE = "thin"
BORDER_COLOUR = "808080"
HEADER_FILL_COLOUR = "F2DCDB"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # text that starts so is written with a quote prefix
EXCEL_CELL_LIMIT = 32_767  # characters Excel keeps in one cell; a longer text makes it report damage
TOO_LONG = "…（超出 Excel 单元格长度，其余从略）"
DEFAULT_COLUMN_WIDTH = 13  # what Excel (and openpyxl) take for a column without a width

# print set-up: A4 landscape, one page wide, header row repeated, centred, page X of Y in the footer
PAPER_A4 = 9
ORIENTATION = "landscape"
FIT_TO_WIDTH = 1
FIT_TO_HEIGHT = 0  # as many pages tall as needed
MARGIN_SIDES = 0.4  # inches, left and right
MARGIN_TOP_BOTTOM = 0.6
MARGIN_HEADER_FOOTER = 0.5  # Excel's default, written with the others
FOOTER_CENTRE = "第 &P 页 共 &N 页"

# CJK and everything after it, spelt as "not below U+2E80": the same set, compiled in a fifth of the time
# (compiling is paid by every command that writes a workbook)
_WIDE = re.compile("[^\x00-\u2e7f]")


def text_width(text: str) -> int:
    """Display width in Excel character units: a CJK character is about two Latin ones. (A regular
    expression rather than a loop over characters: the annual workbook measures every cell.)"""
    if text.isascii():
        return len(text)
    return len(text) + len(_WIDE.findall(text))
