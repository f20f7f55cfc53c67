"""Rectification (整改台账, domain.md §6): measure statuses, the transitions between them, and the rules
for closing a measure off (销号) and reopening it.

Rule ids used in code and findings (domain.md §6 gives the rules without ids; these name them):
- RECT-CLOSE-OFF: a measure is closed off (已销号) only with a date, a verifier and at least one piece
  of evidence (an attachment or a named document). A 销号 is a past event: its date is never after
  today (a 销号 dated ahead would already count in 销号率, RECT-RATIOS); so is a measure's 完成: its
  完成日期 is never after today either (one dated ahead would already count in 完成率).
- RECT-REOPEN: reopening a closed (or completed) measure needs a reason, kept in the measure's history.
- RECT-RATIOS: 完成率 = (已完成 + 已销号) / all measures; 销号率 = 已销号 / all.
- RECT-MONTHLY-REVIEW: measures are reviewed monthly; overdue = past the deadline and not done.
"""

from __future__ import annotations

import calendar
import re
from datetime import date
from enum import StrEnum

from branchdesk.domain.citations import cite
from branchdesk.domain.dates import JUST_PAST_DAYS, DateParseError, arabic_months, parse_date
from branchdesk.domain.synonyms import PROBLEM_SOURCE, RECT_STATUS
from branchdesk.domain.validation import FieldError, too_long

# what a finding shows as its basis: the school's practice, never an internal note (issue 16, item 15)
REVIEW_CITATION = cite("RECT-MONTHLY-REVIEW")
SOURCE_DOMAIN = REVIEW_CITATION.source


class MeasureStatus(StrEnum):
    NOT_STARTED = "未开始"
    IN_PROGRESS = "整改中"
    DONE = "已完成"
    CLOSED = "已销号"


STATUS_ORDER = (MeasureStatus.NOT_STARTED, MeasureStatus.IN_PROGRESS, MeasureStatus.DONE, MeasureStatus.CLOSED)
DONE_STATUSES = frozenset({MeasureStatus.DONE, MeasureStatus.CLOSED})

# Where problems come from (domain.md §6); users may add their own, kept as settings.
DEFAULT_SOURCES = PROBLEM_SOURCE.entries

# Spellings found in real ledgers -> the official status: domain.synonyms.RECT_STATUS.

# Forward moves a user makes with a plain status change. 已销号 is reached only through close_off
# (RECT-CLOSE-OFF) and left only through reopen (RECT-REOPEN); 已完成 -> 整改中 is also a reopen.
_FORWARD: dict[MeasureStatus, frozenset[MeasureStatus]] = {
    MeasureStatus.NOT_STARTED: frozenset({MeasureStatus.IN_PROGRESS, MeasureStatus.DONE}),
    MeasureStatus.IN_PROGRESS: frozenset({MeasureStatus.DONE, MeasureStatus.NOT_STARTED}),
    MeasureStatus.DONE: frozenset(),
    MeasureStatus.CLOSED: frozenset(),
}

# Deadlines written as words rather than dates: kept as text, never overdue.
OPEN_ENDED_DEADLINES = ("长期坚持", "长期", "持续推进", "常态化", "持续整改")
_MONTH_ONLY = re.compile(r"^(\d{4})\s*(?:年|-|/|\.)\s*(\d{1,2})\s*(?:月)?\s*(?:底|末|前|份)?$")
# "12月底", "6月底前", "6月末": a month's last day written without the year (review rev1 F10)
_MONTH_END_NO_YEAR = re.compile(r"^(\d{1,2})\s*月(?:份)?\s*(?:底|末)\s*(?:前|之前|以前)?$")
# a year a ledger's name or title says it is of: "2026年巡察反馈问题整改台账", "2026年度…"
_LEDGER_YEAR = re.compile(r"((?:19|20)\d{2})(?:\s*[-—–~至到]\s*((?:19|20)\d{2}))?\s*年")


class TransitionError(ValueError):
    """The status change is not allowed; the message says what to do instead, in Chinese."""


def parse_status(text: str) -> MeasureStatus | None:
    """The status for a spelling in a ledger, or None when the text is not a status we know."""
    entry = RECT_STATUS.lookup(text or "")
    return MeasureStatus(entry) if entry else None


def is_done(status: str) -> bool:
    return status in DONE_STATUSES


def check_transition(current: str, target: str) -> None:
    """Raise TransitionError unless `current -> target` is an ordinary status change."""
    current_s, target_s = MeasureStatus(current), MeasureStatus(target)
    if current_s == target_s:
        raise TransitionError(f"整改措施已经是“{current_s}”状态")
    if target_s == MeasureStatus.CLOSED:
        raise TransitionError("销号请使用“销号”操作：需填写销号日期、销号审核人并提供至少一份佐证材料")
    if current_s in DONE_STATUSES:
        raise TransitionError(f"“{current_s}”的整改措施要改回“{target_s}”，请使用“重新打开”并写明原因")
    if target_s not in _FORWARD[current_s]:
        raise TransitionError(f"不能从“{current_s}”改为“{target_s}”")


def close_off_date_error(close_date: date | None, today: date) -> FieldError | None:
    """The 销号日期 refused because it is after `today` (RECT-CLOSE-OFF: a 销号 is a past event, and
    one dated ahead would count in 销号率 before it happened); None when the date may stand."""
    if close_date is None or close_date <= today:
        return None
    return FieldError("销号日期", f"销号日期 {close_date:%Y-%m-%d} 晚于今天（{today:%Y-%m-%d}）；"
                                  "销号只登记已经完成的销号，请填写实际销号的日期")


def completion_date_error(completion: date | None, today: date) -> FieldError | None:
    """The 完成日期 refused because it is after `today` (RECT-CLOSE-OFF: a measure's 完成 is a past event,
    as its 销号 is; one dated ahead would count in 完成率 before it happened); None when it may stand."""
    if completion is None or completion <= today:
        return None
    return FieldError("完成日期", f"完成日期 {completion:%Y-%m-%d} 晚于今天（{today:%Y-%m-%d}）；"
                                  "请填写整改措施实际完成的日期")


def validate_close_off(
    close_date: date | None,
    verifier: str,
    evidence_count: int,
    completion_date: date | None = None,
    current: str | None = None,
    *,
    today: date | None = None,
) -> list[FieldError]:
    """Every reason the measure cannot be closed off (RECT-CLOSE-OFF); empty when it can. `today`:
    the day a 销号日期 and a 完成日期 may not be after (every caller that writes passes it; None skips
    that check)."""
    errors: list[FieldError] = []
    if current == MeasureStatus.CLOSED:
        errors.append(FieldError("整改状态", "该措施已经销号"))
    if close_date is None:
        errors.append(FieldError("销号日期", "销号必须填写销号日期"))
    elif today is not None and (future := close_off_date_error(close_date, today)) is not None:
        errors.append(future)
    if not (verifier or "").strip():
        errors.append(FieldError("销号审核人", "销号必须填写销号审核人"))
    if evidence_count < 1:
        errors.append(FieldError("佐证材料", "销号必须提供至少一份佐证材料（上传附件或写明文件名称）"))
    future_completion = completion_date_error(completion_date, today) if today is not None else None
    if completion_date == close_date:  # the 完成日期 taken from the 销号日期: said once, of the 销号日期
        future_completion = None
    if future_completion is not None:  # named itself, not as a 销号日期 earlier than it
        errors.append(future_completion)
    elif close_date and completion_date and close_date < completion_date:
        errors.append(FieldError("销号日期", f"销号日期不能早于完成日期（{completion_date:%Y-%m-%d}）"))
    errors += too_long({"销号审核人": verifier})
    return errors


def validate_reopen(current: str, reason: str) -> list[FieldError]:
    """Reopening needs a done or closed measure and a reason (RECT-REOPEN)."""
    errors: list[FieldError] = []
    if current not in DONE_STATUSES:
        errors.append(FieldError("整改状态", f"只有“已完成”或“已销号”的整改措施可以重新打开，当前为“{current}”"))
    if not (reason or "").strip():
        errors.append(FieldError("重新打开原因", "重新打开必须写明原因，原因会记入该措施的历史"))
    errors += too_long({"重新打开原因": reason}, {"重新打开原因": "note"})
    return errors


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def ledger_year(*texts: str) -> int | None:
    """The year a 整改台账 says it is of, in the first of `texts` (its name, the file's title row) that names
    exactly one ("2026年巡察反馈问题整改台账" → 2026); None when none does, or one names two ("2025—2026年")."""
    for text in texts:
        years = {int(y) for pair in _LEDGER_YEAR.findall(text or "") for y in pair if y}
        if len(years) == 1:
            return years.pop()
        if years:
            return None
    return None


def parse_deadline(value: object, after: date | None = None, coming: date | None = None) -> tuple[date | None, str]:
    """A 完成时限 cell: a date, a month ("2025年6月底" = the month's last day), or open-ended words
    such as 长期坚持 (returned as text; such a measure is never overdue). Raises DateParseError. A deadline is
    a day to come: written without its year ("12月25日", "12月底", "6月底前") it is the first such day after
    `after`; with `coming` (today) instead, the form's own rule (ui.rectification.ledger_dialog.date_edit
    `coming`, domain/dates._coming): from today on, unless that day passed within the last JUST_PAST_DAYS —
    a deadline just missed, overdue, not one a year on (review rev6 R6-4: the import read "11月30日" on
    12-05 as next year's while the form read it as this year's, 逾期). Refused with neither."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, ""
    if isinstance(value, str):
        text = value.strip()
        if text in OPEN_ENDED_DEADLINES:
            return None, text
        match = _MONTH_ONLY.match(text)
        if match and 1 <= int(match.group(2)) <= 12:
            return month_end(int(match.group(1)), int(match.group(2))), ""
        match = _MONTH_END_NO_YEAR.match(arabic_months(text))
        if match and 1 <= int(match.group(1)) <= 12:
            month = int(match.group(1))
            if after is None and coming is not None:
                year = coming.year if month_end(coming.year, month) >= coming else coming.year + 1
                past = month_end(year - 1, month)  # (in December for a January today)
                if (coming - past).days <= JUST_PAST_DAYS:  # just missed: overdue, as the form reads it
                    return past, ""
                return month_end(year, month), ""
            if after is None:  # no year to read it in: refused as a day without its year is
                raise DateParseError(f"“{text}”没有写年份，请写成“2025年{int(match.group(1))}月底”")
            year = after.year if month_end(after.year, month) > after else after.year + 1
            return month_end(year, month), ""
    try:
        if after is None and coming is not None:
            return parse_date(value, coming=coming), ""
        return parse_date(value, after=after), ""
    except DateParseError as exc:
        words = "、".join(OPEN_ENDED_DEADLINES[:2])
        raise DateParseError(f"{exc}；也可写“2025年6月底”或“{words}”") from None
