"""Put a backup back in place of the database file, so that a crash at any moment leaves the old
database whole or the restored one whole under the database's name (issue 8).

Order of work: check the backup (SQLite header, integrity_check, a BranchDesk database — its tables and
revisions, db/identity.py — not written by a newer BranchDesk);
back up the current database (or, if it is damaged, rename it aside — never overwrite it); fold the
current WAL into the main file and leave WAL mode so no stale `-wal` can be replayed onto the restored
file; copy the backup into `<name>.partial`, check and fsync it; rename it over the database; fsync the
folder. The database must be closed by every program while this runs (the window closes its own).

Encryption (db/cipher.py): a restore never changes whether and how the database is encrypted — the
data comes back under the current database's key, or plain over a plain one; only where no database
is left does a backup keep its own form (see `_target_encryption`).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from branchdesk.db import anchor, cipher, database_id, files, memory_copy
from branchdesk.db.backup import configured_folder, make_backup
from branchdesk.db.backup_info import BackupInfo, backup_files, note_restored, read_info
from branchdesk.db.backup_owners import database_key
from branchdesk.db.file_checks import check_connection, check_file
from branchdesk.db.identity import identify
from branchdesk.db.problems import explain_database_problem, explain_os_error
from branchdesk.db.revisions import known_revisions as shipped_revisions
from branchdesk.db.safe_copy import (
    PARTIAL_SUFFIX,
    BackupError,
    copy_checked,
    discard_partial,
    fsync_file,
    fsync_folder,
)

SIDE_FILES = ("-wal", "-shm", "-journal")


@dataclass(frozen=True)
class RestoreResult:
    database: Path
    restored_from: Path
    safety_backup: BackupInfo | None  # the backup of the database as it was, made first
    moved_aside: Path | None  # the damaged database, renamed, when it could not be backed up


def move_aside(database: Path, label: str = "damaged") -> Path:
    """Rename a database (and its -wal/-shm/-journal) to `<name>.<label>-<stamp>`; never delete it."""
    database = Path(database)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = database.with_name(f"{database.name}.{label}-{stamp}")
    counter = 1
    while target.exists():
        counter += 1
        target = database.with_name(f"{database.name}.{label}-{stamp}-{counter}")
    os.replace(database, target)
    for extra in (*SIDE_FILES, cipher.KEY_SUFFIX, anchor.SUFFIX):  # its key file and history anchor go along
        side = database.with_name(database.name + extra)
        if side.exists():
            os.replace(side, target.with_name(target.name + extra))
    fsync_folder(database.parent)
    return target


def damaged_siblings(database: Path) -> list[Path]:
    """Files an earlier open renamed aside because they were damaged, newest first."""
    database = Path(database)
    if not database.parent.is_dir():
        return []
    found = [p for p in database.parent.glob(f"{database.name}.damaged-*")
             if not p.name.endswith((*SIDE_FILES, cipher.KEY_SUFFIX, anchor.SUFFIX))]
    return sorted(found, key=lambda p: p.name, reverse=True)


def leave_wal_mode(database: Path, doing: str = "恢复") -> None:
    """Fold the WAL into the main file and switch to a rollback journal, so the file stands alone.

    Switching fails while another connection has the database open: that is our 'in use' test; a
    read-only file is named as such first. `doing` names the operation in the message (恢复, 加密 …)."""
    read_only = files.read_only_problem(database)
    if read_only:  # SQLite would fail below too, and it would read as "in use"
        raise BackupError(read_only + "数据库没有改动。")
    connection = files.open_file(database, timeout=2)
    in_use = f"数据库正被另一个 BranchDesk 窗口或程序使用，请先关闭它再{doing}"
    try:
        mode = connection.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
    except files.errors() as exc:
        if files.is_read_only_error(exc):
            raise BackupError(f"数据库文件“{database.name}”不能写入（只读），数据库没有改动。") from exc
        raise BackupError(in_use) from exc
    finally:
        connection.close()
    if str(mode).lower() != "delete":
        raise BackupError(in_use)


def _target_encryption(database: Path, backup_key: bytes | None, backup_sealed: cipher.KeyFile | None,
                       *, new_as_backup: bool) -> tuple[bytes | None, cipher.KeyFile | None]:
    """How the restored file is to be stored. A restore never changes whether and how a database is
    encrypted: over an encrypted database the data comes back under that database's key (its
    password and the committee's recovery key stay valid), over a plain one it comes back plain.
    Only where no database is left (a new PC, or one moved aside as damaged) does the backup keep
    its own form — or plain, for a transport package (`new_as_backup=False`)."""
    if cipher.is_encrypted(database):
        try:
            return cipher.key_for(database), cipher.read_key_file(database)
        except cipher.KeyRequired as exc:
            raise BackupError("数据库已加密，恢复前请先输入它的密码解锁（恢复后仍使用现在的密码）") from exc
    if cipher.looks_encrypted(database):
        raise BackupError(
            f"“{database.name}”像是加密的数据库，但旁边的密钥文件“{cipher.key_file(database).name}”不见了。"
            "请先把密钥文件放回原处，或用恢复密钥打开它（branchdesk encryption recover），再恢复。数据库没有改动。")
    if database.exists():
        return None, None
    return (backup_key, backup_sealed) if new_as_backup else (None, None)


def _rekeyed_copy(backup: Path, backup_key: bytes | None, partial: Path, key: bytes | None) -> str:
    """Copy `backup` into `partial` stored under another key (or plain ↔ encrypted) with
    sqlcipher_export; the copy's integrity_check. Plaintext never touches the disk unless the
    target itself is plain."""
    if backup_key is not None:
        source = cipher.connect(backup, backup_key, read_only=True)
    else:  # nothing left beside the file picked (TS-7): immutable when no journal of its own is there
        source = cipher.open_plain(backup, read_only=True, immutable=not _has_side_files(backup))
    try:
        cipher.export(source, partial, key)
    finally:
        source.close()
    return _checked(partial, key)


def _checked(partial: Path, key: bytes | None) -> str:
    connection = cipher.connect(partial, key) if key is not None else cipher.open_plain(partial)
    try:
        connection.execute("PRAGMA journal_mode = DELETE")
        return check_connection(connection, full=True)
    finally:
        connection.close()


def _has_side_files(path: Path) -> bool:
    return any(path.with_name(path.name + extra).exists() for extra in SIDE_FILES)


@dataclass(frozen=True)
class RestoreSource:
    """The data a restore puts back: a backup file (plain, or encrypted with its key file), a file
    encrypted under a key given here (a sealed package's SQLCipher payload), or a plain database
    image held in memory (a sealed package of a plain database) — the last never written to the disk
    in plain form unless the restored database itself is plain."""

    name: str  # shown in messages
    key: bytes | None = None  # the source's data key; None: plain
    sealed: cipher.KeyFile | None = None  # its key file, kept where no database is left
    path: Path | None = None
    image: bytes | None = None

    def connect(self) -> Any:
        """A read-only connection to the source. A plain file with no journal beside it is opened
        as immutable: SQLite then writes nothing next to it (a working database picked from a USB
        drive got -shm and -wal files beside it just by being read)."""
        if self.image is not None:
            return memory_copy.open_image(self.image)
        assert self.path is not None
        if self.key is None and files.key_of(self.path) is None and not _has_side_files(self.path):
            return sqlite3.connect(self.path.resolve().as_uri() + "?mode=ro&immutable=1", uri=True)
        return files.open_file(self.path, read_only=True, key=self.key)

    def copy_into(self, partial: Path, key: bytes | None) -> str:
        """Write the source into the new file `partial` under `key` (None: plain); its integrity_check."""
        if self.image is not None:
            if key is None:
                return copy_checked(memory_copy.open_image(self.image), partial, None)
            memory = memory_copy.open_image(self.image)
            try:
                memory_copy.write_encrypted(memory, partial, key)
            finally:
                memory.close()
            return _checked(partial, key)
        assert self.path is not None
        if key == self.key:  # the same key (or both plain): SQLite's online backup API
            return copy_checked(self.connect(), partial, key)
        return _rekeyed_copy(self.path, self.key, partial, key)


def _known(known_revisions: set[str] | None) -> set[str]:
    return known_revisions if known_revisions is not None else shipped_revisions()


def _restart_anchor(database: Path, key: bytes | None) -> None:
    """The history now continues from the restored file: a new anchor, and only backups made from
    now on are compared with it (db/anchor.py)."""
    with contextlib.suppress(OSError, cipher.CipherError, *files.errors()):
        connection = files.open_file(database, read_only=True, key=key)
        try:
            anchor.restart(database, connection, key)
        finally:
            connection.close()


def _number_kept(source: RestoreSource, database: Path, folder: Path | None = None) -> int:
    """The number the restored file is to carry (db/database_id.py): the number of the database it
    replaces, so that database's later backups (and those made before) still belong to it — a backup
    made before databases were numbered, put back, left the database unnumbered; where none is
    numbered (no database left, or an unnumbered one), the backup's own; a backup made before
    numbering, with no database left (deleted, or set aside as damaged), takes the number of this
    file's own numbered backups of the same history (`_number_of_own_backups`; review rev3 R3-6:
    a new one made them “另一个数据库”); else a new one."""
    if database.exists() and (replaced := database_id.read(database)):
        return replaced
    try:
        connection = source.connect()
    except (cipher.CipherError, OSError, *files.errors()):
        return database_id.new_number()
    try:
        own, chain = database_id.of_connection(connection), anchor.first_hash(connection)
    except (cipher.CipherError, *files.errors()):
        return database_id.new_number()
    finally:
        connection.close()
    return own or _number_of_own_backups(database, folder, chain) or database_id.new_number()


def _number_of_own_backups(database: Path, folder: Path | None, chain: str | None) -> int:
    """The number carried by the newest backup made of this very file (its sidecar names it) that holds
    the change history `chain` — the database a backup made before numbering was a copy of, numbered
    since; 0 when none (no history to compare, no such backup)."""
    if chain is None:
        return database_id.NONE
    made_of = database_key(database)
    with contextlib.suppress(OSError):
        for path, _, _ in backup_files(folder if folder is not None else configured_folder(database), database.stem):
            with contextlib.suppress(OSError, ValueError, BackupError, cipher.CipherError, *files.errors()):
                info = read_info(path)
                if info.database_id and info.source == made_of and info.chain == chain:
                    return info.database_id
    return database_id.NONE


def _number(partial: Path, key: bytes | None, number: int) -> None:
    """Write the restored copy's number before it takes the database's name."""
    connection = cipher.connect(partial, key) if key is not None else sqlite3.connect(partial)
    try:
        database_id.write(connection, number)
    finally:
        connection.close()


class OtherDatabase(BackupError):
    """The source is not a backup of the database it would replace (another school's, or a branch's
    own file): restored only when the user, told what each is, says so."""


def _facts(connection: Any) -> tuple[str, int | None]:
    """(school name, members on the roster) of an open BranchDesk database, for the user to tell two apart."""
    try:
        row = connection.execute("SELECT value FROM settings WHERE key = 'school_name'").fetchone()
        count = connection.execute("SELECT count(*) FROM members WHERE deleted_at IS NULL AND status = '在册'"
                                   ).fetchone()
    except files.database_errors():
        return "", None
    return (str(row[0]).strip() if row and row[0] else ""), (int(count[0]) if count else None)


def _described(facts: tuple[str, int | None]) -> str:
    school, members = facts
    return "，".join([school or "未填写学校名称", *([f"在册党员 {members} 人"] if members is not None else [])])


def _names(connection: Any) -> set[str]:
    """The school's and the organisations' names an open BranchDesk database holds, to compare two
    whose histories cannot be compared."""
    names: set[str] = set()
    with contextlib.suppress(*files.database_errors()):
        row = connection.execute("SELECT value FROM settings WHERE key = 'school_name'").fetchone()
        if row and row[0] and str(row[0]).strip():
            names.add(str(row[0]).strip())
        names.update(str(r[0]).strip() for r in connection.execute("SELECT name FROM organisations")
                     if r[0] and str(r[0]).strip())
    return names


@dataclass(frozen=True)
class _Known:
    """What tells a database apart: its history's chain, its number, its names; and what describes it."""

    chain: str | None
    number: int
    names: set[str]
    facts: tuple[str, int | None]


def _known_of(connection: Any) -> _Known:
    try:
        number = database_id.of_connection(connection)
    except (cipher.CipherError, *files.errors()):
        number = database_id.NONE
    return _Known(anchor.first_hash(connection), number, _names(connection), _facts(connection))


def other_database(source: RestoreSource, database: Path) -> str | None:
    """Why `source` is (or may be) another database than `database`, in Chinese; None when it is one
    of its backups, or that cannot be told (a locked file, no database yet, nothing to compare).

    In this order: a number (db/database_id.py) that is not the database's says it is another's (a
    numbered backup is never an unnumbered database's either); the change history's chain names a
    database — its backups and restored copies share it, another database never does (db/anchor.py);
    a backup made before databases were numbered whose history cannot be compared (it has none, or
    the database has none) may still be another school's: when the school's and organisations' names
    in it and in the database have none in common, the user is asked too."""
    if not database.exists():
        return None
    try:
        ours_connection = files.open_file(database, read_only=True)
    except (cipher.CipherError, OSError, *files.errors()):
        return None
    try:
        ours = _known_of(ours_connection)
    finally:
        ours_connection.close()
    try:
        connection = source.connect()
    except (cipher.CipherError, OSError, *files.errors()):
        return None
    try:
        theirs = _known_of(connection)
    finally:
        connection.close()
    replaced = f"当前数据库：{_described(ours.facts)}。用它恢复，会以它的内容替换当前数据库的全部记录。"
    if database_id.another_database(theirs.number, ours.number) or (
            ours.chain is not None and theirs.chain is not None and ours.chain != theirs.chain):
        return f"“{source.name}”不是当前数据库的备份，而是另一个数据库（{_described(theirs.facts)}）；" + replaced
    if theirs.number or (ours.chain is not None and theirs.chain is not None):
        return None  # this database's number, or its history
    # both name their school: the schools decide — two schools' branches are often both “第一党支部”
    # (review rev3 R3-3); else any school or organisation name in common
    ours_school, theirs_school = ours.facts[0], theirs.facts[0]
    if ours_school and theirs_school:
        differ = ours_school != theirs_school
        told = (f"其中的学校名称“{theirs_school}”与当前数据库的“{ours_school}”不同")
    else:
        differ = bool(ours.names and theirs.names and not ours.names & theirs.names)
        told = (f"其中的学校和组织名称（{'、'.join(_shown(theirs))}）与当前数据库的"
                f"（{'、'.join(_shown(ours))}）没有一个相同")
    if differ:
        return (f"“{source.name}”可能不是当前数据库的备份：它是较早版本的程序做的备份，无法核对它属于哪个数据库，"
                f"{told}。备份：{_described(theirs.facts)}；" + replaced)
    return None


def _shown(known: _Known) -> list[str]:
    """The names to show for a database: its school's first, then up to two organisations'."""
    school = known.facts[0]
    return ([school] if school else []) + sorted(known.names - {school})[:3 - bool(school)]


def check_source(source: RestoreSource, known_revisions: set[str] | None = None) -> None:
    """Raise BackupError unless `source` is a whole BranchDesk database this program can open: it
    passes integrity_check, has BranchDesk's tables and revisions, and no newer ones (issue 21: a
    Firefox history file or an empty SQLite file is named as such, never restored)."""
    try:
        connection = source.connect()
    except files.errors() as exc:
        raise BackupError(f"备份文件“{source.name}”不可用（{explain_database_problem(exc)}），数据库没有改动，请选择另一个备份") from exc
    try:
        problem = check_connection(connection, full=True)
        found = identify(connection, _known(known_revisions)) if problem == "ok" else None
    finally:
        connection.close()
    if found is None:
        raise BackupError(f"备份文件“{source.name}”不可用（{explain_database_problem(problem)}），数据库没有改动，请选择另一个备份")
    refusal = found.problem(source.name)
    if refusal:
        raise BackupError(refusal + "数据库没有改动。")


def file_source(backup: Path) -> RestoreSource:
    """A backup file as a restore source (BackupError for a missing, non-database or locked file)."""
    backup = Path(backup)
    if not backup.is_file():
        raise BackupError(f"找不到备份文件“{backup}”")
    if not files.is_database_file(backup):  # by its first bytes: the file is read (immutable) when checked
        raise BackupError(f"“{backup.name}”不是数据库文件（可能是工作簿、文档，或已损坏），不能用来恢复。数据库没有改动。")
    try:
        key = files.key_of(backup)
        sealed = cipher.read_key_file(backup) if key is not None else None
    except cipher.KeyRequired as exc:
        raise BackupError(f"备份“{backup.name}”已加密，请先输入备份时数据库的密码（或恢复密钥）") from exc
    return RestoreSource(name=backup.name, key=key, sealed=sealed, path=backup)


def check_backup(backup: Path, known_revisions: set[str] | None = None) -> None:
    """Raise BackupError unless `backup` is a whole BranchDesk database this program can open."""
    check_source(file_source(backup), known_revisions)


def restore_file(
    backup: Path,
    database: Path,
    *,
    folder: Path | None = None,
    known_revisions: set[str] | None = None,
    after_safety_backup: Callable[[], None] | None = None,
    new_as_backup: bool = True,
    other_database_ok: bool = True,
) -> RestoreResult:
    """Replace `database` by a copy of the backup file `backup` (see `restore`)."""
    backup, database = Path(backup).resolve(), Path(database).expanduser().resolve()
    if backup == database:
        raise BackupError("不能用数据库文件自身来恢复")
    source = file_source(backup)
    return restore(source, database, folder=folder, known_revisions=known_revisions,
                   after_safety_backup=after_safety_backup, new_as_backup=new_as_backup, restored_from=backup,
                   other_database_ok=other_database_ok)


def restore(
    source: RestoreSource,
    database: Path,
    *,
    folder: Path | None = None,
    known_revisions: set[str] | None = None,
    after_safety_backup: Callable[[], None] | None = None,
    new_as_backup: bool = True,
    restored_from: Path | None = None,
    other_database_ok: bool = True,
) -> RestoreResult:
    """Replace `database` by the data of `source` (see the module docstring for the order of work;
    `_target_encryption` for how the copy is stored). With `other_database_ok` False, a source that
    is another database than this one's backup raises OtherDatabase (the services ask so: the user
    is told what each is and asked again, services/storage/backups.restore_backup)."""
    database = Path(database).expanduser().resolve()
    check_source(source, known_revisions)
    if not other_database_ok and (other := other_database(source, database)):
        raise OtherDatabase(other + "数据库没有改动。")
    number = _number_kept(source, database, folder)
    safety: BackupInfo | None = None
    moved: Path | None = None
    key, sealed = _target_encryption(database, source.key, source.sealed, new_as_backup=new_as_backup)
    try:
        if database.exists():
            read_only = files.read_only_problem(database)
            if read_only:
                raise BackupError(read_only + "数据库没有改动。")
            healthy = files.is_database_file(database) and check_file(database, full=False) == "ok"
            if healthy:
                safety = make_backup(database, "before-restore", folder)
                if after_safety_backup:
                    after_safety_backup()
                leave_wal_mode(database)
            else:
                moved = move_aside(database)
        database.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BackupError("恢复失败，数据库保持原样：" + explain_os_error(exc, database.parent)) from exc
    partial = database.with_name(database.name + PARTIAL_SUFFIX)
    try:
        discard_partial(partial)
        problem = source.copy_into(partial, key)
        if problem != "ok":
            raise BackupError(f"恢复的副本未通过完整性检查（{explain_database_problem(problem)}），数据库保持原样")
        _number(partial, key, number)
        fsync_file(partial)
        if sealed is not None:  # the key file, pending until the file it fits is in place
            cipher.write_key_file(database, cipher.stamped(sealed, partial), pending=True)
        for extra in SIDE_FILES:  # only empty leftovers can remain after leave_wal_mode
            with contextlib.suppress(FileNotFoundError):
                database.with_name(database.name + extra).unlink()
        os.replace(partial, database)
    except BackupError:
        discard_partial(partial)
        raise
    except (OSError, *files.errors()) as exc:
        discard_partial(partial)
        raise BackupError("恢复失败，数据库保持原样：" + explain_os_error(exc, database.parent)) from exc
    except BaseException:
        discard_partial(partial)
        raise
    # The new file is in place: what follows only tidies up, and a failure leaves a state that
    # cipher.read_key_file resolves (the pending key file records this file's salt).
    with contextlib.suppress(OSError):
        fsync_folder(database.parent)
        if key is not None:
            os.replace(cipher.pending_key_file(database), cipher.key_file(database))
        else:  # a plain file needs no key; a stale one would only confuse
            cipher.remove_key_files(database)
    _restart_anchor(database, key)
    if safety is not None:  # the state it holds was left: say so beside it, for the list and the offer (TS-3)
        with contextlib.suppress(OSError, *files.errors(), cipher.CipherError):
            safety = note_restored(safety, restored_from or Path(source.name))
    return RestoreResult(database=database, restored_from=restored_from or Path(source.name),
                         safety_backup=safety, moved_aside=moved)
