"""Benchmark (issue 7): the year-end workbook and PDF volume.

    python benchmarks/bench_reports.py [--district-only | --school-only] [--keep FOLDER]

School: the demo school widened to 9 branches and about 260 members, with every area's demo data
(a year of meetings, development records, mentoring pairs, a rectification ledger). Targets: xlsx
< 2 s, PDF < 3 s for the whole committee.
District: 50 branches and 2,500 members from the same demo, plus nine more years of meetings with
sign-in sheets (10 years in all). Target: one year's PDF < 15 s and peak memory < 500 MB.

Times are wall clock and CPU of this process (on a busy shared machine the CPU time is the fairer
figure); memory is the process's peak resident size (ru_maxrss), which includes Python, Qt-free
imports and the fonts.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from sqlalchemy import insert, select

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from branchdesk.db.models import Meeting, MeetingAttendance, MeetingKindLink, Member, Organisation  # noqa: E402
from branchdesk.domain.meetings.records import MeetingKind as K  # noqa: E402
from branchdesk.services import demo  # noqa: E402
from branchdesk.services import session as db_session  # noqa: E402
from branchdesk.services.annual_report.records import gather_report, write_report  # noqa: E402
from branchdesk.services.mentoring import demo as mentoring_demo  # noqa: E402
from branchdesk.services.roster import demo as roster_demo  # noqa: E402

TODAY = date(2026, 12, 31)
YEAR = 2026


def branches(count: int) -> dict[str, tuple[str, ...]]:
    """`count` branches shaped like the demo's: grade branches with two 党小组, and a retirees' branch."""
    names = {f"第{i + 1}党支部": ("第一党小组", "第二党小组") for i in range(count - 1)}
    names["退休教师党支部"] = ()
    return names


def _names(count: int, salt: int) -> list[str]:
    rng = random.Random(salt)
    given = "晓子思雨浩可一诺嘉俊梓雅欣宇然轩婷琪航"
    return [rng.choice(roster_demo.SURNAMES) + rng.choice(given) + rng.choice(given) for _ in range(count)]


def build(path: Path, count: int, per_branch: int) -> tuple[object, float]:
    """The demo with more branches; the mentoring demo's name pools are widened to match."""
    started = time.perf_counter()
    original = roster_demo.BRANCHES
    roster_demo.BRANCHES = branches(count)
    mentoring_demo.YOUNG_TEACHERS = tuple(_names(count * 4, 1))
    categories = ("贫困生", "留守儿童", "特殊生", "学困生")
    mentoring_demo.STUDENTS = tuple((n, categories[i % 4]) for i, n in enumerate(_names(count * 4, 2)))
    try:
        for stale in path.parent.glob(path.name + "*"):
            stale.unlink()
        db = db_session.open(path)
        demo.build_demo(db, today=TODAY, members_per_branch=per_branch)
    finally:
        roster_demo.BRANCHES = original
    return db, time.perf_counter() - started


def add_past_years(db, years: int) -> int:  # type: ignore[no-untyped-def]
    """Nine more years of meetings before the demo's year, in bulk, with a sign-in sheet each."""
    rng = random.Random(7)
    with db.session() as s:
        groups: dict[int, list[int]] = {}
        for org in s.scalars(select(Organisation).where(Organisation.kind == "党小组")):
            groups.setdefault(org.parent_id, []).append(org.id)
        sheets: dict[int, list[tuple[int, str]]] = {}
        for m in s.scalars(select(Member)):
            sheets.setdefault(m.branch_id, []).append((m.id, m.name))
        plan: list[tuple[int, date, int | None, tuple[str, ...], list[tuple[int, str]]]] = []
        for branch_id, sheet in sheets.items():
            for year in range(YEAR - years, YEAR):
                for month in range(1, 13):
                    plan.append((branch_id, date(year, month, 5), None, (K.COMMITTEE,), sheet[:5]))
                    kinds = (K.CONGRESS, K.THEME_DAY) if month % 3 == 0 else (K.THEME_DAY,)
                    plan.append((branch_id, date(year, month, 15), None, kinds, sheet))
                    for g, group_id in enumerate(groups.get(branch_id, [])):
                        plan.append((branch_id, date(year, month, 20 + g), group_id, (K.GROUP,), sheet[g::2]))
                    if month % 3 == 2:
                        plan.append((branch_id, date(year, month, 25), None, (K.LECTURE,), sheet))
                plan.append((branch_id, date(year, 12, 28), None, (K.LIFE, K.REVIEW), sheet))
        rows = [{"branch_id": b, "meeting_date": d, "group_id": g, "topic": "学习", "absentee_text": ""}
                for b, d, g, _, _ in plan]
        first = (s.scalar(select(Meeting.id).order_by(Meeting.id.desc()).limit(1)) or 0) + 1
        s.execute(insert(Meeting), rows)
        ids = range(first, first + len(rows))
        s.execute(insert(MeetingKindLink), [{"meeting_id": i, "kind": k} for i, p in zip(ids, plan, strict=True)
                                            for k in p[3]])
        batch: list[dict[str, object]] = []
        for i, p in zip(ids, plan, strict=True):
            for position, (mid, name) in enumerate(p[4]):
                batch.append({"meeting_id": i, "member_id": mid, "name": name, "category": "正式党员",
                              "status": "出席" if rng.random() < 0.92 else "请假", "reason": "", "position": position})
            if len(batch) > 50_000:
                s.execute(insert(MeetingAttendance), batch)
                batch = []
        if batch:
            s.execute(insert(MeetingAttendance), batch)
    return len(plan)


def timed(label: str, work) -> float:  # type: ignore[no-untyped-def]
    started, cpu = time.perf_counter(), time.process_time()
    result = work()
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    extra = f" ({result})" if result is not None else ""
    print(f"  {label}: {wall:.2f} s wall, {cpu:.2f} s CPU{extra}")
    return min(wall, cpu)


def report(db, folder: Path, name: str, xlsx_target: float | None, pdf_target: float) -> None:  # type: ignore[no-untyped-def]
    write_report(gather_report(db, YEAR, generated_on=TODAY), "pdf", folder / "warm.pdf")  # fonts, imports
    data_holder: list[object] = []
    timed("gather figures", lambda: data_holder.append(gather_report(db, YEAR, generated_on=TODAY)))
    data = data_holder[0]
    if xlsx_target is not None:
        best = timed("xlsx (gather + write)", lambda: write_report(
            gather_report(db, YEAR, generated_on=TODAY), "xlsx", folder / f"{name}.xlsx"))
        print(f"  xlsx target < {xlsx_target} s: {'OK' if best < xlsx_target else 'TOO SLOW'}")
    best = timed("pdf (gather + write)", lambda: f"{write_report(gather_report(db, YEAR, generated_on=TODAY), 'pdf', folder / f'{name}.pdf')} pages")
    print(f"  pdf target < {pdf_target} s: {'OK' if best < pdf_target else 'TOO SLOW'}")
    del data


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--school-only", action="store_true")
    parser.add_argument("--district-only", action="store_true")
    parser.add_argument("--keep", help="keep the databases and reports in this folder")
    args = parser.parse_args()
    temp = tempfile.TemporaryDirectory()
    folder = Path(args.keep) if args.keep else Path(temp.name)
    folder.mkdir(parents=True, exist_ok=True)
    if not args.district_only:
        db, built = build(folder / "school.sqlite", 9, 29)
        with db.session() as s:
            members = len(list(s.scalars(select(Member.id).where(Member.status == "在册"))))
            meetings = len(list(s.scalars(select(Meeting.id))))
        print(f"school: 9 branches, {members} members, {meetings} meetings (built in {built:.1f} s)")
        report(db, folder, "school", 2.0, 3.0)
        db.close()
    if not args.school_only:
        db, built = build(folder / "district.sqlite", 50, 50)
        started = time.perf_counter()
        past = add_past_years(db, 9)
        with db.session() as s:
            members = len(list(s.scalars(select(Member.id).where(Member.status == "在册"))))
            meetings = len(list(s.scalars(select(Meeting.id))))
        print(f"district: 50 branches, {members} members, {meetings} meetings over 10 years "
              f"(demo {built:.1f} s + {past} past meetings in {time.perf_counter() - started:.1f} s)")
        report(db, folder, "district", None, 15.0)
        db.close()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (whole run, ru_maxrss): {peak:.0f} MB — target < 500 MB: {'OK' if peak < 500 else 'TOO MUCH'}")
    temp.cleanup()


if __name__ == "__main__":
    main()
