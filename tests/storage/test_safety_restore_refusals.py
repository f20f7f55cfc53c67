"""Issue 21 item 2: a restore takes only a BranchDesk database and says what any other file is; a
refused import spends no backup; pinned backups and the fullest backup survive the rotation."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import openpyxl
import pytest

from branchdesk.cli.main import main
from branchdesk.db import backup_info, backup_rotation, safe_copy
from branchdesk.db.migrate import open_database
from branchdesk.paths import backup_folder
from branchdesk.services.storage.backups import (
    BackupFailed,
    OtherDatabaseFailed,
    backup_encrypted,
    restore_backup,
)
from tests.safety_helpers import add_branch, add_member, count


@pytest.fixture
def filled(db, db_path: Path) -> Path:  # type: ignore[no-untyped-def]
    branch = add_branch(db)
    for i in range(5):
        add_member(db, branch, i)
    db.close()
    return db_path


def _firefox_history(path: Path) -> Path:
    connection = sqlite3.connect(path)
    connection.executescript(
        "CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT, title TEXT);"
        "CREATE TABLE moz_historyvisits (id INTEGER PRIMARY KEY, place_id INTEGER, visit_date INTEGER);"
        "CREATE TABLE moz_bookmarks (id INTEGER PRIMARY KEY, fk INTEGER, title TEXT);"
        "CREATE TABLE moz_origins (id INTEGER PRIMARY KEY, host TEXT);"
        "INSERT INTO moz_places (url, title) VALUES ('https://www.12371.cn/', '共产党员网');")
    connection.commit()
    connection.close()
    return path


def _empty_sqlite(path: Path) -> Path:
    connection = sqlite3.connect(path)
    connection.executescript("CREATE TABLE t (x); DROP TABLE t;")  # a header and no tables
    connection.close()
    assert path.read_bytes().startswith(b"SQLite format 3\x00")
    return path


def _text_file(path: Path) -> Path:
    path.write_text("姓名,公民身份号码\n", encoding="utf-8")
    return path


def _newer(filled: Path, path: Path) -> Path:
    shutil.copyfile(filled, path)
    connection = sqlite3.connect(path)
    connection.execute("INSERT INTO alembic_version VALUES ('9999_from_the_future')")
    connection.commit()
    connection.close()
    return path


def _truncated(filled: Path, path: Path) -> Path:
    """A backup cut short (a copy to a USB drive pulled out too early)."""
    path.write_bytes(filled.read_bytes()[:100_000])
    return path


@pytest.mark.parametrize(("make", "words"), [
    (_firefox_history, ["另一个程序的数据库", "moz_bookmarks"]),
    ("truncated", ["不可用（文件已损坏", "技术信息"]),  # Chinese first; SQLite's English only as the detail
    (_empty_sqlite, ["空的数据库文件", "没有任何数据表"]),
    (lambda p: _text_file(p), ["不是数据库文件"]),
])
def test_restore_of_another_file_is_refused_and_named(filled: Path, tmp_path: Path, capsys,  # type: ignore[no-untyped-def]
                                                      make, words) -> None:
    before = filled.read_bytes()
    other = _truncated(filled, tmp_path / "别的 文件.sqlite") if make == "truncated" else make(tmp_path / "别的 文件.sqlite")
    assert main(["restore", str(other), "--db", str(filled)]) == 4
    out = capsys.readouterr().out
    assert all(w in out for w in words), out
    assert "已从备份恢复" not in out and "数据库没有改动" in out
    assert filled.read_bytes() == before and count(filled) == 5
    assert not backup_folder().exists() or not list(backup_folder().glob("*before-restore*"))


def test_restore_of_a_newer_branchdesk_database_is_refused(filled: Path, tmp_path: Path) -> None:
    newer = _newer(filled, tmp_path / "新版本.sqlite")
    with pytest.raises(BackupFailed, match="更新版本的 BranchDesk"):
        restore_backup(filled, newer)
    assert count(filled) == 5


def test_sealed_package_of_another_programs_database_is_refused(filled: Path, tmp_path: Path) -> None:
    firefox = _firefox_history(tmp_path / "places.sqlite")
    package = tmp_path / "U盘" / "看似备份.bdsealed"
    backup_encrypted(firefox, package, "包的密码12345")
    with pytest.raises(BackupFailed, match="另一个程序的数据库"):
        restore_backup(filled, package, password="包的密码12345")
    assert count(filled) == 5
    assert not [p for p in filled.parent.iterdir() if "unsealed" in p.name or p.name.endswith(".partial")]


def test_an_empty_branchdesk_database_is_still_a_branchdesk_backup(filled: Path, tmp_path: Path) -> None:
    empty = tmp_path / "空台账.sqlite"
    open_database(empty).close()
    # another database (its own number, db/database_id.py), though it holds no history: asked about first
    with pytest.raises(OtherDatabaseFailed, match="不是当前数据库的备份"):
        restore_backup(filled, empty)
    assert count(filled) == 5
    outcome = restore_backup(filled, empty, other_database=True)
    assert count(filled) == 0 and outcome.safety_backup is not None and outcome.safety_backup.members == 5
    assert "没有任何记录" in outcome.to_text() and "保留 90 天" in outcome.to_text()


def _bad_roster(path: Path) -> Path:
    workbook = openpyxl.Workbook()
    workbook.active.append(["姓名", "公民身份号码", "所在党支部", "人员类别", "入党日期"])
    workbook.active.append(["王喆", "110105194912310021", "一支部", "正式党员", "2001-07-01"])  # bad check digit
    workbook.save(path)
    return path


def _good_roster(path: Path) -> Path:
    workbook = openpyxl.Workbook()
    workbook.active.append(["姓名", "公民身份号码", "所在党支部", "人员类别", "入党日期"])
    workbook.active.append(["李红", "11010519491231002X", "第一党支部", "正式党员", "2001-07-01"])
    workbook.save(path)
    return path


def test_ten_refused_imports_after_a_restore_leave_the_before_restore_backup(filled: Path, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                                              capsys) -> None:
    older = tmp_path / "旧备份.sqlite"
    safe_copy.copy_database(filled, older)
    db = open_database(filled)
    add_member(db, add_branch(db, "第二党支部"), 77)
    db.close()
    assert main(["restore", str(older), "--db", str(filled)]) == 0
    pinned = [p for p, _, reason in backup_info.backup_files(backup_folder(), filled.stem) if reason == "before-restore"]
    assert len(pinned) == 1 and count(pinned[0]) == 6
    bad = _bad_roster(tmp_path / "错误的花名册.xlsx")
    before = {p.name for p in backup_folder().iterdir()}
    for _ in range(10):
        assert main(["import", "roster", str(bad), "--db", str(filled)]) == 1
    assert {p.name for p in backup_folder().iterdir()} == before  # no backup for a refused import
    assert pinned[0].exists()
    capsys.readouterr()
    assert main(["import", "roster", str(_good_roster(tmp_path / "花名册.xlsx")), "--db", str(filled)]) == 0
    made = [p for p, _, reason in backup_info.backup_files(backup_folder(), filled.stem) if reason == "before-import"]
    assert len(made) == 1 and count(made[0]) == 5 and count(filled) == 6  # taken just before it wrote


def _fake_backup(folder: Path, when: datetime, reason: str, members: int) -> Path:
    path = folder / backup_info.backup_name(Path("台账.sqlite"), reason, when)
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE members (id INTEGER PRIMARY KEY)")
    connection.executemany("INSERT INTO members VALUES (?)", [(i,) for i in range(members)])
    connection.commit()
    connection.close()
    return path


def test_rotation_keeps_pinned_backups_and_the_fullest_one(tmp_path: Path) -> None:
    now = datetime.now()
    full = _fake_backup(tmp_path, now - timedelta(days=120), "daily", 86)
    pin_time = (now - timedelta(days=100)).replace(hour=9)
    old_pin = _fake_backup(tmp_path, pin_time, "before-restore", 3)
    _fake_backup(tmp_path, pin_time + timedelta(hours=1), "daily", 3)  # same day: the rotation keeps this one
    young_pin = _fake_backup(tmp_path, now - timedelta(days=60), "before-migration", 2)
    for i in range(40):  # many newer, emptier ones: daily and failed-import backups
        _fake_backup(tmp_path, now - timedelta(days=40) + timedelta(hours=i * 12), "daily" if i % 2 else "before-import", 0)
    removed = backup_rotation.rotate_backups(tmp_path, "台账")
    assert full.exists() and young_pin.exists()  # the fullest, and a pin younger than 90 days
    assert not old_pin.exists() and old_pin in removed  # an older pin goes back into the rotation
    assert backup_rotation.fullest_backup(backup_info.backup_files(tmp_path, "台账")) == full


def test_pinned_reasons_and_labels() -> None:
    assert backup_rotation.PINNED == {"before-restore", "before-migration", "before-encryption"} and backup_rotation.PIN_DAYS == 90
    assert backup_info.REASONS["before-encryption"] == "更改加密设置前"


def test_opening_another_programs_database_leaves_it_alone(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    firefox = _firefox_history(tmp_path / "places.sqlite")
    before = firefox.read_bytes()
    assert main(["check", "--db", str(firefox)]) == 3
    assert "另一个程序的数据库" in capsys.readouterr().out
    assert firefox.read_bytes() == before
