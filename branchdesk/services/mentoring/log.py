"""A pair's activity log, dated outcomes and year-end evaluation (domain.md §7: reports count
activities and results). Deleting sets `deleted_at`, so nothing entered is lost."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from branchdesk.db.engine import Database
from branchdesk.db.models import (
    MentoringActivity,
    MentoringAttachment,
    MentoringEvaluation,
    MentoringOutcome,
    MentoringPair,
)
from branchdesk.domain.mentoring.log import (
    ActivityInput,
    ActivityRecord,
    EvaluationRecord,
    OutcomeRecord,
    validate_activity,
    validate_evaluation,
    validate_outcome,
)
from branchdesk.services.errors import NotFound, ValidationFailed
from branchdesk.services.mentoring.lists import read_lists
from branchdesk.services.mentoring.records import read_attachment

ACTIVITY_FILE = "活动"


def _pair(session: Session, pair_id: int) -> MentoringPair:
    pair = session.get(MentoringPair, pair_id)
    if pair is None or pair.deleted_at is not None:
        raise NotFound("结对不存在或已删除")
    return pair


def _activity_record(row: MentoringActivity, files: tuple[str, ...] = ()) -> ActivityRecord:
    return ActivityRecord(row.id, row.pair_id, row.activity_date, row.kind, round(row.hours, 1), row.dimension,
                          row.note, files)


def list_activities(db: Database, pair_id: int) -> list[ActivityRecord]:
    """The pair's log, newest first, with the names of each entry's attachments."""
    with db.session() as session:
        rows = list(session.scalars(select(MentoringActivity).where(
            MentoringActivity.pair_id == pair_id, MentoringActivity.deleted_at.is_(None))
            .order_by(MentoringActivity.activity_date.desc(), MentoringActivity.id.desc())))
        files: dict[int, list[str]] = {}
        for activity_id, name in session.execute(select(MentoringAttachment.activity_id, MentoringAttachment.file_name)
                                                 .where(MentoringAttachment.pair_id == pair_id,
                                                        MentoringAttachment.activity_id.is_not(None),
                                                        MentoringAttachment.deleted_at.is_(None))
                                                 .order_by(MentoringAttachment.id)):
            if activity_id is not None:  # (the query asks for attachments of an activity only)
                files.setdefault(activity_id, []).append(name)
        return [_activity_record(r, tuple(files.get(r.id, ()))) for r in rows]


def save_activity(db: Database, pair_id: int, data: ActivityInput, activity_id: int | None = None, *,
                  files: list[Path] | None = None, today: date | None = None) -> ActivityRecord:
    """Add (activity_id None) or edit one log entry; `files` are stored with it in the database."""
    today = today or date.today()
    payloads = [read_attachment(f) for f in files or []]
    with db.session() as session:
        pair = _pair(session, pair_id)
        lists = read_lists(session)
        data.kind = data.kind.strip()
        data.hours = round(float(data.hours or 0.0), 1)
        errors = validate_activity(data, kinds=lists.activity_kinds, dimensions=lists.dimensions,
                                   start=pair.start_date, today=today)
        if errors:
            raise ValidationFailed(errors)
        row: MentoringActivity | None
        if activity_id is None:
            row = MentoringActivity(pair_id=pair_id)
            session.add(row)
        else:
            row = session.get(MentoringActivity, activity_id)
            if row is None or row.deleted_at is not None or row.pair_id != pair_id:
                raise NotFound("活动记录不存在或已删除")
        assert data.activity_date is not None
        row.activity_date = data.activity_date
        row.kind = data.kind
        row.hours = data.hours
        row.dimension = data.dimension
        row.note = data.note.strip()
        session.flush()
        for name, content in payloads:
            session.add(MentoringAttachment(pair_id=pair_id, activity_id=row.id, role=ACTIVITY_FILE,
                                            file_name=name, size=len(content), data=content))
        session.flush()
        names = tuple(session.scalars(select(MentoringAttachment.file_name).where(
            MentoringAttachment.activity_id == row.id, MentoringAttachment.deleted_at.is_(None))
            .order_by(MentoringAttachment.id)))
        return _activity_record(row, names)


def delete_activity(db: Database, activity_id: int) -> None:
    with db.session() as session:
        row = session.get(MentoringActivity, activity_id)
        if row is None or row.deleted_at is not None:
            raise NotFound("活动记录不存在或已删除")
        row.deleted_at = datetime.now()


def activity_files(db: Database, activity_id: int) -> list[tuple[str, bytes]]:
    with db.session() as session:
        rows = session.scalars(select(MentoringAttachment).where(
            MentoringAttachment.activity_id == activity_id, MentoringAttachment.deleted_at.is_(None))
            .order_by(MentoringAttachment.id))
        return [(r.file_name, r.data) for r in rows]


def list_outcomes(db: Database, pair_id: int) -> list[OutcomeRecord]:
    with db.session() as session:
        rows = session.scalars(select(MentoringOutcome).where(
            MentoringOutcome.pair_id == pair_id, MentoringOutcome.deleted_at.is_(None))
            .order_by(MentoringOutcome.outcome_date, MentoringOutcome.id))
        return [OutcomeRecord(r.id, r.pair_id, r.outcome_date, r.kind, r.description) for r in rows]


def add_outcome(db: Database, pair_id: int, on: date | None, kind: str, description: str = "",
                today: date | None = None) -> OutcomeRecord:
    today = today or date.today()
    with db.session() as session:
        pair = _pair(session, pair_id)
        errors = validate_outcome(on, kind, kinds=read_lists(session).outcome_kinds, today=today,
                                  start=pair.start_date)
        if errors:
            raise ValidationFailed(errors)
        assert on is not None
        row = MentoringOutcome(pair_id=pair_id, outcome_date=on, kind=kind.strip(), description=description.strip())
        session.add(row)
        session.flush()
        return OutcomeRecord(row.id, pair_id, row.outcome_date, row.kind, row.description)


def delete_outcome(db: Database, outcome_id: int) -> None:
    with db.session() as session:
        row = session.get(MentoringOutcome, outcome_id)
        if row is None or row.deleted_at is not None:
            raise NotFound("成效记录不存在或已删除")
        row.deleted_at = datetime.now()


def list_evaluations(db: Database, pair_id: int) -> list[EvaluationRecord]:
    with db.session() as session:
        rows = session.scalars(select(MentoringEvaluation).where(
            MentoringEvaluation.pair_id == pair_id, MentoringEvaluation.deleted_at.is_(None))
            .order_by(MentoringEvaluation.year))
        return [EvaluationRecord(r.id, r.pair_id, r.year, r.grade, r.comment, r.evaluated_on) for r in rows]


def set_evaluation(db: Database, pair_id: int, year: int, grade: str, comment: str = "",
                   evaluated_on: date | None = None, today: date | None = None) -> EvaluationRecord:
    """The branch's 等次 and comment for the pair's year; a second call for the same year replaces it."""
    today = today or date.today()
    errors = validate_evaluation(year, grade, evaluated_on, today)
    if errors:
        raise ValidationFailed(errors)
    with db.session() as session:
        _pair(session, pair_id)
        row = session.scalars(select(MentoringEvaluation).where(
            MentoringEvaluation.pair_id == pair_id, MentoringEvaluation.year == year)).first()
        if row is None:
            row = MentoringEvaluation(pair_id=pair_id, year=year)
            session.add(row)
        row.grade = grade
        row.comment = comment.strip()
        row.evaluated_on = evaluated_on
        row.deleted_at = None
        session.flush()
        return EvaluationRecord(row.id, pair_id, year, row.grade, row.comment, row.evaluated_on)
