"""A branch or 党小组 nobody belongs to holds no meetings and is not reported for missing them: right
after the first start (the branches typed, the roster not yet imported) the home page said "67 问题",
"初一年级组2026年1月没有召开党小组会"; a branch's PC after joining a data exchange listed every month
of the branches whose members it does not hold."""

from __future__ import annotations

from datetime import date

from branchdesk.domain.vocabulary import OrgKind
from branchdesk.services.meetings.checks import meeting_findings
from branchdesk.services.records_start import set_records_start
from branchdesk.services.roster.organisation import create_org, list_orgs
from tests.meetings.helpers import BRANCH, make_branch


def test_empty_branches_and_groups_owe_no_meetings(db) -> None:  # type: ignore[no-untyped-def]
    make_branch(db)
    top = next(o for o in list_orgs(db) if o.kind == OrgKind.COMMITTEE)
    branch = next(o for o in list_orgs(db) if o.name == BRANCH)
    create_org(db, "尚无党员党支部", OrgKind.BRANCH, top.id)
    create_org(db, "空党小组", OrgKind.GROUP, branch.id)
    set_records_start(db, date(2026, 1, 1))  # records run all year (without a start nothing is judged)
    found = meeting_findings(db, year=2026, as_of=date(2026, 11, 20))
    texts = [f"{f.branch} {f.message}" for f in found]
    assert not [t for t in texts if "尚无党员党支部" in t or "空党小组" in t]
    assert any(BRANCH in t for t in texts)  # the branch with members is still judged
