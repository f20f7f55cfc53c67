"""A branch may change only the records it keeps here (trial R, TR-2): a forged 上报, signed with the
branch's real keys, that names a member the committee holds in another branch — moved into the
sender's branch, fields rewritten — is refused whole, with the member and both branches named; the
committee's copy is not touched. (A real move between branches is a 支部调整, made by the 党委.)"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from branchdesk.db.engine import Database
from branchdesk.services.errors import RuleViolation
from branchdesk.services.exchange import records as exchange
from branchdesk.services.exchange.envelope import PACKAGE_MAGIC, open_package, parse, seal_package
from branchdesk.services.exchange.serialise import Reader
from branchdesk.services.exchange.state import load_site, load_units
from branchdesk.services.exchange.tables import registry
from branchdesk.services.roster import membership
from tests.exchange.exchange_helpers import branch_gid, edit_member, export, member, org_id, send
from tests.exchange.test_exchange_tampering import _refused, _site_keys


def _forged(committee: Database, branch: Database, folder: Path, name: str, change: dict[str, Any],
            *, heard: bool = True) -> Path:
    """The branch's next genuine 上报 with the committee's copy of member `name` added, `change`
    written into it and a version that follows on from the committee's (`heard`: else one made
    without having seen it); sealed with the branch's keys."""
    path = export(branch, folder)
    parsed = parse(path.read_bytes(), PACKAGE_MAGIC)
    target = member(committee, name)
    with committee.engine.connect() as connection:
        committee_keys = load_site(connection).keys  # type: ignore[union-attr]
        units, _ = Reader(connection).units(registry()["members"], [target.gid])
        ours = load_units(connection, [target.gid])
    payload = json.loads(open_package(parsed, committee_keys.box_private))
    unit = {**units[target.gid]}
    known = ours[target.gid].vv if target.gid in ours and heard else {}
    unit["vv"] = {**known, "f" * 32: 10**13}  # (includes ours: the package's copy wins)
    unit["row"].update(change)
    payload["units"].append(unit)
    header = dict(parsed.header)
    header["seq"] = int(header["seq"]) + 1
    crafted = folder / "crafted.bdpkg"
    crafted.write_bytes(seal_package(header, json.dumps(payload).encode(), _site_keys(branch),
                                     committee_keys.box_public))
    return crafted


def test_a_member_of_another_branch_moved_into_the_senders_is_refused(joined, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """第二党支部 has no PC: its members were never exchanged, and the committee's own row says whose
    they are. The package names 第一党支部 as the member's branch — that does not make him hers."""
    committee, branch = joined
    first = branch_gid(committee, "第一党支部")
    before = member(committee, "第二党员5")
    crafted = _forged(committee, branch, tmp_path, "第二党员5",
                      {"branch_id": first, "group_id": None, "phone": "13000000000"})
    result = _refused(committee, crafted, "scope")
    assert "第二党员5" in result.message and "第二党支部" in result.message and "第一党支部" in result.message
    assert "支部调整" in result.message
    after = member(committee, "第二党员5")
    assert (after.branch_id, after.phone) == (before.branch_id, before.phone)
    # the branch's genuine packages still merge
    assert send(branch, committee, tmp_path).ok


def test_the_senders_own_member_still_merges(joined, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    committee, branch = joined
    crafted = _forged(committee, branch, tmp_path, "第一党员1", {"phone": "13900000001"})
    result = exchange.import_package(committee, crafted)
    assert result.status == "merged", result.message
    assert member(committee, "第一党员1").phone == "13900000001"


def test_a_copy_changed_before_the_sender_heard_of_ours_is_a_conflict_not_written(joined, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Both sides changed it: the 党委 decides; the committee's copy stays as it is meanwhile."""
    committee, branch = joined
    before = member(committee, "第二党员5")
    crafted = _forged(committee, branch, tmp_path, "第二党员5",
                      {"branch_id": branch_gid(committee, "第一党支部"), "group_id": None, "phone": "13000000000"},
                      heard=False)
    result = exchange.import_package(committee, crafted)
    assert result.status == "merged", result.message
    assert result.conflicts == 1
    after = member(committee, "第二党员5")
    assert (after.branch_id, after.phone) == (before.branch_id, before.phone)


def test_the_senders_member_moved_out_without_a_move_is_refused(joined, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A branch change is a dated 支部调整 (domain/roster/membership.py): the branch's own member sent
    up as another branch's, with no 支部调整, is refused (a move made on the branch's PC goes up with
    its 支部调整: test_exchange_moves)."""
    committee, branch = joined
    before = member(committee, "第一党员1")
    crafted = _forged(committee, branch, tmp_path, "第一党员1",
                      {"branch_id": branch_gid(committee, "第二党支部"), "group_id": None})
    result = _refused(committee, crafted, "scope")
    assert "第一党员1" in result.message and "第二党支部" in result.message and "支部调整" in result.message
    assert member(committee, "第一党员1").branch_id == before.branch_id


def test_keeping_the_forged_copy_of_a_conflict_does_not_move_the_member(joined, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The conflict left by a forged copy changed before the sender heard of ours (retrial N-1):
    采用对方版本 would move the member to the sender's branch with no dated 支部调整 — what the import
    itself refuses. It is refused whole (the other fields were forged as well: taking them alone
    would write a copy neither side has); the conflict stays open, ours untouched, and 保留本机版本
    still settles it."""
    committee, branch = joined
    before = member(committee, "第二党员5")
    crafted = _forged(committee, branch, tmp_path, "第二党员5",
                      {"branch_id": branch_gid(committee, "第一党支部"), "group_id": None, "phone": "13000000000"},
                      heard=False)
    assert exchange.import_package(committee, crafted).conflicts == 1
    [conflict] = exchange.list_conflicts(committee)
    with pytest.raises(RuleViolation) as refused:
        exchange.resolve_conflict(committee, conflict.id, "remote")
    message = str(refused.value)
    assert "第二党员5" in message and "从第二党支部改到第一党支部" in message and "支部调整" in message
    after = member(committee, "第二党员5")
    assert (after.branch_id, after.phone) == (before.branch_id, before.phone)
    assert [c.id for c in exchange.list_conflicts(committee)] == [conflict.id]
    exchange.resolve_conflict(committee, conflict.id, "local")
    assert exchange.list_conflicts(committee) == []


def test_keeping_an_edit_made_before_a_move_here_does_not_undo_the_move(joined, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The committee moved the branch's member (a dated 支部调整) while the branch's PC edited her: the
    branch's copy still names 第一党支部. Taking it would move her back with no 支部调整, so it is
    refused as well; a move the committee made and sends down is taken on the branch's PC
    (test_exchange_moved_records)."""
    committee, branch = joined
    membership.move_branch(committee, member(committee, "第一党员1").id, org_id(committee, "第二党支部"), date(2026, 3, 2))
    edit_member(branch, "第一党员1", phone="13100000000")
    assert send(branch, committee, tmp_path).conflicts == 1
    [conflict] = exchange.list_conflicts(committee)
    with pytest.raises(RuleViolation, match="从第二党支部改到第一党支部"):
        exchange.resolve_conflict(committee, conflict.id, "remote")
    assert member(committee, "第一党员1").branch_id == org_id(committee, "第二党支部")
    exchange.resolve_conflict(committee, conflict.id, "local")
