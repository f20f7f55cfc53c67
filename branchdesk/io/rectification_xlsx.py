"""The rectification ledger workbook (整改台账): one row per measure, the problem cells (序号, 问题来源,
问题类别, 问题描述) merged down over the rows of their measures, as real ledgers are kept.

Reading: the reader (io.xlsx_reader) gives every row of a merged range its value, as for every
import kind. Writing: the same columns, problem cells
merged over their measures, a figures block above the table, A4 landscape with the header repeated.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from branchdesk.domain.dates import DateParseError, parse_date
from branchdesk.domain.rectification.records import ProgressNote
from branchdesk.domain.rectification.status import (
    MeasureStatus,
    completion_date_error,
    ledger_year,
    parse_deadline,
    parse_status,
    validate_close_off,
)
from branchdesk.domain.synonyms import RECT_STATUS, WordLog
from branchdesk.domain.text import xml_safe
from branchdesk.domain.validation import FieldError
from branchdesk.io.xlsx_reader import Column, ReadNotice, cell_text, read_table, sheet_names, tell

RECT_COLUMNS = [
    Column("序号", ("编号",)),  # the problem's number, or the measure's (decided from the file: number_rows)
    Column("问题来源", ("来源",)),
    Column("问题类别", ("类别", "问题类型", "问题分类")),
    Column("问题描述", ("存在问题", "问题表现", "具体问题", "问题清单", "问题"), required=True),
    Column("措施序号", ("措施编号", "整改措施序号", "整改措施编号")),  # 序号 / 编号 under 整改措施 (TL-8)
    Column("整改措施", ("具体措施", "整改举措", "措施"), required=True),
    Column("责任领导", ("牵头领导", "分管领导")),
    Column("责任人", ("具体责任人", "责任部门及责任人", "整改责任人")),
    # 时限 is the deadline, 时间 the day it was done: "完成时间" beside "完成时限" is the completion date (trial R
    # TR-1: it was read as the deadline and the real 完成时限 dropped as "the same item"; RECT-CLOSE-OFF)
    Column("完成时限", ("整改时限", "时限", "完成期限", "整改期限")),
    Column("整改进展", ("进展情况", "整改进度", "整改情况", "完成情况")),
    Column("整改状态", ("状态", "完成状态")),
    Column("完成日期", ("实际完成日期", "完成日", "完成时间", "实际完成时间", "整改完成时间", "整改完成日期")),
    Column("销号日期", ("销号时间",)),
    Column("销号审核人", ("审核人", "验收人", "销号审核")),
    Column("佐证材料", ("佐证资料", "证明材料", "佐证")),
]
HEADERS = [c.name for c in RECT_COLUMNS]
# Read only: a separate problem-number column (then 序号 numbers the measures).
READ_COLUMNS = [*RECT_COLUMNS, Column("问题序号", ("问题编号",))]
PROBLEM_COLUMNS = ("序号", "问题来源", "问题类别", "问题描述")
HEADER_SCAN_ROWS = 60  # the figures block of an exported ledger sits above the header

_DATED_LINE = re.compile(r"^\s*(\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?)\s*[:：,，、]?\s*(.*)$")
_EVIDENCE_SPLIT = re.compile(r"[\n；;]+")
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


@dataclass
class RectRow:
    """One measure row of a ledger as read, with what is wrong with it."""

    row: int
    number: str = ""  # the problem's number (numbering decided by number_rows)
    measure_number: str = ""  # the measure's own 序号 in the ledger
    source: str = ""
    category: str = ""
    description: str = ""
    text: str = ""
    leader: str = ""
    person: str = ""
    deadline: date | None = None
    deadline_note: str = ""
    deadline_without_year: str = ""  # the 完成时限 as written when it had no year ("12月25日"), for the report
    progress: list[ProgressNote] = field(default_factory=list)
    status: str = ""
    completion_date: date | None = None
    closed_date: date | None = None
    verifier: str = ""
    evidence: list[str] = field(default_factory=list)
    errors: list[FieldError] = field(default_factory=list)
    rule_errors: list[FieldError] = field(default_factory=list)  # those of errors check_measure found

    @property
    def problem_key(self) -> tuple[str, str]:
        return (self.category, self.description)


@dataclass
class RectSheet:
    rows: list[RectRow]
    columns: dict[str, str]  # canonical name -> Excel column letter
    title: str = ""  # the sheet's title row, e.g. "XX党委巡察反馈问题整改台账"
    filled_from_above: list[int] = field(default_factory=list)  # rows whose blank problem cells were inherited
    numbering: str = ""  # how 序号 was read, for the report
    deadline_year: int | None = None  # the title row's year a 完成时限 without its year was read in (read_ledger)


def sheet_title(title: str, used: set[str]) -> str:
    """An Excel sheet name for a ledger title: at most 31 characters, none of []:*?/\\, unique."""
    base = _SHEET_FORBIDDEN.sub("_", xml_safe(title)).strip("'") or "整改台账"
    name, counter = base[:31], 2
    while name in used:
        suffix = f"({counter})"
        name, counter = base[: 31 - len(suffix)] + suffix, counter + 1
    used.add(name)
    return name


def parse_progress(value: object) -> list[ProgressNote]:
    """整改进展: one note per line; a line that starts with a date is dated by it."""
    if isinstance(value, date):
        return [ProgressNote(parse_date(value), "")]
    notes: list[ProgressNote] = []
    for line in cell_text(value).splitlines():
        if not line.strip():
            continue
        match = _DATED_LINE.match(line)
        if match and match.group(2).strip():
            try:
                notes.append(ProgressNote(parse_date(re.sub(r"\s", "", match.group(1))), match.group(2).strip()))
                continue
            except DateParseError:
                pass
        notes.append(ProgressNote(None, line.strip()))
    return notes


def parse_evidence(value: object) -> list[str]:
    return [part.strip() for part in _EVIDENCE_SPLIT.split(cell_text(value)) if part.strip()]


def _date(record: dict[str, object], name: str, errors: list[FieldError]) -> date | None:
    try:
        return parse_date(record.get(name))
    except DateParseError as exc:
        errors.append(FieldError(name, str(exc)))
        return None


def _row(number: int, record: dict[str, object], words: WordLog | None, today: date,
         deadline_after: date | None = None, coming: date | None = None) -> RectRow:
    errors: list[FieldError] = []
    row = RectRow(
        row=number, number=cell_text(record.get("序号")), measure_number=cell_text(record.get("措施序号")),
        source=cell_text(record.get("问题来源")),
        category=cell_text(record.get("问题类别")), description=cell_text(record.get("问题描述")),
        text=cell_text(record.get("整改措施")), leader=cell_text(record.get("责任领导")),
        person=cell_text(record.get("责任人")), progress=parse_progress(record.get("整改进展")),
        completion_date=_date(record, "完成日期", errors), closed_date=_date(record, "销号日期", errors),
        verifier=cell_text(record.get("销号审核人")), evidence=parse_evidence(record.get("佐证材料")),
        errors=errors,
    )
    try:
        row.deadline, row.deadline_note = parse_deadline(record.get("完成时限"), after=deadline_after, coming=coming)
        written = record.get("完成时限")
        if row.deadline is not None and isinstance(written, str):
            try:
                parse_deadline(written)
            except DateParseError:  # read only with `after`: a month and day without the year
                row.deadline_without_year = written.strip()
    except DateParseError as exc:
        errors.append(FieldError("完成时限", str(exc)))
    status_text = cell_text(record.get("整改状态"))
    status = parse_status(status_text) if status_text else None
    if status is not None and words is not None:
        words.read(RECT_STATUS, status_text, number)
    if status_text and status is None:
        allowed = "、".join(s.value for s in MeasureStatus)
        errors.append(FieldError("整改状态", f"“{status_text}”不是整改状态，请填写：{allowed}"))
    if status is None and not status_text:  # infer from the dates the row carries
        status = (MeasureStatus.CLOSED if row.closed_date else MeasureStatus.DONE if row.completion_date
                  else MeasureStatus.IN_PROGRESS if row.progress else MeasureStatus.NOT_STARTED)
    row.status = status.value if status else ""
    _validate(row, today)
    return row


def _validate(row: RectRow, today: date) -> None:
    row.rule_errors = check_measure(row, len(row.evidence), today)
    row.errors += row.rule_errors


def check_measure(row: RectRow, evidence_count: int, today: date) -> list[FieldError]:
    """The rules a measure row must meet (its fields as they will be written, `evidence_count` 佐证材料
    in all; a 销号日期 and a 完成日期 not after `today`); row.errors holds the problems found reading it,
    which these do not repeat. The import checks a row again once the fields its file lacks are taken
    from the stored measure."""
    errors = list(row.errors)
    if not row.text:
        errors.append(FieldError("整改措施", "整改措施不能为空"))
    if not row.person:
        errors.append(FieldError("责任人", "每项整改措施都要有责任人"))
    if row.deadline is None and not row.deadline_note and not any(e.field == "完成时限" for e in errors):
        errors.append(FieldError("完成时限", "请填写完成时限（日期，或“长期坚持”）"))
    if row.status in (MeasureStatus.DONE, MeasureStatus.CLOSED) and (
            future := completion_date_error(row.completion_date, today)) is not None:
        errors.append(future)  # a 完成 is a past event, as a 销号 is (RECT-CLOSE-OFF)
    if row.status == MeasureStatus.CLOSED:
        # RECT-CLOSE-OFF: the same rule as closing off in the window
        for error in validate_close_off(row.closed_date, row.verifier, evidence_count, row.completion_date,
                                        today=today):
            if not any(e.field == error.field for e in errors):
                errors.append(FieldError(error.field, "整改状态为“已销号”，" + error.message))
    elif row.status:
        if row.closed_date or row.verifier:
            errors.append(FieldError("整改状态", f"填写了销号日期或销号审核人，但整改状态为“{row.status}”；"
                                     "已销号的请把状态改为“已销号”，否则请清空销号信息"))
        if row.completion_date and row.status != MeasureStatus.DONE:
            errors.append(FieldError("完成日期", f"整改状态为“{row.status}”，不应填写完成日期"))
    return errors[len(row.errors):]


def ledger_sheet_names(path: Path) -> list[str]:
    return sheet_names(Path(path))  # without parsing a sheet (openpyxl took 5 s on a large ledger)


def read_ledger(
    path: Path,
    *,
    sheet_name: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    words: WordLog | None = None,
    today: date | None = None,
    deadline_after: date | None = None,
) -> RectSheet:
    """Read one sheet of measures; raises ImportFileError when the file or its header is unusable.
    `today` (the clock's when None): no 销号日期 may be after it (RECT-CLOSE-OFF). A 完成时限 without its year
    ("12月25日") is the first such day after `deadline_after` (the measures' own date: the caller's ledger
    received then), else from `today` on — the form's rule for a deadline (a day to come)."""
    today = today or date.today()
    table = read_table(Path(path), READ_COLUMNS, progress=progress, cancelled=cancelled, sheet_name=sheet_name,
                       header_scan_rows=HEADER_SCAN_ROWS)
    result = RectSheet(rows=[], columns=table.column_letters)
    result.title = next((t for t in table.title_rows if t), "")
    written = table.written_headers.get("完成日期", "")
    if "完成时限" not in table.columns and "时间" in written and "实际" not in written:
        # "完成时间" is read as the day a measure was done (TR-1), but a ledger with no 完成时限 column often means
        # its deadline by it ("2026年12月底前" beside 整改中): every row was refused "请填写完成时限" with no word
        # of why (review rev7 R7-3) — the report names the column and how to have it read as the deadline
        letter = table.column_letters.get("完成日期", "")
        tell(ReadNotice("warning", f"{letter} 列“{written}”按实际完成日期读取（表中没有“完成时限”列）；"
                                   f"如果这一列写的是整改期限，请把表头改为“完成时限”后重新导入"))
    year = ledger_year(result.title) if deadline_after is None else None
    if year is not None and year < today.year:  # a past year's ledger ("2026年…台账" imported in 2027): its year
        deadline_after, result.deadline_year = date(year - 1, 12, 31), year  # (review rev1 F7)
    # neither: from the day of the import on, as the form reads it — a day just passed is that day, overdue
    coming = today if deadline_after is None else None  # (review rev6 R6-4)
    problem_numbers = {number: cell_text(record.get("问题序号")) for number, record in table.rows}
    previous: RectRow | None = None
    for number, record in table.rows:
        row = _row(number, record, words, today, deadline_after, coming)
        if previous is not None:
            if not row.description:
                # a problem "merged" by leaving the cells below blank: the row belongs to the problem above
                row.description = previous.description
                result.filled_from_above.append(number)
            # category and source group problems: a blank one continues the one above
            row.category = row.category or previous.category
            row.source = row.source or previous.source
        if not row.description:
            row.errors.append(FieldError("问题描述", "问题描述不能为空（合并单元格也可以）"))
        result.rows.append(row)
        previous = row
    result.numbering = number_rows(result.rows, problem_numbers, has_measure_column="措施序号" in table.columns)
    return result


def number_rows(rows: list[RectRow], problem_numbers: dict[int, str], *, has_measure_column: bool) -> str:
    """Decide what 序号 numbers (issue 13): a 问题序号 column numbers the problems and then 序号 the
    measures; a 措施序号 column numbers the measures and then 序号 the problems; with 序号 alone, values
    that differ within one problem (1, 2, 3 under a merged problem) number the measures, and values
    shared by a problem's rows (a merged 序号 cell) number the problems. Problems without a number are
    numbered later in file order. Returns a sentence for the report ("" when nothing to say)."""
    groups: dict[tuple[str, str], list[RectRow]] = {}
    for row in rows:
        groups.setdefault(row.problem_key, []).append(row)
    has_problem_column = any(problem_numbers.values())
    if has_problem_column:
        serial_is_measure = not has_measure_column
    elif has_measure_column:
        serial_is_measure = False
    else:
        serial_is_measure = any(len({r.number for r in g if r.number}) > 1 for g in groups.values())
    for group in groups.values():
        if has_problem_column:
            own = next((problem_numbers.get(r.row, "") for r in group if problem_numbers.get(r.row)), "")
        elif serial_is_measure:
            own = ""
        else:
            own = next((r.number for r in group if r.number), "")
        for r in group:
            if serial_is_measure and not r.measure_number:
                r.measure_number = r.number
            r.number = own
    if serial_is_measure and not has_measure_column:
        return (f"“序号”一列是整改措施的编号（{sum(1 for r in rows if r.measure_number)} 项措施），"
                f"{len(groups)} 个问题按{'“问题序号”' if has_problem_column else '文件中的先后'}编号")
    return ""
