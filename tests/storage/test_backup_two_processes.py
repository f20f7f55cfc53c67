"""Two processes backing up one database at once (trial R, TR-6): one's rotation removed the other's
half-written backup, which then failed with "disk I/O error" (or "U 盘是否已拔出？") — an import
behind it refused. A backup in progress is marked in the backup folder (db/leftovers.backing_up);
the sweep of half-written files leaves them alone while another's mark is there, and removes them
as before once its process has ended."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from branchdesk.db import backup, backup_info, leftovers
from tests.safety_helpers import add_branch, add_member


def _partial(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    partial = folder / (backup_info.backup_name(Path("db.sqlite"), "before-import") + ".partial")
    partial.write_bytes(b"half written")
    partial.with_name(partial.name + "-journal").write_bytes(b"journal")
    return partial


def _mark(folder: Path, stem: str, pid: int) -> Path:
    mark = folder / f".{stem}{leftovers.BUSY}{leftovers._host()}-{pid}-abcd1234"
    mark.touch()
    return mark


def test_the_half_written_backup_of_a_running_process_is_left_alone(tmp_path: Path) -> None:
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        partial = _partial(tmp_path)
        mark = _mark(tmp_path, "db", sleeper.pid)
        assert leftovers.sweep_backups(tmp_path, "db") == []
        assert partial.exists() and mark.exists()
    finally:
        sleeper.kill()
        sleeper.wait()
    removed = leftovers.sweep_backups(tmp_path, "db")  # its process ended: a leftover now
    assert partial in removed and not partial.exists() and not mark.exists()


def test_a_backup_is_marked_while_it_is_written(db, db_path: Path, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """While this backup is written, another process's backup sweeps the folder (its rotation):
    this backup's half-written file stays, and the backup succeeds."""
    add_member(db, add_branch(db), 1)
    db.close()
    folder = tmp_path / "备份"
    real = backup.copy_database

    def copy_while_another_sweeps(source: Path, target: Path) -> Path:
        partial = target.with_name(target.name + ".partial")
        partial.write_bytes(b"being written")
        leftovers.sweep_backups(folder, db_path.stem)  # as the other process's rotation does
        assert partial.exists(), "the other process removed this backup's half-written file"
        partial.unlink()
        return real(source, target)

    monkeypatch.setattr(backup, "copy_database", copy_while_another_sweeps)
    folder.mkdir()
    info = backup.make_backup(db_path, "before-import", folder)
    assert info.path.is_file()
    assert not [p for p in folder.iterdir() if p.name.startswith(".")]  # the mark goes with the backup


def test_another_pc_whose_name_is_chinese_too_is_not_taken_for_this_one(tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """A shared USB drive used by 党委电脑 and 支部电脑: the mark of a backup the other PC is writing is
    not read as this PC's (both names used to become "____"), so its process is not looked for here —
    where it does not run — and its half-written backup is left alone while the mark is young."""
    import socket

    partial = _partial(tmp_path)
    monkeypatch.setattr(socket, "gethostname", lambda: "党委电脑")
    with leftovers.backing_up(tmp_path, "db") as mark:
        assert mark is not None
        mark.rename(mark.with_name(mark.name.rsplit("-", 2)[0] + "-4194000-abcd1234"))  # a pid not running here
        monkeypatch.setattr(socket, "gethostname", lambda: "支部电脑")
        assert leftovers.sweep_backups(tmp_path, "db") == []
        assert partial.exists()
