"""Databases made before databases were numbered (db/database_id.py): two schools' unnumbered files
were told apart only by path and history, so a backup of one could be offered and restored into the
other; and a database restored from a backup made before numbering stayed unnumbered."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from branchdesk.db import backup_info, database_id
from branchdesk.db.migrate import open_database
from branchdesk.services.storage import backups
from tests.safety_helpers import add_branch, add_member, count


def _unnumbered(path: Path) -> None:
    """As a database (or a backup) made before databases were numbered: 0 in its header."""
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA application_id = 0")
    connection.commit()
    connection.close()


def _older_database(path: Path, branch: str, members: int, school: str = "") -> Path:
    db = open_database(path)
    branch_id = add_branch(db, branch)
    for index in range(members):
        add_member(db, branch_id, index)
    if school:
        with db.engine.begin() as connection:
            connection.exec_driver_sql("INSERT INTO settings (key, value) VALUES ('school_name', ?)", (school,))
    db.close()
    _unnumbered(path)
    return path


def _before_the_history(backup: Path) -> None:
    """A backup made before numbering by a version that kept no change history."""
    connection = sqlite3.connect(backup)
    for (trigger,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'change_log'"
                                         ).fetchall():
        connection.execute(f'DROP TRIGGER "{trigger}"')
    connection.execute("DELETE FROM change_log")
    connection.execute("PRAGMA application_id = 0")
    connection.commit()
    connection.close()


def test_an_older_database_is_numbered_at_its_first_open_after_a_backup(tmp_path: Path) -> None:
    path = _older_database(tmp_path / "台账.sqlite", "第一党支部", 2)
    db = open_database(path)
    number = database_id.read(path)
    assert number  # numbered now
    made = [e for e in backups.list_backups(db) if e.reason == "升级数据库前"]
    assert made and backup_info.read_info(made[0].path).database_id == database_id.NONE  # the backup first
    assert count(made[0].path) == 2
    later = backups.backup_now(db, reason="before-import").path
    assert backup_info.read_info(later).database_id == number
    db.close()
    open_database(path).close()
    assert database_id.read(path) == number  # numbered once


def test_restoring_a_backup_made_before_numbering_keeps_the_databases_number(tmp_path: Path) -> None:
    path = _older_database(tmp_path / "台账.sqlite", "第一党支部", 3)
    old = backups.backup_now(path, reason="manual").path
    assert database_id.read(old) == database_id.NONE
    db = open_database(path)
    number = database_id.read(path)
    assert number
    add_member(db, add_branch(db, "第二党支部"), 50)
    db.close()
    backups.restore_backup(path, old)
    assert count(path) == 3
    assert database_id.read(path) == number  # was 0: its later backups were no longer known as its own
    db = open_database(path)
    assert backup_info.read_info(backups.backup_now(db, reason="before-import").path).database_id == number
    db.close()


def test_a_numbered_backup_of_another_database_is_asked_about_though_it_holds_no_history(tmp_path: Path) -> None:
    other = open_database(tmp_path / "U盘" / "台账.sqlite")
    empty = backups.backup_now(other, reason="before-import").path  # still empty: no change history
    other.close()
    path = tmp_path / "党委" / "台账.sqlite"
    db = open_database(path)
    add_member(db, add_branch(db), 1)
    db.close()
    with pytest.raises(backups.OtherDatabaseFailed, match="不是当前数据库的备份"):
        backups.restore_backup(path, empty)
    assert count(path) == 1


def test_an_older_backup_of_another_school_is_asked_about_before_it_is_restored(tmp_path: Path) -> None:
    """Two schools' databases made before numbering; the backup holds no history to compare: its
    names (学校, 支部) are compared, and the user asked."""
    other = _older_database(tmp_path / "青山" / "台账.sqlite", "青山镇学校党支部", 1, school="青山镇学校")
    foreign = backups.backup_now(other, reason="manual").path
    _before_the_history(foreign)
    path = _older_database(tmp_path / "大同" / "台账.sqlite", "大同二中党支部", 3, school="大同二中")
    with pytest.raises(backups.OtherDatabaseFailed, match="可能不是当前数据库的备份") as asked:
        backups.restore_backup(path, foreign)
    assert "青山镇学校" in str(asked.value) and "大同二中" in str(asked.value)
    assert count(path) == 3
    backups.restore_backup(path, foreign, other_database=True)  # told, and still wanted
    assert count(path) == 1


def test_an_older_backup_of_the_same_school_is_restored_without_a_question(tmp_path: Path) -> None:
    path = _older_database(tmp_path / "台账.sqlite", "大同二中党支部", 2, school="大同二中")
    own = backups.backup_now(path, reason="manual").path
    _before_the_history(own)
    db = open_database(path)
    add_member(db, add_branch(db, "第二党支部"), 50)
    db.close()
    backups.restore_backup(path, own)
    assert count(path) == 2


def test_an_older_backup_of_another_school_with_a_branch_of_the_same_name_is_asked_about(tmp_path: Path) -> None:
    """Two schools' branches are often both “第一党支部”: one common branch name does not make another
    school's older, unhistoried backup this database's — the schools' names differ (review rev3, R3-3)."""
    other = _older_database(tmp_path / "青山" / "台账.sqlite", "第一党支部", 1, school="青山镇学校")
    foreign = backups.backup_now(other, reason="manual").path
    _before_the_history(foreign)
    path = _older_database(tmp_path / "大同" / "台账.sqlite", "第一党支部", 3, school="大同二中")
    with pytest.raises(backups.OtherDatabaseFailed, match="可能不是当前数据库的备份") as asked:
        backups.restore_backup(path, foreign)
    assert "青山镇学校" in str(asked.value) and "大同二中" in str(asked.value)
    assert "数据库编号" not in str(asked.value)  # a word the user never saw
    assert count(path) == 3


def test_an_older_backup_made_before_the_school_was_renamed_is_still_told_by_its_branches(tmp_path: Path) -> None:
    """No school name in the backup (not yet typed then): the organisations' names still tell it."""
    path = _older_database(tmp_path / "台账.sqlite", "大同二中党支部", 2)
    own = backups.backup_now(path, reason="manual").path
    _before_the_history(own)
    with sqlite3.connect(path) as connection:
        connection.execute("INSERT INTO settings (key, value) VALUES ('school_name', '大同二中')")
    connection.close()
    db = open_database(path)
    add_member(db, add_branch(db, "第二党支部"), 50)
    db.close()
    backups.restore_backup(path, own)
    assert count(path) == 2


def test_an_older_backup_restored_where_the_database_is_gone_takes_its_number_back(tmp_path: Path) -> None:
    """The database file gone (deleted, or set aside as damaged) and a backup made before numbering put
    back: the copy took a new number, and the database's own later backups were then called “另一个
    数据库” and refused (review rev3, R3-6). Its own numbered backups, made of this file with this
    history, give the number back."""
    path = _older_database(tmp_path / "台账.sqlite", "第一党支部", 1)
    old = backups.backup_now(path, reason="manual").path
    db = open_database(path)
    number = database_id.read(path)
    add_member(db, add_branch(db, "第二党支部"), 7)
    newer = backups.backup_now(db, reason="manual").path
    db.close()
    path.unlink()
    backups.restore_backup(path, old)
    assert database_id.read(path) == number
    backups.restore_backup(path, newer)  # its own: no question
    assert count(path) == 2


def test_an_older_database_another_program_is_writing_is_not_backed_up_at_every_open(tmp_path: Path) -> None:
    """Numbering at the first open needs to write the file: while another program held it for writing,
    each open made one more 升级数据库前 backup — a full copy kept 90 days — and numbered nothing
    (review rev3, R3-2). Now nothing is done until it can be written; then one backup, and the number."""
    path = _older_database(tmp_path / "台账.sqlite", "第一党支部", 2)
    writer = sqlite3.connect(path)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("INSERT INTO settings (key, value) VALUES ('held', '1')")
    try:
        for _ in range(2):
            db = open_database(path, auto_backup=False)
            assert [e for e in backups.list_backups(db) if e.reason == "升级数据库前"] == []
            db.close()
        assert database_id.read(path) == database_id.NONE  # to be numbered at a later open
    finally:
        writer.rollback()
        writer.close()
    db = open_database(path, auto_backup=False)
    assert len([e for e in backups.list_backups(db) if e.reason == "升级数据库前"]) == 1
    assert database_id.read(path)
    db.close()
