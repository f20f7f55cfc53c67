"""A restore from a file that is not this database's backup (trial 9, T9-6): a secretary picked 青山镇's
working database from a USB drive and 大同二中's records were replaced without a word; the report
called the file "手动备份 · 已加密" of the present minute and did not say that records were lost, and the
file on the drive got -shm and -wal files beside it just by being read."""

from __future__ import annotations

from pathlib import Path

import pytest

from branchdesk.cli.main import main
from branchdesk.db.migrate import open_database
from branchdesk.services.storage import backups
from tests.safety_helpers import add_branch, add_member, count


def _other_school(folder: Path) -> Path:
    """Another school's working database, left in WAL mode as the program leaves it open."""
    path = folder / "U盘 文件" / "青山 镇.sqlite"
    path.parent.mkdir()
    other = open_database(path, auto_backup=False)
    add_member(other, add_branch(other, "青山镇学校党支部"), 900)
    other.close()
    return path


def test_another_database_is_not_restored_without_a_word(db, db_path: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    branch = add_branch(db)
    for index in range(3):
        add_member(db, branch, index)
    own = backups.backup_now(db)
    db.close()
    assert backups.restore_backup(db_path, own.path).restored.records >= 4  # its own backup: as before
    foreign = _other_school(tmp_path)
    beside = sorted(foreign.parent.iterdir())
    with pytest.raises(backups.OtherDatabaseFailed, match="不是当前数据库的备份，而是另一个数据库") as refused:
        backups.restore_backup(db_path, foreign)
    assert "在册党员 1 人" in str(refused.value) and "在册党员 3 人" in str(refused.value)
    assert count(db_path) == 3
    assert sorted(foreign.parent.iterdir()) == beside  # read without a trace: no -wal, -shm beside it
    assert main(["restore", str(foreign), "--db", str(db_path)]) != 0 and count(db_path) == 3
    outcome = backups.restore_backup(db_path, foreign, other_database=True)  # told, and still wanted
    text = outcome.to_text()
    assert count(db_path) == 1
    assert "数据库文件（不是本软件的备份）" in text and "手动备份" not in text and "已加密" not in text
    assert "与恢复前相比：党员（含已离开） -2" in text and "恢复后有些记录比恢复前少" in text  # TY-10: told per kind
