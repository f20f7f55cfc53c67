"""The PC's clock set back (trial R, TR-5): after a year of backups, the clock at a date a year
earlier made every new backup "older" than those already there by the date in its name, and the
rotation deleted it the moment it was made — the backup before an import was gone before the
import wrote. The backup just made is never rotated away; backups whose names are dated after now
are rotated among themselves, never in place of the files made now; the newest file by its file
time stays."""

from __future__ import annotations

import os
from datetime import datetime, timedelta
from pathlib import Path

from branchdesk.db import backup, backup_info, backup_rotation
from tests.safety_helpers import add_branch, add_member


def _year_of_backups(folder: Path, stem: str, until: datetime) -> list[Path]:
    """One backup every three days for a year up to `until` (their files dated so as well)."""
    folder.mkdir(parents=True, exist_ok=True)
    made = []
    for i in range(120):
        when = until - timedelta(days=3 * i)
        path = folder / backup_info.backup_name(Path(f"{stem}.sqlite"), "before-import", when)
        path.write_bytes(b"x")
        os.utime(path, (when.timestamp(), when.timestamp()))
        made.append(path)
    return made


def test_the_backup_made_now_is_kept_when_the_clock_went_back(db, db_path: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    add_member(db, add_branch(db), 1)
    db.close()
    folder = tmp_path / "备份"
    year_later = datetime.now() + timedelta(days=365)
    _year_of_backups(folder, db_path.stem, year_later)
    backup_rotation.rotate_backups(folder, db_path.stem)  # as a year of use left them
    before = {p for p, _c, _r in backup_info.backup_files(folder, db_path.stem)}
    for _ in range(3):  # three imports, each with its backup first
        info = backup.make_backup(db_path, "before-import", folder)
        assert info.path.is_file(), "the backup just made was rotated away"
    now_dated = [p for p, created, _r in backup_info.backup_files(folder, db_path.stem) if created < year_later
                 - timedelta(days=300)]
    assert len(now_dated) == 3
    # the backups of the year ahead are not deleted to make room for the ones made now
    assert before <= {p for p, _c, _r in backup_info.backup_files(folder, db_path.stem)}


def test_the_newest_file_survives_a_rotation_of_future_dated_names(tmp_path: Path) -> None:
    """Without being told which backup was just made: the file made last (by its file time) stays,
    and backups dated after now are rotated among themselves."""
    now = datetime.now()
    future = _year_of_backups(tmp_path, "db", now + timedelta(days=400))
    newest = tmp_path / backup_info.backup_name(Path("db.sqlite"), "daily", now - timedelta(days=40))
    newest.write_bytes(b"x")  # its name says 40 days ago, but it is the file written last
    removed = backup_rotation.rotate_backups(tmp_path, "db")
    assert newest.is_file() and newest not in removed
    left = [p for p in future if p.is_file()]
    assert 20 <= len(left) < 40  # rotated as a year of backups is (test_rotate_deletes_old_files_and_partials)
    assert max(future, key=lambda p: p.name) in left


def test_the_rotation_reads_the_clock_the_backup_was_named_by(db, db_path: Path, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                             monkeypatch) -> None:
    """Re-trial 11, N-2: three backups made with the clock a year back (the clock read by
    make_backup) and a year of future-dated ones: the rotation took its own reading of the clock,
    so the ones made "now" counted as last year's and each new one removed the one before (1 of 3
    left). The rotation judges by the time the backup was made: all three stay, none removed for a
    future-dated one."""
    add_member(db, add_branch(db), 1)
    db.close()
    folder = tmp_path / "备份"
    real_now = datetime.now()
    future = _year_of_backups(folder, db_path.stem, real_now - timedelta(days=2))
    backup_rotation.rotate_backups(folder, db_path.stem)
    before = {p for p, _c, _r in backup_info.backup_files(folder, db_path.stem)}

    class Clock(datetime):
        value = real_now

        @classmethod
        def now(cls, tz=None):
            return cls.value

    monkeypatch.setattr(backup, "datetime", Clock)
    made = []
    for days in (365, 364, 361):  # the PC's clock set back a year, three imports on three days
        Clock.value = real_now - timedelta(days=days)
        made.append(backup.make_backup(db_path, "before-import", folder).path)
    assert [p.is_file() for p in made] == [True, True, True]
    assert before <= {p for p, _c, _r in backup_info.backup_files(folder, db_path.stem)}
    assert future
