"""Encrypted backup packages for carrying a database on a USB drive (`branchdesk backup --encrypt`),
issue 8. No home-made cryptography: the key is derived from the password with Argon2id (RFC 9106's
second recommended setting: 64 MiB, 3 passes, 4 lanes — above OWASP's minimum of 19 MiB, 2 passes)
and the database is sealed with AES-256-GCM from the `cryptography` package, the header (format, KDF
parameters, salt, record counts) being authenticated as associated data. A wrong password or any
changed byte fails the tag check: the user hears 密码错误或文件已被改动, never 数据库损坏.

Layout: MAGIC | header length (4 bytes, big-endian) | header JSON | 12-byte nonce | ciphertext+tag.
The package of a plain database (format 1) holds its SQLite image, made and later opened in memory;
the package of an encrypted database (format 2) holds it re-keyed under a fresh key carried inside
the sealed payload. Neither sealing nor unsealing writes the data in plain form to a disk (issue 21:
a restore onto an encrypted database writes the image straight into a keyed file, db/restore.py).
"""

from __future__ import annotations

import base64
import json
import os
import struct
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from branchdesk.db import cipher, file_head, files, memory_copy
from branchdesk.db.backup_info import describe
from branchdesk.db.file_checks import check_connection, live_counts, members_on_roster, record_counts
from branchdesk.db.problems import explain_database_problem, explain_os_error
from branchdesk.db.safe_copy import (
    PARTIAL_SUFFIX,
    BackupError,
    copy_database,
    discard_partial,
    fsync_file,
    fsync_folder,
)

MAGIC = b"BranchDesk-sealed\x00"
FORMAT = 1  # payload: a plain SQLite file
FORMAT_SQLCIPHER = 2  # payload: a 32-byte key, then a SQLCipher file encrypted with it
MEMORY_KIB = 65_536
ITERATIONS = 3
LANES = 4
MIN_PASSWORD = 8
MAX_SIZE = 1_000_000_000
TEMP_PREFIX = "branchdesk-seal-"  # + process id: the temporary folder of a package being made  # AES-GCM here seals in one piece; a branch's database is a few megabytes


class WrongPassword(BackupError):
    pass


@dataclass(frozen=True)
class SealedInfo:
    created: datetime
    source: str
    counts: dict[str, int]  # rows per table, those in the 回收站 too
    live: dict[str, int] | None = None  # rows outside the 回收站; None: a package of an older version
    on_roster: int | None = None  # 在册 members; None: not known (an older package)


@dataclass(frozen=True)
class _Figures:
    """What a package tells of itself without its password (its header): the list's figures."""

    counts: dict[str, int]
    live: dict[str, int] | None
    on_roster: int | None


def is_sealed(path: Path) -> bool:
    try:
        return file_head.read_head(path, len(MAGIC)) == MAGIC
    except OSError:
        return False


def _key(password: str, salt: bytes, memory: int, iterations: int, lanes: int) -> bytes:
    from cryptography.hazmat.primitives.kdf.argon2 import Argon2id  # imported for a package only (issue 18)

    kdf = Argon2id(salt=salt, length=32, iterations=iterations, lanes=lanes, memory_cost=memory)
    return kdf.derive(password.encode("utf-8"))


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise BackupError(f"加密备份的密码至少需要 {MIN_PASSWORD} 个字符")


def seal(database: Path, out: Path, password: str) -> SealedInfo:
    """Consistent copy of `database`, encrypted into `out` (partial file, fsync, rename). A plain
    database is copied in memory; an encrypted one is re-keyed on the disk, never decrypted there."""
    check_password(password)
    out = Path(out)
    partial = out.with_name(out.name + PARTIAL_SUFFIX)
    if cipher.is_encrypted(Path(database)):
        data, figures = _rekeyed_payload(Path(database))
        payload_format = FORMAT_SQLCIPHER
    else:
        data, figures = _plain_image(Path(database))
        payload_format = FORMAT
    if len(data) > MAX_SIZE:
        raise BackupError("数据库超过 1 GB，不能打包为加密备份")
    salt, nonce = os.urandom(16), os.urandom(12)
    header = json.dumps({
        "format": payload_format, "kdf": "argon2id", "salt": base64.b64encode(salt).decode(), "memory_kib": MEMORY_KIB,
        "iterations": ITERATIONS, "lanes": LANES, "cipher": "aes-256-gcm", "created": datetime.now().isoformat(),
        "source": Path(database).name, "counts": figures.counts, "live": figures.live, "on_roster": figures.on_roster,
    }, ensure_ascii=False).encode("utf-8")
    aad = MAGIC + header
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    sealed = AESGCM(_key(password, salt, MEMORY_KIB, ITERATIONS, LANES)).encrypt(nonce, data, aad)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        with open(partial, "wb") as handle:
            handle.write(MAGIC + struct.pack(">I", len(header)) + header + nonce + sealed)
        fsync_file(partial)
        os.replace(partial, out)
        fsync_folder(out.parent)
    except OSError as exc:
        discard_partial(partial)
        raise BackupError("加密备份失败：" + explain_os_error(exc, out.parent)) from exc
    return SealedInfo(created=datetime.now(), source=Path(database).name, counts=figures.counts,
                      live=figures.live, on_roster=figures.on_roster)


def _plain_image(database: Path) -> tuple[bytes, _Figures]:
    """A plain database's bytes and record counts, copied and checked in memory (no temporary file)."""
    if not cipher.has_sqlite_header(database):
        raise BackupError(f"“{database.name}”不是 SQLite 数据库文件，无法备份")
    try:
        source = files.open_file(database)  # read-write: a WAL database needs its -shm (nothing is written)
        try:
            image = memory_copy.image_of(source)
        finally:
            source.close()
        copy = memory_copy.open_image(image)
        try:
            problem = check_connection(copy, full=True)
            figures = _Figures(record_counts(copy), live_counts(copy), members_on_roster(copy))
        finally:
            copy.close()
    except (OSError, *files.errors()) as exc:
        raise BackupError("备份失败：" + explain_os_error(exc, database.parent)) from exc
    if problem != "ok":
        raise BackupError(f"备份副本未通过完整性检查（{explain_database_problem(problem)}），原数据库可能已损坏，请运行“检查数据库”")
    return image, figures


def _rekeyed_payload(database: Path) -> tuple[bytes, _Figures]:
    """An encrypted database's package payload: a fresh key and the database exported under it, and
    its record counts. The database's own key never leaves the PC, and no plain copy is ever written
    to a disk (the temporary folder holds encrypted copies only; its name carries this process id so
    an open after a crash can remove what was left)."""
    package_key = cipher.new_data_key()
    with tempfile.TemporaryDirectory(prefix=f"{TEMP_PREFIX}{os.getpid()}-") as folder:
        copy = Path(folder) / "copy.sqlite"
        copy_database(database, copy)
        info = describe(copy)
        rekeyed = Path(folder) / "rekeyed.sqlite"
        source = cipher.connect(copy, cipher.key_for(copy))
        try:
            cipher.export(source, rekeyed, package_key)
        finally:
            source.close()
        return package_key + rekeyed.read_bytes(), _Figures(info.counts, info.live, info.on_roster)


def _parts(package: Path) -> tuple[dict[str, object], bytes, bytes, bytes]:
    blob = Path(package).read_bytes()
    if not blob.startswith(MAGIC) or len(blob) < len(MAGIC) + 4:
        raise BackupError(f"“{Path(package).name}”不是 BranchDesk 加密备份")
    start = len(MAGIC) + 4
    (length,) = struct.unpack(">I", blob[len(MAGIC):start])
    header_bytes = blob[start:start + length]
    try:
        header = json.loads(header_bytes.decode("utf-8"))
    except ValueError as exc:
        raise BackupError(f"加密备份“{Path(package).name}”已损坏") from exc
    if header.get("format") not in (FORMAT, FORMAT_SQLCIPHER):
        raise BackupError("这个加密备份来自更新版本的 BranchDesk，请先升级程序")
    body = blob[start + length:]
    return header, header_bytes, body[:12], body[12:]


def read_sealed_info(package: Path) -> SealedInfo:
    """Date, source name and record counts of a package, readable without the password (the rows
    outside the 回收站 and the 在册 members only in a package made since they are written)."""
    header, _, _, _ = _parts(package)
    live, on_roster = header.get("live"), header.get("on_roster")
    return SealedInfo(created=datetime.fromisoformat(str(header["created"])), source=str(header["source"]),
                      counts=dict(header.get("counts") or {}),  # type: ignore[call-overload]  # header values: JSON
                      live=dict(live) if isinstance(live, dict) else None,
                      on_roster=on_roster if isinstance(on_roster, int) else None)


@dataclass(frozen=True)
class Payload:
    """A package's contents, in memory: a plain SQLite image (`key` None), or a SQLCipher file
    encrypted with `key`, the package's own key (format 2)."""

    data: bytes
    key: bytes | None


def open_package(package: Path, password: str) -> Payload:
    """Decrypt `package` in memory; WrongPassword if the password is wrong or a byte was changed.
    Nothing is written to the disk: the caller writes the payload where it belongs, encrypted when
    the target is (db/restore.py)."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    header, header_bytes, nonce, sealed = _parts(package)
    try:
        key = _key(password, base64.b64decode(str(header["salt"])), int(header["memory_kib"]),  # type: ignore[call-overload]  # JSON
                   int(header["iterations"]), int(header["lanes"]))  # type: ignore[call-overload]  # header values: JSON
        data = AESGCM(key).decrypt(nonce, sealed, MAGIC + header_bytes)
    except InvalidTag as exc:
        raise WrongPassword("密码错误（或加密备份文件已被改动），没有恢复任何数据") from exc
    except (KeyError, ValueError) as exc:
        raise BackupError(f"加密备份“{Path(package).name}”已损坏") from exc
    if header.get("format") == FORMAT_SQLCIPHER:  # an encrypted database stays encrypted on the disk
        return Payload(data=data[32:], key=data[:32])
    return Payload(data=data, key=None)
