"""A member is on the branch's roster from the day her 组织关系 was transferred in (trial Y, TY-4): the
roster "as it stood on each day" (domain.md §2) — sign-in sheets, 谈心谈话 coverage, 学时, the 正式党员 a
vote's 应到 is compared with, the year-end volume's 党员总数 — does not hold her before that day, however
long ago she joined the Party. Members with no 转入 on record stay on the roster from their 入党日期, as
every earlier import left them."""

from __future__ import annotations

from datetime import date

import pytest

from branchdesk.domain.idcard import make_id_number
from branchdesk.domain.meetings.records import MeetingKind as K
from branchdesk.domain.roster.membership import BranchMove, branch_on, branch_periods
from branchdesk.domain.roster.records import MemberInput
from branchdesk.services.annual_report.records import gather_report
from branchdesk.services.development.store import load_roster_index
from branchdesk.services.dues.records import record_transfer_in
from branchdesk.services.meetings.calendar import talk_coverage_for
from branchdesk.services.meetings.records import default_attendees
from branchdesk.services.roster.member_events import delete_unit_move, list_unit_moves
from branchdesk.services.roster.membership import move_branch
from branchdesk.services.roster.records import members_on, save_member
from branchdesk.services.study_hours.records import study_summary
from tests.meetings.helpers import BRANCH, make_branch

ARRIVED = date(2026, 9, 1)
BEFORE = date(2026, 8, 31)


def test_an_arrival_starts_the_periods() -> None:
    periods = branch_periods(2, [BranchMove(ARRIVED, None, 2, arrival=True)])
    assert branch_on(periods, BEFORE) is None and branch_on(periods, ARRIVED) == 2
    # a 支部调整 after the arrival: the branch joined first, then the new one
    later = date(2026, 10, 8)
    periods = branch_periods(3, [BranchMove(later, 2, 3), BranchMove(ARRIVED, None, 2, arrival=True)])
    assert [branch_on(periods, d) for d in (BEFORE, ARRIVED, later)] == [None, 2, 3]


@pytest.fixture
def arrived(db):  # type: ignore[no-untyped-def]
    branch = make_branch(db)
    wu = save_member(db, MemberInput(
        name="吴佳", id_number=make_id_number("220802", date(1993, 8, 15), 46, male=False), branch=BRANCH,
        group="语文党小组", category="正式党员", join_date=date(2018, 6, 28), full_date=date(2019, 6, 28))).id
    record_transfer_in(db, wu, ARRIVED, "中共白城市第十一中学支部委员会")
    return branch, wu


def test_not_on_the_sheets_before_the_transfer(db, arrived) -> None:  # type: ignore[no-untyped-def]
    branch, wu = arrived
    for kinds in ((K.CONGRESS,), (K.GROUP,)):
        assert wu not in {a.member_id for a in default_attendees(db, branch.id, BEFORE, kinds,
                                                                 group_id=branch.group_ids["语文党小组"])}
        assert wu in {a.member_id for a in default_attendees(db, branch.id, ARRIVED, kinds,
                                                             group_id=branch.group_ids["语文党小组"])}
    assert wu not in {m.id for m in members_on(db, branch.id, BEFORE)}
    assert wu in {m.id for m in members_on(db, branch.id, ARRIVED)}


def test_not_counted_in_the_years_before(db, arrived) -> None:  # type: ignore[no-untyped-def]
    branch, wu = arrived
    people = {p.id for p in talk_coverage_for(db, branch.id, 2025, as_of=date(2025, 12, 31)).people}
    assert wu not in people and branch.members["赵一"] in people
    assert wu not in {s.member_id for s in study_summary(db, 2025, BRANCH, as_of=date(2025, 12, 31))}
    mine = [s for s in study_summary(db, 2026, BRANCH, as_of=date(2026, 12, 31)) if s.member_id == wu]
    assert len(mine) == 1 and mine[0].required < 32  # her four months of 2026, not the whole year
    volume = gather_report(db, 2025, generated_on=date(2026, 12, 1))
    assert volume.basic.total == 8  # seven in the branch (the 预备党员 joined in 2026), one in the other: not 吴佳
    assert gather_report(db, 2026, generated_on=date(2026, 12, 1)).basic.total == 11


def test_not_among_the_full_members_a_vote_is_compared_with(db, arrived) -> None:  # type: ignore[no-untyped-def]
    branch, wu = arrived
    with db.session() as session:
        index = load_roster_index(session)
        before = {s.member_id for s in index.full_members(branch.id, BEFORE) or []}
        after = {s.member_id for s in index.full_members(branch.id, ARRIVED) or []}
    assert wu not in before and wu in after and len(before) == 7


def test_a_move_after_the_arrival_and_its_undoing(db, arrived) -> None:  # type: ignore[no-untyped-def]
    branch, wu = arrived
    move_branch(db, wu, branch.other_id, date(2026, 10, 8))
    assert wu not in {a.member_id for a in default_attendees(db, branch.id, BEFORE, (K.CONGRESS,))}
    assert wu in {a.member_id for a in default_attendees(db, branch.id, date(2026, 10, 7), (K.CONGRESS,))}
    assert wu in {a.member_id for a in default_attendees(db, branch.other_id, date(2026, 10, 8), (K.CONGRESS,))}
    # the 转入 deleted as entered by mistake: she is on the roster from her 入党日期 again, as before
    (transfer,) = [m for m in list_unit_moves(db, wu, frozenset({"转入"}))]
    delete_unit_move(db, transfer.id)
    assert wu in {a.member_id for a in default_attendees(db, branch.id, BEFORE, (K.CONGRESS,))}
