"""A file kept inside the database (a meeting's photo, a 佐证材料, a development document, a pair's
agreement or activity material): which columns hold its name, size and bytes, and the most one may
hold. Each such model says so in `__stored_file__`; the area's window refuses a larger file when it is
added, and a 数据包 carrying one is refused before its content is decoded (services/exchange/shape.py,
trial R TR-3) — the same limit, declared once here with the table.

`bare_name` keeps the name a bare file name whatever writes it — the window, an import, a 数据包's
merge (domain/file_names.py, trial R TR-1)."""

from __future__ import annotations

from dataclasses import dataclass

from branchdesk.domain.file_names import safe_file_name

MB = 1024 * 1024


@dataclass(frozen=True)
class StoredFile:
    """Where an attachment model keeps a file: the columns of its name, size and content, and its limit."""

    name: str  # column holding the file's name ("" where only a title was registered)
    size: str  # column holding its size in bytes, as declared by the side that stored it
    content: str  # column holding the bytes (None where no file is kept)
    limit: int  # bytes: what the window takes when the file is added

    @property
    def limit_words(self) -> str:
        return f"{self.limit // MB} MB"


def bare_name(_model: object, _key: str, value: str | None) -> str:
    """For `sqlalchemy.orm.validates` on a `StoredFile.name` column: the name reduced to a file name."""
    return safe_file_name(value or "")
