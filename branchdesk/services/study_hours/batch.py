"""One training, several members (trial K, TK-10): a 暑期党员集中轮训 the whole branch attended is entered
once — date, 学时, 形式, 学习内容, 主办单位 — with the members who attended ticked on the roster of that
day, and written as one 学习培训记录 per member (MTG-STUDY-HOURS; domain.md §8: "data is entered once and
reused everywhere"). All or nothing: one member who cannot be given the record refuses the whole save,
naming him, and nothing is written. Each record is an ordinary record (edited, deleted one by one
afterwards) whose change history the session writes as for a form's save.

The roster of a day is the one the sign-in sheets use (joined by then, not yet left, in the branch that
day by the dated 支部调整: domain/roster/membership.py); the dialog's list and the save's check read it
here alike, by the check every path that stores a record shares (roster_check.py)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from branchdesk.db.engine import Database
from branchdesk.db.models import StudyRecord
from branchdesk.domain.study_hours.records import StudyInput, validate_study
from branchdesk.domain.validation import FieldError
from branchdesk.services.errors import ValidationFailed
from branchdesk.services.study_hours.records import StudyRecordDTO, apply_input, record_dto
from branchdesk.services.study_hours.roster_check import (
    RosterPerson,
    StudyRoster,
    duplicate_text,
    held_already,
)

__all__ = ["MEMBERS", "RosterPerson", "roster_on", "save_study_records"]

MEMBERS = "参加人员"  # the form's field the members' problems are shown beside


def roster_on(db: Database, day: date, branch_id: int | None = None) -> list[RosterPerson]:
    """The members on the roster of `branch_id` (None: of every branch) on the training's day."""
    with db.reading(), db.session() as session:
        return StudyRoster(session).people_on(day, branch_id)[0]


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
            people, absent = StudyRoster(session).people_on(data.study_date, branch_id)
            listed = {p.member_id: p for p in people}
            held = held_already(session, ids, data.study_date, data.title)
            for mid in ids:
                if mid in absent:
                    errors.append(FieldError(MEMBERS, absent[mid]))
                elif mid not in listed:
                    errors.append(FieldError(MEMBERS, "勾选的党员中有一名已不在花名册中（可能已被删除），请重新打开"))
                elif mid in held:
                    errors.append(FieldError(MEMBERS, duplicate_text(listed[mid].name, data.study_date, data.title)))
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
