"""What a cell says as text, and whether a row is a table's footer — the small readings every importer
shares (split from xlsx_reader, which reads whole tables). A footer is told, never silently dropped: the
readers name each row they pass over as 表尾 (trial R, TR-6/TR-7)."""

from __future__ import annotations

import re

from branchdesk.domain.text import clean_cell


def shorten(text: str, limit: int = 30) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "…"


def cell_text(value: object) -> str:
    """A cell as trimmed text; whole floats lose their '.0' (an Excel number typed as text elsewhere)."""
    if type(value) is str:  # nearly every call, often on a cell the reader cleaned already
        return value.strip() if value.isprintable() else clean_cell(value)
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return clean_cell(str(value))


# A table's footer, written under the last row: "合计：12人", "制表人：李华", "填表日期：…", "审核：…", "收款人：…", a
# note under it ("说明：12月主题党日定于12月15日开展。", "注：…", trial R TR-7). Such a row is skipped only when
# the columns a record needs are blank, so no data is ever dropped.
_FOOTER = re.compile(r"^(合计|总计|小计|共计|制表|填表|填报人|填报日期|审核|备注[:：]|说明[:：]|注[:：]|注意[:：]|收款人[:：]|经办人[:：]|负责人[:：]|支部书记[:：]|记账人[:：])")
# A totals row: its first cell (the 序号 column) is 合计/小计/总计/共计 alone, whatever stands beside it
# ("合计 | 38人（其中预备党员2人，退休党员6人）", "合计 | 青蓝工程5对，帮扶学生4人", "合计 | 44人次": trial R TR-6,
# every such file was refused as a member, a pair or a study record). The word must be the whole cell (or end
# in a colon): "总计划" is no total. A row holding every column a record needs is still read (a 序号 typed over).
_TOTAL = re.compile(r"^(合计|总计|小计|共计)([:：].*)?$")


def footer_text(values: list[object]) -> str:
    """The text of a row's first non-empty cell when it reads as a table's footer, else ""."""
    first = next((v for v in values if v not in (None, "")), None)
    if not isinstance(first, str):
        return ""
    text = clean_cell(first)
    return text if _FOOTER.match(re.sub(r"[\s\u3000]", "", text)) else ""


def totals_text(values: list[object]) -> str:
    """For a totals row (its first non-empty cell is 合计/小计/总计/共计 alone, `_TOTAL`): the row's cells as
    written, joined by blanks ("合计 38人（其中预备党员2人，退休党员6人）"), to be named as a footer; else ""."""
    written = [v for v in values if v not in (None, "") and not (isinstance(v, str) and not v.strip())]
    if not written or not isinstance(written[0], str) or not _TOTAL.match(re.sub(r"[\s\u3000]", "", written[0])):
        return ""
    return " ".join(clean_cell(v) if isinstance(v, str) else cell_text(v) for v in written)
