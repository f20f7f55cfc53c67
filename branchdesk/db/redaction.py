"""A person deleted for good keeps no 公民身份号码 or phone in 修改记录 (domain.md §8: personal
information; the safety review after trial 9).

Every snapshot and every edit of a record stays in `change_log` (db/history.py), so a member emptied
from the 回收站 — or deleted for good by a 数据包 — used to leave their ID number and phone there for
ever, unmasked, in the database and every later backup. When a flush deletes a record for good, the
values of its columns named in PERSONAL_COLUMNS are replaced by REDACTED in that record's history
(table, record id), up to and including the delete line just written: in the insert and delete
snapshots, and in the old and new values of an edit of such a field. Nothing else changes — who was
deleted, when and by whom stay.

The history is append-only and hash-chained, and its head is written down outside the database
(db/anchor.py). A blanked row no longer gives the hash it was written with; so:
- each row keeps its `hash` and `prev_hash` (the links and the anchor still hold);
- one line is appended to the chain for the record, action REDACT, whose new value lists for each
  row it blanked the row's hash as written and the hash its content gives now
  ({"fields": [...], "rows": {"<row id>": ["<hash>", "<hash of the content now>"]}});
- `history_verify.verify_chain` accepts a row whose content does not give its hash only when an intact
  REDACT line of the same record vouches for exactly that hash and exactly the content's present
  hash, and that line follows the record's delete line with nothing but other delete and REDACT
  lines between — as the deleting flush writes them (`Vouchers`).
A row changed after its redaction, a row the line does not name, or a line changed itself, is still
a finding, and a line appended later cannot vouch for an edit of the past: it would have to go into
the middle of the chain, which breaks every link after it and the anchor. What is given up, precisely:
for a blanked row, verify shows that its other fields are as they were when blanked, no longer that
they are as first written; and someone who can write the file (a plain database: an encrypted one
cannot be written without the password) and appends a deletion for good of a record at the end of
the chain could, with a forged REDACT line right after it, also change that record's earlier rows
unseen — where before they could only append the deletion. A row whose content did not give its hash
before the redaction (changed outside BranchDesk) is not blanked and stays a finding, so a redaction
never hides an earlier edit.

`change_log` refuses UPDATE by a trigger (migration 0006). The trigger is set aside for these rows
only, inside the same transaction as the deletion — on SQLite dropped and created again from its
own stored text, on a server database disabled and enabled — so a failure rolls back deletion,
redaction and trigger together.

Backups made before the deletion still hold the numbers: they are copies of the database as it was
(and are encrypted when the database is).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, cast

from sqlalchemy import Connection, Table, inspect, select
from sqlalchemy.orm import Session

from branchdesk.db.history import HISTORY_USER, _Change, _columns, _record_id, append, row_hash
from branchdesk.db.models.history import ChangeLog

PERSONAL_COLUMNS = frozenset({"id_number", "phone"})  # as services/history.MASKS: masked everywhere
REDACTED = "〈已清除〉"
REDACT = "redact"  # change_log.action of the line that vouches for the rows blanked
_TABLE = ChangeLog.__table__
_UPDATE_TRIGGER = "change_log_no_update"


def redact_deleted(session: Session, context: object) -> int:
    """`after_flush`, after the history of the flush was written: blank the personal numbers in the
    history of every record this flush deleted for good; returns how many rows were blanked."""
    states = getattr(context, "states", None)  # UOWTransaction: state -> (is_delete, list_only)
    targets: list[tuple[str, str, frozenset[str]]] = []
    for obj in session.deleted:
        state = inspect(obj)
        if states is not None and (state not in states or states[state][1]):
            continue  # not handled by this flush (a partial flush)
        mapper = state.mapper
        if mapper.local_table is _TABLE:
            continue
        personal = frozenset(key for key, column in _columns(mapper) if column.name in PERSONAL_COLUMNS)
        if personal:
            targets.append((cast(Table, mapper.local_table).name, _record_id(state), personal))
    if not targets:
        return 0
    connection = session.connection()
    return sum(redact_record(connection, table, record_id, fields, user=session.info.get(HISTORY_USER))
               for table, record_id, fields in targets)


def redact_record(connection: Connection, table: str, record_id: str, fields: Iterable[str], *,
                  user: str | None = None) -> int:
    """Blank `fields` in the history of (table, record id) and append the line that vouches for the
    rows blanked; returns how many rows were blanked."""
    fields = frozenset(fields)
    rows = connection.execute(select(_TABLE).where(_TABLE.c.table_name == table, _TABLE.c.record_id == record_id)
                              .order_by(_TABLE.c.id)).mappings().all()
    blanked: list[dict[str, Any]] = []
    for stored in rows:
        now = _blanked(dict(stored), fields)
        if now is not None and row_hash(stored["prev_hash"], dict(stored)) == stored["hash"]:
            blanked.append(now)  # (a row that no longer gave its hash is left for verify to report)
    if not blanked:
        return 0
    with _updates_allowed(connection):
        for row in blanked:
            connection.execute(_TABLE.update().where(_TABLE.c.id == row["id"])
                               .values(old_value=row["old_value"], new_value=row["new_value"]))
    vouched = {str(row["id"]): [row["hash"], row_hash(row["prev_hash"], row)] for row in blanked}
    append(connection, [_Change(table, record_id, REDACT, "", None,
                                json.dumps({"fields": sorted(fields), "rows": vouched}, ensure_ascii=False))],
           user=user)
    return len(blanked)


def _blanked(row: dict[str, Any], fields: frozenset[str]) -> dict[str, Any] | None:
    """The row with the numbers blanked, or None when it holds none."""
    changed = False
    if row["action"] in ("insert", "delete"):
        column = "new_value" if row["action"] == "insert" else "old_value"
        try:
            snapshot = json.loads(row[column]) if row[column] else None
        except ValueError:
            snapshot = None
        if isinstance(snapshot, dict):
            for key in fields & snapshot.keys():
                if snapshot[key] not in (None, "", REDACTED):
                    snapshot[key], changed = REDACTED, True
            if changed:
                row[column] = json.dumps(snapshot, ensure_ascii=False)
    elif row["action"] == "update" and row["field"] in fields:
        for column in ("old_value", "new_value"):
            if row[column] not in (None, "", REDACTED):
                row[column], changed = REDACTED, True
    return row if changed else None


class _updates_allowed:  # noqa: N801 - used as `with _updates_allowed(connection):`
    """The append-only trigger set aside inside the caller's transaction (see the module's text)."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.sql: str | None = None

    def __enter__(self) -> None:
        if self.connection.dialect.name == "postgresql":
            self.connection.exec_driver_sql(f"ALTER TABLE change_log DISABLE TRIGGER {_UPDATE_TRIGGER}")
            return
        self.sql = self.connection.exec_driver_sql(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?", (_UPDATE_TRIGGER,)).scalar()
        if self.sql:
            self.connection.exec_driver_sql(f"DROP TRIGGER {_UPDATE_TRIGGER}")

    def __exit__(self, *exc: object) -> None:
        if exc[0] is not None:
            return  # the transaction rolls back, the trigger with it
        if self.connection.dialect.name == "postgresql":
            self.connection.exec_driver_sql(f"ALTER TABLE change_log ENABLE TRIGGER {_UPDATE_TRIGGER}")
        elif self.sql:
            self.connection.exec_driver_sql(self.sql)


class Vouchers:
    """For `history_verify.verify_chain`: rows whose content does not give their hash wait for the REDACT
    line that vouches for them. A line vouches only for rows of its own record up to that record's
    delete line, and only when it follows that delete line with nothing but other delete and REDACT
    lines between (the deleting flush writes them so): a line appended later cannot excuse an edit of
    the past — it would have to be put into the chain's middle, which breaks the links after it."""

    def __init__(self) -> None:
        self.waiting: dict[int, tuple[tuple[str, str], str, str]] = {}  # row id -> (record, hash, content's hash)
        self.vouched: dict[int, tuple[tuple[str, str], str, str]] = {}
        self.deleting: dict[tuple[str, str], int] = {}  # the current run of delete lines: record -> its line

    def wait(self, row: Any, content: str) -> None:
        self.waiting[row["id"]] = ((row["table_name"], row["record_id"]), row["hash"], content)

    def read(self, row: Any, intact: bool) -> None:
        """A line of the chain, in order."""
        record = (row["table_name"], row["record_id"])
        if row["action"] == "delete":
            self.deleting[record] = row["id"]
            return
        if row["action"] != REDACT:
            self.deleting = {}
            return
        deleted_at = self.deleting.get(record)
        if not intact or deleted_at is None:
            return
        try:
            rows = json.loads(row["new_value"] or "{}").get("rows", {})
            for key, pair in rows.items():
                if int(key) <= deleted_at and isinstance(pair, list) and len(pair) == 2:
                    self.vouched[int(key)] = (record, str(pair[0]), str(pair[1]))
        except (ValueError, AttributeError, TypeError):
            return

    def unvouched(self) -> list[int]:
        return sorted(i for i, waiting in self.waiting.items() if self.vouched.get(i) != waiting)
