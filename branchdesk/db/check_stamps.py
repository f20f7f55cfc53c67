"""Which database files passed SQLite's quick_check today, as they are now (issue 18).

quick_check reads the whole file: on a district's ten years of sign-in sheets (several hundred MB)
more than a second, at every open — more than the work of the command that opened it. A file that
passed the check today and has not changed since (the same size, modification time and file id, and
no write-ahead log left behind by a session that did not end cleanly) is not checked again that day:
nothing but a failing disk can have changed it, and the first open of the next day checks it again.
Any change at all — a save, a restore, another program, a copy put in its place — means a new check.

The stamps are kept in the data folder (this PC's, this account's): a file brought from another PC
is checked at its first open here.
"""

from __future__ import annotations

import contextlib
import json
import os
from datetime import date
from pathlib import Path

from branchdesk import paths

FILE_NAME = "checked-databases.json"
KEPT = 50  # stamps remembered (the newest)


def _stamps_file() -> Path:
    return paths.data_folder() / FILE_NAME


def _state(path: Path) -> list[int] | None:
    """What changes whenever the file does; None when a write-ahead log is left over (its contents
    would reach the file at the next open, unchecked)."""
    try:
        wal = path.with_name(path.name + "-wal")
        if wal.is_file() and wal.stat().st_size > 0:
            return None
        found = path.stat()
    except OSError:
        return None
    return [found.st_size, found.st_mtime_ns, found.st_ino]


def _load() -> dict[str, dict[str, object]]:
    try:
        data = json.loads(_stamps_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def passed_today(path: Path) -> bool:
    """Did `path`, exactly as it is now, pass quick_check today on this PC?"""
    state = _state(path)
    entry = _load().get(str(Path(path).resolve()))
    return state is not None and isinstance(entry, dict) and entry.get("state") == state \
        and entry.get("day") == date.today().isoformat()


def state_now(path: Path) -> list[int] | None:
    """The file's state, taken before it is checked (see `remember`)."""
    return _state(path)


def remember(path: Path, state: list[int] | None) -> None:
    """Note that `path` in `state` (taken before the check began) passed quick_check today. A stamp
    that cannot be written only means the next open checks again."""
    if state is None or _state(path) != state:  # changed while it was checked: check again next time
        return
    data = _load()
    data[str(Path(path).resolve())] = {"state": state, "day": date.today().isoformat()}
    newest = dict(sorted(data.items(), key=lambda item: str(item[1].get("day", "")))[-KEPT:])
    target = _stamps_file()
    partial = target.with_name(f"{target.name}.{os.getpid()}.partial")
    with contextlib.suppress(OSError):
        target.parent.mkdir(parents=True, exist_ok=True)
        partial.write_text(json.dumps(newest, ensure_ascii=False), encoding="utf-8")
        os.replace(partial, target)
    with contextlib.suppress(OSError):
        partial.unlink(missing_ok=True)
