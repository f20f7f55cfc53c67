"""A member moved between branches on a date (issue 16, item 8): on the old branch's sheets before the
move, on the new branch's after; 离开本单位 and 留党察看 recorded and used by the checks."""

from __future__ import annotations

from datetime import date

import pytest

from branchdesk.domain.meetings.records import MeetingKind as K
from branchdesk.domain.roster.membership import BranchMove, branch_on, branch_periods
from branchdesk.domain.vocabulary import DisciplineKind
from branchdesk.services.errors import RuleViolation
from branchdesk.services.meetings.calendar import talk_coverage_for
from branchdesk.services.meetings.records import default_attendees
from branchdesk.services.roster.checks import check_organisation
from branchdesk.services.roster.membership import (
    list_discipline,
    mark_left_unit,
    move_branch,
    record_discipline,
)
from tests.meetings.helpers import OTHER, make_branch

MOVED = date(2026, 5, 1)


def test_branch_periods_at_the_boundary() -> None:
    periods = branch_periods(2, [BranchMove(MOVED, 1, 2)])
    assert branch_on(periods, date(2026, 4, 30)) == 1
    assert branch_on(periods, MOVED) == 2 and branch_on(periods, date(2026, 5, 2)) == 2
    assert branch_periods(5, []) == ((None, None, 5),)


@pytest.fixture
def branch(db):  # type: ignore[no-untyped-def]
    return make_branch(db)


def test_a_moved_member_is_on_each_branch_sheet_for_its_own_days(db, branch) -> None:  # type: ignore[no-untyped-def]
    zhao = branch.members["赵一"]
    move_branch(db, zhao, branch.other_id, MOVED, "工作调整")
    for day, old, new in ((date(2026, 4, 30), True, False), (MOVED, False, True), (date(2026, 5, 2), False, True)):
        on_old = {a.member_id for a in default_attendees(db, branch.id, day, (K.CONGRESS,))}
        on_new = {a.member_id for a in default_attendees(db, branch.other_id, day, (K.CONGRESS,))}
        assert (zhao in on_old, zhao in on_new) == (old, new), day
    assert zhao in {p.id for p in talk_coverage_for(db, branch.other_id, 2026, as_of=date(2026, 6, 1)).people}
    assert zhao not in {p.id for p in talk_coverage_for(db, branch.id, 2026, as_of=date(2026, 6, 1)).people}
    with pytest.raises(RuleViolation, match="应晚于"):
        move_branch(db, zhao, branch.id, date(2026, 4, 1))


def test_left_unit_without_transfer_is_reminded(db, branch) -> None:  # type: ignore[no-untyped-def]
    mark_left_unit(db, branch.members["钱二"], date(2026, 9, 1), "县实验小学")
    found = [f for f in check_organisation(db, year=2026, as_of=date(2026, 12, 1)) if f.rule == "TRANSFER-RELATION"]
    assert [f.person for f in found] == ["钱二"] and found[0].source == "教育条例 第二十五条"


def test_discipline_is_recorded_with_its_period(db, branch) -> None:  # type: ignore[no-untyped-def]
    member = branch.members["孙三"]
    record_discipline(db, member, DisciplineKind.PROBATION, date(2026, 1, 5), date(2027, 1, 5), "违反工作纪律")
    assert [r.kind for r in list_discipline(db, member)] == ["留党察看"]
    with pytest.raises(RuleViolation):
        record_discipline(db, member, DisciplineKind.PROBATION, date(2026, 1, 5), date(2026, 1, 5))


@pytest.mark.parametrize(("founded", "dissolved", "day", "judged"), [
    (date(2026, 7, 1), None, date(2026, 6, 30), False), (date(2026, 7, 1), None, date(2026, 7, 1), True),
    (date(2026, 7, 1), None, date(2026, 7, 2), True),
    (None, date(2026, 6, 30), date(2026, 6, 29), True), (None, date(2026, 6, 30), date(2026, 6, 30), False),
    (None, date(2026, 6, 30), date(2026, 7, 1), False)])
def test_a_branch_is_judged_only_while_it_exists(db, branch, founded, dissolved, day, judged) -> None:  # type: ignore[no-untyped-def]
    """组织建设 findings of a branch (here: one 正式党员, fewer than three) from its 成立日期 and before its
    撤销日期 only (issue 16, item 8)."""
    from branchdesk.services.records_start import set_branch_dates

    set_branch_dates(db, branch.other_id, founded, dissolved)
    found = {f.branch for f in check_organisation(db, year=2026, as_of=day) if f.rule == "ORG-MIN-MEMBERS"}
    assert (OTHER in found) is judged


def test_an_imported_sheet_is_derived_from_the_dated_roster(db, branch) -> None:  # type: ignore[no-untyped-def]
    """A ledger kept by counts: the attendance derived from 应到/实到/缺席 uses the branch's roster on the
    day, so a member who moved is on the old branch's sittings before the move and the new one's from it."""
    from branchdesk.services.meetings.attendance import Audiences

    zhao = branch.members["赵一"]
    move_branch(db, zhao, branch.other_id, MOVED, "工作调整")
    with db.session() as session:
        audiences = Audiences(session)
    for day, old, new in ((date(2026, 4, 30), True, False), (MOVED, False, True), (date(2026, 5, 2), False, True)):
        on_old = {p.member_id for p in audiences.on(branch.id, None, (K.CONGRESS.value,), day)}
        on_new = {p.member_id for p in audiences.on(branch.other_id, None, (K.CONGRESS.value,), day)}
        assert (zhao in on_old, zhao in on_new) == (old, new), day


def test_a_moved_member_stays_in_the_old_groups_sittings_before_the_move(db, branch) -> None:  # type: ignore[no-untyped-def]
    """TV-1: a member moved by 支部调整 is on the 党小组会 sheets of the group he left for the days before
    the move (their 应到 counts him), and on no group's sheets of the old branch after it."""
    from branchdesk.services.meetings.attendance import Audiences

    zhao, group = branch.members["赵一"], branch.group_ids["数学党小组"]
    move_branch(db, zhao, branch.other_id, MOVED, "工作调整")
    for day, expected in ((date(2026, 4, 30), True), (MOVED, False)):
        sheet = {a.member_id for a in default_attendees(db, branch.id, day, (K.GROUP,), group)}
        with db.session() as session:
            derived = {e.member_id for e in Audiences(session).on(branch.id, group, (K.GROUP,), day)}
        assert (zhao in sheet, zhao in derived) == (expected, expected), day
    others = {a.member_id for a in default_attendees(db, branch.id, date(2026, 4, 30), (K.GROUP,),
                                                     branch.group_ids["语文党小组"])}
    assert zhao not in others


def test_the_group_on_a_day_follows_the_moves() -> None:
    from branchdesk.domain.roster.membership import group_on

    moves = [BranchMove(date(2026, 3, 1), 1, 2, group_before=11), BranchMove(date(2026, 9, 1), 2, 3, group_before=None)]
    assert group_on(31, moves, date(2026, 2, 28)) == 11
    assert group_on(31, moves, date(2026, 3, 1)) is None  # in branch 2 without a group, as the history says
    assert group_on(31, moves, date(2026, 9, 1)) == 31
    assert group_on(31, [], date(2020, 1, 1)) == 31


def test_the_group_left_is_read_by_the_moved_members_history_not_the_whole_history(db, branch) -> None:  # type: ignore[no-untyped-def]
    """TV-1's 党小组 left is looked up in 修改记录 on every sign-in sheet and calendar: each read goes by
    the index on (table, record) — a search by time alone read every member's history, seconds on a
    district's database of ten years."""
    from sqlalchemy import event

    from branchdesk.services.shared_reads import load_branch_moves

    zhao, group = branch.members["赵一"], branch.group_ids["数学党小组"]
    move_branch(db, zhao, branch.other_id, MOVED, "工作调整")
    if db.engine.dialect.name != "sqlite":
        pytest.skip("the query plan is read from SQLite")
    seen: list[tuple[str, object]] = []

    def keep(_conn, _cursor, statement, parameters, _context, _many) -> None:  # type: ignore[no-untyped-def]
        if "change_log" in statement and statement.lstrip().upper().startswith("SELECT"):
            seen.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", keep)
    try:
        with db.session() as session:
            assert load_branch_moves(session)[zhao][0].group_before == group
    finally:
        event.remove(db.engine, "before_cursor_execute", keep)
    assert seen
    with db.engine.connect() as connection:
        for statement, parameters in seen:
            plan = " ".join(str(row[-1]) for row in connection.exec_driver_sql(
                f"EXPLAIN QUERY PLAN {statement}", parameters))  # type: ignore[arg-type]
            assert "(table_name=? AND record_id=?)" in plan, (statement, plan)


def test_the_roster_of_a_day_reads_only_the_branchs_members_and_those_it_lost_or_gained(db, branch) -> None:  # type: ignore[no-untyped-def]
    """members_on fills every sign-in sheet: once any member of the school had moved it loaded the whole
    school's roster (2,500 members of a district's database) for each sheet; it reads the branch's own
    members and the members a 支部调整 took out of it or brought into it."""
    from sqlalchemy import event

    from branchdesk.db.models import Member
    from branchdesk.domain.idcard import make_id_number
    from branchdesk.domain.roster.records import MemberInput
    from branchdesk.domain.vocabulary import OrgKind
    from branchdesk.services.roster.organisation import create_org, list_orgs
    from branchdesk.services.roster.records import members_on, save_member

    top = next(o for o in list_orgs(db) if o.kind == OrgKind.COMMITTEE.value)
    create_org(db, "第三党支部", OrgKind.BRANCH, top.id)
    save_member(db, MemberInput(name="冯五", id_number=make_id_number("140202", date(1985, 3, 3), 55, male=True),
                                branch="第三党支部", category="正式党员", join_date=date(2010, 7, 1),
                                full_date=date(2011, 7, 1)))
    zhao = branch.members["赵一"]
    move_branch(db, zhao, branch.other_id, MOVED, "工作调整")
    loaded: list[str] = []

    def keep(target, _context) -> None:  # type: ignore[no-untyped-def]
        loaded.append(target.name)

    event.listen(Member, "load", keep)
    try:
        before = {m.id for m in members_on(db, branch.id, date(2026, 4, 30))}
        after = {m.id for m in members_on(db, branch.id, MOVED)}
    finally:
        event.remove(Member, "load", keep)
    assert zhao in before and zhao not in after and before - after == {zhao}
    assert "冯五" not in loaded and "老党员" not in loaded, loaded
