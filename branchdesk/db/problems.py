"""Plain Chinese for what the disk and SQLite say when storing fails (a full disk, a USB drive pulled
out, a damaged or foreign file): a secretary reads the Chinese, and SQLite's or the system's own words
follow as the technical detail for whoever helps them. Used by backups, restores, encryption changes
and the services that report them."""

from __future__ import annotations

import errno
from pathlib import Path


def explain_os_error(exc: BaseException, where: Path | None) -> str:
    """Plain Chinese for the storage failures a secretary actually meets (full disk, USB pulled …).
    `where`: the file or folder written to; None when only "the database" is known (storage_problem:
    a save refused by SQLite) — then the sentence says so in words, not as a quoted path (trial R, TR-8:
    "“数据库所在的磁盘”所在的磁盘已满")."""
    number = getattr(exc, "errno", None)
    text = str(exc).lower()
    place = f"“{where}”" if where is not None else "数据库"
    if getattr(exc, "winerror", None) in (32, 33):  # Windows: another program (antivirus, Excel …) has it open
        used = f"{place}中的文件" if where is not None else "数据库文件"
        return f"{used}正被其他程序使用（如杀毒软件正在扫描），请稍后重试"
    if number == errno.ENOSPC or "disk is full" in text or "database or disk is full" in text:
        return f"{place}所在的磁盘已满，请清理空间或换一个位置后重试"
    if number in (errno.EACCES, errno.EPERM, errno.EROFS) or "readonly" in text or "read-only" in text:
        folder = place if where is not None else "数据库所在的文件夹"
        return f"没有权限写入{folder}（文件夹只读或被保护），请换一个位置"
    if number in (errno.ENOENT, errno.ENODEV, errno.ENXIO):
        missing = place if where is not None else "数据库所在的磁盘或文件夹"
        return f"找不到{missing}（U 盘或移动硬盘是否已拔出？）"
    return f"无法写入{place}：{_own_words(exc)}"


def _own_words(exc: BaseException) -> object:
    """What the disk or SQLite said, without SQLAlchemy's statement and link around it: those are
    English for nobody at the window (the statement's values are never in it, db/engine.py)."""
    orig = getattr(exc, "orig", None)
    return orig if isinstance(orig, BaseException) else exc


def explain_database_problem(problem: object) -> str:
    """Plain Chinese for what SQLite says of a damaged or foreign file ("database disk image is
    malformed", "file is not a database", an integrity_check line): a secretary reads the Chinese,
    and SQLite's own words follow as the technical detail, for whoever helps them."""
    text = str(problem).strip()
    lower = text.lower()
    if "not a database" in lower or "file is encrypted" in lower:
        plain = "不是数据库文件，或已加密而没有密码"
    elif "malformed" in lower or "corrupt" in lower:
        plain = "文件已损坏，可能复制不完整或存储介质出错"
    elif "disk i/o" in lower or "unable to open" in lower:
        plain = "无法读取这个文件，可能存储介质出错或文件被占用"
    else:
        plain = "完整性检查未通过"
    return f"{plain}；技术信息：{text}" if text and text.lower() != "ok" else plain
