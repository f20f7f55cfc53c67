"""How teachers head the 发展党员工作台账's step columns, and the check that none of them is left out
(trial L, TL-1).

A branch's own ledger names a step by its date ("支部大会讨论接收日期"), by its time ("…时间") or by the step
alone ("支部大会接收", "党委审批", "转正审批"); its vote stands in "应到 | 实到 | 赞成" beside the meeting. Each
such header is read as that step (domain.md §4: steps 3, 15, 17, 22–24 — 党籍 starts at the 支部大会's day).

A header that still names a step this import cannot place ("党委审批情况") and holds dates refuses the file,
naming her column and the template's name for it: a "successful" import without the admission, the
approval or the 转正 would lose them silently (project principle: nothing a user entered is dropped).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from openpyxl.utils import get_column_letter

from branchdesk.io.xlsx_header import clean_header, hours_unit_problem
from branchdesk.io.xlsx_reader import ImportFileError, ReadNotice, SheetTable, open_workbook, tell

_DAY_WORDS = ("日期", "时间")
# the bare step ("支部大会接收") is read only when it says enough alone: "入党", "谈话", "审批" do not
_BARE_MIN = 4


def step_spellings(name: str, synonyms: Iterable[str] = ()) -> tuple[str, ...]:
    """Every spelling of a dated column: each given one, with 日期 and 时间 exchanged, and without them."""
    spellings: list[str] = []
    for spelling in (name, *synonyms):
        base = next((spelling[: -len(w)] for w in _DAY_WORDS if spelling.endswith(w)), "")
        for found in (spelling, *(base + w for w in _DAY_WORDS if base), *((base,) if len(base) >= _BARE_MIN else ())):
            if found != name and found not in spellings:
                spellings.append(found)
    return tuple(spellings)


# a vote written without saying whose (应到 | 实到 | 赞成): read as the admission's (step 15) when it stands
# between the 支部大会讨论接收 column and the 支部大会讨论转正 one (VOTE-QUORUM, VOTE-PASS)
BARE_VOTE_WORDS: tuple[tuple[str, ...], ...] = (
    ("应到", "应到人数", "应到表决人数"), ("实到", "实到人数", "实到表决人数"), ("赞成", "赞成票", "赞成票数", "赞成人数"))

# words in a header that name a step, and the template's column for it (the first match counts)
_STEP_WORDS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("转正", "审批"), "转正审批日期"), (("转正", "批准"), "转正审批日期"), (("讨论转正",), "支部大会讨论转正日期"),
    (("支部大会", "转正"), "支部大会讨论转正日期"), (("转正", "申请"), "转正申请日期"),
    (("积极分子", "备案"), "积极分子报上级党委备案日期"), (("发展对象", "备案"), "发展对象报上级党委备案日期"),
    (("备案",), "再上一级组织部门备案日期"),
    # a 公示 names its own column before the step it follows (trial R TR-10: "发展对象公示" was told to be
    # 确定发展对象日期, "预审后公示" 上级党委预审日期 — renamed so, the range would have gone into another step)
    (("发展对象", "公示"), "发展对象公示起止"), (("预审", "公示"), "预审后公示起止"),
    (("积极分子",), "确定入党积极分子日期"), (("发展对象",), "确定发展对象日期"),
    (("介绍人",), "确定入党介绍人日期"), (("接收",), "支部大会讨论接收日期"), (("预审",), "上级党委预审日期"),
    (("审批",), "上级党委审批日期"), (("批准",), "上级党委审批日期"), (("宣誓",), "入党宣誓日期"),
    (("志愿书",), "填写入党志愿书日期"), (("政审",), "政治审查日期"), (("政治审查",), "政治审查日期"),
    (("培训",), "集中培训日期"), (("审查",), "支部委员会审查日期"), (("谈话",), "谈话日期"), (("申请",), "申请入党日期"),
    (("归档",), "材料归档日期"), (("公示",), "发展对象公示起止"), (("编入",), "编入党支部和党小组日期"),
    (("转正",), "转正申请日期、支部大会讨论转正日期或转正审批日期之一"),
)


def step_named(header: str) -> str:
    """The template's column a header seems to name ("党委审批情况" → 上级党委审批日期), or ""."""
    text = clean_header(header)
    return next((column for words, column in _STEP_WORDS if all(w in text for w in words)), "")


def check_bare_votes(table: SheetTable, names: Mapping[int, tuple[str, str, str]]) -> None:
    """Refuse a bare "应到 | 实到 | 赞成" read as the admission's vote where it does not stand after the
    支部大会讨论接收 column (and before the 支部大会讨论转正 one): whose vote it is cannot be known."""
    bare = {clean_header(w) for words in BARE_VOTE_WORDS for w in words}
    admitted, converted = table.columns.get("支部大会讨论接收日期"), table.columns.get("支部大会讨论转正日期")
    _conversion_vote(table, names, bare, admitted, converted)
    wrong = []
    for position, name in enumerate(names[15]):
        index = table.columns.get(name)
        written = table.written_headers.get(name, "")
        if index is None or clean_header(written) not in bare:
            continue
        if admitted is None or index < admitted or (converted is not None and index > converted):
            wrong.append(f"“{written}”（{get_column_letter(index + 1)} 列）：如是支部大会讨论接收的表决，请改为“{name}”，"
                         f"如是讨论转正的，请改为“{names[23][position]}”")
    if wrong:
        raise ImportFileError("表决人数的列不在“支部大会讨论接收日期”之后，无法确定是哪一次支部大会的表决："
                              + "；".join(wrong) + "。请改正表头后重新导入，没有写入任何数据")


def _conversion_vote(table: SheetTable, names: Mapping[int, tuple[str, str, str]], bare: set[str],
                     admitted: int | None, converted: int | None) -> None:
    """One bare "应到 | 实到 | 赞成" block standing after the 支部大会讨论转正 column, the nearest meeting before it
    (a 接收 column, if any, stands before 转正), and no 转正 vote named otherwise: that block is step 23's vote
    (VOTE-QUORUM, VOTE-PASS; 细则 第三十二条) — its place says whose it is, as a second block's does (Column.again).
    The rows' values move with the header and the report says how the block was read."""
    if converted is None or (admitted is not None and admitted > converted) or any(n in table.columns for n in names[23]):
        return
    block = [(name, table.columns.get(name), table.written_headers.get(name, "")) for name in names[15]]
    if any(index is None or index < converted or clean_header(written) not in bare for _n, index, written in block):
        return
    for (old, index, written), new in zip(block, names[23], strict=True):
        assert index is not None  # checked above
        table.columns[new] = table.columns.pop(old)
        if old in table.column_letters:
            table.column_letters[new] = table.column_letters.pop(old)
        table.written_headers[new] = table.written_headers.pop(old, written)
        for _number, record in table.rows:
            if old in record:
                record[new] = record.pop(old)
    said = "、".join(f"“{written}”（{get_column_letter(index + 1)} 列）" for _n, index, written in block if index is not None)
    note = (f"{said}在“{table.written_headers.get('支部大会讨论转正日期', '支部大会讨论转正日期')}”之后，"
            "按支部大会讨论转正的表决（应到、实到表决人数和赞成票数）读取")
    table.notes.append(note)
    tell(ReadNotice("note", note))


def check_unread_steps(path: Path, table: SheetTable, lookup: Mapping[str, str], scan_rows: int,
                       hours: str = "") -> None:
    """Refuse the file when a header cell this import does not read names a step and its column holds
    something below the header: the message names the sheet, the cell and the template's column. A column
    of `hours` (集中培训学时) in a unit not its own ("集中培训学时（小时）", "培训时长（h）": clock hours, 3 小时 = 4
    学时) holding something is refused likewise, saying how to convert it, not dropped with a warning."""
    workbook = open_workbook(path)
    refused: list[str] = []
    units: list[str] = []
    try:
        for name in table.sheets:
            found = _unread_steps(workbook[name], lookup, scan_rows, name if len(table.sheets) > 1 else "", hours)
            refused += [said for said, unit in found if not unit]
            units += [said for said, unit in found if unit]
    finally:
        workbook.close()
    parts = ["以下列不是按学时填写的，列中的内容无法导入：" + "；".join(units)] if units else []
    if refused:
        parts.append("以下列的表头是发展党员的步骤，但本导入不认识这个写法，列中的内容无法导入：" + "；".join(refused)
                     + "。请把表头改为台账模板中的名称后重新导入")
    if parts:
        raise ImportFileError("。".join(parts) + "，没有写入任何数据")


def _unread_steps(sheet: object, lookup: Mapping[str, str], scan_rows: int, sheet_name: str,
                  hours: str = "") -> list[tuple[str, bool]]:
    """Each unread header naming a step (or, with `hours`, a 学时 in another unit) over something: what to say,
    and whether it is the unit."""
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]  # type: ignore[attr-defined]
    known = [[clean_header(v) in lookup for v in row] for row in rows]
    top = next((i for i, row in enumerate(known[:scan_rows]) if sum(row) >= 2), None)
    if top is None:
        return []
    band = [top, top + 1] if top + 1 < len(rows) and any(known[top + 1]) else [top]
    where = f"工作表“{sheet_name}”" if sheet_name else ""
    said: list[tuple[str, bool]] = []
    for index in band:
        for position, value in enumerate(rows[index]):
            unread = value is not None and not known[index][position]
            unit = hours_unit_problem(str(value), hours) if unread and hours else ""
            column = step_named(str(value)) if unread and not unit else ""
            under = [r[position] if position < len(r) else None for r in rows[band[-1] + 1:]]
            group = index < band[-1] and position < len(rows[band[-1]]) and known[band[-1]][position]
            if not (column or unit) or group or all(v is None or str(v).strip() == "" for v in under):
                continue
            cell = f"{where}第 {index + 1} 行 {get_column_letter(position + 1)} 列“{str(value).strip()}”"
            said.append((f"{cell}的{unit}", True) if unit else (f"{cell}（台账模板中的名称：{column}）", False))
    return said
