"""Turning encryption of a database file on and off, changing its password and opening it with the
recovery key (issue 8). Keys and key files: see db/cipher.py.

Every conversion has the shape of a restore: the new file is written beside the database as
`<name>.partial` (SQLCipher's `sqlcipher_export`, the documented way between plain and encrypted
files), checked (integrity_check, the same record counts as the source), fsynced, and renamed over
the database; its key file is written first as `<name>.key.next` and promoted after the rename. A
crash at any moment leaves the old file whole with the key file that fits it, or the new one whole
with its own (`cipher.read_key_file` picks the one that records the file's salt).

The database must be closed by everyone while this runs (the window disposes its engine first);
another program holding it open is detected and the conversion refused.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from branchdesk.db import (
    anchor,
    backup_info,
    backup_owners,
    backup_rotation,
    cipher,
    database_id,
    file_checks,
    files,
    safe_copy,
)
from branchdesk.db import backup as store
from branchdesk.db.problems import explain_database_problem, explain_os_error
from branchdesk.db.restore import damaged_siblings, leave_wal_mode

PARTIAL = ".converting.partial"


class EncryptionError(cipher.CipherError):
    """A conversion did not happen; the database is as it was."""


@dataclass(frozen=True)
class EncryptionResult:
    recovery_key: str  # shown once, to be written down and sealed
    backups_encrypted: int  # automatic backups that were plain and are now encrypted too
    backups_left: tuple[Path, ...] = ()  # automatic backups that could not be converted (damaged, in use)
    damaged_encrypted: int = 0  # the program's own renamed damaged copies (`.damaged-…`), encrypted too
    damaged_left: tuple[Path, ...] = ()  # such copies still plain (too damaged to convert): the user is told


def _checked_counts(target: Path, key: bytes | None, expected: dict[str, int]) -> None:
    connection = files.new_file(target, key) if key is not None else sqlite3.connect(target)
    try:
        problem = file_checks.check_connection(connection, full=True)
        counts = file_checks.record_counts(connection)
        connection.execute("PRAGMA journal_mode = DELETE")
    finally:
        connection.close()
    if problem != "ok":
        raise EncryptionError(f"转换后的文件未通过完整性检查（{explain_database_problem(problem)}），数据库保持原样")
    if counts != expected:
        raise EncryptionError("转换后的记录数与原数据库不一致，数据库保持原样")


def _replace(path: Path, partial: Path, sealed: cipher.KeyFile | None) -> None:
    """Rename `partial` over `path`, with the key file that fits it (or none for a plain file)."""
    safe_copy.fsync_file(partial)
    if sealed is not None:
        cipher.write_key_file(path, cipher.stamped(sealed, partial), pending=True)
    for extra in ("-wal", "-shm", "-journal"):  # empty leftovers after leave_wal_mode
        with contextlib.suppress(FileNotFoundError):
            path.with_name(path.name + extra).unlink()
    os.replace(partial, path)
    # The new file is in place: the rest only tidies up. A failure here (a crash, a file held open
    # on Windows) leaves `<name>.key.next`, which records this file's salt and is promoted when the
    # key file is next read — so it is never reported as a failed conversion.
    with contextlib.suppress(OSError):
        safe_copy.fsync_folder(path.parent)
        if sealed is not None:
            os.replace(cipher.pending_key_file(path), cipher.key_file(path))
        else:
            cipher.remove_key_files(path)
        safe_copy.fsync_folder(path.parent)


def _convert(path: Path, source_key: bytes | None, target_key: bytes | None,
             sealed: cipher.KeyFile | None) -> None:
    partial = path.with_name(path.name + PARTIAL)
    safe_copy.discard_partial(partial)
    try:
        source = cipher.connect(path, source_key, timeout=5) if source_key else cipher.open_plain(path)
        try:
            expected = file_checks.record_counts(source)
            cipher.export(source, partial, target_key)
        finally:
            source.close()
        _checked_counts(partial, target_key, expected)
        _replace(path, partial, sealed)
    except EncryptionError:
        safe_copy.discard_partial(partial)
        raise
    except (OSError, *files.errors()) as exc:
        safe_copy.discard_partial(partial)
        raise EncryptionError("转换没有完成，数据库保持原样：" + explain_os_error(exc, path.parent)) from exc
    except BaseException:
        safe_copy.discard_partial(partial)
        raise


def _in_use_check(path: Path, doing: str) -> None:
    try:
        leave_wal_mode(path, doing)
    except safe_copy.BackupError as exc:
        raise EncryptionError(str(exc)) from exc


def _backup_first(path: Path, folder: Path) -> None:
    """The pinned backup before the file is rewritten (issue 21): the way back if anything about the
    new key goes wrong later (a recovery key never written down, a password forgotten at once)."""
    try:
        store.make_backup(path, "before-encryption", folder)
    except safe_copy.BackupError as exc:
        raise EncryptionError(f"更改加密设置前的备份没有成功，数据库保持原样。{exc}") from exc


def _to_new_key(path: Path, old: bytes | None, password: str, doing: str,
                folder: Path) -> tuple[bytes, cipher.KeyFile]:
    """Store `path` under a fresh data key (from plain, or from the `old` key); its key file marks the
    recovery key as not yet confirmed, until the user says it is written down."""
    _in_use_check(path, doing)
    _backup_first(path, folder)
    key = cipher.new_data_key()
    sealed = replace(cipher.KeyFile.seal(key, password), recovery_shown=False)
    _convert(path, old, key, sealed)
    cipher.KEYRING.add(key)
    return key, sealed


def encrypt_file(path: Path, password: str, *, backup_folder: Path | None = None) -> EncryptionResult:
    """Encrypt a plain database file in place; its automatic backups are encrypted too."""
    path = Path(path).resolve()
    cipher.check_password(password)
    if cipher.is_encrypted(path):
        raise EncryptionError("数据库已经加密")
    if not cipher.has_sqlite_header(path):
        raise EncryptionError(f"“{path.name}”不是 BranchDesk 数据库文件")
    folder = backup_folder or store.configured_folder(path)
    key, sealed = _to_new_key(path, None, password, "加密", folder)
    anchor.resign(path, None, key)
    done, left = encrypt_backups(path, folder, key, sealed)
    copies, plain = encrypt_damaged_copies(path, key, sealed)
    return EncryptionResult(recovery_key=cipher.recovery_key_text(key), backups_encrypted=done, backups_left=left,
                            damaged_encrypted=copies, damaged_left=plain)


def plain_damaged_copies(database: Path) -> list[Path]:
    """The program's own copies of this database renamed aside as damaged (`<name>.damaged-…`,
    db/restore.py `move_aside`) that are plain SQLite files: full 公民身份号码 and phones, readable by
    anyone with the file (trial S, TS-4). Found by name beside the database, like its `.partial` files."""
    return [p for p in damaged_siblings(database) if p.is_file() and cipher.has_sqlite_header(p)]


def encrypt_damaged_copies(database: Path, key: bytes,
                           sealed: cipher.KeyFile) -> tuple[int, tuple[Path, ...]]:
    """Encrypt the plain damaged copies of `database` with its key, in place (their -wal folded in,
    their -wal/-shm removed, a key file beside each): (how many, the ones too damaged to be read
    through — left as they are, never deleted, for the user to be told plainly to delete)."""
    done, left = 0, []
    for copy in plain_damaged_copies(database):
        try:
            _convert(copy, None, key, sealed)
        except cipher.CipherError:
            left.append(copy)
            continue
        done += 1
    return done, tuple(left)


def damaged_left_text(left: tuple[Path, ...] | list[Path]) -> str:
    """The plain words for damaged copies that stay unencrypted (enable, every open, status)."""
    if not left:
        return ""
    names = "、".join(f"“{p.name}”" for p in left[:3]) + ("等" if len(left) > 3 else "")
    return (f"数据库旁边有 {len(left)} 个程序以前改名保存的已损坏数据库文件 {names}（在“{left[0].parent}”中），"
            "损坏得无法加密，仍是明文，含有完整的公民身份号码和电话，任何人都能读取。"
            "如果已从备份恢复、不再需要它，请删除（连同同名的 -wal、-shm 文件）；需要找人抢救数据的，请先移到安全的地方。")


def encrypt_backups(database: Path, folder: Path, key: bytes,
                    sealed: cipher.KeyFile) -> tuple[int, tuple[Path, ...]]:
    """Encrypt the plain automatic backups of `database` with its key, so no plain copy of the data
    stays in the backup folder: (how many, the ones that could not be — damaged or in use — which
    the user is told about, never silently left). Another database's backups of the same file name
    are left to it: under this key its owner could not restore them (`backup_owners.own_backups`).
    So are its empty ones; an empty backup no other database claims is this one's (`_unclaimed_empty`)."""
    done, left = 0, []
    own = backup_owners.own_backups(database, folder)
    for backup, created, reason in sorted([*own, *_unclaimed_empty(database, folder, own)], key=lambda b: b[1]):
        if not cipher.has_sqlite_header(backup):
            continue
        try:
            if file_checks.check_file(backup, full=False) != "ok":
                raise EncryptionError("备份未通过检查")
            _convert(backup, None, key, sealed)
        except cipher.CipherError:
            left.append(backup)
            continue
        with contextlib.suppress(*files.errors(), OSError):
            backup_info.write_sidecar(backup_info.describe(backup, created=created, reason=reason))
        done += 1
    return done, tuple(left)


def _unclaimed_empty(database: Path, folder: Path,
                     own: list[tuple[Path, datetime, str]]) -> list[tuple[Path, datetime, str]]:
    """Backups of `database`'s file name holding nothing — no record, no change history — that no
    other database on this PC claims: the first import's backup of the still-empty database, after
    the data folder moved or was copied (a USB drive's new letter). Its sidecar names a path where
    this database no longer is, and without a change history it has no chain to be known by, so
    `own_backups` leaves it out; 启用加密 left it plain (re-trial 11, N-6). Encrypted with the others,
    it loses nothing: whoever restores it gets an empty database either way. One whose database is
    here and is not a copy of this one (another chain, or still empty itself) is that one's; one whose
    database is encrypted and locked here (the original of a copied data folder) cannot be told
    apart, and is encrypted: it holds nothing for that one to miss. One carrying another database's
    number (db/database_id.py) is that one's, wherever that one is now: a database made since
    databases are numbered is never taken for this one by its file name alone."""
    mine = {path for path, _, _ in own}
    number = database_id.read(database)
    here = backup_owners.database_key(database).partition("|")[0]
    chain: list[str | None] = []  # this database's, read once if needed (every open of an encrypted one comes here)
    found = []
    for entry in backup_info.backup_files(folder, database.stem):
        if entry[0] in mine or not cipher.has_sqlite_header(entry[0]):
            continue
        try:
            info = backup_info.read_info(entry[0])
        except (OSError, cipher.CipherError, *files.errors()):
            continue  # unreadable: not known to be empty
        if info.chain is not None or backup_rotation.data_records(info.counts):
            continue
        if database_id.another_database(info.database_id, number):
            continue  # another database's, by its number (db/database_id.py), wherever that one is now
        node, _, source = info.source.partition("|")
        other = Path(source) if source and node == here else None
        if other is not None and other.is_file():
            theirs = backup_owners.chain_of(other)  # None: still empty, or encrypted and locked here
            if theirs is None and not cipher.is_encrypted(other):
                continue  # a database that is still empty itself: its own backup
            chain = chain or [backup_owners.chain_of(database)]
            if theirs is not None and theirs != chain[0]:
                continue  # another database's, which is there: left to it
        found.append(entry)
    return found


def replace_key(path: Path, password: str, *, backup_folder: Path | None = None) -> EncryptionResult:
    """A new data key, so a new recovery key (the committee's copy was lost, or its holder left):
    the database and the automatic backups made with the old key are re-encrypted; the password
    stays. The old recovery key opens none of them afterwards."""
    path = Path(path).resolve()
    if not cipher.is_encrypted(path):
        raise EncryptionError("数据库没有加密")
    old = cipher.unlock(path, password)
    folder = backup_folder or store.configured_folder(path)
    new, sealed = _to_new_key(path, old, password, "更换密钥", folder)
    anchor.resign(path, old, new)
    done = 0
    for backup, created, reason in backup_info.backup_files(folder, path.stem):
        try:
            if not cipher.is_encrypted(backup) or cipher.read_key_file(backup).check != cipher.key_check(old):
                continue
            _convert(backup, old, new, sealed)
        except cipher.CipherError:
            continue  # a backup that cannot be converted keeps the old key (and opens with it)
        with contextlib.suppress(*files.errors(), OSError):
            backup_info.write_sidecar(backup_info.describe(backup, created=created, reason=reason))
        done += 1
    return EncryptionResult(recovery_key=cipher.recovery_key_text(new), backups_encrypted=done)


def confirm_recovery_key(path: Path) -> None:
    """The user has the recovery key written down (ticked in the dialog, or it was printed by the
    CLI): the reminder at every start stops. Until then a start after an interrupted 启用加密 — the
    key never shown — says to issue a new one (更换恢复密钥)."""
    path = Path(path).resolve()
    sealed = cipher.read_key_file(path)
    if not sealed.recovery_shown:
        cipher.write_key_file(path, replace(sealed, recovery_shown=True))


def recovery_key_pending(path: Path) -> bool:
    try:
        return cipher.is_encrypted(path) and not cipher.read_key_file(path).recovery_shown
    except cipher.CipherError:
        return False


def decrypt_file(path: Path, password: str, *, backup_folder: Path | None = None) -> None:
    """Store the database unencrypted again (its backups stay encrypted, with their key files)."""
    path = Path(path).resolve()
    if not cipher.is_encrypted(path):
        raise EncryptionError("数据库没有加密")
    key = cipher.unlock(path, password)
    _in_use_check(path, "关闭加密")
    _backup_first(path, backup_folder or store.configured_folder(path))
    _convert(path, key, None, None)
    anchor.resign(path, key, None)


def change_password(path: Path, old_password: str, new_password: str, *,
                    backup_folder: Path | None = None) -> int:
    """A new password for the same data key: the key file is rewritten, the data is not. The key
    files of the backups made with this key get the new password too; returns how many."""
    path = Path(path).resolve()
    cipher.check_password(new_password)
    key = cipher.unlock(path, old_password)
    return _rewrap(path, key, new_password, backup_folder)


def recover(path: Path, recovery_key: str, new_password: str, *, backup_folder: Path | None = None) -> None:
    """Open an encrypted database with its recovery key (password forgotten, key file lost or
    damaged) and give it a new password."""
    path = Path(path).resolve()
    cipher.check_password(new_password)
    key = cipher.parse_recovery_key(recovery_key)
    try:
        sealed = cipher.read_key_file(path)
    except cipher.CipherError:
        sealed = None
    if sealed is not None and sealed.check != cipher.key_check(key):
        raise cipher.WrongPassword("这个恢复密钥不属于这个数据库，请核对是否拿错了恢复密钥")
    try:
        cipher.connect(path, key, timeout=5).close()
    except files.database_errors() as exc:
        raise cipher.WrongPassword("恢复密钥与这个数据库文件不符（或文件已损坏），请逐组核对恢复密钥") from exc
    cipher.KEYRING.add(key)
    _rewrap(path, key, new_password, backup_folder)  # the folder chosen in 设置 is readable now


def _rewrap(path: Path, key: bytes, password: str, backup_folder: Path | None) -> int:
    sealed = cipher.KeyFile.seal(key, password)
    cipher.write_key_file(path, cipher.stamped(sealed, path))
    folder = backup_folder or store.configured_folder(path)
    done = 0
    for backup, _, _ in backup_info.backup_files(folder, path.stem):
        with contextlib.suppress(cipher.CipherError, OSError):
            if cipher.is_encrypted(backup) and cipher.read_key_file(backup).check == sealed.check:
                cipher.write_key_file(backup, cipher.stamped(sealed, backup))
                done += 1
    return done
