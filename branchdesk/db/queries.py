"""Queries shared by several services. Each takes a Session: the caller owns the transaction."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from branchdesk.db import tables
from branchdesk.db.table_reads import read_rows
from branchdesk.domain.text import name_key
from branchdesk.domain.vocabulary import OrgKind

if TYPE_CHECKING:
    from branchdesk.db.models import Organisation


def live_orgs(session: Session) -> list[Organisation]:
    from branchdesk.db.models import Organisation
    return list(session.scalars(select(Organisation).where(Organisation.deleted_at.is_(None))))


# Organisation names are stored as typed and compared by `name_key` (domain.text): a name cannot be
# compared in SQL, so a lookup reads the few organisations of the kind and compares their keys.
def find_branch(session: Session, name: str) -> Organisation | None:
    key = name_key(name)
    return next((o for o in _live_of_kind(session, OrgKind.BRANCH) if name_key(o.name) == key), None)


def find_group(session: Session, branch_id: int, name: str) -> Organisation | None:
    key = name_key(name)
    return next((o for o in _live_of_kind(session, OrgKind.GROUP, branch_id) if name_key(o.name) == key), None)


def _live_of_kind(session: Session, kind: OrgKind, parent_id: int | None = None) -> list[Organisation]:
    from branchdesk.db.models import Organisation
    query = select(Organisation).where(Organisation.kind == kind.value, Organisation.deleted_at.is_(None))
    if parent_id is not None:
        query = query.where(Organisation.parent_id == parent_id)
    return list(session.scalars(query.order_by(Organisation.id)))


def org_ids_named(session: Session, name: str, kind: OrgKind = OrgKind.BRANCH) -> list[int]:
    """The ids of the organisations of `kind` (in the recycle bin too) whose name is `name` by
    `name_key`: a query's "Organisation.id.in_(…)" in place of comparing the stored spelling."""
    key = name_key(name)
    orgs = tables.organisations.c  # plain columns, a Core read (db/table_reads.py, issue 18)
    rows = read_rows(session, select(orgs.id, orgs.name).where(orgs.kind == kind.value))
    return [org_id for org_id, stored in rows if name_key(stored) == key]


def by_name_key(orgs: list[Organisation]) -> dict[str, Organisation]:
    """Organisations keyed by `name_key(name)`, for an import's lookups of many rows."""
    return {name_key(o.name): o for o in orgs}


def top_organisation(session: Session) -> Organisation | None:
    """The school's 党委 (or 党总支) that new branches hang under; None for a lone branch."""
    from branchdesk.db.models import Organisation
    for kind in (OrgKind.COMMITTEE, OrgKind.GENERAL_BRANCH):
        org = session.scalars(
            select(Organisation)
            .where(Organisation.kind == kind.value, Organisation.deleted_at.is_(None), Organisation.parent_id.is_(None))
            .order_by(Organisation.id)
        ).first()
        if org is not None:
            return org
    return None


def get_setting(session: Session, key: str, default: str = "") -> str:
    from branchdesk.db.models import Setting
    row = session.get(Setting, key)
    return row.value if row is not None else default


def set_setting(session: Session, key: str, value: str) -> None:
    from branchdesk.db.models import Setting
    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=value))
    else:
        row.value = value
