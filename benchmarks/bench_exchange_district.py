"""Benchmark (数据包 on a district-size database, NOTE10 "Exchange"), run by hand:

    python benchmarks/bench_exchange_district.py [SCENARIO …] [--runs N] [--branch NAME] [--district FILE]
                                                 [--profile FOLDER] [--rebuild]

The district of bench_speed.py (50 branches, 2,500 members, 10 years of meetings with sign-in sheets;
built there into benchmarks/out/speed/district.sqlite when missing) is the school. Four exchanges of
one branch's ten years (SCENARIO up, again, down, same; the default) are timed, each from a fresh copy
of its database (the files are built once into benchmarks/out/exchange-district/):

  上报, empty 党委   the branch's PC held the school's data before the exchange was set up (the district
                    file); the 党委's database holds only the organisation tree. The branch joins with the
                    set-up file and its first 上报 (every record of the branch) is imported by the 党委.
  上报 again        the same records once more (a second 上报 whose first was not confirmed: it repeats
                    everything), into the 党委's database that merged the first.
  下发 (加入)        the 党委 holds the district; the branch's new PC (an empty database) joins with the
                    set-up file, which carries the branch's ten years.
  加入, same data   the same set-up file joined by a PC that already holds the same records under ids of
                    its own (the same 花名册 and meetings typed on both PCs): every member, 党小组 and
                    committee post is recognised as one record (same_record.py); meetings have no
                    unique columns, so they are written as records of their own.

A package holds one branch's records (the exchange is a star: domain/exchange/scope.py), so the whole
school travels in one package only where the school has one 党支部. `whole-up` and `whole-down` time
that: the district's records made one branch's (its 49 other 党支部 folded into 第1党支部, their
党小组 kept under it with the old branch's name added; the three 支部调整 left out), then its first
上报 into an empty 党委, and the 党委's set-up file joined by an empty PC (99,005 records and 889,556
rows of theirs, a 24 MB package: a minute or more each and about 3 GB of memory; use --runs 1).

Times are wall and CPU of this process (on a shared machine CPU is the steadier figure), minimum and
median of --runs runs. --profile writes a cProfile of one run of each into FOLDER.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import shutil
import sqlite3
import statistics
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out" / "exchange-district"
os.environ["BRANCHDESK_HOME"] = str(OUT / "home")
sys.path[:0] = [str(ROOT), str(HERE)]

from branchdesk.services import session as db_session  # noqa: E402
from branchdesk.services.exchange import records as exchange  # noqa: E402

DISTRICT = HERE / "out" / "speed" / "district.sqlite"  # --district names another copy


def copy(source: Path, target: Path) -> Path:
    for stale in target.parent.glob(target.name + "*"):
        stale.unlink()
    shutil.copy(source, target)
    anchor = source.with_name(source.name + ".anchor")
    if anchor.is_file():
        shutil.copy(anchor, target.with_name(target.name + ".anchor"))
    return target


def _district() -> Path:
    if DISTRICT == HERE / "out" / "speed" / "district.sqlite" and not DISTRICT.is_file():
        import bench_speed

        bench_speed.build_data(False)
    return DISTRICT


def _regid(path: Path) -> None:
    """Give every record of the file new ids (as if its rows had been typed in on another PC). The
    organisation tree above the branches keeps its ids (it came from the 党委's set-up file)."""
    connection = sqlite3.connect(path)
    tables = [name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
              if any(column[1] == "gid" for column in connection.execute(f"PRAGMA table_info('{name}')"))]
    connection.create_function("newgid", 0, lambda: uuid.uuid4().hex)
    for name in tables:
        where = " WHERE kind = '党小组'" if name == "organisations" else ""
        connection.execute(f"UPDATE {name} SET gid = newgid(){where}")  # noqa: S608 - our own table names
    connection.commit()
    connection.close()


def _org_tree(district: Path, target: Path) -> None:
    """A 党委 database holding only the district's organisation tree above the groups (same names)."""
    from branchdesk.db.models import Organisation

    source = sqlite3.connect(district)
    rows = source.execute("SELECT id, name, kind, parent_id, sort_order FROM organisations "
                          "WHERE kind != '党小组' AND deleted_at IS NULL ORDER BY id").fetchall()
    source.close()
    db = db_session.open(target)
    with db.session() as session:
        ids: dict[int, int] = {}
        for old, name, kind, parent, order in rows:
            org = Organisation(name=name, kind=kind, parent_id=ids.get(parent), sort_order=order, note="")
            session.add(org)
            session.flush()
            ids[old] = org.id
    db.close()


def _one_branch(path: Path, branch: str) -> None:
    """Fold every other 党支部 of the file into `branch` (their 党小组 go under it, named after the
    branch they were in); the 支部调整 between them are dropped (a move within one branch is none)."""
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA foreign_keys = ON")
    [(kept,)] = connection.execute("SELECT id FROM organisations WHERE name = ? AND kind = '党支部'", (branch,))
    others = [row[0] for row in connection.execute("SELECT id FROM organisations WHERE kind = '党支部' AND id != ?",
                                                   (kept,))]
    marks = ",".join("?" * len(others))
    connection.execute("DELETE FROM member_moves")
    connection.execute(f"UPDATE organisations SET name = name || '（' || (SELECT p.name FROM organisations p "  # noqa: S608
                       f"WHERE p.id = organisations.parent_id) || '）', parent_id = ? "
                       f"WHERE kind = '党小组' AND parent_id IN ({marks})", (kept, *others))
    references = [(table, column) for (table,) in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
                  for (_, _, target, column, *_rest) in connection.execute(f"PRAGMA foreign_key_list('{table}')")
                  if target == "organisations" and (table, column) != ("organisations", "parent_id")]
    for table, column in references:
        connection.execute(f"UPDATE {table} SET {column} = ? WHERE {column} IN ({marks})",  # noqa: S608
                           (kept, *others))
    connection.execute(f"DELETE FROM organisations WHERE id IN ({marks})", others)  # noqa: S608
    assert not connection.execute("PRAGMA foreign_key_check").fetchall()
    connection.commit()
    connection.close()


def build_whole(branch: str, rebuild: bool) -> dict[str, Path]:
    files = {name: OUT / name for name in ("whole-committee-empty.sqlite", "whole-up-1.bdpkg",
                                            "whole-setup.bdsetup", "whole-codes.txt")}
    if not rebuild and all(p.is_file() for p in files.values()):
        return files
    work = OUT / "work-whole"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    (OUT / "home").mkdir(exist_ok=True)
    print("building: the district as one 党支部 …", flush=True)
    _one_branch(copy(_district(), work / "school.sqlite"), branch)
    _org_tree(work / "school.sqlite", work / "c0.sqlite")
    committee = db_session.open(work / "c0.sqlite")
    setup = exchange.add_site(committee, branch, work / "setup-empty.bdsetup")
    committee.close()
    copy(work / "c0.sqlite", files["whole-committee-empty.sqlite"])
    print("building: its 上报 into an empty 党委 …", flush=True)
    committee = db_session.open(copy(work / "school.sqlite", work / "committee.sqlite"))
    down = exchange.add_site(committee, branch, files["whole-setup.bdsetup"])
    committee.close()
    sender = db_session.open(work / "school.sqlite")
    exchange.join(sender, work / "setup-empty.bdsetup", setup.code)
    first = exchange.export_package(sender, files["whole-up-1.bdpkg"])
    sender.close()
    print(f"  上报: {sum(first.counts.values())} records ({first.size / 2**20:.1f} MB)", flush=True)
    files["whole-codes.txt"].write_text(f"{setup.code}\n{down.code}\n")
    shutil.rmtree(work)
    return files


def build(branch: str, rebuild: bool) -> dict[str, Path]:
    files = {name: OUT / f"{name}" for name in (
        "committee-empty.sqlite", "setup-empty.bdsetup", "up-1.bdpkg", "up-2.bdpkg", "committee-after-1.sqlite",
        "committee-district.sqlite", "setup-district.bdsetup", "branch-same.sqlite", "codes.txt")}
    if not rebuild and all(p.is_file() for p in files.values()):
        return files
    shutil.rmtree(OUT, ignore_errors=True)
    (OUT / "home").mkdir(parents=True)
    district = _district()
    work = OUT / "work"
    work.mkdir()
    print("building: the 党委 with the organisation tree only …", flush=True)
    _org_tree(district, work / "c0.sqlite")
    committee = db_session.open(work / "c0.sqlite")
    setup = exchange.add_site(committee, branch, files["setup-empty.bdsetup"])
    committee.close()
    copy(work / "c0.sqlite", files["committee-empty.sqlite"])
    print("building: the branch's PC (the district file) joins and writes two 上报 …", flush=True)
    sender = db_session.open(copy(district, work / "branch.sqlite"))
    exchange.join(sender, files["setup-empty.bdsetup"], setup.code)
    first = exchange.export_package(sender, files["up-1.bdpkg"])
    second = exchange.export_package(sender, files["up-2.bdpkg"])
    sender.close()
    print(f"  上报 1: {first.counts} ({first.size / 2**20:.1f} MB); 上报 2: {sum(second.counts.values())} records",
          flush=True)
    committee = db_session.open(copy(files["committee-empty.sqlite"], work / "c1.sqlite"))
    merged = exchange.import_package(committee, files["up-1.bdpkg"])
    assert merged.status == "merged", merged.message
    committee.close()
    copy(work / "c1.sqlite", files["committee-after-1.sqlite"])
    print("building: the 党委 holding the district adds the branch's site …", flush=True)
    committee = db_session.open(copy(district, files["committee-district.sqlite"]))
    down = exchange.add_site(committee, branch, files["setup-district.bdsetup"])
    committee.close()
    copy(district, files["branch-same.sqlite"])
    _regid(files["branch-same.sqlite"])
    files["codes.txt"].write_text(f"{setup.code}\n{down.code}\n")
    shutil.rmtree(work)
    return files


def timed(label: str, prepare: Callable[[], object], work: Callable[[object], object], runs: int,
          profile: Path | None) -> None:
    walls, cpus = [], []
    result = None
    for _ in range(runs):
        db = prepare()
        started, cpu = time.perf_counter(), time.process_time()
        result = work(db)
        walls.append(time.perf_counter() - started)
        cpus.append(time.process_time() - cpu)
        db.close()  # type: ignore[attr-defined]
    print(f"  {label}: wall min {min(walls):.2f} s, median {statistics.median(walls):.2f} s; "
          f"CPU min {min(cpus):.2f} s, median {statistics.median(cpus):.2f} s ({runs} runs) — {result}", flush=True)
    if profile is not None:
        db = prepare()
        profiler = cProfile.Profile()
        profiler.runcall(work, db)
        db.close()  # type: ignore[attr-defined]
        profiler.dump_stats(profile / f"{label.split(',')[0].replace(' ', '_')}.prof")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--branch", default="第1党支部")
    parser.add_argument("--profile", type=Path)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--district", type=Path, help="the district database (default: bench_speed.py's)")
    parser.add_argument("only", nargs="*", help="up, again, down, same, whole-up, whole-down (default: the first four)")
    args = parser.parse_args()
    if args.district:
        global DISTRICT
        DISTRICT = args.district.resolve()
    files = build(args.branch, args.rebuild)
    up_code, down_code = files["codes.txt"].read_text().split()
    scratch = OUT / "scratch.sqlite"
    if args.profile:
        args.profile.mkdir(parents=True, exist_ok=True)
    one, five, _ = os.getloadavg()
    print(f"{args.branch}, district file {DISTRICT.stat().st_size / 2**20:.0f} MB; load {one:.2f} / {five:.2f}")

    def fresh(source: Path | None) -> Callable[[], object]:
        def prepare() -> object:
            if source is None:
                for stale in scratch.parent.glob(scratch.name + "*"):
                    stale.unlink()
            else:
                copy(source, scratch)
            return db_session.open(scratch, daily_backup=False)
        return prepare

    def imported(package: Path) -> Callable[[object], object]:
        def work(db: object) -> object:
            result = exchange.import_package(db, package)  # type: ignore[arg-type]
            assert result.status == "merged", result.message
            return f"changed {sum(result.counts.values())}, unchanged {result.unchanged}, conflicts {result.conflicts}"
        return work

    def joined(setup: Path, code: str) -> Callable[[object], object]:
        def work(db: object) -> object:
            result = exchange.join(db, setup, code)  # type: ignore[arg-type]
            return f"written {sum(result.counts.values())}, conflicts {result.conflicts}, notes {len(result.notes)}"
        return work

    plan = {
        "up": ("上报, empty 党委", fresh(files["committee-empty.sqlite"]), imported(files["up-1.bdpkg"])),
        "again": ("上报 again, same records", fresh(files["committee-after-1.sqlite"]), imported(files["up-2.bdpkg"])),
        "down": ("下发 (加入), empty PC", fresh(None), joined(files["setup-district.bdsetup"], down_code)),
        "same": ("加入, same data typed on the PC", fresh(files["branch-same.sqlite"]),
                 joined(files["setup-district.bdsetup"], down_code)),
    }
    if {"whole-up", "whole-down"} & set(args.only):
        whole = build_whole(args.branch, args.rebuild)
        whole_down = whole["whole-codes.txt"].read_text().split()[1]
        plan["whole-up"] = ("whole school 上报, empty 党委", fresh(whole["whole-committee-empty.sqlite"]),
                            imported(whole["whole-up-1.bdpkg"]))
        plan["whole-down"] = ("whole school 下发 (加入), empty PC", fresh(None),
                              joined(whole["whole-setup.bdsetup"], whole_down))
    for key in args.only or ["up", "again", "down", "same"]:
        label, prepare, work = plan[key]
        timed(label, prepare, work, args.runs, args.profile)


if __name__ == "__main__":
    main()
