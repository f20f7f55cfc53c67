"""How a dated member event reads in one line, wherever it is shown — the event forms' lists, the
member's 修改记录 and `branchdesk member list` — so that the same record is never described two ways:
"2025-03-10 留党察看，2026-03-10 期满（县教育局党委）", "2026-05-01 由“一支部”调整到“二支部”（工作调整）",
"2026-03-05 转入 示范市第一中学党支部"."""

from __future__ import annotations

from datetime import date


def _why(reason: str | None) -> str:
    return f"（{reason}）" if reason else ""


def discipline_line(decided_on: date, kind: str, ends_on: date | None, reason: str | None) -> str:
    until = f"，{ends_on:%Y-%m-%d} 期满" if ends_on else ""
    return f"{decided_on:%Y-%m-%d} {kind}{until}{_why(reason)}"


def branch_move_line(on: date, from_branch: str, to_branch: str, reason: str | None) -> str:
    return f"{on:%Y-%m-%d} 由“{from_branch}”调整到“{to_branch}”{_why(reason)}"


def unit_move_line(on: date, kind: str, counterpart: str | None, reason: str | None) -> str:
    """A 转入 / 转出 / 离开本单位 / 恢复在册 with the organisation or place on the other side."""
    return f"{on:%Y-%m-%d} {kind}" + (f" {counterpart}" if counterpart else "") + _why(reason)
