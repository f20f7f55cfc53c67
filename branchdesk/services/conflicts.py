"""What the other user changed: the text of a ConflictError (optimistic version check, issue 9).

When two secretaries edit the same record — on two PCs sharing a server database, or in two windows —
the second save is refused (every area's save checks the record's `version`; SQLAlchemy's
`version_id_col` also refuses a stale UPDATE). Refusing is not enough: the user must see what the
other person saved, to decide what to keep. The change history (issue 8) already holds it, written in
the same transaction as the change, so this reads the newest save of the record from `change_log`.
"""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from branchdesk.db.models import ChangeLog
from branchdesk.services.errors import ConflictError, NotFound
from branchdesk.services.history import FIELD_LABELS, shown_value

Row = TypeVar("Row")

HIDDEN_FIELDS = frozenset({"version", "created_at", "updated_at", "gid"})
MAX_FIELDS = 8
MAX_VALUE = 40


def _value(text: str | None) -> str:
    if text in (None, ""):
        return "（空）"
    assert text is not None
    return f"“{text[:MAX_VALUE]}…”" if len(text) > MAX_VALUE else f"“{text}”"


def _masked(field: str, text: str | None) -> str | None:
    """ID and phone numbers masked, as everywhere (issue 21): a message box has no 显示完整."""
    return text if text in (None, "") else shown_value(field, text)


def last_change(session: Session, table: str, record_id: int | str) -> str:
    """The newest save of one record, in words: who (PC account), when, and each field old → new.
    Empty when the history holds nothing for it (a database from before the history existed)."""
    newest = session.scalars(
        select(ChangeLog).where(ChangeLog.table_name == table, ChangeLog.record_id == str(record_id))
        .order_by(ChangeLog.id.desc()).limit(1)
    ).first()
    if newest is None:
        return ""
    rows = session.scalars(
        select(ChangeLog).where(ChangeLog.table_name == table, ChangeLog.record_id == str(record_id),
                                ChangeLog.at == newest.at)
        .order_by(ChangeLog.id)
    ).all()
    fields = [f"{FIELD_LABELS.get(r.field, r.field)}：{_value(_masked(r.field, r.old_value))} → "
              f"{_value(_masked(r.field, r.new_value))}"
              for r in rows if r.action == "update" and r.field and r.field not in HIDDEN_FIELDS]
    if len(fields) > MAX_FIELDS:
        fields = fields[:MAX_FIELDS] + [f"等共 {len(fields)} 项"]
    who = f"{newest.os_user or '另一位用户'}在 {newest.at[:19]}"
    if newest.action == "delete":
        return f"{who}已永久删除这条记录。"
    if not fields:
        return f"{who}保存过这条记录。"
    return f"{who}保存的修改：" + "；".join(fields) + "。"


def conflict_message(session: Session, what: str, table: str, record_id: int | str) -> str:
    """The whole sentence for the user: what happened, what the other change was, what to do."""
    other = last_change(session, table, record_id)
    return (f"{what}已被他人修改，您的保存没有写入，以免覆盖对方的修改。"
            + (f"\n{other}" if other else "")
            + "\n请关闭后重新打开，在最新内容上再修改。")


def row_to_edit(session: Session, model: type[Row], record_id: int | None, expected_version: int | None,
                what: str, gone: str) -> Row:
    """The row a save writes: a new one (added to the session) when `record_id` is None, else the live
    row — NotFound(`gone`) when it was deleted, ConflictError naming the other change when someone saved
    it since the form read it at `expected_version` (never a silent overwrite)."""
    if record_id is None:
        row = model()
        session.add(row)
        return row
    found: Any = session.get(model, record_id)
    if found is None or found.deleted_at is not None:
        raise NotFound(gone)
    if expected_version is not None and found.version != expected_version:
        raise ConflictError(conflict_message(session, what, found.__tablename__, found.id))
    return found  # type: ignore[no-any-return]  # a row of `model`, as session.get returns it
