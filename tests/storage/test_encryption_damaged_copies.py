"""Trial S, TS-4 (privacy): after 启用加密 the program's own renamed damaged copy
(`台账.sqlite.damaged-…`, made when an open found the file damaged) stayed beside the database as a
plain SQLite file with full 公民身份号码 and phones, and nobody was told. Now 启用加密 (and every open
of an encrypted database) encrypts such copies with the database's key; one too damaged to be read
through is never deleted, but named plainly with 请删除 — at enable, at each open and in `status`."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from branchdesk.cli.main import main
from branchdesk.db import cipher
from branchdesk.db.migrate import open_database
from tests.safety_helpers import add_branch, add_member

PASSWORD = "青山镇学校2026!"


def _database_with_damaged_copies(tmp_path: Path) -> tuple[Path, Path, Path]:
    path = tmp_path / "台账.sqlite"
    db = open_database(path, backup_folder=tmp_path / "备份")
    add_member(db, add_branch(db), 1, name="邵凡")
    db.close()
    readable = path.with_name(path.name + ".damaged-20261205-093529")
    shutil.copyfile(path, readable)  # damaged somewhere SQLCipher's export still reads through
    broken = path.with_name(path.name + ".damaged-20261204-080000")
    shutil.copyfile(path, broken)
    with broken.open("r+b") as handle:  # the last pages cut off: cannot be read through
        handle.truncate(broken.stat().st_size - 4096 * 3)
    return path, readable, broken


def test_enable_encrypts_the_damaged_copy_and_names_the_one_it_cannot(  # type: ignore[no-untyped-def]
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    path, readable, broken = _database_with_damaged_copies(tmp_path)
    assert cipher.has_sqlite_header(readable)
    monkeypatch.setenv("BRANCHDESK_NEW_PASSWORD", PASSWORD)
    monkeypatch.setenv("BRANCHDESK_PASSWORD", PASSWORD)
    assert main(["encryption", "enable", "--db", str(path)]) == 0
    out = capsys.readouterr().out
    assert cipher.is_encrypted(readable) and "邵凡".encode() not in readable.read_bytes()  # failed before
    assert "1 个已损坏数据库文件" in out and "也已加密" in out
    assert broken.exists() and cipher.has_sqlite_header(broken)  # never deleted by the program
    assert broken.name in out and "请删除" in out and "公民身份号码" in out
    assert main(["encryption", "status", "--db", str(path)]) == 0
    assert broken.name in capsys.readouterr().out


def test_open_of_an_encrypted_database_encrypts_a_plain_damaged_copy(tmp_path: Path) -> None:
    path = tmp_path / "台账.sqlite"
    db = open_database(path, backup_folder=tmp_path / "备份")
    add_member(db, add_branch(db), 1, name="邵凡")
    db.close()
    plain = tmp_path / "明文.sqlite"
    shutil.copyfile(path, plain)
    from branchdesk.db import encryption

    encryption.encrypt_file(path, PASSWORD, backup_folder=tmp_path / "备份")
    later = path.with_name(path.name + ".damaged-20261206-100000")  # e.g. put back by hand, or an older run
    shutil.copyfile(plain, later)
    db = open_database(path, backup_folder=tmp_path / "备份")
    try:
        assert any("已损坏数据库文件" in n for n in db.notices)
    finally:
        db.close()
    assert cipher.is_encrypted(later)
