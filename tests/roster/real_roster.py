"""A roster as a rural school keeps it (Qingshan): a title row naming the 党总支, 所在党支部 and 党小组
merged down over their members, 出生年月 written as year and month, and footer rows under the table."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from openpyxl import Workbook

from branchdesk.domain.idcard import make_id_number

TITLE = "中共青山镇中心学校总支部委员会党员花名册"
HEADERS = ["序号", "姓名", "性别", "身份证号码", "出生年月", "文化程度", "党员类别", "所在党支部", "党小组",
           "入党时间", "转正时间", "备注"]
BIRTHS = [date(1972, 3, 14), date(1980, 5, 2), date(1985, 11, 30), date(1990, 1, 8), date(1968, 7, 21),
          date(1975, 9, 9), date(1983, 4, 18), date(1979, 12, 1), date(1992, 6, 6)]


NAMES = ["张建国", "李秀英", "王海燕", "赵志强", "刘桂兰", "陈明", "杨丽", "黄伟", "周婷"]


def people(branch: str = "第一党支部", *, month_only: bool = True) -> list[list[object]]:
    """Nine members of one branch in two 党小组; 出生年月 as year.month (or the full date); branch and
    group only in the first row of their merged range."""
    rows = []
    for index, (name, born) in enumerate(zip(NAMES, BIRTHS, strict=True), start=1):
        id_number = make_id_number("140221", born, index, male=index % 2 == 1)
        birth = f"{born.year}.{born.month:02d}" if month_only else f"{born:%Y.%m.%d}"
        rows.append([index, name, "", id_number, birth, "大学本科", "正式党员",
                     branch if index == 1 else None, ("第一党小组" if index == 1 else "第二党小组" if index == 6 else None),
                     "2015-07-01", "2016-07-01", ""])
    return rows


def write_roster(path: Path, rows: list[list[object]] | None = None, *, footer: tuple[str, ...] = (
        "合计：9人", "制表人：李华", "填表日期：2026年3月1日"), title: str = TITLE) -> Path:
    """Title in row 1 (merged across), header in row 3, members from row 4: 所在党支部 merged H4:H12,
    党小组 I4:I8 and I9:I12, and the footer rows after one blank row."""
    rows = people() if rows is None else rows
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "花名册"
    sheet["A1"] = title
    sheet.merge_cells("A1:L1")
    sheet["A2"] = "填报单位（盖章）：                 截至2026年3月1日"
    sheet.append(HEADERS)
    for values in rows:
        sheet.append(values)
    last = 3 + len(rows)
    if len(rows) == 9:
        sheet.merge_cells(f"H4:H{last}")
        sheet.merge_cells("I4:I8")
        sheet.merge_cells(f"I9:I{last}")
    sheet.append([])
    for text in footer:
        sheet.append([text])
    for cells in sheet.iter_rows(min_row=4):
        for cell in cells:
            if isinstance(cell.value, str):
                cell.data_type = "s"
    workbook.save(path)
    return path
