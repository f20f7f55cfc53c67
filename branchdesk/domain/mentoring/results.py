"""A pair's 成效 cell (domain.md §7): the narrative summary and the dated outcomes, one a line, as the
ledger writes them and reads them back. Its own module, apart from the activity log (log.py), so that the
year-end workbook, which writes this cell, does not load the log's records and checks (issue 18)."""

from __future__ import annotations

import re
from datetime import date

from branchdesk.domain.dates import DateParseError, parse_date

# In the ledger's 成效 cell each dated outcome is one line "2026-05-10 获奖：市优质课一等奖", so an
# exported ledger imports back to the same outcomes; other lines are the narrative summary.
_OUTCOME_LINE = re.compile(r"^\s*[·•\-]?\s*(\S+?)\s+([^：:\s]{1,20})[：:]\s*(.*)$")


def format_outcome(on: date, kind: str, description: str) -> str:
    return f"{on:%Y-%m-%d} {kind}：{description}".rstrip("：")


def split_results(text: str) -> tuple[str, list[tuple[date, str, str]]]:
    """Split a 成效 cell into the narrative summary and its dated outcome lines."""
    summary: list[str] = []
    outcomes: list[tuple[date, str, str]] = []
    for line in (text or "").splitlines():
        match = _OUTCOME_LINE.match(line)
        parsed = None
        if match:
            try:
                parsed = parse_date(match.group(1))
            except DateParseError:
                parsed = None
        if parsed is not None and match is not None:
            outcomes.append((parsed, match.group(2), match.group(3).strip()))
        elif line.strip():
            summary.append(line.rstrip())
    return "\n".join(summary), outcomes


def join_results(summary: str, outcomes: list[tuple[date, str, str]]) -> str:
    lines = [summary.strip()] if summary.strip() else []
    lines += [format_outcome(on, kind, text) for on, kind, text in sorted(outcomes)]
    return "\n".join(lines)
