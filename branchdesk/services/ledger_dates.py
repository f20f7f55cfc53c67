"""What the corrected-date rule (domain.ledger_dates) needs from the database for the imports whose
records have no history of their own (学习培训记录, 结对帮扶): which kept records a ledger import wrote,
and the line in 修改记录 a move leaves. The 三会一课 import keeps both in the meeting's own 修改历史
(services.meetings.ledger_moves).

Every change is in 修改记录 (db/history.py), which names who made it; an import names itself after the
PC account, "张老师（从台账导入：党员学习培训记录）", as a 数据包 does. A record whose first line
(its insert) says so was written by a ledger import; one entered in the window, brought by a 数据包 or
imported before imports said so is not, and is never moved by an import — only named."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from branchdesk.db.history import HISTORY_USER, os_user
from branchdesk.db.models import ChangeLog

IMPORTED = "从台账导入"
MOVED = "更正日期"  # a row's status in the report, as the 三会一课 import says it
CORRECTED = "台账中的日期已更正"
_CHUNK = 500


def _user(kind: str, why: str = "") -> str:
    return f"{os_user()[:40]}（{IMPORTED}：{kind}{'，' + why if why else ''}）"[:100]


@contextmanager
def written_as(session: Session, kind: str, why: str = "") -> Iterator[None]:
    """What `session` flushes meanwhile is in 修改记录 as written by the import of `kind` (a ledger)."""
    before = session.info.get(HISTORY_USER)
    session.info[HISTORY_USER] = _user(kind, why)
    try:
        yield
    finally:
        if before is None:
            session.info.pop(HISTORY_USER, None)
        else:
            session.info[HISTORY_USER] = before


def imported_ids(session: Session, table: str, ids: Iterable[int]) -> set[int]:
    """The records of `table` among `ids` that a ledger import wrote (their insert line says so)."""
    wanted = sorted({str(i) for i in ids})
    found: set[int] = set()
    for start in range(0, len(wanted), _CHUNK):
        found.update(int(record_id) for record_id in session.scalars(
            select(ChangeLog.record_id).where(
                ChangeLog.table_name == table, ChangeLog.record_id.in_(wanted[start:start + _CHUNK]),
                ChangeLog.action == "insert", ChangeLog.os_user.contains(f"（{IMPORTED}：", autoescape=True))))
    return found


def day_text(day: date, beside: date) -> str:
    """3月5日, with the year when it is not `beside`'s."""
    return (f"{day.year}年" if day.year != beside.year else "") + f"{day.month}月{day.day}日"


def full_day(day: date) -> str:
    """2025年9月1日: a 开始日期, which a ledger of several years reads with its year."""
    return f"{day.year}年{day.month}月{day.day}日"
