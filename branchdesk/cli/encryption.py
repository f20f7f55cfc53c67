"""`branchdesk encryption status|enable|disable|password|recover|new-recovery-key|lock-minutes`
(issue 8). The password prompt every command shows for an encrypted database is in cli/common.py."""

from __future__ import annotations

import argparse

from branchdesk.cli.common import (
    PASSWORD_ENV,
    RECOVERY_ENV,
    database_file,
    new_password,
    secret,
    unlock_if_needed,
)
from branchdesk.cli.console import say
from branchdesk.db import window_lock_file
from branchdesk.services import session
from branchdesk.services.storage import encryption
from branchdesk.services.storage.encryption import EncryptionFailed


def run(args: argparse.Namespace) -> int:
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
        encryption.recover(path, key, new_password())
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
        unlock_if_needed(args.db)
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
            outcome = encryption.enable(db, new_password())
            say("数据库已加密。恢复密钥（只显示这一次，请抄写后交党委封存；忘记密码时凭它打开数据库）：")
            say("")
            say("    " + outcome.recovery_key)
            say("")
            encryption.confirm_recovery_key(db)  # printed: the reminder at start is not needed
            say(f"程序做的 {outcome.backups_encrypted} 个原有备份（在现在和以前用过的备份文件夹中）也已加密。自行复制到其他位置（如 U 盘）的旧备份仍未加密，请删除或重新备份。")
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
            updated = encryption.change_password(db, current, new_password())
            say(f"密码已修改（{updated} 个加密备份也改用新密码）。恢复密钥不变。")
        elif action == "lock-minutes":
            if args.minutes is not None:
                encryption.set_lock_minutes(db, args.minutes)
            lock = encryption.lock_minutes(db)
            say(f"窗口在 {lock} 分钟无操作后自动锁定。" if lock else "窗口不自动锁定。")
            if not db.encrypted:
                say("（数据库未加密：只有启用加密后，窗口才会自动锁定。）")
    finally:
        db.close()
    return 0
