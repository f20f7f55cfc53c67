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
Here, below the layers, because the workbooks (io/) and the PDFs (reports/) share it."""

from __future__ import annotations

import contextlib
import itertools
import os
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from branchdesk.processes import process_alive

OLD_SUFFIX = ".partial"  # before the process id was in the name: `<name>.partial`
_OURS = re.compile(r"^.+\.branchdesk-(?P<pid>\d+)-\d+\.partial$")
_numbers = itertools.count()
_writing: set[Path] = set()  # this process's exports under way
_lock = threading.Lock()


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


@contextmanager
def written_whole(path: Path) -> Iterator[Path]:
    """The temporary to write the export into; on leaving without an error it becomes `path`. On an
    error the temporary is removed and `path` is as it was."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f"{path.name}.branchdesk-{os.getpid()}-{next(_numbers)}.partial")
    with _lock:
        _writing.add(partial)
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
