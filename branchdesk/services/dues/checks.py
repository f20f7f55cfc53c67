"""The dues check for `branchdesk check` and the home page (domain.md §5: DUES-RATE, DUES-BASE-CHANGE,
DUES-TIMING, DUES-LAPSE and the branch's book; the 缴纳类别 against the roster's 工作岗位): the year read in one snapshot, judged by
domain.dues.rules per branch."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from branchdesk.db.engine import Database
from branchdesk.db.models import Member
from branchdesk.domain.citations import cite
from branchdesk.domain.dues import AREA
from branchdesk.domain.dues.months import Month
from branchdesk.domain.dues.payments import RULE as TIMING_RULE
from branchdesk.domain.dues.payments import SOURCE as TIMING_SOURCE
from branchdesk.domain.dues.rules import dues_findings
from branchdesk.domain.findings import Finding, Severity
from branchdesk.services.dues.store import ledger_start, load_bases, load_settings, load_year


def check_dues(db: Database, *, year: int, as_of: date, branch: str | None = None) -> list[Finding]:
    """Every dues finding of `year` as of `as_of`, for one branch (by name) or all."""
    with db.reading(), db.session() as session:
        started = ledger_start(session, load_settings(session)) is not None
        dues = load_year(session, year, as_of, branch) if started else None
        # every member's bases, to tell two of one month that differ (rules.base_conflict_finding)
        bases = load_bases(session, months=(Month(year, 1), Month(year, 12))) if dues is not None else {}
        positions: dict[int, str] = {mid: position for mid, position in session.execute(
            select(Member.id, Member.position).where(Member.deleted_at.is_(None), Member.position != ""))
        } if dues is not None else {}
    if dues is None:
        # no dues recorded at all and no start month set: months nobody recorded are not arrears, so
        # nothing can be judged — one note, never "23 个月未交" for every member (issue 16)
        if date(year, 1, 1) > as_of:
            return []
        return [Finding(Severity.INFO, "尚未登记任何党费交纳记录，党费交纳情况无法核对；登记后从第一笔记录的月份起检查"
                        "（也可在党费设置中指定台账起始月份）。", rule=TIMING_RULE, source=TIMING_SOURCE,
                        quote=cite(TIMING_RULE, "党费规定").quote, period=str(year), area=AREA)]
    result: list[Finding] = []
    for b in dues.branches:
        if not b.recorded:  # this branch has entered no dues yet: unknown, never 欠交 for each member
            if b.on_roster:
                result.append(Finding(Severity.INFO, f"{b.branch}尚未登记任何党费交纳记录，本支部党员的交纳情况无法核对；"
                                      "登记后从第一笔记录的月份起检查。", rule=TIMING_RULE, source=TIMING_SOURCE,
                                      quote=cite(TIMING_RULE, "党费规定").quote, branch=b.branch, period=str(year),
                                      area=AREA))
            continue
        result += dues_findings(b.branch, b.ledgers, b.book, year, as_of, dues.settings, positions, bases)
    return result
