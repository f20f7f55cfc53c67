"""A save refused because the disk is full names the database's disk in words, not the words as a quoted
path (trial R, TR-8: "“数据库所在的磁盘”所在的磁盘已满")."""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

import pytest

from branchdesk.db.problems import explain_os_error
from branchdesk.services.storage.backups import storage_problem


@pytest.mark.parametrize(("error", "said"), [
    (sqlite3.OperationalError("database or disk is full"), "数据库所在的磁盘已满，请清理空间或换一个位置后重试"),
    (OSError(errno.ENOSPC, "No space left on device"), "数据库所在的磁盘已满，请清理空间或换一个位置后重试"),
    (OSError(errno.EROFS, "Read-only file system"), "没有权限写入数据库所在的文件夹（文件夹只读或被保护），请换一个位置"),
    (OSError(errno.ENODEV, "No such device"), "找不到数据库所在的磁盘或文件夹（U 盘或移动硬盘是否已拔出？）"),
    (sqlite3.OperationalError("disk I/O error"), "无法写入数据库：disk I/O error"),
])
def test_a_refused_save_names_the_database_in_words(error: BaseException, said: str) -> None:
    message = storage_problem(error)
    assert message == "操作没有完成，数据库保持原样：" + said
    assert "“" not in message


def test_a_known_place_is_named_by_its_path() -> None:
    folder = Path("/media/U盘/台账 备份")
    full = OSError(errno.ENOSPC, "No space left on device")
    assert explain_os_error(full, folder) == f"“{folder}”所在的磁盘已满，请清理空间或换一个位置后重试"
    assert storage_problem(full, folder) == f"操作没有完成，数据库保持原样：“{folder}”所在的磁盘已满，请清理空间或换一个位置后重试"
