"""赵老师's roster (trial L): a branch's own 花名册 under the title "中共宁远县第三中学委员会第二党支部党员花名册", a
two-row header ("基本情况" over 姓名 … 出生年月, "党籍情况" over 类别 | 入党时间 | 转正时间, the rest merged down),
"职务（岗位）" holding a committee post beside the job ("教师、支部书记"), 党小组 merged over its members, dates
in her five spellings. `branch_column` adds the 所在党支部 column she added after the first report."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl

from branchdesk.domain.idcard import make_id_number

TITLE = "中共宁远县第三中学委员会第二党支部党员花名册"
NAMES = ["张伟", "王芳", "李娜", "刘洋", "陈静", "杨帆", "赵敏", "黄磊", "周婷", "吴刚"]
POSTS = {0: "教师、支部书记", 1: "支部组织委员", 2: "支部宣传委员", 5: "教师、支部纪检委员", 8: "教研组长、支部委员"}
GROUPS = ["初一年级党小组", "初二年级党小组"]


def _joined(i: int) -> date:
    return date(1995 + i, 1 + (i * 5) % 12, 1 + i)


def write_roster(path: Path, *, branch_column: bool = True, title: str = TITLE) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "花名册"
    width = 13 if branch_column else 12
    sheet.append([title])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    sheet.append(["填报单位：第二党支部（盖章）        统计截止：2026年11月30日"])
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)
    upper = ["序号", "基本情况", None, None, None, "身份证号", "党小组", "党籍情况", None, None, "职务（岗位）", "联系方式"]
    lower = [None, "姓名", "性别", "民族", "出生年月", None, None, "人员类别", "入党时间", "转正时间", None, None]
    if branch_column:
        upper.append("所在党支部")
        lower.append(None)
    sheet.append(upper)
    sheet.append(lower)
    sheet.merge_cells("B3:E3")
    sheet.merge_cells("H3:J3")
    for column in ("A", "F", "G", "K", "L", *(("M",) if branch_column else ())):
        sheet.merge_cells(f"{column}3:{column}4")
    spell = [lambda d: f"{d.year}.{d.month}.{d.day}", lambda d: f"{d.year}年{d.month}月{d.day}日", lambda d: d,
             lambda d: f"{d.year}/{d.month:02d}/{d.day:02d}", lambda d: f"{d.year}-{d.month}-{d.day}"]
    for i, name in enumerate(NAMES):
        born = date(1968 + i, 1 + i % 12, 3 + i)
        joined = _joined(i)
        group = GROUPS[0] if i < 5 else GROUPS[1]
        row = [i + 1, name, "男" if i % 2 == 0 else "女", "汉族", f"{born.year}.{born.month:02d}",
               make_id_number("431126", born, 10 + i, i % 2 == 0), group if i in (0, 5) else None, "正式党员",
               spell[i % 5](joined), spell[i % 5](joined.replace(year=joined.year + 1)), POSTS.get(i, "教师"),
               f"138{i:08d}"]
        if branch_column:
            row.append("第二党支部")
        sheet.append(row)
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"
    sheet.merge_cells("G5:G9")
    sheet.merge_cells("G10:G14")
    sheet.append(["合计：10人"])
    workbook.save(path)
    return path
