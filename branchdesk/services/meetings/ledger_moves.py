"""A meeting's date corrected in a 三会一课台账 imported again (NOTE10 "Left"; the rule is
domain.meetings.ledger_dates): the kept meetings as the pairing reads them, the sign-in sheet a moved
meeting takes on its new day, and what the report and the meeting's history say.

The sheet on the new day (the roster of that day: the branch, the 党小组 that day, the committee):
- the ledger row's counts give a sheet on the new day that agrees with every mark on the kept sheet:
  that sheet, with the reasons the user entered (nothing invented: the ledger's counts say who came);
- the kept sheet is what the row's counts gave on the old day, and they give none on the new: the
  counts are kept as the ledger has them, as for a new row (nothing the user entered is dropped);
- a 谈心谈话 keeps who talked (not a roster of the day);
- otherwise the kept marks move (domain.meetings.sitting.resheet): a member not on the new day's roster
  is taken off and named in the report; a member the new day adds was marked by nobody, so the import
  refuses the row and says to correct the date in the window, where he is marked (T10-16)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from branchdesk.db.models import Meeting, MeetingHistory, MeetingKindLink
from branchdesk.domain.meetings.absentees import derive_sheet
from branchdesk.domain.meetings.ledger_dates import Maybe, Sitting, Why
from branchdesk.domain.meetings.records import (
    AttendanceStatus,
    Attendee,
    MeetingKind,
    attendance_figures,
    sort_kinds,
)
from branchdesk.domain.meetings.sitting import MeetingInput, MeetingRecord, resheet
from branchdesk.io.xlsx_reader import row_label
from branchdesk.services.ledger_dates import IMPORTED, MOVED, day_text
from branchdesk.services.meetings.attendance import Audiences
from branchdesk.services.meetings.records import snapshot

# IMPORTED: the reason on the history line of a meeting a ledger import wrote; MOVED: a moved row's
# status — the words of every import that moves a record whose date the ledger corrected


def load_kept(session: Session) -> list[Sitting]:
    """Every meeting not deleted, marked `imported` when a ledger import wrote it: its history has a
    line whose reason is IMPORTED (the 定稿 of an imported row, or the 导入 of one left a draft)."""
    kinds: dict[int, list[str]] = {}
    for mid, kind in session.execute(select(MeetingKindLink.meeting_id, MeetingKindLink.kind)):
        kinds.setdefault(mid, []).append(kind)
    imported = set(session.scalars(select(MeetingHistory.meeting_id)
                                   .where(MeetingHistory.reason.startswith(IMPORTED, autoescape=True))))
    return [Sitting(m.id, m.branch_id, m.group_id, sort_kinds(kinds.get(m.id, [])), m.topic.strip(), m.meeting_date,
                    m.id in imported)
            for m in session.scalars(select(Meeting).where(Meeting.deleted_at.is_(None)))]


def mark_imported(session: Session, meeting: Meeting, row: int) -> None:
    """The history line that says a ledger import wrote `meeting` (one it left a draft: a finalised one
    has its 定稿 line with the same reason)."""
    session.add(MeetingHistory(meeting_id=meeting.id, at=datetime.now(), action="导入", reason=f"{IMPORTED}（{row_label(row)}）",
                               changes="{}"))


def _what(kinds: tuple[str, ...], topic: str) -> str:
    return f"{'、'.join(kinds)}（主题“{topic}”）"


def moved_note(row: int, record: MeetingRecord, new_day: date, sheet: MovedSheet | None) -> str:
    how = {None: "", Sheet.MARKED: "，签到名单按原登记保留", Sheet.DERIVED: "，签到名单按台账人数和新日期的名单重新推算，与原登记相符",
           Sheet.COUNTS: "，签到名单按台账人数保存"}[sheet.how if sheet else None]
    return (f"{row_label(row)}：{day_text(record.date, new_day)}的{_what(record.kinds, record.topic)}改为"
            f"{day_text(new_day, record.date)}（台账中的日期已更正：原记录移到新日期，附件和修改历史保留{how}）")


def finalised_problem(record: MeetingRecord, new_day: date) -> str:
    return (f"台账把{day_text(record.date, new_day)}的{_what(record.kinds, record.topic)}改为{day_text(new_day, record.date)}，"
            "还改了其他内容；这次会议已定稿，不能通过导入修改。请在“三会一课”中打开这次会议，填写修改原因后改正，再重新导入")


def unmarked_problem(record: MeetingRecord, new_day: date, names: list[str]) -> str:
    new = day_text(new_day, record.date)
    return (f"台账把{day_text(record.date, new_day)}的{_what(record.kinds, record.topic)}改为{new}；这次会议的签到名单"
            f"是逐人登记的，{new}的名单中还有{'、'.join(names)}，他们的出席情况没有登记，导入不能代为填写。"
            f"请在“三会一课”中打开这次会议，把日期改为{new}并为他们登记出席情况，再重新导入")


_WHY = {Why.ENTERED: "是在软件中录入的，导入不改动它",
        Why.ROWS: "台账中这一主题有多次，无法判断改的是哪一次",
        Why.KEPT: "不在台账中的同一主题会议有多次，无法判断是哪一次",
        Why.OUTSIDE: "那次会议不在这份台账所记的月份内，导入不改动它"}


def maybe_warning(row: int, data: MeetingInput, maybes: list[Maybe[Sitting]]) -> str:
    assert data.date is not None
    days = "、".join(day_text(m.meeting.day, data.date) for m in maybes)
    held = "已有一次" if len(maybes) == 1 else "各有一次"
    what = _what(maybes[0].meeting.kinds, maybes[0].meeting.topic)
    return (f"{row_label(row)}（{day_text(data.date, maybes[0].meeting.day)}的{what}）已作为新会议导入；{days}{held}{what}，"
            f"可能是同一次会议改了日期（{_WHY[maybes[0].why]}）。如是同一次，请在“三会一课”中删除{days}的记录")


class Sheet(StrEnum):
    MARKED = "marked"  # the kept marks moved (resheet)
    DERIVED = "derived"  # the row's counts on the new day, agreeing with every kept mark
    COUNTS = "counts"  # the row's counts, as for a new row (the kept sheet was what they gave)


@dataclass
class MovedSheet:
    attendees: list[Attendee]  # the sheet on the new day; [] keeps the ledger's counts (derived as a new row)
    how: Sheet
    gone: list[Attendee] = field(default_factory=list)  # taken off: not on the new day's roster
    unmarked: list[str] = field(default_factory=list)  # put on by the new day, marked by nobody: refused


def _marks(sheet: list[Attendee] | tuple[Attendee, ...]) -> list[tuple[int | None, str, str]]:
    return sorted(((a.member_id, a.status, a.reason.strip()) for a in sheet), key=repr)


def _agreeing(derived: list[Attendee], kept: tuple[Attendee, ...]) -> list[Attendee] | None:
    """`derived` with each kept member's reason, if it gives every kept member still on it his mark."""
    marked = {a.member_id: a for a in kept if a.member_id is not None}
    sheet = []
    for a in derived:
        mark = marked.get(a.member_id) if a.member_id is not None else None
        if mark is not None:
            if mark.status != a.status or (mark.reason.strip() and a.reason and mark.reason.strip() != a.reason):
                return None
            a = Attendee(a.name, a.status, a.member_id, a.category, mark.reason.strip() or a.reason)
        sheet.append(a)
    return sheet


def move_sheet(audiences: Audiences, record: MeetingRecord, data: MeetingInput, has_counts: bool) -> MovedSheet:
    """The sheet of a kept meeting with a sign-in sheet moved to `data.date` (the module's rules)."""
    assert data.branch_id is not None and data.date is not None
    if tuple(data.kinds) == (MeetingKind.TALK.value,):  # who talked, not a roster: the date changes nobody
        return MovedSheet(list(record.attendees), Sheet.MARKED)
    roster = audiences.on(data.branch_id, data.group_id, data.kinds, data.date)
    guests = [a for a in record.attendees if a.member_id is None]
    on_day = {entry.member_id for entry in roster}
    gone = [a for a in record.attendees if a.member_id is not None and a.member_id not in on_day]
    if has_counts:
        derived = derive_sheet(roster, data.expected_count, data.present_count, data.absentee_text).attendees
        agreeing = _agreeing(derived, record.attendees) if derived else None
        if agreeing is not None:
            return MovedSheet(agreeing + guests, Sheet.DERIVED, gone)
        before = audiences.on(record.branch_id, record.group_id, record.kinds, record.date)
        given = derive_sheet(before, data.expected_count, data.present_count, data.absentee_text).attendees
        if given and not guests and _marks(given) == _marks(record.attendees):
            return MovedSheet([], Sheet.COUNTS)
    moved = resheet(list(record.attendees), [Attendee(e.name, AttendanceStatus.PRESENT.value, e.member_id, e.category)
                                             for e in roster])
    return MovedSheet(moved.attendees, Sheet.MARKED, moved.gone, moved.added)


def sheet_warnings(row: int, data: MeetingInput, sheet: MovedSheet) -> list[str]:
    """What the report says of a moved sheet: who was taken off, counts that differ from the sheet kept."""
    assert data.date is not None
    warnings = []
    if sheet.gone:
        marks = "、".join(f"{a.name}（{a.status or '未登记'}）" for a in sheet.gone)
        warnings.append(f"{row_label(row)}：{marks}不在{day_text(data.date, data.date)}这次会议应到的名单中，已从签到名单中移出")
    if sheet.attendees and (data.expected_count, data.present_count) != (None, None):
        figures = attendance_figures(sheet.attendees)
        if (figures.expected, figures.present) != (data.expected_count, data.present_count):
            warnings.append(f"{row_label(row)}：台账中的应到/实到人数（{data.expected_count}/{data.present_count}）与签到名单"
                            f"（{figures.expected}/{figures.present}）不一致，已保留签到名单")
    return warnings


def record_move(session: Session, meeting_id: int, row: int, before: MeetingRecord, after: MeetingInput) -> None:
    """The line in the meeting's history (修改历史): the date and whatever the move changed with it."""
    if after.attendees:  # a sheet's counts are the sheet's (records.apply_input): the ledger's are not kept
        after = replace(after, expected_count=None, present_count=None, absentee_text="")
    old, new = snapshot(before.to_input()), snapshot(after)
    changes = {name: (old[name], new[name]) for name in old if old[name] != new[name]}
    session.add(MeetingHistory(meeting_id=meeting_id, at=datetime.now(), action=MOVED,
                               reason=f"{IMPORTED}（{row_label(row)}）：台账中的日期已更正",
                               changes=json.dumps(changes, ensure_ascii=False)))
