"""Open a database: check it, back it up, and bring its schema to the version this program ships.

The Alembic history lives inside the package (no alembic.ini at run time). Before anything writes to
an existing file it is checked with raw SQLite (issue 8): a file on a network share is refused; a
file that is not a database is left untouched; a damaged database (`quick_check` fails) is renamed
aside — never overwritten — and the newest backup that passes its own check is named in the message;
a file written by a newer BranchDesk is refused. When a database is missing but an earlier open moved
a damaged one aside, no empty database is created silently in its place. The check reads the whole
file, so a file unchanged since it passed today is not checked again (db/check_stamps.py). An
existing database is backed up before every migration and at the first open of each day on which its
data changed.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from branchdesk import export_files
from branchdesk.db import backup as backups
from branchdesk.db import (
    backup_info,
    check_stamps,
    cipher,
    database_id,
    file_checks,
    file_head,
    files,
    safe_copy,
)
from branchdesk.db.engine import Database, make_engine
from branchdesk.db.identity import FOREIGN, identify
from branchdesk.db.location import network_share
from branchdesk.db.problems import explain_database_problem, explain_os_error
from branchdesk.db.revisions import alembic_config, known_revisions, script_heads
from branchdesk.db.target import DatabaseTarget
from branchdesk.domain.file_errors import os_error_reason

if TYPE_CHECKING:
    from sqlalchemy import Connection

RECOVERY_KEY_PENDING = ("启用加密时恢复密钥没有显示完成或没有确认抄写（操作被中断）。请到“设置 → 数据加密”点“更换恢复密钥”"
                        "（或运行 branchdesk encryption new-recovery-key），抄写新的恢复密钥并交党委封存。")
SQLITE_HEADER = cipher.SQLITE_HEADER


class DatabaseOpenError(Exception):
    """The database cannot be opened; the message tells the user, in Chinese, what to do."""


class NewerDatabaseError(DatabaseOpenError):
    pass


class NotADatabaseError(DatabaseOpenError):
    pass


class NetworkShareError(DatabaseOpenError):
    pass


class UpgradeRefusedError(DatabaseOpenError):
    """A migration would have left rows pointing at rows that are gone: rolled back, nothing changed."""


class EncryptedDatabaseError(DatabaseOpenError):
    """The database is encrypted and not unlocked yet: ask for the password (or, when its key file is
    missing, damaged or not its own, for the recovery key), unlock, and open again. Nothing was
    changed. `maybe_not_database`: no key file at all, so it may also be some other file."""

    def __init__(self, message: str, *, path: Path, needs_recovery: bool = False,
                 maybe_not_database: bool = False) -> None:
        super().__init__(message)
        self.path = path
        self.needs_recovery = needs_recovery
        self.maybe_not_database = maybe_not_database


class KeyFileMissingError(EncryptedDatabaseError, NotADatabaseError):
    """No SQLite header and no key file: an encrypted database whose key file went missing, or some
    other file. Either way nothing was changed; the recovery key decides which."""


class DamagedDatabaseError(NotADatabaseError):
    """A damaged database, already renamed aside to `moved_to`; `backups` are good ones, newest first."""

    def __init__(self, message: str, *, path: Path, moved_to: Path | None,
                 good: list[backup_info.BackupInfo]) -> None:
        super().__init__(message)
        self.path = path
        self.moved_to = moved_to
        self.backups = good


class MissingDatabaseError(DatabaseOpenError):
    """The database is gone because an earlier open moved it aside as damaged: restore, or create anew
    on purpose (`open_database(path, new_after_damage=True)`)."""

    def __init__(self, message: str, *, path: Path, damaged: list[Path], good: list[backup_info.BackupInfo]) -> None:
        super().__init__(message)
        self.path = path
        self.damaged = damaged
        self.backups = good


def behind_this_version(path: Path) -> bool:
    """True when an existing database would be upgraded by opening it: its Alembic revisions are
    older than this program's heads. Read with a connection that only reads (not `mode=ro`: a
    read-only connection to a WAL database leaves its -wal and -shm files behind), so a caller that
    must not change the file (a dry run) can decide to work on a copy instead. An encrypted file is
    read with its key once unlocked. A file that is not a readable database, or an encrypted one
    still locked, answers False: opening it says why."""
    if file_head.read_head(path, len(SQLITE_HEADER)) == SQLITE_HEADER:
        connect: Callable[[], Any] = lambda: sqlite3.connect(path, timeout=5)  # noqa: E731
    elif cipher.is_encrypted(path):
        try:
            key = cipher.key_for(path)
        except cipher.KeyRequired:
            return False
        connect = lambda: cipher.connect(path, key, timeout=5)  # noqa: E731
    else:
        return False
    try:
        connection = connect()
        try:
            revisions = set(file_checks.read_revisions(connection))
        finally:
            connection.close()
    except files.database_errors():
        return False
    return bool(revisions) and revisions != script_heads() and not revisions - known_revisions()


def _restore_hint(good: list[backup_info.BackupInfo]) -> str:
    if not good:
        return "没有找到可用的备份。"
    newest = good[0]
    members = newest.counts.get("members")
    counted = f"，党员 {members} 人" if members is not None else ""
    return (f"最新的可用备份是 {newest.created:%Y-%m-%d %H:%M} 的“{backup_info.kind_text(newest)}”备份"
            f"（{newest.size // 1024} KB{counted}），"
            f"可在“设置 → 备份与恢复”中恢复，或运行：branchdesk restore \"{newest.path}\"")


def _newest_good(path: Path, folder: Path | None) -> list[backup_info.BackupInfo]:
    try:
        return backups.good_backups(path, folder, limit=1, last_state=True)
    except OSError:
        return []


def _damaged(path: Path, reason: str, folder: Path | None) -> DamagedDatabaseError:
    folder = folder or backups.configured_folder(path)
    good = _newest_good(path, folder)
    from branchdesk.db.restore import move_aside  # only for a damaged file: a sound open never loads it

    moved: Path | None
    try:
        moved = move_aside(path)
        where = f"原文件已改名为“{moved.name}”保存，没有被覆盖。"
    except OSError as exc:
        moved, where = None, f"原文件无法改名（{os_error_reason(exc, writing=True)}），程序没有改动它。"
    return DamagedDatabaseError(
        f"数据库文件“{path.name}”已损坏（{reason}）。{where}{_restore_hint(good)}",
        path=path, moved_to=moved, good=good,
    )


def _check_existing(path: Path, folder: Path | None) -> set[str]:
    """Check an existing file before anything writes to it; return its Alembic revisions."""
    if path.is_dir():
        raise NotADatabaseError(f"“{path}”是一个文件夹，不是 BranchDesk 数据库文件")
    header = file_head.read_head(path, len(SQLITE_HEADER))
    if header != SQLITE_HEADER:
        if header.strip(b"\x00") == b"":  # zeroed by a power cut or a failing disk: a damaged database
            raise _damaged(path, "文件开头全是空字节", folder)
        if cipher.is_encrypted(path):
            return _check_encrypted(path, folder)
        if cipher.looks_encrypted(path):
            raise KeyFileMissingError(
                f"“{path.name}”不是普通的数据库文件。如果它是加密的数据库，旁边的密钥文件“{cipher.key_file(path).name}”"
                "不见了：请把密钥文件放回原处，或用恢复密钥打开（branchdesk encryption recover）。"
                "暂时拿不到恢复密钥而记得密码的，也可以先把这个文件移走，再恢复最新的备份（输入备份时的密码；"
                "该备份之后的修改会丢失）。程序没有改动这个文件。",
                path=path, needs_recovery=True, maybe_not_database=True)
        # some other file (a workbook picked by mistake …): left exactly where and as it is
        raise NotADatabaseError(f"“{path.name}”不是 BranchDesk 数据库文件（或已损坏），程序没有改动它")
    return _quick_check(path, folder, lambda: sqlite3.connect(path, timeout=5))


def _check_encrypted(path: Path, folder: Path | None) -> set[str]:
    """The same checks for an encrypted file, once it is unlocked. Its key was verified against its
    key file (the GCM tag), so a file SQLCipher cannot read with it is damaged, not a wrong password."""
    try:
        key = cipher.key_for(path)
    except cipher.KeyRequired as exc:
        raise EncryptedDatabaseError(str(exc), path=path, needs_recovery=exc.needs_recovery) from exc
    return _quick_check(path, folder, lambda: cipher.connect(path, key, timeout=5), "已加密，密码正确但无法读取：")


def _quick_check(path: Path, folder: Path | None, connect: Callable[[], Any], prefix: str = "") -> set[str]:
    """quick_check and the Alembic revisions of an existing file: damaged → renamed aside with the
    newest good backup named (DamagedDatabaseError); written by a newer BranchDesk → refused. A file
    unchanged since it passed the check today is not read through again (db/check_stamps.py)."""
    state = check_stamps.state_now(path)
    checked = check_stamps.passed_today(path)
    try:
        connection = connect()
        try:
            result = "ok" if checked else file_checks.check_connection(connection, full=False)
            revisions = set(file_checks.read_revisions(connection)) if result == "ok" else set()
            found = identify(connection, known_revisions()) if result == "ok" else None
        finally:
            connection.close()
    except files.database_errors() as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise DatabaseOpenError("数据库正被另一个程序占用（正在写入），请稍后再试") from exc
        result = str(exc)
    if result != "ok":
        raise _damaged(path, prefix + explain_database_problem(result), folder)  # SQLite's words: 技术信息
    if found is not None and found.kind == FOREIGN:  # never add BranchDesk's tables to a browser's history
        shown = "、".join(found.tables[:3]) + ("等" if len(found.tables) > 3 else "")
        raise NotADatabaseError(f"“{path.name}”是另一个程序的数据库（含有 {shown} 数据表），不是 BranchDesk 数据库，"
                                "程序没有改动它。请用 --db 指定 BranchDesk 的数据库文件。")
    revisions = _not_newer(revisions)
    if not checked:
        check_stamps.remember(path, state)
    return revisions


def _not_newer(revisions: set[str]) -> set[str]:
    if revisions - known_revisions():
        raise NewerDatabaseError(
            "这个数据库由更新版本的 BranchDesk 创建，当前程序无法安全打开。请升级 BranchDesk 后再打开，"
            "程序没有改动这个文件。"
        )
    return revisions


def open_database(
    target: str | Path,
    *,
    migrate: bool = True,
    auto_backup: bool = True,
    backup_folder: Path | None = None,
    new_after_damage: bool = False,
) -> Database:
    """Open (creating if new) and migrate a database; raise DatabaseOpenError with a Chinese message."""
    text = str(target)
    path = DatabaseTarget.parse(target).path
    existed = False
    revisions: set[str] = set()
    if path is not None:
        share = network_share(path)
        if share:
            raise NetworkShareError(
                f"数据库“{path}”位于{share}上。网络共享不能保证数据库安全（可能损坏数据），"
                "请把文件复制到本机硬盘或 U 盘后再打开"
            )
        _sweep(path)
        existed = path.exists() and (path.is_dir() or path.stat().st_size > 0)
        if existed:
            revisions = _check_existing(path, backup_folder)
            _settle_journal(path)
            read_only = files.read_only_problem(path) if path.is_file() else None
            if read_only and migrate and revisions != script_heads():
                raise DatabaseOpenError(f"{read_only}（这个数据库需要升级到当前版本，升级要写入文件。）程序没有改动它。")
        elif not new_after_damage and _damaged_siblings(path):
            damaged = _damaged_siblings(path)
            good = _newest_good(path, backup_folder)
            raise MissingDatabaseError(
                f"数据库“{path.name}”上次打开时已损坏，已改名为“{damaged[0].name}”保存。程序不会自动新建一个空数据库"
                f"代替它。{_restore_hint(good)}",
                path=path, damaged=damaged, good=good,
            )
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DatabaseOpenError(explain_os_error(exc, path.parent)) from exc
    export_files.sweep_unfinished()  # a killed export's temporary, in whatever folder it was (export_files.py)
    engine = make_engine(target)
    database = Database(engine)
    if path is not None and existed and path.is_file() and files.read_only_problem(path):
        database.notices.append(f"{files.read_only_problem(path)}现在只能查看和导出，任何修改都无法保存。")
    try:
        if path is None:
            revisions = _server_revisions(engine)
            if revisions - known_revisions():
                raise NewerDatabaseError("这个数据库由更新版本的 BranchDesk 创建，当前程序无法安全打开。请升级 BranchDesk。")
        if migrate and revisions != script_heads():
            if existed and path is not None:
                try:
                    backups.make_backup(path, "before-migration", backup_folder)
                except safe_copy.BackupError as exc:
                    raise DatabaseOpenError(f"升级数据库前的备份没有成功，数据库保持原样。{exc}") from exc
            upgrade(database)
            if not existed and path is not None:  # a new database: numbered for its backups (db/database_id.py)
                database_id.assign(path)
            elif path is not None:  # backed up just above
                _number_older(path)
        else:
            if existed and path is not None and migrate and _unnumbered(path):
                _number_older(path, backup_folder=backup_folder, back_up=True)
            if existed and path is not None and auto_backup:
                _daily_backup(database, path, backup_folder)
        if existed and path is not None:
            _tidy_encryption(database, path, backup_folder)
    except Exception as exc:
        database.release()
        if isinstance(exc, DatabaseOpenError):
            raise
        if isinstance(exc, files.database_errors()) or "file is not a database" in str(exc):
            raise NotADatabaseError(f"“{text}”不是可用的数据库文件（{exc}）") from exc
        raise
    return database


def _unnumbered(path: Path) -> bool:
    """A writable database made before databases were numbered (db/database_id.py)."""
    return path.is_file() and not files.read_only_problem(path) and database_id.read(path) == database_id.NONE


def _number_older(path: Path, *, backup_folder: Path | None = None, back_up: bool = False) -> None:
    """Number a database made before databases were numbered, at its first open by this version, so
    its backups from now on carry its number and are never taken for another unnumbered database's
    (two schools' files made before numbering were told apart only by path and history). Like every
    schema change, only after its backup (`back_up`; an upgrade has made one): a backup that fails
    leaves it unnumbered, to be numbered at a later open — as does a file another program holds for
    writing, before any backup is made (not one more at each open: review rev3 R3-2)."""
    if not _unnumbered(path):
        return
    if back_up:
        if not database_id.can_write(path):
            return
        try:
            backups.make_backup(path, "before-migration", backup_folder)
        except (safe_copy.BackupError, OSError, cipher.CipherError, *files.errors()):
            return
    database_id.assign(path)


def _server_revisions(engine: Any) -> set[str]:
    """The version table of a server database (none yet: a new, empty database)."""
    from sqlalchemy import inspect, text

    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            connection.rollback()
            return set()
        revisions = {str(r[0]) for r in connection.execute(text("SELECT version_num FROM alembic_version"))}
        connection.rollback()
    return revisions


def daily_backup(database: Database, folder: Path | None = None) -> list[str]:
    """The daily backup `open_database` makes unless told not to (`auto_backup=False`: the window runs
    it in the background once it is shown). Returns the notices it added (a failure is a notice)."""
    if database.path is None or not database.path.is_file():
        return []
    before = len(database.notices)
    _daily_backup(database, database.path, folder)
    added = database.notices[before:]
    del database.notices[before:]
    return added


def _daily_backup(database: Database, path: Path, folder: Path | None) -> None:
    """The first open of a day backs up a changed database; a failure is a notice, not a refusal."""
    folder = folder or backups.configured_folder(path)
    try:
        if backups.daily_backup_due(path, folder):
            backups.make_backup(path, "daily", folder)
    except safe_copy.BackupError as exc:
        database.notices.append(f"今天的自动备份没有成功：{exc}")
    except (OSError, *files.errors()) as exc:
        database.notices.append("今天的自动备份没有成功：" + explain_os_error(exc, folder))


def _damaged_siblings(path: Path) -> list[Path]:
    """Files an earlier open renamed aside; asked only when the database file is missing, so the
    restore machinery is loaded only then."""
    from branchdesk.db.restore import damaged_siblings

    return damaged_siblings(path)


def _sweep(path: Path) -> None:
    """Remove what an interrupted backup, restore or encryption change left beside the database
    (issue 21: one may be a plain copy of an encrypted database's data), before anything else."""
    from branchdesk.db import leftovers

    leftovers.sweep_beside(path)
    leftovers.sweep_temporary_folders()


def _settle_journal(path: Path) -> None:
    """The check's first read played back any hot journal a kill left (db/leftovers.py)."""
    from branchdesk.db import leftovers

    leftovers.settle_dead_journal(path)


def _tidy_encryption(database: Database, path: Path, folder: Path | None) -> None:
    """What an interrupted or partial earlier run left (issue 8): half-written backups in the backup
    folder are removed (those beside the database went first, `_sweep`); plain automatic backups
    of an encrypted database (a USB drive that was out when encryption was turned on) are encrypted
    now; and a recovery key that was never shown is a notice until a new one is issued."""
    from branchdesk.db import leftovers

    folder = folder or backups.configured_folder(path)
    leftovers.sweep_backups(folder, path.stem)
    if not cipher.is_encrypted(path):
        return
    from branchdesk.db import encryption  # the encryption stack only for an encrypted database (issue 18)

    try:
        key, sealed = cipher.key_for(path), cipher.read_key_file(path)
        done, left = encryption.encrypt_backups(path, folder, key, sealed)
    except (cipher.CipherError, OSError, *files.errors()):
        done, left = 0, ()
    if done:
        database.notices.append(f"备份文件夹中发现 {done} 个未加密的旧备份，已用数据库的密钥加密。")
    if left:
        database.notices.append(f"备份文件夹中有 {len(left)} 个未加密的旧备份无法加密（已损坏或正被使用），"
                                f"请检查后删除：{left[0]}")
    try:  # the program's own plain `.damaged-…` copies beside it (trial S, TS-4)
        copies, plain = encryption.encrypt_damaged_copies(path, cipher.key_for(path), cipher.read_key_file(path))
    except (cipher.CipherError, OSError, *files.errors()):
        copies, plain = 0, tuple(encryption.plain_damaged_copies(path))
    if copies:
        database.notices.append(f"数据库旁边程序以前改名保存的 {copies} 个已损坏数据库文件（.damaged-…）还没有加密，已用数据库的密钥加密。")
    if plain:
        database.notices.append(encryption.damaged_left_text(plain))
    if encryption.recovery_key_pending(path):
        database.notices.append(RECOVERY_KEY_PENDING)


def upgrade(database: Database, revision: str = "heads") -> None:
    """Bring the schema to `revision`. A migration that changes records (a new column with a
    default, data moved between columns) writes that into the change history, attributed to the
    upgrade, so `verify` does not take it for a change made outside BranchDesk (issue 21); what
    differed from the history before the upgrade is left as it was found."""
    from alembic import command

    before = _history_differences(database)
    _migrate(database, lambda config: command.upgrade(config, revision))
    database.schema_changed()
    if before is not None:
        _record_upgrade_changes(database, before)


def _migrate(database: Database, run: Callable[[Any], None]) -> None:
    """Run Alembic (`run(config)`) in one transaction with the foreign keys off, and roll it back when
    it leaves more rows pointing at rows that are gone than there were (an upgrade and a downgrade alike:
    review rev6 R6-1 — a downgrade rebuilt tables with the keys on). The refusal is a DatabaseOpenError,
    so the window and the command line say it in Chinese instead of a program error (R6-2)."""
    config = alembic_config()
    with _foreign_keys_off(database) as connection, connection.begin():
        broken_before = _foreign_key_problems(connection)
        config.attributes["connection"] = connection
        run(config)
        broken = _foreign_key_problems(connection)
        if broken > broken_before:  # the transaction is rolled back: the database stays as it was
            raise UpgradeRefusedError(
                f"数据库升级会使 {broken - broken_before} 条记录失去所属的记录（例如签到表失去所属的会议），"
                "已停止升级，数据库没有改动。请不要再用这个版本打开它，把数据库文件交给技术支持人员检查。")


@contextmanager
def _foreign_keys_off(database: Database) -> Iterator[Connection]:
    """A connection for migrating, with SQLite's foreign keys off while it lasts (trial S, TS-1).

    On SQLite a migration that changes a column rebuilds the table (copy, DROP, rename: Alembic's batch
    mode). With foreign keys on, the DROP is a DELETE of every row, and ON DELETE CASCADE took every
    sign-in sheet, meeting kind and 民主评议 result with it: 0140 emptied meeting_attendance of a database
    made before it, without a word. SQLite's own procedure for such changes turns the keys off first
    (https://www.sqlite.org/lang_altertable.html, "other kinds of table schema changes") and checks them
    after: `upgrade` refuses a migration that leaves more broken references than there were. The pragma is
    a no-op inside a transaction, so it is set on the driver's connection before SQLAlchemy begins one,
    and set back before the connection returns to the pool. PostgreSQL alters tables in place."""
    with database.engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            _driver_pragma(connection, "foreign_keys = OFF")
        try:
            yield connection
        finally:
            if sqlite:
                _driver_pragma(connection, "foreign_keys = ON")


def _driver_pragma(connection: Connection, pragma: str) -> None:
    cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(f"PRAGMA {pragma}")
    finally:
        cursor.close()


def _foreign_key_problems(connection: Connection) -> int:
    """How many rows point at a row that is not there (0 on PostgreSQL, which never lets that happen)."""
    if connection.dialect.name != "sqlite":
        return 0
    return len(connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall())


def _history_differences(database: Database) -> set[tuple[str, str, str, str]] | None:
    """What differs between the records and their history now; None when there is no history yet."""
    from sqlalchemy import inspect

    from branchdesk.db.record_check import compare

    with database.engine.connect() as connection:
        if not inspect(connection).has_table("change_log"):
            return None
        _, problems = compare(connection)
        connection.rollback()
    return {(p.kind, p.table, p.record_id, p.field) for p in problems}


def _record_upgrade_changes(database: Database, before: set[tuple[str, str, str, str]]) -> None:
    from branchdesk.db.history import os_user
    from branchdesk.db.record_check import compare, reconcile

    with database.engine.begin() as connection:
        _, problems = compare(connection)
        made = [p for p in problems if (p.kind, p.table, p.record_id, p.field) not in before]
        if made:
            reconcile(connection, made, user=f"{os_user()}（数据库升级）")


def downgrade(database: Database, revision: str) -> None:
    from alembic import command

    _migrate(database, lambda config: command.downgrade(config, revision))
    database.schema_changed()


def current_revisions(database: Database) -> set[str]:
    from alembic.runtime.migration import MigrationContext

    with database.engine.connect() as connection:
        return set(MigrationContext.configure(connection).get_current_heads())
