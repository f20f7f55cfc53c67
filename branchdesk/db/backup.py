"""Backups of a SQLite database file that can be trusted after a power cut (issue 8).

A backup is made with SQLite's online backup API (a consistent snapshot even while the window has the
database open in WAL mode) into `<name>.partial`, switched to a single-file journal mode, checked with
`integrity_check`, flushed to the disk with fsync and only then renamed to its final name; the folder
is fsynced too. A crash at any moment leaves either no file or a whole one under the final name.

Automatic backups live in one folder (a setting, default `paths.backup_folder()`, possibly a USB
drive), named `<database stem>-<YYYYmmdd-HHMMSS-ffffff>-<reason>.sqlite`, each with a small JSON
sidecar holding its record counts (and the database it was made of) so the 设置 page can list them
without opening every file. Databases of the same file name share the folder: each one's daily
backup, list, restore offer, rotation and encryption take only its own backups (`own_backups`). The
rotation keeps more than Anki does: the newest `KEEP_RECENT`, plus one per day for 12 days, one per
ISO week for 10 weeks and one per month for 9 months. Backups taken before a restore, a migration or
an encryption change are pinned for 90 days outside the rotation, and the newest of the fullest
backups is never rotated away, so a run of empty backups cannot push the last good one out (issue 21).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import platform
import re
import sqlite3
import sys
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime, timedelta
from pathlib import Path

from branchdesk import paths
from branchdesk.db import cipher
from branchdesk.db import files as dbfiles
from branchdesk.db.problems import explain_database_problem, explain_os_error

SQLITE_HEADER = cipher.SQLITE_HEADER
BACKUP_SUFFIX = ".sqlite"
PARTIAL_SUFFIX = ".partial"
SETTING_KEY = "backup.folder"
KEEP_RECENT = 10
KEEP_DAILY = 12
KEEP_WEEKLY = 10
KEEP_MONTHLY = 9
REASONS = {
    "daily": "每日自动备份",
    "before-migration": "升级数据库前",
    "before-import": "导入前",
    "before-restore": "恢复前",
    "before-encryption": "更改加密设置前",
    "manual": "手动备份",
}
PINNED = frozenset({"before-migration", "before-restore", "before-encryption"})  # kept PIN_DAYS days
PIN_DAYS = 90
NOT_DATA = frozenset({"change_log", "settings",  # tables that are not records a user entered
                      "exchange_site", "exchange_peers", "exchange_units", "exchange_packages", "exchange_conflicts"})
_NAME = re.compile(r"^(?P<stem>.+)-(?P<stamp>\d{8}-\d{6}-\d{6})-(?P<reason>[a-z-]+)\.sqlite$")
_STAMP = "%Y%m%d-%H%M%S-%f"
_SKIPPED_TABLES = ("alembic_version",)
NEEDS_KEY = "已加密，需要先输入密码（或恢复密钥）才能检查"  # check_file of a locked encrypted file


class BackupError(Exception):
    """A backup or restore could not be made; the message says why in plain Chinese."""


@dataclass(frozen=True)
class BackupInfo:
    """A backup file as the backup list shows it: when, why, its size, contents and revisions."""

    path: Path
    created: datetime
    reason: str
    size: int
    counts: dict[str, int] = field(default_factory=dict)
    revisions: tuple[str, ...] = ()
    fingerprint: str = ""
    history: History | None = None  # the change history's first and last rows in this backup
    source: str = ""  # the database file it was made of (`database_key`); "" when not known

    @property
    def chain(self) -> str | None:
        """The change history's chain the backup holds (db/anchor.py): None without history."""
        return self.history.first if self.history is not None else None


@dataclass(frozen=True)
class History:
    """A backup's witness of the change history (db/anchor.py): which chain (its first row's hash),
    how far it went (the last row), and for an encrypted backup a signature under the data key."""

    first: str
    head_id: int
    head_hash: str
    mac: str = ""
    key_check: str = ""

    def signed_with(self, key: bytes, created: datetime) -> History:
        from branchdesk.db import anchor

        head = anchor.Head(self.head_id, self.head_hash)
        return History(self.first, self.head_id, self.head_hash,
                       mac=anchor.mac_of(head, created.isoformat(), "backup:" + self.first, key),
                       key_check=cipher.key_check(key))

    def signature_ok(self, key: bytes, created: datetime) -> bool | None:
        """True/False for a signature made with `key`; None when unsigned or made with another key."""
        import hmac as _hmac

        if not self.mac or self.key_check != cipher.key_check(key):
            return None
        return _hmac.compare_digest(self.mac, self.signed_with(key, created).mac)


# ---------------------------------------------------------------- low-level file helpers

def fsync_file(path: Path) -> None:
    with open(path, "rb+") as handle:
        os.fsync(handle.fileno())


def fsync_folder(folder: Path) -> None:
    """Make a rename durable (POSIX); Windows has no directory handles to sync, and NTFS journals renames."""
    if sys.platform == "win32":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def check_connection(connection: sqlite3.Connection, *, full: bool = True) -> str:
    """'ok', or the first problem SQLite reports (integrity_check is thorough, quick_check fast)."""
    pragma = "integrity_check" if full else "quick_check"
    try:
        rows = connection.execute(f"PRAGMA {pragma}").fetchall()
    except dbfiles.database_errors() as exc:
        return str(exc)
    first = rows[0][0] if rows else "no result"
    return "ok" if first == "ok" and len(rows) == 1 else "；".join(str(r[0]) for r in rows[:3])


def check_file(path: Path, *, full: bool = True) -> str:
    """Check a closed database file without writing to it; 'ok' or the problem, in words."""
    if not Path(path).is_file():
        return "文件不存在"
    if not dbfiles.is_database_file(path):
        return "不是 SQLite 数据库文件"
    try:
        connection = dbfiles.open_file(path, read_only=True)
    except cipher.KeyRequired:
        return NEEDS_KEY
    except dbfiles.errors() as exc:
        return str(exc)
    try:
        return check_connection(connection, full=full)
    finally:
        connection.close()


def table_names(connection: sqlite3.Connection) -> list[str]:
    rows = connection.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
    ).fetchall()
    return [r[0] for r in rows if r[0] not in _SKIPPED_TABLES]


def record_counts(connection: sqlite3.Connection) -> dict[str, int]:
    return {name: connection.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]
            for name in table_names(connection)}


def read_revisions(connection: sqlite3.Connection) -> tuple[str, ...]:
    try:
        rows = connection.execute("SELECT version_num FROM alembic_version ORDER BY version_num").fetchall()
    except dbfiles.database_errors():
        return ()
    return tuple(r[0] for r in rows)


def fingerprint(connection: sqlite3.Connection) -> str:
    """A digest that changes whenever the data does: counts, the newest change stamp of every table
    and the head of the change history. Equal fingerprints mean a new daily backup would add nothing."""
    digest = hashlib.sha256()
    for name in table_names(connection):
        columns = {r[1] for r in connection.execute(f'PRAGMA table_info("{name}")')}
        parts = ["count(*)"]
        if "updated_at" in columns:
            parts.append("max(updated_at)")
        if "deleted_at" in columns:
            parts.append("count(deleted_at)")
        if name == "change_log" and "hash" in columns:
            parts.append("(SELECT hash FROM change_log ORDER BY id DESC LIMIT 1)")
        elif name == "settings":
            parts.append("group_concat(key || '=' || value, char(31))")
        row = connection.execute(f'SELECT {", ".join(parts)} FROM "{name}"').fetchone()
        digest.update(repr((name, *row)).encode("utf-8"))
    digest.update(repr(read_revisions(connection)).encode("utf-8"))
    return digest.hexdigest()


def read_history(connection: sqlite3.Connection) -> History | None:
    from branchdesk.db import anchor

    head, first = anchor.head_of(connection), anchor.first_hash(connection)
    return History(first, head.id, head.hash) if head and first else None


def describe(path: Path, created: datetime | None = None, reason: str = "manual") -> BackupInfo:
    """Open a (closed) backup read-only and read its counts, revisions, fingerprint and history head
    (signed for an encrypted backup whose key is unlocked)."""
    connection = dbfiles.open_file(path, read_only=True)
    try:
        when = created or datetime.fromtimestamp(Path(path).stat().st_mtime)
        history = read_history(connection)
        key = dbfiles.key_of(path)
        if history is not None and key is not None:
            history = history.signed_with(key, when)
        return BackupInfo(
            path=Path(path), created=when,
            reason=reason, size=Path(path).stat().st_size, counts=record_counts(connection),
            revisions=read_revisions(connection), fingerprint=fingerprint(connection), history=history,
        )
    finally:
        connection.close()


# ---------------------------------------------------------------- making a backup

def copy_checked(src: sqlite3.Connection, partial: Path, key: bytes | None = None) -> str:
    """Copy an open database (closed afterwards) into `partial` with the online backup API, leave
    the copy in rollback-journal mode (one self-contained file) and return its integrity_check.
    An encrypted source (`key`) gives a copy encrypted with the same key."""
    try:
        dst = dbfiles.new_file(partial, key)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode = DELETE")
            return check_connection(dst, full=True)
        finally:
            dst.close()
    finally:
        src.close()


def copy_database(source: Path, target: Path) -> Path:
    """Consistent copy of `source` to `target`: partial file, check, fsync, rename, fsync folder.

    Raises BackupError (Chinese) on any failure; the target is then untouched and no partial remains.
    """
    source, target = Path(source), Path(target)
    if not dbfiles.is_database_file(source):
        raise BackupError(f"“{source.name}”不是 SQLite 数据库文件，无法备份")
    partial = target.with_name(target.name + PARTIAL_SUFFIX)
    try:
        key = dbfiles.key_of(source)
        target.parent.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(FileNotFoundError):
            partial.unlink()
        problem = copy_checked(dbfiles.open_file(source, key=key), partial, key)
        if problem != "ok":
            raise BackupError(f"备份副本未通过完整性检查（{explain_database_problem(problem)}），原数据库可能已损坏，请运行“检查数据库”")
        fsync_file(partial)
        if key is not None:  # the copy opens with the same password: its own key file (pending until
            # the copy is in place, so an older file under this name keeps the key file that fits it)
            cipher.write_key_file(target, cipher.stamped(cipher.read_key_file(source), partial), pending=True)
        os.replace(partial, target)
        with contextlib.suppress(OSError):  # tidying up: cipher.read_key_file resolves a cut-short state
            fsync_folder(target.parent)
            if key is not None:
                os.replace(cipher.pending_key_file(target), cipher.key_file(target))
            else:
                cipher.remove_key_files(target)
    except BackupError:
        discard_partial(partial)
        raise
    except cipher.KeyRequired as exc:
        discard_partial(partial)
        raise BackupError("数据库已加密且已锁定，请先输入密码解锁再备份") from exc
    except (OSError, *dbfiles.errors()) as exc:
        discard_partial(partial)
        raise BackupError("备份失败：" + explain_os_error(exc, target.parent)) from exc
    except BaseException:
        discard_partial(partial)
        raise
    return target


def discard_partial(partial: Path) -> None:
    with contextlib.suppress(OSError):
        partial.unlink()
    for extra in ("-journal", "-wal", "-shm"):
        with contextlib.suppress(OSError):
            partial.with_name(partial.name + extra).unlink()


def configured_folder(database: Path) -> Path:
    """The backup folder chosen in 设置 (stored in the database itself), else the default one."""
    if Path(database).is_file() and dbfiles.is_database_file(database):
        try:
            connection = dbfiles.open_file(database, read_only=True)
            try:
                row = connection.execute("SELECT value FROM settings WHERE key = ?", (SETTING_KEY,)).fetchone()
            finally:
                connection.close()
            if row and row[0].strip():
                return Path(row[0].strip()).expanduser()
        except (cipher.CipherError, *dbfiles.errors()):  # locked or damaged: the default folder
            pass
    return paths.backup_folder()


def backup_name(database: Path, reason: str, when: datetime | None = None) -> str:
    return f"{Path(database).stem}-{(when or datetime.now()).strftime(_STAMP)}-{reason}{BACKUP_SUFFIX}"


def make_backup(database: Path, reason: str, folder: Path | None = None, *, rotate: bool = True) -> BackupInfo:
    """An automatic backup of `database` into the backup folder, with its sidecar; rotates afterwards."""
    database = Path(database)
    folder = Path(folder) if folder is not None else configured_folder(database)
    when = datetime.now()
    target = folder / backup_name(database, reason, when)
    copy_database(database, target)
    info = replace(describe(target, created=when, reason=reason), source=database_key(database))
    _write_sidecar(info)
    _advance_anchor(database, target)
    if rotate:
        with contextlib.suppress(OSError):
            rotate_backups(folder, database.stem, database)
    return info


# ---------------------------------------------------------------- whose backup is it

def database_key(database: Path) -> str:
    """A database file as a backup's sidecar names it: this computer's name and the file's full path,
    in the system's spelling (Windows compares paths without case). The computer's name, because a
    backup folder on a USB drive may serve two PCs whose databases have the same path
    (C:\\Users\\Administrator\\AppData\\… on both)."""
    return f"{platform.node()}|{os.path.normcase(str(Path(database).resolve()))}"


def chain_of(database: Path) -> str | None:
    """The chain of `database`'s change history (db/anchor.py): the backups and restored copies made
    from it share it, another database never does. None when it cannot be read (locked, damaged,
    no history yet)."""
    from branchdesk.db import anchor

    try:
        connection = dbfiles.open_file(database, read_only=True)
    except (cipher.CipherError, OSError, *dbfiles.errors()):
        return None
    try:
        return anchor.first_hash(connection)
    finally:
        connection.close()


def belongs(info: BackupInfo, source: str, chain: str | None, *, strict: bool = False) -> bool:
    """Is the backup `info` one of the database `source` (`database_key`) whose history is `chain`?

    The folder is shared by every database of this PC and names backups by the file name only, so
    the committee's branchdesk.sqlite and a branch's branchdesk.sqlite opened from a USB drive both
    write `branchdesk-….sqlite`. A backup is this database's when it was made of this file, or
    holds this database's chain (the file was moved, or is a restored copy). One whose sidecar
    names another file and holds another chain (or none) is the other database's. A backup that
    says neither (made by an older version, its sidecar lost) and has no chain to compare counts as
    this one's unless `strict` (is today's backup made? — only a backup known to be this one's)."""
    if info.source and info.source == source:
        return True
    if chain is not None and info.chain == chain:
        return True
    if info.source or strict:
        return False
    return info.chain is None or chain is None


def own_backups(database: Path, folder: Path, *, strict: bool = False) -> list[tuple[Path, datetime, str]]:
    """`backup_files` of `database`'s file name that are its own (`belongs`), newest first. One that
    cannot be read (locked, damaged) is kept unless `strict`: it is listed as unusable, never hidden."""
    return _own_backups(database, folder, chain_of(database), strict=strict)


def _own_backups(database: Path, folder: Path, chain: str | None, *,
                 strict: bool) -> list[tuple[Path, datetime, str]]:
    source = database_key(database)
    found = []
    for entry in backup_files(folder, Path(database).stem):
        try:
            mine = belongs(read_info(entry[0]), source, chain, strict=strict)
        except (OSError, cipher.CipherError, *dbfiles.errors()):
            mine = not strict
        if mine:
            found.append(entry)
    return found


def _advance_anchor(database: Path, copy: Path) -> None:
    """The database's history anchor moves to the head the backup just recorded (db/anchor.py)."""
    from branchdesk.db import anchor

    with contextlib.suppress(cipher.CipherError, OSError, *dbfiles.errors()):
        key = dbfiles.key_of(copy)
        connection = dbfiles.open_file(copy, read_only=True)
        try:
            anchor.advance(database, connection, key)
        finally:
            connection.close()


def _sidecar(path: Path) -> Path:
    return path.with_name(path.name + ".json")


def _write_sidecar(info: BackupInfo) -> None:
    data: dict[str, object] = {"created": info.created.isoformat(), "reason": info.reason, "size": info.size,
                               "counts": info.counts, "revisions": list(info.revisions),
                               "fingerprint": info.fingerprint}
    if info.history is not None:
        data["history"] = asdict(info.history)
    sidecar = _sidecar(info.path)
    source = info.source or _sidecar_source(sidecar)  # a re-encrypted backup keeps the file it was made of
    if source:
        data["source"] = source
    partial = sidecar.with_name(sidecar.name + PARTIAL_SUFFIX)
    try:
        partial.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        os.replace(partial, sidecar)
    except OSError:
        discard_partial(partial)  # the sidecar is only a cache: listing reads the file when it is missing


def _sidecar_source(sidecar: Path) -> str:
    try:
        source = json.loads(sidecar.read_text(encoding="utf-8")).get("source")
    except (OSError, ValueError, AttributeError):
        return ""
    return source if isinstance(source, str) else ""


def backup_reason(path: Path) -> str | None:
    """Why a file named as BranchDesk names its backups was made ("before-import" …); None for any
    other file name (a database file picked from a USB drive is not a backup of any kind)."""
    match = _NAME.match(Path(path).name)
    return match["reason"] if match else None


def read_info(path: Path) -> BackupInfo:
    """A backup's details from its sidecar, or from the file itself when the sidecar is missing."""
    match = _NAME.match(path.name)
    created = datetime.strptime(match["stamp"], _STAMP) if match else None
    reason = match["reason"] if match else "manual"
    sidecar = _sidecar(path)
    if sidecar.is_file():
        try:
            data = json.loads(sidecar.read_text(encoding="utf-8"))
            if data.get("size") == path.stat().st_size:
                history = History(**data["history"]) if isinstance(data.get("history"), dict) else None
                return BackupInfo(path=path, created=created or datetime.fromisoformat(data["created"]),
                                  reason=reason, size=data["size"], counts=dict(data["counts"]),
                                  revisions=tuple(data["revisions"]), fingerprint=data["fingerprint"],
                                  history=history, source=str(data.get("source") or ""))
        except (OSError, ValueError, KeyError, TypeError):
            pass
    return describe(path, created=created, reason=reason)


def backup_files(folder: Path, stem: str | None = None) -> list[tuple[Path, datetime, str]]:
    """(path, created, reason) of the automatic backups in `folder`, newest first."""
    found: list[tuple[Path, datetime, str]] = []
    if not Path(folder).is_dir():
        return found
    for path in Path(folder).iterdir():
        match = _NAME.match(path.name)
        if match is None or (stem is not None and match["stem"] != stem):
            continue
        found.append((path, datetime.strptime(match["stamp"], _STAMP), match["reason"]))
    found.sort(key=lambda item: item[1], reverse=True)
    return found


def backups_to_keep(created: Iterable[datetime]) -> set[datetime]:
    """The rotation: newest KEEP_RECENT, newest of each of the last 12 days, 10 weeks and 9 months."""
    ordered = sorted(set(created), reverse=True)
    keep = set(ordered[:KEEP_RECENT])
    for key, limit in ((lambda d: d.date(), KEEP_DAILY),
                       (lambda d: d.isocalendar()[:2], KEEP_WEEKLY),
                       (lambda d: (d.year, d.month), KEEP_MONTHLY)):
        seen: list[object] = []
        for stamp in ordered:
            bucket = key(stamp)
            if bucket not in seen:
                seen.append(bucket)
                if len(seen) > limit:
                    break
                keep.add(stamp)
    return keep


def data_records(counts: dict[str, int]) -> int:
    """Rows a user entered: every table but the change history and the settings."""
    return sum(n for table, n in counts.items() if table not in NOT_DATA)


def fullest_backup(files: list[tuple[Path, datetime, str]]) -> Path | None:
    """The newest of the backups holding the most records (their sidecars say how many). Ten failed
    imports after a restore of an empty file once left only empty backups: whatever happens newer,
    this one is never rotated away (issue 21)."""
    best: tuple[int, datetime] | None = None
    found: Path | None = None
    for path, created, _ in files:
        try:
            records = data_records(read_info(path).counts)
        except (OSError, cipher.CipherError, *dbfiles.errors()):
            continue  # locked or unreadable: its count is unknown, it cannot be the guard
        if best is None or (records, created) > best:
            best, found = (records, created), path
    return found if best and best[0] > 0 else None


def pinned(reason: str, created: datetime, now: datetime | None = None) -> bool:
    """Backups taken before a restore, a migration or an encryption change stay PIN_DAYS days,
    outside the rotation: they are the way back from the step that followed them."""
    return reason in PINNED and (now or datetime.now()) - created < timedelta(days=PIN_DAYS)


def rotate_backups(folder: Path, stem: str, database: Path | None = None) -> list[Path]:
    """Delete the automatic backups the rotation no longer needs, and stale partial files. Pinned
    backups and the fullest one are kept whatever the rotation says. With `database`, only its own
    backups are rotated (`own_backups`): another database of the same file name rotates its own."""
    from branchdesk.db import leftovers

    files = own_backups(database, folder) if database is not None else backup_files(folder, stem)
    now = datetime.now()
    rotating = [(path, created) for path, created, reason in files if not pinned(reason, created, now)]
    keep = backups_to_keep(created for _, created in rotating)
    guard = fullest_backup(files) if any(created not in keep for _, created in rotating) else None
    removed: list[Path] = []
    for path, created in rotating:
        if created not in keep and path != guard:
            path.unlink()
            with contextlib.suppress(FileNotFoundError):
                _sidecar(path).unlink()
            with contextlib.suppress(OSError):
                cipher.remove_key_files(path)
            removed.append(path)
    leftovers.sweep_backups(folder, stem)
    return removed


def daily_backup_due(database: Path, folder: Path, today: datetime | None = None) -> bool:
    """True at the first open of a day when the data changed since the newest backup."""
    from branchdesk.db import anchor

    day = (today or datetime.now()).date()
    connection = dbfiles.open_file(database, read_only=True)
    try:
        chain = anchor.first_hash(connection)  # one row: which backups are this database's
        files = _own_backups(database, folder, chain, strict=True)
        if any(created.date() == day for _, created, _ in files):
            return False  # the usual case of a day's later opens: no fingerprint read (issue 18: 40 ms
        if not files:  # of counting every table of a district's database at every open)
            return True
        current = fingerprint(connection)
    finally:
        connection.close()
    for path, _, _ in files:
        try:
            return read_info(path).fingerprint != current
        except (OSError, cipher.CipherError, *dbfiles.errors()):
            continue  # an unreadable backup does not count; look at the next one
    return True


def good_backups(database: Path, folder: Path | None = None, *, limit: int | None = None) -> list[BackupInfo]:
    """Backups of `database` that pass their own integrity_check, newest first (stops at `limit`)."""
    folder = Path(folder) if folder is not None else configured_folder(database)
    found: list[BackupInfo] = []
    for path, _, _ in own_backups(database, folder):
        if check_file(path, full=True) not in ("ok", NEEDS_KEY):  # a locked one is offered: its password is asked
            continue
        try:
            found.append(read_info(path))
        except (OSError, cipher.CipherError, *dbfiles.errors()):
            continue
        if limit is not None and len(found) >= limit:
            break
    return found
