"""`branchdesk import KIND FILE --db NEW --dry-run` creates and changes no file, for every kind, whether
the dry run succeeds or fails; a dry run into an existing database leaves it byte for byte."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from branchdesk.cli.main import IMPORTERS, main
from branchdesk.paths import configured_database
from tests.shared.real_year import write_year


@pytest.fixture(scope="module")
def year(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    return write_year(tmp_path_factory.mktemp("台账 2025"))


def _file_for(year, kind: str) -> Path:  # type: ignore[no-untyped-def]
    # the five ledgers of a real year; the other kinds are given the roster: their dry run fails
    return getattr(year, kind, year.roster)


def _files(folder: Path) -> set[Path]:
    return set(folder.rglob("*"))


@pytest.mark.parametrize("kind", sorted(IMPORTERS))
def test_a_dry_run_into_a_new_database_creates_no_file(kind: str, year, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "新 文件夹"
    folder.mkdir()
    new = folder / "NEW.sqlite"
    extra = ["--ledger", "2025年巡察反馈问题整改台账"] if kind == "rectification" else []
    code = main(["import", kind, str(_file_for(year, kind)), "--db", str(new), "--dry-run", *extra])
    out = capsys.readouterr().out
    assert "试运行" in out or code != 0, out
    assert not new.exists() and _files(folder) == set()


def test_a_successful_dry_run_reports_what_it_would_do(year, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    new = tmp_path / "NEW.sqlite"
    assert main(["import", "roster", str(year.roster), "--db", str(new), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "（试运行，未写入数据）" in out and "将新增" in out
    assert not new.exists()


def test_a_dry_run_without_db_does_not_create_the_default_database(year, capsys) -> None:  # type: ignore[no-untyped-def]
    default = configured_database()
    assert not Path(default).exists()
    assert main(["import", "roster", str(year.roster), "--dry-run"]) == 0
    assert not Path(default).exists()


def test_a_dry_run_into_an_existing_database_changes_nothing(year, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "台账.sqlite"
    assert main(["import", "roster", str(year.roster), "--db", str(db)]) == 0
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    files = _files(tmp_path)
    assert main(["import", "development", str(year.development), "--db", str(db), "--dry-run"]) == 0
    assert "试运行" in capsys.readouterr().out
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before and _files(tmp_path) == files


def test_a_dry_run_into_an_older_database_works_on_a_copy(year, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    """Opening a database written by an older BranchDesk upgrades it (after a backup); a dry run must
    not: it checks the file against an upgraded copy and leaves the user's file and folder as they were."""
    from branchdesk.db.migrate import behind_this_version, downgrade, open_database

    folder = tmp_path / "旧 版本"
    folder.mkdir()
    db = folder / "台账.sqlite"
    assert main(["import", "roster", str(year.roster), "--db", str(db)]) == 0
    database = open_database(db)
    downgrade(database, "0162@-1")  # the 表决 tables of a later version are not there yet
    database.close()
    assert behind_this_version(db)
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    files = _files(folder)
    from branchdesk import paths

    migration_backups = set(paths.backup_folder().glob("*before-migration*"))
    capsys.readouterr()
    assert main(["import", "development", str(year.development), "--db", str(db), "--dry-run"]) == 0
    assert "试运行" in capsys.readouterr().out
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before and _files(folder) == files
    assert behind_this_version(db), "the file is still at its older version"
    assert set(paths.backup_folder().glob("*before-migration*")) == migration_backups, "nothing was upgraded"


def test_a_current_database_is_not_behind(tmp_path: Path) -> None:
    from branchdesk.db.migrate import behind_this_version, open_database

    db = tmp_path / "台账.sqlite"
    open_database(db).close()
    assert not behind_this_version(db)
    other = tmp_path / "not.sqlite"
    other.write_bytes(b"PK\x03\x04 a workbook")
    assert not behind_this_version(other)


def test_a_dry_run_into_an_older_encrypted_database_works_on_an_encrypted_copy(
        year, tmp_path: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The same for an encrypted file: the copy it checks is encrypted with the same key (never a
    decrypted copy on disk), and the user's file and its key file are left as they were."""
    from branchdesk.db import cipher
    from branchdesk.db.encryption import encrypt_file
    from branchdesk.db.migrate import downgrade, open_database

    password = "试运行测试密码123"
    folder = tmp_path / "加密 台账"
    folder.mkdir()
    db = folder / "台账.sqlite"
    assert main(["import", "roster", str(year.roster), "--db", str(db)]) == 0
    database = open_database(db)
    downgrade(database, "0162@-1")
    database.close()
    encrypt_file(db, password, backup_folder=tmp_path / "备份")
    cipher.lock()
    monkeypatch.setenv("BRANCHDESK_PASSWORD", password)
    before = {path: hashlib.sha256(path.read_bytes()).hexdigest() for path in _files(folder)}
    capsys.readouterr()
    assert main(["import", "development", str(year.development), "--db", str(db), "--dry-run"]) == 0
    assert "试运行" in capsys.readouterr().out
    assert {path: hashlib.sha256(path.read_bytes()).hexdigest() for path in _files(folder)} == before
    cipher.lock()


_KILLED_DRY_RUN = """
import os, sys
from branchdesk.cli import main as cli

def killed(db, path, args):  # the power goes off while the dry run checks the file
    os._exit(9)

cli.IMPORTERS["roster"] = "__main__:killed"
sys.exit(cli.main(["import", "roster", sys.argv[1], "--db", sys.argv[2], "--dry-run"]))
"""


def test_a_killed_dry_runs_copy_of_the_database_is_removed_at_the_next_open(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A dry run into an older database copies the whole database (and the copy's before-upgrade
    backup) into the system's temporary folder. Killed there (power cut, task manager; on Windows
    also a copy still held open when the folder is removed), the copies stayed in the temporary
    folder for good — plain copies of every member's 公民身份号码, also after encryption was turned
    on. The folder carries the process id, and the next open removes it once that process is gone."""
    import os
    import subprocess
    import sys
    import tempfile

    from branchdesk.db.migrate import downgrade, open_database
    from branchdesk.services import session
    from tests.safety_helpers import add_branch, add_member

    db = tmp_path / "旧 版本" / "台账.sqlite"
    db.parent.mkdir()
    database = session.open(db)
    add_member(database, add_branch(database), 1)
    downgrade(database, "0162@-1")
    database.close()
    temp = tmp_path / "系统 临时"
    temp.mkdir()
    roster = tmp_path / "花名册.xlsx"
    roster.write_bytes(b"")
    env = {**os.environ, "TMPDIR": str(temp), "TEMP": str(temp), "TMP": str(temp),
           "PYTHONPATH": os.pathsep.join(sys.path)}
    done = subprocess.run([sys.executable, "-c", _KILLED_DRY_RUN, str(roster), str(db)], env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 9, done.stdout + done.stderr
    left = list(temp.rglob("*.sqlite"))
    assert left, "the killed dry run left its copy in the temporary folder"
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    open_database(tmp_path / "另一个.sqlite").close()
    assert list(temp.iterdir()) == []
