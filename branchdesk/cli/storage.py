"""`branchdesk backup`, `restore` (issue 8), `migrate-data` and `use-database` (issue 9): where the
data is kept and how it is copied. Passwords for encrypted packages are read with getpass (never
echoed, never on the command line), or from BRANCHDESK_BACKUP_PASSWORD for scripts."""

from __future__ import annotations

import argparse
import os
from datetime import datetime
from pathlib import Path

from branchdesk.cli.common import PASSWORD_ENV as DATABASE_PASSWORD_ENV
from branchdesk.cli.common import open_db, out_folder, secret, typed, unlock_if_needed
from branchdesk.cli.console import say
from branchdesk.db import window_lock_file
from branchdesk.db.backup_info import backup_name
from branchdesk.db.restore import damaged_siblings
from branchdesk.db.target import DatabaseTarget
from branchdesk.paths import default_database
from branchdesk.services import session
from branchdesk.services.storage.backups import (
    BackupEntry,
    BackupFailed,
    OtherDatabaseFailed,
    backup_encrypted,
    backup_now,
    is_encrypted_backup,
    list_backups,
    restore_backup,
)
from branchdesk.services.storage.database_location import (
    choose_database,
    current_database,
    reset_database_choice,
    shown,
)
from branchdesk.services.storage.encryption import is_encrypted_file, is_unlocked, unlock_file
from branchdesk.services.storage.migrate_data import MigrateDataError, migrate_data

PASSWORD_ENV = "BRANCHDESK_BACKUP_PASSWORD"
SEALED_SUFFIX = ".bdsealed"  # an encrypted backup package (设置 → 备份与恢复 offers *.bdsealed)


def _password(confirm: bool) -> str:
    from_env = os.environ.get(PASSWORD_ENV)
    if from_env:
        return from_env
    try:
        first = typed("备份密码：")
        again = typed("再输入一次：") if confirm else first
    except (EOFError, KeyboardInterrupt) as exc:
        raise BackupFailed(f"没有输入备份密码，操作已取消（脚本中可用环境变量 {PASSWORD_ENV}）") from exc
    if again != first:
        raise BackupFailed("两次输入的密码不一致，没有生成备份")
    return first


def backup(args: argparse.Namespace) -> int:
    if args.encrypt and not args.out:
        raise BackupFailed("加密备份请用 --out 指定文件（例如 U 盘上的 支部台账.bdsealed）")
    target = DatabaseTarget.parse(args.db or default_database())
    if args.list and target.path is not None and not target.path.is_file():
        return _list_without_database(target.path)
    if target.path is not None and not target.path.is_file():
        raise BackupFailed(f"找不到数据库“{target.path}”，没有可备份的数据")  # never back up a new empty one
    out = _backup_out(args.out, target.path, args.encrypt) if args.out else None
    db = session.open(args.db)
    try:
        if args.list:
            _say_entries(list_backups(db, check=True))
            return 0
        if args.encrypt:
            assert out is not None
            entry = backup_encrypted(db, out, _password(confirm=True))
        else:
            entry = backup_now(db, out=out)
    finally:
        db.close()
    say(f"已备份：{entry.path}\n{entry.summary}")
    if args.encrypt:
        say("请牢记密码：忘记密码将无法恢复这个备份。")
    elif is_encrypted_file(entry.path):
        say(f"数据库已加密，备份也已加密：复制备份时请连同密钥文件“{entry.path.name}.key”一起复制"
            "（丢失时可用恢复密钥打开）。")
    return 0


def _say_entries(entries: list[BackupEntry]) -> None:
    for entry in entries:
        say(f"{'' if entry.ok else '[不可用] '}{entry.summary}  {entry.path}")
    say(f"共 {len(entries)} 个备份。")


def _list_without_database(path: Path) -> int:
    """`backup --list` while the database is not there (moved aside as damaged, or deleted): its
    backups are what the user needs right then (TS-3), listed without making a database."""
    damaged = damaged_siblings(path)
    if damaged:
        say(f"数据库“{path.name}”上次打开时已损坏，已改名为“{damaged[0].name}”保存。下面是它的备份，"
            f"选一个恢复：branchdesk restore \"备份文件\" --db \"{path}\"")
    else:
        say(f"找不到数据库“{path}”。下面是以前为它做的备份：")
    _say_entries(list_backups(path, check=True))
    return 0


def _backup_out(raw: str, database: Path | None, encrypt: bool) -> Path:
    """--out of a backup: the file, or a folder (T9-5: the USB drive's 备份 folder, made if it ends in
    "/" or "\\" and is not there) that gets the usual backup file name inside — the database's name
    and the time, as in the backup folder; an encrypted database's key file then goes beside the
    backup, inside that folder."""
    folder = out_folder(raw, BackupFailed)
    if folder is None:
        return Path(raw)
    source = database or Path("台账")
    if encrypt:
        return folder / f"{source.stem}-{datetime.now():%Y%m%d-%H%M%S}{SEALED_SUFFIX}"
    return folder / backup_name(source, "manual")


def restore(args: argparse.Namespace) -> int:
    target = Path(args.db) if args.db else default_database()
    held = window_lock_file.holder(target.expanduser().resolve())
    if held:  # a locked window has no connection open: SQLite alone would not notice it
        raise BackupFailed(f"数据库正被{held}打开。请先关闭那个窗口再恢复（或在窗口的“设置 → 备份与恢复”中恢复）。")
    source = Path(args.file)
    password = _password(confirm=False) if is_encrypted_backup(source) else None
    if is_encrypted_file(source) and not is_unlocked(source):  # made under an earlier password
        unlock_file(source, secret(DATABASE_PASSWORD_ENV, "备份时数据库的密码（或恢复密钥）："))
    try:
        outcome = restore_backup(target, source, password=password, other_database=args.other_database)
    except OtherDatabaseFailed as exc:
        raise BackupFailed(f"{exc}\n确实要用它替换当前数据库的，请加 --other-database 重新运行。") from exc
    say(outcome.to_text())
    session.open(target).close()  # bring an older backup up to this version now, not at the next start
    return 0


def migrate(args: argparse.Namespace) -> int:
    """`branchdesk migrate-data --from A --to B`: everything into an empty database (issue 9)."""
    unlock_if_needed(args.source)  # an encrypted file
    try:
        result = migrate_data(args.source, args.target,
                              progress=lambda i, n, table: say(f"[{i}/{n}] {table}"))
    except MigrateDataError as exc:
        say(str(exc))
        return 1
    say(result.to_text())
    return 0 if result.ok else 1


def use_database(args: argparse.Namespace) -> int:
    """Choose the database the window and the commands open without --db (a committee's server)."""
    if args.default:
        say(f"已恢复为本机默认数据库：{reset_database_choice()}")
    elif args.target:
        setting = choose_database(args.target)
        say(f"今后不带 --db 时将打开：{shown(args.target)}\n（设置保存在 {setting}）")
    else:
        say(f"当前数据库：{current_database()}")
    return 0


def verify(args: argparse.Namespace) -> int:
    """`branchdesk verify`: the window's 检查数据库 from the command line (issue 21): the file, the links,
    the change history, every record against its history, the history against its anchor and the
    backups. Exit 1 on any finding; `--accept` confirms what was found as the user's own doing."""
    from branchdesk.services.storage.database_check import accept_current, check_database

    db = open_db(args)
    try:
        report = check_database(db)
        say(report.to_text())
        if args.accept and not report.ok:
            written = accept_current(db)
            say(f"\n已确认现状：写入 {written} 条修改记录（记在你的名下），并重新记下锚点。再次检查：")
            report = check_database(db)
            say(report.to_text())
    finally:
        db.close()
    return 0 if report.ok else 1
