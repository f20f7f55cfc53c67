"""Loaders written on the tables (db/table_reads.py, issue 18) read what the ORM would: a session's own
unsaved changes too (flushed first, as autoflush does), and the year-end report runs no ORM query at
all — so a fresh process neither maps its statements through the ORM nor configures the mappers."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from sqlalchemy import select

from branchdesk.db.models import Setting
from branchdesk.db.table_reads import read_rows, table


def test_a_session_reads_its_own_pending_writes(db) -> None:  # type: ignore[no-untyped-def]
    settings = table(Setting).c
    with db.session() as session:
        session.add(Setting(key="table_reads_probe", value="一"))
        rows = read_rows(session, select(settings.value).where(settings.key == "table_reads_probe"))
        assert [tuple(r) for r in rows] == [("一",)]
        with session.no_autoflush:
            session.add(Setting(key="table_reads_later", value="二"))
            assert not read_rows(session, select(settings.value).where(settings.key == "table_reads_later"))
        session.rollback()


def test_the_annual_report_runs_no_orm_query(demo_file, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    code = f"""
import sys
from pathlib import Path
from sqlalchemy import event
from sqlalchemy.orm import Mapper, Session
from branchdesk.db.migrate import open_database
from branchdesk.services.annual_report.records import gather_report

seen = []
event.listen(Mapper, "before_configured", lambda: seen.append("configure"))
event.listen(Session, "do_orm_execute", lambda state: seen.append(str(state.statement)[:80]))
db = open_database(Path({str(demo_file())!r}), auto_backup=False)
data = gather_report(db, 2026)
db.close()
assert data.basic.total > 0
print(seen)
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False, cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "[]"
