"""The roster's bulk loaders, on a Session the caller holds (so a report reads every area in one
snapshot): the members as DTOs, read as plain rows (no ORM identity map: 10,000 members in a fraction
of the time), in branch order."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from branchdesk.db import tables
from branchdesk.db.table_reads import read_rows
from branchdesk.domain.roster.records import MemberRecord
from branchdesk.domain.vocabulary import MemberStatus
from branchdesk.services.shared_reads import read_once

# Written on the tables (db/table_reads.py, issue 18): plain columns, no mapped class needed.
_MEMBERS = tables.members
_M = _MEMBERS.c
_Branch = tables.organisations.alias()
_Group = tables.organisations.alias()

_RECORD_COLUMNS = (
    _M.id, _M.name, _M.sex, _M.ethnicity, _M.id_number, _M.birth_date, _M.education,
    _M.branch_id, _Branch.c.name, _M.group_id, _Group.c.name, _M.category, _M.join_date,
    _M.full_date, _M.position, _M.phone, _M.note, _M.status, _M.left_date, _M.version,
)


def load_members(session: Session, *, include_left: bool = False) -> list[MemberRecord]:
    """The members on the roster (with those who left, if asked), in branch order."""
    query = (
        select(*_RECORD_COLUMNS)
        .select_from(_MEMBERS.join(_Branch, _Branch.c.id == _M.branch_id)
                     .outerjoin(_Group, _Group.c.id == _M.group_id))
        .where(_M.deleted_at.is_(None))
        .order_by(_Branch.c.sort_order, _Branch.c.id, _M.id)
    )
    if not include_left:
        query = query.where(_M.status == MemberStatus.ACTIVE.value)

    def load() -> list[MemberRecord]:
        return [MemberRecord(*row[:10], row[10] or "", *row[11:])
                for row in read_rows(session, query)]

    return list(read_once(session, ("roster.members", include_left), load))  # a report's chapters share it
