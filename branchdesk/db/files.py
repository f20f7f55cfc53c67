"""Raw connections to database files, plain or encrypted alike (issue 8).

Backups, restores, the checks made before a database is opened and the record counts of a backup all
work on closed files with raw DB-API connections, below SQLAlchemy. They go through `open_file`, which
picks the driver by the file: Python's sqlite3 for a plain file, SQLCipher keyed from the keyring for
an encrypted one (`KeyRequired` when it has not been unlocked).
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any

from branchdesk.db import cipher


def read_only_uri(path: Path) -> str:
    return Path(path).resolve().as_uri() + "?mode=ro"


def is_database_file(path: Path) -> bool:
    """A plain SQLite file, or an encrypted one (a key file beside it)."""
    return cipher.has_sqlite_header(Path(path)) or cipher.is_encrypted(Path(path))


def key_of(path: Path) -> bytes | None:
    """The data key of an encrypted file (KeyRequired when locked), None for a plain one."""
    return cipher.key_for(Path(path)) if cipher.is_encrypted(Path(path)) else None


def open_file(path: Path, *, read_only: bool = False, timeout: float = 5.0, key: bytes | None = None) -> Any:
    """A DB-API connection to an existing database file, with the right driver and key."""
    path = Path(path)
    if key is None:
        key = key_of(path)
    if key is not None:
        return cipher.connect(path, key, read_only=read_only, timeout=timeout)
    if read_only:
        return sqlite3.connect(read_only_uri(path), uri=True, timeout=timeout)
    return sqlite3.connect(path, timeout=timeout)


def new_file(path: Path, key: bytes | None) -> Any:
    """A connection creating a new database file: encrypted with `key`, or plain when it is None."""
    return cipher.new_encrypted(path, key) if key is not None else sqlite3.connect(path)


ERRORS = cipher.driver_errors()
DATABASE_ERRORS = cipher.database_errors()


def read_only_problem(path: Path) -> str | None:
    """Plain Chinese when the database file (or its folder) cannot be written — the Windows 只读
    attribute, a file copied from a CD, a write-protected USB drive — else None. SQLite itself only
    says "attempt to write a readonly database", which used to surface as 正被另一个程序使用."""
    path = Path(path)
    try:
        if path.exists() and not os.access(path, os.W_OK):
            return (f"数据库文件“{path.name}”是只读的，不能写入。请在文件资源管理器中右键点这个文件 → 属性，"
                    "取消勾选“只读”，点“确定”后再试；如果它在光盘、写保护的 U 盘或受保护的文件夹中，"
                    "请先把它复制到“文档”等可以写入的位置。")
        if path.parent.exists() and not os.access(path.parent, os.W_OK):
            return (f"数据库所在的文件夹“{path.parent}”不能写入（只读或被保护），数据库无法保存修改。"
                    "请把数据库复制到“文档”等可以写入的位置后再打开。")
    except OSError:
        return None
    return None


def is_read_only_error(exc: BaseException) -> bool:
    """SQLite's (or the OS's) way of saying the file cannot be written."""
    text = str(exc).lower()
    return "readonly" in text or "read-only" in text or "read only" in text
