"""The demo fills 发展党员: every stage, a few late steps, and the roster's 预备党员 linked to a record."""

from __future__ import annotations

from datetime import date

from branchdesk.domain.findings import Severity
from branchdesk.services.development.checks import check_development, pipeline
from branchdesk.services.development.records import list_cases
from branchdesk.services.roster.records import list_members


def test_demo_has_every_stage_and_a_few_late_steps(demo_db) -> None:  # type: ignore[no-untyped-def]
    board = pipeline(demo_db)
    for stage in ("入党申请人", "入党积极分子", "发展对象", "预备党员", "正式党员", "取消预备党员资格", "终止发展"):
        assert board[stage], stage
    findings = check_development(demo_db, year=2026, as_of=date(2026, 11, 20))
    errors = [f for f in findings if f.severity is Severity.ERROR]
    assert 1 <= len(errors) <= 6
    assert any(f.due for f in findings)  # something falls due within 30 days
    cases = {c.id_number: c for c in list_cases(demo_db)}
    probationary = [m for m in list_members(demo_db) if m.category == "预备党员"]
    assert probationary and all(cases[m.id_number].member_id == m.id for m in probationary)
