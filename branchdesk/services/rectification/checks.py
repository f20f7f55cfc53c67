"""The checks of 整改台账 for the home page and `branchdesk check` (domain.md §6, RECT-MONTHLY-REVIEW):
overdue measures and measures due soon."""

from __future__ import annotations

from datetime import date, timedelta

from branchdesk.db.engine import Database
from branchdesk.domain.findings import Finding, Severity
from branchdesk.domain.rectification.status import REVIEW_CITATION, SOURCE_DOMAIN, is_done
from branchdesk.services.rectification.figures import DUE_SOON_DAYS
from branchdesk.services.rectification.store import load_ledgers, load_measures

AREA = "整改台账"


def check_rectification(db: Database, *, year: int, as_of: date, branch: str | None = None) -> list[Finding]:
    """Home page / `branchdesk check`: overdue measures (问题) and measures due within 14 days (提醒).
    `year` is not used: a measure overdue since last year is still overdue."""
    with db.session() as session:
        ledgers = {led.id: led for led in load_ledgers(session)}
        measures = load_measures(session)
    soon = as_of + timedelta(days=DUE_SOON_DAYS)
    findings: list[Finding] = []
    for m in measures:
        ledger = ledgers.get(m.ledger_id)
        if ledger is None or m.deadline is None or is_done(m.status):
            continue
        if branch and ledger.org_name != branch:
            continue
        where = f"《{ledger.title}》问题{m.problem_number or ''}“{_short(m.problem_description)}”的整改措施“{_short(m.text)}”"
        person = m.person or None
        if m.deadline < as_of:
            days = (as_of - m.deadline).days
            findings.append(Finding(
                Severity.ERROR, f"{where}已超过完成时限 {days} 天（时限 {m.deadline:%Y-%m-%d}，当前“{m.status}”），"
                "请督促责任人完成并及时销号", rule="RECT-MONTHLY-REVIEW", source=SOURCE_DOMAIN, quote=REVIEW_CITATION.quote,
                branch=ledger.org_name or None, person=person, period=f"{m.deadline:%Y-%m}", area=AREA,
                due=m.deadline.isoformat()))
        elif m.deadline <= soon:
            days = (m.deadline - as_of).days
            when = "今天到期" if days == 0 else f"{days} 天后到期"
            findings.append(Finding(
                Severity.WARNING, f"{where}{when}（时限 {m.deadline:%Y-%m-%d}，当前“{m.status}”）",
                rule="RECT-MONTHLY-REVIEW", source=SOURCE_DOMAIN, quote=REVIEW_CITATION.quote, branch=ledger.org_name or None,
                person=person, period=f"{m.deadline:%Y-%m}", area=AREA, due=m.deadline.isoformat()))
    return findings


def _short(text: str, limit: int = 24) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
