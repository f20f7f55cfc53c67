"""The 党员学习学时台账 workbook (MTG-STUDY-HOURS): the year's ledger, one row per member, and a sheet
of the 学习培训记录 in the same columns the import reads, so an exported sheet imports back.
No ID numbers are written: the ledger does not need them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font
from python_calamine import CalamineWorkbook

from branchdesk.domain.dates import DateParseError, NoYearDate, parse_date
from branchdesk.domain.study_hours.records import (
    MINUTES_PER_HOUR,
    REQUIRED_HOURS,
    SOURCE,
    MemberStudy,
    StudyForm,
)
from branchdesk.domain.validation import FieldError
from branchdesk.io.meetings_xlsx import ledger_year
from branchdesk.io.xlsx_reader import Column, cell_text, read_table
from branchdesk.io.xlsx_writer import save_workbook, write_table, write_template_workbook

LEDGER_SHEET = "学习学时台账"
RECORDS_SHEET = "学习培训记录"
LEDGER_HEADERS = ("序号", "所在党支部", "姓名", "人员类别", "应完成学时", "支部组织生活学时", "其他学习培训学时",
                  "合计学时", "差额学时", "是否达标", "说明")
RECORD_COLUMNS = [
    Column("序号"),
    Column("所在党支部", ("所在支部", "党支部", "支部"), required=True),
    Column("姓名", ("党员姓名", "党员"), required=True),
    Column("学习日期", ("日期", "培训日期", "开始日期", "学习时间", "培训时间"), required=True),
    Column("学时", ("学时数", "培训学时", "获得学时", "课时", "课时数", "培训课时", "学习课时"), required=True),  # 1 课时 = 1 学时
    Column("学习形式", ("形式", "培训形式", "学习方式", "培训方式"), required=True),
    Column("学习内容", ("培训内容", "培训班名称", "专题", "课程名称", "内容"), required=True),
    Column("主办单位", ("组织单位", "举办单位", "培训机构")),
    Column("备注", ("说明",)),
]
RECORD_HEADERS = [c.name for c in RECORD_COLUMNS]


@dataclass
class StudyRow:
    """One row of an imported sheet, as written (the service resolves the member)."""

    row: int
    branch: str
    name: str
    study_date: date | None
    hours: object
    form: str
    title: str
    organiser: str
    note: str
    columns: dict[str, str]
    errors: list[FieldError] = field(default_factory=list)
    year_given: int | None = None  # its date was written without the year, read in the register's (TL-5)


def _ledger_rows(rows: list[MemberStudy]) -> list[tuple[object, ...]]:
    out: list[tuple[object, ...]] = []
    for index, r in enumerate(rows, start=1):
        notes = [f"{len(r.untimed)} 次会议未填起止时间，学时无法计算：" + "；".join(s.label for s in r.untimed)] if r.untimed else []
        if r.unknown_attendance:
            notes.append(f"{len(r.unknown_attendance)} 次会议台账只有人数，不知是否出席："
                         + "；".join(s.label for s in r.unknown_attendance))
        if r.estimated:
            notes.append(f"{len(r.estimated)} 次会议按标准时长计：" + "；".join(s.label for s in r.estimated))
        if r.left:  # off the roster: its months counted, not judged (MemberStudy.left)
            notes.insert(0, f"{r.left}，已不在册，学时按在册月数折算，不作评定")
        out.append((index, r.branch, r.name, r.category, float(r.required), float(r.from_sittings), float(r.external),
                    float(r.total), float(r.shortfall), r.status, "\n".join(notes)))
    return out


def write_study_workbook(path: Path, year: int, rows: list[MemberStudy],
                         records: list[tuple[object, ...]], scope: str) -> None:
    """Sheet 1: the ledger; sheet 2: the records (rows already in RECORD_HEADERS order)."""
    workbook = Workbook()
    ledger = workbook.active
    ledger.title = LEDGER_SHEET
    short = sum(r.short for r in rows)
    unknown = sum(r.unknown for r in rows)
    left = sum(not r.judged for r in rows)
    subtitle = (f"{scope}　统计截至 {date.today():%Y-%m-%d}　党员 {len(rows) - left} 名，未达标 {short} 名，无法判断 {unknown} 名"
                + (f"；另有 {left} 名年内转出、离世或出党，不作评定" if left else "") + "。"
                f"依据：{SOURCE}，每年一般不少于 {REQUIRED_HOURS} 学时；1 学时 = {MINUTES_PER_HOUR} 分钟；"
                "支部组织生活学时按党课、主题党日、支部党员大会、党小组会的起止时间计；年度中途转入或离开的党员按在册月数折算。")
    header = write_table(ledger, f"{year}年度党员学习学时台账", LEDGER_HEADERS, _ledger_rows(rows), subtitle=subtitle,
                         min_widths={"说明": 30})
    ledger.row_dimensions[2].height = 45
    red = Font(name="宋体", size=10, color="B00020", bold=True)
    for offset, r in enumerate(rows, start=1):
        if r.short or r.unknown:
            for column in (9, 10):
                ledger.cell(row=header + offset, column=column).font = red
    sheet = workbook.create_sheet(RECORDS_SHEET)
    write_table(sheet, f"{year}年度党员学习培训记录", RECORD_HEADERS, records, min_widths={"学习内容": 30})
    save_workbook(workbook, path)


def record_row(index: int, branch: str, name: str, on: date, hours: object, form: str, title: str,
               organiser: str, note: str) -> tuple[object, ...]:
    return (index, branch, name, on, float(hours), form, title, organiser, note)  # type: ignore[arg-type]  # a number read or typed


def write_study_template(path: Path) -> None:
    guide = ("填写说明：每行登记一名党员的一次学习培训（党校培训、网络培训、上级集中轮训等），支部自己召开的党课、"
             "主题党日、党员大会和党小组会不在此登记（按会议记录自动计算）。姓名须与花名册一致；学时填数字，如 12 或 12.5（1 学时 = 1 课时 = 45 分钟；3 小时 = 4 学时，请勿填小时数）；"
             f"学习形式填：{'、'.join(f.value for f in StudyForm)}。")
    write_template_workbook(path, RECORDS_SHEET, [(c.name, c.required) for c in RECORD_COLUMNS], guide,
                            guide_height=60, min_widths={"学习内容": 30, "所在党支部": 16})


def _sheet_name(path: Path) -> str | None:
    """The records sheet of an exported ledger, else the first sheet (a template or one's own table)."""
    try:
        names = CalamineWorkbook.from_path(str(path)).sheet_names
    except Exception:  # noqa: BLE001 - read_table reports an unreadable file in plain Chinese
        return None
    return RECORDS_SHEET if RECORDS_SHEET in names else None


def read_study_records(path: Path, *, progress: Callable[[int, int], None] | None = None,
                       cancelled: Callable[[], bool] | None = None) -> list[StudyRow]:
    path = Path(path)
    sheet = _sheet_name(path) if path.exists() and path.suffix.lower() in (".xlsx", ".xlsm") else None
    table = read_table(path, RECORD_COLUMNS, progress=progress, cancelled=cancelled, sheet_name=sheet)
    # a date written without its year ("8月20日") is read in the year the register's title or sheet name
    # gives, when it gives exactly one ("2026年党员学习培训登记表"), as the 三会一课 import reads it (re-trial
    # 12, N-2; TL-5); the report names those rows so she can check the reading
    titled = ledger_year(*table.title_rows)
    only = table.sheets[0] if len(table.sheets) == 1 else ""
    years = {sheet: ledger_year(sheet) or titled for sheet in table.sheets}
    rows: list[StudyRow] = []
    for number, record in table.rows:
        errors: list[FieldError] = []
        year = years.get(getattr(number, "sheet", "") or only, titled)
        given = None
        try:
            try:
                on = parse_date(record.get("学习日期"))
            except NoYearDate:
                if year is None:
                    raise
                on, given = parse_date(record.get("学习日期"), year=year), year
        except DateParseError as exc:
            errors.append(FieldError("学习日期", str(exc)))
            on = None
        hours = record.get("学时")
        rows.append(StudyRow(number, cell_text(record.get("所在党支部")), cell_text(record.get("姓名")), on,
                             cell_text(hours) if isinstance(hours, str) else hours, cell_text(record.get("学习形式")),
                             cell_text(record.get("学习内容")), cell_text(record.get("主办单位")),
                             cell_text(record.get("备注")), dict(table.column_letters), errors, given))
    return rows
