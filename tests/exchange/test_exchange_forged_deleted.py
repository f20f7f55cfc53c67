"""A forged copy of another branch's record that was deleted for good (彻底删除) here: a package signed
with 第一党支部's real keys carries 第二党支部's member, whom the 党委 deleted for good — as he was, or
made 第一党支部's. 第一党支部 never had him, so the package is refused at 接收, naming him, as the owner
checks refuse a change of another branch's record that is still here (scope_check.py); it is not held
as a conflict that 采用对方版本 would refuse later (keep_remote.py).

A copy of the sender's own member deleted here still waits as a conflict (test_exchange_merge_holes:
the branch restored him from its 回收站, or changed him before it heard of the deletion)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from branchdesk.services import recycle_bin
from tests.exchange.exchange_helpers import branch_gid, export, member, send
from tests.exchange.test_exchange_merge_holes import _copy_of, _forged_copy, _members_named
from tests.exchange.test_exchange_tampering import _refused


def _deleted_for_good(committee: Any, name: str, folder: Path) -> tuple[str, dict[str, Any]]:
    """Deleted for good at the 党委, and its 下发 written (the deletion has its version: a copy
    following on from it can be made)."""
    gone = member(committee, name)
    copy = _copy_of(committee, "members", gone.gid)
    recycle_bin.move_to_bin(committee, "members", gone.id)
    recycle_bin.empty(committee, [("members", gone.id)], confirm=True)
    export(committee, folder, "第一党支部")
    return gone.gid, copy


@pytest.mark.parametrize("heard", [False, True], ids=["changed-before-it-heard", "following-on"])
@pytest.mark.parametrize("whose", ["as-it-was", "made-the-senders"])
def test_a_copy_of_another_branch_s_member_deleted_here_is_refused(joined: Any, tmp_path: Path, whose: str,
                                                                   heard: bool) -> None:
    committee, branch = joined
    gid, copy = _deleted_for_good(committee, "第二党员5", tmp_path)
    change: dict[str, Any] = {"phone": "13900000005"}
    if whose == "made-the-senders":
        change |= {"branch_id": branch_gid(committee, "第一党支部"), "group_id": None}
    crafted = _forged_copy(committee, branch, tmp_path, "members", gid, change, copy, heard=heard)
    result = _refused(committee, crafted, "scope")
    assert "第二党员5" in result.message and "第二党支部" in result.message and "彻底删除" in result.message, result.message
    assert _members_named(committee, "第二党员5") == 0
    assert send(branch, committee, tmp_path).ok  # the branch's genuine package still merges


def test_a_copy_of_the_sender_s_own_member_deleted_here_still_waits_as_a_conflict(joined: Any, tmp_path: Path) -> None:
    """The control: the same package for 第一党支部's own member is received, his copy held for the 党委."""
    committee, branch = joined
    gid, copy = _deleted_for_good(committee, "第一党员4", tmp_path)
    crafted = _forged_copy(committee, branch, tmp_path, "members", gid, {"phone": "13900000004"}, copy)
    from branchdesk.services.exchange import records as exchange

    result = exchange.import_package(committee, crafted)
    assert result.status == "merged" and result.conflicts == 1, result.to_text()
    assert _members_named(committee, "第一党员4") == 0
