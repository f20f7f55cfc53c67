"""Issue 21 item 7: tampering is noticed. `branchdesk verify` (the window's 检查数据库) compares every
record with its last history entry and the history with its anchor beside the file and the backups'
records of it. Each attack from the issue is performed here and must be found."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import insert

from branchdesk.cli.main import main
from branchdesk.db import anchor, cipher, safe_copy
from branchdesk.db.encryption import encrypt_file
from branchdesk.db.history import GENESIS, row_hash
from branchdesk.db.migrate import open_database
from branchdesk.db.models import Member
from branchdesk.services.history import record_history
from branchdesk.services.storage.backups import restore_backup
from branchdesk.services.storage.database_check import check_database
from tests.safety_helpers import add_branch, add_member

PASSWORD = "锚点测试密码123"


@pytest.fixture
def filled(db, db_path: Path) -> Path:  # type: ignore[no-untyped-def]
    branch = add_branch(db)
    for i in range(40):
        add_member(db, branch, i, name=f"党员{i}")
    with db.session() as session:  # some edits, so the history has updates too
        for member in session.query(Member).filter(Member.id <= 10):
            member.note = f"已核对 {member.id}"
    db.close()  # the anchor is written here
    assert anchor.anchor_file(db_path).is_file()
    return db_path


def _sql(path: Path, *statements: str) -> None:
    connection = sqlite3.connect(path)
    for statement in statements:
        connection.execute(statement)
    connection.commit()
    connection.close()


def _verify(path: Path, capsys) -> tuple[int, str]:  # type: ignore[no-untyped-def]
    code = main(["verify", "--db", str(path)])
    return code, capsys.readouterr().out


def test_an_untouched_database_verifies(filled: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    code, out = _verify(filled, capsys)
    assert code == 0 and "检查通过" in out and "与修改记录一致" in out and "锚点：第" in out
    assert "未加密" in out and "无法发现" in out  # says plainly what a plain anchor cannot prove


def test_a_name_changed_with_sqlite_is_found(filled: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    _sql(filled, "UPDATE members SET name = '冒名顶替' WHERE id = 5")
    code, out = _verify(filled, capsys)
    assert code == 1 and "党员第 5 条的“姓名”是“冒名顶替”，修改记录中最后是“党员4”" in out
    assert main(["check", "--db", str(filled)]) == 0  # the rule checks are about the records, not this


def test_records_added_or_removed_with_sqlite_are_found(filled: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    _sql(filled, "DELETE FROM members WHERE id = 7",
         "INSERT INTO members (name, id_number, branch_id, category, join_date, status, sex, ethnicity, education,"
         " position, phone, note, version, created_at, updated_at) VALUES ('幽灵', 'X1', 1, '正式党员', '2010-07-01',"
         " '在册', '', '', '', '', '', '', 1, '2020-01-01', '2020-01-01')")
    code, out = _verify(filled, capsys)
    assert code == 1 and "党员第 7 条不见了" in out and "没有任何修改记录（在 BranchDesk 之外新增）" in out


def test_deleting_the_last_history_rows_is_found(filled: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    _sql(filled, "DROP TRIGGER change_log_no_delete",
         "DELETE FROM change_log WHERE id > (SELECT max(id) - 30 FROM change_log)")
    code, out = _verify(filled, capsys)
    assert code == 1 and "修改记录比锚点文件记下的少了 30 条" in out


def _rewrite_history(path: Path, row_id: int, new_value: str) -> None:
    """Edit one history row and recompute the plain SHA-256 chain after it, as an attacker would."""
    connection = sqlite3.connect(path)
    connection.row_factory = sqlite3.Row
    connection.execute("DROP TRIGGER change_log_no_update")
    connection.execute("UPDATE change_log SET new_value = ? WHERE id = ?", (new_value, row_id))
    prev = GENESIS
    for row in connection.execute("SELECT * FROM change_log ORDER BY id").fetchall():
        values = dict(row)
        values["prev_hash"] = prev
        prev = row_hash(prev, values)
        connection.execute("UPDATE change_log SET prev_hash = ?, hash = ? WHERE id = ?", (values["prev_hash"], prev, row["id"]))
    connection.commit()
    connection.close()


def test_a_history_row_edited_with_the_chain_recomputed_is_found(filled: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    connection = sqlite3.connect(filled)
    row_id, snapshot = connection.execute(
        "SELECT id, new_value FROM change_log WHERE table_name = 'members' AND record_id = '3' AND action = 'insert'"
    ).fetchone()
    connection.close()
    forged = json.loads(snapshot)
    forged["name"] = "冒名顶替"
    _rewrite_history(filled, row_id, json.dumps(forged, ensure_ascii=False))
    _sql(filled, "UPDATE members SET name = '冒名顶替' WHERE id = 3")  # record and history now agree
    code, out = _verify(filled, capsys)
    assert "被改动过" not in out.split("修改记录与锚点")[0]  # the recomputed chain itself checks out …
    assert code == 1 and "与锚点文件记下的不同：修改记录被改写过" in out  # … but not against its anchor


def test_accept_writes_the_difference_into_the_history(filled: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    _sql(filled, "UPDATE members SET name = '改名后' WHERE id = 5")
    assert main(["verify", "--accept", "--db", str(filled)]) == 0
    assert "已确认现状" in capsys.readouterr().out
    db = open_database(filled)
    try:
        newest = record_history(db, "members", 5)[0]
        assert newest.new == "改名后" and "确认现状" in newest.user
    finally:
        db.close()
    assert _verify(filled, capsys)[0] == 0


def test_a_restore_starts_a_new_anchor(filled: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.services.storage.backups import set_backup_folder

    older = tmp_path / "旧备份.sqlite"
    safe_copy.copy_database(filled, older)
    db = open_database(filled)
    add_member(db, add_branch(db, "第二党支部"), 99)
    set_backup_folder(db, tmp_path / "U盘 备份")  # this PC's choice, kept through the restore
    db.close()
    restore_backup(filled, older)  # a shorter history, put back on purpose
    code, out = _verify(filled, capsys)
    assert code == 0, out


def test_an_older_copy_put_back_by_hand_is_found(filled: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    older = tmp_path / "旧副本.sqlite"
    shutil.copyfile(filled, older)
    db = open_database(filled)
    add_member(db, add_branch(db, "第二党支部"), 99)
    db.close()
    shutil.copyfile(older, filled)  # the file swapped for an older one, outside BranchDesk
    code, out = _verify(filled, capsys)
    assert code == 1 and "较旧的副本" in out


def test_bulk_inserts_have_their_history(db) -> None:  # type: ignore[no-untyped-def]
    branch = add_branch(db)
    with db.session() as session:
        session.execute(insert(Member), [
            {"name": f"批量{i}", "id_number": f"B{i:017d}", "branch_id": branch, "category": "正式党员",
             "status": "在册"} for i in range(5)])
    assert [e.new for e in record_history(db, "members", 1) if e.field == "姓名"] == ["批量0"]
    assert check_database(db).ok


def test_the_demo_database_verifies(demo_db) -> None:  # type: ignore[no-untyped-def]
    report = check_database(demo_db)
    assert report.ok, report.to_text()
    assert report.records_checked > 3000


# ---------------------------------------------------------------- an encrypted database


@pytest.fixture
def encrypted(filled: Path, tmp_path: Path) -> Path:
    encrypt_file(filled, PASSWORD, backup_folder=tmp_path / "加密前备份")
    cipher.lock()
    cipher.unlock(filled, PASSWORD)
    return filled


def test_an_encrypted_databases_anchor_is_signed_and_cannot_be_forged(encrypted: Path, monkeypatch,  # type: ignore[no-untyped-def]
                                                                      capsys) -> None:
    found = anchor.read(encrypted)
    assert found is not None and found.signed and found.key_check == cipher.key_check(cipher.key_for(encrypted))
    monkeypatch.setenv("BRANCHDESK_PASSWORD", PASSWORD)
    code, out = _verify(encrypted, capsys)
    assert code == 0 and "已加密" in out and "签名" in out
    data = json.loads(anchor.anchor_file(encrypted).read_text(encoding="utf-8"))
    data["head_id"] += 5  # an anchor claiming a longer history, without the key to sign it
    anchor.anchor_file(encrypted).write_text(json.dumps(data), encoding="utf-8")
    code, out = _verify(encrypted, capsys)
    assert code == 1 and "签名不符" in out


def test_an_encrypted_database_rolled_back_to_an_older_copy_is_found(encrypted: Path, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                                     monkeypatch, capsys) -> None:
    older = tmp_path / "旧"
    older.mkdir()
    shutil.copyfile(encrypted, older / "db")
    shutil.copyfile(cipher.key_file(encrypted), older / "key")
    db = open_database(encrypted)
    add_member(db, add_branch(db, "第二党支部"), 99)
    db.close()  # the anchor moves on, signed
    shutil.copyfile(older / "db", encrypted)  # no password needed to swap the files back
    shutil.copyfile(older / "key", cipher.key_file(encrypted))
    monkeypatch.setenv("BRANCHDESK_PASSWORD", PASSWORD)
    code, out = _verify(encrypted, capsys)
    assert code == 1 and "较旧的副本" in out


def test_an_unsigned_anchor_left_by_an_interrupted_enable_is_signed_at_the_next_close(filled: Path,  # type: ignore[no-untyped-def]
                                                                                     tmp_path: Path) -> None:
    plain_anchor = anchor.anchor_file(filled).read_text(encoding="utf-8")
    encrypt_file(filled, PASSWORD, backup_folder=tmp_path / "备份")
    anchor.anchor_file(filled).write_text(plain_anchor, encoding="utf-8")  # killed before re-signing
    db = open_database(filled)
    db.close()
    assert anchor.read(filled).signed  # type: ignore[union-attr]
    db = open_database(filled)
    try:
        assert check_database(db).ok
    finally:
        db.close()


def test_the_check_panel_shows_a_tampered_record(qtbot, filled: Path, message_boxes) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.ui.context import AppContext
    from branchdesk.ui.settings.check_panel import CheckPanel

    _sql(filled, "UPDATE members SET name = '冒名顶替' WHERE id = 5")
    db = open_database(filled)
    try:
        panel = CheckPanel(AppContext(db))
        qtbot.addWidget(panel)
        panel.run_check()
        qtbot.waitUntil(lambda: panel.report is not None, timeout=60_000)
        text = panel.result.toPlainText()
        assert "与修改记录不符" in text and "冒名顶替" in text and "说明：" in text
        assert panel.accept_button.isVisibleTo(panel)
        panel.report = None
        panel.accept_button.click()  # 确认现状: the question is answered 是
        qtbot.waitUntil(lambda: panel.report is not None, timeout=60_000)
        assert panel.report.ok and "检查通过" in panel.result.toPlainText()
        assert not panel.accept_button.isVisibleTo(panel)
    finally:
        db.close()
