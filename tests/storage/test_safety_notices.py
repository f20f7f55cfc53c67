"""Issue 21 item 9 (storage): the command line says what the window says at start (a recovery key
never shown after an interrupted 启用加密, a failed daily backup); a damaged key file is called
damaged, never 密码错误; a read-only database file is called read-only, never 正被另一个程序使用."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from branchdesk.cli.main import main
from branchdesk.db import cipher
from branchdesk.db.encryption import encrypt_file
from branchdesk.db.migrate import DatabaseOpenError, open_database
from branchdesk.services.storage.backups import storage_problem
from tests.safety_helpers import add_branch, add_member

PASSWORD = "通知测试密码123"


@pytest.fixture
def filled(db, db_path: Path) -> Path:  # type: ignore[no-untyped-def]
    branch = add_branch(db)
    for i in range(3):
        add_member(db, branch, i)
    db.close()
    return db_path


@pytest.fixture
def interrupted_enable(filled: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The state a kill leaves between the switch to the encrypted file and the recovery key being
    printed and confirmed: encrypted, the key file saying the key was never confirmed."""
    encrypt_file(filled, PASSWORD, backup_folder=tmp_path / "备份")
    cipher.lock()
    assert not cipher.read_key_file(filled).recovery_shown
    monkeypatch.setenv("BRANCHDESK_PASSWORD", PASSWORD)
    return filled


def test_every_command_tells_about_a_recovery_key_never_confirmed(interrupted_enable: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["check", "--db", str(interrupted_enable)]) == 0
    out = capsys.readouterr().out
    assert "提醒：" in out and "恢复密钥" in out and "branchdesk encryption new-recovery-key" in out
    cipher.lock()
    assert main(["encryption", "status", "--db", str(interrupted_enable)]) == 0
    out = capsys.readouterr().out
    assert "注意：恢复密钥没有显示完成" in out
    cipher.lock()
    assert main(["backup", "--list", "--db", str(interrupted_enable)]) == 0
    assert "恢复密钥" in capsys.readouterr().out


def test_a_failed_daily_backup_is_told_on_the_command_line(filled: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    blocker = tmp_path / "不是文件夹"
    blocker.write_text("a file where the backup folder should be")
    connection = sqlite3.connect(filled)
    connection.execute("INSERT INTO settings (key, value) VALUES ('backup.folder', ?)", (str(blocker / "备份"),))
    connection.commit()
    connection.close()
    # a command that may write takes the day's backup (the check and a report write nothing: they take none)
    assert main(["holidays", "list", "--db", str(filled)]) == 0
    out = capsys.readouterr().out
    assert "提醒：今天的自动备份没有成功" in out


def test_window_notices_stay_with_the_window_after_a_command(interrupted_enable: Path) -> None:
    assert main(["check", "--db", str(interrupted_enable)]) == 0
    cipher.unlock(interrupted_enable, PASSWORD)
    db = open_database(interrupted_enable)  # as the window opens it: the notice is kept for its message box
    try:
        assert any("恢复密钥" in n for n in db.notices)
    finally:
        db.close()


# ---------------------------------------------------------------- a damaged key file


@pytest.fixture
def encrypted(filled: Path, tmp_path: Path) -> Path:
    encrypt_file(filled, PASSWORD, backup_folder=tmp_path / "备份")
    cipher.lock()
    return filled


def _unlock_outcome(path: Path) -> str:
    cipher.lock()
    try:
        cipher.unlock(path, PASSWORD)
    except cipher.WrongPassword as exc:
        return "wrong password: " + str(exc)
    except cipher.CipherError as exc:
        return "damaged" if "损坏" in str(exc) else "other: " + str(exc)
    return "opens"


def test_no_flipped_character_in_the_key_file_reads_as_a_wrong_password(encrypted: Path) -> None:
    key_file = cipher.key_file(encrypted)
    original = key_file.read_text(encoding="utf-8")
    outcomes: dict[str, int] = {}
    for index, char in enumerate(original):
        if not char.isascii() or char in "\n":
            continue  # the Chinese note is for people; a changed line break is still JSON
        flipped = chr(ord(char) ^ 1)
        key_file.write_text(original[:index] + flipped + original[index + 1:], encoding="utf-8")
        outcome = _unlock_outcome(encrypted)
        assert not outcome.startswith(("wrong password", "other")), (index, char, flipped, outcome)
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    key_file.write_text(original, encoding="utf-8")
    assert _unlock_outcome(encrypted) == "opens"
    assert outcomes["damaged"] > 200  # most of the file is working fields; a few flips land in the note


def test_a_wrong_password_on_an_intact_key_file_is_a_wrong_password(encrypted: Path) -> None:
    with pytest.raises(cipher.WrongPassword) as raised:
        cipher.unlock(encrypted, "不对的密码98765")
    assert "密码错误" in str(raised.value) and "损坏" not in str(raised.value)


def test_an_old_key_file_without_checksum_says_it_cannot_tell(encrypted: Path) -> None:
    key_file = cipher.key_file(encrypted)
    data = json.loads(key_file.read_text(encoding="utf-8"))
    del data["checksum"]
    wrapped = data["wrapped_key"]
    data["wrapped_key"] = ("B" if wrapped[0] != "B" else "C") + wrapped[1:]  # still valid base64
    key_file.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    outcome = _unlock_outcome(encrypted)
    assert outcome.startswith("wrong password") and "也可能是密钥文件已损坏" in outcome


def test_the_command_line_says_the_key_file_is_damaged(encrypted: Path, capsys,  # type: ignore[no-untyped-def]
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    key_file = cipher.key_file(encrypted)
    text = key_file.read_text(encoding="utf-8")
    position = text.index('"wrapped_key": "') + len('"wrapped_key": "') + 5
    key_file.write_text(text[:position] + ("A" if text[position] != "A" else "B") + text[position + 1:], encoding="utf-8")
    monkeypatch.setenv("BRANCHDESK_PASSWORD", PASSWORD)
    assert main(["check", "--db", str(encrypted)]) == 6
    out = capsys.readouterr().out
    assert "密钥文件" in out and "已损坏" in out and "恢复密钥" in out and "密码错误" not in out


# ---------------------------------------------------------------- a read-only database file


@contextlib.contextmanager
def _read_only(path: Path) -> Iterator[None]:
    """The file made read-only as the Windows 只读 attribute makes it (chmod; for root, which ignores
    permissions, the immutable attribute if the file system has it)."""
    os.chmod(path, 0o444)
    immutable = False
    try:
        if os.access(path, os.W_OK):
            immutable = shutil.which("chattr") is not None and subprocess.run(
                ["chattr", "+i", str(path)], capture_output=True).returncode == 0
            if not immutable or os.access(path, os.W_OK):
                pytest.skip("cannot make a file read-only for this user here")
        yield
    finally:
        if immutable:
            subprocess.run(["chattr", "-i", str(path)], capture_output=True)
        os.chmod(path, 0o644)


def test_read_only_database_is_named_as_read_only(filled: Path, tmp_path: Path, capsys,  # type: ignore[no-untyped-def]
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from branchdesk.db.safe_copy import copy_database

    backup = tmp_path / "备份.sqlite"
    copy_database(filled, backup)
    monkeypatch.setenv("BRANCHDESK_NEW_PASSWORD", PASSWORD)
    with _read_only(filled):
        assert main(["restore", str(backup), "--db", str(filled)]) == 4
        out = capsys.readouterr().out
        assert "只读" in out and "属性" in out and "正被" not in out
        assert main(["encryption", "enable", "--db", str(filled)]) == 6
        out = capsys.readouterr().out
        assert "只读" in out and "正被" not in out
        assert main(["check", "--db", str(filled)]) == 0  # reading still works, and it is said
        assert "提醒：" in capsys.readouterr().out
        assert cipher.has_sqlite_header(filled)


def test_read_only_database_that_needs_an_upgrade_is_refused_as_such(filled: Path) -> None:
    connection = sqlite3.connect(filled)
    # one head forgotten: the schema looks one revision behind (whichever head that is)
    connection.execute("DELETE FROM alembic_version WHERE version_num = (SELECT min(version_num) FROM alembic_version)")
    connection.commit()
    connection.close()
    with _read_only(filled), pytest.raises(DatabaseOpenError, match="只读"):
        open_database(filled)


def test_a_write_refused_by_sqlite_as_read_only_is_explained() -> None:
    problem = storage_problem(sqlite3.OperationalError("attempt to write a readonly database"))
    assert problem is not None and "只读" in problem and "属性" in problem
