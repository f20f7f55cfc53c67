"""The database encrypted at rest with SQLCipher (issue 8): keys, key files, the recovery key, and a
database that stays readable only with its password — in the file, its WAL and its backups."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select

from branchdesk.db import backup as store
from branchdesk.db import backup_info, cipher, encryption, file_checks, safe_copy
from branchdesk.db.migrate import (
    DamagedDatabaseError,
    EncryptedDatabaseError,
    KeyFileMissingError,
    open_database,
)
from branchdesk.db.models import Member
from branchdesk.db.problems import explain_os_error
from branchdesk.services.storage import encryption as service
from tests.safety_helpers import add_branch, add_member

SECRET_NAME = "保密测试员"
PASSWORD = "支部密码-2026"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return tmp_path / "备份 文件夹"


def _members(db) -> int:  # type: ignore[no-untyped-def]
    with db.session() as session:
        return session.scalar(select(func.count()).select_from(Member)) or 0


def _filled(path: Path, folder: Path, n: int = 5):  # type: ignore[no-untyped-def]
    db = open_database(path, backup_folder=folder)
    branch = add_branch(db)
    for i in range(n):
        add_member(db, branch, i, name=SECRET_NAME if i == 0 else "")
    return db


@pytest.fixture
def encrypted(tmp_path: Path, folder: Path):  # type: ignore[no-untyped-def]
    path = tmp_path / "加密 台账.sqlite"
    db = _filled(path, folder)
    db.close()
    store.make_backup(path, "manual", folder)  # a plain backup made before encryption
    result = encryption.encrypt_file(path, PASSWORD, backup_folder=folder)
    cipher.lock()
    return path, result


def _plaintext_anywhere(folder: Path) -> list[str]:
    """Files under `folder` holding the member's name or an ID number in the clear."""
    found = []
    for file in folder.rglob("*"):
        if file.is_file() and not file.name.endswith((".json", ".key")):
            data = file.read_bytes()
            if SECRET_NAME.encode("utf-8") in data or b"T00000000000000000" in data:
                found.append(file.name)
    return found


def test_real_key_derivation_is_above_owasp_minimum() -> None:
    import subprocess
    import sys

    # the module's own values, read in a fresh process (the tests here run with cheap ones; reloading
    # the module in this process would give its exception classes new identities)
    out = subprocess.run([sys.executable, "-c", "from branchdesk.db import cipher; "
                          "print(cipher.MEMORY_KIB, cipher.ITERATIONS, cipher.LANES)"],
                         capture_output=True, text=True, check=True).stdout.split()
    memory, iterations, lanes = (int(x) for x in out)
    assert memory >= 19_456 and iterations >= 2 and lanes >= 1  # OWASP: 19 MiB, 2 passes, 1 lane
    assert (memory, iterations, lanes) == (65_536, 3, 4)  # RFC 9106's second recommended setting


def test_recovery_key_round_trip_and_typos() -> None:
    key = cipher.new_data_key()
    text = cipher.recovery_key_text(key)
    groups = text.split("-")
    assert len(groups) == 14 and all(len(g) == 4 for g in groups)
    assert cipher.parse_recovery_key(text) == key
    assert cipher.parse_recovery_key(" ".join(groups).lower()) == key  # spaces and case do not matter
    confusable = text.replace("O", "0").replace("I", "1").replace("B", "8")
    assert cipher.parse_recovery_key(confusable) == key
    typo = ("A" if text[0] != "A" else "C") + text[1:]
    with pytest.raises(cipher.WrongPassword, match="校验不符"):
        cipher.parse_recovery_key(typo)
    with pytest.raises(cipher.WrongPassword, match="格式不对"):
        cipher.parse_recovery_key(text[:-5])


def test_encrypted_file_wal_and_backups_hold_no_plaintext(tmp_path: Path, folder: Path, encrypted) -> None:  # type: ignore[no-untyped-def]
    path, result = encrypted
    assert not cipher.has_sqlite_header(path) and cipher.key_file(path).is_file()
    assert result.backups_encrypted == 2  # the one made before, and the pinned one made just before encrypting
    cipher.unlock(path, PASSWORD)
    db = open_database(path, backup_folder=folder)
    add_member(db, add_branch(db, "第二党支部"), 99, name=SECRET_NAME)  # lands in the WAL first
    store.make_backup(path, "manual", folder)
    assert _members(db) == 6
    assert _plaintext_anywhere(tmp_path) == []  # database, -wal, every backup
    db.close()
    for backup, _, _ in backup_info.backup_files(folder, path.stem):
        assert cipher.is_encrypted(backup) and file_checks.check_file(backup) == "ok"


def test_locked_database_asks_for_password_and_wrong_password_is_not_damage(encrypted, folder: Path) -> None:  # type: ignore[no-untyped-def]
    path, _ = encrypted
    before = path.read_bytes()
    with pytest.raises(EncryptedDatabaseError) as raised:
        open_database(path, backup_folder=folder)
    assert not raised.value.needs_recovery and "密码" in str(raised.value) and "损坏" not in str(raised.value)
    with pytest.raises(service.WrongPasswordError, match="密码错误"):
        service.unlock(path, "不是这个密码123")
    assert path.read_bytes() == before and not list(path.parent.glob("*.damaged-*"))
    service.unlock(path, PASSWORD)
    db = open_database(path, backup_folder=folder)
    assert _members(db) == 5
    db.close()


def test_idle_lock_refuses_new_connections_until_unlocked(encrypted, folder: Path) -> None:  # type: ignore[no-untyped-def]
    path, _ = encrypted
    service.unlock(path, PASSWORD)
    db = open_database(path, backup_folder=folder)
    service.lock(db)
    with pytest.raises(cipher.KeyRequired):
        _members(db)
    service.unlock(path, PASSWORD)
    assert _members(db) == 5
    db.close()


def test_damaged_encrypted_database_with_right_password_is_reported_as_damage(encrypted, folder: Path) -> None:  # type: ignore[no-untyped-def]
    path, _ = encrypted
    data = bytearray(path.read_bytes())
    data[100:400] = bytes(300)  # page 1's encrypted content: its HMAC no longer fits
    path.write_bytes(bytes(data))
    service.unlock(path, PASSWORD)
    with pytest.raises(DamagedDatabaseError) as raised:
        open_database(path, backup_folder=folder)
    assert "损坏" in str(raised.value) and "密码正确" in str(raised.value)
    moved = raised.value.moved_to
    assert moved is not None and moved.exists() and cipher.key_file(moved).exists()  # kept together
    assert raised.value.backups  # the encrypted backup is offered


def test_lost_key_file_then_recovery_key_sets_a_new_password(encrypted, folder: Path) -> None:  # type: ignore[no-untyped-def]
    path, result = encrypted
    cipher.key_file(path).unlink()
    with pytest.raises(KeyFileMissingError) as raised:
        open_database(path, backup_folder=folder)
    assert raised.value.needs_recovery and "恢复密钥" in str(raised.value)
    wrong = cipher.recovery_key_text(cipher.new_data_key())
    with pytest.raises(service.WrongPasswordError):
        service.recover(path, wrong, "新的密码12345", "新的密码12345")
    service.recover(path, result.recovery_key, "新的密码12345", "新的密码12345")
    cipher.lock()
    service.unlock(path, "新的密码12345")
    db = open_database(path, backup_folder=folder)
    assert _members(db) == 5
    db.close()


def test_key_file_of_another_database_is_recognised(tmp_path: Path, encrypted, folder: Path) -> None:  # type: ignore[no-untyped-def]
    path, _ = encrypted
    other = tmp_path / "另一个.sqlite"
    _filled(other, folder, 1).close()
    encryption.encrypt_file(other, "另一个密码12345", backup_folder=tmp_path / "b2")
    shutil.copy(cipher.key_file(other), cipher.key_file(path))
    with pytest.raises(EncryptedDatabaseError) as raised:
        open_database(path, backup_folder=folder)
    assert raised.value.needs_recovery and "不符" in str(raised.value)


def test_change_password_updates_backups_and_disable_keeps_them_encrypted(tmp_path: Path, encrypted, folder: Path) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.services.storage.backups import set_backup_folder

    path, _ = encrypted
    service.unlock(path, PASSWORD)
    db = open_database(path, backup_folder=folder)
    set_backup_folder(db, folder)  # the services use the folder chosen in 设置
    with pytest.raises(service.WrongPasswordError):
        service.change_password(db, "错的旧密码123", "新密码abcdef", "新密码abcdef")
    with pytest.raises(service.EncryptionFailed, match="不一致"):
        service.change_password(db, PASSWORD, "新密码abcdef", "新密码abcdeX")
    assert service.change_password(db, PASSWORD, "新密码abcdef", "新密码abcdef") >= 1
    cipher.lock()
    with pytest.raises(service.WrongPasswordError):
        service.unlock(path, PASSWORD)
    service.unlock(path, "新密码abcdef")
    backup = backup_info.backup_files(folder, path.stem)[0][0]
    cipher.lock()
    cipher.unlock(backup, "新密码abcdef")  # the backup's key file has the new password as well
    service.unlock(path, "新密码abcdef")
    service.disable(db, "新密码abcdef")
    assert cipher.has_sqlite_header(path) and not cipher.key_file(path).exists()
    assert not db.encrypted and _members(db) == 5
    assert cipher.is_encrypted(backup)  # backups made while encrypted stay encrypted
    db.close()


def test_enable_through_the_service_keeps_the_open_database_usable(db, folder: Path) -> None:  # type: ignore[no-untyped-def]
    if db.path is None:
        pytest.skip("a server database is not encrypted by BranchDesk")
    add_member(db, add_branch(db), 1, name=SECRET_NAME)
    with pytest.raises(service.EncryptionFailed, match="至少"):
        service.enable(db, "short", "short")
    outcome = service.enable(db, PASSWORD, PASSWORD)
    assert len(outcome.recovery_key) == 69 and db.encrypted
    assert service.status(db).encrypted and "已加密" in service.status(db).summary
    add_member(db, add_branch(db, "第二党支部"), 2)  # the same Database object goes on working
    assert _members(db) == 2
    service.set_lock_minutes(db, 5)
    assert service.lock_minutes(db) == 5


def test_restores_keep_encryption_and_refuse_while_locked(tmp_path: Path, encrypted, folder: Path) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.db.restore import restore_file

    path, _ = encrypted
    plain = tmp_path / "plain-backup.sqlite"
    _filled(plain, tmp_path / "other", 3).close()
    with pytest.raises(safe_copy.BackupError, match="解锁"):
        restore_file(plain, path, folder=folder)
    assert not list(path.parent.glob("*.damaged-*"))  # a locked database is never taken for damaged
    service.unlock(path, PASSWORD)
    restore_file(plain, path, folder=folder)  # a plain backup comes back encrypted with the same key
    assert cipher.is_encrypted(path)
    cipher.lock()
    service.unlock(path, PASSWORD)
    db = open_database(path, backup_folder=folder)
    assert _members(db) == 3
    db.close()
    encrypted_backup = backup_info.backup_files(folder, path.stem)[-1][0]  # the oldest: 5 members
    restore_file(encrypted_backup, path, folder=folder)
    db = open_database(path, backup_folder=folder)
    assert _members(db) == 5
    db.close()


def test_sealed_package_of_an_encrypted_database_restores_anywhere(tmp_path: Path, encrypted, folder: Path) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.services.storage.backups import backup_encrypted, restore_backup

    path, _ = encrypted
    service.unlock(path, PASSWORD)
    package = tmp_path / "U盘" / "支部台账.bdsealed"
    backup_encrypted(path, package, "包的密码12345")
    cipher.lock()
    elsewhere = tmp_path / "新电脑" / "台账.sqlite"
    restore_backup(elsewhere, package, password="包的密码12345")
    db = open_database(elsewhere, backup_folder=tmp_path / "b3")
    assert _members(db) == 5
    db.close()


def test_interrupted_key_switch_picks_the_key_file_that_fits(encrypted, folder: Path) -> None:  # type: ignore[no-untyped-def]
    """A crash between writing `<name>.key.next` and renaming: whichever file is in place opens."""
    path, _ = encrypted
    old_key_file = cipher.key_file(path).read_bytes()
    other = cipher.KeyFile.seal(cipher.new_data_key(), "别的密码12345", file_salt=b"x" * 16)
    cipher.write_key_file(path, other, pending=True)  # before the rename: the pending one does not fit
    cipher.unlock(path, PASSWORD)
    assert cipher.key_file(path).read_bytes() == old_key_file
    cipher.lock()
    fitting = cipher.stamped(cipher.read_key_file(path), path)
    cipher.key_file(path).write_text(other.to_json(), encoding="utf-8")  # after the rename, not promoted
    cipher.write_key_file(path, fitting, pending=True)
    cipher.unlock(path, PASSWORD)
    assert not cipher.pending_key_file(path).exists()  # promoted
    assert cipher.read_key_file(path).file_salt == cipher.file_salt(path)


def test_cli_encryption_end_to_end(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.cli.main import main

    path = tmp_path / "命令行 台账.sqlite"
    _filled(path, tmp_path / "bk").close()
    monkeypatch.setenv("BRANCHDESK_NEW_PASSWORD", PASSWORD)
    assert main(["encryption", "enable", "--db", str(path)]) == 0
    shown = capsys.readouterr().out
    assert "恢复密钥" in shown and cipher.is_encrypted(path)
    recovery = next(line.strip() for line in shown.splitlines() if line.count("-") == 13)
    cipher.lock()
    monkeypatch.setenv("BRANCHDESK_PASSWORD", "错误的密码123")
    assert main(["check", "--db", str(path)]) == 6
    assert "密码错误" in capsys.readouterr().out
    cipher.lock()
    monkeypatch.setenv("BRANCHDESK_PASSWORD", PASSWORD)
    out = tmp_path / "名册.xlsx"
    assert main(["export", "roster", "--db", str(path), "--out", str(out)]) == 0
    assert out.is_file()
    cipher.lock()
    monkeypatch.setenv("BRANCHDESK_RECOVERY_KEY", recovery)
    monkeypatch.setenv("BRANCHDESK_NEW_PASSWORD", "恢复后的新密码12")
    assert main(["encryption", "recover", "--db", str(path)]) == 0
    cipher.lock()
    monkeypatch.setenv("BRANCHDESK_PASSWORD", "恢复后的新密码12")
    assert main(["encryption", "disable", "--db", str(path)]) == 0
    assert cipher.has_sqlite_header(path)
    assert main(["encryption", "status", "--db", str(path)]) == 0
    assert "未加密" in capsys.readouterr().out


def test_check_database_verifies_every_encrypted_page(encrypted, folder: Path) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.services.storage.database_check import check_database

    path, _ = encrypted
    service.unlock(path, PASSWORD)
    db = open_database(path, backup_folder=folder)
    report = check_database(db)
    assert report.ok, report.to_text()
    with db.engine.connect() as connection:  # a page of records (the last page may hold the schema)
        root = int(connection.exec_driver_sql("SELECT rootpage FROM sqlite_master WHERE name = 'members'").scalar_one())
        size = int(connection.exec_driver_sql("PRAGMA page_size").scalar_one())
    db.close()
    data = bytearray(path.read_bytes())
    data[(root - 1) * size + size // 2] ^= 0xFF  # one byte of the members' page, changed outside BranchDesk
    path.write_bytes(bytes(data))
    from branchdesk.db.engine import Database, make_engine

    db = Database(make_engine(path))  # as if it happened while the window had it open
    report = check_database(db)
    assert not report.ok and "损坏" in report.to_text() and any("加密页" in p for p in report.integrity)
    db.close()
    with pytest.raises(DamagedDatabaseError):  # and the next start sees it too
        open_database(path, backup_folder=folder)


def test_key_switch_cut_short_after_the_rename_still_opens_with_the_password(encrypted, folder: Path) -> None:  # type: ignore[no-untyped-def]
    path, _ = encrypted
    cipher.key_file(path).rename(cipher.pending_key_file(path))  # the state a crash leaves after the rename
    assert cipher.is_encrypted(path)
    service.unlock(path, PASSWORD)
    db = open_database(path, backup_folder=folder)
    assert _members(db) == 5 and cipher.key_file(path).exists()  # promoted
    db.close()


def test_a_restore_never_changes_how_the_database_is_stored(tmp_path: Path, encrypted, folder: Path) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.db.restore import restore_file

    path, _ = encrypted
    service.unlock(path, PASSWORD)
    encrypted_backup = backup_info.backup_files(folder, path.stem)[0][0]
    plain = tmp_path / "明文 台账.sqlite"
    _filled(plain, tmp_path / "b2", 2).close()
    restore_file(encrypted_backup, plain, folder=tmp_path / "b2")  # encrypted backup over a plain database
    assert cipher.has_sqlite_header(plain) and not cipher.key_file(plain).exists()
    fresh = tmp_path / "新电脑" / "台账.sqlite"  # no database there: the backup keeps its own form
    restore_file(encrypted_backup, fresh, folder=tmp_path / "b3")
    assert cipher.is_encrypted(fresh)


def test_restore_over_an_encrypted_database_without_key_file_is_refused(tmp_path: Path, encrypted, folder: Path) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.db.restore import restore_file

    path, _ = encrypted
    plain = tmp_path / "plain.sqlite"
    _filled(plain, tmp_path / "b2", 1).close()
    cipher.key_file(path).unlink()
    before = path.read_bytes()
    with pytest.raises(safe_copy.BackupError, match="密钥文件"):
        restore_file(plain, path, folder=folder)
    assert path.read_bytes() == before and not list(path.parent.glob("*.damaged-*"))


def test_locked_encrypted_backups_are_listed_and_open_with_password_or_recovery_key(encrypted, folder: Path) -> None:  # type: ignore[no-untyped-def]
    path, result = encrypted
    backup = backup_info.backup_files(folder, path.stem)[0][0]
    assert backup.name.endswith("-before-encryption.sqlite")
    assert file_checks.check_file(backup) == file_checks.NEEDS_KEY  # locked: neither ok nor damaged
    offered = [b.path for b in store.good_backups(path, folder)]
    assert offered == [p for p, _, _ in backup_info.backup_files(folder, path.stem)] and len(offered) == 2  # still offered
    with pytest.raises(service.WrongPasswordError):
        service.unlock_file(backup, "不对的密码12345")
    service.unlock_file(backup, result.recovery_key.replace("-", " ").lower())
    assert service.is_unlocked(backup) and file_checks.check_file(backup) == "ok"
    cipher.lock()
    service.unlock_file(backup, PASSWORD)
    assert service.is_unlocked(backup)


def test_full_width_recovery_key_and_key_file_with_bom(encrypted) -> None:  # type: ignore[no-untyped-def]
    import unicodedata

    path, result = encrypted
    full_width = "".join(chr(ord(c) + 0xFEE0) if c.isalnum() else c for c in result.recovery_key)
    assert unicodedata.normalize("NFKC", full_width) == result.recovery_key
    assert cipher.parse_recovery_key(full_width) == cipher.parse_recovery_key(result.recovery_key)
    text = cipher.key_file(path).read_text(encoding="utf-8")
    cipher.key_file(path).write_text("\ufeff" + text, encoding="utf-8")  # saved by Notepad
    service.unlock(path, PASSWORD)


def test_package_of_an_encrypted_database_is_never_plain_on_disk(tmp_path: Path, encrypted, folder: Path) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.db import sealed_backup as sealed
    from branchdesk.services.storage.backups import backup_encrypted, restore_backup

    path, _ = encrypted
    service.unlock(path, PASSWORD)
    package = tmp_path / "U盘" / "包.bdsealed"
    backup_encrypted(path, package, "包的密码12345")
    assert sealed._parts(package)[0]["format"] == sealed.FORMAT_SQLCIPHER
    cipher.lock()
    payload = sealed.open_package(package, "包的密码12345")
    assert payload.key is not None and not payload.data.startswith(cipher.SQLITE_HEADER)  # still encrypted
    assert "党员".encode() not in payload.data
    cipher.lock()
    service.unlock(path, PASSWORD)
    restore_backup(path, package, password="包的密码12345")  # over the encrypted database
    assert cipher.is_encrypted(path) and not list(path.parent.glob(".*unsealed*"))
    cipher.lock()
    service.unlock(path, PASSWORD)  # its password is unchanged
    db = open_database(path, backup_folder=folder)
    assert _members(db) == 5
    db.close()


def test_an_encrypted_database_can_be_chosen_as_the_default(encrypted) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.paths import configured_database
    from branchdesk.services.storage.database_location import choose_database

    path, _ = encrypted
    choose_database(str(path))  # locked: still a valid choice, its password is asked when opened
    assert Path(configured_database()) == path


def test_new_recovery_key_re_encrypts_database_and_backups_and_voids_the_old_one(db, folder: Path) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.services.storage.backups import backup_now, set_backup_folder

    if db.path is None:
        pytest.skip("a server database is not encrypted by BranchDesk")
    add_member(db, add_branch(db), 1, name=SECRET_NAME)
    set_backup_folder(db, folder)
    first = service.enable(db, PASSWORD, PASSWORD)
    backup = backup_now(db).path
    with pytest.raises(service.WrongPasswordError):
        service.new_recovery_key(db, "错的密码12345678")
    second = service.new_recovery_key(db, PASSWORD)
    assert second.recovery_key != first.recovery_key and second.backups_encrypted >= 1
    assert _members(db) == 1  # the open database goes on working
    cipher.lock()
    service.unlock(db.path, PASSWORD)  # the password is unchanged
    cipher.lock()
    for target in (db.path, backup):
        with pytest.raises(service.WrongPasswordError):
            service.unlock_file(target, first.recovery_key)  # the old recovery key opens nothing
        service.unlock_file(target, second.recovery_key)
        cipher.lock()


def test_backups_that_cannot_be_encrypted_are_named_not_hidden(tmp_path: Path, folder: Path) -> None:
    path = tmp_path / "台账.sqlite"
    _filled(path, folder).close()
    good = store.make_backup(path, "manual", folder).path
    bad = store.make_backup(path, "daily", folder).path
    data = bytearray(bad.read_bytes())
    data[4096:8192] = bytes(4096)  # a damaged page in one backup
    bad.write_bytes(bytes(data))
    from branchdesk.services.storage.backups import set_backup_folder

    db = open_database(path, backup_folder=folder)
    set_backup_folder(db, folder)
    outcome = service.enable(db, PASSWORD, PASSWORD)
    db.close()
    assert cipher.is_encrypted(good) and outcome.backups_encrypted == 2  # and the one made before encrypting
    assert outcome.backups_left == (bad,) and bad.name in outcome.left_text and "明文" in outcome.left_text


def test_a_file_held_by_another_program_on_windows_is_explained() -> None:
    error = PermissionError(13, "The process cannot access the file")
    error.winerror = 32  # type: ignore[attr-defined]  # ERROR_SHARING_VIOLATION
    assert "正被其他程序使用" in explain_os_error(error, Path("D:/台账"))


def test_open_tidies_what_an_interrupted_run_left(tmp_path: Path, folder: Path) -> None:
    """A plain half-copy from an interrupted 关闭加密 is removed; plain backups that were out of reach
    (a USB drive unplugged) are encrypted; a recovery key never shown is a notice until confirmed."""
    path = tmp_path / "台账.sqlite"
    _filled(path, folder).close()
    # a backup made while the database was plain, on a USB drive that is out while encryption is
    # turned on; it comes back without its sidecar, and is known as this database's by its history
    plain_backup = store.make_backup(path, "manual", tmp_path / "U盘").path
    result = encryption.encrypt_file(path, PASSWORD, backup_folder=folder)  # the key was never shown
    late = folder / backup_info.backup_name(path, "manual")
    folder.mkdir(parents=True, exist_ok=True)
    plain_backup.rename(late)  # a plain backup found later in the backup folder
    leftover = path.with_name(path.name + encryption.PARTIAL)
    leftover.write_bytes(late.read_bytes())  # what a kill during 关闭加密 leaves: a plain copy
    db = open_database(path, backup_folder=folder)
    assert not leftover.exists()
    assert cipher.is_encrypted(late)
    assert any("未加密的旧备份，已用数据库的密钥加密" in n for n in db.notices)
    assert any("更换恢复密钥" in n for n in db.notices)
    service.confirm_recovery_key(db)
    db.close()
    db = open_database(path, backup_folder=folder)
    assert not any("更换恢复密钥" in n for n in db.notices)
    db.close()
    assert result.recovery_key
