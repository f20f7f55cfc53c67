"""A person deleted for good (回收站 → 永久删除, or a deletion that came in a 数据包) no longer keeps
their 公民身份号码 and phone in 修改记录 (domain.md §8: personal information): before, every snapshot
and every edit of those fields stayed in change_log for ever, unmasked, in the database and in every
later backup. The numbers are blanked in that record's history, nothing else is: the history still
says who was deleted, when and by whom. `verify` still passes — the rows keep their hashes and
links (so the anchor holds), and a redaction line, itself in the chain, vouches for each row it
blanked — and an edit made outside BranchDesk after the redaction is still found."""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from branchdesk.cli.main import main
from branchdesk.db.engine import Database
from branchdesk.db.models import ChangeLog, DevRecord, Member
from branchdesk.services import recycle_bin
from branchdesk.services.history import record_history, verify_history
from branchdesk.services.storage.database_check import check_database
from tests.safety_helpers import add_branch, add_member

NUMBER, PHONE, NEW_PHONE = "11010119800307123X", "13800001111", "13911112222"


def _log_text(db: Database) -> str:
    with db.session() as session:
        return "\n".join(f"{r.old_value}|{r.new_value}" for r in session.scalars(select(ChangeLog)))


def _deleted_for_good(db: Database) -> tuple[int, int]:
    """(the deleted member's id, another member's id): 王芳 entered, her phone changed, her ID number
    corrected, then deleted for good; 李明 stays."""
    branch = add_branch(db)
    gone = add_member(db, branch, 1, name="王芳")
    kept = add_member(db, branch, 2, name="李明")
    with db.session() as session:
        member = session.get(Member, gone)
        assert member is not None
        member.phone = PHONE
    with db.session() as session:
        member = session.get(Member, gone)
        assert member is not None
        member.phone, member.id_number = NEW_PHONE, NUMBER
    recycle_bin.move_to_bin(db, "members", gone)
    assert NUMBER in _log_text(db) and PHONE in _log_text(db)
    recycle_bin.empty(db, [("members", gone)], confirm=True)
    return gone, kept


def test_a_member_deleted_for_good_leaves_no_id_number_or_phone_in_the_history(db: Database) -> None:
    gone, kept = _deleted_for_good(db)
    text = _log_text(db)
    for number in (NUMBER, PHONE, NEW_PHONE, f"T{1:017d}"):
        assert number not in text, number
    assert f"T{2:017d}" in text  # another member's history is untouched
    entries = record_history(db, "members", gone, masked=False)
    assert entries[0].action == "清除个人号码" and "公民身份号码" in entries[0].field
    assert entries[1].action == "永久删除" and "姓名：王芳" in entries[1].old  # who was deleted stays
    assert "公民身份号码：〈已清除〉" in entries[1].old
    changed = [(e.field, e.old, e.new) for e in entries if e.action == "修改" and e.field == "联系电话"]
    assert changed == [("联系电话", "〈已清除〉", "〈已清除〉"), ("联系电话", "", "〈已清除〉")]
    assert any(e.field == "姓名" and e.new == "王芳" for e in entries if e.action == "新增")
    assert any(e.field == "公民身份号码" and e.new == "〈已清除〉" for e in entries if e.action == "新增")
    assert record_history(db, "members", kept)[0].action == "新增"
    rows, problems = verify_history(db)
    assert problems == [] and rows > 0
    report = check_database(db)
    assert report.ok, report.to_text()


def test_a_development_record_deleted_for_good_is_blanked_too(db: Database) -> None:
    branch = add_branch(db)
    with db.session() as session:
        record = DevRecord(name="赵小兰", id_number=NUMBER, branch_id=branch, phone=PHONE, sex="女",
                           birth_date=date(1980, 3, 7))
        session.add(record)
        session.flush()
        record_id = record.id
    recycle_bin.move_to_bin(db, "dev_records", record_id)
    recycle_bin.empty(db, [("dev_records", record_id)], confirm=True)
    assert NUMBER not in _log_text(db) and PHONE not in _log_text(db)
    assert verify_history(db)[1] == []


def test_the_database_file_verifies_against_its_anchor_after_a_redaction(db: Database, db_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    if db.path is None:
        pytest.skip("the anchor is a file beside a database file")
    _deleted_for_good(db)
    db.close()
    assert main(["verify", "--db", str(db_path)]) == 0
    assert "检查通过" in capsys.readouterr().out


def _tamper(path: Path, statement: str, *params: object) -> None:
    connection = sqlite3.connect(path)
    connection.execute("DROP TRIGGER IF EXISTS change_log_no_update")
    connection.execute(statement, params)
    connection.commit()
    connection.close()


def test_a_blanked_row_changed_afterwards_is_still_found(db: Database, db_path: Path) -> None:
    if db.path is None:
        pytest.skip("edited with sqlite3")
    gone, _kept = _deleted_for_good(db)
    with db.session() as session:
        delete_row = session.scalars(select(ChangeLog).where(
            ChangeLog.table_name == "members", ChangeLog.record_id == str(gone), ChangeLog.action == "delete")).one()
        row_id, snapshot = delete_row.id, json.loads(delete_row.old_value or "{}")
    snapshot["name"] = "冒名顶替"
    _tamper(db_path, "UPDATE change_log SET old_value = ? WHERE id = ?", json.dumps(snapshot, ensure_ascii=False), row_id)
    problems = verify_history(db)[1]
    assert [p.row_id for p in problems] == [row_id] and "被改动过" in problems[0].message


def test_a_redaction_line_changed_afterwards_is_found(db: Database, db_path: Path) -> None:
    if db.path is None:
        pytest.skip("edited with sqlite3")
    _deleted_for_good(db)
    with db.session() as session:
        line = session.scalars(select(ChangeLog).where(ChangeLog.action == "redact")).one()
        line_id, vouched = line.id, json.loads(line.new_value or "{}")
    first = min(vouched["rows"], key=int)
    _tamper(db_path, "UPDATE change_log SET new_value = ? WHERE id = ?",
            json.dumps({**vouched, "rows": {k: v for k, v in vouched["rows"].items() if k != first}}), line_id)
    problems = {p.row_id for p in verify_history(db)[1]}
    assert line_id in problems  # the line itself no longer gives its hash, so it vouches for nothing
    assert int(first) in problems


def test_a_redaction_line_appended_later_cannot_excuse_an_edit_of_the_past(db: Database, db_path: Path) -> None:
    """Someone edits a live member's first history row and appends, with the chain's own hashes, a
    redaction line vouching for it: the line follows no deletion of that member, so it vouches for
    nothing and the edit is found."""
    from branchdesk.db.history import row_hash

    if db.path is None:
        pytest.skip("edited with sqlite3")
    _gone, kept = _deleted_for_good(db)
    connection = sqlite3.connect(db_path)
    connection.row_factory = sqlite3.Row
    row = dict(connection.execute("SELECT * FROM change_log WHERE table_name = 'members' AND record_id = ? "
                                  "AND action = 'insert'", (str(kept),)).fetchone())
    last = dict(connection.execute("SELECT * FROM change_log ORDER BY id DESC LIMIT 1").fetchone())
    connection.close()
    forged = {**json.loads(row["new_value"]), "name": "冒名顶替"}
    row["new_value"] = json.dumps(forged, ensure_ascii=False)
    voucher = {"id": last["id"] + 1, "at": last["at"], "table_name": "members", "record_id": str(kept),
               "action": "redact", "field": "", "old_value": None, "os_user": last["os_user"], "prev_hash": last["hash"],
               "new_value": json.dumps({"fields": ["id_number"],
                                        "rows": {str(row["id"]): [row["hash"], row_hash(row["prev_hash"], row)]}})}
    voucher["hash"] = row_hash(last["hash"], voucher)
    _tamper(db_path, "UPDATE change_log SET new_value = ? WHERE id = ?", row["new_value"], row["id"])
    columns = ", ".join(voucher)
    _tamper(db_path, f"INSERT INTO change_log ({columns}) VALUES ({', '.join('?' for _ in voucher)})",
            *voucher.values())
    assert [p.row_id for p in verify_history(db)[1]] == [row["id"]]


def test_an_encrypted_database_is_blanked_and_verifies_too(db: Database, db_path: Path, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch, capsys) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.db import cipher
    from branchdesk.db.encryption import encrypt_file
    from branchdesk.db.migrate import open_database

    if db.path is None:
        pytest.skip("a database file")
    add_member(db, add_branch(db), 1, name="王芳")
    db.close()
    encrypt_file(db_path, "清除测试密码123", backup_folder=tmp_path / "加密前备份")
    cipher.lock()
    cipher.unlock(db_path, "清除测试密码123")
    encrypted = open_database(db_path, auto_backup=False)
    try:
        with encrypted.session() as session:
            member = session.scalars(select(Member)).one()
            member.phone = PHONE
        recycle_bin.move_to_bin(encrypted, "members", 1)
        recycle_bin.empty(encrypted, [("members", 1)], confirm=True)
        assert PHONE not in _log_text(encrypted) and f"T{1:017d}" not in _log_text(encrypted)
    finally:
        encrypted.close()
    monkeypatch.setenv("BRANCHDESK_PASSWORD", "清除测试密码123")
    assert main(["verify", "--db", str(db_path)]) == 0
    assert "检查通过" in capsys.readouterr().out
