"""Benchmark (issue 16): `branchdesk check` over a school of 50 branches kept for 10 years — the
target is under 1 s for each year checked. Run by hand:

    python benchmarks/bench_check.py [--keep DB]

Builds the meetings of bench_meetings.py for 50 branches × 10 years (committee, theme day and
group meetings monthly, congress and 党课 quarterly, 组织生活会 and 民主评议 yearly with grades, talks,
full sign-in sheets), 表决 rows on the June congresses, ~20 发展党员 records per branch at every
stage, a 支部调整 a year, and times `run_checks` (every area's checker, as the command runs it) for
each of the ten years. Prints wall-clock and CPU time (CPU is the fairer figure on a busy machine).
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import insert, select

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_meetings  # noqa: E402

from branchdesk.db.models import (  # noqa: E402
    DevPerson,
    DevRecord,
    DevStep,
    Meeting,
    MeetingKindLink,
    MeetingReviewResult,
    MeetingVote,
    Member,
    MemberMove,
    Organisation,
)
from branchdesk.domain.idcard import make_id_number  # noqa: E402
from branchdesk.services import session as db_session  # noqa: E402
from branchdesk.services.checks import run_checks  # noqa: E402

bench_meetings.BRANCHES = 50
# ID numbers hold a 3-digit sequence: spread 1,000 members over a few area codes
bench_meetings.make_id_number = lambda area, birth, seq, male: make_id_number(  # type: ignore[attr-defined]
    str(int(area) + seq // 400), birth, seq % 400, male)
BRANCHES, YEARS, FIRST_YEAR = 50, bench_meetings.YEARS, bench_meetings.FIRST_YEAR
OFFSETS = bench_meetings_offsets = {1: 0, 2: 20, 3: 183, 4: 190, 5: 186, 7: 563, 8: 551, 9: 568, 10: 593, 11: 603,
                                    12: 623, 13: 633, 14: 643, 15: 653, 16: 673, 17: 693, 18: 696, 19: 698, 20: 708,
                                    22: 1018, 23: 1023, 24: 1053}


def add_the_rest(db) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    """Votes, 民主评议 grades, 发展党员 records and 支部调整 on top of the meetings."""
    rng = random.Random(16)
    end = date(FIRST_YEAR + YEARS - 1, 12, 31)
    with db.session() as s:
        branches = list(s.scalars(select(Organisation.id).where(Organisation.kind == "党支部")))
        members: dict[int, list[tuple[int, str]]] = {}
        for mid, branch, name in s.execute(select(Member.id, Member.branch_id, Member.name)):
            members.setdefault(branch, []).append((mid, name))
        votes, grades = [], []
        for mid, branch, day, kind in s.execute(
                select(Meeting.id, Meeting.branch_id, Meeting.meeting_date, MeetingKindLink.kind)
                .join(MeetingKindLink, MeetingKindLink.meeting_id == Meeting.id)
                .where(MeetingKindLink.kind.in_(("支部党员大会", "民主评议党员")))):
            if kind == "支部党员大会" and day.month == 6:
                votes.append({"meeting_id": mid, "subject": "接收预备党员", "voters_expected": 20, "voters_present": 18,
                              "votes_for": 18, "note": ""})
            elif kind == "民主评议党员":
                grades += [{"meeting_id": mid, "member_id": m, "name": n, "category": "正式党员",
                            "grade": "优秀" if i < 5 else "合格"} for i, (m, n) in enumerate(members[branch])]
        s.execute(insert(MeetingVote), votes)
        s.execute(insert(MeetingReviewResult), grades)
        sequence = 0
        for branch in branches:
            people = members[branch]
            for k in range(20):
                sequence += 1
                applied = date(FIRST_YEAR, 1, 1) + timedelta(days=rng.randint(0, (end - date(FIRST_YEAR, 1, 1)).days))
                record = DevRecord(name=f"发展{branch}-{k}", id_number=make_id_number("140211", date(1996, 1, 1),
                                                                                     sequence, k % 2 == 0),
                                   birth_date=date(1996, 1, 1), branch_id=branch, outcome="进行中")
                s.add(record)
                s.flush()
                steps = {n: applied + timedelta(days=d) for n, d in OFFSETS.items() if applied + timedelta(days=d) <= end}
                s.execute(insert(DevStep), [
                    {"record_id": record.id, "step": n, "on": d, "note": "",
                     **({"voters_expected": 20, "voters_present": 18, "votes_for": 18} if n in (15, 23) else {})}
                    for n, d in steps.items()])
                s.execute(insert(DevPerson), [{"record_id": record.id, "role": role, "name": people[(k + j) % 20][1],
                                               "member_id": people[(k + j) % 20][0], "sort_order": j}
                                              for j, role in enumerate(("培养联系人", "入党介绍人", "入党介绍人"))])
        moves = []
        for year in range(FIRST_YEAR, FIRST_YEAR + YEARS):
            for index, branch in enumerate(branches[:-1]):
                mid, _ = members[branch][(year - FIRST_YEAR) % 20]
                moves.append({"member_id": mid, "kind": "支部调整", "move_date": date(year, 9, 1), "counterpart": "",
                              "reason": "", "from_branch_id": branch, "to_branch_id": branches[index + 1], "category": ""})
        s.execute(insert(MemberMove), moves)
    return sequence, len(moves)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--keep", help="write the database here instead of a temporary folder")
    args = parser.parse_args()
    folder = tempfile.TemporaryDirectory()
    path = Path(args.keep) if args.keep else Path(folder.name) / "bench.sqlite"
    db = db_session.open(path)
    started = time.perf_counter()
    meetings = bench_meetings.build(db)
    records, moves = add_the_rest(db)
    print(f"built {BRANCHES} branches × {YEARS} years: {meetings} meetings, {records} 发展党员 records, "
          f"{moves} 支部调整 in {time.perf_counter() - started:.1f} s")
    run_checks(db, year=FIRST_YEAR, as_of=date(FIRST_YEAR, 12, 31))  # warm-up (imports, statement cache)
    worst_wall = worst_cpu = 0.0
    for year in range(FIRST_YEAR, FIRST_YEAR + YEARS):
        wall, cpu = time.perf_counter(), time.process_time()
        found = run_checks(db, year=year, as_of=date(year, 12, 31))
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        worst_wall, worst_cpu = max(worst_wall, wall), max(worst_cpu, cpu)
        print(f"  {year}: {wall:.3f} s wall, {cpu:.3f} s CPU, {len(found)} findings")
    verdict = "OK" if min(worst_wall, worst_cpu) < 1 else "TOO SLOW"
    print(f"slowest year: {worst_wall:.3f} s wall, {worst_cpu:.3f} s CPU — target < 1 s a year: {verdict}")
    db.close()


if __name__ == "__main__":
    main()
