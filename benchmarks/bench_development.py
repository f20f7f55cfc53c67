"""Benchmark: checking 5,000 发展党员 records (target: under 1 s). Run by hand:

    python benchmarks/bench_development.py

Prints wall-clock and CPU time (CPU time is the fairer figure on a busy machine). Times (1) the pure rule check of 5,000 in-memory records against a 300-member roster, and (2) the
whole `check_development` service call (loading from SQLite included) on a database holding them.
"""

from __future__ import annotations

import random
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from branchdesk.db.models import DevPerson, DevRecord, DevReview, DevStep, Member, Organisation
from branchdesk.domain.development.check import RosterIndex, Standing, check_case
from branchdesk.domain.development.records import DevelopmentCase, PersonRef, Review, StepRecord
from branchdesk.domain.development.steps import Role
from branchdesk.domain.idcard import make_id_number
from branchdesk.services import session as sessions
from branchdesk.services.development.checks import check_development

N = 5000
AS_OF = date(2026, 11, 20)
OFFSETS = {1: 0, 2: 20, 3: 183, 4: 190, 5: 186, 7: 563, 8: 551, 9: 568, 10: 593, 11: 603, 12: 623, 13: 633,
           14: 643, 15: 653, 16: 673, 17: 693, 18: 696, 19: 698, 20: 708, 22: 1008, 23: 1023, 24: 1053}


def plan(rng: random.Random) -> tuple[date, dict[int, date]]:
    applied = AS_OF - timedelta(days=rng.randint(10, 1400))
    return applied, {s: applied + timedelta(days=d + rng.randint(0, 3)) for s, d in OFFSETS.items()
                     if applied + timedelta(days=d + 3) <= AS_OF}


def in_memory(rng: random.Random) -> float:
    roster = RosterIndex(Standing(i, f"党员{i}", "正式党员", date(2000, 7, 1), date(2001, 7, 1), None) for i in range(300))
    cases = []
    for i in range(N):
        _, steps = plan(rng)
        people = (PersonRef(Role.CONTACT, f"党员{i % 300}"), PersonRef(Role.INTRODUCER, f"党员{i % 300}"),
                  PersonRef(Role.INTRODUCER, f"党员{(i + 1) % 300}"))
        reviews = tuple(Review(k, 6, steps[3] + timedelta(days=150 * k)) for k in (1, 2) if 3 in steps)
        cases.append(DevelopmentCase(i, f"人员{i}", "男", "", date(1995, 1, 1), "支部", 1,
                                     steps={s: StepRecord(s, d) for s, d in steps.items()}, people=people,
                                     reviews=reviews))
    start, cpu = time.perf_counter(), time.process_time()
    findings = sum(len(check_case(c, roster, AS_OF)) for c in cases)
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    print(f"in memory: {N} records checked in {elapsed:.3f} s wall, {cpu:.3f} s CPU ({findings} findings)")
    return elapsed


def through_service(rng: random.Random) -> float:
    with tempfile.TemporaryDirectory() as folder:
        db = sessions.open(Path(folder) / "bench.sqlite")
        with db.session() as s:
            branch = Organisation(name="测试党支部", kind="党支部", note="")
            s.add(branch)
            s.flush()
            for i in range(300):
                s.add(Member(name=f"党员{i}", id_number=make_id_number("140202", date(1970, 1, 1), i, True),
                             branch_id=branch.id, category="正式党员", join_date=date(2000, 7, 1),
                             full_date=date(2001, 7, 1), status="在册"))
            for i in range(N):
                _, steps = plan(rng)
                record = DevRecord(name=f"人员{i}", id_number=make_id_number("140211", date(1995, 1, 1), i, i % 2 == 0),
                                   birth_date=date(1995, 1, 1), branch_id=branch.id, outcome="进行中")
                s.add(record)
                s.flush()
                s.add_all(DevStep(record_id=record.id, step=k, on=d) for k, d in steps.items())
                s.add_all(DevPerson(record_id=record.id, role=r.value, name=f"党员{(i + k) % 300}", sort_order=k)
                          for k, r in enumerate((Role.CONTACT, Role.INTRODUCER, Role.INTRODUCER)))
                if 3 in steps:
                    s.add(DevReview(record_id=record.id, step=6, on=steps[3] + timedelta(days=150)))
        start, cpu = time.perf_counter(), time.process_time()
        findings = check_development(db, year=2026, as_of=AS_OF)
        elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
        db.close()
    print(f"service (SQLite load + check): {N} records in {elapsed:.3f} s wall, {cpu:.3f} s CPU "
          f"({len(findings)} findings)")
    return elapsed


if __name__ == "__main__":
    in_memory(random.Random(1))
    through_service(random.Random(2))
