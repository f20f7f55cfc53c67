"""支部调整 in the 数据包 (trial 9, T9-1): the dated record of a member's move between two branches of
the school is kept by both — the branch left and the branch joined — so each branch's PC keeps its
earlier sign-in sheets right; a move between two other branches reaches neither PC. And a branch's PC
checks only its own branch: what it holds of another (the member who moved there, the organisation
tree) says nothing about that branch."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from branchdesk.db.models import (
    DuesPayment,
    DuesPaymentMonth,
    Member,
    MemberDiscipline,
    MemberMove,
    Organisation,
    StudyRecord,
)
from branchdesk.services.checks import run_checks
from branchdesk.services.errors import RuleViolation
from branchdesk.services.roster import membership
from branchdesk.services.roster.records import members_on
from tests.exchange.exchange_helpers import edit_member, join_branch, meeting_with, member, org_id, send

ON = date(2025, 9, 1)


def _moves(db, name: str) -> list[tuple[date, str, str]]:  # type: ignore[no-untyped-def]
    return [(m.on, m.from_branch, m.to_branch) for m in membership.list_branch_moves(db, member(db, name).id)]


def _on_roster(db, branch: str, day: date) -> set[str]:  # type: ignore[no-untyped-def]
    return {r.name for r in members_on(db, org_id(db, branch), day)}


def test_a_move_out_of_the_branch_reaches_its_pc(joined, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    committee, branch = joined
    membership.move_branch(committee, member(committee, "第一党员1").id, org_id(committee, "第二党支部"), ON, "工作调动")
    assert send(committee, branch, tmp_path, to="第一党支部").ok
    assert _moves(branch, "第一党员1") == [(ON, "第一党支部", "第二党支部")]
    assert member(branch, "第一党员1").branch_id == org_id(branch, "第二党支部")
    # the branch's earlier sheets keep the member; from the move on, the member is no longer its
    assert "第一党员1" in _on_roster(branch, "第一党支部", ON - timedelta(days=1))
    assert "第一党员1" not in _on_roster(branch, "第一党支部", ON)
    # a correction of the move made at the committee reaches the branch too …
    with committee.session() as s:
        move = s.scalars(select(MemberMove)).one()
        move.reason = "工作调动（校内）"
    assert send(committee, branch, tmp_path, to="第一党支部").ok
    assert [m.reason for m in membership.list_branch_moves(branch, member(branch, "第一党员1").id)] == ["工作调动（校内）"]
    # … and nothing travels back up that came down
    assert send(branch, committee, tmp_path).counts.get("member_moves", 0) == 0


def test_a_move_undone_at_the_committee_is_undone_on_the_branch_pc(joined, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.services.roster.member_events import delete_branch_move

    committee, branch = joined
    who = member(committee, "第一党员1").id
    membership.move_branch(committee, who, org_id(committee, "第二党支部"), ON)
    assert send(committee, branch, tmp_path, to="第一党支部").ok
    assert send(branch, committee, tmp_path).ok
    [move] = membership.list_branch_moves(committee, who)
    delete_branch_move(committee, move.id)  # saved by mistake: to the recycle bin, the member returns
    assert send(committee, branch, tmp_path, to="第一党支部").ok
    assert _moves(branch, "第一党员1") == []
    assert member(branch, "第一党员1").branch_id == org_id(branch, "第一党支部")
    assert "第一党员1" in _on_roster(branch, "第一党支部", ON)


def test_a_move_made_on_the_branch_pc_goes_up_and_on_to_the_branch_joined(  # type: ignore[no-untyped-def]
        joined, tmp_path: Path) -> None:
    committee, first = joined
    second = join_branch(committee, "第二党支部", tmp_path)
    try:
        assert send(second, committee, tmp_path).ok  # its first 上报: the committee learns its key
        membership.move_branch(first, member(first, "第一党员2").id, org_id(first, "第二党支部"), ON)
        assert send(first, committee, tmp_path).ok
        assert _moves(committee, "第一党员2") == [(ON, "第一党支部", "第二党支部")]
        assert member(committee, "第一党员2").branch_id == org_id(committee, "第二党支部")
        # the branch joined gets the member and the move: before it, the member was not its
        assert send(committee, second, tmp_path, to="第二党支部").ok
        assert _moves(second, "第一党员2") == [(ON, "第一党支部", "第二党支部")]
        assert "第一党员2" in _on_roster(second, "第二党支部", ON)
        assert "第一党员2" not in _on_roster(second, "第二党支部", ON - timedelta(days=1))
    finally:
        second.close()


def _history(db, name: str, day: date) -> None:  # type: ignore[no-untyped-def]
    """A member's own records (those that belong where the member does): a 转入, a 党纪处分, study
    records and a dues payment with its month."""
    with db.session() as s:
        who = s.scalars(select(Member).where(Member.name == name)).one()
        s.add(MemberMove(member_id=who.id, kind="转入", move_date=day, counterpart="县教育局党委"))
        s.add(MemberDiscipline(member_id=who.id, kind="警告", decided_on=day, reason="迟交党费"))
        s.add(StudyRecord(member_id=who.id, study_date=day, hours=Decimal(4), form="网络培训", title="专题学习"))
        payment = DuesPayment(member_id=who.id, paid_on=day, amount=Decimal("20.00"))
        s.add(payment)
        s.flush()
        s.add(DuesPaymentMonth(payment_id=payment.id, member_id=who.id, month=day.year * 100 + day.month,
                               amount=Decimal("20.00")))


def _own_records(db, name: str) -> dict[str, int]:  # type: ignore[no-untyped-def]
    with db.session() as s:
        who = s.scalars(select(Member.id).where(Member.name == name)).first()  # None: not here at all
        return {model.__tablename__: s.scalar(select(func.count()).select_from(model).where(model.member_id == who))
                for model in (MemberMove, MemberDiscipline, StudyRecord, DuesPayment, DuesPaymentMonth)}


def test_a_member_moved_into_the_branch_brings_their_records(joined, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    committee, branch = joined
    _history(committee, "第二党员5", date(2024, 3, 1))  # recorded while the member was the second branch's
    assert send(committee, branch, tmp_path, to="第一党支部").ok  # nothing of it goes to the first …
    assert send(branch, committee, tmp_path).ok  # … which confirms: the next package starts after it
    assert _own_records(branch, "第二党员5") == {"member_moves": 0, "member_discipline": 0, "study_records": 0,
                                                  "dues_payments": 0, "dues_payment_months": 0}
    membership.move_branch(committee, member(committee, "第二党员5").id, org_id(committee, "第一党支部"), ON)
    assert send(committee, branch, tmp_path, to="第一党支部").ok
    assert member(branch, "第二党员5").branch_id == org_id(branch, "第一党支部")
    assert _own_records(branch, "第二党员5") == _own_records(committee, "第二党员5") == {
        "member_moves": 2, "member_discipline": 1, "study_records": 1, "dues_payments": 1, "dues_payment_months": 1}
    assert "第二党员5" in _on_roster(branch, "第一党支部", ON)
    assert "第二党员5" not in _on_roster(branch, "第一党支部", ON - timedelta(days=1))
    # now the first branch's: a correction made on its PC goes up
    with branch.session() as s:
        study = s.scalars(select(StudyRecord)).one()
        study.note = "补记"
    assert send(branch, committee, tmp_path).ok
    with committee.session() as s:
        assert s.scalars(select(StudyRecord.note)).one() == "补记"


def test_a_member_moved_on_a_branch_pc_brings_their_records_to_the_branch_joined(  # type: ignore[no-untyped-def]
        joined, tmp_path: Path) -> None:
    committee, first = joined
    second = join_branch(committee, "第二党支部", tmp_path)
    try:
        assert send(second, committee, tmp_path).ok
        _history(first, "第一党员3", date(2024, 3, 1))
        assert send(first, committee, tmp_path).ok
        assert send(committee, second, tmp_path, to="第二党支部").ok  # nothing of it goes to the second …
        assert send(second, committee, tmp_path).ok  # … which confirms: the next package starts after it
        assert _own_records(second, "第一党员3")["study_records"] == 0
        membership.move_branch(first, member(first, "第一党员3").id, org_id(first, "第二党支部"), ON)
        assert send(first, committee, tmp_path).ok
        assert send(committee, second, tmp_path, to="第二党支部").ok
        assert _own_records(second, "第一党员3") == {"member_moves": 2, "member_discipline": 1, "study_records": 1,
                                                      "dues_payments": 1, "dues_payment_months": 1}
    finally:
        second.close()


def test_a_move_between_two_other_branches_reaches_neither_pc(joined, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    committee, branch = joined
    with committee.session() as s:
        top = s.scalars(select(Organisation).where(Organisation.kind == "党委")).one()
        s.add(Organisation(name="第三党支部", kind="党支部", parent_id=top.id, sort_order=3, note=""))
    membership.move_branch(committee, member(committee, "第二党员5").id, org_id(committee, "第三党支部"), ON)
    assert send(committee, branch, tmp_path, to="第一党支部").ok
    with branch.session() as s:
        assert s.scalar(select(func.count()).select_from(MemberMove)) == 0


def test_a_branch_pc_checks_only_its_own_branch(joined, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    committee, branch = joined
    # the branch's PC now holds a member of the second branch (the one who moved there)
    membership.move_branch(committee, member(committee, "第一党员1").id, org_id(committee, "第二党支部"), ON)
    assert send(committee, branch, tmp_path, to="第一党支部").ok
    findings = run_checks(branch, year=2026, as_of=date(2026, 12, 4))
    assert findings and {f.branch for f in findings} <= {"第一党支部", None, ""}
    assert any(f.branch == "第一党支部" for f in findings)
    # the committee still checks every branch
    assert {"第一党支部", "第二党支部"} <= {f.branch for f in run_checks(committee, year=2026, as_of=date(2026, 12, 4))}
    with pytest.raises(RuleViolation, match="只保存"):
        run_checks(branch, year=2026, as_of=date(2026, 12, 4), branch="第二党支部")
    assert run_checks(branch, year=2026, as_of=date(2026, 12, 4), branch="第一党支部") == findings


def test_check_on_a_branch_pc_for_another_branch_says_it_cannot_know(joined, capsys) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.cli.main import main

    _committee, branch = joined
    path = str(branch.path)
    branch.close()
    assert main(["check", "--year", "2026", "--as-of", "2026-12-04", "--db", path, "--branch", "第二党支部"]) == 1
    out = capsys.readouterr().out
    assert "只保存本支部的记录" in out and "无法检查“第二党支部”" in out
    assert main(["check", "--year", "2026", "--as-of", "2026-12-04", "--db", path]) == 0
    out = capsys.readouterr().out
    assert "第一党支部" in out and "第二党支部" not in out


def test_the_year_end_volume_on_a_branch_pc_is_that_branch_s(joined, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.services.annual_report.records import gather_report

    committee, branch = joined
    membership.move_branch(committee, member(committee, "第一党员1").id, org_id(committee, "第二党支部"), ON)
    assert send(committee, branch, tmp_path, to="第一党支部").ok
    data = gather_report(branch, 2026, generated_on=date(2026, 12, 4))
    assert data.branch == "第一党支部" and data.scope == "第一党支部"
    with pytest.raises(RuleViolation, match="只保存"):
        gather_report(branch, 2026, branch="第二党支部", generated_on=date(2026, 12, 4))
    assert gather_report(committee, 2026, generated_on=date(2026, 12, 4)).scope == "全校"


def test_a_move_into_the_branch_undone_before_any_package_reaches_it(joined, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.services.exchange import records as exchange
    from branchdesk.services.roster.member_events import delete_branch_move

    committee, branch = joined
    who = member(committee, "第二党员5").id
    membership.move_branch(committee, who, org_id(committee, "第一党支部"), ON)  # by mistake …
    exchange.exchange_status(committee)  # (the committee looks at its packages in between)
    [move] = membership.list_branch_moves(committee, who)
    delete_branch_move(committee, move.id)  # … and undone: the member never was the first branch's
    result = send(committee, branch, tmp_path, to="第一党支部")
    assert result.ok, result
    with branch.session() as s:
        assert s.scalar(select(func.count()).select_from(Member).where(Member.name == "第二党员5")) == 0
        assert s.scalar(select(func.count()).select_from(MemberMove)) == 0


def test_a_member_put_into_the_branch_and_back_before_any_package_reaches_it(  # type: ignore[no-untyped-def]
        joined, tmp_path: Path) -> None:
    """Without a 支部调整 (the roster's branch edited): the member's departure reaches a PC that never
    had the member, and is passed over (it was refused: "members.name 缺少值")."""
    from branchdesk.services.exchange import records as exchange
    from tests.exchange.exchange_helpers import edit_member

    committee, branch = joined
    edit_member(committee, "第二党员5", branch_id=org_id(committee, "第一党支部"), group_id=None)
    exchange.exchange_status(committee)
    edit_member(committee, "第二党员5", branch_id=org_id(committee, "第二党支部"), group_id=None)
    result = send(committee, branch, tmp_path, to="第一党支部")
    assert result.ok, result.message
    with branch.session() as s:
        assert s.scalar(select(func.count()).select_from(Member).where(Member.name == "第二党员5")) == 0


def test_a_member_moved_on_twice_before_a_package_reaches_the_first_branch(  # type: ignore[no-untyped-def]
        joined, tmp_path: Path) -> None:
    from branchdesk.services.exchange import records as exchange

    committee, branch = joined
    with committee.session() as s:
        top = s.scalars(select(Organisation).where(Organisation.kind == "党委")).one()
        s.add(Organisation(name="第三党支部", kind="党支部", parent_id=top.id, sort_order=3, note=""))
    who = member(committee, "第一党员1").id
    membership.move_branch(committee, who, org_id(committee, "第二党支部"), ON)
    exchange.exchange_status(committee)  # (the committee looks at its packages in between)
    membership.move_branch(committee, who, org_id(committee, "第三党支部"), ON + timedelta(days=30))
    result = exchange.export_package(committee, tmp_path / "下发.bdpkg", to="第一党支部")
    assert not result.held_back
    assert exchange.import_package(branch, result.path).ok
    assert member(branch, "第一党员1").branch_id == org_id(branch, "第三党支部")  # it learns the member left
    assert _moves(branch, "第一党员1") == [(ON, "第一党支部", "第二党支部")]  # the move that concerns it
    assert "第一党员1" in _on_roster(branch, "第一党支部", ON - timedelta(days=1))
    assert "第一党员1" not in _on_roster(branch, "第一党支部", ON)


def test_a_new_set_up_file_after_a_move_out_carries_the_member_and_the_move(  # type: ignore[no-untyped-def]
        joined, tmp_path: Path) -> None:
    """T9-24: the branch changes PC (add-site --replace) after a member moved out of it. The set-up
    file carries what 下发 packages would have brought over time: the 支部调整 and the member it is
    about, so the branch's earlier sign-in sheets still name who signed; joining says nothing per row."""
    from branchdesk.db.models import MeetingAttendance
    from branchdesk.services.exchange import records as exchange
    from tests.exchange.exchange_helpers import open_db

    committee, branch = joined
    meeting_with(committee, "第一党支部", "第一党员1", ON - timedelta(days=30))
    membership.move_branch(committee, member(committee, "第一党员1").id, org_id(committee, "第二党支部"), ON)
    assert send(committee, branch, tmp_path, to="第一党支部").ok
    setup = exchange.add_site(committee, "第一党支部", tmp_path / "新.bdsetup", replace=True)
    assert setup.counts.get("member_moves") == 1
    new = open_db(tmp_path / "新电脑.sqlite")
    try:
        joined_result = exchange.join(new, setup.path, setup.code)
        assert not joined_result.notes, joined_result.notes
        assert "member_moves" in joined_result.counts
        for db in (branch, new):
            assert _moves(db, "第一党员1") == [(ON, "第一党支部", "第二党支部")]
            assert member(db, "第一党员1").branch_id == org_id(db, "第二党支部")
            assert "第一党员1" in _on_roster(db, "第一党支部", ON - timedelta(days=1))
            assert "第一党员1" not in _on_roster(db, "第一党支部", ON)
            with db.session() as s:
                signed = s.execute(select(MeetingAttendance.name, MeetingAttendance.member_id)).all()
            assert [(n, i) for n, i in signed] == [("第一党员1", member(db, "第一党员1").id)]
        assert send(new, committee, tmp_path).ok  # the new PC's first 上报 is taken
    finally:
        new.close()


def test_references_to_records_not_here_are_summed_up_in_one_line(joined) -> None:  # type: ignore[no-untyped-def]
    """T9-24 (a): a package whose sign-in rows name a member this PC does not hold is told in one
    plain line per kind of reference, not one line per row."""
    import uuid

    from branchdesk.db.models import Meeting
    from branchdesk.services.exchange.merge import Merger
    from branchdesk.services.exchange.serialise import Reader
    from branchdesk.services.exchange.state import load_peers, load_site
    from branchdesk.services.exchange.tables import registry

    committee, branch = joined
    for day in (date(2026, 3, 5), date(2026, 4, 5), date(2026, 5, 5)):
        meeting_with(committee, "第一党支部", "第一党员1", day)
    with committee.engine.connect() as connection:
        gids = [row[0] for row in connection.execute(select(Meeting.gid))]
        units, _blocked = Reader(connection).units(registry()["meetings"], gids)
    unknown = uuid.uuid4().hex  # a member the branch's PC never had
    for unit in units.values():
        unit["vv"] = {uuid.uuid4().hex: 1}
        for entry in unit["kids"]["meeting_attendance"]:
            entry["row"]["member_id"] = unknown
    with branch.session() as s:
        connection = s.connection()
        site = load_site(connection)
        assert site is not None
        [peer] = load_peers(connection)
        outcome = Merger(s, site, peer, 9).run(list(units.values()))
        s.rollback()
    assert outcome.applied == {"meetings": 3}
    assert outcome.notes == ["有 3 条出席记录（第一党员1）所指的党员本机没有，这一项保留了本机原有的内容，其余内容已合并。"]


def _group_of(db, name: str) -> str | None:  # type: ignore[no-untyped-def]
    with db.session() as s:
        who = s.scalars(select(Member).where(Member.name == name)).one()
        group = s.get(Organisation, who.group_id) if who.group_id is not None else None
        return None if group is None else f"{s.get(Organisation, group.parent_id).name} {group.name}"


def _group_count(db, branch: str) -> int:  # type: ignore[no-untyped-def]
    from branchdesk.services.roster.organisation import get_tree

    [root] = get_tree(db)
    [node] = [child for child in root.children if child.name == branch]
    [group] = node.children
    return group.member_count


def test_a_member_moved_out_has_no_group_of_the_branch_left(joined, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Trial 9 (刘立新): a 党小组 is its branch's (ORG-GROUPS, domain.md §1). The branch left hears
    where the member went, and no longer keeps them in its 党小组 — after a 下发 as on a PC set up
    anew; the 上报 that follows does not erase the member's new 党小组 at the committee."""
    from branchdesk.services.exchange import records as exchange
    from tests.exchange.exchange_helpers import open_db

    committee, branch = joined
    assert _group_count(branch, "第一党支部") == 4
    with committee.session() as s:
        second = s.scalars(select(Organisation.id).where(Organisation.name == "第二党支部")).one()
        new_group = s.scalars(select(Organisation.id).where(Organisation.parent_id == second)).one()
    membership.move_branch(committee, member(committee, "第一党员1").id, second, ON, group_id=new_group)
    assert send(committee, branch, tmp_path, to="第一党支部").ok
    assert member(branch, "第一党员1").branch_id == org_id(branch, "第二党支部")
    assert _group_of(branch, "第一党员1") is None  # the second branch's 党小组 are not kept here
    assert _group_count(branch, "第一党支部") == 3
    edit_member(branch, "第一党员2", phone="13100000000")  # something for the 上报 to carry
    up = send(branch, committee, tmp_path)
    assert up.ok and up.counts.get("members") == 1
    assert _group_of(committee, "第一党员1") == "第二党支部 第一党小组"
    assert _group_count(committee, "第二党支部") == 4
    setup = exchange.add_site(committee, "第一党支部", tmp_path / "新.bdsetup", replace=True)
    new = open_db(tmp_path / "新电脑.sqlite")
    try:
        exchange.join(new, setup.path, setup.code)
        assert _group_of(new, "第一党员1") is None
        assert _group_count(new, "第一党支部") == 3
    finally:
        new.close()


def test_a_group_kept_by_an_older_version_is_left_at_the_next_package(  # type: ignore[no-untyped-def]
        joined, tmp_path: Path) -> None:
    """A branch PC that took the 下发 of a move before the fix above kept the member in its 党小组
    (ORG-GROUPS). The next package it receives takes them out, with a line in the import's notes and
    in 修改记录; nothing of it goes up, and the member's new group at the committee stays."""
    from sqlalchemy import update

    from branchdesk.services.history import record_history

    committee, branch = joined
    with committee.session() as s:
        second = s.scalars(select(Organisation.id).where(Organisation.name == "第二党支部")).one()
        new_group = s.scalars(select(Organisation.id).where(Organisation.parent_id == second)).one()
    membership.move_branch(committee, member(committee, "第一党员1").id, second, ON, group_id=new_group)
    assert send(committee, branch, tmp_path, to="第一党支部").ok
    old_group = org_id(branch, "第一党小组", "党小组")
    with branch.engine.begin() as connection:  # the row as an older version left it: no line in 修改记录
        connection.execute(update(Member.__table__).where(Member.__table__.c.name == "第一党员1")
                           .values(group_id=old_group))
    assert _group_of(branch, "第一党员1") == "第一党支部 第一党小组"
    assert _group_count(branch, "第一党支部") == 4

    result = send(committee, branch, tmp_path, to="第一党支部")  # a package with nothing in it for her
    assert result.ok
    assert _group_of(branch, "第一党员1") is None
    assert _group_count(branch, "第一党支部") == 3
    assert [n for n in result.notes if "党小组" in n] == [
        "有 1 名党员已调往其他党支部，仍在本支部的党小组中，已移出：第一党员1（第一党小组）"]
    entry = record_history(branch, "members", member(branch, "第一党员1").id)[0]  # (newest first)
    assert (entry.action, entry.field) == ("修改", "党小组")
    assert (entry.old, entry.new) == (str(old_group), "")
    assert "下发数据包：" in entry.user and entry.user.endswith("，移出原支部的党小组）")

    again = send(committee, branch, tmp_path, to="第一党支部")  # done once
    assert again.ok and not [n for n in again.notes if "党小组" in n]
    edit_member(branch, "第一党员2", phone="13100000000")
    up = send(branch, committee, tmp_path)
    assert up.ok and up.counts.get("members") == 1  # the repair is no change of the branch's to send
    assert _group_of(committee, "第一党员1") == "第二党支部 第一党小组"


def test_a_member_whose_move_is_in_conflict_keeps_her_group(joined, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The repair above leaves alone a member whose roster entry is still this branch's: her move came
    with a 下发 while her entry, edited here too, is in conflict — until a person decides, she is in
    her group (keeping this PC's version must not cost her the group)."""
    committee, branch = joined
    membership.move_branch(committee, member(committee, "第一党员1").id, org_id(committee, "第二党支部"), ON)
    edit_member(branch, "第一党员1", phone="13100000000")
    down = send(committee, branch, tmp_path, to="第一党支部")
    assert down.status == "merged" and down.conflicts == 1
    assert member(branch, "第一党员1").branch_id == org_id(branch, "第一党支部")
    assert _group_of(branch, "第一党员1") == "第一党支部 第一党小组"
    assert not [n for n in down.notes if "党小组" in n]


def test_a_move_that_came_down_keeps_the_group_left_for_the_days_before(joined, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """TV-1 on a branch PC: a 支部调整 made at the committee arrives in a 下发 whose merge writes the member
    (new branch, the old branch's 党小组 cleared) before the move itself; the sittings before the move
    still list the member in the 党小组 left (shared_reads.groups_left)."""
    committee, branch = joined
    who = "第一党员1"
    group = member(branch, who).group_id
    assert group is not None
    membership.move_branch(committee, member(committee, who).id, org_id(committee, "第二党支部"), ON)
    assert send(committee, branch, tmp_path, to="第一党支部").ok
    before = {r.name: r.group_id for r in members_on(branch, org_id(branch, "第一党支部"), ON - timedelta(days=1))}
    assert before[who] == group
