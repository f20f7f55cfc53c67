"""One window per database (issue 8): a second start brings the first window forward, or says who
has the file; a lock left by a crashed process is taken over."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from branchdesk.ui.single_instance import InstanceGuard

SECOND_START = r"""
import sys
from pathlib import Path
from PySide6.QtCore import QCoreApplication
from branchdesk.ui.single_instance import InstanceGuard
app = QCoreApplication([])
guard = InstanceGuard(Path(sys.argv[1]))
print("locked" if not guard.acquire() else "free", flush=True)
print("shown" if guard.ask_holder_to_show() else "no answer", flush=True)
print(guard.holder_text(), flush=True)
"""


def _second_start(path: Path) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-c", SECOND_START, str(path)], stdout=subprocess.PIPE,
                            text=True, encoding="utf-8")


def test_second_start_brings_the_first_window_forward(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "支部 台账.sqlite"
    first = InstanceGuard(path)
    assert first.acquire()
    try:
        with qtbot.waitSignal(first.show_requested, timeout=20_000):
            second = _second_start(path)
        out, _ = second.communicate(timeout=20)
        lines = out.splitlines()
        assert lines[0] == "locked" and lines[1] == "shown"
        assert "进程号" in lines[2]
    finally:
        first.release()


def test_holder_that_does_not_answer_is_named(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "台账.sqlite"
    first = InstanceGuard(path)
    assert first.acquire()
    assert first.server is not None
    first.server.close()  # e.g. the holder is busy on another PC: nobody answers
    try:
        out, _ = _second_start(path).communicate(timeout=30)
        lines = out.splitlines()
        assert lines[:2] == ["locked", "no answer"] and "进程号" in lines[2]
    finally:
        first.release()


def test_stale_lock_of_a_crashed_process_is_taken_over(tmp_path: Path) -> None:
    path = tmp_path / "台账.sqlite"
    crashed = subprocess.run(
        [sys.executable, "-c",
         "import sys,os\nfrom PySide6.QtCore import QLockFile\nl=QLockFile(sys.argv[1]+'.lock')\n"
         "assert l.tryLock(100)\nos._exit(0)", str(path)], timeout=30)
    assert crashed.returncode == 0 and Path(str(path) + ".lock").exists()  # left behind
    guard = InstanceGuard(path)
    assert guard.acquire()
    guard.release()


def test_run_app_on_a_database_held_elsewhere_names_the_holder(qtbot, tmp_path: Path, message_boxes) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.app import run_app

    path = tmp_path / "台账.sqlite"
    holder = InstanceGuard(path)
    assert holder.acquire()
    assert holder.server is not None
    holder.server.close()  # it cannot answer, so the second start must say who has the file
    try:
        assert run_app(str(path)) == 2
    finally:
        holder.release()
    said = message_boxes.kinds
    assert said and said[0].startswith("warning:") and "进程号" in said[0] and not path.exists()  # nothing was opened or created
