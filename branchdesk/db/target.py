"""Where a database is: a file on this PC (SQLite, SQLCipher when encrypted) or a server's URL
(PostgreSQL, a committee's shared database). `--db`, the remembered default and the window all give a
string; it is told apart here, once, so no caller guesses by looking for "://" itself."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class DatabaseTarget:
    """Where a database lives, as the user named it: a file (`path`) or a server (`url`)."""

    text: str  # as given (shown to the user as typed)
    path: Path | None  # the file, expanded and absolute; None for a server
    url: str | None  # the SQLAlchemy URL of a server; None for a file

    @classmethod
    def parse(cls, target: str | Path | DatabaseTarget) -> DatabaseTarget:
        if isinstance(target, DatabaseTarget):
            return target
        text = str(target)
        if "://" in text:
            return cls(text, None, text)
        return cls(text, Path(text).expanduser().resolve(), None)

    @property
    def is_file(self) -> bool:
        return self.path is not None

    def __str__(self) -> str:
        return self.text
