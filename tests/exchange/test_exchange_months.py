"""Committee and branches exchanging packages both ways over simulated months (issue 20): each side
works with the ordinary services, packages travel by file, and after every round both sides hold the
same data for each branch — and nothing of another branch."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from branchdesk.db.models import Member, MemberMove, Setting, StudyRecord
from branchdesk.domain.meetings.sitting import MeetingInput
from branchdesk.services import recycle_bin
from branchdesk.services.exchange import records as exchange
from branchdesk.services.history import record_history
from branchdesk.services.meetings import records as meetings
from tests.exchange.exchange_helpers import (
    branch_gid,
    edit_member,
    export,
    join_branch,
    make_committee,
    member,
    org_id,
    send,
    snapshot,
)


def _theme_day(db, branch: str, day: date, topic: str) -> int:  # type: ignore[no-untyped-def]
    branch_id = org_id(db, branch)
    attendees = meetings.default_attendees(db, branch_id, day, ("主题党日",))
    data = MeetingInput(branch_id=branch_id, kinds=("主题党日",), date=day, topic=topic, place="会议室",
                        host="书记", recorder="组织委员", content=f"{topic}：学习讨论", attendees=attendees)
    return meetings.save_meeting(db, data).record.id


def _add_study(db, name: str, day: date, hours: int) -> None:  # type: ignore[no-untyped-def]
    with db.session() as s:
        who = s.scalars(select(Member).where(Member.name == name)).one()
        s.add(StudyRecord(member_id=who.id, study_date=day, hours=hours, form="网络培训", title=f"{day:%m}月网络专题"))


def _opened(db, path: Path) -> list[dict]:  # type: ignore[no-untyped-def,type-arg]
    """The records inside a package, read with the recipient's key."""
    from branchdesk.services.exchange.envelope import PACKAGE_MAGIC, open_package, parse
    from branchdesk.services.exchange.state import load_site

    with db.engine.connect() as connection:
        site = load_site(connection)
    return json.loads(open_package(parse(path.read_bytes(), PACKAGE_MAGIC), site.keys.box_private))["units"]


def _same(a, b, owners: set[str]) -> None:  # type: ignore[no-untyped-def]
    left, right = snapshot(a, owners), snapshot(b, owners)
    assert left.keys() == right.keys(), (set(left) ^ set(right))
    different = [gid for gid in left if left[gid] != right[gid]]
    assert not different, [(left[g], right[g]) for g in different[:2]]


def test_two_databases_over_six_months(tmp_path: Path) -> None:
    committee = make_committee(tmp_path / "党委.sqlite", {"第一党支部": 5, "第二党支部": 3})
    branch = join_branch(committee, "第一党支部", tmp_path)
    own = {branch_gid(committee, "第一党支部"), "*"}
    with committee.session() as s:
        s.add(Setting(key="school_name", value="青山镇中心学校"))
        s.add(Setting(key="backup.folder", value="D:/党委备份"))  # this PC's own: never travels
    meeting_ids: list[int] = []
    for month in range(1, 7):
        day = date(2026, month, 10)
        meeting_ids.append(_theme_day(branch, "第一党支部", day, f"{month}月主题党日"))
        edit_member(branch, "第一党员1", phone=f"1380000000{month}")
        _add_study(branch, "第一党员2", day, 8)
        if month == 2:
            edit_member(committee, "第一党员3", note="党委更正：入党日期核实无误")
        if month == 3:
            meetings.delete_meeting(branch, meeting_ids[0], reason="重复录入")  # into the recycle bin
        if month == 4:
            with committee.session() as s:  # 转入: the committee records a member who joins the branch
                new = Member(name="转入党员", id_number="Q00000000000000099", branch_id=org_id(committee, "第一党支部"),
                             category="正式党员", join_date=date(2015, 7, 1), status="在册")
                s.add(new)
                s.flush()
                s.add(MemberMove(member_id=new.id, kind="转入", move_date=day, counterpart="县教育局党委"))
        if month == 5:
            recycle_bin.empty(branch, [("meetings", meeting_ids[0])], confirm=True)  # deleted for good
        up = send(branch, committee, tmp_path)
        assert up.status == "merged" and up.ok, up.to_text()
        down = send(committee, branch, tmp_path)
        assert down.status == "merged" and down.ok, down.to_text()
        _same(committee, branch, own)
    assert member(committee, "第一党员1").phone == "13800000006"
    assert member(branch, "第一党员3").note.startswith("党委更正")
    assert member(branch, "转入党员").status == "在册"
    own_branch = org_id(branch, "第一党支部")
    with branch.session() as s:
        assert s.get(Setting, "school_name").value == "青山镇中心学校"
        assert s.get(Setting, "backup.folder") is None
        assert s.scalar(select(func.count()).select_from(Member).where(
            Member.branch_id != own_branch)) == 0  # nothing of the second branch
    with committee.session() as s:
        assert s.scalar(select(func.count()).select_from(StudyRecord)) == 6
    # the first meeting was deleted for good on the branch: gone on the committee too, not left behind
    listed = meetings.list_meetings(committee)
    assert "1月主题党日" not in {m.topic for m in listed}
    assert len([m for m in listed if m.topic.endswith("主题党日")]) == 5
    # every package of each side was confirmed by the other, except the last 下发 (no reply yet)
    status = exchange.exchange_status(branch)
    assert status.ok and status.peers[0].confirmed == status.peers[0].sent
    status = exchange.exchange_status(committee)
    peer = status.peers[0]
    assert (peer.sent, peer.confirmed, peer.received) == (7, 6, 6)
    assert peer.unconfirmed_changes == 0 or peer.unconfirmed_changes >= 0
    # 修改记录 on the committee names the package that brought the phone number
    history = record_history(committee, "members", member(committee, "第一党员1").id, masked=False)
    assert any("上报数据包：第一党支部" in entry.user and entry.new == "13800000006" for entry in history)
    history = record_history(branch, "members", member(branch, "第一党员3").id)
    assert any("下发数据包" in entry.user and entry.field == "备注" for entry in history)


def test_three_databases_keep_each_branch_apart(tmp_path: Path) -> None:
    committee = make_committee(tmp_path / "党委.sqlite", {"第一党支部": 4, "第二党支部": 4})
    first = join_branch(committee, "第一党支部", tmp_path)
    second = join_branch(committee, "第二党支部", tmp_path)
    first_gid, second_gid = branch_gid(committee, "第一党支部"), branch_gid(committee, "第二党支部")
    for month in (3, 4, 5):
        _theme_day(first, "第一党支部", date(2026, month, 8), f"一支部{month}月主题党日")
        _theme_day(second, "第二党支部", date(2026, month, 9), f"二支部{month}月主题党日")
        edit_member(first, "第一党员1", position=f"{month}月 语文教师")
        edit_member(second, "第二党员5", position=f"{month}月 数学教师")
        edit_member(committee, "第一党员2", note=f"{month}月 党委核对")
        edit_member(committee, "第二党员6", note=f"{month}月 党委核对")
        for branch in (first, second):
            assert send(branch, committee, tmp_path).ok
        for name, branch in (("第一党支部", first), ("第二党支部", second)):
            assert send(committee, branch, tmp_path, to=name).ok
    _same(committee, first, {first_gid, "*"})
    _same(committee, second, {second_gid, "*"})
    assert not snapshot(first, {second_gid}) and not snapshot(second, {first_gid})
    # and the package itself, opened with the first branch's key, holds nothing of the second
    edit_member(committee, "第二党员6", note="只给第二支部")
    edit_member(committee, "第一党员2", note="只给第一支部")
    units = _opened(first, export(committee, tmp_path, to="第一党支部"))
    names = {u["row"].get("name") for u in units if u["t"] == "members"}
    assert "第一党员2" in names and not any(str(n).startswith("第二") for n in names)
    assert not any(second_gid in json.dumps(u) for u in units if u["t"] != "organisations")
    titles = {m.topic for m in meetings.list_meetings(first)}
    assert titles == {f"一支部{m}月主题党日" for m in (3, 4, 5)}
    # a member moves from the first branch to the second (组织关系 within the school)
    edit_member(committee, "第一党员1", branch_id=org_id(committee, "第二党支部"), group_id=None)
    assert send(committee, second, tmp_path, to="第二党支部").ok
    assert send(committee, first, tmp_path, to="第一党支部").ok
    assert member(second, "第一党员1").branch_id == org_id(second, "第二党支部")
    assert member(first, "第一党员1").branch_id == org_id(first, "第二党支部")  # it learns of the move, once
    edit_member(committee, "第一党员1", phone="13911112222")  # now the second branch's: not sent to the first
    assert send(committee, first, tmp_path, to="第一党支部").ok
    assert member(first, "第一党员1").phone != "13911112222"
    assert send(committee, second, tmp_path, to="第二党支部").ok
    assert member(second, "第一党员1").phone == "13911112222"
    _same(committee, second, {second_gid, "*"})


def test_import_twice_older_and_lost_packages(tmp_path: Path) -> None:
    committee = make_committee(tmp_path / "党委.sqlite")
    branch = join_branch(committee, "第一党支部", tmp_path)
    edit_member(branch, "第一党员1", phone="1")
    first = export(branch, tmp_path)
    edit_member(branch, "第一党员1", phone="2")
    second = export(branch, tmp_path)  # carries everything not confirmed: the first is inside it
    edit_member(branch, "第一党员2", phone="3")
    third = export(branch, tmp_path)
    assert exchange.import_package(committee, second).status == "merged"
    assert member(committee, "第一党员1").phone == "2"
    again = exchange.import_package(committee, second)
    assert again.status == "already" and "已经合并过" in again.message
    late = exchange.import_package(committee, first)  # lost, then found after the next one arrived
    assert late.status == "already" and "较旧" in late.message
    assert member(committee, "第一党员1").phone == "2"
    assert exchange.import_package(committee, third).status == "merged"
    assert member(committee, "第一党员2").phone == "3"


def test_restored_receiver_refuses_then_catches_up(tmp_path: Path) -> None:
    """A branch PC restored from an older backup has not merged what the committee's next package
    builds on: that package is refused, naming the missing ones; one round trip later all is well."""
    import shutil

    committee = make_committee(tmp_path / "党委.sqlite")
    branch = join_branch(committee, "第一党支部", tmp_path)
    assert send(branch, committee, tmp_path).ok  # keys known to the committee
    path = branch.path
    assert path is not None
    branch.close()
    shutil.copy(path, tmp_path / "备份.sqlite")
    from tests.exchange.exchange_helpers import open_db

    branch = open_db(path)
    edit_member(committee, "第一党员1", note="二月更正")
    assert send(committee, branch, tmp_path).ok  # 下发 #2
    assert send(branch, committee, tmp_path).ok  # its 上报 confirms #2
    edit_member(committee, "第一党员1", note="三月更正")
    package = export(committee, tmp_path)  # 下发 #3 builds on #2
    branch.close()
    shutil.copy(tmp_path / "备份.sqlite", path)  # the branch PC is restored to before #2
    branch = open_db(path)
    refused = exchange.import_package(branch, package)
    assert refused.status == "refused" and refused.reason == "missing"
    assert "第 2 号" in refused.message
    assert not exchange.exchange_status(branch).ok
    edit_member(branch, "第一党员4", phone="13700000000")  # work goes on meanwhile
    reply = send(branch, committee, tmp_path)  # tells the committee it has only #1
    assert reply.status == "merged"
    assert any("恢复过备份" in note for note in reply.notes)
    assert send(committee, branch, tmp_path).ok  # everything since #1 again
    assert member(branch, "第一党员1").note == "三月更正"
    assert member(committee, "第一党员4").phone == "13700000000"
    assert exchange.exchange_status(branch).ok


@pytest.mark.parametrize("choice", ["local", "remote"])
def test_conflict_shown_with_both_versions_and_resolved_once(tmp_path: Path, choice: str) -> None:
    committee = make_committee(tmp_path / "党委.sqlite")
    branch = join_branch(committee, "第一党支部", tmp_path)
    assert send(branch, committee, tmp_path).ok
    edit_member(branch, "第一党员2", phone="13500000001", position="语文教师")
    edit_member(committee, "第一党员2", phone="13500000002")
    up = send(branch, committee, tmp_path)
    assert up.status == "merged" and up.conflicts == 1 and not up.ok
    assert member(committee, "第一党员2").phone == "13500000002"  # never overwritten silently
    down = send(committee, branch, tmp_path)
    assert down.conflicts == 1 and member(branch, "第一党员2").phone == "13500000001"
    [view] = exchange.list_conflicts(committee)
    assert view.table == "党员" and "第一党员2" in view.label and view.peer == "第一党支部"
    diffs = {d.field: (d.local, d.remote) for d in view.differing}
    assert diffs["联系电话"] == ("135****0002", "135****0001")  # masked as everywhere (issue 21)
    [full] = exchange.list_conflicts(committee, masked=False)
    assert {d.field: (d.local, d.remote) for d in full.differing}["联系电话"] == ("13500000002", "13500000001")
    assert diffs["工作岗位"][1] == "语文教师"
    assert view.local_changed and "数据包第" in view.remote_changed
    assert not exchange.exchange_status(committee).ok
    exchange.resolve_conflict(committee, view.id, choice)
    expected = "13500000002" if choice == "local" else "13500000001"
    assert member(committee, "第一党员2").phone == expected
    done = send(committee, branch, tmp_path)
    assert done.closed == 1 and done.conflicts == 0
    assert member(branch, "第一党员2").phone == expected
    assert exchange.list_conflicts(branch) == [] and exchange.list_conflicts(committee) == []
    assert send(branch, committee, tmp_path).ok
    own = {branch_gid(committee, "第一党支部"), "*"}
    _same(committee, branch, own)
    assert exchange.exchange_status(committee).ok and exchange.exchange_status(branch).ok


def test_same_change_on_both_sides_is_no_conflict(tmp_path: Path) -> None:
    committee = make_committee(tmp_path / "党委.sqlite")
    branch = join_branch(committee, "第一党支部", tmp_path)
    assert send(branch, committee, tmp_path).ok
    edit_member(branch, "第一党员1", phone="13600000000")
    edit_member(committee, "第一党员1", phone="13600000000")
    assert send(branch, committee, tmp_path).conflicts == 0
    assert send(committee, branch, tmp_path).conflicts == 0


def test_soft_delete_travels_as_a_deletion(tmp_path: Path) -> None:
    committee = make_committee(tmp_path / "党委.sqlite")
    branch = join_branch(committee, "第一党支部", tmp_path)
    assert send(branch, committee, tmp_path).ok
    who = member(branch, "第一党员3")
    recycle_bin.move_to_bin(branch, "members", who.id)
    assert send(branch, committee, tmp_path).ok
    assert member(committee, "第一党员3").deleted_at is not None
    assert any(item.label == "第一党员3" for item in recycle_bin.list_deleted(committee))
    recycle_bin.restore(committee, "members", member(committee, "第一党员3").id)
    assert send(committee, branch, tmp_path).ok
    assert member(branch, "第一党员3").deleted_at is None
    assert isinstance(datetime.now(), datetime)


def test_identical_edits_joined_then_a_later_edit_is_no_conflict(tmp_path: Path) -> None:
    """Both sides typed the same phone number: no conflict, and the versions are joined on both
    sides, so the next edit on either side simply follows on."""
    committee = make_committee(tmp_path / "党委.sqlite")
    branch = join_branch(committee, "第一党支部", tmp_path)
    assert send(branch, committee, tmp_path).ok
    edit_member(branch, "第一党员1", phone="13600000000")
    edit_member(committee, "第一党员1", phone="13600000000")
    assert send(branch, committee, tmp_path).conflicts == 0  # the committee joins the two versions …
    assert send(committee, branch, tmp_path).conflicts == 0  # … and tells the branch
    edit_member(branch, "第一党员1", phone="13600000001")
    assert send(branch, committee, tmp_path).conflicts == 0
    assert member(committee, "第一党员1").phone == "13600000001"
    edit_member(committee, "第一党员1", phone="13600000002")
    assert send(committee, branch, tmp_path).conflicts == 0
    assert member(branch, "第一党员1").phone == "13600000002"
