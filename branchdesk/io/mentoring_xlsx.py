"""The 结对帮扶台账 workbook: read for import, written for export in the same shape (round trip).

A student is written "姓名（班级）" in 结对对象; each dated outcome is one line "2026-05-10 获奖：…" in
成效 (domain.mentoring.results.split_results), so an exported ledger imports back to the same records.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from openpyxl import Workbook

from branchdesk.domain.dates import DateParseError, parse_date
from branchdesk.domain.mentoring.records import PairInput, PairRecord, PairStatus, parse_list
from branchdesk.domain.mentoring.results import join_results, split_results
from branchdesk.domain.validation import FieldError
from branchdesk.io.xlsx_reader import Column, cell_text, read_table
from branchdesk.io.xlsx_writer import save_workbook, write_table, write_template_workbook

TITLE = "结对帮扶台账"
MENTORING_COLUMNS = [
    Column("序号"),
    Column("结对类型", ("帮扶类型", "结对形式"), required=True),
    Column("所在党支部", ("所在支部", "党支部", "支部"), required=True),
    Column("导师（帮扶人）", ("导师", "帮扶人", "帮扶党员", "结对党员", "师傅"), required=True),
    Column("结对对象", ("帮扶对象", "徒弟", "结对教师", "帮扶学生"), required=True),
    Column("对象类别", ("类别", "对象类型")),
    Column("开始日期", ("开始时间", "结对日期", "结对时间"), required=True),
    Column("结束日期", ("结束时间", "计划结束日期")),
    Column("帮扶目标", ("目标",)),
    Column("帮扶内容", ("内容", "帮扶措施")),
    Column("成效", ("帮扶成效", "取得成效")),
    Column("帮扶维度", ("维度",)),
    Column("状态", ("结对状态",)),
]
HEADERS = [c.name for c in MENTORING_COLUMNS]


@dataclass
class MentoringRow:
    row: int
    data: PairInput
    outcomes: list[tuple[date, str, str]]
    columns: dict[str, str]  # canonical name -> Excel column letter
    errors: list[FieldError] = field(default_factory=list)


def _date(record: dict[str, object], name: str, errors: list[FieldError]) -> date | None:
    try:
        return parse_date(record.get(name))
    except DateParseError as exc:
        errors.append(FieldError(name, str(exc)))
        return None


def parse_status(text: str) -> tuple[str, str]:
    """"中止：调离本校" → ("中止", "调离本校"); blank → 进行中."""
    text = text.strip()
    if not text:
        return PairStatus.ACTIVE.value, ""
    for sep in ("：", ":", "（", "("):
        if sep in text:
            head, _, tail = text.partition(sep)
            return head.strip(), tail.rstrip("）)").strip()
    return text, ""


def format_status(pair: PairRecord) -> str:
    return f"{pair.status}：{pair.stop_reason}" if pair.status == PairStatus.STOPPED and pair.stop_reason else pair.status


def row_to_input(record: dict[str, object]) -> tuple[PairInput, list[tuple[date, str, str]]]:
    errors: list[FieldError] = []
    summary, outcomes = split_results(cell_text(record.get("成效")))
    status, reason = parse_status(cell_text(record.get("状态")))
    data = PairInput(
        kind=cell_text(record.get("结对类型")),
        branch=cell_text(record.get("所在党支部")),
        mentor_name=cell_text(record.get("导师（帮扶人）")),
        mentee_name=cell_text(record.get("结对对象")),
        mentee_category=cell_text(record.get("对象类别")),
        start_date=_date(record, "开始日期", errors),
        planned_end=_date(record, "结束日期", errors),
        goals=cell_text(record.get("帮扶目标")),
        content=cell_text(record.get("帮扶内容")),
        results=summary,
        dimensions=parse_list(cell_text(record.get("帮扶维度"))),
        status=status,
        stop_reason=reason,
    )
    data.extra_errors = errors
    return data, outcomes


def read_mentoring(path: Path, progress: Callable[[int, int], None] | None = None,
                   cancelled: Callable[[], bool] | None = None) -> list[MentoringRow]:
    table = read_table(Path(path), MENTORING_COLUMNS, progress=progress, cancelled=cancelled)
    rows = []
    for number, record in table.rows:
        data, outcomes = row_to_input(record)
        rows.append(MentoringRow(number, data, outcomes, table.column_letters))
    return rows


@dataclass(frozen=True)
class LedgerEntry:
    """One pair with its dated outcomes, as the export writes it."""

    pair: PairRecord
    outcomes: list[tuple[date, str, str]]


def ledger_values(entry: LedgerEntry, index: int) -> list[object]:
    pair = entry.pair
    return [
        index, pair.kind, pair.branch, pair.mentor, pair.mentee_label, pair.mentee_category, pair.start_date,
        pair.planned_end, pair.goals, pair.content, join_results(pair.results, entry.outcomes),
        "、".join(pair.dimensions), format_status(pair),
    ]


def write_mentoring(path: Path, entries: Iterable[LedgerEntry], *, school: str = "", year: int | None = None) -> int:
    """Write the 结对帮扶台账 (the import's own columns); return the number of pairs written."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = TITLE
    rows = [ledger_values(e, i) for i, e in enumerate(entries, start=1)]
    scope = f"{year}年度" if year else ""
    title = f"{school}{scope}{TITLE}"
    subtitle = (f"{school}　导出日期：{date.today():%Y-%m-%d}　共 {len(rows)} 对。"
                "学生信息仅含姓名、班级和类别。").strip()
    write_table(sheet, title, HEADERS, rows, subtitle=subtitle,
                min_widths={"所在党支部": 14, "开始日期": 12, "结束日期": 12, "帮扶内容": 24, "成效": 30,
                            "结对对象": 16})
    save_workbook(workbook, Path(path))
    return len(rows)


def write_template(path: Path) -> None:
    """An empty ledger with the import's columns and a note on how to fill it in."""
    guide = ("填写说明：带 * 的列必填。结对类型如“青蓝工程师徒结对”“党员帮扶学生”“党员联系班级”；导师（帮扶人）须是花名册中的党员；"
             "学生写成“姓名（班级）”，对象类别写“贫困生”“特殊生”“留守儿童”等，只填必要信息；日期可写 2025-09-01、2025/9/1、"
             "2025年9月1日；成效中每项具体成果单独一行，写成“2026-05-10 获奖：区优质课二等奖”；状态不填即“进行中”，"
             "中止请写“中止：原因”。")
    write_template_workbook(Path(path), TITLE, [(c.name, c.required) for c in MENTORING_COLUMNS], guide,
                            guide_height=60, text_columns=())
