"""The history rows of one save come out in the same order every time: SQLAlchemy keeps a flush's
changed records in a set, so without an order two equal imports would chain their rows differently."""

from __future__ import annotations

from sqlalchemy import select

from branchdesk.db.models import ChangeLog, Member
from tests.safety_helpers import add_branch, add_member


def test_updates_of_one_flush_are_recorded_by_table_then_key(db) -> None:  # type: ignore[no-untyped-def]
    branch = add_branch(db)
    ids = [add_member(db, branch, index) for index in range(1, 41)]
    with db.session() as session:
        members = session.scalars(select(Member).order_by(Member.id.desc())).all()
        for member in members:  # changed last-first, flushed together: the set's order must not leak
            member.phone = f"1390000{member.id:04d}"
    with db.session() as session:
        rows = session.execute(select(ChangeLog.record_id).where(
            ChangeLog.table_name == "members", ChangeLog.action == "update", ChangeLog.field == "phone")
            .order_by(ChangeLog.id)).scalars().all()
    assert [int(r) for r in rows] == sorted(ids)
