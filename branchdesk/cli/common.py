"""What every command that opens a database shares: opening it, password prompts, and the exit codes
for the failures a user can act on (printing is in console.py).

Passwords are read with getpass (never echoed, never on the command line), or for scripts from
BRANCHDESK_PASSWORD (the current password), BRANCHDESK_NEW_PASSWORD (a new one) and
BRANCHDESK_RECOVERY_KEY.

A command imports only what it uses (issue 18): the database layer when it opens one, the encryption
stack (cryptography, SQLCipher) only for an encrypted database, and the failure types only when
something failed.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from branchdesk.cli.console import say
from branchdesk.db.target import DatabaseTarget
from branchdesk.paths import configured_database

if TYPE_CHECKING:
    from branchdesk.db.engine import Database

PASSWORD_ENV = "BRANCHDESK_PASSWORD"
NEW_PASSWORD_ENV = "BRANCHDESK_NEW_PASSWORD"
RECOVERY_ENV = "BRANCHDESK_RECOVERY_KEY"


def open_db(args: argparse.Namespace, *, create: bool = False, daily_backup: bool = True) -> Database:
    """Open --db (or the configured database). A command that only reads or exports never creates
    a database: a mistyped --db must not look like an empty school with no problems.
    `daily_backup=False` for a command that writes nothing (a report, the check, a dry run): the day's
    backup protects against changes, and the next command that writes still takes it (issue 18: opening
    does no avoidable work — the check that a backup is due reads every table)."""
    from branchdesk.db.migrate import DatabaseOpenError
    from branchdesk.services import session

    file = DatabaseTarget.parse(args.db).path if args.db else None
    if not create and file is not None and not file.exists():
        raise DatabaseOpenError(f"找不到数据库文件“{args.db}”，请检查 --db 的路径（新建数据库请用 demo 或 import）")
    return session.open(args.db, daily_backup=daily_backup)


def run_guarded(run: Callable[[], int]) -> int:
    """Run a command; the failures a user can act on are printed in Chinese with their own exit code
    (3 cannot open, 4 backup, 5 storage, 6 encryption). Anything else is a bug: it propagates.
    The failure types are imported only when something failed."""
    try:
        return run()
    except Exception as exc:
        from branchdesk.db.migrate import DatabaseOpenError
        from branchdesk.services.storage.backups import BackupFailed, storage_problem
        from branchdesk.services.storage.encryption import EncryptionFailed

        if isinstance(exc, DatabaseOpenError):
            say(f"无法打开数据库：{exc}")
            return 3
        if isinstance(exc, BackupFailed):
            say(str(exc))
            return 4
        if isinstance(exc, EncryptionFailed):
            say(str(exc))
            return 6
        problem = storage_problem(exc)
        if problem:  # disk full, read-only folder, USB drive pulled out (issue 8)
            say(problem)
            return 5
        raise


FOLDER_ENDINGS = ("/", "\\")


def out_folder(raw: str, error: Callable[[str], Exception]) -> Path | None:
    """The folder an --out names, or None when it names the file itself. A path ending in "/" or "\\"
    is a folder, made when it is not there yet (a new folder on the USB drive); so is an existing
    folder named without the ending. The command then writes its file inside under its usual name
    (T9-26, T9-5). A folder that cannot be made raises `error` with the reason in plain Chinese."""
    stripped = raw.rstrip("/\\")
    path = Path(raw if not stripped or stripped.endswith(":") else stripped).expanduser()  # "/", "E:\\"
    if not raw.endswith(FOLDER_ENDINGS) and not path.is_dir():
        return None
    try:
        path.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError) as exc:
        raise error(f"无法建立文件夹“{path}”：那里已有同名的文件（不是文件夹），请换一个名称或位置") from exc
    except PermissionError as exc:
        raise error(f"无法建立文件夹“{path}”：没有权限在那里写入，请换一个位置") from exc
    except OSError as exc:
        raise error(f"无法建立文件夹“{path}”：找不到或无法写入它所在的位置（U 盘是否已拔出？）") from exc
    return path


def typed(prompt: str) -> str:
    """A secret typed at the terminal without echo; from a script (standard input not a terminal),
    the first line of its input. getpass would print "Warning: Password input may be echoed." there,
    in English, where nothing is echoed at all (trial 9, T9-21). EOFError when there is no input."""
    stdin = sys.stdin
    try:
        terminal = stdin is not None and stdin.isatty()
    except (OSError, ValueError):  # closed or detached
        terminal = False
    if terminal:
        with warnings.catch_warnings():  # no English "GetPassWarning" either
            warnings.simplefilter("ignore")
            return getpass.getpass(prompt)
    if stdin is None:
        raise EOFError
    sys.stderr.write(prompt)
    sys.stderr.flush()
    line = stdin.readline()
    sys.stderr.write("\n")
    if not line:
        raise EOFError
    return line.rstrip("\r\n")


def secret(env: str, prompt: str) -> str:
    """A password from the environment variable `env`, or typed without echo (or piped by a script)."""
    value = os.environ.get(env)
    if value:
        return value
    try:
        return typed(prompt)
    except (EOFError, KeyboardInterrupt) as exc:
        from branchdesk.services.storage.encryption import EncryptionFailed

        raise EncryptionFailed(f"没有输入{prompt.rstrip('：')}，操作已取消（脚本中可用环境变量 {env}）") from exc


def new_password() -> str:
    """A new database password, typed twice (or BRANCHDESK_NEW_PASSWORD)."""
    from branchdesk.services.storage import encryption

    if os.environ.get(NEW_PASSWORD_ENV):
        return os.environ[NEW_PASSWORD_ENV]
    first = secret(NEW_PASSWORD_ENV, f"新密码（至少 {encryption.MIN_PASSWORD} 个字符）：")
    if typed("再输入一次新密码：") != first:
        raise encryption.EncryptionFailed("两次输入的新密码不一致，没有做任何改动")
    return first


def database_file(db_arg: str | None) -> Path | None:
    """The local database file a command works on (None for a server URL)."""
    return DatabaseTarget.parse(db_arg or configured_database()).path


def unlock_if_needed(db_arg: str | None) -> None:
    """Before a command opens an encrypted database: ask for its password (three tries)."""
    from branchdesk.db import cipher

    path = database_file(db_arg)
    if path is None or not cipher.is_encrypted(Path(path).expanduser()):
        return
    from branchdesk.services.storage import encryption

    for attempt in range(3):
        try:
            encryption.unlock(path, secret(PASSWORD_ENV, "数据库密码："))
            return
        except encryption.WrongPasswordError as exc:
            if os.environ.get(PASSWORD_ENV):
                raise encryption.WrongPasswordError(f"密码错误（环境变量 {PASSWORD_ENV} 中的密码不对）") from exc
            if attempt == 2:
                raise encryption.WrongPasswordError(
                    "密码错误，已试 3 次。忘记密码时可用恢复密钥设新密码：branchdesk encryption recover") from exc
            say(str(exc))


def with_notices(run: Callable[[], int]) -> Callable[[], int]:
    """Every command prints what the window would show at start: a failed daily backup, a recovery
    key that was never shown or confirmed (issue 21)."""

    def noticed() -> int:
        from branchdesk.services import session

        session.tell_notices_to(say)
        try:
            return run()
        finally:
            session.tell_notices_to(None)

    return noticed
