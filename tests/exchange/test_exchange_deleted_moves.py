"""A 支部调整 put in the 回收站 (deleted_at set) by a package is checked against its member's 所在党支部
as a new or changed one is (domain/roster/membership.py: the roster on a day is read from the live
moves; the latest must lead where the member is). The 党委 moved 第一党员4 to 第二党支部 in 2025 and
back in March 2026; a copy of the March move put in the 回收站, with no change to him, would have every
roster read from the moves put him in 第二党支部 while he is in 第一党支部. Refused at 接收
(scope_check.py) and at 采用对方版本 (keep_remote.py) alike."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from branchdesk.db.models import MemberMove
from branchdesk.services.exchange import records as exchange
from branchdesk.services.roster import membership
from tests.exchange.exchange_helpers import member, org_id, send
from tests.exchange.test_exchange_merge_holes import _forged_copy, _kept_remote_refused
from tests.exchange.test_exchange_tampering import _refused


def _moved_away_and_back(committee: Any, branch: Any, folder: Path) -> str:
    """Returns the gid of the March move back to 第一党支部 (its 下发 merged at the branch)."""
    who = member(committee, "第一党员4").id
    membership.move_branch(committee, who, org_id(committee, "第二党支部"), date(2025, 9, 1), "借调")
    membership.move_branch(committee, who, org_id(committee, "第一党支部"), date(2026, 3, 2), "借调结束")
    assert send(committee, branch, folder).ok
    with committee.session() as s:
        return str(s.scalars(select(MemberMove.gid).where(MemberMove.reason == "借调结束")).one())


def _live_moves(db: Any) -> list[str]:
    return [m.reason for m in membership.list_branch_moves(db, member(db, "第一党员4").id)]


@pytest.mark.parametrize("heard", [True, False], ids=["following-on", "changed-before-it-heard"])
def test_a_move_put_in_the_bin_that_leaves_the_member_elsewhere_is_refused(joined: Any, tmp_path: Path,
                                                                           heard: bool) -> None:
    committee, branch = joined
    gid = _moved_away_and_back(committee, branch, tmp_path)
    crafted = _forged_copy(committee, branch, tmp_path, "member_moves", gid,
                           {"deleted_at": "2026-03-10T09:00:00"}, heard=heard)
    result = _refused(committee, crafted, "scope")
    assert "第一党员4" in result.message and "支部调整" in result.message, result.message
    assert sorted(_live_moves(committee)) == ["借调", "借调结束"]
    assert member(committee, "第一党员4").branch_id == org_id(committee, "第一党支部")
    assert send(branch, committee, tmp_path).ok


def test_taking_a_copy_that_puts_the_move_in_the_bin_is_refused(joined: Any, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """The same copy held as a conflict by a version before the check: 采用对方版本 is refused too."""
    from branchdesk.services.exchange.scope_check import ScopeCheck

    committee, branch = joined
    gid = _moved_away_and_back(committee, branch, tmp_path)
    crafted = _forged_copy(committee, branch, tmp_path, "member_moves", gid, {"deleted_at": "2026-03-10T09:00:00"})
    with monkeypatch.context() as older:
        older.setattr(ScopeCheck, "_move_leads_to_member", lambda *args: None)
        assert exchange.import_package(committee, crafted).conflicts == 1
    _kept_remote_refused(committee, None, "第一党员4", "支部调整")
    assert sorted(_live_moves(committee)) == ["借调", "借调结束"]


def test_putting_an_earlier_move_in_the_bin_merges(joined: Any, tmp_path: Path) -> None:
    """The control: the 2025 move put in the 回收站 leaves the March move, which leads where he is —
    the same package shape is taken as it comes."""
    committee, branch = joined
    _moved_away_and_back(committee, branch, tmp_path)
    with committee.session() as s:
        gid = str(s.scalars(select(MemberMove.gid).where(MemberMove.reason == "借调")).one())
    crafted = _forged_copy(committee, branch, tmp_path, "member_moves", gid,
                           {"deleted_at": "2026-03-10T09:00:00"}, heard=True)
    result = exchange.import_package(committee, crafted)
    assert result.status == "merged" and result.conflicts == 0, result.to_text()
    assert _live_moves(committee) == ["借调结束"]


def test_taking_the_committee_s_copy_that_puts_the_move_in_the_bin_is_refused_on_the_branch_s_pc(
        joined: Any, tmp_path: Path) -> None:
    """The same rule on the branch's PC: a 下发 (here made up, signed with the 党委's keys) whose copy
    of the March move is in the 回收站, while the branch corrected the move, waits as a conflict;
    采用对方版本 is refused there as at the 党委 — the branch's rosters would lose 第一党员4."""
    import json

    from branchdesk.services.errors import RuleViolation
    from branchdesk.services.exchange.envelope import PACKAGE_MAGIC, open_package, parse, seal_package
    from branchdesk.services.exchange.state import load_site
    from tests.exchange.exchange_helpers import export
    from tests.exchange.test_exchange_merge_holes import _copy_of
    from tests.exchange.test_exchange_tampering import _site_keys

    committee, branch = joined
    gid = _moved_away_and_back(committee, branch, tmp_path)
    copy = _copy_of(committee, "member_moves", gid)
    with branch.session() as s:
        s.scalars(select(MemberMove).where(MemberMove.gid == gid)).one().reason = "借调结束（更正）"
    path = export(committee, tmp_path, "第一党支部")
    parsed = parse(path.read_bytes(), PACKAGE_MAGIC)
    with branch.engine.connect() as connection:
        keys = load_site(connection).keys  # type: ignore[union-attr]
    payload = json.loads(open_package(parsed, keys.box_private))
    copy["row"]["deleted_at"] = "2026-03-10T09:00:00"
    payload["units"] = [*(u for u in payload["units"] if u["g"] != gid), {**copy, "vv": {"f" * 32: 10**13}}]
    crafted = tmp_path / "down.bdpkg"
    crafted.write_bytes(seal_package({**parsed.header}, json.dumps(payload).encode(), _site_keys(committee),
                                     keys.box_public))
    result = exchange.import_package(branch, crafted)
    assert result.status == "merged" and result.conflicts == 1, result.to_text()
    [conflict] = exchange.list_conflicts(branch)
    with pytest.raises(RuleViolation) as refused:
        exchange.resolve_conflict(branch, conflict.id, "remote")
    assert "第一党员4" in str(refused.value) and "没有采用对方版本" in str(refused.value), refused.value
    assert sorted(_live_moves(branch)) == ["借调", "借调结束（更正）"]
