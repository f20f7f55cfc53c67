"""Small helpers shared by the data-safety tests (issue 8)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
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


KILLED = """
import os, sys
from pathlib import Path
from openpyxl import Workbook
from branchdesk.io.xlsx_writer import save_workbook

def killed(self, filename):
    Path(filename).write_bytes(b"PK half a roster 110101199001011234")
    os._exit(9)  # killed mid-write: no finally runs

Workbook.save = killed
save_workbook(Workbook(), Path(sys.argv[1]))
"""


def killed_export(target: Path) -> Path:
    """Run an export in another process and kill it mid-write; the partial it left behind."""
    before = set(target.parent.iterdir())
    subprocess.run([sys.executable, "-c", KILLED, str(target)], check=False, timeout=120,
                   env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})
    [left] = set(target.parent.iterdir()) - before
    return left
