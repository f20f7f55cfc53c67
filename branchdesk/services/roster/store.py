"""The roster's bulk loaders, on a Session the caller holds (so a report reads every area in one
snapshot): the members as DTOs, read as plain rows (no ORM identity map: 10,000 members in a fraction
of the time), in branch order."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from branchdesk.db.models import Member, Organisation
from branchdesk.domain.roster.records import MemberRecord
from branchdesk.domain.vocabulary import MemberStatus
from branchdesk.services.shared_reads import read_once

_Branch = aliased(Organisation)
_Group = aliased(Organisation)

_RECORD_COLUMNS = (
    Member.id, Member.name, Member.sex, Member.ethnicity, Member.id_number, Member.birth_date, Member.education,
    Member.branch_id, _Branch.name, Member.group_id, _Group.name, Member.category, Member.join_date,
    Member.full_date, Member.position, Member.phone, Member.note, Member.status, Member.left_date, Member.version,
)


def load_members(session: Session, *, include_left: bool = False) -> list[MemberRecord]:
    """The members on the roster (with those who left, if asked), in branch order."""
    query = (
        select(*_RECORD_COLUMNS)
        .join(_Branch, _Branch.id == Member.branch_id)
        .outerjoin(_Group, _Group.id == Member.group_id)
        .where(Member.deleted_at.is_(None))
        .order_by(_Branch.sort_order, _Branch.id, Member.id)
    )
    if not include_left:
        query = query.where(Member.status == MemberStatus.ACTIVE.value)

    def load() -> list[MemberRecord]:
        return [MemberRecord(*row[:10], row[10] or "", *row[11:])  # type: ignore[arg-type]  # the columns' types, in order
                for row in session.execute(query).all()]

    return list(read_once(session, ("roster.members", include_left), load))  # a report's chapters share it
