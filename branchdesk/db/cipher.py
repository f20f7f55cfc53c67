"""Encryption of the database itself at rest with SQLCipher (issue 8): keys, the key file, the
recovery key, and keyed connections.

Why a key file: the database is encrypted with a random 256-bit data key, never with the password
directly. The data key is kept next to the database in `<database>.key`, wrapped (AES-256-GCM) under a
key derived from the password with Argon2id (RFC 9106's second recommended setting: 64 MiB, 3 passes,
4 lanes — above OWASP's minimum of 19 MiB, 2 passes). This is how BitLocker, LUKS and VeraCrypt do it,
and it gives what a school needs: the password can be changed without re-encrypting years of records;
a wrong password fails the GCM tag, so the user hears 密码错误 and never 数据库损坏; and the data key
itself, written out once as the *recovery key*, opens the database even if the password is forgotten
or the key file is lost — it is shown once at set-up and kept sealed by the committee.

Which files are encrypted is decided by the file, not by a setting: a file that starts with SQLite's
header is plain; a file without it that has a key file beside it is encrypted. Backups of an encrypted
database are made with the same data key and get a copy of the key file, so they stay encrypted and
open with the password (or recovery key) valid when they were made.

Keys of unlocked databases live only in this process, in `KEYRING`, indexed by the key's check value
(a one-way digest written in the key file), so a database, its backups and a restored copy all find
their key; locking the window empties it.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import json
import os
import sys
import threading
import unicodedata
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from types import ModuleType
from typing import Any

from branchdesk.db import atomic, file_head

SQLITE_HEADER = b"SQLite format 3\x00"
KEY_SUFFIX = ".key"
FORMAT = 1
MEMORY_KIB = 65_536
ITERATIONS = 3
LANES = 4
MIN_PASSWORD = 8
_WRAP_AAD = b"BranchDesk database key v1"
_CHECK_LABEL = b"BranchDesk key check"
_RECOVERY_CHECKSUM = 3  # bytes of sha256 appended to the data key in the recovery key (typo detection)
_BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"


class CipherError(Exception):
    """Something about encryption the user must hear about; the message is plain Chinese."""


class WrongPassword(CipherError):
    """The password (or recovery key) does not open this database: 密码错误, never 数据库损坏."""


class KeyFileDamaged(CipherError, ValueError):
    """The key file is not what BranchDesk wrote: not JSON, a field missing or of the wrong size, or
    its checksum does not match (a flipped character). Said as such, never as 密码错误."""


class KeyRequired(CipherError):
    """The database is encrypted and has not been unlocked in this process."""

    def __init__(self, path: Path, message: str | None = None, *, needs_recovery: bool = False) -> None:
        super().__init__(message or f"数据库“{Path(path).name}”已加密，请输入密码解锁")
        self.path = Path(path)
        self.needs_recovery = needs_recovery  # the key file is missing, damaged or not this file's


# ---------------------------------------------------------------- the driver


def driver() -> ModuleType:
    """The SQLCipher DB-API module, imported only when an encrypted database is used."""
    try:
        from sqlcipher3 import dbapi2
    except ImportError as exc:  # pragma: no cover - a dependency of the package
        raise CipherError("缺少 SQLCipher 组件（sqlcipher3），无法打开加密数据库。请重新安装 BranchDesk。") from exc
    return dbapi2


def database_errors(*, loaded_only: bool = False) -> tuple[type[BaseException], ...]:
    """The DatabaseError classes of both drivers, for `except` clauses around raw connections.
    `loaded_only`: SQLCipher's only if it was imported already — no SQLCipher connection, hence no
    SQLCipher error, can exist before, and a plain database never imports it (issue 18)."""
    import sqlite3

    if loaded_only and _DRIVER not in sys.modules:
        return (sqlite3.DatabaseError,)
    try:
        return (sqlite3.DatabaseError, driver().DatabaseError)
    except CipherError:  # pragma: no cover
        return (sqlite3.DatabaseError,)


def driver_errors(*, loaded_only: bool = False) -> tuple[type[BaseException], ...]:
    """The Error classes of both drivers (`loaded_only`: as for database_errors)."""
    import sqlite3

    if loaded_only and _DRIVER not in sys.modules:
        return (sqlite3.Error,)
    try:
        return (sqlite3.Error, driver().Error)
    except CipherError:  # pragma: no cover
        return (sqlite3.Error,)


_DRIVER = "sqlcipher3.dbapi2"


# ---------------------------------------------------------------- files


def key_file(path: Path) -> Path:
    return Path(path).with_name(Path(path).name + KEY_SUFFIX)


def has_sqlite_header(path: Path) -> bool:
    try:
        return file_head.read_head(path, len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False


def is_encrypted(path: Path) -> bool:
    """True for a non-empty file without SQLite's header that has a key file beside it."""
    path = Path(path)
    try:
        if not path.is_file() or path.stat().st_size == 0:
            return False
    except OSError:
        return False
    # `<name>.key.next` alone: a replacement cut short after the rename (read_key_file promotes it)
    return not has_sqlite_header(path) and (key_file(path).is_file() or pending_key_file(path).is_file())


def looks_encrypted(path: Path) -> bool:
    """A file that may be an encrypted database whose key file is missing: no SQLite header, not
    zeroed, and a size that is a whole number of SQLCipher pages."""
    path = Path(path)
    try:
        size = path.stat().st_size
        head = file_head.read_head(path, 16)
    except OSError:
        return False
    return size >= 1024 and size % 1024 == 0 and head != SQLITE_HEADER and head.strip(b"\x00") != b""


# ---------------------------------------------------------------- keys


def key_check(key: bytes) -> str:
    """A one-way digest of the data key, stored in key files: it names the key without revealing it."""
    return hmac.new(key, _CHECK_LABEL, hashlib.sha256).hexdigest()[:32]


def new_data_key() -> bytes:
    return os.urandom(32)


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise CipherError(f"密码至少需要 {MIN_PASSWORD} 个字符")


def _derive(password: str, salt: bytes, memory: int, iterations: int, lanes: int) -> bytes:
    from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

    return Argon2id(salt=salt, length=32, iterations=iterations, lanes=lanes,
                    memory_cost=memory).derive(password.encode("utf-8"))


@dataclass(frozen=True)
class KeyFile:
    """The contents of `<database>.key`: the data key wrapped under the password's key."""

    salt: bytes
    memory_kib: int
    iterations: int
    lanes: int
    nonce: bytes
    wrapped: bytes
    check: str
    created: str
    file_salt: bytes = b""  # the first 16 bytes (SQLCipher's salt) of the database file it belongs to
    recovery_shown: bool = True  # False until the user confirmed the recovery key was written down
    checksummed: bool = False  # read from a file with a checksum that matched (see `from_json`)

    @classmethod
    def seal(cls, key: bytes, password: str, file_salt: bytes = b"") -> KeyFile:
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        check_password(password)
        salt, nonce = os.urandom(16), os.urandom(12)
        kek = _derive(password, salt, MEMORY_KIB, ITERATIONS, LANES)
        wrapped = AESGCM(kek).encrypt(nonce, key, _WRAP_AAD)
        return cls(salt=salt, memory_kib=MEMORY_KIB, iterations=ITERATIONS, lanes=LANES, nonce=nonce,
                   wrapped=wrapped, check=key_check(key), created=datetime.now().isoformat(timespec="seconds"),
                   file_salt=file_salt)

    def open(self, password: str) -> bytes:
        """The data key, or WrongPassword."""
        from cryptography.exceptions import InvalidTag
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        kek = _derive(password, self.salt, self.memory_kib, self.iterations, self.lanes)
        try:
            key = AESGCM(kek).decrypt(self.nonce, self.wrapped, _WRAP_AAD)
        except InvalidTag as exc:
            if self.checksummed:  # the file is as written: the password is what differs
                raise WrongPassword("密码错误，请重新输入（注意大小写和输入法）") from exc
            raise WrongPassword("密码错误，请重新输入（注意大小写和输入法）。如果确定密码没有输错，也可能是密钥文件"
                                "已损坏（这个旧格式的密钥文件无法分辨两者）：可用恢复密钥打开数据库。") from exc
        if key_check(key) != self.check:  # the tag fits but the recorded check value does not
            raise KeyFileDamaged("密钥文件已损坏（校验值不符），请用恢复密钥打开数据库")
        return key

    def to_json(self) -> str:
        b64 = lambda data: base64.b64encode(data).decode("ascii")  # noqa: E731
        data: dict[str, Any] = {
            "format": FORMAT, "program": "BranchDesk 支部台账",
            "note": "数据库加密密钥（已用密码加密）。请与数据库放在一起，不要删除；丢失时可用恢复密钥打开数据库。",
            "kdf": {"name": "argon2id", "salt": b64(self.salt), "memory_kib": self.memory_kib,
                    "iterations": self.iterations, "lanes": self.lanes},
            "cipher": "aes-256-gcm", "nonce": b64(self.nonce), "wrapped_key": b64(self.wrapped),
            "key_check": self.check, "file_salt": self.file_salt.hex(), "created": self.created,
            "recovery_shown": self.recovery_shown,
        }
        data["checksum"] = _checksum(data)
        return json.dumps(data, ensure_ascii=False, indent=1)

    @classmethod
    def from_json(cls, text: str) -> KeyFile:
        """Parse a key file. KeyFileDamaged (a ValueError) for anything BranchDesk would not have written:
        broken JSON, a missing field, a field of the wrong size, a checksum that does not match."""
        try:
            data = json.loads(text)
            if not isinstance(data, dict):
                raise KeyFileDamaged("密钥文件不是 BranchDesk 写的格式")
            version = data.get("format")
            if isinstance(version, int) and not isinstance(version, bool) and version > FORMAT:
                raise CipherError("密钥文件来自更新版本的 BranchDesk，请先升级程序")
            if version != FORMAT:
                raise KeyFileDamaged("密钥文件已损坏（格式标记不对）")
            checksummed = "checksum" in data
            if checksummed and data["checksum"] != _checksum(data):
                raise KeyFileDamaged("密钥文件已损坏（校验和不符）")
            kdf = data["kdf"]
            if kdf.get("name") != "argon2id":
                raise CipherError("密钥文件格式不受支持")
            if not (8 <= int(kdf["memory_kib"]) <= 4_194_304 and 1 <= int(kdf["iterations"]) <= 64
                    and 1 <= int(kdf["lanes"]) <= 64):  # never let a damaged file ask for absurd memory
                raise KeyFileDamaged("密钥文件中的密钥派生参数超出范围")
            sealed = cls(salt=_b64(kdf["salt"], 16), memory_kib=int(kdf["memory_kib"]),
                         iterations=int(kdf["iterations"]), lanes=int(kdf["lanes"]),
                         nonce=_b64(data["nonce"], 12), wrapped=_b64(data["wrapped_key"], 48),
                         check=str(data["key_check"]), created=str(data.get("created", "")),
                         file_salt=bytes.fromhex(data.get("file_salt", "")),
                         recovery_shown=bool(data.get("recovery_shown", True)), checksummed=checksummed)
        except (KeyError, TypeError, AttributeError, ValueError) as exc:
            if isinstance(exc, KeyFileDamaged):
                raise
            raise KeyFileDamaged(f"密钥文件已损坏（{type(exc).__name__}）") from exc
        if len(sealed.check) != 32 or any(c not in "0123456789abcdef" for c in sealed.check) \
                or len(sealed.file_salt) not in (0, 16):
            raise KeyFileDamaged("密钥文件已损坏（字段长度不对）")
        return sealed


_CHECKSUMMED = ("format", "kdf", "cipher", "nonce", "wrapped_key", "key_check", "file_salt", "created",
                "recovery_shown")


def _checksum(data: dict[str, Any]) -> str:
    """SHA-256 over the key file's working fields, to tell a damaged file (a flipped character) from a
    wrong password: without it both fail the same GCM tag. Not a secret and not a signature — anyone
    can recompute it; the tag still decides whether the password opens the key."""
    covered = {name: data.get(name) for name in _CHECKSUMMED}
    text = json.dumps(covered, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _b64(text: object, size: int) -> bytes:
    """Strict base64 of an exact size: a changed character is damage, not a different key."""
    raw = base64.b64decode(str(text), validate=True)
    if len(raw) != size:
        raise KeyFileDamaged(f"密钥文件已损坏（字段长度 {len(raw)}，应为 {size}）")
    return raw


def file_salt(path: Path) -> bytes:
    """SQLCipher's random salt: the first 16 bytes of an encrypted file, different for every file.
    A key file records the salt of its database, so a key file and a database are matched without
    decrypting anything, and a half-finished switch between two files is resolved safely."""
    try:
        return file_head.read_head(path, 16)
    except OSError:
        return b""


def pending_key_file(path: Path) -> Path:
    return Path(path).with_name(Path(path).name + KEY_SUFFIX + ".next")


def _read(target: Path) -> KeyFile:
    return KeyFile.from_json(target.read_text(encoding="utf-8-sig"))  # a BOM from an editor is harmless


def read_key_file(path: Path) -> KeyFile:
    """The key file of database `path`: `<name>.key`, or `<name>.key.next` left by a replacement of
    the database that was interrupted, whichever records this file's salt (a pending one that fits is
    promoted). CipherError (Chinese) when none is there, fits, or can be read."""
    path = Path(path)
    salt = file_salt(path)
    target, pending = key_file(path), pending_key_file(path)
    found: list[KeyFile] = []
    for candidate in (target, pending):
        try:
            sealed = _read(candidate)
        except FileNotFoundError:
            continue
        except (OSError, ValueError, KeyError, TypeError):
            continue
        if not sealed.file_salt or sealed.file_salt == salt:
            if candidate == pending:
                with contextlib.suppress(OSError):
                    os.replace(pending, target)
            return sealed
        found.append(sealed)
    if found:
        raise CipherError(f"密钥文件“{target.name}”与数据库文件不符（可能来自另一个数据库），请用恢复密钥打开数据库")
    if target.exists():
        raise KeyFileDamaged(f"密钥文件“{target.name}”已损坏（内容被改动或不完整），无法用密码解锁。"
                             "请用恢复密钥打开数据库（branchdesk encryption recover，或在解锁窗口中点“忘记密码？使用恢复密钥”），"
                             "程序会写一个新的密钥文件")
    raise CipherError(f"找不到密钥文件“{target.name}”。请把它放回数据库旁边，或用恢复密钥打开数据库")


def write_key_file(path: Path, sealed: KeyFile, *, pending: bool = False) -> Path:
    """Write the key file of database `path` atomically (partial file, fsync, rename), stamped with
    the database file's salt. `pending` writes `<name>.key.next`: used while `path` is about to be
    replaced by the file the key belongs to (see `read_key_file`)."""
    target = pending_key_file(path) if pending else key_file(path)
    atomic.write_text(target, sealed.to_json())
    return target


def stamped(sealed: KeyFile, database_file: Path) -> KeyFile:
    """The same wrapped key, recorded as belonging to `database_file` (a new copy has a new salt)."""
    return replace(sealed, file_salt=file_salt(database_file))


def remove_key_files(path: Path) -> None:
    for target in (key_file(path), pending_key_file(path)):
        with contextlib.suppress(FileNotFoundError):
            target.unlink()


# ---------------------------------------------------------------- recovery key


def recovery_key_text(key: bytes) -> str:
    """The data key plus a 3-byte checksum as 56 base32 letters in 14 groups of 4 (no padding)."""
    raw = key + hashlib.sha256(key).digest()[:_RECOVERY_CHECKSUM]
    bits = "".join(f"{byte:08b}" for byte in raw)
    letters = "".join(_BASE32[int(bits[i:i + 5], 2)] for i in range(0, len(bits), 5))
    return "-".join(letters[i:i + 4] for i in range(0, len(letters), 4))


def _recovery_letters(text: str) -> str:
    """A typed recovery key reduced to its letters: full-width input (a Chinese input method) made
    narrow, spaces and dashes dropped, upper case, and 0/1/8 read as the O/I/B they stand for."""
    text = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in text.upper() if ch.isalnum()).translate(str.maketrans("018", "OIB"))


def looks_like_recovery_key(text: str) -> bool:
    """Typed text that is meant as a recovery key rather than a password: 56 letters, written in
    groups or in capitals (a password that happens to look like that is not realistic)."""
    return len(_recovery_letters(text)) == 56 and ("-" in text or " " in text.strip() or text.strip().isupper())


def parse_recovery_key(text: str) -> bytes:
    """The data key from a typed recovery key; spaces, dashes and case do not matter, and the
    digits 0/1/8 are read as the letters O/I/B they are often mistaken for."""
    cleaned = _recovery_letters(text)
    if len(cleaned) != 56 or any(ch not in _BASE32 for ch in cleaned):
        raise WrongPassword("恢复密钥格式不对：应为 56 个字母和数字（14 组，每组 4 个）")
    bits = "".join(f"{_BASE32.index(ch):05b}" for ch in cleaned)
    raw = bytes(int(bits[i:i + 8], 2) for i in range(0, len(bits), 8))
    key, checksum = raw[:32], raw[32:]
    if hashlib.sha256(key).digest()[:_RECOVERY_CHECKSUM] != checksum:
        raise WrongPassword("恢复密钥有误（校验不符），请逐组核对后重新输入")
    return key


# ---------------------------------------------------------------- the keys of this process


class _KeyRing:
    """Unlocked data keys, by key check; thread-safe (background tasks open connections too)."""

    def __init__(self) -> None:
        self._keys: dict[str, bytes] = {}
        self._lock = threading.Lock()

    def add(self, key: bytes) -> str:
        check = key_check(key)
        with self._lock:
            self._keys[check] = key
        return check

    def get(self, check: str) -> bytes | None:
        with self._lock:
            return self._keys.get(check)

    def clear(self) -> None:
        with self._lock:
            self._keys.clear()

    def __bool__(self) -> bool:
        with self._lock:
            return bool(self._keys)


KEYRING = _KeyRing()


def unlock(path: Path, password: str) -> bytes:
    """Open the key file of `path` with the password and remember the data key; WrongPassword."""
    key = read_key_file(Path(path)).open(password)
    KEYRING.add(key)
    return key


def key_for(path: Path) -> bytes:
    """The data key of an encrypted file, from the keyring; KeyRequired when not unlocked."""
    try:
        check = read_key_file(Path(path)).check
    except CipherError as exc:
        raise KeyRequired(Path(path), str(exc), needs_recovery=True) from exc
    key = KEYRING.get(check)
    if key is None:
        raise KeyRequired(Path(path))
    return key


def lock() -> None:
    """Forget every data key (the idle lock, 立即锁定): new connections are refused until unlocked."""
    KEYRING.clear()


# ---------------------------------------------------------------- connections


def _pragma_key(key: bytes) -> str:
    return f"PRAGMA key = \"x'{key.hex()}'\""


def connect(path: Path | str, key: bytes, *, read_only: bool = False, timeout: float = 5.0,
            check_same_thread: bool = True) -> Any:
    """A SQLCipher connection to `path`, keyed and tried: a key that does not fit, or a damaged file,
    raises the driver's DatabaseError ("file is not a database") here, not at the first query.
    Which of the two it is the caller knows: a key verified by its key file means damage."""
    dbapi = driver()
    if read_only:
        connection = dbapi.connect(Path(path).resolve().as_uri() + "?mode=ro", uri=True, timeout=timeout,
                                   check_same_thread=check_same_thread)
    else:
        connection = dbapi.connect(str(path), timeout=timeout, check_same_thread=check_same_thread)
    try:
        connection.execute("PRAGMA cipher_log_level = NONE")
        connection.execute(_pragma_key(key))
        connection.execute("PRAGMA temp_store = MEMORY")  # sorts and temp tables never hit the disk in clear
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except BaseException:
        connection.close()
        raise
    return connection


def new_encrypted(path: Path | str, key: bytes) -> Any:
    """A connection that creates a new encrypted database at `path` (which must not exist yet)."""
    dbapi = driver()
    connection = dbapi.connect(str(path))
    connection.execute("PRAGMA cipher_log_level = NONE")
    connection.execute(_pragma_key(key))
    connection.execute("PRAGMA temp_store = MEMORY")
    return connection


def open_plain(path: Path | str, *, read_only: bool = False, immutable: bool = False) -> Any:
    """A plain file opened with the SQLCipher driver (no key: plain SQLite), for `export`.
    `immutable`: a file nothing else writes and with no journal beside it (one picked from a USB
    drive), read without SQLite making -shm/-wal files next to it (trial S, TS-7)."""
    if read_only:
        mode = "?mode=ro&immutable=1" if immutable else "?mode=ro"
        connection = driver().connect(Path(path).resolve().as_uri() + mode, uri=True, timeout=5)
    else:
        connection = driver().connect(str(path), timeout=5)
    connection.execute("PRAGMA cipher_log_level = NONE")
    return connection


def export(source: Any, target: Path, key: bytes | None) -> None:
    """Copy everything from an open SQLCipher connection into the new file `target`, encrypted with
    `key` or plain for None (`sqlcipher_export`, SQLCipher's documented way between plain and
    encrypted files; the backup API cannot cross that line)."""
    literal = f"\"x'{key.hex()}'\"" if key is not None else "''"
    quoted = "'" + str(target).replace("'", "''") + "'"
    source.execute(f"ATTACH DATABASE {quoted} AS converted KEY {literal}")
    try:
        source.execute("SELECT sqlcipher_export('converted')")
        for pragma in ("user_version", "application_id"):  # application_id: the database's number (database_id.py)
            value = source.execute(f"PRAGMA main.{pragma}").fetchone()[0]
            source.execute(f"PRAGMA converted.{pragma} = {int(value)}")
    finally:
        source.execute("DETACH DATABASE converted")
