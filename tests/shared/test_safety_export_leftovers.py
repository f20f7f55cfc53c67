"""An export killed half-way leaves its temporary in the folder the user chose (a workbook of the
roster, possibly unmasked). The next export to that folder and an open of a database there removed
it — but a folder the user never exports to again (a USB drive's 临时 folder, the desktop once) kept
it for ever. Each export now leaves a note in the data folder while it runs (the temporary's path),
and every database open — the window's start and every command — removes the temporaries those
notes name whose export's process is gone, wherever they are. Only a name of ours, with the
process of its note, is ever removed; a running export's is left alone; a note whose folder is not
there (the USB drive is out) waits for a later open."""

from __future__ import annotations

import os
import time
from pathlib import Path

from openpyxl import Workbook

from branchdesk import export_files
from branchdesk.io.xlsx_writer import save_workbook
from branchdesk.services import session as sessions
from tests.safety_helpers import killed_export


def _notes() -> list[Path]:
    folder = export_files.notes_folder()
    return sorted(folder.iterdir()) if folder.is_dir() else []


def _note(pid: int, partial: Path, *, age_days: float = 0) -> Path:
    folder = export_files.notes_folder()
    folder.mkdir(parents=True, exist_ok=True)
    note = folder / f"{pid}-{'a' * 32}.txt"
    note.write_text(str(partial), encoding="utf-8")
    if age_days:
        then = time.time() - age_days * 86400
        os.utime(note, (then, then))
    return note


def test_opening_any_database_removes_a_killed_exports_temporary_in_a_folder_never_used_again(tmp_path: Path) -> None:
    usb = tmp_path / "U盘" / "临时"
    usb.mkdir(parents=True)
    left = killed_export(usb / "党员名册.xlsx")
    assert left.exists() and len(_notes()) == 1  # the killed export's note stays
    elsewhere = tmp_path / "台账"
    elsewhere.mkdir()
    sessions.open(elsewhere / "branchdesk.sqlite").close()  # the next start, with the database elsewhere
    assert not left.exists()
    assert list(usb.iterdir()) == [] and _notes() == []


def test_a_finished_or_failed_export_leaves_no_note(tmp_path: Path) -> None:
    save_workbook(Workbook(), tmp_path / "统计表.xlsx")
    assert _notes() == []
    try:
        with export_files.written_whole(tmp_path / "名册.pdf") as partial:
            assert len(_notes()) == 1 and _notes()[0].read_text(encoding="utf-8") == str(partial)
            assert export_files.sweep_unfinished() == []  # this window's export under way is left alone
            assert len(_notes()) == 1
            raise OSError("磁盘已满")
    except OSError:
        pass
    assert _notes() == [] and sorted(p.name for p in tmp_path.iterdir()) == ["统计表.xlsx"]


def test_only_a_temporary_of_ours_whose_export_ended_is_removed(tmp_path: Path) -> None:
    running = tmp_path / f"其他.xlsx.branchdesk-{os.getppid()}-0.partial"  # another export still running
    running.write_bytes(b"PK")
    running_note = _note(os.getppid(), running)
    precious = tmp_path / "重要文件.xlsx"  # a note that names no temporary of ours: the file is never touched
    precious.write_bytes(b"PK")
    wrong_note = _note(999_999_991, precious)
    dead = tmp_path / "名册.xlsx.branchdesk-999999992-0.partial"
    dead.write_bytes(b"PK")
    other_pid = _note(999_999_993, dead)  # the temporary names another process than its note
    assert export_files.sweep_unfinished() == []
    assert running.exists() and precious.exists() and dead.exists()
    assert running_note.exists() and not wrong_note.exists() and not other_pid.exists()


def test_a_note_whose_drive_is_out_waits_and_an_old_one_is_forgotten(tmp_path: Path) -> None:
    out = tmp_path / "拔出的U盘" / "名册.xlsx.branchdesk-999999994-0.partial"
    waiting = _note(999_999_994, out)
    assert export_files.sweep_unfinished() == [] and waiting.exists()  # the drive may come back
    forgotten = _note(999_999_995, tmp_path / "拔出的U盘" / "册.xlsx.branchdesk-999999995-0.partial", age_days=100)
    assert export_files.sweep_unfinished() == []
    assert waiting.exists() and not forgotten.exists()


def test_a_note_of_a_process_id_in_use_again_long_after_is_taken_as_ended(tmp_path: Path) -> None:
    """An export takes minutes at most: a note a day old whose process id runs names a reused id."""
    partial = tmp_path / f"名册.xlsx.branchdesk-{os.getppid()}-3.partial"
    partial.write_bytes(b"PK")
    _note(os.getppid(), partial, age_days=2)
    assert export_files.sweep_unfinished() == [partial]
    assert not partial.exists() and _notes() == []
