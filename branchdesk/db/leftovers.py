"""Temporary files an interrupted backup, restore or encryption change left behind, removed at every
open (issue 21). A kill at the wrong moment could leave a half-written copy beside the database —
with `关闭加密` or a restore onto a plain database, one holding the data in plain form — and nothing
removed it later.

Every temporary BranchDesk writes has a name made from the file it stands in for, so the sweep goes
by those patterns and never by guessing: the database itself and its key file (`<name>.key`) never
match one. A `<name>.key.next` that fits its file is promoted (the switch happened); one that fits
nothing is removed only when it is more than an hour old (a key switch in progress in another
process takes seconds); so is a rollback journal SQLite will never play back beside a WAL database. Another program's operation whose temporary is removed under it fails
cleanly — its final rename finds nothing — and leaves the database as it was. The temporaries of
exports (workbooks, PDFs) killed half-way in the database's folder go too: export_files.py, by the
process id in their names.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
import socket
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

from branchdesk import export_files
from branchdesk.db import cipher, file_head
from branchdesk.processes import process_alive

SIDE = ("", "-journal", "-wal", "-shm")
PARTIALS = (".partial", ".converting.partial")
KEY_PARTIALS = (".key.partial", ".key.next.partial")
STALE_KEY_SECONDS = 3600
SEAL_TEMP = "branchdesk-seal-"  # sealed_backup.TEMP_PREFIX: kept equal (a test checks it)
DRY_RUN_TEMP = "branchdesk-dry-run-"  # + process id: a dry run's copy of the database (cli/workbooks.py)
BUSY = ".backing-up-"  # + PC, process id and call: a backup being written (`backing_up`)
BUSY_SECONDS = 600  # another PC's mark counts this long (its process cannot be asked from here)
_UNSEALED = re.compile(r"^\.(?P<name>.+)\.unsealed-(?P<pid>\d+)\.sqlite(?P<extra>.*)$")
_TEMP_DIR = re.compile(r"^branchdesk-(?:seal|dry-run)-(?P<pid>\d+)-")


def _remove(path: Path, removed: list[Path]) -> None:
    try:
        if path.is_file() or path.is_symlink():
            path.unlink()
            removed.append(path)
    except OSError:
        pass  # held open by another program (Windows): the next open tries again


def _with_sides(path: Path, removed: list[Path]) -> None:
    for extra in SIDE:
        _remove(path.with_name(path.name + extra), removed)


def _settle_pending_key(database: Path, removed: list[Path]) -> None:
    """`<name>.key.next` left by a switch cut short: promoted when it fits the file (the switch
    happened), removed when it fits nothing here and is old enough not to belong to a switch in
    progress elsewhere (the switch never happened)."""
    pending = cipher.pending_key_file(database)
    try:
        if not pending.is_file():
            return
        sealed = cipher.KeyFile.from_json(pending.read_text(encoding="utf-8-sig"))
        young = time.time() - pending.stat().st_mtime < STALE_KEY_SECONDS
    except (OSError, ValueError, KeyError, TypeError, cipher.CipherError):
        return  # unreadable: left for a person to look at, never guessed away
    if database.is_file() and sealed.file_salt and sealed.file_salt == cipher.file_salt(database):
        with contextlib.suppress(cipher.CipherError):
            cipher.read_key_file(database)  # takes the key file that fits, promoting this one if needed
        return
    if not young and (not database.exists() or cipher.has_sqlite_header(database)
                      or cipher.key_file(database).is_file()):
        _remove(pending, removed)


_WAL_HEADER_OFFSET = 18  # the file format's write and read versions: 2 and 2 in WAL mode
_JOURNAL_MAGIC = 8  # a rollback journal's header starts with it; SQLite zeroes it (and the record
# count) to finish a journal it keeps, and judges one whose first byte is zero not hot


def settle_dead_journal(database: Path, removed: list[Path] | None = None) -> None:
    """`<name>-journal` left by a switch out of WAL mode cut short (the encryption change and the
    restore leave WAL mode first): SQLite judges a journal whose magic number is zeroed not hot and
    never plays it back, and a database in WAL mode never uses a rollback journal, so it stays for
    ever. It is removed when both hold and it is old enough not to belong to a switch in progress in
    another process (which takes milliseconds); any other journal is SQLite's to roll back. Called
    again after the open's first read, which is when SQLite plays back a hot journal: in WAL mode it
    then leaves the journal with its header zeroed instead of deleting it."""
    removed = [] if removed is None else removed
    journal = database.with_name(database.name + "-journal")
    try:
        if not journal.is_file() or time.time() - journal.stat().st_mtime < STALE_KEY_SECONDS:
            return
        with open(journal, "rb") as handle:  # not the database: SQLite keeps no lock on a journal
            magic = handle.read(_JOURNAL_MAGIC)
        versions = file_head.read_head(database, _WAL_HEADER_OFFSET + 2)[_WAL_HEADER_OFFSET:]
    except OSError:
        return
    if magic == bytes(_JOURNAL_MAGIC) and versions == b"\x02\x02":
        _remove(journal, removed)


def sweep_beside(database: Path) -> list[Path]:
    """Remove the temporaries of `database` in its folder; returns what was removed."""
    database = Path(database)
    folder = database.parent
    removed: list[Path] = []
    if not folder.is_dir():
        return removed
    for suffix in PARTIALS:
        _with_sides(database.with_name(database.name + suffix), removed)
    for suffix in KEY_PARTIALS:
        _remove(database.with_name(database.name + suffix), removed)
    _remove(database.with_name(database.name + ".anchor.partial"), removed)
    with contextlib.suppress(OSError):
        for entry in folder.glob(f".{_glob_escape(database.name)}.unsealed-*"):
            match = _UNSEALED.match(entry.name)
            if match and match["name"] == database.name and not process_alive(int(match["pid"])):
                _remove(entry, removed)
    _settle_pending_key(database, removed)
    settle_dead_journal(database, removed)
    removed += export_files.sweep_partials(folder)  # a workbook or PDF killed half-way (the data folder)
    return removed


def _host() -> str:
    """This PC in a mark: the name's letters and digits, and a digest of the whole name — two PCs
    named in Chinese ("党委电脑", "支部电脑") are not one PC (each would be "____")."""
    name = socket.gethostname()
    digest = hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()[:10]
    return f"{re.sub(r'[^A-Za-z0-9_]', '_', name)[:30]}_{digest}"


def _busy_name(stem: str) -> str:
    return f".{stem}{BUSY}"


@contextlib.contextmanager
def backing_up(folder: Path, stem: str) -> Iterator[Path | None]:
    """A mark in the backup folder while this call writes a backup of database `stem` (trial R,
    TR-6): another process's sweep (`sweep_backups`) leaves the half-written files alone while it is
    there. It names this PC, the process and the call (two threads of one window back up apart);
    one whose process has ended is a leftover. Yields the mark (None when it could not be written:
    the backup then fails or succeeds on its own, as before)."""
    mark: Path | None = None
    try:  # (a folder not there yet is made by the copy, as before)
        path = Path(folder) / f"{_busy_name(stem)}{_host()}-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        path.touch()
        mark = path
    except OSError:
        pass
    try:
        yield mark
    finally:
        if mark is not None:
            with contextlib.suppress(OSError):
                mark.unlink()


def _others_backing_up(folder: Path, stem: str, own: Path | None) -> bool:
    """Is a backup of `stem` being written into `folder` by another call? A mark of this PC counts
    while its process runs (a dead one's is removed); a mark of another PC (a database on a shared USB
    drive) while it is younger than BUSY_SECONDS — its process cannot be asked from here."""
    busy = False
    prefix = _busy_name(stem)
    with contextlib.suppress(OSError):
        for entry in folder.iterdir():
            if not entry.name.startswith(prefix) or entry == own:
                continue
            host, _, rest = entry.name[len(prefix):].rpartition("-")[0].rpartition("-")
            try:
                pid = int(rest)
            except ValueError:
                continue
            if host == _host():
                if process_alive(pid):
                    busy = True
                else:
                    _remove(entry, [])
                continue
            try:
                young = time.time() - entry.stat().st_mtime < BUSY_SECONDS
            except OSError:
                continue
            busy = busy or young
            if not young:
                _remove(entry, [])
    return busy


def sweep_backups(folder: Path, stem: str, own: Path | None = None) -> list[Path]:
    """Remove the temporaries of the automatic backups of database `stem` in the backup folder:
    half-written backups and sidecars, half-converted ones (encryption turned on), key-file partials
    and, after an hour, the key files of backups that never got their name. Nothing while another
    process (or another call than `own`, the caller's mark) is writing a backup of it there
    (`backing_up`): its half-written file is work in progress, not a leftover (trial R, TR-6 — two
    processes backing up at once failed each other with "disk I/O error")."""
    removed: list[Path] = []
    folder = Path(folder)
    if not folder.is_dir() or _others_backing_up(folder, stem, own):
        return removed
    ours = re.compile(re.escape(stem) + r"-\d{8}-\d{6}-\d{6}-[a-z-]+\.sqlite(?P<rest>\..+)$")
    endings = {*PARTIALS, ".json.partial", *KEY_PARTIALS}
    endings |= {p + extra for p in PARTIALS for extra in SIDE[1:]}
    with contextlib.suppress(OSError):
        for entry in folder.glob(_glob_escape(stem) + "-*.sqlite.*"):
            match = ours.match(entry.name)
            if match is None:
                continue
            rest = match["rest"]
            if rest in endings:
                _remove(entry, removed)
            elif rest in (cipher.KEY_SUFFIX, cipher.KEY_SUFFIX + ".next") and _orphan(entry, rest):
                _remove(entry, removed)  # the key file of a backup cut short before it got its name
            elif rest == cipher.KEY_SUFFIX + ".next":
                _settle_pending_key(entry.with_name(entry.name[: -len(rest)]), removed)
    return removed


def _orphan(key: Path, suffix: str) -> bool:
    try:
        old = time.time() - key.stat().st_mtime >= STALE_KEY_SECONDS  # a young one may be mid-backup
    except OSError:
        return False
    return old and not key.with_name(key.name[: -len(suffix)]).exists()


def sweep_temporary_folders() -> list[Path]:
    """Remove the temporary folders of encrypted packages whose making was cut short (they hold
    encrypted copies only, but nobody else would ever remove them), and of dry runs killed half-way
    (a copy of the whole database, plain when the database is, and its before-upgrade backup). The
    folder's name carries the process id: one whose process still runs is left alone."""
    removed: list[Path] = []
    with contextlib.suppress(OSError):
        with os.scandir(tempfile.gettempdir()) as found:  # a PC's temp folder holds thousands: no glob
            ours = [(Path(e.path), match) for e in found if (match := _TEMP_DIR.match(e.name))]
        for entry, match in ours:
            if entry.is_dir() and not process_alive(int(match["pid"])):
                shutil.rmtree(entry, ignore_errors=True)
                removed.append(entry)
    return removed


def _glob_escape(text: str) -> str:
    """A file name as a literal glob pattern ([, ], *, ? are legal in Windows file names too)."""
    return re.sub(r"([\[\]*?])", r"[\1]", text)
