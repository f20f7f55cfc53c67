"""Excel in and out for 党员学习学时 (MTG-STUDY-HOURS): the year's ledger with its records sheet, the
blank template, and the import of 学习培训记录 — all or nothing with a row-by-row report, like every
import. A member is found by name within the branch written on the row (services/member_finder.py:
one the branch lost to a 支部调整 too, said in the report); a name that two members of that branch
share is refused (the ledger has no ID numbers to tell them apart). The same member, date and
学习内容 imported again updates the record instead of adding a second one. A row whose date was
corrected in the ledger moves the record an earlier import wrote (same member and 学习内容, and
主办单位 where the file has the column), when nothing else can be meant: its 学时 count once
(domain.ledger_dates; where it is unsure, the row is new and the report names the record that may be
the same one).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from branchdesk.db.engine import Database
from branchdesk.db.models import Member, Organisation, StudyRecord
from branchdesk.db.queries import org_ids_named
from branchdesk.domain.ledger_dates import Dated, Maybe, Pairing, Why, pair_corrected_dates
from branchdesk.domain.progress import Cancelled, IsCancelled, Progress
from branchdesk.domain.study_hours.hours_words import hours_read_as
from branchdesk.domain.study_hours.records import StudyInput, hours_text
from branchdesk.domain.synonyms import STUDY_FORM, WordLog
from branchdesk.domain.validation import FieldError
from branchdesk.domain.vocabulary import OrgKind
from branchdesk.io.study_xlsx import (
    StudyRow,
    read_study_records,
    record_row,
    write_study_template,
    write_study_workbook,
)
from branchdesk.io.xlsx_reader import ImportFileError, row_label, rows_label
from branchdesk.services.absent_columns import absent_fields, kept_note, with_stored
from branchdesk.services.errors import NotFound
from branchdesk.services.import_report import ImportReport, PreviewRow, RowProblem
from branchdesk.services.ledger_dates import CORRECTED, MOVED, day_text, imported_ids, written_as
from branchdesk.services.member_finder import MemberFinder
from branchdesk.services.one_branch import only_branch_fills, roster_first
from branchdesk.services.study_hours.records import (
    apply_input,
    check_input,
    list_study_records,
    study_summary,
)
from branchdesk.services.study_hours.roster_check import StudyRoster

KIND = "党员学习培训记录"
PREVIEW_HEADERS = ("所在党支部", "姓名", "学习日期", "学时", "学习形式", "学习内容")
_COMPARED = ("hours", "form", "organiser", "note")
_OPTIONAL = {"organiser": "主办单位", "note": "备注"}  # attribute -> its column, which a file may not have
Key = tuple[int, date, str]



def export_study_hours(db: Database, path: Path, *, year: int, branch: str | None = None) -> tuple[int, int]:
    """Write the year's ledger (one row per member) and its records; returns (members, records)."""
    rows = study_summary(db, year, branch)
    if branch and not rows:
        with db.reading(), db.session() as session:
            exists = session.scalar(select(Organisation.id).where(
                Organisation.id.in_(org_ids_named(session, branch)), Organisation.kind == OrgKind.BRANCH.value,
                Organisation.deleted_at.is_(None)))
        if exists is None:
            raise NotFound(f"没有名为“{branch}”的党支部")
    records = list_study_records(db, year=year, branch=branch)
    lines = [record_row(i, r.branch, r.name, r.study_date, r.hours, r.form, r.title, r.organiser, r.note)
             for i, r in enumerate(records, start=1)]
    write_study_workbook(Path(path), year, rows, lines, branch or "全部党支部")
    return len(rows), len(records)


def export_study_template(path: Path) -> None:
    write_study_template(Path(path))


# --- import ----------------------------------------------------------------------------------
def _validate(session: Session, rows: list[StudyRow], report: ImportReport,
              today: date) -> list[tuple[StudyRow, StudyInput, Decimal]]:
    members = MemberFinder(session, enter_in="学习学时页面")
    roster = StudyRoster(session)  # the check the forms share: on the roster on the 学习日期 (MTG-STUDY-HOURS)
    seen: dict[Key, int] = {}
    moved: set[int] = set()  # members listed by a branch they moved out of (said once)
    valid: list[tuple[StudyRow, StudyInput, Decimal]] = []
    for row in rows:
        member_id, problem = members.find(row.branch, row.name, row.study_date)  # a renamed branch: its name of the day
        if (member_id is not None and members.moved_from(row.branch, member_id, row.study_date)
                and member_id not in moved):
            moved.add(member_id)  # her 学时 are her own, whichever branch's sheet lists them
            report.notes.append(f"{members.names[member_id]}：{members.move_text(member_id)}；按{row.branch}的表"
                                "导入其学习培训记录，计入本人学时")
        data = StudyInput(member_id, row.study_date, row.hours,  # type: ignore[arg-type]  # the cell as read: validate_study names a wrong value
                          row.form, row.title, row.organiser, row.note,
                          errors=list(row.errors))
        # the same training imported again updates its record (_write): not refused as held twice
        hours, found = check_input(session, data, today, roster=roster, refuse_held=False)
        # a member not found is reported under 姓名 / 所在党支部, the columns the sheet has
        errors = ([problem] if problem is not None else []) + [e for e in found if e.field != "党员"]
        if not errors and row.study_date is not None and member_id is not None:
            key = (member_id, row.study_date, row.title.strip())
            if key in seen:
                errors.append(FieldError("学习内容", f"与{row_label(seen[key])}重复（同一党员、同一日期、同一学习内容）"))
            else:
                seen[key] = row.row
        for error in errors:
            report.problems.append(RowProblem(row.row, error.field, row.columns.get(error.field, ""), error.message))
        report.row_status[row.row] = "有错误" if errors else ""
        if not errors and hours is not None:  # (no problem: the hours were read)
            valid.append((row, data, hours))
    return valid


def import_study_records(db: Database, path: Path, *, dry_run: bool = False,
                         progress: Progress | None = None,
                         cancelled: IsCancelled | None = None, today: date | None = None) -> ImportReport:
    """Check every row first; write only when none has a problem (`dry_run` writes nothing)."""
    today = today or date.today()
    report = ImportReport(kind=KIND, dry_run=dry_run)
    if first := roster_first(db, KIND):
        report.problems.append(RowProblem(0, "", "", first))
        return report
    try:
        with only_branch_fills(db):  # one branch: a ledger without 所在党支部 is its own (TL-6)
            rows = read_study_records(Path(path), progress=progress, cancelled=cancelled)
    except ImportFileError as exc:
        report.problems.append(RowProblem(0, "", "", str(exc)))
        return report
    report.rows_read = len(rows)
    if not rows:
        report.problems.append(RowProblem(0, "", "", "表头下面没有任何学习培训记录"))
        return report
    for year in sorted({row.year_given for row in rows if row.year_given}):
        given = [row.row for row in rows if row.year_given == year]
        report.warn(f"{len(given)} 个学习日期没有写年份，已按登记表标题或工作表名中的“{year}年”读取（{rows_label(given)}），"
                    "请核对；跨年的记录请写上年份", given, on_row=f"学习日期没有写年份，已按“{year}年”读取，请核对")
    words = WordLog()  # "党校" → 党校培训, said once in the report
    for row in rows:
        words.read(STUDY_FORM, row.form, row.row)
    words.unknown.clear()  # an unknown form is reported by the validation, beside its column
    report.take_words(words)
    with db.session() as session:
        valid = _validate(session, rows, report, today)
        for row, _data, hours in valid:  # "4课时" read as 4 学时: said on its row (re-trial R2, N-5)
            if said := hours_read_as(row.hours, hours):
                report.warn(f"第 {row.row} 行，学时{said}", [row.row], on_row=f"学时{said}")
        report.preview_headers = PREVIEW_HEADERS
        report.preview = [PreviewRow(r.row, (r.branch, r.name, f"{r.study_date:%Y-%m-%d}" if r.study_date else "",
                                             str(r.hours if r.hours is not None else ""), r.form, r.title))
                          for r in rows]
        if not report.ok:
            return report
        if cancelled and cancelled():
            raise Cancelled("已取消导入，没有写入任何数据")
        _write(session, valid, report)
        if dry_run:
            session.rollback()
    return report


def _pairing(session: Session, valid: list[tuple[StudyRow, StudyInput, Decimal]],
             kept: list[StudyRecord]) -> Pairing[Dated]:
    """The rows whose date was corrected in the ledger (domain.ledger_dates). A record is named by its
    member and 学习内容; where the file has 主办单位, a record of another 主办单位 is another course (a
    blank cell on either side says nothing). A member's records are covered by the months of the rows
    of her 党支部."""
    rows = [(row.row, data.member_id, data.study_date, data.title.strip(), data.organiser.strip())
            for row, data, _hours in valid if data.member_id is not None and data.study_date is not None]
    keys = {(member, title) for _r, member, _d, title, _o in rows}
    near = [r for r in kept if (r.member_id, r.title.strip()) in keys]
    members = {member for _r, member, _d, _t, _o in rows} | {r.member_id for r in near}
    branch: dict[int, int] = {m: b for m, b in session.execute(select(Member.id, Member.branch_id)
                                                               .where(Member.id.in_(members)))}
    imported = imported_ids(session, StudyRecord.__tablename__, (r.id for r in near))
    organisers = {ref: organiser for ref, *_x, organiser in rows}
    kept_organisers = {r.id: r.organiser.strip() for r in near}
    by_organiser = bool(valid) and "主办单位" in valid[0][0].columns

    def another_course(row: Dated, record: Dated) -> bool:
        one, other = organisers[row.ref], kept_organisers[record.ref]
        return by_organiser and bool(one) and bool(other) and one != other

    return pair_corrected_dates(
        [Dated(ref, branch.get(member), (member, title), day) for ref, member, day, title, _o in rows],
        [Dated(r.id, branch.get(r.member_id), (r.member_id, r.title.strip()), r.study_date, r.id in imported)
         for r in near], another_course)


_WHY = {Why.ENTERED: "那条记录是在软件中录入的或由旧版本导入的，导入不改动它",
        Why.ROWS: "文件中这一学习内容有多条，无法判断改的是哪一条",
        Why.KEPT: "不在文件中的这一学习内容有多条，无法判断是哪一条",
        Why.OUTSIDE: "那条记录不在这份文件所记的月份内，导入不改动它"}


def _maybe_warning(row: StudyRow, data: StudyInput, hours: Decimal, maybes: list[Maybe[Dated]]) -> str:
    assert data.study_date is not None
    new = data.study_date
    days = "、".join(day_text(m.record.day, new) for m in maybes)
    what = f"{row.name}的“{data.title.strip()}”"
    return (f"{row_label(row.row)}（{day_text(new, maybes[0].record.day)}{what}，{hours_text(hours)} 学时）已作为新记录导入；"
            f"{days}{'已有一条' if len(maybes) == 1 else '各有一条'}{what}，可能是同一次学习改了日期"
            f"（{_WHY[maybes[0].why]}）。如是同一次，请在“三会一课”页的“学习学时”中删除{days}的记录，否则学时重复计算")


def _write(session: Session, valid: list[tuple[StudyRow, StudyInput, Decimal]], report: ImportReport) -> None:
    kept_records = list(session.scalars(select(StudyRecord).where(StudyRecord.deleted_at.is_(None))))
    existing: dict[Key, StudyRecord] = {(r.member_id, r.study_date, r.title): r for r in kept_records}
    pairing = _pairing(session, valid, kept_records)
    by_id = {r.id: r for r in kept_records}
    # a column the file does not have keeps what an existing record holds (services.absent_columns)
    absent = absent_fields(_OPTIONAL, valid[0][0].columns) if valid else {}
    kept_for = 0
    # the moves first, flushed apart: 修改记录 says the import moved them (services.ledger_dates)
    with written_as(session, KIND, CORRECTED):
        for row, data, hours in valid:
            if (moved := pairing.moves.get(row.row)) is None:
                continue
            kept = by_id[moved.ref]
            if absent:
                data = with_stored(data, kept, absent)
                kept_for += 1
            before = kept.study_date
            assert data.study_date is not None
            apply_input(kept, data, hours)
            report.updated += 1
            report.row_status[row.row] = MOVED
            report.notes.append(f"{row_label(row.row)}：{row.name}{day_text(before, data.study_date)}的学习培训"
                                f"“{data.title.strip()}”改为{day_text(data.study_date, before)}（{CORRECTED}：原记录移到新日期，"
                                f"{hours_text(hours)} 学时只计一次，修改记录保留）")
        session.flush()
    with written_as(session, KIND):
        for row, data, hours in valid:
            assert data.member_id is not None and data.study_date is not None
            if row.row in pairing.moves:
                continue
            key = (data.member_id, data.study_date, data.title.strip())
            record = existing.get(key)
            if record is not None and absent:
                data = with_stored(data, record, absent)
                kept_for += 1
            if record is None:
                record = StudyRecord()
                apply_input(record, data, hours)
                session.add(record)
                report.created += 1
                report.row_status[row.row] = "新增"
                if row.row in pairing.maybe:
                    report.warnings.append(_maybe_warning(row, data, hours, pairing.maybe[row.row]))
                continue
            compared = tuple(getattr(record, f) for f in _COMPARED)
            apply_input(record, data, hours)
            if compared == tuple(getattr(record, f) for f in _COMPARED):
                report.unchanged += 1
                report.row_status[row.row] = "无变化"
            else:
                report.updated += 1
                report.row_status[row.row] = "更新"
        session.flush()
    if kept_for:
        report.notes.append(kept_note(absent.values(), kept_for, "条学习培训记录"))
