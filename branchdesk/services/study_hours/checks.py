"""The rule check of 党员学习学时 (MTG-STUDY-HOURS) that `branchdesk check` and the home page run."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from branchdesk.db.engine import Database
from branchdesk.domain.findings import Finding
from branchdesk.domain.study_hours.records import (
    MemberStudy,
    Sitting,
    study_findings,
    untimed_finding,
)
from branchdesk.services.records_start import load_branches
from branchdesk.services.reported import held_until
from branchdesk.services.rule_settings import load_branch_settings
from branchdesk.services.study_hours.store import load_sittings, load_summary


def study_hours_findings(db: Database, *, year: int, as_of: date, branch: str | None = None) -> list[Finding]:
    """CHECKERS entry (MTG-STUDY-HOURS): one finding per branch naming the members short of 学时."""
    with db.reading(), db.session() as session:
        branches = load_branches(session, branch, year=year)
        cut = held_until(session, branches, year, as_of)  # as the volume counts them at the 党委 (rev1 F8)
        rows = load_summary(session, branches, year, as_of, held_until=cut)
        untimed = list(load_sittings(session, [b.id for b in branches], year, as_of, held_until=cut).values())
        targets = load_branch_settings(session, [b.id for b in branches])
    by_branch: dict[str, list[MemberStudy]] = defaultdict(list)
    for row in rows:
        by_branch[row.branch].append(row)
    sittings: dict[str, list[Sitting]] = defaultdict(list)  # each branch's, in the order loaded
    for sitting in untimed:
        sittings[sitting.branch].append(sitting)
    findings: list[Finding] = []
    for b in branches:
        findings += study_findings(b.name, by_branch[b.name], year, as_of, targets[b.id].study_hours)
        findings += untimed_finding(b.name, sittings[b.name], year, as_of)
    return findings
