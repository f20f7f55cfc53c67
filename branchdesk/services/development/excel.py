"""Import and export the 发展党员工作台账 (issue 4).

All or nothing, as for the roster: every row is read and validated first; a row that cannot be read
(bad ID number, unknown branch, unreadable date) fails the whole import and nothing is written. Rule
findings do not stop it — the ledger is history — they are listed in the report. The ID number
identifies a person, so a re-import updates the record; a blank cell never erases a recorded step.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from branchdesk.db.engine import Database
from branchdesk.db.models import DevPerson, DevRecord, DevStep
from branchdesk.db.queries import find_branch
from branchdesk.domain.development.check import check_case
from branchdesk.domain.development.records import PersonInput, validate_person
from branchdesk.domain.development.steps import STEP_BY_NUMBER, Outcome, Role
from branchdesk.domain.findings import Severity
from branchdesk.domain.idcard import mask_id_number
from branchdesk.domain.progress import IsCancelled, Progress
from branchdesk.domain.text import NameMap
from branchdesk.domain.validation import FieldError
from branchdesk.io.development_xlsx import LedgerRow, read_ledger, write_ledger, write_template
from branchdesk.io.xlsx_reader import ImportFileError, row_label
from branchdesk.services.development.checks import rule_context
from branchdesk.services.development.records import StepInput, apply_person, write_step
from branchdesk.services.development.roster_sync import sync_roster
from branchdesk.services.development.store import load_cases, load_roster_index, member_ids_by_name
from branchdesk.services.import_report import ImportReport, PreviewRow, RowProblem
from branchdesk.services.one_branch import only_branch_fills, roster_first
from branchdesk.services.roster.organisation import get_school_name

KIND = "发展党员工作台账"
# people columns are recorded on the step that names them, dated by the step they go with
_PEOPLE_STEPS = {Role.CONTACT: (5, 3), Role.INTRODUCER: (9, 7)}


def _validate(db: Database, rows: list[LedgerRow], report: ImportReport) -> None:
    seen: dict[str, int] = {}
    with db.session() as session:
        # one spelling of organisation names in every import (domain.text.name_key): the cell as typed
        # and the name validate_person cleaned are one key, "（初中部）" and "(初中部)" alike
        branches = NameMap((name, find_branch(session, name) is not None) for name in {r.person.branch for r in rows})
    unread = any("未读取的列" in note for note in report.notes)  # the reader's note naming them
    for row in rows:
        typed = row.person.branch.strip()
        person, errors = validate_person(row.person)
        row.person = person
        errors = row.errors + errors
        if person.branch and not branches.get(person.branch):
            errors.append(FieldError("所在党支部", f"没有名为“{typed or person.branch}”的党支部，请先在组织中建立或改正名称"))
        if person.id_number and not any(e.field == "公民身份号码" for e in errors):
            if person.id_number in seen:
                errors.append(FieldError("公民身份号码", f"与{row_label(seen[person.id_number])}重复（同一人只能出现一次）"))
            else:
                seen[person.id_number] = row.row
        for role, (step, dated_by) in _PEOPLE_STEPS.items():
            if row.people[role] and dated_by not in row.steps and step not in row.steps:  # no date of its own either
                errors.append(FieldError(role.value, _undated(role, dated_by, row.columns, unread)))
        for error in errors:
            report.problems.append(RowProblem(row.row, error.field, row.columns.get(error.field, ""), error.message))
        report.row_status[row.row] = "有错误" if errors else ""


def _undated(role: Role, dated_by: int, columns: dict[str, str], unread: bool) -> str:
    """Why a 培养联系人 / 入党介绍人 has no date: the dating column blank, or not in the file at all — her date
    may stand under a header not understood (trial L, TL-1: never "为空" for a column she filled)."""
    names = ["确定入党积极分子日期"] if dated_by == 3 else ["确定入党介绍人日期", "确定发展对象日期"]
    missing = [n for n in names if n not in columns]
    if len(missing) == len(names):
        listed = "”或“".join(missing)
        where = "表头未能识别的列中（见“未读取的列”）" if unread else "其他列中"
        return f"填写了{role.value}，但文件中没有“{listed}”一列，无法确定其日期；如该日期写在{where}，请把表头改为“{missing[0]}”"
    column = "“确定入党积极分子日期”" if dated_by == 3 else "“确定入党介绍人日期”和“确定发展对象日期”均"
    return f"填写了{role.value}，但{column}为空，无法确定其日期"


def import_development(db: Database, path: Path, *, dry_run: bool = False, today: date | None = None,
                      progress: Progress | None = None,
                      cancelled: IsCancelled | None = None) -> ImportReport:
    report = ImportReport(kind=KIND, dry_run=dry_run)
    today = today or date.today()
    if first := roster_first(db, KIND):
        report.problems.append(RowProblem(0, "", "", first))
        return report
    try:
        with only_branch_fills(db):  # one branch: a ledger without 所在党支部 is its own (TL-6)
            rows = read_ledger(Path(path), today, progress=progress, cancelled=cancelled)
    except ImportFileError as exc:
        report.problems.append(RowProblem(0, "", "", str(exc)))
        return report
    report.rows_read = len(rows)
    if not rows:
        report.problems.append(RowProblem(0, "", "", "表头下面没有任何数据"))
        return report
    _validate(db, rows, report)
    for r in rows:  # "24课时" read as 24 学时, "3天" as the 集中培训's range: said on the row (re-trial R2, N-5)
        for note in r.notes:
            report.warn(f"第 {r.row} 行，{note}", [r.row], on_row=note)
    report.preview_headers = ("姓名", "公民身份号码", "所在党支部")  # every row, good or not (re-trial 12, N-5)
    report.preview = [PreviewRow(r.row, (r.person.name, mask_id_number(r.person.id_number), r.person.branch)) for r in rows]
    if not report.ok:
        return report
    with db.session() as session:
        names = member_ids_by_name(session)
        existing = {r.id_number: r for r in session.scalars(select(DevRecord).where(DevRecord.deleted_at.is_(None)))}
        before = {c.id: replace(c, version=0) for c in load_cases(session, ids=[r.id for r in existing.values()])}
        touched: dict[int, int] = {}
        joined: list[str] = []
        for index, row in enumerate(rows, start=1):
            record = existing.get(row.person.id_number)
            if record is None:
                record = DevRecord(outcome=Outcome.IN_PROGRESS.value)
                apply_person(session, record, row.person, [])
                session.add(record)
                existing[row.person.id_number] = record
            else:  # a column the file leaves blank (or does not have) keeps what is stored
                apply_person(session, record, _keep_stored(row.person, record), [])
            session.flush()
            _write_steps(session, record, row, names)
            note = sync_roster(session, record)
            if note:
                report.notes.append(f"{row_label(row.row)} {note}")
                if "已编入党员名册" in note:
                    joined.append(note.split("：", 1)[0] + note[note.index("（"):note.index("，", note.index("（"))] + "）")
            touched[record.id] = row.row
            if progress and index % 200 == 0:
                progress(index, len(rows))
        session.flush()
        if joined:
            report.notes.insert(0, f"新编入党员名册 {len(joined)} 人：{'、'.join(joined)}")
        roster = load_roster_index(session)
        book, calendar = rule_context(session)
        for case in load_cases(session, ids=list(touched)):
            number = touched[case.id]
            old = before.get(case.id)
            status = "新增" if old is None else ("无变化" if old == replace(case, version=0) else "更新")
            report.row_status[number] = status
            report.created += status == "新增"
            report.updated += status == "更新"
            report.unchanged += status == "无变化"
            for finding in check_case(case, roster, today, book, calendar):
                label = "问题" if finding.severity is Severity.ERROR else "提醒"
                report.warn(f"{row_label(number)} [{label}] {finding.message}", [number])
        if dry_run:
            session.rollback()
    return report


_OPTIONAL = ("ethnicity", "education", "position", "phone", "note")


def _keep_stored(person: PersonInput, record: DevRecord) -> PersonInput:
    """Re-importing a ledger must never erase what was typed in the window: blank optional fields of
    the row take the stored value (the ledger's columns are fewer than the record's fields)."""
    # the export adds the outcome and an extension to 备注 (they have no column): not a change of the note
    generated = {f"{record.outcome}（{record.outcome_on or ''}）{record.outcome_reason or ''}",
                 f"延长预备期{record.extension_months}个月" if record.extension_months else ""}
    note = "；".join(part for part in person.note.split("；") if part and part not in generated)
    person = replace(person, note=note) if note != person.note else person
    kept: dict[str, Any] = {name: getattr(record, name) or "" for name in _OPTIONAL if not str(getattr(person, name) or "").strip()}
    return replace(person, **kept) if kept else person


def _dated_by_note(step: int) -> str:
    """The note of a people step the ledger gives no date of its own (_PEOPLE_STEPS)."""
    return f"导入：日期按{STEP_BY_NUMBER[_DATED_BY[step]].name}记录"


_DATED_BY = {step: dated_by for step, dated_by in _PEOPLE_STEPS.values()}


def _write_steps(session: Session, record: DevRecord, row: LedgerRow, names: dict[str, list[int]]) -> None:
    """The row's steps, then its people. A people step takes the date of its own column when the file
    has one (确定入党介绍人日期), else what is stored, else the step it goes with: the first import once
    dated 确定入党介绍人 by 确定发展对象 although the ledger gave its date, which only a second import of
    the same file then took (trial V, TV-12) — an import gives the same result the first time."""
    current = {s.step: s for s in session.scalars(select(DevStep).where(DevStep.record_id == record.id))}
    if row.leaving_on is not None:
        record.leaving_on = row.leaving_on
    for step in sorted(set(row.steps) | set(row.details)):
        on, start, end = row.steps.get(step, (None, None, None))
        old = current.get(step)
        extra = row.details.get(step, {})

        def keep(name: str, given: object, old: DevStep | None = old, extra: dict[str, object] = extra) -> object:
            # a column the file fills wins; a blank (or absent) column keeps what is stored
            value = extra.get(name, given)
            return value if value is not None else (getattr(old, name) if old else None)

        note = old.note if old else ""
        if on is not None and step in _DATED_BY and note == _dated_by_note(step):
            note = ""  # the file now gives the step's own date: the date is no longer the other step's
        data = StepInput(step=step, on=on or (old.on if old else None), start_on=keep("start_on", start),  # type: ignore[arg-type]
                         end_on=keep("end_on", end), hours=keep("hours", None),  # type: ignore[arg-type]
                         voters_expected=keep("voters_expected", None), voters_present=keep("voters_present", None),  # type: ignore[arg-type]
                         votes_for=keep("votes_for", None), note=note)  # type: ignore[arg-type]
        write_step(session, record, data, names)
    written = {s.step: s for s in session.scalars(select(DevStep).where(DevStep.record_id == record.id))}
    for role, (step, dated_by) in _PEOPLE_STEPS.items():
        if not row.people[role]:
            continue
        stored = list(session.scalars(select(DevPerson.name).where(
            DevPerson.record_id == record.id, DevPerson.role == role.value).order_by(DevPerson.sort_order, DevPerson.id)))
        old = written.get(step)  # as the file's own column for the step (if any) has just written it
        if stored == row.people[role] and old is not None:
            continue  # the same people: nothing to rewrite (and no churn in the history)
        on = old.on if old and old.on else row.steps[dated_by][0]
        note = old.note if old else _dated_by_note(step)
        write_step(session, record, StepInput(step=step, on=on, start_on=old.start_on if old else None,
                                              end_on=old.end_on if old else None, hours=old.hours if old else None,
                                              note=note, people=row.people[role]), names)


def export_development(db: Database, path: Path, *, masked: bool = True, branch: str | None = None) -> int:
    with db.session() as session:
        cases = load_cases(session, branch=branch)
    return write_ledger(Path(path), cases, masked=masked, school=get_school_name(db))


def export_development_template(path: Path) -> None:
    write_template(Path(path))
