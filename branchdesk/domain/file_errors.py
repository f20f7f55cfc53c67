"""Why a file could not be read or written, in plain Chinese: the operating system's own words
("No such file or directory", "Permission denied") are English, and a secretary reads the message,
not the error number (trial 9, T9-21: "无法读取“二中花名册.xlsx”（No such file or directory）").

`file_error(exc, name)` is the whole sentence for a message ("无法读取“二中花名册.xlsx”：找不到这个文件，
请检查文件名和所在文件夹"); `os_error_reason(exc)` the reason alone. The system's words follow only for
an error these do not know, after "技术信息", for whoever helps the secretary. (db/problems.py has the
same for the backup folder, and explain_database_problem for what SQLite says.) No I/O here: the
layers that read and write files call it, from the command line to the window.
"""

from __future__ import annotations

import errno
from pathlib import Path

# Windows' own numbers (OSError.winerror) for a file another program holds open: Excel, WPS, antivirus
_SHARING = (32, 33)

_READING = {
    errno.ENOENT: "找不到这个文件，请检查文件名和所在文件夹",
    errno.EACCES: "没有权限读取这个文件（可能正被其他程序打开，或只有管理员能读）",
    errno.EISDIR: "这是一个文件夹，不是文件",
}
_WRITING = {
    errno.ENOENT: "保存位置的文件夹不存在，或这里不能新建文件，请换一个文件夹",
    errno.EACCES: "没有权限在这里保存（文件夹只读或受保护，或同名文件正被 Excel、WPS 打开），请关闭文件或换一个位置",
    errno.EISDIR: "已有同名的文件夹，请换一个文件名",
    errno.EEXIST: "路径中已有同名的文件或文件夹，请换一个名称或位置",
}
_EITHER = {
    errno.EPERM: "操作系统不允许这样做（文件或文件夹受保护）",
    errno.EROFS: "所在的磁盘或文件夹是只读的",
    errno.ENOSPC: "磁盘已满，请清理空间或换一个位置",
    errno.ENOTDIR: "路径中有一级不是文件夹，请检查路径",
    errno.ENAMETOOLONG: "文件名或路径太长，请缩短文件名或换一个浅一些的文件夹",
    errno.EBUSY: "文件正被其他程序使用，请关闭后重试",
    errno.EIO: "读写出错，U 盘、移动硬盘或磁盘可能有问题",
    errno.ENODEV: "找不到所在的设备（U 盘或移动硬盘是否已拔出？）",
    errno.ENXIO: "找不到所在的设备（U 盘或移动硬盘是否已拔出？）",
    errno.EINVAL: "文件名中有系统不允许的字符（如 \\ / : * ? \" < > |）",
    errno.EMFILE: "同时打开的文件太多，请关闭一些程序后重试",
    errno.ENFILE: "同时打开的文件太多，请关闭一些程序后重试",
    errno.ELOOP: "路径中的快捷方式（符号链接）相互指向，无法打开",
}
for _name in ("EDQUOT", "ETXTBSY"):  # not on every system
    if hasattr(errno, _name):
        _EITHER[getattr(errno, _name)] = ("磁盘空间已用完（超出配额），请清理空间或换一个位置" if _name == "EDQUOT"
                                          else "文件正被其他程序使用，请关闭后重试")


def os_error_reason(exc: BaseException, *, writing: bool = False) -> str:
    """The reason in plain Chinese; for an error not listed here, a plain sentence with the system's
    words after "技术信息"."""
    if getattr(exc, "winerror", None) in _SHARING:
        return "文件正被其他程序（如 Excel、WPS 或杀毒软件）使用，请关闭后重试"
    number = getattr(exc, "errno", None)
    if isinstance(number, int):
        known = (_WRITING if writing else _READING).get(number) or _EITHER.get(number)
        if known:
            return known
    detail = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
    code = f"[errno {number}] " if isinstance(number, int) else ""
    return f"操作系统没有完成这次{'写入' if writing else '读取'}；技术信息：{code}{detail}"


def file_error(exc: BaseException, name: str | Path | None = None, *, writing: bool = False) -> str:
    """"无法读取“name”：reason" (or 无法写入) for an OSError — `name` defaults to the file the error
    names; any other error's own message."""
    if not isinstance(exc, OSError):
        return str(exc)
    shown = name or exc.filename or "文件"
    return f"无法{'写入' if writing else '读取'}“{shown}”：{os_error_reason(exc, writing=writing)}"
