"""Queries shared by several services. Each takes a Session: the caller owns the transaction."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from branchdesk.db.models import Organisation, Setting
from branchdesk.domain.text import clean_text
from branchdesk.domain.vocabulary import OrgKind


def live_orgs(session: Session) -> list[Organisation]:
    return list(session.scalars(select(Organisation).where(Organisation.deleted_at.is_(None))))


def find_branch(session: Session, name: str) -> Organisation | None:
    return session.scalars(
        select(Organisation).where(
            Organisation.name == clean_text(name),  # look-alike spellings are one name (issue 21)
            Organisation.kind == OrgKind.BRANCH.value,
            Organisation.deleted_at.is_(None),
        )
    ).first()


def find_group(session: Session, branch_id: int, name: str) -> Organisation | None:
    return session.scalars(
        select(Organisation).where(
            Organisation.name == clean_text(name),  # look-alike spellings are one name (issue 21)
            Organisation.parent_id == branch_id,
            Organisation.kind == OrgKind.GROUP.value,
            Organisation.deleted_at.is_(None),
        )
    ).first()


def top_organisation(session: Session) -> Organisation | None:
    """The school's 党委 (or 党总支) that new branches hang under; None for a lone branch."""
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
    row = session.get(Setting, key)
    return row.value if row is not None else default


def set_setting(session: Session, key: str, value: str) -> None:
    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=value))
    else:
        row.value = value
