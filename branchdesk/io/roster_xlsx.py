"""The roster workbook (党员花名册): the columns every branch's sheet has today, read and written."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, fields
from datetime import date
from itertools import repeat, starmap
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from branchdesk.domain.dates import DateParseError, MonthOnlyDate, parse_date
from branchdesk.domain.idcard import birth_date_as_written, mask_id_number, mask_phone
from branchdesk.domain.roster.records import MemberInput, MemberRecord, month_only_problem
from branchdesk.domain.synonyms import COMMITTEE_POST
from branchdesk.domain.validation import FieldError
from branchdesk.io.xlsx_reader import Column, cell_text, read_table
from branchdesk.io.xlsx_writer import save_workbook, write_table, write_template_workbook

ROSTER_COLUMNS = [
    Column("序号"),
    Column("姓名", required=True),
    Column("性别"),
    Column("民族"),
    Column("公民身份号码", ("身份证号", "身份证号码", "身份证"), required=True),
    Column("出生日期", ("出生年月", "出生年月日", "出生时间")),
    Column("学历", ("文化程度",)),
    Column("所在党支部", ("所在支部", "所在党组织", "党支部"), required=True),
    Column("党小组", ("所在党小组",)),
    Column("人员类别", ("党员类别", "类别"), required=True),  # "类别" under 党籍情况 (trial L)
    Column("入党日期", ("入党时间",), required=True),
    Column("转正日期", ("转正时间",)),
    Column("工作岗位", ("岗位", "职务", "工作单位及职务", "职务（岗位）", "岗位（职务）", "职务/岗位", "岗位/职务")),
    Column("联系电话", ("手机", "手机号", "手机号码", "电话", "联系方式")),
    Column("备注",),
]
HEADERS = [c.name for c in ROSTER_COLUMNS]
# Read as well (issue 13): a roster's 党内职务 column gives the branch committee's posts.
READ_COLUMNS = [*ROSTER_COLUMNS, Column("党内职务", ("党内职位", "支部职务", "党内任职", "党组织职务")),
                # issue 16, item 8: the day a member moved to the branch now named (a dated 支部调整)
                Column("支部调整日期", ("调整日期", "调入本支部日期", "转入本支部日期", "党小组调整日期"))]
TITLE = "党员花名册"


@dataclass
class RosterRow:
    row: int  # Excel row number
    data: MemberInput
    columns: dict[str, str]  # canonical name -> Excel column letter, for messages
    post: str = ""  # 党内职务 as written ("" when none)


def _date(value: object, name: str, errors: list[FieldError]) -> date | None:
    if value.__class__ is date or value is None:  # an Excel date cell, or a blank: nothing to parse
        return value
    try:
        return parse_date(value)
    except MonthOnlyDate as exc:  # "1996.07": said why the day is needed, not "无法识别" (T10-4)
        errors.append(FieldError(name, month_only_problem(name, exc.text)))
        return None
    except DateParseError as exc:
        errors.append(FieldError(name, str(exc)))
        return None


def is_month_header(header: str) -> bool:
    """出生年月 (not 出生年月日, not 出生日期): the column holds a year and month."""
    return "年月" in header and "日" not in header


def _id_number(value: object, errors: list[FieldError]) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool):
        errors.append(FieldError(
            "公民身份号码",
            "单元格存成了数字（Excel 只保留15位有效数字，号码可能已被改动），请把该列设为“文本”格式后重新填写",
        ))
        return ""
    return cell_text(value)


def _birth(value: object, id_number: str, errors: list[FieldError], month_column: bool) -> date | None:
    """出生年月 "1972.03" is completed by the ID number when they agree (domain.idcard)."""
    if value.__class__ is date and not month_column:  # an Excel date cell (most rows): as written
        return value
    try:
        return birth_date_as_written(value, id_number, month_column=month_column)
    except DateParseError as exc:
        errors.append(FieldError("出生日期", str(exc)))
        return None


# the text fields of a member (MemberInput's attribute: the column read)
_TEXTS = {"name": "姓名", "sex": "性别", "ethnicity": "民族", "education": "学历", "branch": "所在党支部",
          "group": "党小组", "category": "人员类别", "position": "工作岗位", "phone": "联系电话", "note": "备注"}
_DATES = {"join_date": "入党日期", "full_date": "转正日期", "moved_on": "支部调整日期"}
_FIELDS = tuple(f.name for f in fields(MemberInput))  # the order MemberInput takes its fields in
_NONE = type(None)


def row_to_input(record: dict[str, object], *, month_column: bool = False) -> MemberInput:
    """A record as `read_table` gives it; `month_column`: the file heads its birth dates 出生年月 (a
    year and month)."""
    return records_to_inputs([record], month_column=month_column)[0]


def records_to_inputs(records: list[dict[str, object]], *, month_column: bool = False) -> list[MemberInput]:
    """`row_to_input` of each record, read a column at a time (issue 18: an import reads 10,000 rows).
    A column whose cells are all of the type the field takes (text; a date cell or a blank) is taken
    as it is in one step; any other is read cell by cell as before. Each row's problems are in the
    order its cells are read: the ID number, the birth date, then the other dates. The members are
    made with their fields in order, not by name (a fifth of the cost of 16 keywords)."""
    errors: list[list[FieldError]] = [[] for _record in records]
    column: dict[str, list[Any]] = {}
    for attr, name in _TEXTS.items():
        values = [record.get(name) for record in records]
        column[attr] = values if set(map(type, values)) <= {str} else [
            value if isinstance(value, str) else "" if value is None else cell_text(value) for value in values]
    numbers = [record.get("公民身份号码") for record in records]
    column["id_number"] = list(map(cell_text, numbers)) if set(map(type, numbers)) <= {str} else [
        _id_number(value, problems) for value, problems in zip(numbers, errors, strict=True)]
    births = [record.get("出生日期") for record in records]
    column["birth_date"] = births if not month_column and set(map(type, births)) <= {date} else [
        _birth(value, number, problems, month_column)
        for value, number, problems in zip(births, column["id_number"], errors, strict=True)]
    for attr, name in _DATES.items():
        values = [record.get(name) for record in records]
        column[attr] = values if set(map(type, values)) <= {date, _NONE} else [
            _date(value, name, problems) for value, problems in zip(values, errors, strict=True)]
    column["extra_errors"] = errors
    return list(starmap(MemberInput, zip(*(column[attr] for attr in _FIELDS), strict=True)))


def read_roster(
    path: Path,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> list[RosterRow]:
    return read_roster_sheet(path, progress, cancelled)[0]


def read_roster_sheet(
    path: Path,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> tuple[list[RosterRow], list[str], list[str]]:
    """The rows, the title rows above the header ("大同市第二中学校党委党员花名册") and notes for the report
    (the posts read from the job column: posts_from_job)."""
    table = read_table(Path(path), READ_COLUMNS, progress=progress, cancelled=cancelled)
    month_column = is_month_header(table.written_headers.get("出生日期", ""))
    records = [record for _number, record in table.rows]
    # 党内职务: a text cell as the reader cleaned it, any other as cell_text writes it, a blank ""
    posts = ["" if post is None else post if isinstance(post, str) else cell_text(post)
             for post in map(dict.get, records, repeat("党内职务"))]
    rows = list(starmap(RosterRow, zip([number for number, _record in table.rows],
                                       records_to_inputs(records, month_column=month_column),
                                       repeat(table.column_letters, len(records)), posts, strict=True)))
    notes = [] if "党内职务" in table.columns else posts_from_job(rows, table.written_headers.get("工作岗位", ""))
    return rows, table.title_rows, notes


_PARTS = re.compile(r"[、,，;；/／\s]+")


def job_and_post(text: str) -> tuple[str, str]:
    """"教师、支部书记" → ("教师", "支部书记"): a committee post written in the job cell, and the job without
    it; (text, "") when the cell names no post or more than one. Only a word naming the branch's
    committee counts ("支部书记", "组织委员", "支委"): "组织" or "宣传" alone may be a job."""
    parts = [p for p in _PARTS.split(text.strip()) if p]
    found = [p for p in parts if COMMITTEE_POST.lookup(p) and ("书记" in p or "委员" in p or p == "支委")]
    if len(found) != 1:
        return text, ""
    return "、".join(p for p in parts if p != found[0]), found[0]


def posts_from_job(rows: list[RosterRow], header: str) -> list[str]:
    """Trial L, TL-13: a roster without a 党内职务 column that writes the posts in its job column
    ("职务（岗位）": "教师、支部书记"): each post is read as the member's 党内职务 (the branch committee,
    domain.md §1 ORG-COMMITTEE) and the job keeps the rest; the report names them."""
    said = []
    for row in rows:
        position = row.data.position
        if "书记" not in position and "委员" not in position and "支委" not in position:
            continue  # no post named (job_and_post's own test): nearly every cell, told in C (issue 18)
        job, post = job_and_post(position)
        if post:
            row.data.position, row.post = job, post
            said.append(f"{row.data.name}（{post}）")
    if not said:
        return []
    letter = rows[0].columns.get("工作岗位", "")
    column = f"“{header.replace('(', '（').replace(')', '）')}”（{letter} 列）"
    return [f"{column}中写有支部委员会职务，已按“党内职务”读取，工作岗位保留其余内容：{'、'.join(said)}，共 {len(said)} 人"]


def roster_values(member: MemberRecord, index: int, *, masked: bool) -> list[object]:
    return [
        index, member.name, member.sex, member.ethnicity,
        mask_id_number(member.id_number) if masked else member.id_number,
        member.birth_date, member.education, member.branch, member.group, member.category,
        member.join_date, member.full_date, member.position,
        mask_phone(member.phone) if masked else member.phone, member.note,
    ]


def write_roster(path: Path, members: Iterable[MemberRecord], *, masked: bool = True, school: str = "") -> int:
    """Write the roster in the import template's shape (round trip); return the number of rows."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = TITLE
    rows = [roster_values(m, i, masked=masked) for i, m in enumerate(members, start=1)]
    note = ("公民身份号码和联系电话已遮蔽（身份证号仅显示前6位和后4位）。" if masked
            else "本表含完整公民身份号码和联系电话，属于个人信息，请妥善保管。")
    subtitle = f"{school}　导出日期：{date.today():%Y-%m-%d}　共 {len(rows)} 人。{note}".strip()
    write_table(
        sheet, f"{school}{TITLE}" if school else TITLE, HEADERS, rows, subtitle=subtitle,
        min_widths={"公民身份号码": 21, "所在党支部": 14, "出生日期": 12, "入党日期": 12, "转正日期": 12},
        text_columns=("公民身份号码", "联系电话"),
    )
    save_workbook(workbook, Path(path))
    return len(rows)


def write_template(path: Path) -> None:
    """An empty roster with a note on how to fill it in, and one example row to delete."""
    guide = (
        "填写说明：带 * 的列必填；公民身份号码请设为文本格式（18位）；日期可写 2019-07-01、2019/7/1、2019年7月1日 等；"
        "人员类别填“正式党员”或“预备党员”；党内职务填 书记、副书记、组织委员、宣传委员、纪检委员 等（支部委员会的组成），"
        "普通党员留空；表中不存在的党支部、党小组会在导入时自动建立；同一身份证号重复导入会更新原记录。"
    )
    write_template_workbook(Path(path), TITLE, [(c.name, c.required) for c in READ_COLUMNS], guide,
                            guide_height=45, text_columns=("公民身份号码", "联系电话"))
