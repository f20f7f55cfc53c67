"""Resolving a 结对 as typed (a form or a ledger row) against the organisation: the branch by name, the
mentor in the roster (namesakes told apart by branch), and a teacher mentee who is a member."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from branchdesk.db.models import Member, Organisation
from branchdesk.domain.mentoring.records import (
    MenteeType,
    PairInput,
    departure,
    mentor_gone_by,
    validate_pair,
)
from branchdesk.domain.similar_names import suggestion_text
from branchdesk.domain.text import NameMap
from branchdesk.domain.validation import FieldError
from branchdesk.domain.vocabulary import MemberStatus, OrgKind
from branchdesk.services.mentoring.lists import read_lists
from branchdesk.services.roster.membership import away_on


def pick_mentor(rows: list[Member], name: str, branch_id: int | None,
                start: date | None = None) -> tuple[int | None, str]:
    """The roster member of this name (one in the pair's branch first); an error text when none or many.

    A member who has since left (转出, 离世 …) stays in the roster's records, so a pair that began before
    the member left still resolves (re-importing an old ledger works); a later pair does not."""
    active = [m for m in rows if m.status == MemberStatus.ACTIVE.value]
    former = [m for m in rows if m.status != MemberStatus.ACTIVE.value
              and start is not None and m.left_date is not None and start < m.left_date]
    candidates = active or former
    if not candidates:
        if rows:
            gone = rows[0]
            when = f"已于 {gone.left_date:%Y-%m-%d} " if gone.left_date else "已"
            return None, f"“{name}”{when}{gone.status}，不能作为此后开始的结对的导师"
        return None, f"花名册中没有在册党员“{name}”，导师（帮扶人）必须是本校党员，请先录入花名册"
    if len(candidates) > 1:
        own = [m for m in candidates if m.branch_id == branch_id]
        if len(own) == 1:
            return own[0].id, ""
        return None, f"花名册中有 {len(candidates)} 名党员叫“{name}”，请在界面上从花名册中选择导师"
    return candidates[0].id, ""


class Resolver:
    """Resolves pairs' names against the organisation within one session. The lists, branches and
    roster are read once, so an import of thousands of rows costs a handful of queries."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.lists = read_lists(session)
        self.branches = NameMap((o.name, o.id) for o in session.scalars(select(Organisation).where(
            Organisation.kind == OrgKind.BRANCH.value, Organisation.deleted_at.is_(None))))  # by name_key
        self.members: dict[int, Member] = {}
        self.by_name: dict[str, list[Member]] = {}
        for member in session.scalars(select(Member).where(Member.deleted_at.is_(None)).order_by(Member.id)):
            self.members[member.id] = member
            self.by_name.setdefault(member.name, []).append(member)

    def resolve(self, data: PairInput, today: date) -> tuple[PairInput, int | None, list[FieldError]]:
        """Validate a pair and resolve its branch, mentor and (teacher) mentee."""
        data, errors = validate_pair(data, kinds=self.lists.pair_kinds, dimensions=self.lists.dimensions,
                                     today=today)
        branch_id = self.branches.get(data.branch.strip()) if data.branch.strip() else None
        if data.branch.strip() and branch_id is None:
            errors.append(FieldError("所在党支部", f"没有名为“{data.branch}”的党支部"
                                     f"{suggestion_text(data.branch.strip(), self.branches)}"))
        if data.mentor_id is not None:
            mentor = self.members.get(data.mentor_id)
            if mentor is None:
                errors.append(FieldError("导师（帮扶人）", "所选党员不在花名册中"))
            else:
                data.mentor_name = mentor.name
        elif data.mentor_name.strip():
            name = data.mentor_name.strip()
            data.mentor_id, message = pick_mentor(self.by_name.get(name, []), name, branch_id, data.start_date)
            if message and name not in self.by_name:
                message += suggestion_text(name, self.by_name)
            if message:
                errors.append(FieldError("导师（帮扶人）", message))
        chosen = self.members.get(data.mentor_id) if data.mentor_id is not None else None
        if chosen is not None:  # gone from the school or the roster by the pair's first day (TK-7)
            # away from the school on the pair's first day: a 离开本单位 he had not come back from by then
            # (a 回到本单位 since ends the absence; domain.md §7)
            away = away_on(self.session, chosen.id, data.start_date) if data.start_date is not None else None
            why = mentor_gone_by(data.start_date, departure("导师", chosen.name, chosen.status, chosen.left_date, away))
            if why:
                errors.append(FieldError("导师（帮扶人）", why))
        if data.mentee_type == MenteeType.TEACHER and data.mentee_member_id is None and data.mentee_name:
            matches = [m.id for m in self.by_name.get(data.mentee_name, ())
                       if m.status == MemberStatus.ACTIVE.value]
            data.mentee_member_id = matches[0] if len(matches) == 1 else None
        if data.mentee_type != MenteeType.TEACHER:
            data.mentee_member_id = None
        if data.mentor_id is not None and data.mentor_id == data.mentee_member_id:
            errors.append(FieldError("结对对象", "导师不能与自己结对"))
        return data, branch_id, errors
