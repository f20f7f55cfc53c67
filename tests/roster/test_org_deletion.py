"""删除 of an organisation (trial 9, T9-4): one that holds history — meetings, 支部调整 to or from it,
members who were in it — is refused in plain words pointing to 撤销日期, so its year stays in the
year-end volume; an empty one goes to the 回收站 as before."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from branchdesk.db.models import Meeting, Member, Organisation
from branchdesk.domain.roster.org_deletion import OrgRecords, deletion_refusal
from branchdesk.domain.vocabulary import OrgKind
from branchdesk.services.errors import RuleViolation
from branchdesk.services.roster.membership import move_branch
from branchdesk.services.roster.organisation import create_org, delete_org, org_deletion_refusal
from tests.meetings.helpers import OTHER, make_branch

DATES = "成立与撤销日期"


def test_an_empty_organisation_may_be_deleted_and_says_nothing() -> None:
    assert deletion_refusal("语文党小组", OrgKind.GROUP, OrgRecords()) == ""
    assert deletion_refusal("新党支部", OrgKind.BRANCH, OrgRecords()) == ""


def test_a_branch_with_history_is_refused_pointing_to_its_dissolution_date() -> None:
    text = deletion_refusal("第二党支部（初中部）", OrgKind.BRANCH, OrgRecords(meetings=30, moves=8))
    assert text.startswith("“第二党支部（初中部）”不能删除：它有会议记录 30 次、支部调整记录 8 条")
    assert "删除后这些记录不再计入年度台账和统计" in text and f"“{DATES}…”" in text and "撤销日期" in text
    assert "MTG-" not in text and "ORG-" not in text


def test_members_on_the_roster_are_moved_first_and_sub_organisations_deleted_first() -> None:
    text = deletion_refusal("一支部", OrgKind.BRANCH, OrgRecords(children=2, members_now=8))
    assert "它有下级组织 2 个、在册党员 8 名" in text
    assert "请先把在册党员调整到其他党支部（支部调整）" in text and "请先删除下级组织" in text
    assert DATES not in text  # nothing of its past is at stake yet
    group = deletion_refusal("初一党小组", OrgKind.GROUP, OrgRecords(members_before=2))
    assert "已转出、离世或出党的党员 2 名" in group and DATES not in group  # a 党小组 has no 撤销日期


def test_deleting_a_branch_its_members_were_moved_from_is_refused_and_it_stays(db) -> None:  # type: ignore[no-untyped-def]
    school = make_branch(db)
    with db.session() as session:
        old = session.scalar(select(Organisation.id).where(Organisation.name == OTHER))
    with db.session() as session:
        member = session.scalar(select(Member.id).where(Member.name == "老党员"))
    move_branch(db, member, school.id, date(2026, 11, 20), "支部合并")
    refusal = org_deletion_refusal(db, old)
    assert refusal.startswith(f"“{OTHER}”不能删除：它有支部调整记录 1 条") and DATES in refusal
    with pytest.raises(RuleViolation) as caught:
        delete_org(db, old)
    assert str(caught.value) == refusal
    with db.session() as session:
        assert session.get(Organisation, old).deleted_at is None


def test_a_branch_with_meetings_only_is_refused_an_empty_one_is_deleted(db) -> None:  # type: ignore[no-untyped-def]
    school = make_branch(db)
    with db.session() as session:
        top = session.scalar(select(Organisation.parent_id).where(Organisation.id == school.id))
    held = create_org(db, "临时党支部", OrgKind.BRANCH, top)
    with db.session() as session:
        session.add(Meeting(branch_id=held.id, meeting_date=date(2026, 3, 10), topic="学习"))
    assert "会议记录 1 次" in org_deletion_refusal(db, held.id)
    with pytest.raises(RuleViolation, match="会议记录 1 次"):
        delete_org(db, held.id)
    empty = create_org(db, "空党支部", OrgKind.BRANCH, top)
    assert org_deletion_refusal(db, empty.id) == ""
    delete_org(db, empty.id)
    with db.session() as session:
        assert session.get(Organisation, empty.id).deleted_at is not None
    group = school.group_ids["语文党小组"]
    assert "在册党员 5 名" in org_deletion_refusal(db, group)  # its members are on the roster
