"""The member roster: list, add, edit, mark as left (domain.md §1; validation in domain/roster/records.py)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, aliased, object_session
from sqlalchemy.orm.exc import StaleDataError

from branchdesk.db.engine import Database
from branchdesk.db.models import Member, MemberMove, Organisation
from branchdesk.db.queries import find_branch, find_group
from branchdesk.domain.roster.membership import branch_on, branch_periods, group_on
from branchdesk.domain.roster.org_names import match_on
from branchdesk.domain.roster.records import MemberInput, MemberRecord, validate_member
from branchdesk.domain.validation import FieldError
from branchdesk.domain.vocabulary import LEAVING_MOVES, MemberStatus, MoveKind
from branchdesk.services.conflicts import conflict_message
from branchdesk.services.errors import ConflictError, NotFound, RuleViolation, ValidationFailed
from branchdesk.services.roster.org_names import group_histories
from branchdesk.services.roster.store import load_members
from branchdesk.services.shared_reads import load_branch_moves

_Branch = aliased(Organisation)
_Group = aliased(Organisation)


# the members not deleted, with their branch and 党小组 names (a Select is immutable: shared safely)
_RECORD_QUERY = (
    select(Member, _Branch.name, _Group.name)
    .join(_Branch, _Branch.id == Member.branch_id)
    .outerjoin(_Group, _Group.id == Member.group_id)
    .where(Member.deleted_at.is_(None))
)


def _to_record(member: Member, branch: str, group: str | None) -> MemberRecord:
    return MemberRecord(
        id=member.id, name=member.name, sex=member.sex, ethnicity=member.ethnicity, id_number=member.id_number,
        birth_date=member.birth_date, education=member.education, branch_id=member.branch_id, branch=branch,
        group_id=member.group_id, group=group or "", category=member.category, join_date=member.join_date,
        full_date=member.full_date, position=member.position, phone=member.phone, note=member.note,
        status=member.status, left_date=member.left_date, version=member.version,
    )


def list_members(db: Database, *, include_left: bool = False) -> list[MemberRecord]:
    """The roster as DTOs, in branch order (store.load_members)."""
    with db.reading(), db.session() as session:
        return load_members(session, include_left=include_left)


def get_member(db: Database, member_id: int) -> MemberRecord:
    with db.session() as session:
        row = session.execute(_RECORD_QUERY.where(Member.id == member_id)).first()
        if row is None:
            raise NotFound("党员不存在或已删除")
        return _to_record(*row)


def resolve_org_ids(session: Session, data: MemberInput) -> tuple[int | None, int | None, list[FieldError]]:
    """Branch and group ids for the names in `data`; unknown names are errors here (the import
    service creates them instead, before calling this)."""
    errors: list[FieldError] = []
    branch = find_branch(session, data.branch) if data.branch.strip() else None
    if data.branch.strip() and branch is None:
        errors.append(FieldError("所在党支部", f"没有名为“{data.branch}”的党支部，请先在组织中建立"))
    group_id = None
    if branch is not None and data.group.strip():
        group = find_group(session, branch.id, data.group)
        if group is None:  # an earlier name of one of its 党小组 says the name in use now (TY-5)
            renamed = match_on(group_histories(session).get(branch.id, {}), data.group, None).problem
            errors.append(FieldError("党小组", renamed or f"“{data.branch}”下没有名为“{data.group}”的党小组"))
        else:
            group_id = group.id
    return (branch.id if branch else None), group_id, errors


def member_values(data: MemberInput, branch_id: int, group_id: int | None) -> dict[str, object]:
    """The columns a member's input sets, as apply_input sets them on a loaded member: an import
    inserts its new members in bulk statements with these."""
    return {
        "name": data.name, "sex": data.sex, "ethnicity": data.ethnicity, "id_number": data.id_number,
        "birth_date": data.birth_date, "education": data.education, "branch_id": branch_id, "group_id": group_id,
        "category": data.category, "join_date": data.join_date, "full_date": data.full_date,
        "position": data.position, "phone": data.phone, "note": data.note,
    }


def apply_input(member: Member, data: MemberInput, branch_id: int, group_id: int | None) -> date | None:
    """Copy `data` onto `member`. A member already on the roster whose branch changes gets a dated
    支部调整 (on `data.moved_on`, else today), so earlier sign-in sheets keep them in the old branch
    (issue 16, item 8); returns that date (None: no move). One whose 党小组 changes within the branch
    gets a dated 党小组调整 the same way (TY-5)."""
    moved: date | None = None
    session = object_session(member) if member.id is not None and member.branch_id is not None else None
    if session is not None and member.branch_id != branch_id:
        moved = data.moved_on or date.today()
        target = session.get(Organisation, branch_id)
        session.add(MemberMove(member_id=member.id, kind=MoveKind.BRANCH_CHANGE.value, move_date=moved,
                               counterpart=target.name if target is not None else "", reason="",
                               from_branch_id=member.branch_id, to_branch_id=branch_id))
    elif session is not None and member.group_id is not None and member.group_id != group_id:
        # a move out of a 党小组 of the branch, dated like a 支部调整 (TY-5): earlier sign-in sheets and the
        # MTG-MONTHLY-GROUP calendar keep the member in the group left (membership.group_on; the group
        # left is read from the change history of this same save: shared_reads.groups_left). A member in
        # no group given one is a blank filled in (a roster first imported without 党小组), not a move.
        group = session.get(Organisation, group_id) if group_id is not None else None
        session.add(MemberMove(member_id=member.id, kind=MoveKind.GROUP_CHANGE.value,
                               move_date=data.moved_on or date.today(), counterpart=group.name if group else "",
                               reason="", from_branch_id=branch_id, to_branch_id=branch_id))
    member.name = data.name
    member.sex = data.sex
    member.ethnicity = data.ethnicity
    member.id_number = data.id_number
    member.birth_date = data.birth_date
    member.education = data.education
    member.branch_id = branch_id
    member.group_id = group_id
    member.category = data.category
    member.join_date = data.join_date
    member.full_date = data.full_date
    member.position = data.position
    member.phone = data.phone
    member.note = data.note
    return moved


def save_member(
    db: Database, data: MemberInput, member_id: int | None = None, expected_version: int | None = None
) -> MemberRecord:
    """Create (member_id None) or update a member. Raises ValidationFailed with every problem, or
    ConflictError when someone saved the same member since `expected_version` was read."""
    data, errors = validate_member(data)
    with db.session() as session:
        branch_id, group_id, org_errors = resolve_org_ids(session, data)
        errors += org_errors
        clash = session.scalars(select(Member).where(Member.id_number == data.id_number)).first()
        if clash is not None and clash.id != member_id:
            where = "，在回收站中：请在“设置 → 回收站”中恢复" if clash.deleted_at is not None else ""
            errors.append(FieldError("公民身份号码", f"已登记为党员“{clash.name}”（{clash.status}{where}），同一人不能登记两次"))
        if errors:
            raise ValidationFailed(errors)
        member: Member | None
        if member_id is None:
            member = Member(status=MemberStatus.ACTIVE.value)
            session.add(member)
        else:
            member = session.get(Member, member_id)
            if member is None or member.deleted_at is not None:
                raise NotFound("党员不存在或已删除")
            if expected_version is not None and member.version != expected_version:
                raise ConflictError(conflict_message(session, f"党员“{member.name}”的资料", "members", member.id))
        assert branch_id is not None
        apply_input(member, data, branch_id, group_id)
        try:
            session.flush()
        except StaleDataError:
            raise ConflictError("这条资料已被他人修改，请重新打开后再编辑") from None
        member_key = member.id
    return get_member(db, member_key)


def mark_left(
    db: Database, member_id: int, kind: MoveKind, on: date, counterpart: str = "", reason: str = ""
) -> MemberRecord:
    """Mark a member as 转出 / 离世 / 出党: the record stays, so past meetings and ledgers stay whole."""
    kind = MoveKind(kind)
    if kind not in LEAVING_MOVES:
        raise RuleViolation("离开方式应为转出、离世或出党")
    if on > date.today():
        raise RuleViolation("日期不能晚于今天")
    with db.session() as session:
        member = session.get(Member, member_id)
        if member is None:
            raise NotFound("党员不存在")
        if member.status != MemberStatus.ACTIVE.value:
            raise RuleViolation(f"“{member.name}”已是“{member.status}”状态")
        if member.join_date and on < member.join_date:
            raise RuleViolation("离开日期不能早于入党日期")
        member.status = LEAVING_MOVES[kind].value
        member.left_date = on
        session.add(MemberMove(member_id=member_id, kind=kind.value, move_date=on, counterpart=counterpart, reason=reason))
    return get_member(db, member_id)


def reinstate(db: Database, member_id: int, on: date, reason: str) -> MemberRecord:
    """Undo a mistaken leave mark (恢复在册); the history keeps both moves."""
    with db.session() as session:
        member = session.get(Member, member_id)
        if member is None:
            raise NotFound("党员不存在")
        member.status = MemberStatus.ACTIVE.value
        member.left_date = None
        session.add(MemberMove(member_id=member_id, kind=MoveKind.RETURNED.value, move_date=on, reason=reason))
    return get_member(db, member_id)


def list_moves(db: Database, member_id: int) -> list[tuple[str, date, str, str]]:
    with db.session() as session:
        rows = session.scalars(
            select(MemberMove).where(MemberMove.member_id == member_id, MemberMove.deleted_at.is_(None))
            .order_by(MemberMove.move_date, MemberMove.id)
        )
        return [(m.kind, m.move_date, m.counterpart, m.reason) for m in rows]


def members_on(db: Database, branch_id: int, on: date) -> list[MemberRecord]:
    """The roster of a branch as it stood on a date: joined by then, not yet left, and in this branch
    that day by the dated 支部调整 (a member who moved in later is not on earlier sheets; one who moved
    out stays on them, in the 党小组 they had then: membership.group_on, TV-1)."""
    with db.session() as session:
        moved = load_branch_moves(session)
        # the branch's members now, and those a 支部调整 took out of it or brought into it (a period of
        # branch_periods is always a move's branch): not the whole school's roster for every sheet
        passed = [mid for mid, moves in moved.items() if any(branch_id in (m.from_branch, m.to_branch) for m in moves)]
        rows = session.execute(_RECORD_QUERY.where(or_(Member.branch_id == branch_id, Member.id.in_(passed)))).all()
        records = [_to_record(*row) for row in rows]
        on_roster = [
            r for r in records
            if (r.join_date is None or r.join_date <= on) and (r.left_date is None or r.left_date > on)
            and branch_on(branch_periods(r.branch_id, moved.get(r.id, ())), on) == branch_id
        ]
        then = {r.id: group for r in on_roster if r.id in moved
                and (group := group_on(r.group_id, moved[r.id], on)) != r.group_id}
        names = dict(session.execute(select(Organisation.id, Organisation.name)
                                     .where(Organisation.id.in_({g for g in then.values() if g is not None}))).all())

    def as_then(record: MemberRecord) -> MemberRecord:
        if record.id not in then:
            return record
        group = then[record.id]
        return replace(record, group_id=group, group=names.get(group, "") if group is not None else "")
    return [as_then(r) for r in on_roster]
