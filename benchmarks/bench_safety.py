"""Data-safety timings (issue 8), run by hand: `python benchmarks/bench_safety.py [members]`.

Builds a database of N members (default 10,000) through the ORM, so each insert also writes its
change history; then times a backup, listing the backups with their checks, opening the database
(quick_check, revision check, daily-backup decision), 检查数据库 (integrity_check, foreign_key_check,
the hash chain) and a restore. Prints one line per step.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from datetime import date
from pathlib import Path


def main() -> None:
    members = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    with tempfile.TemporaryDirectory() as folder:
        os.environ["BRANCHDESK_HOME"] = str(Path(folder) / "home")
        from branchdesk.db.migrate import open_database
        from branchdesk.db.models import Member, Organisation
        from branchdesk.services.storage import backups
        from branchdesk.services.storage.database_check import check_database

        path = Path(folder) / "bench.sqlite"
        db = open_database(path)
        started = time.perf_counter()
        with db.session() as session:
            branch = Organisation(name="第一党支部", kind="党支部", note="")
            session.add(branch)
            session.flush()
            session.add_all(Member(name=f"党员{i}", id_number=f"B{i:017d}", branch_id=branch.id, category="正式党员",
                                   join_date=date(2010, 7, 1), status="在册", note="")
                            for i in range(members))
        print(f"insert {members} members with history: {time.perf_counter() - started:.2f} s")
        started = time.perf_counter()
        with db.session() as session:
            for member in session.query(Member).limit(1000):
                member.phone = "13800000000"
        print(f"edit 1000 members (1000 history rows): {time.perf_counter() - started:.2f} s")

        steps = [
            ("backup", lambda: backups.backup_now(db)),
            ("list backups with integrity_check", lambda: backups.list_backups(db, check=True)),
            ("检查数据库", lambda: check_database(db)),
        ]
        for name, step in steps:
            started = time.perf_counter()
            step()
            print(f"{name}: {time.perf_counter() - started:.3f} s  (file {path.stat().st_size / 1e6:.1f} MB)")
        newest = backups.list_backups(db)[0]
        db.close()
        started = time.perf_counter()
        open_database(path).close()
        print(f"open an existing database (checks included): {time.perf_counter() - started:.3f} s")
        started = time.perf_counter()
        backups.restore_backup(path, newest.path)
        print(f"restore (safety backup first): {time.perf_counter() - started:.3f} s")


if __name__ == "__main__":
    main()
