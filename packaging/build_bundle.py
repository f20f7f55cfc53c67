"""Build the one-folder bundle with PyInstaller (Linux or Windows), then prove it works and measure it.

    python packaging/build_bundle.py              # build into build/bundle/dist/BranchDesk, then test
    python packaging/build_bundle.py --skip-build # test the bundle built last time

On Windows packaging/build_windows.ps1 runs this and then Inno Setup.
The test runs the *bundled* program only (never the source tree): `--version` must print the package
version; `demo --db` must create and migrate a database (Alembic's files come from the bundle); the
window must open offscreen on it and quit by itself with exit code 0 (BRANCHDESK_QUIT_AFTER_SHOW, see
branchdesk/ui/startup_check.py), timed over a few runs; and with a `portable.txt` beside the program
the data must land in `BranchDesk-data/` beside it, not in the user's profile; an encrypted database
must open with its password and say 密码错误 to a wrong one. Exit code 0 when all
of that holds; the last line is a one-line result for the README.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "packaging" / "branchdesk.spec"
OUT = ROOT / "build" / "bundle"
APP_NAME = "BranchDesk"
# On Windows the console twin runs the test: the window program has no stdout to report on.
EXE = "branchdesk-cli.exe" if sys.platform == "win32" else "branchdesk"


class SmokeTestFailed(Exception):
    pass


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def compressed_size(folder: Path, work: Path) -> int:
    """What a download or a USB copy as an archive weighs (tar.gz, roughly what an installer compresses to)."""
    archive = work / "bundle.tar.gz"
    with tarfile.open(archive, "w:gz", compresslevel=6) as tar:
        tar.add(folder, arcname=folder.name)
    return archive.stat().st_size


def build(out: Path) -> float:
    started = time.monotonic()
    # The spec bundles the metadata of what the *installed* branchdesk requires: refresh it first.
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "-e", str(ROOT)], check=True)
    subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
         "--distpath", str(out / "dist"), "--workpath", str(out / "work"), str(SPEC)],
        cwd=ROOT, check=True,
    )
    return time.monotonic() - started


def clean_env(work: Path) -> dict[str, str]:
    """No BRANCHDESK_HOME and a throw-away profile, so only the bundle decides where data goes."""
    env = {k: v for k, v in os.environ.items() if k not in {"BRANCHDESK_HOME", "PYTHONPATH"}}
    env.update(QT_QPA_PLATFORM="offscreen", QT_LOGGING_RULES="qt.qpa.*=false", HOME=str(work / "home"),
               XDG_DATA_HOME=str(work / "home" / "data"), XDG_CONFIG_HOME=str(work / "home" / "config"),
               APPDATA=str(work / "home" / "data"))
    (work / "home").mkdir(exist_ok=True)
    return env


def run(exe: Path, args: list[str], env: dict[str, str], *, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([str(exe), *args], env=env, capture_output=True, text=True, timeout=timeout)
    if result.returncode != 0:
        raise SmokeTestFailed(f"{exe.name} {' '.join(args)} → exit {result.returncode}\n{result.stdout}\n{result.stderr}")
    return result


def start_window(exe: Path, db: Path | None, env: dict[str, str]) -> float:
    started = time.monotonic()
    result = run(exe, ["--db", str(db)] if db else [], {**env, "BRANCHDESK_QUIT_AFTER_SHOW": "1"}, timeout=120)
    elapsed = time.monotonic() - started
    if "BranchDesk window shown" not in result.stdout:
        raise SmokeTestFailed(f"the window did not report that it was shown:\n{result.stdout}\n{result.stderr}")
    return elapsed


def encrypted_check(exe: Path, work: Path, env: dict[str, str]) -> None:
    """SQLCipher and the key derivation are in the bundle: encrypt a database, read it with the
    password, and hear 密码错误 (exit 6) with a wrong one (issue 8)."""
    secret = work / "加密 数据库.sqlite"
    run(exe, ["demo", "--db", str(secret), "--as-of", "2026-11-20"], env)
    run(exe, ["encryption", "enable", "--db", str(secret)], {**env, "BRANCHDESK_NEW_PASSWORD": "打包测试密码123"})
    with secret.open("rb") as handle:
        if handle.read(16) == b"SQLite format 3\x00":
            raise SmokeTestFailed("encryption enable left the database unencrypted")
    run(exe, ["check", "--db", str(secret)], {**env, "BRANCHDESK_PASSWORD": "打包测试密码123"})
    wrong = subprocess.run([str(exe), "check", "--db", str(secret)], env={**env, "BRANCHDESK_PASSWORD": "wrong-password"},
                           capture_output=True, text=True, timeout=120)
    if wrong.returncode != 6 or "密码错误" not in wrong.stdout:
        raise SmokeTestFailed(f"a wrong password gave exit {wrong.returncode}: {wrong.stdout}{wrong.stderr}")


def smoke_test(bundle: Path, work: Path, runs: int) -> dict[str, object]:
    from branchdesk import __version__

    exe = bundle / EXE
    env = clean_env(work)
    version = run(exe, ["--version"], env).stdout.strip()
    if not version.endswith(__version__):
        raise SmokeTestFailed(f"the bundle says {version!r}, the package is {__version__}")
    demo = work / "演示 数据库.sqlite"
    run(exe, ["demo", "--db", str(demo), "--as-of", "2026-11-20"], env)
    checked = run(exe, ["check", "--year", "2026", "--as-of", "2026-11-20", "--db", str(demo)], env).stdout
    start_window(exe, demo, env)  # first start: cold caches, not counted
    times = [start_window(exe, demo, env) for _ in range(runs)]
    encrypted_check(exe, work, env)

    marker = bundle / "portable.txt"
    portable_data = bundle / "BranchDesk-data"
    profile_db = work / "home" / "data" / APP_NAME / APP_NAME / "branchdesk.sqlite"
    try:
        marker.write_text("BranchDesk 便携模式：数据保存在本文件夹的 BranchDesk-data 中。\n", encoding="utf-8")
        run(exe, ["demo", "--as-of", "2026-11-20"], env)
        start_window(exe, None, env)
        if not (portable_data / "branchdesk.sqlite").is_file():
            raise SmokeTestFailed("portable mode: no database in BranchDesk-data beside the program")
        if profile_db.exists():
            raise SmokeTestFailed("portable mode: the database went into the user's profile")
    finally:
        marker.unlink(missing_ok=True)
        shutil.rmtree(portable_data, ignore_errors=True)
    run(exe, ["demo", "--as-of", "2026-11-20"], env)  # without the marker: the profile again
    if not profile_db.is_file():
        raise SmokeTestFailed("installed mode: the database is not in the user's profile")
    return {"version": version, "start_times": times, "check_lines": checked.count("\n")}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT, help="build folder (default build/bundle)")
    parser.add_argument("--skip-build", action="store_true", help="test the bundle built last time")
    parser.add_argument("--runs", type=int, default=3, help="timed window starts (after one warm-up)")
    args = parser.parse_args(argv)
    build_time = None if args.skip_build else build(args.out)
    bundle = args.out / "dist" / APP_NAME
    if not (bundle / EXE).exists():
        print(f"no bundle at {bundle}; build it first", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="branchdesk-smoke-") as tmp:
        work = Path(tmp)
        try:
            result = smoke_test(bundle, work, args.runs)
        except SmokeTestFailed as exc:
            print(f"SMOKE TEST FAILED: {exc}", file=sys.stderr)
            return 1
        packed = compressed_size(bundle, work)
    size = folder_size(bundle)
    times = result["start_times"]
    assert isinstance(times, list)
    built = f"build {build_time:.0f} s, " if build_time is not None else ""
    load = f"{os.getloadavg()[0]:.1f}" if hasattr(os, "getloadavg") else "n/a"
    system = "Windows" if sys.platform == "win32" else "Linux"
    print(f"{result['version']} ({system} x86-64, Python {sys.version.split()[0]}): {built}bundle "
          f"{size / 2**20:.0f} MB ({packed / 2**20:.0f} MB as tar.gz), window shown and closed in "
          f"{statistics.median(times):.1f} s (median of {len(times)}; min {min(times):.1f} s, "
          f"load average {load}); demo, check, encryption and portable mode OK")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(main())
