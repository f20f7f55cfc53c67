"""Small helpers shared by the data-safety tests (issue 8)."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

from branchdesk.db.engine import Database
from branchdesk.db.models import Member, Organisation


def add_branch(db: Database, name: str = "第一党支部") -> int:
    with db.session() as session:
        org = Organisation(name=name, kind="党支部", note="")
        session.add(org)
        session.flush()
        return org.id


def add_member(db: Database, branch_id: int, index: int, name: str = "") -> int:
    with db.session() as session:
        member = Member(name=name or f"党员{index}", id_number=f"T{index:017d}", branch_id=branch_id,
                        category="正式党员", join_date=date(2010, 7, 1), status="在册")
        session.add(member)
        session.flush()
        return member.id


def count(path: Path, table: str = "members") -> int:
    connection = sqlite3.connect(path)
    try:
        return connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        connection.close()


def integrity(path: Path) -> str:
    connection = sqlite3.connect(path)
    try:
        return connection.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        connection.close()
