"""Benchmark (issue 19, 党费): a district database — 50 branches × 50 members = 2,500 members, ten years
of monthly payments (300,000 payments and their 300,000 month shares), bases with a rise every few
years, quarterly hand-ups — then times, for the last year:

- the year's grid of every member (`dues_year`, what the 党费 page and the export read),
- one branch's grid (what the page shows for a branch),
- the check (`services.dues.checks.check_dues`, what `branchdesk check` and the home page run),

each against a bare floor: raw sqlite3 fetching the same rows the service reads (members, bases, the
year's month shares with their payments, hand-ups), no Python objects built. Targets: the year's
grid < 1 s and the check < 1 s.

    python benchmarks/bench_dues.py [--keep DB]
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import sqlite3
import sys
import tempfile
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

from sqlalchemy import insert, select

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from branchdesk.db.models import (  # noqa: E402
    DuesBase,
    DuesHandUp,
    DuesPayment,
    DuesPaymentMonth,
    Member,
    Organisation,
)
from branchdesk.domain.dues.months import Month  # noqa: E402
from branchdesk.domain.dues.rates import STANDARD_2008, RateTables, TableKind, compute  # noqa: E402
from branchdesk.domain.idcard import make_id_number  # noqa: E402
from branchdesk.services import session as db_session  # noqa: E402
from branchdesk.services.dues import checks  # noqa: E402
from branchdesk.services.dues.records import dues_year  # noqa: E402

BRANCHES, MEMBERS, YEARS = 50, 50, 10
FIRST_YEAR = 2016
LAST_YEAR = FIRST_YEAR + YEARS - 1
AS_OF = date(LAST_YEAR, 11, 20)
TABLES = RateTables(STANDARD_2008)


def build(db) -> int:  # type: ignore[no-untyped-def]
    rng = random.Random(19)
    with db.session() as s:
        top = Organisation(name="中共基准区教育工作委员会", kind="党委", note="")
        s.add(top)
        s.flush()
        branch_ids = []
        for b in range(BRANCHES):
            branch = Organisation(name=f"第{b + 1}党支部", kind="党支部", parent_id=top.id, sort_order=b, note="")
            s.add(branch)
            s.flush()
            branch_ids.append(branch.id)
        members = [{"name": f"党员{b}-{i}", "sex": "男", "ethnicity": "汉族", "education": "大学本科",
                    "id_number": make_id_number("140202", date(1970 + i % 25, 1 + i % 12, 1 + b % 28), b * MEMBERS + i, True),
                    "branch_id": bid, "category": "正式党员", "join_date": date(2000, 7, 1), "position": "教师",
                    "phone": "", "note": "", "status": "在册"}
                   for b, bid in enumerate(branch_ids) for i in range(MEMBERS)]
        s.execute(insert(Member), members)
        ids = list(s.execute(select(Member.id, Member.branch_id)).all())
        bases, payments, shares, hand_ups = [], [], [], []
        payment_id = 0
        collected: dict[tuple[int, int, int], Decimal] = {}
        for mid, bid in ids:
            base = Decimal(rng.randrange(3500, 9000, 10))
            plan = []
            for year in range(FIRST_YEAR, LAST_YEAR + 1, 3):  # a rise every three years
                plan.append((Month(year, 1), base))
                bases.append({"member_id": mid, "category": "在职", "applies_from": Month(year, 1).key, "base": base,
                              "basis": "", "note": "", "approved_by": "", "confirmed_on": date(year, 1, 5)})
                base += Decimal(rng.randrange(200, 800, 10))
            behind = rng.random() < 0.03
            for index in range(Month(FIRST_YEAR, 1).index, Month.of(AS_OF).index + 1):
                month = Month.from_index(index)
                if behind and month.year == LAST_YEAR and month.month >= 6:
                    continue
                current = [b for start, b in plan if start <= month][-1]
                result = compute(TABLES, TableKind.EMPLOYED, current, month.first_day)
                assert result is not None
                payment_id += 1
                paid_on = date(month.year, month.month, 12)
                payments.append({"id": payment_id, "member_id": mid, "paid_on": paid_on, "amount": result.amount,
                                 "method": "现金", "collector": "", "receipt_no": "", "note": "", "noted_late": False})
                shares.append({"payment_id": payment_id, "member_id": mid, "month": month.key, "amount": result.amount})
                key = (bid, month.year, month.quarter)
                collected[key] = collected.get(key, Decimal(0)) + result.amount
        for (bid, year, quarter), amount in collected.items():
            if (year, quarter) < (LAST_YEAR, 4):
                hand_ups.append({"branch_id": bid, "handed_on": Month(year, quarter * 3).plus(1).first_day,
                                 "amount": amount, "first_month": Month(year, quarter * 3 - 2).key,
                                 "last_month": Month(year, quarter * 3).key, "handled_by": "", "receipt_no": "",
                                 "note": ""})
        for table, rows in ((DuesBase, bases), (DuesPayment, payments), (DuesPaymentMonth, shares),
                            (DuesHandUp, hand_ups)):
            for start in range(0, len(rows), 20_000):
                s.execute(insert(table), rows[start:start + 20_000])
    return len(payments)


def floor(path: Path, branch_id: int | None = None) -> float:
    """Raw sqlite3: the same rows the service reads, fetched and dropped."""
    first, last = Month(LAST_YEAR, 1).key, Month(LAST_YEAR, 12).key
    where = "AND m.branch_id = ?" if branch_id else ""
    args: tuple[object, ...] = (branch_id,) if branch_id else ()
    started = time.perf_counter()
    connection = sqlite3.connect(path)
    connection.execute(f"SELECT id, name, branch_id, category, status, join_date, left_date FROM members m "
                       f"WHERE deleted_at IS NULL {where}", args).fetchall()
    connection.execute(f"SELECT b.* FROM dues_bases b JOIN members m ON m.id = b.member_id "
                       f"WHERE b.deleted_at IS NULL {where}", args).fetchall()
    connection.execute(f"SELECT pm.member_id, pm.month, pm.amount, pm.payment_id, p.paid_on, p.noted_late, p.method, "
                       f"p.receipt_no FROM dues_payment_months pm JOIN dues_payments p ON p.id = pm.payment_id "
                       f"JOIN members m ON m.id = pm.member_id WHERE p.deleted_at IS NULL AND pm.month BETWEEN ? AND ? "
                       f"{where}", (first, last, *args)).fetchall()
    connection.execute("SELECT * FROM dues_hand_ups WHERE deleted_at IS NULL").fetchall()
    connection.close()
    return time.perf_counter() - started


def timed(fn, runs: int = 3):  # type: ignore[no-untyped-def]
    """The result and the best of `runs` wall-clock timings (the machine may be shared: the best run
    is the code's own), with that run's CPU time."""
    best, cpu = float("inf"), 0.0
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        result = fn()
        elapsed = time.perf_counter() - started
        if elapsed < best:
            best, cpu = elapsed, time.process_time() - started_cpu
    timed.cpu = cpu  # type: ignore[attr-defined]
    return result, best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--keep", type=Path, help="keep the database at this path")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = args.keep or Path(folder) / "bench.sqlite"
        db = db_session.open(path)
        _built, build_time = timed(lambda: build(db), runs=1)
        gc.collect()  # the build's garbage is not the grid's
        year, grid = timed(lambda: dues_year(db, LAST_YEAR, as_of=AS_OF))
        grid_cpu = timed.cpu  # type: ignore[attr-defined]
        branch_id = year.branches[0].branch_id
        _one, branch_grid = timed(lambda: dues_year(db, LAST_YEAR, branch_id, as_of=AS_OF))
        found, check = timed(lambda: checks.check_dues(db, year=LAST_YEAR, as_of=AS_OF))
        check_cpu = timed.cpu  # type: ignore[attr-defined]
        db.close()
        floor_all = min(floor(path) for _ in range(3))
        floor_one = min(floor(path, branch_id) for _ in range(3))
        members = len(year.ledgers)
        cells = members * 12
        print(f"district: {BRANCHES} branches, {members} members, {_built} payments over {YEARS} years "
              f"(built in {build_time:.1f} s)")
        print(f"year grid, all branches ({cells} cells): {grid:.3f} s (CPU {grid_cpu:.3f} s)  floor {floor_all:.3f} s  "
              f"ratio {grid / floor_all:.1f}x")
        print(f"year grid, one branch ({MEMBERS} members): {branch_grid:.3f} s  floor {floor_one:.3f} s  "
              f"ratio {branch_grid / floor_one:.1f}x")
        print(f"check, all branches ({len(found)} findings): {check:.3f} s (CPU {check_cpu:.3f} s)  "
              f"floor {floor_all:.3f} s  ratio {check / floor_all:.1f}x")
        print(f"load average while measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        wall = "met" if grid < 1 and check < 1 else "NOT met"
        cpu = "met" if grid_cpu < 1 and check_cpu < 1 else "NOT met"
        print(f"targets (year grid < 1 s, check < 1 s): {wall} in wall-clock time, {cpu} in CPU time")


if __name__ == "__main__":
    main()
