"""Setting up the exchange (issue 20): the set-up file holds the organisation, that branch's roster
and the committee's key; a branch that already kept records on its own joins without duplicates;
the roles keep to their side."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from branchdesk.db.models import CommitteePost, Member, Organisation, Setting
from branchdesk.domain.meetings.sitting import MeetingInput
from branchdesk.services import recycle_bin
from branchdesk.services.errors import ServiceError
from branchdesk.services.exchange import records as exchange
from branchdesk.services.meetings import records as meetings
from tests.exchange.exchange_helpers import (
    add_branch_site,
    edit_member,
    export,
    make_committee,
    member,
    open_db,
    send,
)


def _count(db, model, *where) -> int:  # type: ignore[no-untyped-def]
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(model).where(*where))


def test_setup_file_holds_the_organisation_roster_and_key(tmp_path: Path) -> None:
    committee = make_committee(tmp_path / "党委.sqlite", {"第一党支部": 4, "第二党支部": 3})
    setup, code = add_branch_site(committee, "第一党支部", tmp_path)
    assert b"\xe7\xac\xac\xe4\xb8\x80\xe5\x85\x9a\xe5\x91\x98" not in setup.read_bytes()  # 第一党员: encrypted
    preview = exchange.preview_setup(setup)
    assert preview.branch == "第一党支部" and preview.fingerprint == exchange.exchange_status(committee).fingerprint
    branch = open_db(tmp_path / "支部.sqlite")
    result = exchange.join(branch, setup, code)
    assert result.fingerprint == preview.fingerprint and result.counts["members"] == 4
    assert _count(branch, Member) == 4  # that branch's roster only
    names = {o.name for o in _orgs(branch)}
    assert {"中共青山镇中心学校委员会", "第一党支部", "第二党支部", "第一党小组"} <= names  # the tree, read-only
    assert _count(branch, Organisation, Organisation.kind == "党小组") == 1  # not the other branch's group
    with pytest.raises(ServiceError, match="已经是数据交换站点"):
        exchange.join(branch, setup, code)
    with pytest.raises(ServiceError, match="只有党委的数据库"):
        exchange.add_site(branch, "第一党支部", tmp_path / "x.bdsetup")
    with pytest.raises(ServiceError, match="还没有上报过数据包"):
        exchange.export_package(committee, tmp_path / "early.bdpkg")
    with pytest.raises(ServiceError, match="找不到党支部"):
        exchange.add_site(committee, "第九党支部", tmp_path / "x.bdsetup")


def _orgs(db):  # type: ignore[no-untyped-def]
    with db.session() as s:
        rows = s.scalars(select(Organisation)).all()
        for row in rows:
            s.expunge(row)
        return rows


def test_a_branch_that_kept_records_alone_joins_without_duplicates(tmp_path: Path) -> None:
    committee = make_committee(tmp_path / "党委.sqlite", {"第一党支部": 3})
    with committee.session() as s:
        s.add(Setting(key="school_name", value="青山镇中心学校"))
        secretary = s.scalars(select(Member).where(Member.name == "第一党员1")).one()
        s.add(CommitteePost(org_id=secretary.branch_id, member_id=secretary.id, post="书记"))
    branch = open_db(tmp_path / "支部.sqlite")
    with branch.session() as s:  # the same school typed in by the branch secretary a year earlier
        s.add(Setting(key="school_name", value="青山镇中心校"))
        top = Organisation(name="中共青山镇中心学校委员会", kind="党委", note="本支部录入")
        s.add(top)
        s.flush()
        own = Organisation(name="第一党支部", kind="党支部", parent_id=top.id, note="本支部录入")
        s.add(own)
        s.flush()
        s.add(Member(name="第一党员1", id_number="Q00000000000000001", branch_id=own.id, category="正式党员",
                     join_date=date(2010, 7, 1), phone="13900000000"))  # differs from the committee's
        s.add(Member(name="本支部党员", id_number="Q00000000000000077", branch_id=own.id, category="正式党员",
                     join_date=date(2019, 7, 1)))
        branch_id = own.id
    meetings.save_meeting(branch, MeetingInput(branch_id=branch_id, kinds=("主题党日",), date=date(2026, 3, 5),
                                                       topic="学习会", content="学习讨论"))
    setup, code = add_branch_site(committee, "第一党支部", tmp_path)
    result = exchange.join(branch, setup, code)
    assert result.notes == [  # one line per kind, not one per record (trial 9)
        "有 2 条党组织（中共青山镇中心学校委员会、第一党支部）两边都新建过，已按同一条记录合并",
        "有 2 条党组织（中共青山镇中心学校委员会、第一党支部）本机原有的内容已改为党委的",
        "有 1 条设置（学校名称）本机原有的内容已改为党委的",
        "有 1 条党员（第一党员1）两边都新建过，已按同一条记录合并"]
    assert _count(branch, Organisation, Organisation.kind == "党委") == 1
    assert _count(branch, Organisation, Organisation.kind == "党支部") == 1
    assert _count(branch, Member) == 4  # 3 from the committee (one of them was here) + its own
    # a record naming the member both sides had finds ours (its id is the committee's now)
    assert _count(branch, CommitteePost, CommitteePost.member_id == member(branch, "第一党员1").id) == 1
    assert result.conflicts == 1  # 第一党员1: the same person, two different copies
    [view] = exchange.list_conflicts(branch)
    assert view.kind == "两边各新建了同一条记录" and "第一党员1" in view.label
    with branch.session() as s:
        assert s.get(Setting, "school_name").value == "青山镇中心学校"
    exchange.resolve_conflict(branch, view.id, "local")
    assert send(branch, committee, tmp_path).ok
    assert member(committee, "第一党员1").phone == "13900000000"  # the branch's decision travelled
    assert member(committee, "本支部党员").branch_id == member(committee, "第一党员2").branch_id
    assert "学习会" in {m.topic for m in meetings.list_meetings(committee)}
    with committee.session() as s:  # the committee renames the school later: no conflict on the branch
        s.get(Setting, "school_name").value = "青山镇中心学校（九年一贯制）"
    down = send(committee, branch, tmp_path)
    assert down.ok, down.to_text()
    with branch.session() as s:
        assert s.get(Setting, "school_name").value == "青山镇中心学校（九年一贯制）"


def test_records_both_sides_typed_in_alike_are_no_conflict(tmp_path: Path) -> None:
    """Trial 9: a branch PC that imported the same 花名册 as the committee (every branch, its own
    last) joins without a conflict per member and without refusing its own 党小组 — two copies
    created at different times, holding the same data, are one record."""
    from datetime import datetime

    committee = make_committee(tmp_path / "党委.sqlite", {"第一党支部": 1, "第二党支部": 1})
    branch = open_db(tmp_path / "支部.sqlite")
    earlier = datetime(2026, 9, 1, 8, 0)
    with branch.session() as s:
        top = Organisation(name="中共青山镇中心学校委员会", kind="党委", note="", created_at=earlier)
        s.add(top)
        s.flush()
        for order, name in enumerate(("第一党支部", "第二党支部")):
            s.add(Organisation(name=name, kind="党支部", parent_id=top.id, sort_order=order, note="",
                               created_at=earlier))
        s.flush()
        own = s.scalars(select(Organisation).where(Organisation.name == "第二党支部")).one()
        group = Organisation(name="第一党小组", kind="党小组", parent_id=own.id, note="", created_at=earlier)
        s.add(group)
        s.flush()
        secretary = Member(name="第二党员2", id_number="Q00000000000000002", branch_id=own.id, group_id=group.id,
                           category="正式党员", join_date=date(2010, 7, 1), status="在册", created_at=earlier)
        s.add(secretary)
        s.flush()
        s.add(CommitteePost(org_id=own.id, member_id=secretary.id, post="书记", created_at=earlier))
    with committee.session() as s:  # the 花名册's 党内职务, imported on both sides
        secretary = s.scalars(select(Member).where(Member.name == "第二党员2")).one()
        s.add(CommitteePost(org_id=secretary.branch_id, member_id=secretary.id, post="书记"))
    setup, code = add_branch_site(committee, "第二党支部", tmp_path)
    result = exchange.join(branch, setup, code)
    assert result.conflicts == 0
    assert result.notes == [
        "有 4 条党组织（中共青山镇中心学校委员会、第一党小组、第一党支部、第二党支部）两边都新建过，已按同一条记录合并",
        "有 1 条党员（第二党员2）两边都新建过，已按同一条记录合并",
        "有 1 条支委任职（书记）两边都新建过，已按同一条记录合并"]
    assert _count(branch, CommitteePost) == 1
    assert send(branch, committee, tmp_path).ok
    assert _count(committee, Member) == 2
    assert _count(committee, CommitteePost) == 1


def test_a_record_added_and_deleted_for_good_before_it_travelled(tmp_path: Path) -> None:
    committee = make_committee(tmp_path / "党委.sqlite")
    setup, code = add_branch_site(committee, "第一党支部", tmp_path)
    branch = open_db(tmp_path / "支部.sqlite")
    exchange.join(branch, setup, code)
    assert send(branch, committee, tmp_path).ok
    with branch.session() as s:
        s.add(Member(name="录错的人", id_number="Q00000000000000055", branch_id=member(branch, "第一党员1").branch_id,
                     category="正式党员", join_date=date(2020, 1, 1)))
    recycle_bin.move_to_bin(branch, "members", member(branch, "录错的人").id)
    recycle_bin.empty(branch, confirm=True)
    edit_member(branch, "第一党员2", phone="13100000000")
    result = exchange.import_package(committee, export(branch, tmp_path))
    assert result.ok, result.message
    assert member(committee, "第一党员2").phone == "13100000000"
    assert _count(committee, Member, Member.name == "录错的人") == 0
