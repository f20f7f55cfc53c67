"""Speed near the bare libraries (issue 18), run by hand:

    python benchmarks/bench_speed.py [TARGET …] [--runs N] [--rebuild]

TARGET is any of window, cli, workbook, pdf, import, filter, open (default: all of them). Each target
runs the same work done with the bare libraries (the floor) and BranchDesk ALTERNATELY, floor then
BranchDesk, --runs times after one warm-up of each, and prints the medians and their ratio beside the
target ratio. "Whole process" means a fresh `python` for every run, timed from before it starts to
its end (or, for the window, to the first paint of the main window).

  window    `branchdesk --db F` on a 10,000-member database to the main window's first paint, vs a bare
            PySide6 QMainWindow of the same size (offscreen platform); also the time until 首页 has its
            figures (not a target: they fill in after the first paint)                    target ≤ 3×
  cli       `branchdesk --version` and `branchdesk --help` vs `python -c "import argparse"` ≤ 3×
  workbook  `branchdesk report annual --format xlsx` (whole command) vs openpyxl write_only writing the
            same sheets and cell values, whole process; demo school and district         target ≤ 2×
  pdf       `branchdesk report annual --format pdf` (whole command) vs reportlab writing the same pages
            (each page's text as a table, the same two CJK fonts), whole process         target ≤ 2.5×
  import    roster import of 10,000 rows into an empty database, in process (validation, the change
            history and the before-import backup included) vs python-calamine reading the workbook +
            sqlite3 executemany into one table (WAL, synchronous=FULL)                   target ≤ 3×
  filter    a search typed into a 10,000-row list (组织与党员), the proxy re-filtering, vs a
            QSortFilterProxyModel over a QStandardItemModel of the same texts             target < 100 ms
  open      opening the 10,000-member database (services.session.open), in process, vs sqlite3
            reading its version table (no target ratio: the figure shows what opening costs)

The data sets are built once into benchmarks/out/speed/ (git-ignored; --rebuild makes them again):
the demo school (`branchdesk demo`), the district (50 branches, 2,500 members, 10 years of meetings;
benchmarks/bench_reports.py builds it), a 10,000-row roster workbook and a database holding it.

Child processes run with BRANCHDESK_HOME in that folder, QT_QPA_PLATFORM=offscreen, and compiled
bytecode kept (PYTHONPYCACHEPREFIX; an installed program has its .pyc files), the same for floor and
BranchDesk. The machine's load average is printed with every target: on a shared machine, compare
figures only when it was low.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out" / "speed"
HOME = OUT / "home"
os.environ["BRANCHDESK_HOME"] = str(HOME)
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path[:0] = [str(ROOT), str(HERE)]

import speed_probes as probes  # noqa: E402

DATA_VERSION = "5"  # change when the data sets' recipe changes
MEMBERS = 10_000
TARGETS = ("window", "cli", "workbook", "pdf", "import", "filter", "open")
RESULTS: list[tuple[str, str, str, str, str, str]] = []  # work, floor, BranchDesk, ratio, CPU ratio, verdict


@dataclass(frozen=True)
class Sample:
    wall: float  # seconds, from before the start to the end (the window: to its first paint)
    cpu: float  # CPU seconds the work used (user + system): steadier than wall on a shared machine


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"load {one:.2f} / {five:.2f}"


def wait_for_quiet(limit: float | None, longest: float = 600) -> None:
    """With --wait-load: wait (up to ten minutes) until the 1-minute load average is below `limit`."""
    if limit is None:
        return
    started = time.monotonic()
    while os.getloadavg()[0] >= limit and time.monotonic() - started < longest:
        time.sleep(5)


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(OUT / "pycache")
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    return env


def _children_cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def run_process(args: list[str]) -> tuple[Sample, str]:
    """Run a fresh `python …`: its Sample and its stdout."""
    cpu = _children_cpu()
    started = time.perf_counter()
    done = subprocess.run([sys.executable, *args], env=child_env(), text=True, check=False, capture_output=True)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"failed ({done.returncode}): {' '.join(args)[:200]}\n{done.stderr[-3000:]}")
    return Sample(elapsed, _children_cpu() - cpu), done.stdout


def in_process(work: Callable[[], object]) -> Sample:
    cpu, started = time.process_time(), time.perf_counter()
    work()
    return Sample(time.perf_counter() - started, time.process_time() - cpu)


def alternate(floor: Callable[[], Sample], branchdesk: Callable[[], Sample],
              runs: int) -> tuple[list[Sample], list[Sample]]:
    """One warm-up of each, then floor and BranchDesk in turn, `runs` times each."""
    floor(), branchdesk()
    floors, ours = [], []
    for _ in range(runs):
        floors.append(floor())
        ours.append(branchdesk())
    return floors, ours


def verdict(work: str, floors: list[Sample], ours: list[Sample], target: float | None, unit: str = "s") -> None:
    """Print the medians and their ratios (wall, the target's measure; and CPU); `target` None: the
    ratio is shown, the verdict is elsewhere."""
    f, b = statistics.median(x.wall for x in floors), statistics.median(x.wall for x in ours)
    fc, bc = statistics.median(x.cpu for x in floors), statistics.median(x.cpu for x in ours)
    ratio, cpu_ratio = b / f, (bc / fc if fc else float("nan"))
    ok = "" if target is None else "OK" if ratio <= target else "NOT MET"
    scale = 1000 if unit == "ms" else 1
    wanted = "" if target is None else f" (target ≤ {target:g}×)"
    print(f"  {work}: floor {f * scale:.3f} {unit}, BranchDesk {b * scale:.3f} {unit} → {ratio:.2f}×{wanted} {ok}"
          f"  [CPU {fc * scale:.3f} vs {bc * scale:.3f} {unit} → {cpu_ratio:.2f}×]")
    print(f"    runs floor {', '.join(f'{x.wall * scale:.3f}' for x in floors)}; "
          f"BranchDesk {', '.join(f'{x.wall * scale:.3f}' for x in ours)}")
    if target is not None:
        RESULTS.append((work, f"{f * scale:.3f} {unit}", f"{b * scale:.3f} {unit}", f"{ratio:.2f}× (≤ {target:g}×)",
                        f"{cpu_ratio:.2f}×", ok))


# --- data sets ---------------------------------------------------------------------------------------

def build_data(rebuild: bool) -> None:
    stamp = OUT / "data-version"
    if rebuild or not stamp.is_file() or stamp.read_text() != DATA_VERSION:
        shutil.rmtree(OUT, ignore_errors=True)
    OUT.mkdir(parents=True, exist_ok=True)
    HOME.mkdir(exist_ok=True)
    if not (OUT / "school.sqlite").is_file():
        print("building the demo school …", flush=True)
        run_process(["-m", "branchdesk", "demo", "--db", str(OUT / "school.sqlite")])
    if not (OUT / "roster-10000.xlsx").is_file():
        print("writing the 10,000-row roster workbook …", flush=True)
        from bench_roster import make_roster

        make_roster(OUT / "roster-10000.xlsx", MEMBERS)
    if not (OUT / "empty.sqlite").is_file():
        from branchdesk.services import session

        session.open(OUT / "empty.sqlite").close()
    if not (OUT / "members-10000.sqlite").is_file():
        print("importing it into members-10000.sqlite …", flush=True)
        from branchdesk.services import session
        from branchdesk.services.roster.excel import import_roster

        shutil.copy(OUT / "empty.sqlite", OUT / "members-10000.sqlite")
        db = session.open(OUT / "members-10000.sqlite")
        report = import_roster(db, OUT / "roster-10000.xlsx")
        assert report.ok and report.created == MEMBERS, report.to_text()[:500]
        db.close()
    if not (OUT / "district.sqlite").is_file():
        print("building the district (50 branches, 2,500 members, 10 years; a few minutes) …", flush=True)
        import bench_reports

        db, _ = bench_reports.build(OUT / "district.sqlite", 50, 50)
        bench_reports.add_past_years(db, 9)
        db.close()
    stamp.write_text(DATA_VERSION)


def school_year() -> int:
    return date.today().year


# --- targets -----------------------------------------------------------------------------------------

def target_window(runs: int) -> None:
    print(f"window ({load()}):", flush=True)
    database = str(OUT / "members-10000.sqlite")

    def painted(code: str, *extra: str) -> Callable[[], Sample]:
        def run() -> Sample:
            _, out = run_process(["-c", code, repr(time.time()), *extra])
            wall, cpu = out.split()[:2]
            return Sample(float(wall), float(cpu))
        return run

    floors, ours = alternate(painted(probes.WINDOW_FLOOR), painted(probes.WINDOW_PROBE, database), runs)
    verdict(f"main window shown, {MEMBERS:,} members", floors, ours, 3)
    filled = []
    for _ in range(min(runs, 3)):
        _, out = run_process(["-c", probes.WINDOW_PROBE, repr(time.time()), database, "home"])
        filled.append(float(out.split()[-1]))
    print(f"    首页 figures filled in: median {statistics.median(filled):.3f} s (after the first paint; no target)")


def target_cli(runs: int) -> None:
    print(f"cli ({load()}):", flush=True)
    for flag in ("--version", "--help"):
        floors, ours = alternate(lambda: run_process(["-c", probes.CLI_FLOOR])[0],
                                 lambda flag=flag: run_process(["-m", "branchdesk", flag])[0], runs)
        verdict(f"branchdesk {flag}", floors, ours, 3)


def _report_command(database: Path, year: int, fmt: str, out: Path) -> list[str]:
    return ["-m", "branchdesk", "report", "annual", "--year", str(year), "--format", fmt, "--out", str(out),
            "--db", str(database)]


def _workbook_cells(path: Path) -> tuple[list[tuple[str, list[list[object]]]], int]:
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True)
    sheets, cells = [], 0
    for sheet in workbook.worksheets:
        rows = []
        for row in sheet.iter_rows(values_only=True):
            values = list(row)
            while values and values[-1] is None:
                values.pop()
            cells += sum(v is not None for v in values)
            rows.append(values)
        sheets.append((sheet.title, rows))
    workbook.close()
    return sheets, cells


def _pdf_pages(path: Path) -> list[list[list[str]]]:
    """Each page's text lines, split into cells at runs of spaces (pdftotext -layout)."""
    import re

    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    pages = text.split("\f")
    if pages and not pages[-1].strip():
        pages.pop()
    return [[re.split(r"\s{2,}", line.strip()) for line in page.splitlines() if line.strip()] for page in pages]


def _page_count(path: Path) -> int:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in out.splitlines() if line.startswith("Pages:")))


def _data_sets() -> list[tuple[str, Path, int]]:
    return [("demo school", OUT / "school.sqlite", school_year()), ("district", OUT / "district.sqlite", 2026)]


def target_workbook(runs: int) -> None:
    print(f"workbook ({load()}):", flush=True)
    for name, database, year in _data_sets():
        ours_out, floor_out = OUT / f"{database.stem}.xlsx", OUT / f"{database.stem}-floor.xlsx"
        run_process(_report_command(database, year, "xlsx", ours_out))
        sheets, cells = _workbook_cells(ours_out)
        cells_file = OUT / f"{database.stem}-cells.pickle"
        cells_file.write_bytes(pickle.dumps(sheets))
        floors, ours = alternate(
            lambda cells_file=cells_file, floor_out=floor_out: run_process(
                ["-c", probes.WORKBOOK_FLOOR, str(cells_file), str(floor_out)])[0],
            lambda database=database, year=year, ours_out=ours_out: run_process(
                _report_command(database, year, "xlsx", ours_out))[0], runs)
        verdict(f"annual workbook, {name} ({len(sheets)} sheets, {cells:,} cells)", floors, ours, 2)


def target_pdf(runs: int) -> None:
    print(f"pdf ({load()}):", flush=True)
    from branchdesk.paths import cjk_font_file, resources_folder

    fonts = [str(cjk_font_file()), str(resources_folder() / "fonts" / "uming.ttc")]
    for name, database, year in _data_sets():
        ours_out, floor_out = OUT / f"{database.stem}.pdf", OUT / f"{database.stem}-floor.pdf"
        run_process(_report_command(database, year, "pdf", ours_out))
        pages_file = OUT / f"{database.stem}-pages.json"
        pages_file.write_text(json.dumps(_pdf_pages(ours_out), ensure_ascii=False), encoding="utf-8")
        floors, ours = alternate(
            lambda pages_file=pages_file, floor_out=floor_out: run_process(
                ["-c", probes.PDF_FLOOR, str(pages_file), str(floor_out), *fonts])[0],
            lambda database=database, year=year, ours_out=ours_out: run_process(
                _report_command(database, year, "pdf", ours_out))[0], runs)
        verdict(f"annual PDF, {name} ({_page_count(ours_out)} pages; floor {_page_count(floor_out)} pages)",
                floors, ours, 2.5)


def target_import(runs: int) -> None:
    print(f"import ({load()}):", flush=True)
    from python_calamine import CalamineWorkbook

    from branchdesk.services import session
    from branchdesk.services.roster.excel import import_roster
    from branchdesk.services.storage.backups import backup_before_writing

    workbook = OUT / "roster-10000.xlsx"
    scratch = OUT / "import"
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir()
    # the before-import backups of earlier runs would pile up in the benchmark's own data folder (each
    # backup lists the folder and rotates its file's backups): every run of the script starts from none,
    # as a school's folder holds a few dozen
    shutil.rmtree(HOME / "backups", ignore_errors=True)
    count = [0]

    def floor() -> Sample:
        count[0] += 1
        target = scratch / f"floor-{count[0]}.sqlite"

        def work() -> None:
            rows = CalamineWorkbook.from_path(str(workbook)).get_sheet_by_index(0).to_python()
            connection = sqlite3.connect(target)
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=FULL")
            width = len(rows[1])
            connection.execute(f"CREATE TABLE member ({', '.join(f'c{i}' for i in range(width))})")
            with warnings.catch_warnings(), connection:
                warnings.simplefilter("ignore", DeprecationWarning)  # sqlite3's default date adapter
                connection.executemany(f"INSERT INTO member VALUES ({', '.join('?' * width)})",
                                       [row + [None] * (width - len(row)) for row in rows[2:]])
            connection.close()

        return in_process(work)

    def ours() -> Sample:
        count[0] += 1
        target = scratch / f"ours-{count[0]}.sqlite"
        shutil.copy(OUT / "empty.sqlite", target)
        fresh = scratch / f"花名册-{count[0]}.xlsx"  # a file not seen before: its checks are not remembered
        shutil.copy(workbook, fresh)
        db = session.open(target)
        reports = []

        def work() -> None:
            with backup_before_writing(db):  # as the window and `branchdesk import` do
                reports.append(import_roster(db, fresh))

        try:
            sample = in_process(work)
        finally:
            db.close()
        assert reports[0].ok and reports[0].created == MEMBERS, reports[0].to_text()[:500]
        return sample

    floors, mine = alternate(floor, ours, runs)
    verdict(f"roster import, {MEMBERS:,} rows (in process)", floors, mine, 3)
    shutil.rmtree(scratch, ignore_errors=True)


def target_filter(runs: int) -> None:
    print(f"filter ({load()}):", flush=True)
    from PySide6.QtCore import QSortFilterProxyModel
    from PySide6.QtGui import QStandardItem, QStandardItemModel
    from PySide6.QtWidgets import QApplication

    from branchdesk.services import session
    from branchdesk.ui.context import AppContext
    from branchdesk.ui.roster.roster_page import RosterPage

    app = QApplication.instance() or QApplication([])
    db = session.open(OUT / "members-10000.sqlite")
    page = RosterPage(AppContext(db))
    page.resize(1280, 760)
    page.show()
    page.refresh()
    app.processEvents()
    assert page.model.rowCount() == MEMBERS
    texts = [[page.model.index(r, c).data() for c in range(page.model.columnCount())] for r in range(MEMBERS)]
    bare = QStandardItemModel()
    for row in texts:
        bare.appendRow([QStandardItem(t) for t in row])
    bare_proxy = QSortFilterProxyModel()
    bare_proxy.setSourceModel(bare)
    bare_proxy.setFilterKeyColumn(-1)
    needles = ["王", "王芳", "1390000", "张", ""]

    def timed(apply: Callable[[str], None]) -> Callable[[], Sample]:
        state = [0]

        def run() -> Sample:
            needle = needles[state[0] % len(needles)]
            state[0] += 1
            return in_process(lambda: (apply(needle), app.processEvents()))
        return run

    floors, ours = alternate(timed(bare_proxy.setFilterFixedString), timed(page.search.setText), runs * 2)
    verdict(f"filter a {MEMBERS:,}-row list (组织与党员 search)", floors, ours, None, unit="ms")
    typical, worst = statistics.median(x.wall for x in ours), max(x.wall for x in ours)
    met = "OK" if typical < 0.1 else "NOT MET"
    print(f"    BranchDesk filter: median {typical * 1000:.1f} ms (target < 100 ms: {met}), slowest {worst * 1000:.1f} ms "
          f"(the bare proxy's slowest {max(x.wall for x in floors) * 1000:.1f} ms: a busy machine's pauses)")
    RESULTS.append((f"filter a {MEMBERS:,}-row list (median of {len(ours)}; slowest {worst * 1000:.0f} ms)",
                    f"{statistics.median(x.wall for x in floors) * 1000:.1f} ms", f"{typical * 1000:.1f} ms",
                    "(< 100 ms)", "", met))
    sorts = []
    for column in (6, 0, 9, 6):
        sorts.append(in_process(lambda column=column: (page.table.sortByColumn(
            column, page.table.horizontalHeader().sortIndicatorOrder()), app.processEvents())).wall)
    print(f"    a click on a header sorts the {MEMBERS:,} rows in: {', '.join(f'{x * 1000:.0f}' for x in sorts)} ms")
    page.close()
    db.close()


def target_open(runs: int) -> None:
    print(f"open ({load()}):", flush=True)
    from branchdesk.services import session

    database = OUT / "members-10000.sqlite"

    def bare() -> None:
        connection = sqlite3.connect(database)
        connection.execute("SELECT version_num FROM alembic_version").fetchall()
        connection.close()

    for database in (OUT / "members-10000.sqlite", OUT / "district.sqlite"):
        floors, mine = alternate(lambda: in_process(bare),
                                 lambda database=database: in_process(lambda: session.open(database).close()), runs)
        print(f"  open {database.name} ({database.stat().st_size / 2**20:.0f} MB) in process: sqlite3 reading the "
              f"version table {statistics.median(x.wall for x in floors) * 1000:.1f} ms, BranchDesk "
              f"{statistics.median(x.wall for x in mine) * 1000:.1f} ms (checked, version table, leftovers, "
              f"backup due?, anchor at close)")
    whole = [run_process(["-c", "import sys; from branchdesk.services import session; session.open(sys.argv[1]).close()",
                          str(OUT / "members-10000.sqlite")])[0].wall for _ in range(3)]
    print(f"  the same in a fresh process (imports included): median {statistics.median(whole):.3f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("targets", nargs="*", metavar="TARGET", help=" ".join(TARGETS))
    parser.add_argument("--runs", type=int, default=5, help="alternating runs of each (median taken)")
    parser.add_argument("--rebuild", action="store_true", help="build the data sets again")
    parser.add_argument("--wait-load", type=float, metavar="LOAD",
                        help="before each target wait (up to ten minutes) for the 1-minute load average to fall below LOAD")
    args = parser.parse_args()
    unknown = set(args.targets) - set(TARGETS)
    if unknown:
        parser.error(f"unknown target {', '.join(sorted(unknown))} (choose from {', '.join(TARGETS)})")
    build_data(args.rebuild)
    print(f"BranchDesk speed vs bare libraries — {args.runs} alternating runs, medians; {os.cpu_count()} CPUs; "
          f"start {load()}")
    for name in args.targets or TARGETS:
        wait_for_quiet(args.wait_load)
        globals()[f"target_{name}"](args.runs)
    print(f"end {load()}")
    if RESULTS:
        print("\n| work | floor | BranchDesk | ratio (target) | CPU ratio | |\n|---|---|---|---|---|---|")
        for row in RESULTS:
            print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
