"""A school that keeps no dues records yet gets one note, not "23 个月未交党费" for every member (issue 16:
no finding a reviewer would strike out)."""

from __future__ import annotations

from datetime import date

from branchdesk.domain.findings import Severity
from branchdesk.domain.idcard import make_id_number
from branchdesk.domain.roster.records import MemberInput
from branchdesk.domain.vocabulary import OrgKind
from branchdesk.services.dues.checks import check_dues
from branchdesk.services.roster.organisation import create_org
from branchdesk.services.roster.records import save_member


def test_no_dues_recorded_is_one_note(db) -> None:  # type: ignore[no-untyped-def]
    top = create_org(db, "中共测试中学委员会", OrgKind.COMMITTEE)
    create_org(db, "一支部", OrgKind.BRANCH, top.id)
    for i in range(3):
        save_member(db, MemberInput(name=f"党员{'甲乙丙'[i]}", id_number=make_id_number("140202", date(1980, 1, 1 + i), i, True),
                                    branch="一支部", category="正式党员", join_date=date(2005, 7, 1),
                                    full_date=date(2006, 7, 1)))
    found = check_dues(db, year=2025, as_of=date(2025, 12, 31))
    assert [(f.severity, f.rule) for f in found] == [(Severity.INFO, "DUES-TIMING")]
