"""数据加密 as the user sees it (设置 → 数据加密, `branchdesk encryption …`, the unlock prompt), issue 8.

The window and the CLI call these; they return plain DTOs and raise `EncryptionFailed` (or its
`WrongPasswordError`, so a dialog can keep the field open and say 密码错误) with a Chinese message.
Turning encryption on or off replaces the database file, so the caller must hold no Session: the
service disposes the engine's connections and gives the `Database` a new engine afterwards.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

from branchdesk import paths
from branchdesk.db import backup as store
from branchdesk.db import cipher, encryption, files
from branchdesk.db.engine import Database
from branchdesk.db.models import ChangeLog
from branchdesk.db.queries import get_setting, set_setting
from branchdesk.services.errors import ServiceError

LOCK_SETTING = "security.lock_minutes"
DEFAULT_LOCK_MINUTES = 10
MIN_PASSWORD = cipher.MIN_PASSWORD


class EncryptionFailed(ServiceError):
    """Nothing was changed; the message says why."""


class WrongPasswordError(EncryptionFailed):
    """密码错误 (or a recovery key that does not fit): ask again."""


@dataclass(frozen=True)
class EncryptionStatus:
    possible: bool  # a database file on this PC (a shared server database is protected by the server)
    encrypted: bool
    key_file: Path | None
    since: str  # when the current password was set (the key file's date), '' when not encrypted
    lock_minutes: int  # idle minutes before the window locks itself; 0 = never
    recovery_pending: bool = False  # the recovery key was never shown or its copy never confirmed
    plain_copies: tuple[Path, ...] = ()  # the program's own `.damaged-…` copies still plain (TS-4)

    @property
    def summary(self) -> str:
        if not self.possible:
            return "共享服务器上的数据库由服务器保护，这里不能加密。"
        if not self.encrypted:
            return "未加密：拿到数据库文件的人可以读出全部数据。"
        since = f"（密码设置于 {self.since.replace('T', ' ')}）" if self.since else ""
        text = f"已加密{since}：没有密码或恢复密钥的人，读不出数据库文件和备份的内容。"
        if self.recovery_pending:
            text += ("\n注意：恢复密钥没有显示完成或没有确认抄写（启用加密时被中断），忘记密码时将无法打开数据库。"
                     "请运行 branchdesk encryption new-recovery-key（或在“设置 → 数据加密”点“更换恢复密钥”）"
                     "抄写新的恢复密钥并交党委封存。")
        if self.plain_copies:
            text += "\n注意：" + encryption.damaged_left_text(self.plain_copies)
        return text


@dataclass(frozen=True)
class EnableOutcome:
    recovery_key: str  # show once; never stored anywhere by the program
    backups_encrypted: int
    backups_left: tuple[Path, ...] = ()  # plain backups that could not be encrypted: tell the user
    folders_missing: tuple[Path, ...] = ()  # backup folders used before, not there now (a USB drive)
    damaged_encrypted: int = 0  # the program's own `.damaged-…` copies beside the database, now encrypted
    damaged_left: tuple[Path, ...] = ()  # such copies too damaged to encrypt: still plain, the user is told

    @property
    def left_text(self) -> str:
        lines = []
        if self.damaged_encrypted:
            lines.append(f"数据库旁边程序以前改名保存的 {self.damaged_encrypted} 个已损坏数据库文件（.damaged-…）也已加密。")
        if self.damaged_left:
            lines.append(encryption.damaged_left_text(self.damaged_left))
        if self.backups_left:
            names = "、".join(p.name for p in self.backups_left[:3]) + ("等" if len(self.backups_left) > 3 else "")
            lines.append(f"有 {len(self.backups_left)} 个备份未能加密（已损坏或正被使用）：{names}。"
                         f"它们仍是明文，请检查后删除（在“{self.backups_left[0].parent}”中）。")
        for folder in self.folders_missing:
            lines.append(f"以前用过的备份文件夹“{folder}”现在找不到（U 盘或移动硬盘是否已拔出？），那里如有本台账的备份，"
                         f"仍未加密。插上后，请在“设置 → 备份与恢复”中选回这个文件夹，再打开一次台账，那里的备份就会加密；"
                         f"之后可以改回现在的备份文件夹。")
        return "\n".join(lines)


def _failed(exc: cipher.CipherError) -> EncryptionFailed:
    if isinstance(exc, cipher.WrongPassword):
        return WrongPasswordError(str(exc))
    return EncryptionFailed(str(exc))


def _local(db: Database) -> Path:
    if db.path is None:
        raise EncryptionFailed("只有本机上的数据库文件可以加密（共享服务器上的数据库由服务器保护）")
    return db.path


def _check_new_password(password: str, confirm: str | None) -> None:
    if confirm is not None and password != confirm:
        raise EncryptionFailed("两次输入的新密码不一致")
    try:
        cipher.check_password(password)
    except cipher.CipherError as exc:
        raise _failed(exc) from exc


def status(db: Database) -> EncryptionStatus:
    minutes = lock_minutes(db)
    if db.path is None:
        return EncryptionStatus(possible=False, encrypted=False, key_file=None, since="", lock_minutes=minutes)
    if not db.encrypted:
        return EncryptionStatus(possible=True, encrypted=False, key_file=None, since="", lock_minutes=minutes)
    try:
        since = cipher.read_key_file(db.path).created
    except cipher.CipherError:
        since = ""
    return EncryptionStatus(possible=True, encrypted=True, key_file=cipher.key_file(db.path), since=since,
                            lock_minutes=minutes, recovery_pending=encryption.recovery_key_pending(db.path),
                            plain_copies=tuple(encryption.plain_damaged_copies(db.path)))


def is_encrypted_file(path: Path | str) -> bool:
    return cipher.is_encrypted(Path(path).expanduser())


def is_unlocked(path: Path | str) -> bool:
    """An encrypted file whose key this process holds (a backup made with the current key …)."""
    try:
        cipher.key_for(Path(path).expanduser())
    except cipher.KeyRequired:
        return False
    return True


def _reachable_folder(path: Path, doing: str, left: str) -> Path:
    """The backup folder chosen in 设置, when it is there. A chosen folder that is not (a USB drive
    unplugged) is never made anew for the backups of an encryption change: that made the drive's
    path on the PC's own disk, and said the backups were encrypted while those on the drive stayed
    as they were (trial R, TR-7). Nothing is changed; the user is told what stays as it is."""
    folder = store.configured_folder(path)
    if folder.is_dir() or folder == paths.backup_folder():
        return folder
    raise EncryptionFailed(
        f"找不到备份文件夹“{folder}”（U 盘或移动硬盘是否已拔出？）。那里的备份{left}，所以这次没有{doing}，"
        f"数据库保持原样。请插上 U 盘后重试；如果不再使用这个文件夹，请先在“设置 → 备份与恢复”中改选备份文件夹。")


def enable(db: Database, password: str, confirm: str | None = None) -> EnableOutcome:
    """Encrypt the database (and its automatic backups) with a new password; returns the recovery key."""
    path = _local(db)
    _check_new_password(password, confirm)
    folder = _reachable_folder(path, "启用加密", "仍未加密，启用加密时要把它们一并加密")
    former = [f for f in _former_folders(db) if f != folder]
    db.release()
    try:
        result = encryption.encrypt_file(path, password, backup_folder=folder)
    except cipher.CipherError as exc:
        raise _failed(exc) from exc
    finally:
        db.reconnect()
    done, left, missing = result.backups_encrypted, list(result.backups_left), []
    for old in former:  # what the program wrote there is as plain as what it wrote here (TR-7)
        if not old.is_dir():
            if old != paths.backup_folder():  # (the default one, never made: no backups there)
                missing.append(old)
            continue
        try:
            more, failed = encryption.encrypt_backups(path, old, cipher.key_for(path), cipher.read_key_file(path))
        except (cipher.CipherError, OSError):
            missing.append(old)
            continue
        done, left = done + more, [*left, *failed]
    return EnableOutcome(recovery_key=result.recovery_key, backups_encrypted=done, backups_left=tuple(left),
                         folders_missing=tuple(missing), damaged_encrypted=result.damaged_encrypted,
                         damaged_left=result.damaged_left)


def _former_folders(db: Database) -> list[Path]:
    """The backup folders this database was set to before (修改记录 of the setting; '' is the
    default folder), and the default folder: the program wrote automatic backups to each."""
    found = [paths.backup_folder()]
    with db.session() as session:
        rows = session.execute(sa.select(ChangeLog.old_value, ChangeLog.new_value).where(
            ChangeLog.table_name == "settings", ChangeLog.record_id == store.SETTING_KEY)).all()
    for old, new in rows:
        for text in (_inserted_value(old), _inserted_value(new)):
            folder = Path(text.strip()).expanduser() if text and text.strip() else paths.backup_folder()
            if folder not in found:
                found.append(folder)
    return found


def _inserted_value(text: str | None) -> str | None:
    """A setting's value from the snapshot an insert or delete line keeps ({"value": …}), else the
    line's own value (an update's)."""
    if not text or not text.startswith("{"):
        return text
    try:
        data = json.loads(text)
    except ValueError:
        return None
    value = data.get("value") if isinstance(data, dict) else None
    return value if isinstance(value, str) else None


def disable(db: Database, password: str) -> None:
    """Store the database unencrypted again, after the password is confirmed."""
    path = _local(db)
    db.release()
    try:
        encryption.decrypt_file(path, password, backup_folder=store.configured_folder(path))
    except cipher.CipherError as exc:
        raise _failed(exc) from exc
    finally:
        db.reconnect()


def new_recovery_key(db: Database, password: str) -> EnableOutcome:
    """Replace the recovery key (re-encrypts the database and its backups; the password stays).
    `backups_encrypted` is how many backups were re-encrypted with the new key."""
    path = _local(db)
    folder = _reachable_folder(path, "更换恢复密钥", "仍用原来的密钥加密（原恢复密钥还能打开），更换时要一并改用新密钥")
    db.release()
    try:
        result = encryption.replace_key(path, password, backup_folder=folder)
    except cipher.CipherError as exc:
        raise _failed(exc) from exc
    finally:
        db.reconnect()
    return EnableOutcome(recovery_key=result.recovery_key, backups_encrypted=result.backups_encrypted)


def change_password(db: Database, old: str, new: str, confirm: str | None = None) -> int:
    """A new password (the data stays as it is); returns how many backups' key files were updated."""
    path = _local(db)
    _check_new_password(new, confirm)
    try:
        return encryption.change_password(path, old, new, backup_folder=store.configured_folder(path))
    except cipher.CipherError as exc:
        raise _failed(exc) from exc


def unlock(path: Path | str, password: str) -> None:
    """Remember the key of an encrypted database file for this process (before opening it, or after
    the window locked itself). WrongPasswordError: 密码错误."""
    try:
        cipher.unlock(Path(path).expanduser().resolve(), password)
    except cipher.CipherError as exc:
        raise _failed(exc) from exc


def unlock_file(path: Path | str, secret: str) -> None:
    """Unlock an encrypted file (a backup) with its password or its recovery key, told apart by form.
    WrongPasswordError when neither fits."""
    target = Path(path).expanduser().resolve()
    if not cipher.looks_like_recovery_key(secret):
        unlock(target, secret)
        return
    cipher.KEYRING.add(_recovery_key_of(target, secret))


def _recovery_key_of(target: Path, text: str) -> bytes:
    """The data key a typed recovery key stands for, if it is this file's (WrongPasswordError)."""
    try:
        key = cipher.parse_recovery_key(text)
        try:
            sealed: cipher.KeyFile | None = cipher.read_key_file(target)
        except cipher.CipherError:
            sealed = None
        if sealed is not None and sealed.check != cipher.key_check(key):
            raise cipher.WrongPassword("这个恢复密钥不属于这个文件（可能来自另一次启用加密）")
        try:
            cipher.connect(target, key, read_only=True).close()
        except files.database_errors() as exc:
            raise cipher.WrongPassword("恢复密钥与这个文件不符，请逐组核对") from exc
    except cipher.CipherError as exc:
        raise _failed(exc) from exc
    return key


def check_recovery_key(path: Path | str, recovery_key: str) -> None:
    """Is this the recovery key of this database? (WrongPasswordError with what is wrong.)"""
    target = Path(path).expanduser().resolve()
    if not cipher.is_encrypted(target) and not cipher.looks_encrypted(target):
        raise EncryptionFailed("这个数据库没有加密，不需要恢复密钥")
    _recovery_key_of(target, recovery_key)  # checked only: recover() unlocks


def recover(path: Path | str, recovery_key: str, new_password: str, confirm: str | None = None) -> None:
    """Open with the recovery key and set a new password (forgotten password, lost key file)."""
    target = Path(path).expanduser().resolve()
    if not cipher.is_encrypted(target) and not cipher.looks_encrypted(target):
        raise EncryptionFailed("这个数据库没有加密，不需要恢复密钥")
    _check_new_password(new_password, confirm)
    try:
        encryption.recover(target, recovery_key, new_password)  # the backup folder is read once unlocked
    except cipher.CipherError as exc:
        raise _failed(exc) from exc


def confirm_recovery_key(db: Database) -> None:
    """The recovery key shown has been written down (see db/encryption.confirm_recovery_key)."""
    if db.path is not None and db.encrypted:
        try:
            encryption.confirm_recovery_key(db.path)
        except cipher.CipherError as exc:
            raise _failed(exc) from exc


def lock(db: Database) -> None:
    """Forget the key and close the connections: the window shows its lock screen until unlocked."""
    db.lock()


def lock_minutes(db: Database) -> int:
    try:
        with db.session() as session:
            text = get_setting(session, LOCK_SETTING, str(DEFAULT_LOCK_MINUTES))
    except cipher.KeyRequired:
        return DEFAULT_LOCK_MINUTES
    try:
        return max(0, int(text))
    except ValueError:
        return DEFAULT_LOCK_MINUTES


def set_lock_minutes(db: Database, minutes: int) -> None:
    if not 0 <= minutes <= 240:
        raise EncryptionFailed("自动锁定时间应在 0（不自动锁定）到 240 分钟之间")
    with db.session() as session:
        set_setting(session, LOCK_SETTING, str(minutes))
