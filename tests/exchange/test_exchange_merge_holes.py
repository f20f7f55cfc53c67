"""Holes found by reading the merge (NOTE11 "Left" → "Exchange"), each shown with a package signed with
the branch's real keys:

- a member or a meeting placed under one of the sender's 党小组 or under the 党委 (a member and a
  meeting belong to a 党支部; a 党小组 is part of its 党支部, domain.md ORG-GROUPS): refused whole;
- a record deleted for good (彻底删除) here that a package still has (the branch restored it from its
  回收站 after the committee's deletion came down): held as a conflict for a person to decide, neither
  re-created silently nor dropped silently.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from branchdesk.db.models import Meeting, Member, Organisation
from branchdesk.services import recycle_bin
from branchdesk.services.exchange import records as exchange
from branchdesk.services.meetings import records as meetings
from branchdesk.services.roster import membership
from tests.exchange.exchange_helpers import branch_gid, export, meeting_with, member, org_id, send
from tests.exchange.test_exchange_forged_owners import _committee_gid, _gid_of, _sealed
from tests.exchange.test_exchange_tampering import _refused

ON = date(2026, 3, 2)


def _group_gid(db: Any, branch: str) -> str:
    return _gid_of(db, Organisation, Organisation.kind == "党小组", Organisation.parent_id == org_id(db, branch))


@pytest.mark.parametrize("where", ["group", "committee", "other-group"])
@pytest.mark.parametrize("what", ["member", "meeting", "new-member"])
def test_a_member_or_meeting_placed_under_a_group_or_the_committee_is_refused(
        joined: Any, tmp_path: Path, what: str, where: str) -> None:
    """The services refuse a 党小组 or the 党委 as a member's or a meeting's 党支部, and a 党小组 of
    another 党支部 as its 党小组 (roster, meetings forms); so does the merge. A 党小组 of the sender's own branch would pass the ownership check
    (its records are the sender's), and the 党委 the check of a meeting (a branch's PC may hand a
    meeting on)."""
    committee, branch = joined
    if what == "meeting":
        meeting_with(branch, "第一党支部", "第一党员1", ON)
        assert send(branch, committee, tmp_path).ok
    with branch.session() as s:
        if what == "member":
            record: Any = s.scalars(select(Member).where(Member.name == "第一党员1")).one()
            record.phone = "13900000001"
        elif what == "meeting":
            record = s.scalars(select(Meeting)).one()
            record.topic = "专题学习（更正）"
        else:
            record = Member(name="新党员", id_number="Q00000000000000077", branch_id=org_id(branch, "第一党支部"),
                            category="正式党员", join_date=date(2020, 7, 1), status="在册")
            s.add(record)
            s.flush()
        gid = record.gid
    change = {"group": {"branch_id": _group_gid(committee, "第一党支部")},
              "committee": {"branch_id": _committee_gid(committee)},
              "other-group": {"group_id": _group_gid(committee, "第二党支部")}}[where]  # (in 第一党支部)
    crafted = _sealed(committee, branch, tmp_path, [], {gid: change})
    result = _refused(committee, crafted, "scope")
    assert "已拒收" in result.message and "党支部" in result.message, result.message
    assert ("党委" if where == "committee" else "第一党小组") in result.message, result.message
    model: Any = Meeting if what == "meeting" else Member
    second_group = _group_gid(committee, "第二党支部")
    with committee.session() as s:
        found = s.execute(select(model.branch_id, model.group_id).where(model.gid == gid)).first()
        second = s.scalars(select(Organisation.id).where(Organisation.gid == second_group)).one()
    assert found is None or (found[0] == org_id(committee, "第一党支部") and found[1] != second)
    assert send(branch, committee, tmp_path).ok  # the edit, sent as made, merges


def _restored_after_the_committee_deleted_him(committee, branch, folder: Path) -> str:  # type: ignore[no-untyped-def]
    """The branch reported 录错的人; the 党委 deleted him for good (彻底删除: wrongly reported); the
    deletion came down while a sitting of the branch not yet sent names him, so the branch's PC put
    him in its 回收站 — and the secretary restored him from there. Returns his gid."""
    with branch.session() as s:
        s.add(Member(name="录错的人", id_number="Q00000000000000066", branch_id=org_id(branch, "第一党支部"),
                     category="正式党员", join_date=date(2020, 7, 1), status="在册"))
    assert send(branch, committee, folder).ok
    meeting_with(branch, "第一党支部", "录错的人", ON)
    wrong = member(committee, "录错的人")
    recycle_bin.move_to_bin(committee, "members", wrong.id)
    recycle_bin.empty(committee, [("members", wrong.id)], confirm=True)
    down = send(committee, branch, folder)
    assert down.ok, down.to_text()
    assert any(item.label == "录错的人" for item in recycle_bin.list_deleted(branch))
    recycle_bin.restore(branch, "members", member(branch, "录错的人").id)
    return wrong.gid


def _members_named(db: Any, name: str) -> int:
    with db.session() as s:
        return len(s.scalars(select(Member.id).where(Member.name == name)).all())


def test_a_member_deleted_for_good_here_and_restored_there_is_held_as_a_conflict(joined, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """What the 党委 expects: its deletion is not undone behind its back, nor the branch's copy lost —
    the package's copy waits as a conflict, named in the import's report, for the 党委 to decide."""
    committee, branch = joined
    gid = _restored_after_the_committee_deleted_him(committee, branch, tmp_path)
    result = exchange.import_package(committee, export(branch, tmp_path))
    assert result.status == "merged", result.message
    assert _members_named(committee, "录错的人") == 0  # not re-created
    assert result.conflicts == 1 and result.conflict_gids == [gid]
    text = result.to_text()
    assert "录错的人" in text and "彻底删除" in text, text
    [conflict] = exchange.list_conflicts(committee)
    assert "录错的人" in conflict.label and not conflict.local_exists
    # the sitting that names him merged (the sign-in row keeps his name)
    assert [m.topic for m in meetings.list_meetings(committee)] == ["专题学习"]
    # 保留本机版本: the deletion stands, and goes down to the branch
    exchange.resolve_conflict(committee, conflict.id, "local")
    assert _members_named(committee, "录错的人") == 0
    assert send(committee, branch, tmp_path).status == "merged"
    assert exchange.list_conflicts(committee) == []


def test_taking_the_branch_s_copy_of_a_member_deleted_here_brings_him_back(joined, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    committee, branch = joined
    _restored_after_the_committee_deleted_him(committee, branch, tmp_path)
    assert exchange.import_package(committee, export(branch, tmp_path)).conflicts == 1
    [conflict] = exchange.list_conflicts(committee)
    exchange.resolve_conflict(committee, conflict.id, "remote")
    assert member(committee, "录错的人").branch_id == org_id(committee, "第一党支部")
    assert exchange.list_conflicts(committee) == []
    assert send(committee, branch, tmp_path).status == "merged"
    assert member(branch, "录错的人").deleted_at is None


def _study(db: Any, name: str, title: str) -> str:
    from branchdesk.db.models import StudyRecord

    with db.session() as s:
        who = s.scalars(select(Member).where(Member.name == name)).one()
        record = StudyRecord(member_id=who.id, study_date=ON, hours=8, form="网络培训", title=title)
        s.add(record)
        s.flush()
        return str(record.gid)


def _payment(db: Any, name: str) -> str:
    from decimal import Decimal

    from branchdesk.db.models import DuesPayment

    with db.session() as s:
        who = s.scalars(select(Member).where(Member.name == name)).one()
        record = DuesPayment(member_id=who.id, paid_on=ON, amount=Decimal("36.00"), receipt_no="NO.1")
        s.add(record)
        s.flush()
        return str(record.gid)


def _whose(db: Any, table: str, gid: str) -> str:
    from branchdesk.db.models import DuesPayment, StudyRecord

    model: Any = StudyRecord if table == "study_records" else DuesPayment
    with db.session() as s:
        return str(s.scalars(select(Member.name).join(model, model.member_id == Member.id).where(model.gid == gid)).one())


@pytest.mark.parametrize("table", ["study_records", "dues_payments"])
def test_a_record_re_pointed_to_another_branch_s_member_is_refused(joined: Any, tmp_path: Path, table: str) -> None:
    """A study record or a 党费 payment of the branch's own member, re-pointed to a member the branch
    never had (第二党支部's): it would count in another branch's 学时 or 党费. Refused whole."""
    committee, branch = joined
    gid = _study(branch, "第一党员2", "专题网络培训") if table == "study_records" else _payment(branch, "第一党员2")
    assert send(branch, committee, tmp_path).ok
    from branchdesk.db.models import DuesPayment, StudyRecord

    with branch.session() as s:
        if table == "study_records":
            s.scalars(select(StudyRecord).where(StudyRecord.gid == gid)).one().title = "专题网络培训（更正）"
        else:
            s.scalars(select(DuesPayment).where(DuesPayment.gid == gid)).one().receipt_no = "NO.2"
    crafted = _sealed(committee, branch, tmp_path, [], {gid: {"member_id": member(committee, "第二党员5").gid}})
    result = _refused(committee, crafted, "scope")
    assert "第二党员5" in result.message and "第一党员2" in result.message and "已拒收" in result.message, result.message
    assert _whose(committee, table, gid) == "第一党员2"
    assert send(branch, committee, tmp_path).ok


def test_a_study_record_re_pointed_to_a_member_who_left_the_branch_waits_for_the_committee(
        joined: Any, tmp_path: Path) -> None:
    """The 党委 moved 第一党员3 to 第二党支部; the branch's PC still has her (its earlier sheets name
    her), and its form lets the secretary put a study record of 第一党员2 under her name. Taken as it
    comes, 第二党支部's 学时 would change behind its back; so the package's copy waits as a conflict,
    named in the report, for the 党委 to take or leave."""
    from branchdesk.domain.study_hours.records import StudyInput
    from branchdesk.services.study_hours import records as study

    committee, branch = joined
    gid = _study(branch, "第一党员2", "专题网络培训")
    assert send(branch, committee, tmp_path).ok
    membership.move_branch(committee, member(committee, "第一党员3").id, org_id(committee, "第二党支部"), ON)
    assert send(committee, branch, tmp_path).ok
    [record] = [r for r in study.list_study_records(branch) if r.title == "专题网络培训"]
    study.save_study_record(branch, StudyInput(member(branch, "第一党员3").id, ON, "8", "网络培训", "专题网络培训"),
                            record.id)
    result = exchange.import_package(committee, export(branch, tmp_path))
    assert result.status == "merged", result.message
    assert result.conflict_gids == [gid]
    text = result.to_text()
    assert "专题网络培训" in text and "第一党支部" in text and "冲突" in text, text
    assert _whose(committee, "study_records", gid) == "第一党员2"
    [conflict] = exchange.list_conflicts(committee)
    exchange.resolve_conflict(committee, conflict.id, "remote")  # the 党委 agrees
    assert _whose(committee, "study_records", gid) == "第一党员3"
    assert exchange.list_conflicts(committee) == []


def _copy_of(db: Any, table: str, gid: str) -> dict[str, Any]:
    from branchdesk.services.exchange.serialise import Reader
    from branchdesk.services.exchange.tables import registry

    with db.engine.connect() as connection:
        units, _ = Reader(connection).units(registry()[table], [gid])
    return dict(units[gid])


def _forged_copy(committee: Any, branch: Any, folder: Path, table: str, gid: str, change: dict[str, Any],
                 copy: dict[str, Any] | None = None, *, heard: bool = False) -> Path:
    """The branch's next genuine 上报 with the committee's copy of record `gid` added, `change` written
    into it and a version made without having seen ours (both sides changed it: a conflict at the
    committee, not a write) — or, `heard`, following on from ours (written as it comes); sealed with
    the branch's keys."""
    import json

    from branchdesk.services.exchange.envelope import PACKAGE_MAGIC, open_package, parse, seal_package
    from branchdesk.services.exchange.state import load_site, load_units
    from tests.exchange.test_exchange_tampering import _site_keys

    path = export(branch, folder)
    parsed = parse(path.read_bytes(), PACKAGE_MAGIC)
    with committee.engine.connect() as connection:
        keys = load_site(connection).keys
        ours = load_units(connection, [gid]).get(gid)
    payload = json.loads(open_package(parsed, keys.box_private))
    known = ours.vv if heard and ours is not None else {}
    unit = {**(copy or _copy_of(committee, table, gid)), "vv": {**known, "f" * 32: 10**13}}
    unit["row"].update(change)
    payload["units"] = [*(u for u in payload["units"] if u["g"] != gid), unit]
    header = {**parsed.header, "seq": int(parsed.header["seq"]) + 1}
    crafted = folder / "crafted-copy.bdpkg"
    crafted.write_bytes(seal_package(header, json.dumps(payload).encode(), _site_keys(branch), keys.box_public))
    return crafted


def _kept_remote_refused(committee: Any, crafted: Path | None, *words: str) -> None:
    """The forged copy is a conflict (`crafted` imported; None: already); 采用对方版本 is refused in words
    naming what it would do, the conflict stays open and 保留本机版本 settles it."""
    from branchdesk.services.errors import RuleViolation

    if crafted is not None:
        result = exchange.import_package(committee, crafted)
        assert result.status == "merged" and result.conflicts == 1, result.to_text()
    [conflict] = exchange.list_conflicts(committee)
    with pytest.raises(RuleViolation) as refused:
        exchange.resolve_conflict(committee, conflict.id, "remote")
    message = str(refused.value)
    assert "没有采用对方版本" in message and all(word in message for word in words), message
    assert [c.id for c in exchange.list_conflicts(committee)] == [conflict.id]
    exchange.resolve_conflict(committee, conflict.id, "local")
    assert exchange.list_conflicts(committee) == []


def test_keeping_a_forged_copy_that_moves_another_branch_s_group_is_refused(joined: Any, tmp_path: Path) -> None:
    """第二党支部's 党小组 put under 第一党支部 by a copy made before the sender heard of ours: a
    conflict (both sides changed it), and 采用对方版本 must not move it — the tree above the groups
    is the 党委's, and a branch's PC only keeps its own 党小组."""
    committee, branch = joined
    gid = _group_gid(committee, "第二党支部")
    crafted = _forged_copy(committee, branch, tmp_path, "organisations", gid,
                           {"parent_id": branch_gid(committee, "第一党支部"), "name": "第九党小组"})
    _kept_remote_refused(committee, crafted, "第二党支部", "第一党支部")
    second = org_id(committee, "第二党支部")
    with committee.session() as s:
        group = s.scalars(select(Organisation).where(Organisation.gid == gid)).one()
        assert (group.parent_id, group.name) == (second, "第一党小组")


def test_keeping_a_forged_move_that_became_a_conflict_is_refused(joined: Any, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """The 党委 moved 第二党员5 into 第一党支部 (its 支部调整 came down). A copy of that 支部调整 turned
    round (第一党支部 → 第二党支部), made before the sender heard of ours, is refused at the import now
    (test_a_move_turned_round_without_the_member_is_refused); a version before that check kept it as
    a conflict. Taking it would have the roster read him out of 第一党支部 while he is in it, with no
    change to him — a branch change is the member's 支部调整 and his 所在党支部 together (N-1's rule,
    the other way)."""
    from branchdesk.db.models import MemberMove
    from branchdesk.services.exchange.scope_check import ScopeCheck

    committee, branch = joined
    membership.move_branch(committee, member(committee, "第二党员5").id, org_id(committee, "第一党支部"), ON, "工作调动")
    assert send(committee, branch, tmp_path).ok
    with committee.session() as s:
        gid = s.scalars(select(MemberMove.gid).where(MemberMove.reason == "工作调动")).one()
    crafted = _forged_copy(committee, branch, tmp_path, "member_moves", gid,
                           {"from_branch_id": branch_gid(committee, "第一党支部"),
                            "to_branch_id": branch_gid(committee, "第二党支部")})
    assert _refused(committee, crafted, "scope")
    with monkeypatch.context() as older:  # as a version before the check: a conflict
        older.setattr(ScopeCheck, "_move_leads_to_member", lambda *args: None)
        assert exchange.import_package(committee, crafted).conflicts == 1
    _kept_remote_refused(committee, None, "第二党员5", "支部调整")
    assert member(committee, "第二党员5").branch_id == org_id(committee, "第一党支部")
    [move] = membership.list_branch_moves(committee, member(committee, "第二党员5").id)
    assert move.reason == "工作调动"


def test_a_move_turned_round_without_the_member_is_refused(joined: Any, tmp_path: Path) -> None:
    """The 党委 moved 第二党员5 into 第一党支部. A copy of that 支部调整 turned round (第一党支部 →
    第二党支部), following on from ours, with no change to him: rosters read from the moves would put
    him out of the branch he is in (domain/roster/membership.py). A branch's own move out goes up with
    his 所在党支部 changed in the same package (test_exchange_moves); this one is refused whole."""
    from branchdesk.db.models import MemberMove

    committee, branch = joined
    membership.move_branch(committee, member(committee, "第二党员5").id, org_id(committee, "第一党支部"), ON, "工作调动")
    assert send(committee, branch, tmp_path).ok
    with committee.session() as s:
        gid = s.scalars(select(MemberMove.gid).where(MemberMove.reason == "工作调动")).one()
    crafted = _forged_copy(committee, branch, tmp_path, "member_moves", gid,
                           {"from_branch_id": branch_gid(committee, "第一党支部"),
                            "to_branch_id": branch_gid(committee, "第二党支部")}, heard=True)
    result = _refused(committee, crafted, "scope")
    assert "第二党员5" in result.message and "支部调整" in result.message, result.message
    [move] = membership.list_branch_moves(committee, member(committee, "第二党员5").id)
    assert move.reason == "工作调动"
    assert send(branch, committee, tmp_path).ok


def test_keeping_a_copy_of_a_member_deleted_here_under_another_branch_is_refused(joined: Any, tmp_path: Path) -> None:
    """The 党委 deleted 第一党员4 for good; a copy changed before the sender heard of it is a conflict.
    Taking it brings him back only as 第一党支部's, whose he was here — not as another branch's."""
    committee, branch = joined
    gone = member(committee, "第一党员4")
    copy = _copy_of(committee, "members", gone.gid)
    recycle_bin.move_to_bin(committee, "members", gone.id)
    recycle_bin.empty(committee, [("members", gone.id)], confirm=True)
    crafted = _forged_copy(committee, branch, tmp_path, "members", gone.gid,
                           {"branch_id": branch_gid(committee, "第二党支部"), "group_id": None}, copy)
    _kept_remote_refused(committee, crafted, "第一党员4", "第一党支部", "第二党支部")
    assert _members_named(committee, "第一党员4") == 0


def test_a_gap_reason_is_named_by_its_group_and_month(joined: Any, tmp_path: Path) -> None:
    """The package's report and its conflicts name a reason for a missed 党小组会 as a person looks for
    it — by its 党小组 and its month — not as "会议缺漏说明 党小组会" (NOTE11); here the conflict left
    by a copy changed on both sides, and the note of a reason whose 党小组 this PC does not have."""
    from branchdesk.db.models import MeetingExemption
    from branchdesk.domain.meetings.records import MeetingKind
    from branchdesk.services.meetings.calendar import save_exemption

    committee, branch = joined
    here = org_id(branch, "第一党支部")
    save_exemption(branch, here, MeetingKind.GROUP, "2025-02", "寒假期间党员分散，3月补开", group="第一党小组")
    save_exemption(branch, here, MeetingKind.GROUP, "2025-03", "全支部参加区教研活动")
    assert send(branch, committee, tmp_path).ok
    with committee.session() as s:
        gid = s.scalars(select(MeetingExemption.gid).where(MeetingExemption.period == "2025-02")).one()
    crafted = _forged_copy(committee, branch, tmp_path, "meeting_exemptions", gid, {"reason": "寒假"})
    assert exchange.import_package(committee, crafted).conflicts == 1
    [conflict] = exchange.list_conflicts(committee)
    assert conflict.label == "会议缺漏说明 第一党小组 2025年2月 党小组会", conflict.label
    from branchdesk.services.exchange.labels import record_label

    assert record_label("meeting_exemptions", {"kind": "党小组会", "period": "2025-03", "group_id": None}) == (
        "会议缺漏说明 全支部 2025年3月 党小组会")


def test_the_conflict_dialog_says_why_a_record_waits(qtbot: Any, joined: Any, tmp_path: Path) -> None:
    """处理冲突 says what the 党委 is asked — a record put under a member who left the branch, a record
    deleted here that the branch still has — not "这条记录在本机和…都修改过" (nobody changed it here)."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from branchdesk.ui.exchange.conflict_dialog import ConflictDialog

    committee, branch = joined
    _restored_after_the_committee_deleted_him(committee, branch, tmp_path)
    assert exchange.import_package(committee, export(branch, tmp_path)).conflicts == 1
    [deleted] = exchange.list_conflicts(committee)
    dialog = ConflictDialog(deleted)
    qtbot.addWidget(dialog)
    assert "本机已彻底删除" in dialog.head.text() and "都修改过" not in dialog.head.text(), dialog.head.text()
    assert dialog.keep_local.text() == "保持本机的删除"
    QTest.keyClick(dialog, Qt.Key.Key_Escape)  # 以后再说: nothing chosen
    assert dialog.choice is None
    exchange.resolve_conflict(committee, deleted.id, "local")

    from branchdesk.domain.study_hours.records import StudyInput
    from branchdesk.services.study_hours import records as study

    _study(branch, "第一党员2", "专题网络培训")
    assert send(branch, committee, tmp_path).status == "merged"
    membership.move_branch(committee, member(committee, "第一党员3").id, org_id(committee, "第二党支部"), ON)
    assert send(committee, branch, tmp_path).status == "merged"
    [record] = [r for r in study.list_study_records(branch) if r.title == "专题网络培训"]
    study.save_study_record(branch, StudyInput(member(branch, "第一党员3").id, ON, "8", "网络培训", "专题网络培训"),
                            record.id)
    assert exchange.import_package(committee, export(branch, tmp_path)).conflicts == 1
    [moved] = exchange.list_conflicts(committee)
    dialog = ConflictDialog(moved)
    qtbot.addWidget(dialog)
    text = dialog.head.text()
    assert "改到了另一名党员名下" in text and "第一党支部" in text and "都修改过" not in text, text
