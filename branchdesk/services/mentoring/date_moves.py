"""A pair's 开始日期 corrected in a 结对帮扶台账 imported again (the rule: domain.ledger_dates): the pairs
kept as the rule reads them, what refuses a move, and what the report says.

A pair is named by its 类型, 导师 and 对象 (the import finds it by those and its 开始日期); the ledger
covers the months of its rows' 开始日期 per 党支部. A kept pair that ended (实际结束日期, else 结束日期) on
or before the row's start is an earlier pair of the same people — a 师徒结对 renewed for the next year
(domain.md §7: pairs run "year by year") —,
not this one with its date corrected: neither moved nor named. One outside the ledger's months that
was still running at the row's start is named, not moved. A move keeps the pair's activities,
成效, evaluations and attachments (they hang on the pair); a move that would leave an activity or a
成效 before the new start is refused (domain.mentoring.log refuses them there), with what to do."""

from __future__ import annotations

from collections.abc import Hashable
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from branchdesk.db.models import MentoringActivity, MentoringOutcome, MentoringPair
from branchdesk.domain.ledger_dates import Dated, Maybe, Pairing, Why, pair_corrected_dates
from branchdesk.domain.mentoring.records import PairInput, mentee_key
from branchdesk.io.mentoring_xlsx import MentoringRow
from branchdesk.io.xlsx_reader import row_label
from branchdesk.services.ledger_dates import CORRECTED, full_day, imported_ids


def _identity(kind: str, mentor_id: int, mentee_name: str) -> Hashable:
    return (kind.strip(), mentor_id, mentee_key(mentee_name.strip()))


def find_moves(session: Session, validated: list[tuple[MentoringRow, PairInput, int]]) -> Pairing[Dated]:
    """The rows whose 开始日期 was corrected, and the pairs that may be the same as a new row."""
    rows = [Dated(row.row, branch_id, _identity(data.kind, data.mentor_id, data.mentee_name), data.start_date)
            for row, data, branch_id in validated if data.mentor_id is not None and data.start_date is not None]
    keys = {row.key for row in rows}
    near = [p for p in session.scalars(select(MentoringPair).where(MentoringPair.deleted_at.is_(None)))
            if _identity(p.kind, p.mentor_id, p.mentee_name) in keys]
    imported = imported_ids(session, MentoringPair.__tablename__, (p.id for p in near))
    ends = {p.id: p.closed_on or p.planned_end for p in near}
    kept = [Dated(p.id, p.branch_id, _identity(p.kind, p.mentor_id, p.mentee_name), p.start_date, p.id in imported)
            for p in near]

    def earlier_pair(row: Dated, pair: Dated) -> bool:
        end = ends[pair.ref]
        return end is not None and end <= row.day

    def running(_row: Dated, _pair: Dated) -> bool:
        """One outside the ledger's months, not ended by the row's start: two pairs of the same people
        at once, which is worth a word (domain.ledger_dates)."""
        return True

    return pair_corrected_dates(rows, kept, earlier_pair, running)


def _pair_text(data: PairInput) -> str:
    return f"{data.mentor_name}与{data.mentee_name.strip()}的“{data.kind}”"


def before_start(session: Session, pair_id: int, data: PairInput, kept_start: date) -> str:
    """Why the pair cannot move to the row's start ("" when it can): an activity or a 成效 before it."""
    start = data.start_date
    assert start is not None
    days = sorted({*session.scalars(select(MentoringActivity.activity_date).where(
        MentoringActivity.pair_id == pair_id, MentoringActivity.deleted_at.is_(None),
        MentoringActivity.activity_date < start))})
    outcomes = sorted({*session.scalars(select(MentoringOutcome.outcome_date).where(
        MentoringOutcome.pair_id == pair_id, MentoringOutcome.deleted_at.is_(None),
        MentoringOutcome.outcome_date < start))})
    if not days and not outcomes:
        return ""
    what = "；".join(part for part in (
        f"{'、'.join(full_day(d) for d in days)}的活动记录" if days else "",
        f"{'、'.join(full_day(d) for d in outcomes)}的成效" if outcomes else "") if part)
    new = full_day(start)
    return (f"台账把{_pair_text(data)}的开始日期由{full_day(kept_start)}改为{new}，但这对结对已有{what}，"
            f"早于{new}，导入不能代为改动。请在“结对帮扶”页面中核对这些记录的日期（或改正开始日期）后再导入")


def moved_note(row: int, data: PairInput, kept_start: date) -> str:
    assert data.start_date is not None
    return (f"{row_label(row)}：{_pair_text(data)}开始日期由{full_day(kept_start)}改为"
            f"{full_day(data.start_date)}（{CORRECTED}：原结对移到新日期，活动记录、成效和修改记录保留）")


_WHY = {Why.ENTERED: "那对结对是在软件中录入的或由旧版本导入的，导入不改动它",
        Why.ROWS: "台账中同一导师和对象的这类结对有多行，无法判断改的是哪一行",
        Why.KEPT: "不在台账中的同一结对有多对，无法判断是哪一对",
        Why.OUTSIDE: "那对结对的开始日期不在这份台账所记的月份内，导入不改动它"}


def maybe_warning(row: int, data: PairInput, maybes: list[Maybe[Dated]]) -> str:
    start = data.start_date
    assert start is not None
    days = "、".join(full_day(m.record.day) for m in maybes)
    held = "已有一对" if len(maybes) == 1 else "已有"
    return (f"{row_label(row)}（{_pair_text(data)}，开始日期{full_day(start)}）已作为新结对导入；{held}开始日期为{days}的"
            f"同一结对，可能是同一对结对改了开始日期（{_WHY[maybes[0].why]}）。如是同一对，请在“结对帮扶”页面中"
            f"删除开始日期为{days}的结对，否则结对和成效重复计算")
