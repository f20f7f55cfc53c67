"""The 结对帮扶台账 workbook: import it all or nothing, with a row-by-row report (same rules as the
roster import); export all pairs, or those that ran in a year, of one branch if named; the template.

Every row is validated first (a mentor who is not in the roster is an error, dates in any accepted
spelling); only when no row has a problem is anything written. A pair is identified by its kind,
mentor, mentee and start date, so importing the same ledger again updates instead of duplicating;
a row whose 开始日期 was corrected moves the pair an earlier import wrote, when nothing else can be
meant (domain.ledger_dates, services.mentoring.date_moves), else it is new and the report names the
pair that may be the same one.
A ledger without the 对象类别 column does not say which type of mentee a row names (a kind the user
added reads as a teacher): the row is the pair kept for it whichever type that pair's mentee has, and
the pair keeps its 对象类别 (services.absent_columns); a row two such pairs could be is refused.
Dated outcome lines in 成效 become outcome records; existing outcomes are never removed.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from branchdesk.db.engine import Database
from branchdesk.db.models import MentoringOutcome, MentoringPair
from branchdesk.domain.ledger_dates import Dated, Pairing
from branchdesk.domain.mentoring.records import (
    MenteeType,
    PairInput,
    PairStatus,
    join_student,
    mentee_key,
    parse_list,
    read_mentee,
)
from branchdesk.domain.progress import Cancelled, IsCancelled, Progress
from branchdesk.domain.synonyms import WordLog
from branchdesk.domain.text import same_name
from branchdesk.domain.validation import FieldError
from branchdesk.io.mentoring_xlsx import (
    LedgerEntry,
    MentoringRow,
    read_mentoring,
    write_mentoring,
    write_template,
)
from branchdesk.io.xlsx_reader import ImportFileError, row_label
from branchdesk.services.absent_columns import absent_fields, kept_note, with_stored
from branchdesk.services.import_report import ImportReport, PreviewRow, RowProblem
from branchdesk.services.ledger_dates import CORRECTED, MOVED, written_as
from branchdesk.services.mentoring import date_moves
from branchdesk.services.mentoring.lists import read_lists
from branchdesk.services.mentoring.records import apply_input, list_pairs
from branchdesk.services.mentoring.resolve import Resolver
from branchdesk.services.mentoring.store import PairFilter
from branchdesk.services.mentoring.words import map_pair_words
from branchdesk.services.one_branch import only_branch_fills, roster_first
from branchdesk.services.roster.organisation import get_school_name

Key = tuple[str, int, str, date]
KIND = "结对帮扶台账"

_COMPARED = ("kind", "branch_id", "mentee_type", "mentee_name", "mentee_class", "mentee_category", "planned_end",
             "goals", "content", "results", "dimensions", "status", "stop_reason")
# attribute -> its column, which a ledger may not have: an existing pair keeps what it holds
# (services.absent_columns). Without 状态 a pair that was ended or stopped stays so — a blank 状态
# cell means 进行中 (io.mentoring_xlsx.parse_status), a column the file lacks says nothing.
_OPTIONAL = {"mentee_category": "对象类别", "planned_end": "结束日期", "goals": "帮扶目标", "content": "帮扶内容",
             "results": "成效", "dimensions": "帮扶维度", "status": "状态", "stop_reason": "状态"}


PREVIEW_HEADERS = ("结对类型", "所在党支部", "导师（帮扶人）", "结对对象", "对象类别", "开始日期", "结束日期")



def _preview_cells(data: PairInput) -> tuple[str, ...]:
    mentee = join_student(data.mentee_name, data.mentee_class) if data.mentee_class else data.mentee_name
    return (data.kind, data.branch, data.mentor_name, mentee, data.mentee_category,
            f"{data.start_date:%Y-%m-%d}" if data.start_date else "",
            f"{data.planned_end:%Y-%m-%d}" if data.planned_end else "")


def _key(data: PairInput) -> Key:
    assert data.mentor_id is not None and data.start_date is not None
    return (data.kind, data.mentor_id, mentee_key(data.mentee_name), data.start_date)


def _stored_pairs(session: Session) -> dict[Key, list[MentoringPair]]:
    """The pairs kept, by kind, mentor, mentee and start (a student and a teacher may share a name)."""
    stored: dict[Key, list[MentoringPair]] = {}
    for pair in session.scalars(select(MentoringPair).where(MentoringPair.deleted_at.is_(None))):
        stored.setdefault((pair.kind, pair.mentor_id, mentee_key(pair.mentee_name), pair.start_date), []).append(pair)
    return stored


def _stored_pair(stored: dict[Key, list[MentoringPair]], data: PairInput) -> MentoringPair | None:
    """The pair kept for this row: of the row's type of mentee when two share the key."""
    pairs = stored.get(_key(data), [])
    return next((p for p in pairs if p.mentee_type == data.mentee_type), pairs[-1] if pairs else None)


def _kept_for(stored: dict[Key, list[MentoringPair]], given: PairInput, data: PairInput) -> list[MentoringPair]:
    """The pairs kept for this row's kind, mentor and start date whose mentee is the one the row
    names, read as each type of mentee would read it (`given`: the row before it was resolved)."""
    assert data.mentor_id is not None and data.start_date is not None
    found: list[MentoringPair] = []
    for mentee_type in MenteeType:
        name, _ = read_mentee(given.mentee_name, given.mentee_class, mentee_type)
        for pair in stored.get((data.kind, data.mentor_id, mentee_key(name), data.start_date), []):
            if pair.mentee_type == mentee_type and pair not in found:
                found.append(pair)
    return found


def _which_pair(data: PairInput, given: PairInput, kept: list[MentoringPair]) -> str:
    assert data.start_date is not None
    mentees = "、".join(
        f"{p.mentee_type}“{join_student(p.mentee_name, p.mentee_class) if p.mentee_class else p.mentee_name}”"
        for p in kept)
    return (f"文件中没有“对象类别”列，无法判断是哪一对结对：导师“{data.mentor_name}”与“{given.mentee_name.strip()}”"
            f"已有 {len(kept)} 对开始日期同为 {data.start_date:%Y-%m-%d} 的“{data.kind}”结对，结对对象分别是{mentees}。"
            "请在文件中加上“对象类别”列（如“贫困生”“青年教师”）后再导入")


def _validate(session: Session, rows: list[MentoringRow], report: ImportReport,
              today: date) -> list[tuple[MentoringRow, PairInput, int]]:
    resolver = Resolver(session)
    outcome_kinds = resolver.lists.outcome_kinds
    seen: dict[Key, int] = {}
    valid: list[tuple[MentoringRow, PairInput, int]] = []
    # Without 对象类别 the type of mentee is the kind's default: the pairs kept decide (module docstring)
    no_category = bool(rows) and "对象类别" not in rows[0].columns
    stored = _stored_pairs(session) if no_category else {}
    for row in rows:
        given = replace(row.data) if no_category else row.data  # resolving normalises the row in place
        data, branch_id, errors = resolver.resolve(row.data, today)
        if no_category and not errors and (kept := _kept_for(stored, given, data)):
            if len(kept) > 1:
                errors.append(FieldError("结对对象", _which_pair(data, given, kept)))
            elif kept[0].mentee_type != data.mentee_type:  # read as the pair kept reads it
                row.data = replace(given, mentee_category=kept[0].mentee_category)
                data, branch_id, errors = resolver.resolve(row.data, today)
        for on, kind, _text in row.outcomes:
            if kind not in outcome_kinds:
                errors.append(FieldError("成效", f"{on:%Y-%m-%d} 的成效类别“{kind}”不在成效类别列表中（{'、'.join(outcome_kinds)}）"))
            if on > today:
                errors.append(FieldError("成效", f"成效日期 {on:%Y-%m-%d} 晚于今天"))
            elif data.start_date is not None and on < data.start_date:
                errors.append(FieldError("成效", f"成效日期 {on:%Y-%m-%d} 早于开始日期 {data.start_date:%Y-%m-%d}"))
        if not errors:
            key = _key(data)
            if key in seen:
                errors.append(FieldError("结对对象", f"与{row_label(seen[key])}是同一结对（类型、导师、对象、开始日期都相同）"))
            else:
                seen[key] = row.row
        for error in errors:
            report.problems.append(RowProblem(row.row, error.field, row.columns.get(error.field, ""), error.message))
        report.row_status[row.row] = "有错误" if errors else ""
        if not errors and branch_id is not None:
            valid.append((row, data, branch_id))
    return valid


def import_mentoring(db: Database, path: Path, *, dry_run: bool = False, progress: Progress | None = None,
                     cancelled: IsCancelled | None = None, today: date | None = None) -> ImportReport:
    today = today or date.today()
    report = ImportReport(kind=KIND, dry_run=dry_run)
    if first := roster_first(db, KIND):
        report.problems.append(RowProblem(0, "", "", first))
        return report
    try:
        with only_branch_fills(db):  # one branch: a ledger without 所在党支部 is its own (TL-6)
            rows = read_mentoring(Path(path), progress=progress, cancelled=cancelled)
    except ImportFileError as exc:
        report.problems.append(RowProblem(0, "", "", str(exc)))
        return report
    report.rows_read = len(rows)
    if not rows:
        report.problems.append(RowProblem(0, "", "", "表头下面没有任何结对数据"))
        return report
    with db.session() as session:
        words = WordLog()
        endings = map_pair_words(rows, words, read_lists(session))
        report.take_words(words)
        for number, word, entry in endings:  # "进步" → 学业进步, said on its row (re-trial R2, N-4)
            said = f"成效类别“{word}”按“{entry}”读入（成效类别中只有它以“{word}”结尾），请核对"
            report.warn(f"第 {number} 行，{said}", [number], on_row=said)
        validated = _validate(session, rows, report, today)
        report.preview_headers = PREVIEW_HEADERS
        report.preview = [PreviewRow(r.row, _preview_cells(r.data)) for r in rows]
        pairing = date_moves.find_moves(session, validated) if report.ok else Pairing[Dated]()
        for row, data, _branch in validated:
            if (moved := pairing.moves.get(row.row)) is not None and (
                    problem := date_moves.before_start(session, moved.ref, data, moved.day)):
                report.problems.append(RowProblem(row.row, "开始日期", row.columns.get("开始日期", ""), problem))
                report.row_status[row.row] = "有错误"
        if not report.ok:
            return report
        if cancelled and cancelled():
            raise Cancelled("已取消导入，没有写入任何数据")
        _write(session, validated, report, today, pairing)
        if dry_run:
            session.rollback()
    return report


def _write(session: Session, validated: list[tuple[MentoringRow, PairInput, int]], report: ImportReport,
           today: date, pairing: Pairing[Dated]) -> None:
    existing = _stored_pairs(session)
    by_id = {p.id: p for pairs in existing.values() for p in pairs}
    absent = absent_fields(_OPTIONAL, validated[0][0].columns) if validated else {}
    kept_for = 0
    # 修改记录 says the import wrote them (services.ledger_dates): the moves first, flushed apart
    # with their own words
    for moving in (True, False):
        with written_as(session, KIND, CORRECTED if moving else ""):
            for row, data, branch_id in validated:
                moved = pairing.moves.get(row.row)
                if (moved is not None) != moving:
                    continue
                pair = by_id[moved.ref] if moved is not None else _stored_pair(existing, data)
                if pair is not None and absent:
                    data = with_stored(data, pair, absent, convert={"dimensions": parse_list})
                    kept_for += 1
                _write_row(session, report, row, data, branch_id, pair, today, existing)
                if moved is not None:
                    report.row_status[row.row] = MOVED
                    report.notes.append(date_moves.moved_note(row.row, data, moved.day))
                elif row.row in pairing.maybe:
                    report.warnings.append(date_moves.maybe_warning(row.row, data, pairing.maybe[row.row]))
            session.flush()
    if kept_for:
        report.notes.insert(0, kept_note(dict.fromkeys(absent.values()), kept_for, "对结对"))


def _write_row(session: Session, report: ImportReport, row: MentoringRow, data: PairInput, branch_id: int,
               pair: MentoringPair | None, today: date, existing: dict[Key, list[MentoringPair]]) -> None:
    if data.status != PairStatus.ACTIVE:
        # a ledger has no actual end date: the planned end when it has passed, else the import day
        # (the pair was already over), so it never counts in later years' figures
        ended = data.planned_end is not None and data.planned_end <= today
        data.closed_on = data.planned_end if ended else max(today, data.start_date or today)
    if pair is None:
        pair = MentoringPair()
        apply_input(pair, data, branch_id)
        session.add(pair)
        session.flush()
        existing.setdefault(_key(data), []).append(pair)
        report.created += 1
        report.row_status[row.row] = "新增"
        added = _add_outcomes(session, pair.id, row.outcomes)
    else:
        before = tuple(getattr(pair, f) for f in (*_COMPARED, "start_date"))
        if pair.status != PairStatus.ACTIVE and pair.closed_on is not None:
            data.closed_on = pair.closed_on  # the actual end recorded in the app beats the estimate
        apply_input(pair, data, branch_id)
        added = _add_outcomes(session, pair.id, row.outcomes)
        if before == tuple(getattr(pair, f) for f in (*_COMPARED, "start_date")) and not added:
            report.unchanged += 1
            report.row_status[row.row] = "无变化"
        else:
            report.updated += 1
            report.row_status[row.row] = "更新"
    if added and len(report.notes) < 200:
        report.notes.append(f"{row_label(row.row)}：登记成效 {added} 项")
    if report.row_status[row.row] == "新增" and pair.mentee_member_id is not None and len(report.notes) < 200:
        report.notes.append(f"{row_label(row.row)}：结对对象“{data.mentee_name}”是花名册中的党员，已关联")


def _add_outcomes(session: Session, pair_id: int, outcomes: list[tuple[date, str, str]]) -> int:
    have = {(o.outcome_date, o.kind, o.description) for o in session.scalars(select(MentoringOutcome).where(
        MentoringOutcome.pair_id == pair_id, MentoringOutcome.deleted_at.is_(None)))}
    added = 0
    for on, kind, text in outcomes:
        if (on, kind, text) not in have:
            session.add(MentoringOutcome(pair_id=pair_id, outcome_date=on, kind=kind, description=text))
            have.add((on, kind, text))
            added += 1
    return added


def ledger_entries(db: Database, *, year: int | None = None, branch: str | None = None) -> list[LedgerEntry]:
    """Pairs with their dated outcomes; for a year, only outcomes dated in that year go in 成效."""
    pairs = [p for p in list_pairs(db, PairFilter(year=year)) if not branch or same_name(p.branch, branch)]
    outcomes: dict[int, list[tuple[date, str, str]]] = {}
    with db.session() as session:
        query = select(MentoringOutcome).where(MentoringOutcome.deleted_at.is_(None))
        for row in session.scalars(query.order_by(MentoringOutcome.outcome_date, MentoringOutcome.id)):
            if year is None or row.outcome_date.year == year:
                outcomes.setdefault(row.pair_id, []).append((row.outcome_date, row.kind, row.description))
    return [LedgerEntry(p, outcomes.get(p.id, [])) for p in pairs]


def export_mentoring(db: Database, path: Path, *, year: int | None = None, branch: str | None = None) -> int:
    entries = ledger_entries(db, year=year, branch=branch)
    return write_mentoring(Path(path), entries, school=get_school_name(db), year=year)


def export_mentoring_template(path: Path) -> None:
    write_template(Path(path))
