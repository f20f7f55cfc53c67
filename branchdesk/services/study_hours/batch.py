"""One training, several members (trial K, TK-10): a 暑期党员集中轮训 the whole branch attended is entered
once — date, 学时, 形式, 学习内容, 主办单位 — with the members who attended ticked on the roster of that
day, and written as one 学习培训记录 per member (MTG-STUDY-HOURS; domain.md §8: "data is entered once and
reused everywhere"). All or nothing: one member who cannot be given the record refuses the whole save,
naming him, and nothing is written. Each record is an ordinary record (edited, deleted one by one
afterwards) whose change history the session writes as for a form's save.

The roster of a day is the one the sign-in sheets use (joined by then, not yet left, in the branch that
day by the dated 支部调整: domain/roster/membership.py); the dialog's list and the save's check read it
here alike."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from branchdesk.db.engine import Database
from branchdesk.db.models import Member, Organisation, StudyRecord
from branchdesk.domain.roster.membership import branch_on, branch_periods
from branchdesk.domain.study_hours.records import StudyInput, validate_study
from branchdesk.domain.validation import FieldError
from branchdesk.services.errors import ValidationFailed
from branchdesk.services.shared_reads import load_branch_moves
from branchdesk.services.study_hours.records import StudyRecordDTO, apply_input, record_dto

MEMBERS = "参加人员"  # the form's field the members' problems are shown beside


@dataclass(frozen=True)
class RosterPerson:
    """A member on the roster of the training's day, as the form lists her."""

    member_id: int
    name: str
    branch_id: int
    branch: str
    category: str


def _roster(session: Session, day: date, branch_id: int | None) -> tuple[list[RosterPerson], dict[int, str]]:
    """Who was on the roster (of `branch_id`, or of any branch) on `day`, in roster order; and why each
    other live member was not ({id: reason})."""
    moves = load_branch_moves(session)
    names = dict(session.execute(select(Organisation.id, Organisation.name)).all())
    people: list[RosterPerson] = []
    absent: dict[int, str] = {}
    rows = session.execute(
        select(Member.id, Member.name, Member.branch_id, Member.category, Member.join_date, Member.left_date,
               Member.status)
        .join(Organisation, Organisation.id == Member.branch_id)
        .where(Member.deleted_at.is_(None)).order_by(Organisation.sort_order, Member.id)).all()
    for mid, name, current, category, joined, left, status in rows:
        then = branch_on(branch_periods(current, moves.get(mid, ())), day)
        if joined is not None and joined > day:
            absent[mid] = f"{name}的入党日期是 {joined:%Y-%m-%d}，{day:%Y-%m-%d} 还不在党员名册中"
        elif left is not None and left <= day:
            absent[mid] = f"{name}已于 {left:%Y-%m-%d} {status}，{day:%Y-%m-%d} 已不在党员名册中"
        elif then is None:
            absent[mid] = f"{name}的组织关系 {day:%Y-%m-%d} 还没有转入本校"
        elif branch_id is not None and then != branch_id:
            absent[mid] = f"{name} {day:%Y-%m-%d} 在{names.get(then, '其他党支部')}，不在{names.get(branch_id, '本支部')}"
        else:
            people.append(RosterPerson(mid, name, then, names.get(then, ""), category))
    return people, absent


def roster_on(db: Database, day: date, branch_id: int | None = None) -> list[RosterPerson]:
    """The members on the roster of `branch_id` (None: of every branch) on the training's day."""
    with db.reading(), db.session() as session:
        return _roster(session, day, branch_id)[0]


def save_study_records(db: Database, data: StudyInput, member_ids: Sequence[int], *, branch_id: int | None = None,
                       today: date | None = None) -> list[StudyRecordDTO]:
    """One 学习培训记录 per member of `member_ids` (the member of `data` is not read), in one transaction.
    Every problem is reported at once — the training's beside its field, each member's under
    参加人员 naming her: not on the roster (of `branch_id`, when given) that day, deleted, or already
    holding this training on this day (saving it twice would count its 学时 twice) — and then nothing
    is written."""
    today = today or date.today()
    ids = list(dict.fromkeys(member_ids))  # one tick is one member
    hours, errors = validate_study(replace(data, member_id=ids[0] if ids else 0), today)
    if not ids:
        errors.append(FieldError(MEMBERS, "请勾选参加学习培训的党员"))
    listed: dict[int, RosterPerson] = {}
    with db.session() as session:
        if ids and data.study_date is not None:
            people, absent = _roster(session, data.study_date, branch_id)
            listed = {p.member_id: p for p in people}
            held = set(session.scalars(select(StudyRecord.member_id).where(
                StudyRecord.member_id.in_(ids), StudyRecord.study_date == data.study_date,
                StudyRecord.title == data.title.strip(), StudyRecord.deleted_at.is_(None))))
            for mid in ids:
                if mid in absent:
                    errors.append(FieldError(MEMBERS, absent[mid]))
                elif mid not in listed:
                    errors.append(FieldError(MEMBERS, "勾选的党员中有一名已不在花名册中（可能已被删除），请重新打开"))
                elif mid in held:
                    errors.append(FieldError(MEMBERS, f"{listed[mid].name}已有 {data.study_date:%Y-%m-%d}"
                                                      f"“{data.title.strip()}”的学习培训记录，请勿重复登记"))
        if errors:
            raise ValidationFailed(errors)
        assert hours is not None
        saved: list[StudyRecord] = []
        for mid in ids:
            record = StudyRecord()
            session.add(record)
            apply_input(record, replace(data, member_id=mid), hours)
            saved.append(record)
        session.flush()
        return [record_dto(session, r) for r in saved]
