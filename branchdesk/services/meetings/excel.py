"""The 三会一课台账 workbook (issue 3, issue 13): import it all or nothing, with a row-by-row report, like
the roster import; export it in the import's own shape (oldest first, as in a paper ledger); the template.
A meeting is identified by branch, 党小组, date, kinds and topic, so importing the same ledger twice
updates instead of duplicating; a row whose date was corrected moves the meeting an earlier import
wrote, when nothing else can be meant (domain.meetings.ledger_dates, services.meetings.ledger_moves).
A row naming an unknown branch or 党小组 is an error (meetings never create organisations), with the
likely name when it looks like a typo. A record with a sign-in sheet keeps its sheet: the ledger's
counts are only compared with it. A 定稿 record is never changed by an import, but for its date
corrected in the ledger with nothing else changed (a line in its history says so).

What the ledger says is what is kept (issue 13):
- attendance: 应到 / 实到 and the absentees by name give the sheet when they add up against the roster
  on the day (domain.meetings_absentees); otherwise the counts are kept, the row is named in the report,
  and nobody's attendance is invented;
- 所属期间 from its column, or "2024年度…" in the topic of an annual sitting held early the next year;
- a ledger's rows are records already kept, so a row with a topic or content is imported 定稿 (the
  calendar counts it); a row marked 草稿, or with neither topic nor content, stays a draft that does not
  count and is named in the report;
- a row dated after today records no sitting yet (a month's sheet filled in ahead, trial L TL-11): it is
  kept as a 草稿 — not refused, nothing she wrote is dropped — and named in the report; a draft never
  counts (domain.md §2 "Drafts and records without content do not count"). Imported again once the
  day has passed, the unchanged row finalises it.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from branchdesk.db.engine import Database
from branchdesk.db.models import Meeting, MeetingHistory, Organisation
from branchdesk.db.queries import find_branch
from branchdesk.domain.meetings.absentees import derive_sheet, read_absentees
from branchdesk.domain.meetings.ledger_dates import Pairing, Sitting, pair_corrected_dates
from branchdesk.domain.meetings.periods import held_late
from branchdesk.domain.meetings.records import MeetingKind, sort_kinds
from branchdesk.domain.meetings.sitting import (
    MeetingInput,
    MeetingRecord,
    finalise_problems,
    validate_meeting,
)
from branchdesk.domain.progress import Cancelled, IsCancelled, Progress
from branchdesk.domain.roster.org_names import match_on
from branchdesk.domain.similar_names import suggestion_text
from branchdesk.domain.synonyms import WordLog
from branchdesk.domain.text import NameMap
from branchdesk.domain.vocabulary import OrgKind
from branchdesk.io.meetings_xlsx import LedgerRow, read_ledger, with_remark, write_ledger, write_template
from branchdesk.io.xlsx_reader import ImportFileError, row_label, rows_label
from branchdesk.services.absent_columns import absent_fields, kept_note, with_stored
from branchdesk.services.errors import NotFound
from branchdesk.services.import_report import ImportReport, PreviewRow, RowProblem
from branchdesk.services.ledger_dates import IMPORTED, MOVED
from branchdesk.services.meetings import ledger_moves as moves
from branchdesk.services.meetings.attendance import Audiences
from branchdesk.services.meetings.records import apply_input
from branchdesk.services.meetings.sittings import load_records
from branchdesk.services.one_branch import only_branch_fills, roster_first
from branchdesk.services.roster.org_names import group_histories, load_histories
from branchdesk.services.roster.organisation import get_school_name

_TEXT_FIELDS = ("start_time", "end_time", "place", "topic", "host", "recorder", "lecturer", "content", "resolutions",
                "period")
# attribute -> its column, which a ledger may not have: a meeting already kept keeps what it holds
# (services.absent_columns); 党小组 and 主题 are not here — they tell which meeting a row is (_key)
_OPTIONAL = {"start_time": "开始时间", "end_time": "结束时间", "place": "地点", "host": "主持人", "recorder": "记录人",
             "lecturer": "主讲人", "content": "主要内容", "resolutions": "决议事项", "period": "所属期间",
             "expected_count": "应到人数", "present_count": "实到人数", "absentee_text": "缺席人员及原因"}
_ATTENDANCE = ("应到人数", "实到人数", "缺席人员及原因")
# the preview's columns (ui.import_dialog): every row is shown with its status and problems (trial L, TL-10)
PREVIEW_HEADERS = ("日期", "会议类型", "所在党支部", "党小组", "主题", "应到", "实到")


def _key(branch_id: int | None, group_id: int | None, data: MeetingInput) -> tuple[object, ...]:
    return (branch_id, group_id, data.date, sort_kinds(data.kinds), data.topic.strip())


def _pairing(session: Session, parsed: list[tuple[LedgerRow, MeetingInput, list[tuple[str, str]]]],
             kept: list[Sitting]) -> Pairing[Sitting]:
    rows = [Sitting(row.row, d.branch_id, d.group_id, sort_kinds(d.kinds), d.topic.strip(), d.date)
            for row, d, problems in parsed if not problems and d.branch_id is not None and d.date is not None]
    contents = {row.row: d.content.strip() for row, d, _p in parsed}

    def alike(row: Sitting, meeting: Sitting) -> bool:
        """The row's 会议内容 is the kept meeting's (a recurring topic's sittings say different things)."""
        held = session.get(Meeting, meeting.ref)
        return bool(contents[row.ref]) and held is not None and held.content.strip() == contents[row.ref]

    return pair_corrected_dates(rows, kept, alike)


class _Orgs:
    """Branches and 党小组 by name, read once (with the names a typo suggestion is chosen from); a 党小组
    with its names over time, matched by the name it had on the row's date (TY-5)."""

    def __init__(self, session: Session) -> None:
        live = list(session.scalars(select(Organisation).where(Organisation.deleted_at.is_(None))))
        # found by name_key: "第二党支部(退休)" in the file is the stored "第二党支部（退休）"
        self.branches = NameMap((o.name, o.id) for o in live if o.kind == OrgKind.BRANCH.value)
        self.groups: dict[int, NameMap[int]] = {}
        for o in live:
            if o.kind == OrgKind.GROUP.value and o.parent_id is not None:
                self.groups.setdefault(o.parent_id, NameMap())[o.name] = o.id
        self.histories = group_histories(session)
        self.branch_histories = load_histories(session, self.branches.values())  # a 党支部 renamed too


def _to_input(orgs: _Orgs, row: LedgerRow) -> tuple[MeetingInput, list[tuple[str, str]]]:
    problems: list[tuple[str, str]] = [(e.field, e.message) for e in row.errors]
    branch = match_on(orgs.branch_histories, row.branch, row.date) if row.branch else None
    branch_id = branch.org_id if branch is not None else None
    group_id = None
    if branch is not None and branch.problem:
        problems.append(("所在党支部", branch.problem))
    elif row.branch and branch_id is None:
        problems.append(("所在党支部", f"没有名为“{row.branch}”的党支部{suggestion_text(row.branch, orgs.branches)}"
                         "（会议台账不会新建党支部：请先导入花名册或在“组织与党员”中建立，或改正名称）"))
    if branch_id is not None and row.group:
        groups = orgs.groups.get(branch_id) or NameMap[int]()
        found = match_on(orgs.histories.get(branch_id, {}), row.group, row.date)
        group_id = found.org_id
        if found.problem:
            problems.append(("党小组", found.problem))
        elif group_id is None:
            problems.append(("党小组", f"“{row.branch}”下没有名为“{row.group}”的党小组{suggestion_text(row.group, groups)}"))
    data = MeetingInput(
        branch_id=branch_id, kinds=row.kinds, date=row.date, group_id=group_id,
        start_time=row.start_time, end_time=row.end_time, place=row.place, topic=row.topic, host=row.host,
        recorder=row.recorder, lecturer=row.lecturer, content=with_remark(row.content, row.remark),
        resolutions=row.resolutions,
        expected_count=row.expected, present_count=row.present, absentee_text=row.absentees, votes=row.votes,
        period=row.period,
    )
    if not problems:
        errors, _warnings = validate_meeting(data)
        problems += [(e.field, e.message) for e in errors]
    return data, problems


def _keep_stored(data: MeetingInput, record: MeetingRecord, row: LedgerRow) -> MeetingInput:
    """`data` with what the meeting already kept for each column the ledger does not have — unless the
    row gave that value otherwise (the time in the 日期 cell, 所属期间 from the topic) — and with
    its 表决 mark and 评议结果, which no ledger column carries. Without any of 应到人数, 实到人数 and
    缺席人员及原因 the row says nothing about attendance: no sheet is derived for it (import_meetings)."""
    absent = {attr: label for attr, label in absent_fields(_OPTIONAL, row.columns).items()
              if getattr(data, attr) in ("", None)}
    stored = record.to_input()
    data = with_stored(data, stored, absent)
    data.has_vote, data.review_results = stored.has_vote, stored.review_results
    return data


def _same(record: MeetingRecord, data: MeetingInput) -> bool:
    texts = all(getattr(record, f) == getattr(data, f) for f in _TEXT_FIELDS)
    if data.votes is not None and tuple(data.votes) != record.votes:
        return False
    if record.attendees:
        return texts
    return texts and (record.expected, record.present, record.absentee_text) == (
        data.expected_count, data.present_count, data.absentee_text)


def _attendance(audiences: Audiences, row: LedgerRow, data: MeetingInput, report: ImportReport,
                members: set[str]) -> str:
    """Fill `data.attendees` when the counts and named absentees add up; otherwise say why (a
    warning), or return an error for a named absentee who looks like a mistyped member."""
    if data.expected_count is None and data.present_count is None and not data.absentee_text.strip():
        return ""
    if _talk_only(data):  # its 应到 is the two (or few) who talked, not the roster: nothing to derive
        return ""
    assert data.branch_id is not None and data.date is not None
    roster = audiences.on(data.branch_id, data.group_id, data.kinds, data.date)
    derived = derive_sheet(roster, data.expected_count, data.present_count, data.absentee_text,
                           audiences.audience(data.group_id, row.group, data.kinds))
    if derived.attendees:
        data.attendees = derived.attendees
        return ""
    for name in derived.unknown_names:
        hint = suggestion_text(name, members)
        if hint:
            return f"缺席人员“{name}”不在花名册中{hint}"
    absent = read_absentees(data.absentee_text, frozenset(entry.name for entry in roster)).words()
    outside = audiences.outside(data.branch_id, row.group, data.kinds, data.date, derived.unknown_names)
    problem = outside or derived.problem
    said = "" if derived.says_absentees and not outside else f"（缺席人员：{absent}）"  # not the count twice
    report.warnings.append(
        f"{row_label(row.row)}（{data.date:%Y-%m-%d} {'、'.join(data.kinds)}）：{problem}"
        f"{said}，已按台账保存应到 {_n(data.expected_count)}、实到 {_n(data.present_count)}，"
        "未推算每名党员的出席情况")
    return ""


def _n(value: int | None) -> str:
    return "未填" if value is None else f"{value} 人"


def import_meetings(
    db: Database, path: Path, *, dry_run: bool = False, progress: Progress | None = None,
    cancelled: IsCancelled | None = None,
) -> ImportReport:
    report = ImportReport(kind="三会一课台账", dry_run=dry_run)
    words = WordLog()
    if first := roster_first(db, report.kind):
        report.problems.append(RowProblem(0, "", "", first))
        return report
    try:
        with only_branch_fills(db):  # one branch: a ledger without 所在党支部 is its own (TL-6)
            rows = read_ledger(Path(path), progress=progress, cancelled=cancelled, words=words)
    except ImportFileError as exc:
        report.problems.append(RowProblem(0, "", "", str(exc)))
        return report
    report.rows_read = len(rows)
    report.take_words(words)
    if not rows:
        report.problems.append(RowProblem(0, "", "", "表头下面没有任何会议记录"))
        return report
    with db.session() as session:
        kept_meetings = moves.load_kept(session)
        existing: dict[tuple[object, ...], int] = {(m.branch_id, m.group_id, m.day, m.kinds, m.topic): m.ref
                                                   for m in kept_meetings}
        orgs = _Orgs(session)
        audiences = Audiences(session)
        members = audiences.names()
        parsed = [(row, *_to_input(orgs, row)) for row in rows]
        keys = [_key(d.branch_id, d.group_id, d) for _row, d, p in parsed if not p]
        pairing = _pairing(session, parsed, kept_meetings)
        matched = sorted({existing[k] for k in keys if k in existing} | {m.ref for m in pairing.moves.values()})
        records = {r.id: r for r in load_records(session, matched)}  # one batch, not a query per row
        seen: dict[tuple[object, ...], int] = {}
        plan: list[tuple[LedgerRow, MeetingInput, int | None]] = []
        sheets: dict[int, moves.MovedSheet] = {}  # row -> the sheet of the meeting it moves
        for row, data, problems in parsed:
            target = None
            if not problems:
                key = _key(data.branch_id, data.group_id, data)
                if key in seen:
                    problems.append(("", f"与{row_label(seen[key])}是同一次会议（党支部、党小组、日期、类型、主题都相同）"))
                seen[key] = row.row
                target = existing.get(key)
                moved = pairing.moves.get(row.row)
                moved_to = data.date  # validated: a row without problems has its date
                assert moved_to is not None
                if moved is not None:
                    target = moved.ref
                if target is not None:
                    data = _keep_stored(data, records[target], row)
                sheet = None
                if moved is not None and records[moved.ref].attendees:
                    sheet = moves.move_sheet(audiences, records[moved.ref], data,
                                             any(c in row.columns for c in _ATTENDANCE))
                    data.attendees, sheets[row.row] = sheet.attendees, sheet
                    if sheet.unmarked:
                        problems.append(("日期", moves.unmarked_problem(records[moved.ref], moved_to, sheet.unmarked)))
                    report.warnings.extend(moves.sheet_warnings(row.row, data, sheet))
                if (target is None or (sheet is not None and not sheet.attendees)
                        or (not records[target].attendees  # a kept sign-in sheet stays
                            and any(c in row.columns for c in _ATTENDANCE))):
                    error = _attendance(audiences, row, data, report, members)
                    if error:
                        problems.append(("缺席人员及原因", error))
                if target is not None:
                    record = records[target]
                    if record.finalised and moved is not None and _not_yet_held(data):
                        problems.append(("日期", moves.finalised_ahead_problem(record, moved_to, _today())))
                    elif record.finalised and not _same(record, data):
                        problems.append(("", moves.finalised_problem(record, moved_to) if moved is not None else
                                         f"{record.date:%Y-%m-%d}的这次会议已定稿，不能通过导入修改；请在软件中填写修改原因后修改"))
                if target is None and row.row in pairing.maybe:
                    report.warnings.append(moves.maybe_warning(row.row, data, pairing.maybe[row.row]))
            for column, message in problems:
                report.problems.append(RowProblem(row.row, column, row.columns.get(column, ""), message))
            report.row_status[row.row] = "有错误" if problems else ""
            plan.append((row, data, target))
        report.preview_headers = PREVIEW_HEADERS
        report.preview = [PreviewRow(row.row, _preview_cells(row)) for row in rows]
        if not report.ok:
            return report
        if cancelled and cancelled():
            raise Cancelled("已取消导入，没有写入任何数据")
        for index, (row, data, target) in enumerate(plan, start=1):
            _write(session, report, row, data, records.get(target) if target else None, sheets.get(row.row))
            if progress and index % 200 == 0:
                progress(index, len(plan))
        session.flush()
        _summarise(report, plan, {r for r, sheet in sheets.items() if sheet.how == moves.Sheet.MARKED})
        kept = absent_fields(_OPTIONAL, rows[0].columns)
        kept_for = sum(1 for _row, _data, target in plan if target is not None)
        if kept and kept_for:
            report.notes.append(kept_note(kept.values(), kept_for, "次会议"))
        if dry_run:
            session.rollback()
    return report


def _preview_cells(row: LedgerRow) -> tuple[str, ...]:
    counts = ("" if n is None else str(n) for n in (row.expected, row.present))
    return (f"{row.date:%Y-%m-%d}" if row.date else row.date_text, "、".join(row.kinds), row.branch, row.group, row.topic, *counts)


def _lecturers(report: ImportReport, plan: list[tuple[LedgerRow, MeetingInput, int | None]]) -> None:
    """党课 主讲人 (TR-3): one read from the row's 备注 ("主讲：王建华") is said beside the row; one not written
    anywhere is said too — the check cannot tell whether the 书记 gave a 党课 (MTG-QUARTERLY-LECTURE)."""
    read: dict[str, list[int]] = {}
    for row, _d, _t in plan:
        if row.lecturer_from_remark:
            read.setdefault(row.lecturer, []).append(row.row)
    for name, rows in read.items():
        report.warn(f"{rows_label(rows)}的党课没有填写主讲人，已按备注读取主讲人为“{name}”，请核对", rows,
                    on_row=f"党课主讲人按备注读取为“{name}”，请核对")
    missing = [row.row for row, data, _t in plan if MeetingKind.LECTURE.value in data.kinds and not data.lecturer.strip()]
    if missing:
        report.warn(f"{rows_label(missing)}的党课没有填写主讲人，无法判断支部书记是否讲过党课；"
                    "请在表中加“主讲人”列填写后重新导入，或在“三会一课”中打开这些记录补填", missing,
                    on_row="党课没有填写主讲人，无法判断书记是否讲过党课")


def _talk_only(data: MeetingInput) -> bool:
    return tuple(data.kinds) == (MeetingKind.TALK.value,)


def _summarise(report: ImportReport, plan: list[tuple[LedgerRow, MeetingInput, int | None]],
               moved_as_marked: set[int]) -> None:
    """`moved_as_marked`: the rows whose meeting moved with its sheet as the user marked it (not derived)."""
    derived = sum(1 for row, data, _t in plan
                  if data.attendees and not _talk_only(data) and row.row not in moved_as_marked)
    if derived:
        report.notes.append(f"按应到、实到和缺席人员推算了 {derived} 次会议的出席名单（与当日花名册相符）")
    unnamed = [row.row for row, data, target in plan if target is None and _talk_only(data) and not data.attendees]
    if unnamed:  # the ledger has no column for who talked: coverage (MTG-YEARLY-TALKS) cannot be judged from it
        report.warn(f"{rows_label(unnamed)}的谈心谈话没有写明谈话双方，是否全覆盖无法据此核对；"
                    "请在“三会一课”中打开这些记录，在出席名单中填写参加谈话的党员", unnamed)
    ungraded = [row.row for row, data, _t in plan if MeetingKind.REVIEW.value in data.kinds and not data.review_results]
    if ungraded:  # the ledger has no grade column: the grades are entered in the sitting's record (TV-4)
        report.warn(f"{rows_label(ungraded)}的民主评议党员没有评议结果（会议台账不含评议等次），年度报表中等次显示为"
                    "“未录入”；请在“三会一课”中打开这些记录，在“评议结果”中逐人录入等次", ungraded)
    _lecturers(report, plan)
    from_topic = [row.row for row, _d, _t in plan if row.period_from_topic]
    if from_topic:
        report.notes.append(f"{len(from_topic)} 次年度会议按主题中的“××××年度”计入该年度（{rows_label(from_topic)}）")
    late = [row.row for row, data, _t in plan
            if data.period and data.date and held_late(data.date, data.period) and not row.period_from_topic]
    if late:
        report.notes.append(f"{len(late)} 次会议按“所属期间”计入所补的期间（{rows_label(late)}）")
    for year in sorted({row.year_given for row, _d, _t in plan if row.year_given}):
        given = [row.row for row, _d, _t in plan if row.year_given == year]
        report.warn(f"{len(given)} 个日期没有写年份，已按台账标题或工作表名中的“{year}年”读取（{rows_label(given)}），"
                    "请核对；跨年的记录请写上年份", given, on_row=f"日期没有写年份，已按“{year}年”读取，请核对")
    half = [row.row for row, _d, _t in plan if row.half_day]
    if half:
        words = "、".join(dict.fromkeys(f"“{row.half_day}”" for row, _d, _t in plan if row.half_day))
        report.warn(f"{rows_label(half)}的日期后写了{words}：已读取日期；这不是具体时间，开始时间未填写，"
                    "如需要请在软件中补填", half)
    ahead = [row.row for row, data, _t in plan if _not_yet_held(data) and not row.draft]
    if ahead:
        report.warn(f"{rows_label(ahead)}的日期在今天（{_today():%Y-%m-%d}）之后，会议尚未召开，已导入为草稿，"
                    "不计入规定召开次数；会议召开后请在软件中补全并定稿，或届时重新导入本台账", ahead)
    marked = [row.row for row, _d, _t in plan if row.draft]
    if marked:
        report.warn(f"{rows_label(marked)}标为草稿，已导入为草稿，不计入规定召开次数；请在软件中补全后定稿", marked)
    incomplete: dict[str, list[int]] = {}
    for row, data, _t in plan:
        problems = _final_problems(row, data)
        if problems and not row.draft and not _not_yet_held(data):
            incomplete.setdefault("；".join(problems), []).append(row.row)
    for reasons, rows in incomplete.items():
        report.warn(f"{rows_label(rows)}还不能定稿：{reasons}；已导入为草稿，不计入规定召开次数，"
                    "请在软件中补全后定稿", rows)


def _today() -> date:
    return date.today()


def _not_yet_held(data: MeetingInput) -> bool:
    """A row dated after today: a sitting planned, not held (TL-11)."""
    return data.date is not None and data.date > _today()


def _final_problems(row: LedgerRow, data: MeetingInput) -> list[str]:
    """What stops the row's record from being 定稿 (sitting.finalise_problems): a 备注 alone is no 会议记录."""
    problems = finalise_problems(data)
    if row.remark and not problems and data.content == with_remark("", row.remark):
        problems.append("请填写会议内容（会议记录），备注不是会议记录")
    return problems


def _finalise(session: Session, meeting: Meeting, row: LedgerRow, data: MeetingInput) -> None:
    """A ledger's row is a record already kept: 定稿 on import, unless marked 草稿 or not complete
    enough to be finalised in the window either (no minutes; a 主题党日 without its theme)."""
    if meeting.finalised_at is not None or row.draft or _not_yet_held(data) or _final_problems(row, data):
        return
    meeting.finalised_at = datetime.now()
    session.flush()
    session.add(MeetingHistory(meeting_id=meeting.id, at=meeting.finalised_at, action="定稿",
                               reason=f"{IMPORTED}（{row_label(row.row)}）", changes="{}"))


def _write(session: Session, report: ImportReport, row: LedgerRow, data: MeetingInput,
           record: MeetingRecord | None, sheet: moves.MovedSheet | None = None) -> None:
    if record is None:
        meeting = Meeting()
        session.add(meeting)
        apply_input(session, meeting, data)
        _finalise(session, meeting, row, data)
        if meeting.finalised_at is None:  # a finalised one says so in its 定稿 line
            moves.mark_imported(session, meeting, row.row)
        report.created += 1
        # a row that comes in as a 草稿 (not held yet, marked 草稿, not complete) says so beside it in the preview
        report.row_status[row.row] = "新增" if meeting.finalised_at is not None else "新增（草稿）"
        return
    existing = session.get(Meeting, record.id)
    assert existing is not None and data.date is not None
    meeting = existing
    if record.date != data.date:  # its date corrected in the ledger (ledger_moves): its sheet already moved
        moves.record_move(session, meeting.id, row.row, record, data)
        apply_input(session, meeting, data)
        _finalise(session, meeting, row, data)
        report.updated += 1
        report.row_status[row.row] = MOVED
        report.notes.append(moves.moved_note(row.row, record, data.date, sheet))
        return
    if _same(record, data):
        _finalise(session, meeting, row, data)
        report.unchanged += 1
        report.row_status[row.row] = "无变化"
        return
    if record.attendees:  # keep the sign-in sheet; the ledger's counts are only compared with it
        merged = record.to_input()
        for name in _TEXT_FIELDS:
            setattr(merged, name, getattr(data, name))
        if data.votes is not None:
            merged.votes = data.votes
        if (data.expected_count, data.present_count) not in ((None, None), (record.expected, record.present)):
            report.warnings.append(
                f"{row_label(row.row)}：台账中的应到/实到人数（{data.expected_count}/{data.present_count}）与签到名单"
                f"（{record.expected}/{record.present}）不一致，已保留签到名单")
        data = merged
    apply_input(session, meeting, data)
    _finalise(session, meeting, row, data)
    report.updated += 1
    report.row_status[row.row] = "更新"


def export_meetings(db: Database, path: Path, *, year: int | None = None, branch: str | None = None) -> int:
    """Write the ledger (of one year and/or branch, if given), oldest first as in a paper ledger."""
    with db.session() as session:
        query = select(Meeting.id).where(Meeting.deleted_at.is_(None))
        if branch:
            org = find_branch(session, branch)
            if org is None:
                raise NotFound(f"没有名为“{branch}”的党支部")
            query = query.where(Meeting.branch_id == org.id)
        if year is not None:
            query = query.where(Meeting.meeting_date.between(f"{year}-01-01", f"{year}-12-31"))
        ids = list(session.scalars(query.order_by(Meeting.meeting_date, Meeting.start_time, Meeting.id)))
        records = load_records(session, ids)
    scope = "　".join(x for x in ((branch or "全部党支部"), f"{year}年度" if year else "") if x)
    return write_ledger(Path(path), records, school=get_school_name(db), scope=scope)


def export_meetings_template(path: Path) -> None:
    write_template(Path(path))
