"""What a database file is, before it is trusted with a restore (issue 21).

A SQLite file that passes `integrity_check` is not yet a BranchDesk database: a Firefox history file,
an empty file made by a script, or a database written by a newer BranchDesk all pass it. A restore
that took such a file would replace a school's records by nothing and say 已从备份恢复. `identify`
reads the file's tables and its Alembic revisions and says which of these it is; `problem` words the
refusal in Chinese, naming what the file is so the user knows what they picked.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from branchdesk.db import files

# The tables of the foundation revision (0001): every BranchDesk database has them, whatever its age.
FOUNDATION_TABLES = frozenset({"organisations", "members", "member_moves", "committee_posts", "settings"})
VERSION_TABLE = "alembic_version"

BRANCHDESK = "branchdesk"
EMPTY = "empty"
FOREIGN = "foreign"
NEWER = "newer"
INCOMPLETE = "incomplete"


@dataclass(frozen=True)
class Identity:
    """What a database file is: BranchDesk's (and how current), empty, or something else."""

    kind: str  # one of the constants above
    tables: tuple[str, ...]  # user tables, sorted (Alembic's version table not included)
    revisions: tuple[str, ...]  # Alembic revisions recorded in the file

    @property
    def is_branchdesk(self) -> bool:
        return self.kind == BRANCHDESK

    def problem(self, name: str) -> str | None:
        """Why `name` cannot be restored, in Chinese; None for a BranchDesk database of this or an older version."""
        if self.kind == BRANCHDESK:
            return None
        if self.kind == EMPTY:
            return f"“{name}”是一个空的数据库文件（里面没有任何数据表），不是 BranchDesk 的备份，不能用来恢复。"
        if self.kind == NEWER:
            return f"“{name}”来自更新版本的 BranchDesk，请先升级程序再恢复。"
        if self.kind == INCOMPLETE:
            missing = "、".join(sorted(FOUNDATION_TABLES - set(self.tables))) or "版本信息"
            return (f"“{name}”像是 BranchDesk 的数据库，但缺少{missing}，不是完整的 BranchDesk 备份，"
                    "不能用来恢复。")
        shown = "、".join(self.tables[:3]) + ("等" if len(self.tables) > 3 else "")
        return f"“{name}”是另一个程序的数据库（含有 {shown} 数据表），不是 BranchDesk 的备份，不能用来恢复。"


def _tables(connection: Any) -> list[str]:
    rows = connection.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
    ).fetchall()
    return [str(r[0]) for r in rows]


def identify(connection: Any, known_revisions: Iterable[str]) -> Identity:
    """Classify the open database behind a DB-API `connection` (plain or SQLCipher, read only)."""
    names = _tables(connection)
    tables = tuple(n for n in names if n != VERSION_TABLE)
    revisions: tuple[str, ...] = ()
    if VERSION_TABLE in names:
        try:
            revisions = tuple(sorted(str(r[0]) for r in connection.execute(f"SELECT version_num FROM {VERSION_TABLE}")))
        except files.database_errors():
            revisions = ()
    ours = FOUNDATION_TABLES <= set(tables)
    if not tables:  # nothing but perhaps an empty version table (a database taken back to its base)
        kind = EMPTY
    elif not revisions:
        kind = INCOMPLETE if ours else FOREIGN
    elif set(revisions) - set(known_revisions):
        kind = NEWER if ours or FOUNDATION_TABLES & set(tables) else FOREIGN
    else:
        kind = BRANCHDESK if ours else INCOMPLETE
    return Identity(kind=kind, tables=tables, revisions=revisions)
