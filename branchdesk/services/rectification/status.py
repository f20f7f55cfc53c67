"""Moving a measure through 未开始 → 整改中 → 已完成 → 已销号 (domain.md §6), with every move written to
its history: progress notes, evidence, 销号 (RECT-CLOSE-OFF) and reopening (RECT-REOPEN)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from branchdesk.db.engine import Database
from branchdesk.db.models import RectEvidence, RectHistory, RectProgress
from branchdesk.domain.rectification.editing import HistoryEntry
from branchdesk.domain.rectification.records import MeasureRecord
from branchdesk.domain.rectification.status import (
    MeasureStatus,
    TransitionError,
    check_transition,
    completion_date_error,
    validate_close_off,
    validate_reopen,
)
from branchdesk.domain.validation import FieldError, too_long
from branchdesk.services.errors import ConflictError, NotFound, RuleViolation, ValidationFailed
from branchdesk.services.rectification.store import live_measure, load_measure

MAX_ATTACHMENT_BYTES = RectEvidence.__stored_file__.limit  # a scanned report, not a video (db/stored_file.py)


@dataclass(frozen=True)
class EvidenceInput:
    """A piece of evidence: a named document (e.g. “党委会会议纪要 2025-06-12”), optionally with its file."""

    name: str
    filename: str = ""
    content: bytes | None = None

    @classmethod
    def from_file(cls, path: Path, name: str = "") -> EvidenceInput:
        """No more than one byte past the limit is read (the check below refuses it): a video picked
        by mistake is never read whole into memory."""
        path = Path(path)
        with path.open("rb") as handle:
            content = handle.read(MAX_ATTACHMENT_BYTES + 1)
        return cls(name=name.strip() or path.stem, filename=path.name, content=content)


def _check_version(measure: Any, version: int | None) -> None:
    if version is not None and measure.version != version:
        raise ConflictError("这项整改措施刚被其他操作修改过，请刷新后重试")


def _evidence_errors(items: list[EvidenceInput]) -> list[FieldError]:
    errors: list[FieldError] = []
    for item in items:
        if not item.name.strip():
            errors.append(FieldError("佐证材料", "每份佐证材料都要有名称"))
        if item.content is not None and len(item.content) > MAX_ATTACHMENT_BYTES:
            errors.append(FieldError("佐证材料", f"附件“{item.filename}”超过 20 MB，请压缩或只登记文件名称"))
        errors += too_long({"佐证材料": item.name}, {"佐证材料": "title"})
    return errors


def _add_evidence_rows(session: Session, measure_id: int, items: list[EvidenceInput]) -> None:
    for item in items:
        session.add(RectEvidence(measure_id=measure_id, name=item.name.strip(), filename=item.filename,
                                 size=len(item.content) if item.content is not None else 0, content=item.content))


def set_status(db: Database, measure_id: int, target: str, on: date, *, note: str = "",
               version: int | None = None) -> MeasureRecord:
    """An ordinary status change; 已完成 records `on` as the completion date."""
    with db.session() as session:
        measure = live_measure(session, measure_id)
        _check_version(measure, version)
        try:
            check_transition(measure.status, target)
        except TransitionError as exc:
            raise RuleViolation(str(exc)) from None
        if MeasureStatus(target) == MeasureStatus.DONE and (
                future := completion_date_error(on, date.today())) is not None:
            raise ValidationFailed([future])  # a 完成 is never dated ahead (RECT-CLOSE-OFF)
        before = measure.status
        measure.status = MeasureStatus(target).value
        if measure.status == MeasureStatus.DONE:
            measure.completion_date = on
        elif measure.status in (MeasureStatus.NOT_STARTED, MeasureStatus.IN_PROGRESS):
            measure.completion_date = None
        session.add(RectHistory(measure_id=measure.id, action="状态变更", from_status=before,
                                to_status=measure.status, on_date=on, reason=note.strip()))
        if note.strip():
            session.add(RectProgress(measure_id=measure.id, note_date=on, text=note.strip()))
        session.flush()
        return load_measure(session, measure.id)


def close_off(db: Database, measure_id: int, *, on: date | None, verifier: str,
              evidence: list[EvidenceInput] | None = None, completion_date: date | None = None,
              version: int | None = None) -> MeasureRecord:
    """销号 (RECT-CLOSE-OFF): date, verifier and at least one piece of evidence (already attached or
    given here). A measure not yet marked 已完成 is completed and closed off in one step; its
    completion date is `completion_date`, or the one it has, or the 销号 date."""
    items = list(evidence or [])
    with db.session() as session:
        measure = live_measure(session, measure_id)
        _check_version(measure, version)
        existing = session.scalar(select(func.count()).select_from(RectEvidence).where(
            RectEvidence.measure_id == measure.id, RectEvidence.deleted_at.is_(None))) or 0
        completion = completion_date or measure.completion_date or on
        errors = validate_close_off(on, verifier, existing + len(items), completion, measure.status,
                                    today=date.today())  # a 销号 is never dated ahead
        errors += _evidence_errors(items)
        if errors:
            raise ValidationFailed(errors)
        _add_evidence_rows(session, measure.id, items)
        before = measure.status
        measure.status = MeasureStatus.CLOSED.value
        measure.completion_date = completion
        measure.closed_date = on
        measure.verifier = verifier.strip()
        session.add(RectHistory(measure_id=measure.id, action="销号", from_status=before,
                                to_status=measure.status, on_date=on,
                                detail=f"销号审核人：{measure.verifier}；佐证材料 {existing + len(items)} 份"))
        session.flush()
        return load_measure(session, measure.id)


def reopen(db: Database, measure_id: int, *, reason: str, on: date, version: int | None = None) -> MeasureRecord:
    """Back to 整改中 with a reason (RECT-REOPEN). The earlier 销号 (date, verifier) is kept in the
    history; the evidence stays attached so it can serve the next 销号."""
    with db.session() as session:
        measure = live_measure(session, measure_id)
        _check_version(measure, version)
        errors = validate_reopen(measure.status, reason)
        if errors:
            raise ValidationFailed(errors)
        before = measure.status
        detail = (f"原销号日期：{measure.closed_date:%Y-%m-%d}；原销号审核人：{measure.verifier}"
                  if measure.closed_date else "")
        if measure.completion_date:
            detail = "；".join(x for x in (f"原完成日期：{measure.completion_date:%Y-%m-%d}", detail) if x)
        measure.status = MeasureStatus.IN_PROGRESS.value
        measure.completion_date = measure.closed_date = None
        measure.verifier = ""
        session.add(RectHistory(measure_id=measure.id, action="重新打开", from_status=before,
                                to_status=measure.status, on_date=on, reason=reason.strip(), detail=detail))
        session.flush()
        return load_measure(session, measure.id)


def add_progress(db: Database, measure_id: int, on: date | None, text: str) -> MeasureRecord:
    """A dated progress note; a 未开始 measure moves to 整改中 with its first note."""
    if not text.strip():
        raise ValidationFailed([FieldError("整改进展", "进展内容不能为空")])
    if errors := too_long({"整改进展": text}):
        raise ValidationFailed(errors)
    with db.session() as session:
        measure = live_measure(session, measure_id)
        session.add(RectProgress(measure_id=measure.id, note_date=on, text=text.strip()))
        if measure.status == MeasureStatus.NOT_STARTED:
            measure.status = MeasureStatus.IN_PROGRESS.value
            session.add(RectHistory(measure_id=measure.id, action="状态变更", from_status=MeasureStatus.NOT_STARTED,
                                    to_status=measure.status, on_date=on, reason="登记了整改进展"))
        session.flush()
        return load_measure(session, measure.id)


def add_evidence(db: Database, measure_id: int, items: list[EvidenceInput]) -> MeasureRecord:
    errors = _evidence_errors(items)
    if errors:
        raise ValidationFailed(errors)
    with db.session() as session:
        measure = live_measure(session, measure_id)
        _add_evidence_rows(session, measure.id, items)
        session.flush()
        return load_measure(session, measure.id)


def remove_evidence(db: Database, evidence_id: int) -> MeasureRecord:
    """To the recycle bin; the last piece of a closed measure cannot go (RECT-CLOSE-OFF)."""
    with db.session() as session:
        item = session.get(RectEvidence, evidence_id)
        if item is None or item.deleted_at is not None:
            raise NotFound("佐证材料不存在或已删除")
        measure = live_measure(session, item.measure_id)
        remaining = session.scalar(select(func.count()).select_from(RectEvidence).where(
            RectEvidence.measure_id == measure.id, RectEvidence.deleted_at.is_(None))) or 0
        if measure.status == MeasureStatus.CLOSED and remaining <= 1:
            raise RuleViolation("已销号的整改措施至少要保留一份佐证材料；如需更换，请先添加新的材料")
        item.deleted_at = datetime.now(UTC).replace(tzinfo=None)
        session.flush()
        return load_measure(session, measure.id)


def evidence_file(db: Database, evidence_id: int) -> tuple[str, bytes]:
    """The attached file's name and bytes, to save a copy or open it."""
    with db.session() as session:
        item = session.get(RectEvidence, evidence_id)
        if item is None or item.deleted_at is not None or item.content is None:
            raise NotFound("这份佐证材料没有附件文件")
        return item.filename, item.content


def history(db: Database, measure_id: int) -> list[HistoryEntry]:
    with db.session() as session:
        live_measure(session, measure_id)
        rows = session.scalars(select(RectHistory).where(RectHistory.measure_id == measure_id)
                               .order_by(RectHistory.id))
        return [HistoryEntry(r.at, r.action, r.from_status, r.to_status, r.on_date, r.reason, r.detail)
                for r in rows]
