"""A branch merged into another without a 撤销日期: its members all moved on by a dated 支部调整, its
委员 still registered. The trial's volume read 支部党员大会 "4/不适用": a branch nobody is in now was
asked for nothing all year, though its sittings until the move were due (and held). Its calendar now
runs until its members left."""

from __future__ import annotations

from datetime import date

from branchdesk.domain.findings import Severity
from branchdesk.services.meetings.checks import meeting_findings
from branchdesk.services.roster.membership import move_branch
from tests.meetings.helpers import BRANCH, make_branch


def test_an_emptied_branch_is_judged_until_its_members_left(db) -> None:  # type: ignore[no-untyped-def]
    school = make_branch(db)
    for member in school.members.values():
        move_branch(db, member, school.other_id, date(2026, 7, 1), "两支部合并")
    judged = [f for f in meeting_findings(db, year=2026, as_of=date(2026, 12, 20))
              if f.branch == BRANCH and f.severity is Severity.ERROR and f.period and f.period.startswith("2026-")]
    months = {f.period for f in judged if len(f.period) == 7 and f.period[5:].isdigit()}
    assert "2026-06" in months  # due (nothing was held) while it had members
    assert not {m for m in months if m >= "2026-07"}  # nothing falls due after they left
