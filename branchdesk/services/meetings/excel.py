"""The 三会一课台账 workbook (issue 3): import it all or nothing, with a row-by-row report, like the
roster import; export it in the import's own shape (oldest first, as in a paper ledger); the template.

A meeting is identified by branch, 党小组, date, kinds and topic, so importing the same ledger twice
updates instead of duplicating. A row naming an unknown branch or 党小组 is an error (meetings never
create organisations). A record with a sign-in sheet keeps its sheet: the ledger's counts are only
compared with it. A 定稿 record is never changed by an import.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from branchdesk.db.engine import Database
from branchdesk.db.models import Meeting, MeetingKindLink
from branchdesk.db.queries import find_branch, find_group
from branchdesk.domain.meetings.records import MeetingInput, MeetingRecord, sort_kinds, validate_meeting
from branchdesk.domain.progress import Cancelled, IsCancelled, Progress
from branchdesk.io.meetings_xlsx import LedgerRow, read_ledger, write_ledger, write_template
from branchdesk.io.xlsx_reader import ImportFileError
from branchdesk.services.errors import NotFound
from branchdesk.services.import_report import ImportReport, RowProblem
from branchdesk.services.meetings.records import apply_input
from branchdesk.services.meetings.store import load_records
from branchdesk.services.roster.organisation import get_school_name

_TEXT_FIELDS = ("start_time", "end_time", "place", "topic", "host", "recorder", "lecturer", "content", "resolutions")



def _key(branch_id: int | None, group_id: int | None, data: MeetingInput) -> tuple[object, ...]:
    return (branch_id, group_id, data.date, sort_kinds(data.kinds), data.topic.strip())


def _existing(session: Session) -> dict[tuple[object, ...], int]:
    kinds: dict[int, list[str]] = {}
    for mid, kind in session.execute(select(MeetingKindLink.meeting_id, MeetingKindLink.kind)):
        kinds.setdefault(mid, []).append(kind)
    found: dict[tuple[object, ...], int] = {}
    for m in session.scalars(select(Meeting).where(Meeting.deleted_at.is_(None))):
        found[(m.branch_id, m.group_id, m.meeting_date, sort_kinds(kinds.get(m.id, [])), m.topic.strip())] = m.id
    return found


def _to_input(session: Session, row: LedgerRow) -> tuple[MeetingInput, list[tuple[str, str]]]:
    problems: list[tuple[str, str]] = [(e.field, e.message) for e in row.errors]
    branch = find_branch(session, row.branch) if row.branch else None
    group_id = None
    if row.branch and branch is None:
        problems.append(("所在党支部", f"没有名为“{row.branch}”的党支部，请先在“组织与党员”中建立，或改正名称"))
    if branch is not None and row.group:
        group = find_group(session, branch.id, row.group)
        if group is None:
            problems.append(("党小组", f"“{row.branch}”下没有名为“{row.group}”的党小组"))
        else:
            group_id = group.id
    data = MeetingInput(
        branch_id=branch.id if branch else None, kinds=row.kinds, date=row.date, group_id=group_id,
        start_time=row.start_time, end_time=row.end_time, place=row.place, topic=row.topic, host=row.host,
        recorder=row.recorder, lecturer=row.lecturer, content=row.content, resolutions=row.resolutions,
        expected_count=row.expected, present_count=row.present, absentee_text=row.absentees, votes=row.votes,
    )
    if not problems:
        errors, _warnings = validate_meeting(data)
        problems += [(e.field, e.message) for e in errors]
    return data, problems


def _same(record: MeetingRecord, data: MeetingInput) -> bool:
    texts = all(getattr(record, f) == getattr(data, f) for f in _TEXT_FIELDS)
    if data.votes is not None and tuple(data.votes) != record.votes:
        return False
    if record.attendees:
        return texts
    return texts and (record.expected, record.present, record.absentee_text) == (
        data.expected_count, data.present_count, data.absentee_text)


def import_meetings(
    db: Database, path: Path, *, dry_run: bool = False, progress: Progress | None = None,
    cancelled: IsCancelled | None = None,
) -> ImportReport:
    report = ImportReport(kind="三会一课台账", dry_run=dry_run)
    try:
        rows = read_ledger(Path(path), progress=progress, cancelled=cancelled)
    except ImportFileError as exc:
        report.problems.append(RowProblem(0, "", "", str(exc)))
        return report
    report.rows_read = len(rows)
    if not rows:
        report.problems.append(RowProblem(0, "", "", "表头下面没有任何会议记录"))
        return report
    with db.session() as session:
        existing = _existing(session)
        parsed = [(row, *_to_input(session, row)) for row in rows]
        keys = [_key(d.branch_id, d.group_id, d) for _row, d, p in parsed if not p]
        matched = sorted({existing[k] for k in keys if k in existing})
        records = {r.id: r for r in load_records(session, matched)}  # one batch, not a query per row
        seen: dict[tuple[object, ...], int] = {}
        plan: list[tuple[LedgerRow, MeetingInput, int | None]] = []
        for row, data, problems in parsed:
            target = None
            if not problems:
                key = _key(data.branch_id, data.group_id, data)
                if key in seen:
                    problems.append(("", f"与第 {seen[key]} 行是同一次会议（党支部、党小组、日期、类型、主题都相同）"))
                seen[key] = row.row
                target = existing.get(key)
                if target is not None:
                    record = records[target]
                    if record.finalised and not _same(record, data):
                        problems.append(("", f"{record.date:%Y-%m-%d}的这次会议已定稿，不能通过导入修改；请在软件中填写修改原因后修改"))
            for column, message in problems:
                report.problems.append(RowProblem(row.row, column, row.columns.get(column, ""), message))
            report.row_status[row.row] = "有错误" if problems else ""
            plan.append((row, data, target))
        if not report.ok:
            return report
        if cancelled and cancelled():
            raise Cancelled("已取消导入，没有写入任何数据")
        for index, (row, data, target) in enumerate(plan, start=1):
            _write(session, report, row, data, records.get(target) if target else None)
            if progress and index % 200 == 0:
                progress(index, len(plan))
        session.flush()
        if dry_run:
            session.rollback()
    return report


def _write(session: Session, report: ImportReport, row: LedgerRow, data: MeetingInput,
           record: MeetingRecord | None) -> None:
    if record is None:
        new = Meeting()
        session.add(new)
        apply_input(session, new, data)
        report.created += 1
        report.row_status[row.row] = "新增"
        return
    if _same(record, data):
        report.unchanged += 1
        report.row_status[row.row] = "无变化"
        return
    meeting = session.get(Meeting, record.id)
    assert meeting is not None
    if record.attendees:  # keep the sign-in sheet; the ledger's counts are only compared with it
        merged = record.to_input()
        for name in _TEXT_FIELDS:
            setattr(merged, name, getattr(data, name))
        if data.votes is not None:
            merged.votes = data.votes
        if (data.expected_count, data.present_count) not in ((None, None), (record.expected, record.present)):
            report.warnings.append(
                f"第 {row.row} 行：台账中的应到/实到人数（{data.expected_count}/{data.present_count}）与签到名单"
                f"（{record.expected}/{record.present}）不一致，已保留签到名单")
        data = merged
    apply_input(session, meeting, data)
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
