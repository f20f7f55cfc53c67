"""A branch records and moves only what is its own (trial R, TR-2, continued): a forged 上报, signed
with the branch's real keys, is refused whole when it

- records a 支部调整 (member_moves) of a member the committee holds in another branch — even one
  naming the sender's branch as the branch joined (rosters on a past day are read from the moves,
  domain/roster/membership.py; a move into the branch is the 党委's to record);
- moves one of the branch's 党小组 to another branch or makes it a 党支部 (the tree is the committee's),
  or puts one of its members under the 党委 (services/exchange/tables.owner_columns).

The branch's genuine packages, its own 支部调整 included (test_exchange_moves), still merge, and so
does a record the branch's own forms may hand to another branch (a meeting, a 结对)."""

from __future__ import annotations

import json
import uuid
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from branchdesk.db.engine import Database
from branchdesk.db.models import Meeting, Member, MemberMove, Organisation
from branchdesk.services.exchange.envelope import PACKAGE_MAGIC, open_package, parse, seal_package
from branchdesk.services.exchange.serialise import Reader
from branchdesk.services.exchange.state import load_site
from branchdesk.services.exchange.tables import registry
from branchdesk.services.roster import membership
from tests.exchange.exchange_helpers import branch_gid, export, meeting_with, member, org_id, send
from tests.exchange.test_exchange_tampering import _refused, _site_keys

ON = date(2026, 3, 2)


def _sealed(committee: Database, branch: Database, folder: Path, extra: list[dict[str, Any]],
            change: dict[str, dict[str, Any]] | None = None) -> Path:
    """The branch's next genuine 上报 with `extra` units added and the rows of its records `change`
    names rewritten (gid → columns), sealed with the branch's keys."""
    path = export(branch, folder)
    parsed = parse(path.read_bytes(), PACKAGE_MAGIC)
    with committee.engine.connect() as connection:
        committee_keys = load_site(connection).keys  # type: ignore[union-attr]
    payload = json.loads(open_package(parsed, committee_keys.box_private))
    for unit in payload["units"]:
        unit["row"].update((change or {}).get(unit["g"], {}))
    assert set(change or {}) <= {unit["g"] for unit in payload["units"]}
    payload["units"].extend(extra)
    header = dict(parsed.header)
    header["seq"] = int(header["seq"]) + 1
    crafted = folder / "crafted.bdpkg"
    crafted.write_bytes(seal_package(header, json.dumps(payload).encode(), _site_keys(branch),
                                     committee_keys.box_public))
    return crafted


def _unit(db: Database, table: str, gid: str) -> dict[str, Any]:
    with db.engine.connect() as connection:
        units, _ = Reader(connection).units(registry()[table], [gid])
    return units[gid]


def _move_unit(committee: Database, branch: Database, who: str, from_branch: str, to_branch: str) -> dict[str, Any]:
    """A 支部调整 of `who` (the committee's member) made up from one the branch's PC writes."""
    membership.move_branch(branch, member(branch, "第一党员4").id, org_id(branch, "第二党支部"), ON, "伪造")
    with branch.session() as s:
        gid = s.scalars(select(MemberMove.gid).where(MemberMove.reason == "伪造")).one()
    unit = _unit(branch, "member_moves", gid)
    new = uuid.uuid4().hex
    unit["g"] = new
    unit["vv"] = {"f" * 32: 10**13}
    unit["row"].update(member_id=member(committee, who).gid, from_branch_id=branch_gid(committee, from_branch),
                       to_branch_id=branch_gid(committee, to_branch))
    if "gid" in unit["row"]:
        unit["row"]["gid"] = new
    return unit


def _moves_of(db: Database, name: str) -> int:
    return len(membership.list_branch_moves(db, member(db, name).id))


def test_a_move_of_another_branch_s_member_into_the_senders_is_refused(joined, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    committee, branch = joined
    genuine = export(branch, tmp_path)
    forged = _move_unit(committee, branch, "第二党员5", "第二党支部", "第一党支部")
    crafted = _sealed(committee, branch, tmp_path, [forged])
    result = _refused(committee, crafted, "scope")
    assert "第二党员5" in result.message and "支部调整" in result.message, result.message
    assert _moves_of(committee, "第二党员5") == 0
    assert member(committee, "第二党员5").branch_id == org_id(committee, "第二党支部")
    from branchdesk.services.exchange import records as exchange
    assert exchange.import_package(committee, genuine).ok


def test_a_move_the_branch_keeps_cannot_be_turned_onto_another_member(joined, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The 党委 moved 第一党员1 to 第二党支部: 第一党支部 keeps that 支部调整 as the branch left and may
    correct it (its date, its reason), but not make it one of another member of 第二党支部."""
    committee, branch = joined
    membership.move_branch(committee, member(committee, "第一党员1").id, org_id(committee, "第二党支部"), ON, "工作调动")
    assert send(committee, branch, tmp_path).ok
    with branch.session() as s:
        move = s.scalars(select(MemberMove).where(MemberMove.reason == "工作调动")).one()
        gid = move.gid
        move.reason = "工作调动（校内）"  # a correction the branch may make
    crafted = _sealed(committee, branch, tmp_path, [], {gid: {"member_id": member(committee, "第二党员5").gid}})
    result = _refused(committee, crafted, "scope")
    assert "第二党员5" in result.message and "支部调整" in result.message, result.message
    # the correction itself still goes up
    assert send(branch, committee, tmp_path).ok
    assert [m.reason for m in membership.list_branch_moves(committee, member(committee, "第一党员1").id)] == [
        "工作调动（校内）"]
    assert _moves_of(committee, "第二党员5") == 0


def _gid_of(db: Database, model: type, *where: Any) -> str:
    with db.session() as s:
        return str(s.scalars(select(model.gid).where(*where)).one())  # type: ignore[attr-defined]


def _committee_gid(db: Database) -> str:
    return _gid_of(db, Organisation, Organisation.kind == "党委")


@pytest.mark.parametrize("what", ["group", "group-kind", "member-to-committee"])
def test_the_senders_own_record_moved_elsewhere_is_refused(joined, tmp_path: Path, what: str) -> None:  # type: ignore[no-untyped-def]
    """The branch edits one of its records (so that its 上报 carries it, in a version that follows on
    from the committee's) and the forger rewrites the column its owner is read from: its 党小组 put
    under 第二党支部, or made a 党支部 (the tree is the committee's: services/site_tree.tree_refusal),
    a member put under the 党委 (a member's branch is a 党支部)."""
    committee, branch = joined
    with branch.session() as s:
        if what.startswith("group"):
            first_group = Organisation.parent_id == org_id(branch, "第一党支部")
            record: Any = s.scalars(select(Organisation).where(Organisation.kind == "党小组", first_group)).one()
            record.note = "改选"
            change = ({"parent_id": branch_gid(committee, "第二党支部"), "name": "第九党小组"} if what == "group"
                      else {"kind": "党支部"})
        else:
            record = s.scalars(select(Member).where(Member.name == "第一党员1")).one()
            record.phone = "13900000001"
            change = {"branch_id": _committee_gid(committee)}
        gid = record.gid
    table: Any = Member if what == "member-to-committee" else Organisation
    columns = ("branch_id",) if table is Member else ("parent_id", "kind")
    with committee.session() as s:
        before = {c: getattr(s.scalars(select(table).where(table.gid == gid)).one(), c) for c in columns}
    crafted = _sealed(committee, branch, tmp_path, [], {gid: change})
    result = _refused(committee, crafted, "scope")
    assert "第一党支部" in result.message and "已拒收" in result.message, result.message
    with committee.session() as s:
        after = s.scalars(select(table).where(table.gid == gid)).one()
        assert {c: getattr(after, c) for c in columns} == before
    # the edit itself, sent as made, merges
    assert send(branch, committee, tmp_path).ok


def test_a_meeting_the_branch_puts_under_another_branch_still_goes_up(joined, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Not every record is held to its branch: the meeting form offers every 党支部 (a meeting entered
    under the wrong one is corrected there), and the meeting goes up as a record that left the branch."""
    committee, branch = joined
    meeting_with(branch, "第一党支部", "第一党员1", ON)
    assert send(branch, committee, tmp_path).ok
    second = org_id(branch, "第二党支部")
    with branch.session() as s:
        record = s.scalars(select(Meeting)).one()
        record.branch_id = second
        gid = record.gid
    assert send(branch, committee, tmp_path).ok
    second = org_id(committee, "第二党支部")
    with committee.session() as s:
        assert s.scalars(select(Meeting.branch_id).where(Meeting.gid == gid)).one() == second
