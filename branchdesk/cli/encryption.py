"""`branchdesk encryption …` and the password prompt every command shows for an encrypted database
(issue 8). Passwords are read with getpass (never echoed, never on the command line), or for scripts
from BRANCHDESK_PASSWORD (the current password), BRANCHDESK_NEW_PASSWORD (a new one) and
BRANCHDESK_RECOVERY_KEY."""

from __future__ import annotations

import argparse
import getpass
import os
import warnings
from collections.abc import Callable
from pathlib import Path

from branchdesk.db import window_lock_file
from branchdesk.paths import configured_database
from branchdesk.services import encryption, session
from branchdesk.services.encryption import EncryptionFailed

PASSWORD_ENV = "BRANCHDESK_PASSWORD"
NEW_PASSWORD_ENV = "BRANCHDESK_NEW_PASSWORD"
RECOVERY_ENV = "BRANCHDESK_RECOVERY_KEY"
Print = Callable[[str], None]


def secret(env: str, prompt: str) -> str:
    value = os.environ.get(env)
    if value:
        return value
    try:
        with warnings.catch_warnings():  # no English "GetPassWarning" when there is no terminal
            warnings.simplefilter("ignore")
            return getpass.getpass(prompt)
    except (EOFError, KeyboardInterrupt) as exc:
        raise EncryptionFailed(f"没有输入{prompt.rstrip('：')}，操作已取消（脚本中可用环境变量 {env}）") from exc


def _new_password() -> str:
    if os.environ.get(NEW_PASSWORD_ENV):
        return os.environ[NEW_PASSWORD_ENV]
    first = secret(NEW_PASSWORD_ENV, f"新密码（至少 {encryption.MIN_PASSWORD} 个字符）：")
    if getpass.getpass("再输入一次新密码：") != first:
        raise EncryptionFailed("两次输入的新密码不一致，没有做任何改动")
    return first


def database_file(db_arg: str | None) -> Path | None:
    """The local database file a command works on (None for a server URL)."""
    target = db_arg if db_arg else str(configured_database())
    return None if "://" in target else Path(target).expanduser().resolve()


def unlock_if_needed(db_arg: str | None, say: Print) -> None:
    """Before a command opens an encrypted database: ask for its password (three tries)."""
    path = database_file(db_arg)
    if path is None or not encryption.is_encrypted_file(path):
        return
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


def run(args: argparse.Namespace, say: Print) -> int:
    """`branchdesk encryption status|enable|disable|password|recover|new-recovery-key|lock-minutes`."""
    action = args.action
    path = database_file(args.db)
    if path is None:
        raise EncryptionFailed("只有本机上的数据库文件可以加密（共享服务器上的数据库由服务器保护）")
    if not path.is_file():
        raise EncryptionFailed(f"找不到数据库文件“{path}”")
    if action == "recover":
        key = secret(RECOVERY_ENV, "恢复密钥（14 组，每组 4 个字母或数字；输入时不显示）：")
        encryption.check_recovery_key(path, key)  # a typo is reported before any new password is asked
        say(f"恢复密钥正确。请设置新密码（至少 {encryption.MIN_PASSWORD} 个字符）。")
        encryption.recover(path, key, _new_password())
        say("已用恢复密钥打开数据库，并设置了新密码。请牢记新密码。")
        return 0
    held = window_lock_file.holder(path)
    if held and action in ("enable", "disable", "recover", "new-recovery-key"):  # these replace the file or its key
        raise EncryptionFailed(f"数据库正被{held}打开。请先关闭那个窗口，再执行这个操作。")
    current = ""
    if action in ("disable", "password", "new-recovery-key"):  # the current password, asked once, unlocks too
        if not encryption.is_encrypted_file(path):
            raise EncryptionFailed("数据库没有加密")
        current = secret(PASSWORD_ENV, "当前密码：")
        encryption.unlock(path, current)
    else:
        unlock_if_needed(args.db, say)
    db = session.open(path)
    try:
        if action == "status":
            state = encryption.status(db)
            say(state.summary)
            if state.encrypted:
                minutes = f"{state.lock_minutes} 分钟无操作后自动锁定窗口" if state.lock_minutes else "不自动锁定窗口"
                say(f"密钥文件：{state.key_file}\n{minutes}")
        elif action == "enable":
            if db.encrypted:
                raise EncryptionFailed("数据库已经加密（改密码请用 branchdesk encryption password）")
            outcome = encryption.enable(db, _new_password())
            say("数据库已加密。恢复密钥（只显示这一次，请抄写后交党委封存；忘记密码时凭它打开数据库）：")
            say("")
            say("    " + outcome.recovery_key)
            say("")
            encryption.confirm_recovery_key(db)  # printed: the reminder at start is not needed
            say(f"备份文件夹中 {outcome.backups_encrypted} 个原有备份也已加密。自行复制到其他位置（如 U 盘）的旧备份仍未加密，请删除或重新备份。")
            if outcome.left_text:
                say(outcome.left_text)
        elif action == "disable":
            encryption.disable(db, current)
            say("数据库已改为不加密保存（原有加密备份仍需原密码打开）。")
        elif action == "new-recovery-key":
            outcome = encryption.new_recovery_key(db, current)
            say("已更换恢复密钥，原来的恢复密钥从此无效。新的恢复密钥（只显示这一次，请抄写后交党委封存）：")
            say("")
            say("    " + outcome.recovery_key)
            say("")
            encryption.confirm_recovery_key(db)
            say(f"数据库和 {outcome.backups_encrypted} 个自动备份已改用新密钥加密；密码不变。")
        elif action == "password":
            updated = encryption.change_password(db, current, _new_password())
            say(f"密码已修改（{updated} 个加密备份也改用新密码）。恢复密钥不变。")
        elif action == "lock-minutes":
            if args.minutes is not None:
                encryption.set_lock_minutes(db, args.minutes)
            minutes = encryption.lock_minutes(db)
            say(f"窗口在 {minutes} 分钟无操作后自动锁定。" if minutes else "窗口不自动锁定。")
            if not db.encrypted:
                say("（数据库未加密：只有启用加密后，窗口才会自动锁定。）")
    finally:
        db.close()
    return 0


def add_parser(sub: argparse._SubParsersAction, common: Callable[[argparse.ArgumentParser], None],
               func: Callable[[argparse.Namespace], int]) -> None:
    p = sub.add_parser("encryption", help="数据库加密：status 状态、enable 启用、disable 关闭、password 改密码、"
                                          "recover 用恢复密钥设新密码、new-recovery-key 更换恢复密钥、"
                                          "lock-minutes 自动锁定时间")
    p.add_argument("action", choices=("status", "enable", "disable", "password", "recover", "new-recovery-key",
                                      "lock-minutes"))
    p.add_argument("minutes", nargs="?", type=int, default=None,
                   help="自动锁定的分钟数（0 为不自动锁定；不写则显示当前设置）")
    common(p)
    p.set_defaults(func=func)
