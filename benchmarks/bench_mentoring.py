"""Benchmark: 结对帮扶 at a large school's scale, run by hand:

    python benchmarks/bench_mentoring.py

Builds the demo school and adds 3,000 pairs with 20 log entries each (60,000 activities), then times
the calls a user waits for: the list of pairs (with its activity aggregates), one pair's log, the
year's figures, the reminders (`check_mentoring`), the ledger export and a dry-run import of it.
Prints wall-clock and CPU time (CPU time is the fairer figure on a busy machine).
"""

from __future__ import annotations

import random
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import insert, select

from branchdesk.db.models import Member, MentoringActivity, MentoringPair
from branchdesk.domain.mentoring.records import KIND_STUDENT, KIND_TEACHER
from branchdesk.services import session as sessions
from branchdesk.services.demo import build_demo
from branchdesk.services.mentoring.checks import check_mentoring
from branchdesk.services.mentoring.excel import export_mentoring, import_mentoring
from branchdesk.services.mentoring.figures import year_figures
from branchdesk.services.mentoring.log import list_activities
from branchdesk.services.mentoring.records import list_pairs

PAIRS = 3000
PER_PAIR = 20
TODAY = date(2026, 11, 20)


def timed(label: str, fn: Callable[[], object]) -> object:
    wall, cpu = time.perf_counter(), time.process_time()
    result = fn()
    print(f"{label:<36} {time.perf_counter() - wall:7.3f} s wall  {time.process_time() - cpu:7.3f} s CPU")
    return result


def fill(db, rng: random.Random) -> None:  # type: ignore[no-untyped-def]
    """Bulk inserts (setup only: the app itself writes through the services)."""
    with db.session() as session:
        members = list(session.scalars(select(Member).where(Member.status == "在册")))
        pairs = []
        for number in range(PAIRS):
            mentor = rng.choice(members)
            start = TODAY - timedelta(days=rng.randint(30, 700))
            student = number % 2 == 1
            pairs.append(dict(
                kind=KIND_STUDENT if student else KIND_TEACHER, branch_id=mentor.branch_id, mentor_id=mentor.id,
                mentee_type="学生" if student else "教师", mentee_name=f"对象{number}",
                mentee_class="高一（3）班" if student else "", mentee_category="贫困生" if student else "青年教师",
                start_date=start, planned_end=start + timedelta(days=365), goals="", content="", results="",
                dimensions="思想、业务", status="进行中", stop_reason="", note="", version=1))
        session.execute(insert(MentoringPair), pairs)
        rows = session.execute(select(MentoringPair.id, MentoringPair.start_date)
                               .where(MentoringPair.mentee_name.like("对象%"))).all()
        session.execute(insert(MentoringActivity), [
            dict(pair_id=pair_id, kind="谈心", hours=1.0, dimension="思想", note="",
                 activity_date=start + timedelta(days=entry * 20))
            for pair_id, start in rows for entry in range(PER_PAIR)])


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        db = sessions.open(Path(folder) / "bench.sqlite")
        try:
            timed("demo school", lambda: build_demo(db, today=TODAY))
            timed(f"add {PAIRS} pairs, {PAIRS * PER_PAIR} activities", lambda: fill(db, random.Random(5)))
            pairs = timed("list_pairs", lambda: list_pairs(db))
            print(f"  {len(pairs)} pairs")  # type: ignore[arg-type]
            timed("one pair's log", lambda: list_activities(db, pairs[0].id))  # type: ignore[index]
            timed("year_figures 2026", lambda: year_figures(db, 2026))
            found = timed("check_mentoring (reminders)", lambda: check_mentoring(db, year=2026, as_of=TODAY))
            print(f"  {len(found)} reminders")  # type: ignore[arg-type]
            out = Path(folder) / "台账.xlsx"
            timed("export ledger (all pairs)", lambda: export_mentoring(db, out))
            report = timed("import ledger (dry run)", lambda: import_mentoring(db, out, dry_run=True, today=TODAY))
            print(f"  {report.summary()}")  # type: ignore[attr-defined]
        finally:
            db.close()


if __name__ == "__main__":
    main()
