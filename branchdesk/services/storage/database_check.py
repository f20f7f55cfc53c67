"""检查数据库 and `branchdesk verify` (issues 8 and 21): SQLite's integrity_check and foreign_key_check,
the change history's hash chain, every record against its last history entry (db/record_check.py),
and the chain against its anchor beside the file and the backups' records of it (db/witness.py).
Read-only; the report says in plain Chinese what was found, what to do, and what the checks cannot
prove. `accept_current` is the one writing step: after the user confirmed that what was found was
their own doing (an older copy put back by hand), the differences are written into the history and
a new anchor is set."""

from __future__ import annotations

from dataclasses import dataclass, field

from branchdesk.db import anchor, cipher, witness
from branchdesk.db import backup as store
from branchdesk.db.engine import Database
from branchdesk.db.files import DATABASE_ERRORS
from branchdesk.db.record_check import (
    CHANGED,
    DELETED,
    REAPPEARED,
    UNRECORDED,
    RecordProblem,
    compare,
    reconcile,
)
from branchdesk.domain.idcard import mask_id_number, mask_phone
from branchdesk.services.history import FIELD_LABELS, verify_history

SHOWN = 20  # findings of one kind listed in the report; the rest are counted


@dataclass(frozen=True)
class DatabaseCheckReport:
    integrity: list[str] = field(default_factory=list)  # problems; empty = ok
    foreign_keys: list[str] = field(default_factory=list)
    history_rows: int = 0
    history: list[str] = field(default_factory=list)
    records_checked: int = 0
    records: list[str] = field(default_factory=list)  # records that differ from their history
    witnesses: list[str] = field(default_factory=list)  # the anchor and the backups' records of the chain
    anchored: str = ""  # where the chain's head was last written down
    note: str = ""  # what the anchor checks can and cannot prove for this database

    @property
    def ok(self) -> bool:
        return not (self.integrity or self.foreign_keys or self.history or self.records or self.witnesses)

    def to_text(self) -> str:
        if self.ok:
            lines = [f"数据库检查通过：文件完整，关联正确，{self.history_rows} 条修改记录未被改动，"
                     f"{self.records_checked} 条记录与修改记录一致。"]
        else:
            lines = ["数据库检查发现问题："]
            if self.integrity:
                lines.append("文件已损坏（请从备份恢复）：" + "；".join(self.integrity[:5]))
            if self.foreign_keys:
                lines.append(f"有 {len(self.foreign_keys)} 处记录指向不存在的数据：" + "；".join(self.foreign_keys[:5]))
            if self.history:
                lines.append("修改记录在 BranchDesk 之外被改动过：" + "；".join(self.history[:5]))
            if self.witnesses:
                lines.append("修改记录与锚点或备份记下的不符：" + "；".join(self.witnesses[:5]))
            if self.records:
                more = f"（另有 {len(self.records) - SHOWN} 处）" if len(self.records) > SHOWN else ""
                lines.append(f"有 {len(self.records)} 处记录与修改记录不符（在 BranchDesk 之外被改动）{more}：")
                lines += ["  " + line for line in self.records[:SHOWN]]
        if self.anchored:
            lines.append(self.anchored)
        if self.note:
            lines.append("说明：" + self.note)
        return "\n".join(lines)


def _table_label(table: str) -> str:
    from branchdesk.services.storage.backups import TABLE_LABELS

    return TABLE_LABELS.get(table, table)


def _shown_value(field_name: str, value: str | None) -> str:
    if value in (None, ""):
        return "（空）"
    if field_name == "id_number":
        return mask_id_number(value)
    if field_name == "phone":
        return mask_phone(value)
    return value if len(value) <= 40 else value[:40] + "…"


def describe_problem(problem: RecordProblem) -> str:
    where = f"{_table_label(problem.table)}第 {problem.record_id} 条"
    if problem.kind == CHANGED:
        label = FIELD_LABELS.get(problem.field, problem.field)
        return (f"{where}的“{label}”是“{_shown_value(problem.field, problem.stored)}”，"
                f"修改记录中最后是“{_shown_value(problem.field, problem.recorded)}”")
    if problem.kind == UNRECORDED:
        return f"{where}没有任何修改记录（在 BranchDesk 之外新增）"
    if problem.kind == DELETED:
        return f"{where}不见了，修改记录中没有删除它（在 BranchDesk 之外删除）"
    if problem.kind == REAPPEARED:
        return f"{where}在修改记录中已被永久删除，却又出现了"
    return f"{where}：{problem.kind}"


def _data_key(db: Database) -> bytes | None:
    if db.path is None or not db.encrypted:
        return None
    try:
        return cipher.key_for(db.path)
    except cipher.KeyRequired:
        return None


def check_database(db: Database) -> DatabaseCheckReport:
    if db.engine.dialect.name != "sqlite":
        # a database server checks its own pages and always enforces foreign keys: the chain remains
        rows, problems = verify_history(db)
        with db.engine.connect() as connection:
            checked, differences = compare(connection)
        return DatabaseCheckReport(history_rows=rows, history=[p.message for p in problems],
                                   records_checked=checked, records=[describe_problem(p) for p in differences])
    raw = db.engine.raw_connection()
    integrity: list[str] = []
    fk_rows: list[tuple[str, int, str, int]] = []
    seen = witness.WitnessReport()
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
        if not integrity and db.path is not None:
            seen = witness.check(db.path, raw.driver_connection, _data_key(db), store.configured_folder(db.path))
    finally:
        raw.close()
    foreign = [f"表 {table} 第 {rowid} 行 → {parent}" for table, rowid, parent, _ in fk_rows]
    rows, problems = verify_history(db) if not integrity else (0, [])
    checked, differences = (0, [])
    if not integrity:
        with db.engine.connect() as connection:
            checked, differences = compare(connection)
    return DatabaseCheckReport(integrity=integrity, foreign_keys=foreign, history_rows=rows,
                               history=[p.message for p in problems], records_checked=checked,
                               records=[describe_problem(p) for p in differences], witnesses=seen.findings,
                               anchored=seen.anchored, note=seen.note)


def accept_current(db: Database) -> int:
    """The user confirmed the records as they are (a change of their own made outside BranchDesk, an
    older copy put back by hand): the differences are written into the change history under their
    name, and the anchor starts again from here. Edited history rows stay reported: an append-only
    history cannot be repaired, only restored from a backup. Returns how many history rows were written."""
    from branchdesk.db.history import os_user

    with db.engine.begin() as connection:
        _, differences = compare(connection)
        written = reconcile(connection, differences, user=f"{os_user()}（确认现状）") if differences else 0
    if db.path is not None and db.engine.dialect.name == "sqlite":
        raw = db.engine.raw_connection()
        try:
            anchor.restart(db.path, raw.driver_connection, _data_key(db))
        finally:
            raw.close()
    return written
