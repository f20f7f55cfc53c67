"""A 数据包 written by an older BranchDesk (known hole 5): its database had fewer migrations, so its
header names an older schema and its records lack the newer fields. The fixture is a package this
version writes, with the newest migration taken out of its header and the field that migration added
stripped from every record (meeting_exemptions.group_id, 0163), sealed again with the sender's real
keys. It is refused whole — nothing written, not half-merged — with a plain message that names both
versions and which side is to upgrade; a package from a newer version likewise."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from branchdesk.db.models import MeetingExemption
from branchdesk.db.revisions import known_revisions
from branchdesk.services.exchange import records as exchange
from branchdesk.services.exchange.envelope import (
    PACKAGE_MAGIC,
    SETUP_MAGIC,
    PackageRefused,
    open_package,
    open_setup,
    parse,
    seal_package,
    seal_setup,
)
from branchdesk.services.exchange.packages import schema
from branchdesk.services.exchange.state import load_site
from tests.exchange.exchange_helpers import add_branch_site, edit_member, export, open_db, org_id
from tests.exchange.test_exchange_tampering import _refused, _site_keys

NEWEST, BEFORE = "0163", "0162"  # meeting_exemptions.group_id came with 0163


def _rewritten(committee, branch, folder: Path, heads: list[str], strip: bool,  # type: ignore[no-untyped-def]
               app: str | None = None) -> Path:
    path = export(branch, folder)
    parsed = parse(path.read_bytes(), PACKAGE_MAGIC)
    with committee.engine.connect() as connection:
        keys = load_site(connection).keys  # type: ignore[union-attr]
    payload = json.loads(open_package(parsed, keys.box_private))
    stripped = 0
    for unit in payload["units"]:
        if strip and unit["t"] == "meeting_exemptions" and "group_id" in unit.get("row", {}):
            del unit["row"]["group_id"]
            stripped += 1
    assert stripped == (1 if strip else 0)
    header = {**parsed.header, "schema": heads}
    header.pop("app", None)  # (older versions did not name themselves)
    if app is not None:
        header["app"] = app
    crafted = folder / "older.bdpkg"
    crafted.write_bytes(seal_package(header, json.dumps(payload).encode(), _site_keys(branch), keys.box_public))
    return crafted


def _with_changes(branch) -> None:  # type: ignore[no-untyped-def]
    edit_member(branch, "第一党员2", phone="13100000000")
    with branch.session() as s:
        s.add(MeetingExemption(branch_id=org_id(branch, "第一党支部"), kind="党小组会", period="2025-08", reason="暑假"))


def test_a_package_of_an_older_version_is_refused_naming_the_versions(joined, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    committee, branch = joined
    _with_changes(branch)
    assert NEWEST in schema() and BEFORE in known_revisions()
    older = sorted((set(schema()) - {NEWEST}) | {BEFORE})
    result = _refused(committee, _rewritten(committee, branch, tmp_path, older, strip=True), "version")
    assert "较旧版本" in result.message and "没有写明版本号" in result.message, result.message
    assert "请对方升级" in result.message, result.message  # before: no version named
    assert BEFORE in result.details and NEWEST in result.details, result.details  # for support, not the teacher


def test_a_package_of_a_newer_version_is_refused_naming_the_versions(joined, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    committee, branch = joined
    _with_changes(branch)
    newer = sorted((set(schema()) - {NEWEST}) | {"0999"})
    result = _refused(committee, _rewritten(committee, branch, tmp_path, newer, strip=False), "version")
    assert "较新版本" in result.message and "0999" in result.details, result.message
    assert "请先把本机升级" in result.message, result.message


def test_the_refusal_names_the_program_versions_not_the_migrations(joined, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Review rev2, R2-9: packages carry the program's version (`app`); the teacher reads those, and
    the migration ids go to the details (the list of packages) only. Before: "数据库版本 0162、…"."""
    from branchdesk import __version__

    committee, branch = joined
    _with_changes(branch)
    older = sorted((set(schema()) - {NEWEST}) | {BEFORE})
    result = _refused(committee, _rewritten(committee, branch, tmp_path, older, strip=True, app="0.0.9"), "version")
    assert f"对方的 BranchDesk 是 0.0.9 版，本机是 {__version__} 版" in result.message, result.message
    assert "数据库版本" not in result.message and BEFORE not in result.message and NEWEST not in result.message, (
        result.message)
    assert "请对方升级" in result.message, result.message
    assert BEFORE in result.details and NEWEST in result.details, result.details
    newer = sorted((set(schema()) - {NEWEST}) | {"0999"})
    result = _refused(committee, _rewritten(committee, branch, tmp_path, newer, strip=False, app="9.0"), "version")
    assert f"对方的 BranchDesk 是 9.0 版，本机是 {__version__} 版" in result.message and "0999" not in result.message, (
        result.message)
    assert "请先把本机升级" in result.message, result.message
    listed = [p.note for p in exchange.exchange_status(committee).packages if p.status == "已拒收"]
    assert any("0999" in note for note in listed), listed  # the list of packages keeps the migration ids


def test_a_set_up_file_of_an_older_version_is_refused_naming_the_versions(joined, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The same for a set-up file (加入) the 党委 wrote with an older version."""
    committee, _branch = joined
    setup, code = add_branch_site(committee, "第二党支部", tmp_path)
    parsed = parse(setup.read_bytes(), SETUP_MAGIC)
    payload = bytes(open_setup(parsed, code))
    header = {k: v for k, v in parsed.header.items() if k not in ("format", "kdf", "app")}
    header["schema"] = sorted((set(schema()) - {NEWEST}) | {BEFORE})
    setup.write_bytes(seal_setup(header, payload, _site_keys(committee), code))
    fresh = open_db(tmp_path / "第二党支部 新电脑.sqlite")
    try:
        with pytest.raises(PackageRefused) as refused:
            exchange.join(fresh, setup, code)
        assert "较旧版本" in str(refused.value) and BEFORE in refused.value.details, str(refused.value)
        with fresh.engine.connect() as connection:
            assert load_site(connection) is None  # nothing written
    finally:
        fresh.close()
