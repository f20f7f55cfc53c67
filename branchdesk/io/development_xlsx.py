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

from branchdesk.domain.dates import DateParseError, parse_date, split_date_range
from branchdesk.domain.development.records import DevelopmentCase, PersonInput, split_people
from branchdesk.domain.development.steps import Role
from branchdesk.domain.idcard import birth_date_as_written, mask_id_number
from branchdesk.domain.study_hours.hours_words import hours_read_as
from branchdesk.domain.study_hours.records import DAYS_WRITTEN, parse_hours
from branchdesk.domain.validation import FieldError
from branchdesk.io.development_header import (
    BARE_VOTE_WORDS,
    check_bare_votes,
    check_unread_steps,
    step_spellings,
)
from branchdesk.io.roster_xlsx import is_month_header
from branchdesk.io.xlsx_header import header_lookup
from branchdesk.io.xlsx_reader import HEADER_SCAN_ROWS, Column, cell_text, read_table
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
# every other dated step a rule reads (issue 16, item 11): 备案, 预审, 志愿书, 上级党委谈话, 归档 …
DETAIL_STEPS: dict[str, int] = {
    "积极分子报上级党委备案日期": 4, "发展对象报上级党委备案日期": 8, "确定入党介绍人日期": 9, "支部委员会审查日期": 12,
    "上级党委预审日期": 13, "填写入党志愿书日期": 14, "上级党委派人谈话日期": 16, "再上一级组织部门备案日期": 18,
    "编入党支部和党小组日期": 19, "材料归档日期": 25,
}
# 公示 kept as a range in one cell ("2026-06-01至2026-06-05"): 细则2026 before listing a 发展对象, 细则2014 after 预审
PUBLICITY_COLUMNS: dict[str, int] = {"发展对象公示起止": 7, "预审后公示起止": 13}
# the vote of a 支部大会 (VOTE-QUORUM, VOTE-PASS): 应到 / 实到 有表决权的正式党员, 赞成票
VOTE_COLUMNS: dict[int, tuple[str, str, str]] = {
    15: ("接收应到表决人数", "接收实到表决人数", "接收赞成票数"),
    23: ("转正应到表决人数", "转正实到表决人数", "转正赞成票数"),
}
HOURS_COLUMN = "集中培训学时"
LEAVING_COLUMN = "预计离开本单位日期"
_DETAIL_SYNONYMS: dict[str, tuple[str, ...]] = {
    "上级党委预审日期": ("预审日期", "党委预审日期"), "填写入党志愿书日期": ("志愿书填写日期", "填写志愿书日期"),
    "上级党委派人谈话日期": ("党委谈话日期", "组织员谈话日期"), "材料归档日期": ("归档日期",),
    "发展对象公示起止": ("发展对象公示时间", "公示起止", "发展对象公示"),
    "预审后公示起止": ("预审公示起止", "预审公示时间", "预审后公示", "预审后公示时间"),
    "积极分子报上级党委备案日期": ("积极分子备案日期",), "发展对象报上级党委备案日期": ("发展对象备案日期",),
    "支部委员会审查日期": ("支委会审查日期",), "编入党支部和党小组日期": ("编入党小组日期",),
}
LEDGER_COLUMNS = [
    Column("序号"),
    Column("姓名", required=True),
    Column("性别"),
    Column("出生日期", ("出生年月", "出生年月日", "出生时间")),
    Column("公民身份号码", ("身份证号", "身份证号码", "身份证"), required=True),
    Column("所在党支部", ("所在支部", "党支部", "所在党组织"), required=True),
    # a step as teachers head it: "…时间" or the step alone ("支部大会接收", "党委审批"; io.development_header)
    *(Column(name, step_spellings(name, _SYNONYMS.get(name, ()))) for name in list(LEDGER_STEPS)[:4]),
    Column("培养联系人", ("培养人",)),
    Column("入党介绍人", ("介绍人",)),
    *(Column(name, step_spellings(name, _SYNONYMS.get(name, ()))) for name in list(LEDGER_STEPS)[4:]),
    *(Column(name, step_spellings(name, _DETAIL_SYNONYMS.get(name, ()))) for name in DETAIL_STEPS),
    *(Column(name, _DETAIL_SYNONYMS.get(name, ())) for name in PUBLICITY_COLUMNS),
    # "应到 | 实到 | 赞成" beside 支部大会接收 is that meeting's vote (placed by check_bare_votes)
    *(Column(name, words) for name, words in zip(VOTE_COLUMNS[15], BARE_VOTE_WORDS, strict=True)),
    # a second "应到 | 实到 | 赞成" after 支部大会讨论转正 is that meeting's vote (Column.again; check_bare_votes)
    *(Column(name, again=words, after="支部大会讨论转正日期")
      for name, words in zip(VOTE_COLUMNS[23], BARE_VOTE_WORDS, strict=True)),
    Column(HOURS_COLUMN, ("培训学时", "集中培训课时", "培训课时")),  # 1 课时 = 1 学时
    Column(LEAVING_COLUMN, ("预计离开日期", "离开本单位日期")),
    Column("备注"),
]
# the export's column order: the order, 序号 first and 备注 last
HEADERS = ["序号", "姓名", "性别", "出生日期", "公民身份号码", "所在党支部", "申请入党日期", "谈话日期",
           "确定入党积极分子日期", "积极分子报上级党委备案日期", "培养联系人", "发展对象公示起止", "确定发展对象日期",
           "发展对象报上级党委备案日期", "入党介绍人", "确定入党介绍人日期", "政治审查日期", "集中培训日期", HOURS_COLUMN,
           "支部委员会审查日期", "上级党委预审日期", "预审后公示起止", "填写入党志愿书日期", LEAVING_COLUMN,
           "支部大会讨论接收日期", *VOTE_COLUMNS[15], "上级党委派人谈话日期", "上级党委审批日期", "再上一级组织部门备案日期",
           "编入党支部和党小组日期", "入党宣誓日期", "转正申请日期", "支部大会讨论转正日期", *VOTE_COLUMNS[23],
           "转正审批日期", "材料归档日期", "备注"]
RANGE_EXAMPLE = "2025-10-10至2025-10-12"
_DAYS = re.compile(r"^(\d+(?:\.\d+)?)\s*天$")


@dataclass
class LedgerRow:
    row: int
    person: PersonInput
    steps: dict[int, tuple[date, date | None, date | None]]  # step -> (date, start, end)
    people: dict[Role, list[str]]
    columns: dict[str, str]  # canonical column -> Excel letter
    errors: list[FieldError] = field(default_factory=list)
    # step -> StepInput fields beyond the date (公示 start_on/end_on, 培训 hours, the vote's counts)
    details: dict[int, dict[str, object]] = field(default_factory=dict)
    leaving_on: date | None = None
    # how a cell was read when it was written otherwise ("24课时" as 24 学时, "3天" as the 集中培训's range):
    # said on the row of the preview (re-trial R2, N-5)
    notes: list[str] = field(default_factory=list)


def _date(value: object, column: str, errors: list[FieldError]) -> date | None:
    try:
        return parse_date(value)
    except DateParseError as exc:
        errors.append(FieldError(column, str(exc)))
        return None


def _step_value(value: object, column: str, errors: list[FieldError]) -> tuple[date, date | None, date | None] | None:
    """A date, or for 集中培训 a range "2025-10-10至2025-10-12" (recorded as start, end; the step's date
    is the last day)."""
    parts = split_date_range(value) if isinstance(value, str) and column == "集中培训日期" else None
    if parts:  # "2025.10.10-2025.10.12", "2025.10.10—2025.10.12" (domain.dates.split_date_range, TR-9)
        start, end = _date(parts[0], column, errors), _date(parts[1], column, errors)
        if start is None or end is None:
            return None
        if end < start:
            errors.append(FieldError(column, f"结束日期 {end:%Y-%m-%d} 早于开始日期 {start:%Y-%m-%d}"))
            return None
        return end, start, end
    said = len(errors)
    day = _date(value, column, errors)
    if column == "集中培训日期" and len(errors) > said:  # a range may be written here too: the message says so
        errors[-1] = FieldError(column, f"{errors[-1].message}；集中培训可写一天，也可写起止日期，如 {RANGE_EXAMPLE}")
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
    for column, step in DETAIL_STEPS.items():
        day = _date(record.get(column), column, errors)
        if day is not None and day > today:
            errors.append(FieldError(column, f"{day:%Y-%m-%d} 晚于今天；台账只记录已经完成的步骤"))
        elif day is not None:
            steps[step] = (day, None, None)
    details: dict[int, dict[str, object]] = {}
    for column, step in PUBLICITY_COLUMNS.items():
        span = _range(record.get(column), column, errors)
        if span is not None:
            details.setdefault(step, {}).update(start_on=span[0], end_on=span[1])
    training = steps.get(11)
    days = (training[2] - training[1]).days + 1 if training and training[1] and training[2] else None
    notes: list[str] = []
    hours = _training_hours(record.get(HOURS_COLUMN), errors, days, notes)
    if hours is not None:
        details.setdefault(11, {})["hours"] = hours
    for step, names in VOTE_COLUMNS.items():
        counts = [_number(record.get(name), name, errors) for name in names]
        if any(c is not None for c in counts):
            details.setdefault(step, {}).update(voters_expected=counts[0], voters_present=counts[1], votes_for=counts[2])
    people = {Role.CONTACT: split_people(cell_text(record.get("培养联系人"))),
              Role.INTRODUCER: split_people(cell_text(record.get("入党介绍人")))}
    return LedgerRow(number, person, steps, people, letters, errors, details,
                     _date(record.get(LEAVING_COLUMN), LEAVING_COLUMN, errors), notes)


def _range(value: object, column: str, errors: list[FieldError]) -> tuple[date, date] | None:
    """"2026-06-01至2026-06-05" → (start, end); a blank is None."""
    text = cell_text(value)
    if not text:
        return None
    parts = split_date_range(text)
    if not parts:
        errors.append(FieldError(column, f"“{text}”应写成起止日期，如 2026-06-01至2026-06-05"))
        return None
    start, end = _date(parts[0], column, errors), _date(parts[1], column, errors)
    if start is None or end is None:
        return None
    if end < start:
        errors.append(FieldError(column, f"结束日期 {end:%Y-%m-%d} 早于开始日期 {start:%Y-%m-%d}"))
        return None
    return start, end


def _training_hours(value: object, errors: list[FieldError], span: int | None,
                    notes: list[str] | None = None) -> float | None:
    """集中培训学时 as the study register reads 学时 ("24", "24课时", "24学时": 1 课时 = 1 学时 = 45 分钟;
    domain.study_hours.parse_hours). Days ("3天") are not 学时: 细则 第十七条 counts "at least 3 days or 24 学时",
    and the days are those of the 集中培训日期's range (`span`, in days): days that are the range's are kept by it,
    any other the message says to write there (trial R TR-9)."""
    if not cell_text(value):
        return None
    hours, problem = parse_hours(value)
    if hours is None:
        text = cell_text(value)
        days = _DAYS.match(text)
        if days and span is not None and float(days.group(1)) == span:
            if notes is not None:  # said, not silent (re-trial R2, N-5)
                notes.append(f"集中培训学时“{text}”与集中培训日期的起止（{span} 天）一致，按起止天数记录，不记学时数")
            return None  # "3天" beside 2026.10.16-2026.10.18: the days are recorded, as the range
        if DAYS_WRITTEN.search(text):
            problem = (f"“{text}”是天数，本列填学时数（1 学时 = 1 课时 = 45 分钟）；培训天数按“集中培训日期”的起止计算，"
                       f"请在那一列写起止日期（如 {RANGE_EXAMPLE}），本列可留空（细则第十七条：不少于 3 天或 24 学时）")
        errors.append(FieldError(HOURS_COLUMN, problem))
        return None
    if notes is not None and (said := hours_read_as(value, hours)):
        notes.append(f"集中培训学时{said}")
    return float(hours)


def _number(value: object, column: str, errors: list[FieldError], *, whole: bool = True) -> float | int | None:
    text = cell_text(value)
    if not text:
        return None
    try:
        number = float(text)
    except ValueError:
        errors.append(FieldError(column, f"“{text}”不是数字"))
        return None
    if number < 0 or (whole and not number.is_integer()):
        errors.append(FieldError(column, f"“{text}”应为{'非负整数' if whole else '非负数'}"))
        return None
    return int(number) if whole else number


def read_ledger(path: Path, today: date | None = None, progress: Callable[[int, int], None] | None = None,
                cancelled: Callable[[], bool] | None = None) -> list[LedgerRow]:
    today = today or date.today()
    table = read_table(Path(path), LEDGER_COLUMNS, progress=progress, cancelled=cancelled)
    check_bare_votes(table, VOTE_COLUMNS)
    check_unread_steps(Path(path), table, header_lookup(LEDGER_COLUMNS), HEADER_SCAN_ROWS, HOURS_COLUMN)
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

    def span(step: int) -> object:
        record = case.steps.get(step)
        if record is None or record.start_on is None or record.end_on is None:
            return None
        return f"{record.start_on:%Y-%m-%d}至{record.end_on:%Y-%m-%d}"

    def votes(step: int) -> list[object]:
        record = case.steps.get(step)
        return [None, None, None] if record is None else [record.voters_expected, record.voters_present, record.votes_for]

    names = {role: "、".join(p.name for p in case.people_in(role)) for role in (Role.CONTACT, Role.INTRODUCER)}
    extras = ("" if case.outcome.value in ("进行中", "已转正")
              else f"{case.outcome.value}（{case.outcome_on or ''}）{case.outcome_reason}",
              f"延长预备期{case.extension_months}个月" if case.extension_months else "")
    # outcomes have no column of their own; a re-imported 备注 already holding them is not repeated
    note = "；".join(x for x in (case.note, *(e for e in extras if e not in case.note)) if x)
    training = case.steps.get(11)
    return [index, case.name, case.sex, case.birth_date, mask_id_number(case.id_number) if masked else case.id_number,
            case.branch, on(1), on(2), on(3), on(4), names[Role.CONTACT], span(7) if 8 in case.steps or 7 in case.steps
            else None, on(7), on(8), names[Role.INTRODUCER], on(9), on(10), on(11),
            training.hours if training else None, on(12), on(13), span(13), on(14), case.leaving_on,
            on(15), *votes(15), on(16), on(17), on(18), on(19), on(20), on(22), on(23), *votes(23), on(24), on(25), note]


def write_ledger(path: Path, cases: Iterable[DevelopmentCase], *, masked: bool = True, school: str = "",
                 today: date | None = None) -> int:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = TITLE
    rows = [ledger_values(c, i, masked=masked) for i, c in enumerate(cases, start=1)]
    note = "公民身份号码已遮蔽（仅显示前6位和后4位）。" if masked else "本表含完整公民身份号码，属于个人信息，请妥善保管。"
    subtitle = f"{school}　导出日期：{today or date.today():%Y-%m-%d}　共 {len(rows)} 人。{note}".strip()
    widths = {h: 12 for h in HEADERS if h.endswith("日期")}
    widths.update({"公民身份号码": 21, "所在党支部": 14, "培养联系人": 12, "入党介绍人": 12, "集中培训日期": 22,
                   "发展对象公示起止": 22, "预审后公示起止": 22})
    write_table(sheet, f"{school}{TITLE}" if school else TITLE, HEADERS, rows, subtitle=subtitle,
                min_widths=widths, text_columns=("公民身份号码",))
    save_workbook(workbook, Path(path))
    return len(rows)


def write_template(path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = TITLE
    guide = ("填写说明：每人一行；姓名、公民身份号码（文本格式，18位）、所在党支部必填；日期可写 2019-07-01、2019/7/1、"
             "2019年7月1日 等；集中培训和公示写起止“2025-10-10至2025-10-12”；培养联系人、入党介绍人多人用“、”分隔；"
             "表决人数填有表决权的正式党员（预备党员没有表决权）。填写了“上级党委审批日期”的，导入后编入党员名册"
             "（预备党员，入党日期为支部大会讨论接收日期）；填写了“转正审批日期”的转为正式党员。")
    write_table(sheet, TITLE, HEADERS, [], subtitle=guide, min_widths={"公民身份号码": 21})
    sheet.row_dimensions[2].height = 45
    save_workbook(workbook, Path(path))
