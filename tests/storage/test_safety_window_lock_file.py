"""Commands that replace the database file refuse while a BranchDesk window holds it (issue 8): a
window under the idle lock has no connection open, so only its lock file tells."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from branchdesk.db import window_lock_file

HOLD = r"""
import sys, time
from PySide6.QtCore import QLockFile
lock = QLockFile(sys.argv[1] + ".lock")
assert lock.tryLock(100)
print("held", flush=True)
time.sleep(60)
"""


@pytest.fixture
def held(tmp_path: Path):  # type: ignore[no-untyped-def]
    database = tmp_path / "支部 台账.sqlite"
    process = subprocess.Popen([sys.executable, "-c", HOLD, str(database)], stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None and process.stdout.readline().strip() == "held"
    yield database, process
    process.kill()
    process.wait(10)


def test_a_live_window_is_named_and_a_crashed_one_is_stale(held) -> None:  # type: ignore[no-untyped-def]
    database, process = held
    text = window_lock_file.holder(database)
    assert text is not None and f"进程号 {process.pid}" in text
    process.kill()
    process.wait(10)
    assert window_lock_file.lock_file(database).exists()  # left behind by the killed process
    assert window_lock_file.holder(database) is None


def test_restore_and_encryption_refuse_while_a_window_holds_the_file(held, tmp_path: Path, capsys,  # type: ignore[no-untyped-def]
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from branchdesk.cli.main import main
    from branchdesk.db.safe_copy import copy_database
    from branchdesk.services import session

    database, _ = held
    session.open(database).close()
    backup = tmp_path / "备份.sqlite"
    copy_database(database, backup)
    before = database.read_bytes()
    assert main(["restore", "--db", str(database), str(backup)]) == 4
    assert "请先关闭那个窗口" in capsys.readouterr().out
    monkeypatch.setenv("BRANCHDESK_NEW_PASSWORD", "一个新的密码123")
    assert main(["encryption", "enable", "--db", str(database)]) == 6
    assert "请先关闭那个窗口" in capsys.readouterr().out
    assert database.read_bytes() == before
