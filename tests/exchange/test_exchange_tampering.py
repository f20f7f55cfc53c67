"""Authentic and private (issue 20): a changed byte, an unknown signer, a package for another site,
a replay, a forged first contact or a package carrying another branch's records is refused — and
nothing of it is written (only the refusal is listed)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from branchdesk.db.engine import Database
from branchdesk.db.models import Base, ExchangePackage
from branchdesk.services.exchange import records as exchange
from branchdesk.services.exchange.envelope import (
    PACKAGE_MAGIC,
    KeyPair,
    PackageRefused,
    b64,
    open_package,
    parse,
    seal_package,
)
from branchdesk.services.exchange.state import load_site
from tests.exchange.exchange_helpers import (
    add_branch_site,
    edit_member,
    export,
    join_branch,
    make_committee,
    member,
    open_db,
    send,
)


def state(db: Database) -> dict[str, object]:
    """Every table's rows (the package log without its refusals): equal before and after means
    nothing was written."""
    result: dict[str, object] = {}
    with db.engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            query = select(table)
            if table.name == "exchange_packages":
                query = query.where(table.c.status != "refused")
            result[table.name] = sorted(map(repr, connection.execute(query).all()))
    return result


def refusals(db: Database) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(ExchangePackage).where(ExchangePackage.status == "refused"))


@pytest.fixture
def pair(joined):  # type: ignore[no-untyped-def]
    committee, branch = joined
    edit_member(committee, "第一党员1", note="党委更正")
    return committee, branch


def _refused(db: Database, path: Path, reason: str | None = None) -> exchange.ImportResult:
    before, listed = state(db), refusals(db)
    result = exchange.import_package(db, path)
    assert result.status == "refused", result.message
    if reason:
        assert result.reason == reason, result.message
    assert "已拒收" in result.message or result.reason in ("not-a-package", "wrong-kind")
    assert state(db) == before
    assert refusals(db) == listed + 1
    return result


@pytest.mark.parametrize("where", ["magic", "header", "body-start", "body-middle", "body-end", "signature"])
def test_one_changed_byte_is_refused(pair, tmp_path: Path, where: str) -> None:  # type: ignore[no-untyped-def]
    committee, branch = pair
    path = export(committee, tmp_path)
    data = bytearray(path.read_bytes())
    parsed = parse(bytes(data), PACKAGE_MAGIC)
    body_at = len(PACKAGE_MAGIC) + 4 + len(parsed.header_bytes) + 8
    at = {"magic": 3, "header": len(PACKAGE_MAGIC) + 4 + 10, "body-start": body_at + 1,
          "body-middle": body_at + len(parsed.body) // 2, "body-end": body_at + len(parsed.body) - 1,
          "signature": len(data) - 1}[where]
    data[at] ^= 0x01
    path.write_bytes(bytes(data))
    result = _refused(branch, path)
    assert result.reason in ("signature", "not-a-package", "damaged")
    assert member(branch, "第一党员1").note != "党委更正"
    # the genuine package, written again, still merges
    assert send(committee, branch, tmp_path).ok
    assert member(branch, "第一党员1").note == "党委更正"


def test_truncated_package_is_refused(pair, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    committee, branch = pair
    path = export(committee, tmp_path)
    path.write_bytes(path.read_bytes()[:-100])
    assert _refused(branch, path).reason in ("damaged", "signature")


def _genuine_header(path: Path) -> dict[str, object]:
    return dict(parse(path.read_bytes(), PACKAGE_MAGIC).header)


def _site_keys(db: Database) -> KeyPair:
    with db.engine.connect() as connection:
        site = load_site(connection)
    assert site is not None
    return site.keys


def test_package_signed_by_an_unknown_key_is_refused(pair, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Someone who saw a genuine package (its clear header names both sites and their public keys)
    writes one in the committee's name with a key of their own."""
    committee, branch = pair
    header = _genuine_header(export(committee, tmp_path))
    header["seq"] = 99
    forger = KeyPair.generate()
    branch_box = _site_keys(branch).box_public
    payload = json.dumps({"units": []}).encode()
    # the forger's own key in the header: not the committee's registered key
    forged = tmp_path / "forged.bdpkg"
    forged.write_bytes(seal_package({**header, "sign_public": b64(forger.sign_public)}, payload, forger, branch_box))
    assert "不是用登记的" in _refused(branch, forged, "signature").message
    # the committee's key named in the header, but signed by the forger: the signature fails
    forged.write_bytes(seal_package(header, payload, forger, branch_box))
    assert _refused(branch, forged, "signature").reason == "signature"


def test_package_from_an_unregistered_site_is_refused(pair, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    committee, branch = pair
    elsewhere = tmp_path / "别的学校"
    elsewhere.mkdir()
    other = make_committee(elsewhere / "别的党委.sqlite")
    other_branch = join_branch(other, "第一党支部", elsewhere)
    path = export(other_branch, tmp_path)  # addressed to the other committee
    assert _refused(committee, path, "foreign")
    header = _genuine_header(path)
    header["to"], header["to_name"] = _genuine_header(export(committee, tmp_path))["from"], "党委"
    keys = _site_keys(other_branch)
    spoof = tmp_path / "spoof.bdpkg"
    spoof.write_bytes(seal_package(header, json.dumps({"units": []}).encode(), keys, _site_keys(committee).box_public))
    assert "不是本站点登记的交换对象" in _refused(committee, spoof, "unknown").message


def test_package_for_another_site_is_refused(tmp_path: Path) -> None:
    committee = make_committee(tmp_path / "党委.sqlite")
    first = join_branch(committee, "第一党支部", tmp_path)
    second = join_branch(committee, "第二党支部", tmp_path)
    for branch in (first, second):
        assert send(branch, committee, tmp_path).ok
    for_second = export(committee, tmp_path, to="第二党支部")
    result = _refused(first, for_second, "foreign")
    assert "第二党支部" in result.message
    assert exchange.import_package(second, for_second).status == "merged"


def test_setup_file_and_other_files_are_not_packages(pair, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    committee, branch = pair
    setup, _code = add_branch_site(committee, "第二党支部", tmp_path)
    assert _refused(branch, setup, "wrong-kind")
    sheet = tmp_path / "花名册.xlsx"
    sheet.write_bytes(b"PK\x03\x04 not a package")
    assert _refused(branch, sheet, "not-a-package")


def test_forged_first_package_without_the_join_token_is_refused(tmp_path: Path) -> None:
    """The committee learns a branch's keys from its first package, which must carry the token from
    the set-up file: a stranger who knows the branch's site id cannot introduce itself instead."""
    committee = make_committee(tmp_path / "党委.sqlite")
    setup, code = add_branch_site(committee, "第一党支部", tmp_path)
    real = open_db(tmp_path / "支部.sqlite")
    exchange.join(real, setup, code)
    genuine = export(real, tmp_path)
    header = _genuine_header(genuine)
    stranger = KeyPair.generate()
    header.update(sign_public=b64(stranger.sign_public), box_public=b64(stranger.box_public))
    forged = tmp_path / "forged.bdpkg"
    committee_box = _genuine_header(export(real, tmp_path))  # (keeps the real one's number moving)
    del committee_box
    with committee.engine.connect() as connection:
        box = load_site(connection).keys.box_public  # type: ignore[union-attr]
    forged.write_bytes(seal_package(header, json.dumps({"units": [], "join_token": b64(b"x" * 32)}).encode(),
                                    stranger, box))
    assert _refused(committee, forged, "unknown")
    assert exchange.import_package(committee, genuine).status == "merged"
    assert exchange.exchange_status(committee).peers[0].joined


def test_replayed_package_changes_nothing(pair, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    committee, branch = pair
    path = export(committee, tmp_path)
    assert exchange.import_package(branch, path).status == "merged"
    before = state(branch)
    edit_member(branch, "第一党员1", phone="13000000000")
    assert send(branch, committee, tmp_path).ok
    before = state(branch)
    again = exchange.import_package(branch, path)
    assert again.status == "already"
    assert state(branch) == before


def test_branch_package_with_another_branchs_record_is_refused(tmp_path: Path) -> None:
    """Even a genuine branch cannot send the committee records of another branch."""
    committee = make_committee(tmp_path / "党委.sqlite")
    first = join_branch(committee, "第一党支部", tmp_path)
    assert send(first, committee, tmp_path).ok
    path = export(first, tmp_path)
    parsed = parse(path.read_bytes(), PACKAGE_MAGIC)
    with committee.engine.connect() as connection:
        committee_keys = load_site(connection).keys  # type: ignore[union-attr]
    payload = json.loads(open_package(parsed, committee_keys.box_private))
    from branchdesk.services.exchange.serialise import Reader

    other = member(committee, "第二党员5")
    with committee.engine.connect() as connection:
        units, _ = Reader(connection).units(__import__("branchdesk.services.exchange.tables", fromlist=["x"])
                                            .registry()["members"], [other.gid])
    unit = {**units[other.gid], "vv": {"f" * 32: 10**13}}
    unit["row"]["note"] = "支部改了别的支部的党员"
    payload["units"].append(unit)
    header = dict(parsed.header)
    header["seq"] = int(header["seq"]) + 1  # type: ignore[call-overload]
    crafted = tmp_path / "crafted.bdpkg"
    crafted.write_bytes(seal_package(header, json.dumps(payload).encode(), _site_keys(first), committee_keys.box_public))
    result = _refused(committee, crafted, "scope")
    assert "不属于第一党支部" in result.message
    assert member(committee, "第二党员5").note == ""


def test_wrong_setup_code_joins_nothing(tmp_path: Path) -> None:
    committee = make_committee(tmp_path / "党委.sqlite")
    setup, code = add_branch_site(committee, "第一党支部", tmp_path)
    branch = open_db(tmp_path / "支部.sqlite")
    wrong = code[:-1] + ("0" if code[-1] != "0" else "1")
    with pytest.raises(PackageRefused, match="设置码不对"):
        exchange.join(branch, setup, wrong)
    assert not exchange.exchange_status(branch).configured
    data = bytearray(setup.read_bytes())
    data[len(data) // 2] ^= 1
    setup.write_bytes(bytes(data))
    with pytest.raises(PackageRefused):
        exchange.join(branch, setup, code)
    assert not exchange.exchange_status(branch).configured


def test_retired_site_is_refused_after_it_is_added_again(pair, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    committee, branch = pair
    old = export(branch, tmp_path)
    with pytest.raises(Exception, match="已添加过站点"):
        exchange.add_site(committee, "第一党支部", tmp_path / "again.bdsetup")
    exchange.add_site(committee, "第一党支部", tmp_path / "again.bdsetup", replace=True)
    assert _refused(committee, old, "unknown")


@pytest.mark.parametrize("start", [b"", PACKAGE_MAGIC])
def test_a_huge_file_picked_by_mistake_is_refused_without_reading_it_whole(
        pair, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, start: bytes) -> None:  # type: ignore[no-untyped-def]
    """A video or a disk image picked instead of the package was read whole into memory before its
    size was looked at (a few GB: the window runs out of memory). Now a file that does not start as a
    package is refused from its first bytes, and one that does is read no further than the limit."""
    import tracemalloc

    from branchdesk.services.exchange import envelope

    monkeypatch.setattr(envelope, "MAX_FILE", 1024 * 1024)
    _committee, branch = pair
    huge = tmp_path / "录像.bdpkg"
    with huge.open("wb") as handle:
        handle.write(start)
        handle.truncate(64 * 1024 * 1024)  # sparse: 64 MB that take no disk
    tracemalloc.start()
    try:
        result = _refused(branch, huge, "damaged" if start else "not-a-package")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 16 * 1024 * 1024, peak
    assert ("过大" in result.message) == bool(start)
