"""The one check every path that stores a 学习培训记录 shares (MTG-STUDY-HOURS, 教育条例 第二十条): the
form for one member, the form for several (batch.py) and the 学习培训登记表 import (excel.py). A record is
a member's 学时 in the branch she was in on its day, so

- the member is on the roster that day: joined by then, not yet left, her 组织关系 here (a 转入 after it
  is not), in the branch asked for when a form names one — the roster the sign-in sheets use
  (domain/roster/membership.py);
- the same training (member, 学习日期, 学习内容) is held once: saved twice its 学时 would count twice.

Each problem names the member and the day, in the words the forms and the import's report show."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from branchdesk.db.models import Member, Organisation, StudyRecord
from branchdesk.domain.roster.membership import branch_on, branch_periods
from branchdesk.services.shared_reads import load_branch_moves


@dataclass(frozen=True)
class RosterPerson:
    """A member on the roster of the training's day, as the form lists her."""

    member_id: int
    name: str
    branch_id: int
    branch: str
    category: str


@dataclass(frozen=True)
class _Member:
    name: str
    branch_id: int
    category: str
    joined: date | None
    left: date | None
    status: str


class StudyRoster:
    """The live members and their 支部调整, read once for a form's save or a whole import."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.moves = load_branch_moves(session)
        self.branch_names: dict[int, str] = dict(session.execute(select(Organisation.id, Organisation.name)).all())
        self.members: dict[int, _Member] = {}
        for mid, name, branch_id, category, joined, left, status in session.execute(
            select(Member.id, Member.name, Member.branch_id, Member.category, Member.join_date, Member.left_date,
                   Member.status)
            .join(Organisation, Organisation.id == Member.branch_id)
            .where(Member.deleted_at.is_(None)).order_by(Organisation.sort_order, Member.id)):
            self.members[mid] = _Member(name, branch_id, category, joined, left, status)

    def branch_on(self, member_id: int, day: date) -> int | None:
        member = self.members[member_id]
        return branch_on(branch_periods(member.branch_id, self.moves.get(member_id, ())), day)

    def absence(self, member_id: int, day: date, branch_id: int | None = None) -> str | None:
        """Why the member was not on the roster (of `branch_id`, when given) on `day`; None when she was.
        A member not on the roster at all (deleted) is the caller's to say."""
        member = self.members.get(member_id)
        if member is None:
            return None
        name = member.name
        then = self.branch_on(member_id, day)
        if member.joined is not None and member.joined > day:
            return f"{name}的入党日期是 {member.joined:%Y-%m-%d}，{day:%Y-%m-%d} 还不在党员名册中"
        if member.left is not None and member.left <= day:
            return f"{name}已于 {member.left:%Y-%m-%d} {member.status}，{day:%Y-%m-%d} 已不在党员名册中"
        if then is None:
            return f"{name}的组织关系 {day:%Y-%m-%d} 还没有转入本校"
        if branch_id is not None and then != branch_id:
            return (f"{name} {day:%Y-%m-%d} 在{self.branch_names.get(then, '其他党支部')}，"
                    f"不在{self.branch_names.get(branch_id, '本支部')}")
        return None

    def people_on(self, day: date, branch_id: int | None = None) -> tuple[list[RosterPerson], dict[int, str]]:
        """Who was on the roster (of `branch_id`, or of any branch) on `day`, in roster order; and why each
        other live member was not ({id: reason})."""
        people: list[RosterPerson] = []
        absent: dict[int, str] = {}
        for mid, member in self.members.items():
            why = self.absence(mid, day, branch_id)
            if why is not None:
                absent[mid] = why
                continue
            then = self.branch_on(mid, day)
            assert then is not None
            people.append(RosterPerson(mid, member.name, then, self.branch_names.get(then, ""), member.category))
        return people, absent


def held_already(session: Session, member_ids: Iterable[int], day: date, title: str,
                 except_id: int | None = None) -> set[int]:
    """The members of `member_ids` who already hold a live record of this training (same 学习日期 and
    学习内容); `except_id` is the record being corrected, which is not another one."""
    query = select(StudyRecord.member_id).where(
        StudyRecord.member_id.in_(list(member_ids)), StudyRecord.study_date == day,
        StudyRecord.title == title.strip(), StudyRecord.deleted_at.is_(None))
    if except_id is not None:
        query = query.where(StudyRecord.id != except_id)
    return set(session.scalars(query))


def duplicate_text(name: str, day: date, title: str) -> str:
    return f"{name}已有 {day:%Y-%m-%d}“{title.strip()}”的学习培训记录，请勿重复登记"
