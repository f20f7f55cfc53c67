"""结对帮扶 pairs (domain.md §7): list with filters, add, edit, close or stop, delete to the recycle bin,
and the signed agreement kept as a file in the database.

The mentor always comes from the roster; the mentee is a teacher (linked to the roster when a member),
a student with the minimum of data (name, class, category — domain.md §8), or a class.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from branchdesk.db.engine import Database
from branchdesk.db.models import (
    MentoringAttachment,
    MentoringPair,
)
from branchdesk.domain.file_errors import file_error
from branchdesk.domain.mentoring.records import (
    MenteeType,
    PairInput,
    PairRecord,
    PairStatus,
    validate_status,
)
from branchdesk.domain.validation import FieldError
from branchdesk.services.conflicts import conflict_message
from branchdesk.services.errors import ConflictError, NotFound, RuleViolation, ValidationFailed
from branchdesk.services.mentoring.resolve import Resolver
from branchdesk.services.mentoring.store import AGREEMENT, PairFilter, load_pair, load_pairs

MAX_ATTACHMENT_BYTES = MentoringAttachment.__stored_file__.limit  # (db/stored_file.py: a 数据包 is held to it too)
_PIECE = 256 * 1024


def list_pairs(db: Database, filters: PairFilter | None = None) -> list[PairRecord]:
    """Pairs (not deleted) ordered by branch, kind and start; filters are combined with AND."""
    with db.session() as session:
        return load_pairs(session, filters)


def pairs_ended_by_leaving(db: Database, member_id: int) -> list[str]:
    """The running pairs a member's leaving the roster or the school ends — as 导师, or as a 结对对象 who is a
    member — named as the check names a pair ("导师—对象（类型）"), for 标记离开 to say (TY-12)."""
    with db.session() as session:
        running = load_pairs(session, PairFilter(status=PairStatus.ACTIVE.value))
    return [f"{p.mentor}—{p.mentee_label}（{p.kind}）" for p in running if member_id in (p.mentor_id, p.mentee_member_id)]


def get_pair(db: Database, pair_id: int) -> PairRecord:
    with db.session() as session:
        record = load_pair(session, pair_id)
    if record is None:
        raise NotFound("结对不存在或已删除")
    return record


def apply_input(pair: MentoringPair, data: PairInput, branch_id: int) -> None:
    assert data.mentor_id is not None and data.start_date is not None
    pair.kind = data.kind
    pair.branch_id = branch_id
    pair.mentor_id = data.mentor_id
    pair.mentee_type = data.mentee_type.value
    pair.mentee_name = data.mentee_name
    pair.mentee_class = data.mentee_class.strip() if data.mentee_type == MenteeType.STUDENT else ""
    pair.mentee_category = data.mentee_category.strip()
    pair.mentee_member_id = data.mentee_member_id
    pair.start_date = data.start_date
    pair.planned_end = data.planned_end
    pair.goals = data.goals.strip()
    pair.content = data.content.strip()
    pair.results = data.results.strip()
    pair.dimensions = "、".join(data.dimensions)
    pair.status = data.status
    pair.closed_on = data.closed_on if data.status != PairStatus.ACTIVE else None
    pair.stop_reason = data.stop_reason.strip() if data.status == PairStatus.STOPPED else ""
    pair.note = data.note.strip()


def save_pair(db: Database, data: PairInput, pair_id: int | None = None, expected_version: int | None = None,
              today: date | None = None) -> PairRecord:
    """Create (pair_id None) or update a pair; ValidationFailed lists every problem at once."""
    today = today or date.today()
    with db.session() as session:
        data, branch_id, errors = Resolver(session).resolve(data, today)
        if errors:
            raise ValidationFailed(errors)
        assert branch_id is not None
        if pair_id is None:
            pair = MentoringPair()
            session.add(pair)
        else:
            pair = _live_pair(session, pair_id)
            if expected_version is not None and pair.version != expected_version:
                raise ConflictError(conflict_message(session, "这条结对记录", MentoringPair.__tablename__, pair.id))
        apply_input(pair, data, branch_id)
        try:
            session.flush()
        except StaleDataError:
            raise ConflictError("这条结对记录已被他人修改，请重新打开后再编辑") from None
        key = pair.id
    return get_pair(db, key)


def _live_pair(session: Session, pair_id: int) -> MentoringPair:
    pair = session.get(MentoringPair, pair_id)
    if pair is None or pair.deleted_at is not None:
        raise NotFound("结对不存在或已删除")
    return pair


def set_status(db: Database, pair_id: int, status: str, *, on: date | None = None, reason: str = "",
               today: date | None = None) -> PairRecord:
    """进行中 → 已结束 or 中止 (with a reason); back to 进行中 clears the end."""
    today = today or date.today()
    with db.session() as session:
        pair = _live_pair(session, pair_id)
        shown = load_pair(session, pair_id)
        if status == PairStatus.ACTIVE and shown is not None and shown.status != PairStatus.ACTIVE \
                and pair.status == PairStatus.ACTIVE:  # ended by a departure (TY-12): no one to run it
            raise RuleViolation(f"不能恢复进行中：{shown.stop_reason}")
        on = on or (today if status != PairStatus.ACTIVE else None)
        errors = validate_status(status, on, reason, pair.start_date, today)
        if errors:
            raise ValidationFailed(errors)
        pair.status = status
        pair.closed_on = on if status != PairStatus.ACTIVE else None
        pair.stop_reason = reason.strip() if status == PairStatus.STOPPED else ""
    return get_pair(db, pair_id)


def delete_pair(db: Database, pair_id: int) -> None:
    """To the recycle bin (deleted_at): the log and results stay with it and come back on restore."""
    with db.session() as session:
        _live_pair(session, pair_id).deleted_at = datetime.now()


def restore_pair(db: Database, pair_id: int) -> PairRecord:
    with db.session() as session:
        pair = session.get(MentoringPair, pair_id)
        if pair is None:
            raise NotFound("结对不存在")
        pair.deleted_at = None
    return get_pair(db, pair_id)


def set_agreement(db: Database, pair_id: int, signed_on: date | None, file: Path | None = None,
                  today: date | None = None) -> PairRecord:
    """Record the agreement's signing date and (optionally) store the signed file in the database.
    A new file replaces the previous one, which stays in the recycle bin."""
    today = today or date.today()
    if signed_on is not None and signed_on > today:
        raise ValidationFailed([FieldError("协议签订日期", f"{signed_on:%Y-%m-%d} 晚于今天")])
    payload = read_attachment(file) if file is not None else None
    with db.session() as session:
        pair = _live_pair(session, pair_id)
        pair.agreement_date = signed_on
        if payload is not None:
            for old in session.scalars(select(MentoringAttachment).where(
                    MentoringAttachment.pair_id == pair_id, MentoringAttachment.role == AGREEMENT,
                    MentoringAttachment.deleted_at.is_(None))):
                old.deleted_at = datetime.now()
            session.add(MentoringAttachment(pair_id=pair_id, role=AGREEMENT, file_name=payload[0],
                                            size=len(payload[1]), data=payload[1]))
    return get_pair(db, pair_id)


def read_attachment(file: Path) -> tuple[str, bytes]:
    """The file's name and content, read in pieces of `_PIECE`: the limit is kept while reading, not only
    by the size looked at first (a file still being copied or scanned into grows after the look), so no
    more than one piece past the limit is ever held (a video picked by mistake is never read whole)."""
    file = Path(file)
    if not file.is_file():
        raise RuleViolation(f"找不到文件“{file}”")
    content = bytearray()
    try:
        size = file.stat().st_size
        if size > MAX_ATTACHMENT_BYTES:
            raise RuleViolation(f"“{file.name}”有 {size // 1024 // 1024} MB，{_limit_words()}")
        with file.open("rb") as handle:
            while piece := handle.read(_PIECE):
                content += piece
                if len(content) > MAX_ATTACHMENT_BYTES:
                    raise RuleViolation(f"“{file.name}”读取时已超过 {MAX_ATTACHMENT_BYTES // 1024 // 1024} MB"
                                        f"（文件可能仍在复制或写入），{_limit_words()}")
    except OSError as exc:
        raise RuleViolation(file_error(exc, file.name)) from None
    return file.name, bytes(content)


def _limit_words() -> str:  # the limit read when called (tests lower it)
    return f"附件不能超过 {MAX_ATTACHMENT_BYTES // 1024 // 1024} MB（可先压缩或扫描为较小的 PDF）"


def agreement_file(db: Database, pair_id: int) -> tuple[str, bytes] | None:
    """The stored agreement (file name, content), or None."""
    with db.session() as session:
        row = session.scalars(select(MentoringAttachment).where(
            MentoringAttachment.pair_id == pair_id, MentoringAttachment.role == AGREEMENT,
            MentoringAttachment.deleted_at.is_(None)).order_by(MentoringAttachment.id.desc())).first()
        return (row.file_name, row.data) if row is not None else None
