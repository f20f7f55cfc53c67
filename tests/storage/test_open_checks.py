"""Opening does no avoidable work (issue 18): SQLite's quick_check reads the whole file, so a file
that passed it today and has not changed since is not read through again; any change — a save by
BranchDesk, a write by another program, damage — and the next day mean a new check."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from branchdesk.db import check_stamps, file_checks
from branchdesk.db.migrate import DamagedDatabaseError, open_database
from tests.safety_helpers import add_branch, add_member


@pytest.fixture
def checks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The quick_checks run (the full integrity_check of verify is not counted)."""
    run: list[str] = []
    real = file_checks.check_connection

    def counted(connection, *, full: bool = True):  # type: ignore[no-untyped-def]
        if not full:
            run.append("quick_check")
        return real(connection, full=full)

    monkeypatch.setattr(file_checks, "check_connection", counted)
    return run


@pytest.fixture
def closed(db, db_path: Path) -> Path:  # type: ignore[no-untyped-def]
    add_member(db, add_branch(db), 1)
    db.close()
    return db_path


def _open_and_close(path: Path) -> None:
    open_database(path, auto_backup=False).close()


def test_an_unchanged_file_is_checked_once_a_day(closed: Path, checks: list[str]) -> None:
    _open_and_close(closed)
    _open_and_close(closed)
    _open_and_close(closed)
    assert checks == ["quick_check"]


def test_a_save_means_a_new_check(closed: Path, checks: list[str]) -> None:
    database = open_database(closed, auto_backup=False)
    add_member(database, 1, 2)
    database.close()
    _open_and_close(closed)
    assert checks == ["quick_check", "quick_check"]


def test_damage_right_after_a_check_is_found(closed: Path, checks: list[str]) -> None:
    _open_and_close(closed)
    with closed.open("r+b") as handle:
        for page in range(1, closed.stat().st_size // 4096):
            handle.seek(page * 4096)
            handle.write(b"\xa5" * 64)
    with pytest.raises(DamagedDatabaseError):
        open_database(closed, auto_backup=False)


def test_the_next_day_checks_again(closed: Path, checks: list[str]) -> None:
    _open_and_close(closed)
    stamps = check_stamps._stamps_file()
    data = json.loads(stamps.read_text(encoding="utf-8"))
    for entry in data.values():
        entry["day"] = "2000-01-01"
    stamps.write_text(json.dumps(data), encoding="utf-8")
    _open_and_close(closed)
    assert checks == ["quick_check", "quick_check"]


def test_a_log_left_behind_means_a_check(closed: Path, checks: list[str]) -> None:
    _open_and_close(closed)
    closed.with_name(closed.name + "-wal").write_bytes(b"\0" * 32)  # as a session that did not end cleanly
    assert not check_stamps.passed_today(closed)
