"""The 三会一课台账 workbook: the columns branches keep today (issue 3), read and written in the same
shape so an export imports back unchanged. Several kinds may share one 会议类型 cell ("支部党员大会、
主题党日"); a ledger that only knows counts (应到/实到) and an absentee text is kept as given."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from openpyxl import Workbook

from branchdesk.domain.dates import DateParseError, NoYearDate, parse_date
from branchdesk.domain.meetings.periods import period_words, read_period, year_in_topic
from branchdesk.domain.meetings.records import YEARLY_KINDS, MeetingKind, parse_kinds, parse_time
from branchdesk.domain.meetings.sitting import MeetingRecord, VoteRecord
from branchdesk.domain.synonyms import MEETING_KIND, WordLog
from branchdesk.domain.validation import FieldError
from branchdesk.io.xlsx_reader import Column, cell_text, read_table
from branchdesk.io.xlsx_writer import save_workbook, write_table, write_template_workbook

LEDGER_COLUMNS = [
    Column("序号"),
    # "活动日期 / 活动类型 / 活动内容": a 主题党日 sheet's words for 日期, 会议类型, 主要内容 (trial L, TL-2, TL-7)
    Column("日期", ("会议日期", "召开日期", "召开时间", "时间", "活动日期", "活动时间"), required=True),
    Column("开始时间", ("起始时间", "会议时间"), beside=("时间", "活动时间", "召开时间")),
    Column("会议类型", ("类型", "会议类别", "会议形式", "会议种类", "活动类型"), required=True),
    Column("所在党支部", ("党支部", "支部", "所在支部", "所在党组织"), required=True),
    Column("党小组", ("所在党小组",)),
    Column("主题", ("会议主题", "议题", "活动主题")),
    Column("主持人", ("主持",)),
    Column("记录人", ("记录",)),
    Column("应到人数", ("应到", "应到会人数")),
    Column("实到人数", ("实到", "实到会人数", "到会人数", "参会人数", "出席人数")),
    Column("缺席人员及原因", ("缺席人员", "缺席情况", "缺席及原因", "请假人员及原因", "缺席人员及事由", "缺席", "请假人员")),
    Column("主要内容", ("会议内容", "内容", "会议主要内容", "活动内容", "主要活动内容")),
    Column("决议事项", ("决议", "会议决议", "决定事项")),
    Column("地点", ("会议地点", "活动地点")),
    Column("结束时间",),
    Column("主讲人", ("授课人", "讲授人", "党课讲授人", "党课主讲人")),
    Column("所属期间", ("所属时间", "所属月份", "所属年度", "补开期间", "计入期间")),
    # 表决情况 of a 支部党员大会 (VOTE-QUORUM, VOTE-PASS): several matters separated by "；", each with its counts
    Column("表决事项", ("表决内容", "表决议题")),
    Column("应到表决人数", ("应到会有表决权人数", "有表决权应到人数")),
    Column("实到表决人数", ("实到会有表决权人数", "有表决权实到人数")),
    Column("赞成票数", ("赞成人数", "赞成票")),
]
HEADERS = [c.name for c in LEDGER_COLUMNS]
# Read but not written: a 记录状态 column marking drafts (a ledger's rows are otherwise records kept).
# 备注 (trial L, TL-4): a meeting has no field of its own for it; it is kept after the 会议内容 ("备注：…").
READ_COLUMNS = [*LEDGER_COLUMNS, Column("记录状态", ("定稿状态", "是否定稿")), Column("备注", ("说明", "备考"))]
REMARK = "备注："
DRAFT_WORDS = ("草稿", "未定稿", "否", "待定稿", "待完善")
TITLE = "三会一课台账"
_COUNT = re.compile(r"^(\d+)\s*人?$")
# a 党课's lecturer written in its 备注 ("主讲：王建华", "主讲人:刘芳", "讲授人：林秀珍"), as teachers often do (TR-3);
# two or more listed with "、" or "/" ("主讲：王建华、刘芳") are all read, joined with "、" as the form's 主讲人 field
# holds several (the 书记讲党课 check looks for the secretary's name in it)
_LECTURER_IN_REMARK = re.compile(r"(?:主讲人?|讲授人|授课人)\s*[:：]\s*([^\s,，;；。、()（）/／]+(?:\s*[、/／]\s*[^\s,，;；。、()（）/／:：]+)*)")
# a further name after the first: a person's name, not the rest of the remark ("主讲：王建华、内容见附件" is 王建华)
_FURTHER_NAME = re.compile(r"[\u4e00-\u9fff·]{2,4}")
# what a remark lists after its lecturer that is what was done, not who spoke ("主讲：王建华、观看视频",
# "主讲：王建华、学习党章", "主讲：王建华/集体讨论"): four characters like a name, but no person's (review rev7 R7-1)
_NOT_A_PERSON = re.compile(r"学习|视频|讨论|党课|党章|观看|报告|参加|交流|发言|辅导|专题|会议|活动|内容|附件|材料|贯彻|精神|"
                           r"教育|培训|全体|党员|集体|心得|研讨|座谈|宣讲|解读|分享|朗读|诵读|重温|誓词|讲座|课件|主题|"
                           r"考试|测试|总结|部署|传达|收看|参观|实践|合影|签到|另附|详见|见附")


def lecturers_in_remark(remark: str) -> str:
    """The lecturer(s) a 备注 names ("主讲：王建华、刘芳" → "王建华、刘芳"), "" when none."""
    found = _LECTURER_IN_REMARK.search(remark)
    if found is None:
        return ""
    first, *more = (part.strip() for part in re.split(r"[、/／]", found.group(1)))
    names = [first.removesuffix("等") if _FURTHER_NAME.fullmatch(first.removesuffix("等")) else first]
    for name in more:
        name = name.removesuffix("等")
        if not _FURTHER_NAME.fullmatch(name) or _NOT_A_PERSON.search(name):
            break
        names.append(name)
    return "、".join(dict.fromkeys(names))
_RANGE = re.compile(r"^\s*(\d{1,2}[:：]\d{2})\s*[-—~～至到]\s*(\d{1,2}[:：]\d{2})\s*$")


@dataclass
class LedgerRow:
    row: int  # Excel row number
    columns: dict[str, str]  # canonical name -> Excel column letter, for messages
    date: date | None = None
    start_time: str = ""
    end_time: str = ""
    kinds: tuple[str, ...] = ()
    branch: str = ""
    group: str = ""
    topic: str = ""
    host: str = ""
    recorder: str = ""
    expected: int | None = None
    present: int | None = None
    absentees: str = ""
    content: str = ""
    resolutions: str = ""
    place: str = ""
    lecturer: str = ""
    votes: list[VoteRecord] | None = None  # None: the row says nothing about votes
    period: str = ""  # 所属期间 label ("" = by date)
    period_from_topic: bool = False  # read from "2024年度…" in the topic of an annual sitting
    draft: bool = False  # the ledger marks the record 草稿
    remark: str = ""  # its 备注, kept after the 会议内容 (with_remark)
    lecturer_from_remark: bool = False  # a 党课 with no 主讲人 cell, its lecturer read from "主讲：X" in the 备注 (TR-3)
    year_given: int | None = None  # its date was written without the year, read in the ledger's (TL-5)
    half_day: str = ""  # "下午" written after the date: no hour, said in the report (TL-5)
    date_text: str = ""  # the 日期 cell as written, shown in the preview when it cannot be read
    errors: list[FieldError] = field(default_factory=list)


def _count(record: dict[str, object], name: str, errors: list[FieldError]) -> int | None:
    value = record.get(name)
    if value is None or cell_text(value) == "":
        return None
    if isinstance(value, int | float) and not isinstance(value, bool) and float(value).is_integer():
        return int(value)
    match = _COUNT.match(cell_text(value))
    if not match:
        errors.append(FieldError(name, f"“{cell_text(value)}”不是人数，请填写整数"))
        return None
    return int(match.group(1))


def _times(record: dict[str, object], row: LedgerRow) -> None:
    start = record.get("开始时间")
    text = cell_text(start) if isinstance(start, str) else ""
    match = _RANGE.match(text)
    try:
        if match:  # "14:30-16:00" written in one cell
            row.start_time, row.end_time = parse_time(match.group(1)), parse_time(match.group(2))
        else:
            row.start_time = parse_time(start)
    except ValueError as exc:
        row.errors.append(FieldError("开始时间", str(exc)))
    if not row.end_time:
        try:
            row.end_time = parse_time(record.get("结束时间"))
        except ValueError as exc:
            row.errors.append(FieldError("结束时间", str(exc)))


def _period(record: dict[str, object], row: LedgerRow) -> None:
    """所属期间 from its column; for 组织生活会 / 民主评议党员 without one, from "2024年度…" in the topic (or
    in the 会议类型 cell) when that year is before the sitting's (an annual sitting held early the next year)."""
    try:
        period = read_period(cell_text(record.get("所属期间")))
    except ValueError as exc:
        row.errors.append(FieldError("所属期间", str(exc)))
        return
    if period is not None:
        if row.date is None or not period.contains(row.date):  # the sitting's own period says nothing more
            row.period = period.label
        return
    # the year may be written in the 会议类型 cell instead ("2025年度组织生活会" read as 组织生活会 by the word
    # list, which drops the year: review rev7 R7-2 — it counted for the year it was held in, not the one named)
    year = year_in_topic(row.topic) or year_in_topic(cell_text(record.get("会议类型")))
    if year is not None and row.date is not None and year < row.date.year and YEARLY_KINDS & set(row.kinds):
        row.period, row.period_from_topic = str(year), True


HALF_DAYS = ("上午", "下午", "中午", "晚上", "早上", "傍晚")
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")


def ledger_year(*texts: str) -> int | None:
    """The year a ledger's title or sheet name gives ("…2026年三会一课记录", sheet "2025年"): only when
    it names one year ("2025年至2026年", a 学年, names none)."""
    years = {int(y) for text in texts for y in _YEAR.findall(text)}
    return years.pop() if len(years) == 1 else None


def _date(value: object, year: int | None, row: LedgerRow) -> date | None:
    """The date as written; one without its year ("1月15日", "三月五日") in `year`, the ledger's."""
    try:
        return parse_date(value)
    except NoYearDate:
        if year is None:
            raise
        row.year_given = year
        return parse_date(value, year=year)


def row_from_record(number: int, record: dict[str, object], letters: dict[str, str],
                    words: WordLog | None = None, year: int | None = None) -> LedgerRow:
    row = LedgerRow(number, letters)
    raw_date = record.get("日期")
    row.date_text = cell_text(raw_date) if isinstance(raw_date, str) else ""
    try:
        row.date = _date(raw_date, year, row)
        if row.date is None:
            row.errors.append(FieldError("日期", "不能为空"))
    except DateParseError:
        # "2025-10-09 14:30" in the date cell: keep the date, take the time as the start; "2026-3-5 下午":
        # a date and its half-day, which is no hour (nothing invented): said in the report, 开始时间 left blank
        text = cell_text(raw_date)
        head, _, tail = text.partition(" ")
        tail = tail.strip()
        try:
            row.date = _date(head, year, row)
            if tail in HALF_DAYS:
                row.half_day = tail
            elif tail and not cell_text(record.get("开始时间")):
                record = {**record, "开始时间": tail}
        except DateParseError as exc:
            row.errors.append(FieldError("日期", str(exc)))
    _times(record, row)
    kinds_text = cell_text(record.get("会议类型"))
    row.kinds, unknown = parse_kinds(kinds_text, words, number)
    if not kinds_text:
        row.errors.append(FieldError("会议类型", "不能为空"))
    elif unknown:
        row.errors.append(FieldError(
            "会议类型", f"“{'、'.join(unknown)}”不是规定的会议类型（{MEETING_KIND.accepted()}），多种类型请用“、”分隔"))
    row.branch = cell_text(record.get("所在党支部"))
    if not row.branch:
        row.errors.append(FieldError("所在党支部", "不能为空"))
    row.group = cell_text(record.get("党小组"))
    for attr, name in (("topic", "主题"), ("host", "主持人"), ("recorder", "记录人"), ("absentees", "缺席人员及原因"),
                       ("content", "主要内容"), ("resolutions", "决议事项"), ("place", "地点"), ("lecturer", "主讲人")):
        setattr(row, attr, cell_text(record.get(name)))
    row.expected = _count(record, "应到人数", row.errors)
    row.present = _count(record, "实到人数", row.errors)
    row.votes = _votes(record, row.errors)
    _period(record, row)
    row.draft = cell_text(record.get("记录状态")) in DRAFT_WORDS
    row.remark = cell_text(record.get("备注"))
    if not row.lecturer and MeetingKind.LECTURE.value in row.kinds:  # said in the preview row (TR-3)
        if found := lecturers_in_remark(row.remark):
            row.lecturer, row.lecturer_from_remark = found, True
    return row


def with_remark(content: str, remark: str) -> str:
    """The 会议内容 with the row's 备注 after it: "…研讨。\n备注：本次会议推迟一周召开". A content that
    already ends with that 备注 (a ledger exported and imported again) is left as it is."""
    if not remark or content.endswith(REMARK + remark):
        return content
    return f"{content}\n{REMARK}{remark}" if content else f"{REMARK}{remark}"


_VOTE_SEPARATORS = re.compile(r"[；;]")


def _votes(record: dict[str, object], errors: list[FieldError]) -> list[VoteRecord] | None:
    """"接收张三为预备党员；接收李四为预备党员" with "12；12", "11；10", "11；10": one vote per matter; a
    single count applies to every matter."""
    names = ("表决事项", "应到表决人数", "实到表决人数", "赞成票数")
    cells = [cell_text(record.get(name)) for name in names]
    if not any(cells):
        return None
    subjects = [s.strip() for s in _VOTE_SEPARATORS.split(cells[0])] if cells[0] else [""]
    counts: list[list[int | None]] = []
    for name, text in zip(names[1:], cells[1:], strict=True):
        parts = [p.strip() for p in _VOTE_SEPARATORS.split(text)] if text else [""]
        values: list[int | None] = []
        for part in parts:
            value = _count({name: part}, name, errors) if part else None
            values.append(value)
        if len(values) not in (1, len(subjects)):
            errors.append(FieldError(name, f"有 {len(subjects)} 项表决事项，但填了 {len(values)} 个人数"))
            return None
        counts.append(values * len(subjects) if len(values) == 1 else values)
    return [VoteRecord(subject, counts[0][i], counts[1][i], counts[2][i]) for i, subject in enumerate(subjects)]


def _vote_cells(meeting: MeetingRecord) -> list[object]:
    if not meeting.votes:
        return [None, None, None, None]

    def joined(values: list[object]) -> object:
        texts = ["" if v is None else str(v) for v in values]
        return texts[0] if len(set(texts)) == 1 else "；".join(texts)

    return [joined([v.subject for v in meeting.votes]), joined([v.voters_expected for v in meeting.votes]),
            joined([v.voters_present for v in meeting.votes]), joined([v.votes_for for v in meeting.votes])]


def read_ledger(
    path: Path,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    words: WordLog | None = None,
) -> list[LedgerRow]:
    table = read_table(Path(path), READ_COLUMNS, progress=progress, cancelled=cancelled)
    titled = ledger_year(*table.title_rows)  # the first sheet's title; a sheet's own name ("2025年") first
    only = table.sheets[0] if len(table.sheets) == 1 else ""
    years = {sheet: ledger_year(sheet) or titled for sheet in table.sheets}
    return [row_from_record(number, record, table.column_letters, words,
                            years.get(getattr(number, "sheet", "") or only, titled))
            for number, record in table.rows]


def ledger_values(meeting: MeetingRecord, index: int) -> list[object]:
    return [
        index, meeting.date, meeting.start_time, meeting.kinds_text, meeting.branch, meeting.group, meeting.topic,
        meeting.host, meeting.recorder, meeting.expected, meeting.present, meeting.absentee_text, meeting.content,
        meeting.resolutions, meeting.place, meeting.end_time, meeting.lecturer, period_words(meeting.period),
        *_vote_cells(meeting),
    ]


def write_ledger(path: Path, meetings: Iterable[MeetingRecord], *, school: str = "", scope: str = "") -> int:
    """The ledger in the import's own shape (round trip); returns the number of meetings written."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = TITLE
    rows = [ledger_values(m, i) for i, m in enumerate(meetings, start=1)]
    subtitle = f"{school}　{scope}　导出日期：{date.today():%Y-%m-%d}　共 {len(rows)} 次会议。一次会议计入多种类型时，类型之间用“、”分隔。"
    write_table(sheet, f"{school}{TITLE}" if school else TITLE, HEADERS, rows, subtitle=subtitle.strip(),
                min_widths={"日期": 12, "会议类型": 16, "所在党支部": 14, "主题": 24, "主要内容": 40,
                            "缺席人员及原因": 20, "决议事项": 24},
                max_width=50, text_columns=("开始时间", "结束时间"))
    save_workbook(workbook, Path(path))
    return len(rows)


def write_template(path: Path) -> None:
    guide = ("填写说明：带 * 的列必填；日期可写 2025-10-09、2025/10/9、2025年10月9日；会议类型填支部党员大会、支部委员会、"
             "党小组会、党课、主题党日、组织生活会、民主评议党员、谈心谈话，一次会议计入多种类型时用“、”分隔；"
             "所在党支部、党小组须与系统中的名称一致；只知道人数时填写应到、实到人数和缺席人员及原因（如“张三（病假）、李四（公出）”），"
             "人数与花名册相符时按此推算出席名单；补开的会议在“所属期间”写所补的月份（如 2025年7月），"
             "次年初召开的组织生活会、民主评议写“2024年度”；"
             "支部党员大会进行表决的，填写表决事项和有表决权的正式党员应到、实到人数及赞成票数（多项用“；”分隔，逐项填写）。")
    write_template_workbook(Path(path), TITLE, [(c.name, c.required) for c in LEDGER_COLUMNS], guide,
                            guide_height=60, text_columns=("开始时间", "结束时间"))
