"""All rule checks of every area, behind one call (`branchdesk check`, the home page, the reports).

Each area registers "module:function(db, *, year, as_of, branch) -> list[Finding]" in CHECKERS.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from datetime import date

from branchdesk.db.engine import Database
from branchdesk.domain.findings import Finding, Severity

CHECKERS: list[str] = []
CHECKERS.append("branchdesk.services.meetings_calendar:meeting_findings")
CHECKERS.append("branchdesk.services.mentoring_checks:check_mentoring")
CHECKERS.append("branchdesk.services.rectification_figures:check_rectification")
CHECKERS.append("branchdesk.services.development_checks:check_development")
CHECKERS.append("branchdesk.services.study_hours:study_hours_findings")

_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


def _load(target: str) -> Callable[..., list[Finding]]:
    module, _, name = target.partition(":")
    return getattr(importlib.import_module(module), name)


def run_checks(db: Database, *, year: int, as_of: date | None = None, branch: str | None = None) -> list[Finding]:
    """Findings of every registered check, errors first, then by branch and period."""
    as_of = as_of or date.today()
    findings: list[Finding] = []
    with db.reading():
        for target in CHECKERS:
            findings.extend(_load(target)(db, year=year, as_of=as_of, branch=branch))
    from branchdesk.services.finding_notes import annotated

    findings = annotated(db, findings)  # the reasons users gave (说明) travel with their findings
    return sorted(findings, key=lambda f: (_ORDER[f.severity], f.branch or "", f.period or "", f.person or ""))
