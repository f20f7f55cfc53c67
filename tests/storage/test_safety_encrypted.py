"""Encrypted backup packages (issue 8): Argon2id + AES-256-GCM; a wrong password or a changed byte
says 密码错误 and restores nothing; the package does not reveal the data."""

from __future__ import annotations

from pathlib import Path

import pytest

from branchdesk.cli.main import main
from branchdesk.db import sealed_backup
from branchdesk.services.storage import backups
from tests.safety_helpers import add_branch, add_member, count

PASSWORD = "支部 备份 2026!"


@pytest.fixture
def package(db, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:  # type: ignore[no-untyped-def]
    branch = add_branch(db)
    add_member(db, branch, 1, name="王芳")
    add_member(db, branch, 2, name="李明")
    db.close()
    out = tmp_path / "U盘" / "支部台账.bdsealed"
    monkeypatch.setenv("BRANCHDESK_BACKUP_PASSWORD", PASSWORD)
    assert main(["backup", "--encrypt", "--out", str(out), "--db", str(db_path)]) == 0
    return out


def test_package_hides_the_data(package: Path) -> None:
    blob = package.read_bytes()
    assert blob.startswith(sealed_backup.MAGIC)
    assert "王芳".encode() not in blob and b"SQLite format 3" not in blob and b"T0000" not in blob
    info = sealed_backup.read_sealed_info(package)
    assert info.counts["members"] == 2


def test_restore_with_password(package: Path, db_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.services import session

    database = session.open(db_path)  # the current database gets a third member first
    add_member(database, 1, 3)
    database.close()
    assert count(db_path) == 3
    assert main(["restore", str(package), "--db", str(db_path)]) == 0
    assert "已从备份恢复" in capsys.readouterr().out
    assert count(db_path) == 2
    assert not list(db_path.parent.glob(".*unsealed*"))  # no decrypted copy left behind


def test_wrong_password_or_changed_byte_restores_nothing(package: Path, db_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch, capsys) -> None:  # type: ignore[no-untyped-def]
    before = db_path.read_bytes()
    monkeypatch.setenv("BRANCHDESK_BACKUP_PASSWORD", "not the password")
    assert main(["restore", str(package), "--db", str(db_path)]) == 4
    out = capsys.readouterr().out
    assert "密码错误" in out and "损坏" not in out
    assert db_path.read_bytes() == before

    blob = bytearray(package.read_bytes())
    blob[-40] ^= 1
    package.write_bytes(bytes(blob))
    with pytest.raises(backups.BackupFailed, match="密码错误"):
        backups.restore_backup(db_path, package, password=PASSWORD)
    with pytest.raises(backups.BackupFailed, match="需要输入"):
        backups.restore_backup(db_path, package)
    assert db_path.read_bytes() == before
    assert not list(db_path.parent.glob(".*unsealed*"))


def test_weak_password_and_missing_out_are_refused(db, db_path: Path, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                   monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    with pytest.raises(backups.BackupFailed, match="至少"):
        backups.backup_encrypted(db, tmp_path / "x.bdsealed", "short")
    assert not (tmp_path / "x.bdsealed").exists()
    db.close()
    monkeypatch.setenv("BRANCHDESK_BACKUP_PASSWORD", PASSWORD)
    assert main(["backup", "--encrypt", "--db", str(db_path)]) == 4
    assert "--out" in capsys.readouterr().out
