"""The 发展党员工作台账 workbook (issue 4): the columns branches keep, read and written.

One row per person; each date column is one step (see LEDGER_STEPS). 培养联系人 and 入党介绍人 list
names separated by "、" or ","; the ledger has no date of their own, so they are recorded on the
steps that name them (指定培养联系人 with 确定入党积极分子, 确定入党介绍人 with 确定发展对象).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from openpyxl import Workbook

from branchdesk.domain.dates import DateParseError, parse_date
from branchdesk.domain.development.records import DevelopmentCase, PersonInput, split_people
from branchdesk.domain.development.steps import Role
from branchdesk.domain.idcard import birth_date_as_written, mask_id_number
from branchdesk.domain.validation import FieldError
from branchdesk.io.roster_xlsx import is_month_header
from branchdesk.io.xlsx_reader import Column, cell_text, read_table
from branchdesk.io.xlsx_writer import save_workbook, write_table

TITLE = "发展党员工作台账"
# ledger column -> step number
LEDGER_STEPS: dict[str, int] = {
    "申请入党日期": 1, "谈话日期": 2, "确定入党积极分子日期": 3, "确定发展对象日期": 7, "政治审查日期": 10,
    "集中培训日期": 11, "支部大会讨论接收日期": 15, "上级党委审批日期": 17, "入党宣誓日期": 20,
    "转正申请日期": 22, "支部大会讨论转正日期": 23, "转正审批日期": 24,
}
_SYNONYMS: dict[str, tuple[str, ...]] = {
    "申请入党日期": ("递交入党申请书日期", "入党申请日期", "申请入党时间", "递交申请书时间"),
    "谈话日期": ("派人谈话日期", "谈话时间"),
    "确定入党积极分子日期": ("确定积极分子日期", "确定为入党积极分子时间", "确定入党积极分子时间"),
    "确定发展对象日期": ("确定为发展对象时间", "确定发展对象时间"),
    "政治审查日期": ("政审日期", "政审时间"),
    "集中培训日期": ("培训日期", "集中培训时间"),
    "支部大会讨论接收日期": ("支部大会接收日期", "接收预备党员日期", "入党日期", "支部大会讨论接收时间"),
    "上级党委审批日期": ("党委审批日期", "审批日期", "上级党委审批时间"),
    "入党宣誓日期": ("宣誓日期", "入党宣誓时间"),
    "转正申请日期": ("提出转正申请日期", "转正申请时间"),
    "支部大会讨论转正日期": ("支部大会转正日期", "支部大会讨论转正时间"),
    "转正审批日期": ("转正批准日期", "上级党委审批转正日期", "转正审批时间"),
}
LEDGER_COLUMNS = [
    Column("序号"),
    Column("姓名", required=True),
    Column("性别"),
    Column("出生日期", ("出生年月", "出生年月日", "出生时间")),
    Column("公民身份号码", ("身份证号", "身份证号码", "身份证"), required=True),
    Column("所在党支部", ("所在支部", "党支部", "所在党组织"), required=True),
    *(Column(name, _SYNONYMS.get(name, ())) for name in list(LEDGER_STEPS)[:4]),
    Column("培养联系人", ("培养人",)),
    Column("入党介绍人", ("介绍人",)),
    *(Column(name, _SYNONYMS.get(name, ())) for name in list(LEDGER_STEPS)[4:]),
    Column("备注"),
]
# the export's column order: the order, 序号 first and 备注 last
HEADERS = ["序号", "姓名", "性别", "出生日期", "公民身份号码", "所在党支部", "申请入党日期", "谈话日期",
           "确定入党积极分子日期", "培养联系人", "确定发展对象日期", "入党介绍人", "政治审查日期", "集中培训日期",
           "支部大会讨论接收日期", "上级党委审批日期", "入党宣誓日期", "转正申请日期", "支部大会讨论转正日期",
           "转正审批日期", "备注"]
_RANGE = re.compile(r"^\s*(.+?)\s*(?:至|到|~|～|—|--)\s*(.+?)\s*$")


@dataclass
class LedgerRow:
    row: int
    person: PersonInput
    steps: dict[int, tuple[date, date | None, date | None]]  # step -> (date, start, end)
    people: dict[Role, list[str]]
    columns: dict[str, str]  # canonical column -> Excel letter
    errors: list[FieldError] = field(default_factory=list)


def _date(value: object, column: str, errors: list[FieldError]) -> date | None:
    try:
        return parse_date(value)
    except DateParseError as exc:
        errors.append(FieldError(column, str(exc)))
        return None


def _step_value(value: object, column: str, errors: list[FieldError]) -> tuple[date, date | None, date | None] | None:
    """A date, or for 集中培训 a range "2025-10-10至2025-10-12" (recorded as start, end; the step's date
    is the last day)."""
    match = _RANGE.match(value) if isinstance(value, str) and column == "集中培训日期" else None
    if match:
        start, end = _date(match.group(1), column, errors), _date(match.group(2), column, errors)
        if start is None or end is None:
            return None
        if end < start:
            errors.append(FieldError(column, f"结束日期 {end:%Y-%m-%d} 早于开始日期 {start:%Y-%m-%d}"))
            return None
        return end, start, end
    day = _date(value, column, errors)
    return (day, None, None) if day else None


def _id_number(value: object, errors: list[FieldError]) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool):
        errors.append(FieldError(
            "公民身份号码",
            "单元格存成了数字（Excel 只保留15位有效数字，号码可能已被改动），请把该列设为“文本”格式后重新填写"))
        return ""
    return cell_text(value)


def parse_row(number: int, record: dict[str, object], letters: dict[str, str], today: date, *,
              month_column: bool = False) -> LedgerRow:
    errors: list[FieldError] = []
    id_number = _id_number(record.get("公民身份号码"), errors)
    try:  # 出生年月 "1972.03" is completed by the ID number when they agree (domain.idcard)
        birth = birth_date_as_written(record.get("出生日期"), id_number, month_column=month_column)
    except DateParseError as exc:
        errors.append(FieldError("出生日期", str(exc)))
        birth = None
    person = PersonInput(
        name=cell_text(record.get("姓名")), id_number=id_number,
        sex=cell_text(record.get("性别")), birth_date=birth,
        branch=cell_text(record.get("所在党支部")), note=cell_text(record.get("备注")),
    )
    steps: dict[int, tuple[date, date | None, date | None]] = {}
    for column, step in LEDGER_STEPS.items():
        value = _step_value(record.get(column), column, errors)
        if value is None:
            continue
        if value[0] > today:
            errors.append(FieldError(column, f"{value[0]:%Y-%m-%d} 晚于今天；台账只记录已经完成的步骤"))
            continue
        steps[step] = value
    people = {Role.CONTACT: split_people(cell_text(record.get("培养联系人"))),
              Role.INTRODUCER: split_people(cell_text(record.get("入党介绍人")))}
    return LedgerRow(number, person, steps, people, letters, errors)


def read_ledger(path: Path, today: date | None = None, progress: Callable[[int, int], None] | None = None,
                cancelled: Callable[[], bool] | None = None) -> list[LedgerRow]:
    today = today or date.today()
    table = read_table(Path(path), LEDGER_COLUMNS, progress=progress, cancelled=cancelled)
    month_column = is_month_header(table.written_headers.get("出生日期", ""))  # 出生年月
    return [parse_row(number, record, table.column_letters, today, month_column=month_column)
            for number, record in table.rows]


def ledger_values(case: DevelopmentCase, index: int, *, masked: bool) -> list[object]:
    def on(step: int) -> object:
        record = case.steps.get(step)
        if record is None:
            return None
        if step == 11 and record.start_on and record.end_on and record.start_on != record.end_on:
            return f"{record.start_on:%Y-%m-%d}至{record.end_on:%Y-%m-%d}"
        return record.on

    names = {role: "、".join(p.name for p in case.people_in(role)) for role in (Role.CONTACT, Role.INTRODUCER)}
    extras = ("" if case.outcome.value in ("进行中", "已转正")
              else f"{case.outcome.value}（{case.outcome_on or ''}）{case.outcome_reason}",
              f"延长预备期{case.extension_months}个月" if case.extension_months else "")
    # outcomes have no column of their own; a re-imported 备注 already holding them is not repeated
    note = "；".join(x for x in (case.note, *(e for e in extras if e not in case.note)) if x)
    return [index, case.name, case.sex, case.birth_date, mask_id_number(case.id_number) if masked else case.id_number,
            case.branch, on(1), on(2), on(3), names[Role.CONTACT], on(7), names[Role.INTRODUCER], on(10), on(11),
            on(15), on(17), on(20), on(22), on(23), on(24), note]


def write_ledger(path: Path, cases: Iterable[DevelopmentCase], *, masked: bool = True, school: str = "",
                 today: date | None = None) -> int:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = TITLE
    rows = [ledger_values(c, i, masked=masked) for i, c in enumerate(cases, start=1)]
    note = "公民身份号码已遮蔽（仅显示前6位和后4位）。" if masked else "本表含完整公民身份号码，属于个人信息，请妥善保管。"
    subtitle = f"{school}　导出日期：{today or date.today():%Y-%m-%d}　共 {len(rows)} 人。{note}".strip()
    widths = {h: 12 for h in HEADERS if h.endswith("日期")}
    widths.update({"公民身份号码": 21, "所在党支部": 14, "培养联系人": 12, "入党介绍人": 12, "集中培训日期": 22})
    write_table(sheet, f"{school}{TITLE}" if school else TITLE, HEADERS, rows, subtitle=subtitle,
                min_widths=widths, text_columns=("公民身份号码",))
    save_workbook(workbook, Path(path))
    return len(rows)


def write_template(path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = TITLE
    guide = ("填写说明：每人一行；姓名、公民身份号码（文本格式，18位）、所在党支部必填；日期可写 2019-07-01、2019/7/1、"
             "2019年7月1日 等；集中培训可写起止“2025-10-10至2025-10-12”；培养联系人、入党介绍人多人用“、”分隔。"
             "填写了“支部大会讨论接收日期”的，导入后自动编入党员名册（预备党员）；填写了“转正审批日期”的转为正式党员。")
    write_table(sheet, TITLE, HEADERS, [], subtitle=guide, min_widths={"公民身份号码": 21})
    sheet.row_dimensions[2].height = 45
    save_workbook(workbook, Path(path))
