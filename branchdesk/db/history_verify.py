"""Checking 修改记录's hash chain (issue 21): every row's hash over its content and the row before it.
Apart from db/history.py, which writes the chain, because a row blanked by db/redaction.py is vouched
for by a later line: the check needs both, and each of them builds on the writing alone.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, select

from branchdesk.db.history import _TABLE, GENESIS, row_hash
from branchdesk.db.redaction import Vouchers


@dataclass(frozen=True)
class ChainProblem:
    """A row of 修改记录 whose hash or link does not verify, with what is wrong in words."""

    row_id: int
    message: str


def verify_chain(connection: Connection, *, limit: int = 20) -> tuple[int, list[ChainProblem]]:
    """(rows checked, problems): a changed row breaks its own hash, a deleted or inserted row breaks
    the link or the numbering of the next one. A row blanked after a deletion for good is vouched
    for by a later line (db/redaction.py)."""
    problems: list[ChainProblem] = []
    vouchers = Vouchers()
    prev, expected_id, count = GENESIS, None, 0
    result = connection.execute(select(_TABLE).order_by(_TABLE.c.id)).mappings()
    for row in result:
        count += 1
        if expected_id is not None and row["id"] != expected_id:
            problems.append(ChainProblem(row["id"], f"第 {expected_id} 至 {row['id'] - 1} 条修改记录缺失（被删除）"))
        if row["prev_hash"] != prev:
            problems.append(ChainProblem(row["id"], f"第 {row['id']} 条修改记录与前一条对不上（前面的记录被改动或删除）"))
        content = row_hash(row["prev_hash"], dict(row))
        if content != row["hash"]:
            vouchers.wait(row, content)
        vouchers.read(row, content == row["hash"])
        prev, expected_id = row["hash"], row["id"] + 1
        if len(problems) >= limit:
            break
    problems += [ChainProblem(i, f"第 {i} 条修改记录的内容在 BranchDesk 之外被改动过") for i in vouchers.unvouched()]
    return count, sorted(problems, key=lambda p: p.row_id)[:limit]
