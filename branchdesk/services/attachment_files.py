"""Saving attached files (kept in the database) into a folder the user chose — 另存活动附件 and every
other 另存 of an attachment (trial R, TR-1).

A stored name may be one an older version kept as it came from a 数据包 ("../../x.txt", "/abs/x.sh"):
only its bare file name is joined to the folder (domain/file_names.py), and the path written is
checked to lie in that folder — a name that would still reach outside refuses the save, nothing is
written there. A file already in the folder is never replaced: the copy gets "（2）", "（3）" … and the
file is created only if nothing of that name appeared meanwhile.
"""

from __future__ import annotations

from pathlib import Path

from branchdesk.domain.file_names import safe_file_name
from branchdesk.services.errors import ServiceError

FALLBACK = "附件"


def suggested_name(name: str, fallback: str = FALLBACK) -> str:
    """The name a save dialog proposes for a stored file: its bare file name, never a path."""
    return safe_file_name(name, fallback)


def path_in_folder(folder: Path, name: str, fallback: str = FALLBACK) -> Path:
    """`folder` joined with the bare file name of `name`; refused if that is not a file right in `folder`."""
    root = Path(folder).resolve()
    target = root / safe_file_name(name, fallback)
    if target.parent != root or target.resolve().parent != root:
        raise ServiceError(f"附件名称“{name}”不是一个文件名，没有保存（只会保存到所选的文件夹中）")
    return target


def save_into_folder(folder: Path, files: list[tuple[str, bytes]], fallback: str = FALLBACK) -> list[Path]:
    """Write each (name, content) into `folder` under its bare file name, numbering a name already
    there; returns the files written. An OSError stops at the file it happened on (the ones written
    before stay)."""
    written: list[Path] = []
    for name, content in files:
        first = path_in_folder(folder, name, fallback)
        target, number = first, 1
        while True:
            try:
                handle = open(target, "xb")  # never replaces, nor follows a link placed there
            except FileExistsError:
                number += 1
                target = path_in_folder(folder, f"{first.stem}（{number}）{first.suffix}", fallback)
                continue
            try:
                with handle:
                    handle.write(content)
            except OSError:
                target.unlink(missing_ok=True)  # (a full disk: no half file is left behind)
                raise
            break
        written.append(target)
    return written
