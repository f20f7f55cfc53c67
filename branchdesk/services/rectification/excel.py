"""The 整改台账 workbook: import measures into a ledger, all or nothing, with a row-by-row report;
export every ledger (one sheet each) in the import's shape; the empty template.

A ledger named on the command line (`--ledger`) or in the window that does not exist yet is created
(issue 13): its 问题来源 from `--source` or the file's 问题来源 column, its organisation from `--branch` or
the school's 党委; the report says "新建整改台账“…”". Problems are numbered in file order (or by the
file's problem numbers) and measures keep the file's 序号 (io.rectification_xlsx.number_rows).

A measure is known again by its problem (category + description) and its text, so importing the same
ledger twice updates instead of duplicating. Nothing in the database is removed by an import: measures
missing from the file stay, progress notes and evidence are only added. A closed or completed measure
cannot be set back by a file (RECT-REOPEN: that needs a reason, given in the window).
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from branchdesk.db.engine import Database
from branchdesk.db.models import RectEvidence, RectHistory, RectLedger, RectMeasure, RectProblem, RectProgress
from branchdesk.domain.progress import IsCancelled, Progress
from branchdesk.domain.rectification.figures import compute_figures, figures_by
from branchdesk.domain.rectification.records import LedgerDocument, MeasureRecord
from branchdesk.domain.rectification.status import (
    DONE_STATUSES,
    STATUS_ORDER,
    MeasureStatus,
    completion_date_error,
    is_done,
    ledger_year,
)
from branchdesk.domain.synonyms import WordLog
from branchdesk.domain.validation import FieldError
from branchdesk.io.rectification_xlsx import (
    RectRow,
    check_measure,
    ledger_sheet_names,
    read_ledger,
    sheet_title,
)
from branchdesk.io.rectification_xlsx_write import LedgerSheetData, write_ledgers, write_template
from branchdesk.io.xlsx_reader import ImportFileError, row_label, rows_label
from branchdesk.services.absent_columns import absent_fields, kept_note, with_stored
from branchdesk.services.errors import NotFound
from branchdesk.services.import_report import ImportReport, PreviewRow, RowProblem
from branchdesk.services.one_branch import branch_exists
from branchdesk.services.rectification.new_ledger import (
    create_ledger,
    map_sources,
    plan_new_ledger,
    read_sources,
)
from branchdesk.services.rectification.store import load_ledgers, load_measures

KIND = "整改台账"
NO_BRANCH = "数据库中还没有党支部：请先导入花名册或建立党支部，再导入整改台账"
_FIELDS = ("leader", "person", "deadline", "deadline_note", "status", "completion_date", "closed_date", "verifier")
# attribute -> its column: a measure already in the ledger keeps what it holds for a column the file
# does not have (services.absent_columns) — 责任人 and 完成时限 too, which a new measure must have
_KEPT = {"leader": "责任领导", "person": "责任人", "deadline": "完成时限", "deadline_note": "完成时限",
         "completion_date": "完成日期", "closed_date": "销号日期", "verifier": "销号审核人"}
_STATUS = "整改状态"
# the fields a status carries: one the measure does not reach is cleared, as in the window
_CARRIED: dict[str, frozenset[str]] = {"completion_date": frozenset(DONE_STATUSES),
                                       "closed_date": frozenset({MeasureStatus.CLOSED}),
                                       "verifier": frozenset({MeasureStatus.CLOSED})}


def _choose_ledger(session: Session, title: str | None, path: Path) -> tuple[RectLedger | None, str]:
    """The ledger to import into; (None, "") means `title` names a ledger to create."""
    ledgers = list(session.scalars(select(RectLedger).where(RectLedger.deleted_at.is_(None)).order_by(RectLedger.id)))
    names = "、".join(f"“{led.title}”" for led in ledgers) or "（还没有任何整改台账）"
    if title:
        for ledger in ledgers:
            if ledger.title == title.strip():
                return ledger, ""
        return None, ""
    if len(ledgers) == 1:
        return ledgers[0], ""
    sheets = ledger_sheet_names(path)
    for ledger in ledgers:
        if sheets and sheets[0] == sheet_title(ledger.title, set()):
            return ledger, ""
    if not ledgers:
        return None, ("数据库中还没有整改台账：请用 --ledger 写明台账名称（没有的会新建），"
                      "或在“整改台账”中新建台账后再导入")
    return None, f"请用 --ledger 指定导入到哪一份整改台账（没有的会新建）。现有台账：{names}"


def import_rectification(
    db: Database,
    path: Path,
    *,
    ledger: str | None = None,
    source: str | None = None,
    branch: str | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
    cancelled: IsCancelled | None = None,
    window: bool = False,
    today: date | None = None,
) -> ImportReport:
    """`ledger` names the ledger (created when missing); `source` and `branch` are used only to create
    it (问题来源 and 所属组织; defaults: the file's 问题来源 column and the school's 党委). `window`: the
    import runs in the window, whose messages name its fields rather than the command's options."""
    report = ImportReport(kind=KIND, dry_run=dry_run)
    path = Path(path)
    try:
        with db.session() as session:
            target, message = _choose_ledger(session, ledger, path)
            if target is None and message:
                report.problems.append(RowProblem(0, "", "", message))
                return report
            if target is None and not (branch and branch.strip()) and not branch_exists(session):
                # a new ledger has no 所属组织 to take: it went in as "未指定", and the branch's volume then called
                # it a 上级党组织's and counted the branch 0 measures (re-trial R2, N-1) — the roster first
                report.problems.append(RowProblem(0, "", "", NO_BRANCH))
                return report
            sheets = ledger_sheet_names(path)
            wanted = sheet_title(target.title if target else (ledger or ""), set())
            words = WordLog()
            today = today or date.today()
            # a 完成时限 without its year is a day to come after the measures' own date: the day the ledger's
            # problems were received (收到日期) when it is known, else the day of the import (the form's rule)
            # — else the year the ledger's name (or the file's title) says, when the import is in a later year: a 2026
            # ledger imported in January 2027 reads "12月25日" as 2026-12-25, not 2027's (review rev1 F7)
            since = target.received_date if target is not None and target.received_date else None
            year = None if since else ledger_year(target.title if target else (ledger or ""))
            year = year if year is not None and year < today.year else None
            after = since - timedelta(days=1) if since else date(year - 1, 12, 31) if year else None
            sheet = read_ledger(path, sheet_name=wanted if wanted in sheets else None, progress=progress,
                                cancelled=cancelled, words=words, today=today, deadline_after=after)
            year = year or sheet.deadline_year
            report.rows_read = len(sheet.rows)
            report.preview_headers = ("问题描述", "整改措施", "责任人", "整改时限")  # every row (re-trial 12, N-5)
            report.preview = [PreviewRow(r.row, (r.description, r.text, r.person or r.leader,
                                                 f"{r.deadline:%Y-%m-%d}" if r.deadline else r.deadline_note))
                              for r in sheet.rows]
            if not sheet.rows:
                report.problems.append(RowProblem(0, "", "", "表头下面没有任何整改措施"))
                return report
            if guessed := [r for r in sheet.rows if r.deadline_without_year and r.deadline]:
                since_text = (f"整改台账的收到日期（{since:%Y-%m-%d}）" if since else f"台账的年份（{year}年）" if year
                              else f"导入之日（{today:%Y-%m-%d}）")
                missed = "" if since or year else next(
                    (f"；刚过去不久的日子按今年读取（如“{r.deadline_without_year}”），未完成即为逾期"
                     for r in guessed if r.deadline and r.deadline < today), "")  # (review rev6 R6-4)
                report.warn(f"{rows_label([r.row for r in guessed])}的完成时限没有写年份，按{since_text}起最近的这一天读取"
                            f"{missed}："
                            + "；".join(f"“{r.deadline_without_year}”为 {r.deadline:%Y-%m-%d}" for r in guessed
                                       if r.deadline) + "，请核对", [r.row for r in guessed])
            sources = read_sources(session)
            map_sources(sheet.rows, sheet.columns, words, sources, report)
            planned = None
            if target is None:
                assert ledger
                planned = plan_new_ledger(session, ledger.strip(), source, branch, sheet.rows, words, sources,
                                          report, window=window)
            report.take_words(words)
            if target is None and planned is None:
                return report
            problems: dict[Any, Any] = {}  # a new ledger has none yet
            measures: dict[Any, Any] = {}
            if target is not None:
                problems = {(p.category, p.description): p for p in session.scalars(
                    select(RectProblem).where(RectProblem.ledger_id == target.id, RectProblem.deleted_at.is_(None)))}
                measures = {(m.problem_id, m.text): m for m in session.scalars(
                    select(RectMeasure).where(RectMeasure.ledger_id == target.id, RectMeasure.deleted_at.is_(None)))}
            rows = _validate(session, sheet.rows, sheet.columns, problems, measures, report, today)
            if not report.ok:
                return report
            if target is None:
                assert planned is not None
                target = create_ledger(session, planned, report)
            if sheet.filled_from_above:
                report.warn(f"{rows_label(sheet.filled_from_above)}的问题描述为空，已视为上一行问题的整改措施",
                            sheet.filled_from_above)
            if sheet.numbering:
                report.notes.append(sheet.numbering)
            _write(session, target, rows, problems, measures, report)
            if not any(note.startswith("新建整改台账") for note in report.notes):
                report.notes.insert(0, f"导入到整改台账“{target.title}”")
            if dry_run:
                session.rollback()
    except ImportFileError as exc:
        report.problems.append(RowProblem(0, "", "", str(exc)))
    return report


def _validate(session: Session, rows: list[RectRow], letters: dict[str, str], problems: Any, measures: Any,
              report: ImportReport, today: date) -> list[RectRow]:
    """Report every problem; return the rows to write, those of measures already in the ledger with
    what they hold for the columns the file lacks (_with_stored)."""
    seen: dict[tuple[str, str, str], int] = {}
    absent = absent_fields(_KEPT, letters)
    status_absent = _STATUS not in letters
    evidence: dict[int, set[str]] = {}  # 佐证材料 stored, for RECT-CLOSE-OFF on a measure kept 已销号
    if (absent or status_absent) and measures:
        for measure_id, name in session.execute(select(RectEvidence.measure_id, RectEvidence.name).where(
                RectEvidence.measure_id.in_([m.id for m in measures.values()]), RectEvidence.deleted_at.is_(None))):
            evidence.setdefault(measure_id, set()).add(name)
    out: list[RectRow] = []
    kept_for = 0
    for row in rows:
        problem = problems.get(row.problem_key)
        existing = measures.get((problem.id, row.text)) if problem is not None else None
        if existing is not None and (absent or status_absent):
            row = _with_stored(row, existing, absent, status_absent, len(evidence.get(existing.id, set()) | set(row.evidence)),
                               today)
            kept_for += 1
        out.append(row)
        errors = list(row.errors)
        key = (row.category, row.description, row.text)
        if row.text and key in seen:
            errors.append(FieldError("整改措施", f"与{row_label(seen[key])}是同一问题下的同一项措施，请合并"))
        seen.setdefault(key, row.row)
        if existing is not None and is_done(existing.status) and row.status and not is_done(row.status):
            errors.append(FieldError("整改状态", f"该措施在系统中已是“{existing.status}”，导入不能改回“{row.status}”；"
                                 "如需重新整改，请在窗口中使用“重新打开”并写明原因"))
        for error in errors:
            report.problems.append(RowProblem(row.row, error.field, letters.get(error.field, ""), error.message))
        report.row_status[row.row] = "有错误" if errors else ""
    if kept_for:
        labels = [label for label in _KEPT_COLUMNS if label not in letters]
        report.notes.append(kept_note(labels, kept_for, "项整改措施"))
    return out


_KEPT_COLUMNS = ("责任领导", "责任人", "完成时限", _STATUS, "完成日期", "销号日期", "销号审核人")  # in the ledger's order


def _with_stored(row: RectRow, measure: RectMeasure, absent: dict[str, str], status_absent: bool,
                 evidence_count: int, today: date) -> RectRow:
    """`row` with what `measure` holds for the columns the file lacks, checked again (check_measure)
    with `evidence_count` 佐证材料 in all (those stored and those the row adds).

    Without a 整改状态 column the reader infers the status from the row's dates and progress notes;
    such a file cannot set a measure back — it would have put a measure 已销号 back to 已完成 and
    one 整改中 back to 未开始 — so the stored status stays unless the row's own dates take it further
    (a 完成日期 makes it 已完成, a 销号日期 已销号). The 完成日期, 销号日期 and 销号审核人 a status carries
    are kept with it, from an absent column or, at a status the file cannot change, a blank cell; a
    status the file does set clears those it does not carry, as before."""
    status = row.status
    held = status_absent and STATUS_ORDER.index(MeasureStatus(measure.status)) >= STATUS_ORDER.index(
        MeasureStatus(row.status))
    if held:
        status = measure.status
    keep = {attr for attr in absent if attr not in _CARRIED or status in _CARRIED[attr]}
    if held:
        keep |= {attr for attr, statuses in _CARRIED.items()
                 if status in statuses and getattr(row, attr) in (None, "")}
    merged = with_stored(row, measure, dict.fromkeys(keep))
    merged.status = status
    merged.errors = [e for e in row.errors if e not in row.rule_errors]  # those found reading the row
    # a 完成日期 kept from the store is not the file's to answer for: one stored ahead before the rule
    # (RECT-CLOSE-OFF) stays as it is rather than refusing a file that could not correct it (review 13-5)
    stored_ahead = completion_date_error(measure.completion_date, today) if "completion_date" in keep else None
    merged.rule_errors = [e for e in check_measure(merged, evidence_count, today) if e != stored_ahead]
    if (stored_ahead is not None and merged.closed_date and merged.completion_date
            and merged.closed_date < merged.completion_date
            and not any(e.field == "销号日期" for e in merged.rule_errors)):  # the order the future date hid
        merged.rule_errors.append(FieldError("销号日期", "整改状态为“已销号”，销号日期不能早于完成日期"
                                                         f"（{merged.completion_date:%Y-%m-%d}）"))
    merged.errors += merged.rule_errors
    return merged


def _write(session: Session, ledger: RectLedger, rows: list[RectRow], problems: Any, measures: Any, report: ImportReport) -> None:
    problem_order = session.scalar(select(func.max(RectProblem.sort_order)).where(
        RectProblem.ledger_id == ledger.id)) or 0
    new_problems = 0
    measure_order: dict[int, int] = {}
    for row in rows:
        problem = problems.get(row.problem_key)
        if problem is None:
            problem_order += 1
            new_problems += 1
            problem = RectProblem(ledger_id=ledger.id, category=row.category, description=row.description,
                                  number=row.number or str(problem_order), source=row.source or ledger.source,
                                  sort_order=problem_order)
            session.add(problem)
            session.flush()
            problems[row.problem_key] = problem
        elif (row.number and row.number != problem.number) or (row.source and row.source != problem.source):
            problem.number, problem.source = row.number or problem.number, row.source or problem.source
        if problem.id not in measure_order:
            measure_order[problem.id] = session.scalar(select(func.max(RectMeasure.sort_order)).where(
                RectMeasure.problem_id == problem.id)) or 0
        measure = measures.get((problem.id, row.text))
        values = {"number": row.measure_number, "leader": row.leader, "person": row.person, "deadline": row.deadline,
                  "deadline_note": row.deadline_note, "status": row.status, "completion_date": row.completion_date,
                  "closed_date": row.closed_date, "verifier": row.verifier}
        if measure is None:
            measure_order[problem.id] += 1
            measure = RectMeasure(ledger_id=ledger.id, problem_id=problem.id, text=row.text,
                                  sort_order=measure_order[problem.id], **values)
            session.add(measure)
            session.flush()
            measures[(problem.id, row.text)] = measure
            session.add(RectHistory(measure_id=measure.id, action="导入", to_status=measure.status,
                                    on_date=row.closed_date or row.completion_date,
                                    detail=f"从 Excel {row_label(row.row)}导入"))
            changed = True
            report.created += 1
            report.row_status[row.row] = "新增"
        else:
            before = measure.status
            # a blank cell never erases what was recorded (责任领导, or a completion date kept by a done measure)
            for name in ("number", "leader", "completion_date"):
                if values[name] in (None, "") and getattr(measure, name) and (name != "completion_date"
                                                                              or is_done(row.status)):
                    values[name] = getattr(measure, name)
            changed = any(getattr(measure, name) != value for name, value in values.items())
            for name, value in values.items():
                setattr(measure, name, value)
            if before != measure.status:
                session.add(RectHistory(measure_id=measure.id, action="导入更新", from_status=before,
                                        to_status=measure.status, on_date=row.closed_date or row.completion_date,
                                        detail=f"从 Excel {row_label(row.row)}导入"))
        changed = _add_notes_and_evidence(session, measure, row, fresh=report.row_status.get(row.row) == "新增") \
            or changed
        if report.row_status.get(row.row) != "新增":
            report.updated += changed
            report.unchanged += not changed
            report.row_status[row.row] = "更新" if changed else "无变化"
    session.flush()
    if new_problems:
        report.notes.append(f"新建问题 {new_problems} 个")


def _add_notes_and_evidence(session: Session, measure: RectMeasure, row: RectRow, *, fresh: bool) -> bool:
    """Add the progress notes and evidence names the measure does not have yet; True if any."""
    notes: set[tuple[object, str]] = set()
    names: set[str] = set()
    if not fresh:
        notes = {(row[0], row[1]) for row in session.execute(select(RectProgress.note_date, RectProgress.text).where(
            RectProgress.measure_id == measure.id, RectProgress.deleted_at.is_(None)))}
        names = set(session.scalars(select(RectEvidence.name).where(
            RectEvidence.measure_id == measure.id, RectEvidence.deleted_at.is_(None))))
    added = False
    for note in row.progress:
        if (note.on, note.text) not in notes:
            session.add(RectProgress(measure_id=measure.id, note_date=note.on, text=note.text))
            notes.add((note.on, note.text))
            added = True
    for name in row.evidence:
        if name not in names:
            session.add(RectEvidence(measure_id=measure.id, name=name, filename="", size=0))
            names.add(name)
            added = True
    return added


def ledger_documents(db: Database, ledger_title: str | None = None) -> list[LedgerDocument]:
    with db.session() as session:
        ledgers = load_ledgers(session)
        if ledger_title:
            ledgers = [led for led in ledgers if led.title == ledger_title.strip()]
            if not ledgers:
                raise NotFound(f"没有名为“{ledger_title.strip()}”的整改台账")
        ledgers.sort(key=lambda led: led.id)
        measures = load_measures(session, ledger_ids=[led.id for led in ledgers])
    grouped: dict[int, list[MeasureRecord]] = {led.id: [] for led in ledgers}
    for measure in measures:
        grouped[measure.ledger_id].append(measure)
    return [LedgerDocument(led, grouped[led.id]) for led in ledgers]


def export_rectification(db: Database, path: Path, *, ledger: str | None = None,
                         as_of: date | None = None) -> tuple[int, int]:
    """All ledgers (one sheet each) or the named one; returns (ledgers, measures) written."""
    as_of = as_of or date.today()
    documents = ledger_documents(db, ledger)
    sheets = [
        LedgerSheetData(doc, compute_figures(doc.measures, as_of),
                        figures_by(doc.measures, lambda m: m.category, as_of), as_of)
        for doc in documents
    ]
    return len(documents), write_ledgers(Path(path), sheets)


def export_template(path: Path) -> None:
    """The empty 整改台账 workbook to fill in (the import's shape)."""
    write_template(Path(path))
