"""Trial S, TS-3 (data wrong): after a damaged file, the "最新的可用备份" offered was the 恢复前 backup
taken when she undid a mistaken import — restoring it, as told, brought the import back; the backups
could not be told apart, and `backup --list` listed nothing while the database was renamed aside.
Now a 恢复前 backup says what replaced the state it holds, the offer is the database's own last state
(the backup she restored, here) labelled by why and when it was made, and `backup --list` lists the
backups of a database moved aside."""

from __future__ import annotations

from pathlib import Path

import pytest

from branchdesk.cli.main import main
from branchdesk.db.migrate import DamagedDatabaseError, open_database
from branchdesk.db.models import Member
from branchdesk.services.storage import backups
from tests.safety_helpers import add_branch, add_member


def _damage(path: Path) -> None:
    with path.open("r+b") as handle:
        for page in range(1, path.stat().st_size // 4096):
            handle.seek(page * 4096)
            handle.write(b"\xa5" * 64)


def _phones(path: Path) -> list[str]:
    db = open_database(path)
    try:
        with db.session() as s:
            return sorted(m.phone for m in s.query(Member).all())
    finally:
        db.close()


def test_the_offer_after_damage_is_the_state_she_restored_not_the_import_she_undid(  # type: ignore[no-untyped-def]
        db, db_path: Path, capsys) -> None:
    branch = add_branch(db)
    for i in range(5):
        add_member(db, branch, i)
    with db.session() as s:
        for m in s.query(Member).all():
            m.phone = f"1380000000{m.id}"
    right = _phones_of(db)
    before_import = backups.backup_now(db, reason="before-import", note="花名册 排序错.xlsx").path
    with db.session() as s:  # the mistaken import: every phone on the wrong person
        for m in s.query(Member).all():
            m.phone = "13012227450"
    db.close()
    outcome = backups.restore_backup(db_path, before_import)  # she undoes it
    assert outcome.safety_backup is not None
    assert _phones(db_path) == right
    listed = {e.path: e.kind for e in backups.list_backups(db_path)}
    assert "随后被恢复为" in listed[outcome.safety_backup.path]  # failed before: only "恢复前"
    assert "导入前（花名册 排序错.xlsx）" in listed[outcome.safety_backup.path]

    _damage(db_path)
    with pytest.raises(DamagedDatabaseError) as caught:
        open_database(db_path)
    offered = caught.value.backups[0]
    assert offered.path == before_import  # failed before: the 恢复前 backup, holding the undone import
    assert "导入前（花名册 排序错.xlsx）" in str(caught.value)

    assert main(["backup", "--list", "--db", str(db_path)]) == 0  # failed before: 找不到数据库
    out = capsys.readouterr().out
    assert "已损坏" in out and before_import.name in out and outcome.safety_backup.path.name in out
    assert "随后被恢复为" in out

    backups.restore_backup(db_path, offered.path)
    assert _phones(db_path) == right


def _phones_of(db) -> list[str]:  # type: ignore[no-untyped-def]
    with db.session() as s:
        return sorted(m.phone for m in s.query(Member).all())
