"""检查数据库: SQLite's integrity_check and foreign_key_check, and the change history's hash chain
(issue 8). Read-only; the report says in plain Chinese what was found and what to do."""

from __future__ import annotations

from dataclasses import dataclass, field

from branchdesk.db.engine import Database
from branchdesk.db.files import DATABASE_ERRORS
from branchdesk.services.history import verify_history


@dataclass(frozen=True)
class DatabaseCheckReport:
    integrity: list[str] = field(default_factory=list)  # problems; empty = ok
    foreign_keys: list[str] = field(default_factory=list)
    history_rows: int = 0
    history: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.integrity or self.foreign_keys or self.history)

    def to_text(self) -> str:
        if self.ok:
            return f"数据库检查通过：文件完整，关联正确，{self.history_rows} 条修改记录未被改动。"
        lines = ["数据库检查发现问题："]
        if self.integrity:
            lines.append("文件已损坏（请从备份恢复）：" + "；".join(self.integrity[:5]))
        if self.foreign_keys:
            lines.append(f"有 {len(self.foreign_keys)} 处记录指向不存在的数据：" + "；".join(self.foreign_keys[:5]))
        if self.history:
            lines.append("修改记录在 BranchDesk 之外被改动过：" + "；".join(self.history[:5]))
        return "\n".join(lines)


def check_database(db: Database) -> DatabaseCheckReport:
    if db.engine.dialect.name != "sqlite":
        # a database server checks its own pages and always enforces foreign keys: the chain remains
        rows, problems = verify_history(db)
        return DatabaseCheckReport(history_rows=rows, history=[p.message for p in problems])
    raw = db.engine.raw_connection()
    integrity: list[str] = []
    fk_rows: list[tuple[str, int, str, int]] = []
    try:
        cursor = raw.cursor()
        if db.encrypted:  # SQLCipher's own check: every page's HMAC, i.e. no page changed outside
            integrity += [f"加密页校验失败：{r[0]}" for r in cursor.execute("PRAGMA cipher_integrity_check").fetchall()]
        try:
            found = [str(r[0]) for r in cursor.execute("PRAGMA integrity_check").fetchall()]
            integrity += [] if found == ["ok"] else found
            fk_rows = cursor.execute("PRAGMA foreign_key_check").fetchall()
        except DATABASE_ERRORS as exc:  # so damaged that SQLite cannot even check it
            integrity.append(str(exc))
        cursor.close()
    finally:
        raw.close()
    foreign = [f"表 {table} 第 {rowid} 行 → {parent}" for table, rowid, parent, _ in fk_rows]
    rows, problems = verify_history(db) if not integrity else (0, [])
    return DatabaseCheckReport(integrity=integrity, foreign_keys=foreign, history_rows=rows,
                               history=[p.message for p in problems])
