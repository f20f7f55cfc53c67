"""The first bytes of a database file, read without taking SQLite's locks away.

On Linux and macOS SQLite guards a file with POSIX advisory locks, and those belong to the process: when
the process closes *any* descriptor of the file, every lock it holds on that file is gone (SQLite's "How
To Corrupt An SQLite Database File", §2.2). Reading the header with `open(path).read(16)` while this
process has the database open therefore left it unlocked: another BranchDesk (a CLI import while the
window was open) then took itself for the last user of the database, checkpointed and deleted the WAL
and shared-memory files under the window, whose next read saw old data and whose next write went into a
deleted file ("database disk image is malformed").

So a file that SQLite may hold in this process (one in WAL mode: its `-shm` file exists) is read through
a descriptor that stays open for the life of the process and is never closed while the file is in use.
Other files (backups, files chosen for a restore) are read and closed as usual. On Windows locks belong
to the handle that took them and a plain read is harmless, and a handle kept open would stop the file
from being replaced, so it is never kept there.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

_held: dict[str, tuple[tuple[int, int], int]] = {}  # path -> ((device, inode), descriptor kept open)
_lock = threading.Lock()


def read_head(path: Path, size: int) -> bytes:
    """The first `size` bytes of `path` (fewer when it is shorter). Raises OSError as open() does."""
    path = Path(path)
    if os.name == "nt" or not path.with_name(path.name + "-shm").exists():
        with open(path, "rb") as handle:
            return handle.read(size)
    name = os.path.abspath(path)
    with _lock:
        status = os.stat(name)
        key = (status.st_dev, status.st_ino)
        held = _held.get(name)
        if held is None or held[0] != key:
            if held is not None:  # the file was replaced (restore, encryption): the old one is gone
                os.close(held[1])
            _held[name] = held = (key, os.open(name, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0)))
        return os.pread(held[1], size, 0)
