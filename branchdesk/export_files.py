"""An export — a workbook or a PDF the user saves — is written whole or not at all: built into a
temporary file beside the chosen one and renamed over it only once every byte is written, so a full
disk or a USB drive pulled out half-way leaves the file saved last time.

A process killed half-way (the task manager, the power) runs no clean-up: its temporary stays in the
folder the user chose, possibly holding unmasked personal data, and nothing else would ever remove
it. So the temporary's name carries the process that writes it — `<name>.branchdesk-<pid>-<n>.partial`
— and every export first removes, from the folder it writes to, the temporaries of exports whose
process is gone (and the `<name>.partial` an older version left for the same name); every database
open sweeps the database's folder likewise (db/leftovers.py). A temporary of an export still running,
in this window or another program, is left alone, and a file not named as ours is never touched.

A folder the user never exports to again (a USB drive's 临时, the desktop once) would keep its
leftover for ever. So while an export runs, a note in the data folder (`exports-under-way/<pid>-…txt`)
names its temporary; the export removes the note when it ends, either way. A note that stays is a
killed export's: every database open (the window's start, every command) removes the temporary it
names once that process is gone (`sweep_unfinished`) — only a name of ours carrying the note's
process, never another file. A note whose folder is missing (the USB drive is out) waits for a later
open, and is forgotten after 90 days.
Here, below the layers, because the workbooks (io/) and the PDFs (reports/) share it."""

from __future__ import annotations

import contextlib
import itertools
import os
import re
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from branchdesk.paths import data_folder
from branchdesk.processes import process_alive

OLD_SUFFIX = ".partial"  # before the process id was in the name: `<name>.partial`
_OURS = re.compile(r"^.+\.branchdesk-(?P<pid>\d+)-\d+\.partial$")
_numbers = itertools.count()
_writing: set[Path] = set()  # this process's exports under way
_notes: set[Path] = set()  # and their notes
_lock = threading.Lock()

NOTES_FOLDER = "exports-under-way"  # in the data folder: one note per export being written
_NOTE = re.compile(r"^(?P<pid>\d+)-[0-9a-f]{32}\.txt$")
REUSED_ID_SECONDS = 24 * 3600  # an export takes minutes: a note this old whose process id runs names a reused id
FORGET_SECONDS = 90 * 24 * 3600  # a note whose folder has been missing this long (a USB drive not seen again)


def sweep_partials(folder: Path) -> list[Path]:
    """Remove the temporaries of killed exports from `folder`; returns what was removed. One whose
    process runs (another program's export, or one of this window's still being written) stays."""
    removed: list[Path] = []
    try:
        found = [(entry, match) for entry in Path(folder).glob("*.partial") if (match := _OURS.match(entry.name))]
    except OSError:
        return removed
    for entry, match in found:
        pid = int(match["pid"])
        with _lock:
            busy = entry in _writing
        if busy or (pid != os.getpid() and process_alive(pid)):
            continue
        with contextlib.suppress(OSError):  # held open by another program (Windows): the next export tries again
            entry.unlink()
            removed.append(entry)
    return removed


def notes_folder() -> Path:
    return data_folder() / NOTES_FOLDER


def _write_note(note: Path, partial: Path) -> bool:
    """Write the note naming `partial` while it is written; False when the data folder takes none
    (the export goes on: the next export to its folder and an open there still sweep it)."""
    try:
        note.parent.mkdir(parents=True, exist_ok=True)
        note.write_text(str(partial.absolute()), encoding="utf-8")
    except OSError:
        _forget(note)
        return False
    return True


def sweep_unfinished() -> list[Path]:
    """Remove the temporaries the notes of killed exports name, wherever they are; returns what was
    removed. A note of an export still running stays, and so does one whose folder is not there."""
    removed: list[Path] = []
    try:
        notes = [(entry, int(match["pid"])) for entry in notes_folder().iterdir() if (match := _NOTE.match(entry.name))]
    except OSError:
        return removed  # no note was ever written
    for note, pid in notes:
        with _lock:
            mine = note in _notes
        try:
            age = time.time() - note.stat().st_mtime
            text = note.read_text(encoding="utf-8").strip()
        except (OSError, UnicodeError):
            continue
        if mine or (pid != os.getpid() and process_alive(pid) and age < REUSED_ID_SECONDS):
            continue  # an export under way
        partial = Path(text)
        named = _OURS.match(partial.name)
        if named is None or int(named["pid"]) != pid or not partial.is_absolute():
            _forget(note)  # names no temporary of that export: the file is never touched
            continue
        try:
            if not partial.parent.is_dir():
                if age >= FORGET_SECONDS:
                    _forget(note)
                continue  # its drive is out: a later open tries again
            if partial.is_file():
                partial.unlink()
                removed.append(partial)
        except OSError:
            continue  # held open by another program (Windows): a later open tries again
        _forget(note)
    return removed


def _forget(note: Path) -> None:
    with contextlib.suppress(OSError):
        note.unlink(missing_ok=True)


@contextmanager
def written_whole(path: Path) -> Iterator[Path]:
    """The temporary to write the export into; on leaving without an error it becomes `path`. On an
    error the temporary is removed and `path` is as it was."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f"{path.name}.branchdesk-{os.getpid()}-{next(_numbers)}.partial")
    note = notes_folder() / f"{os.getpid()}-{uuid.uuid4().hex}.txt"
    with _lock:
        _writing.add(partial)
        _notes.add(note)  # before it exists: a sweep in another thread never takes it for a killed one's
    noted = _write_note(note, partial)
    try:
        sweep_partials(path.parent)
        with contextlib.suppress(OSError):
            path.with_name(path.name + OLD_SUFFIX).unlink(missing_ok=True)
        yield partial
        os.replace(partial, path)
    finally:
        with _lock:
            _writing.discard(partial)
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
        if noted and not partial.exists():  # else kept: a later open removes the temporary
            _forget(note)
        with _lock:
            _notes.discard(note)
