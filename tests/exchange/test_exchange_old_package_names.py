"""A 数据包 from an older version (before migration 0143) carries a 党小组's record without its
`org_names` rows: it never heard of the name history. Neither merging its copy nor taking it by
采用对方版本 may delete this PC's earlier names — they are what the 党小组's sittings and volumes of
that time are named by (domain.md §1 ORG-GROUPS, TY-5). A merge adds or corrects `org_names` rows;
it never deletes one (services/exchange/writing.py)."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select

from branchdesk.db.engine import Database
from branchdesk.db.models import Organisation, OrgName
from branchdesk.services.exchange import records as exchange
from branchdesk.services.exchange.envelope import PACKAGE_MAGIC, open_package, parse, seal_package
from branchdesk.services.exchange.state import load_site
from branchdesk.services.roster.org_names import load_histories
from branchdesk.services.roster.organisation import rename_org
from tests.exchange.exchange_helpers import export, org_id, send
from tests.exchange.test_exchange_tampering import _site_keys


def _group_of(db: Database, branch: str) -> Organisation:
    with db.session() as s:
        group = s.scalars(select(Organisation).where(Organisation.parent_id == org_id(db, branch),
                                                     Organisation.kind == "党小组")).one()
        s.expunge(group)
        return group


def _names(db: Database, group: int) -> list[tuple[str, date]]:
    with db.session() as s:
        return [(r.name, r.ended_on) for r in s.scalars(select(OrgName).where(OrgName.org_id == group))]


def _edit_note(db: Database, group: int, note: str) -> None:
    with db.session() as s:
        s.get(Organisation, group).note = note  # type: ignore[union-attr]


def _older(sender: Database, receiver: Database, folder: Path,
           rewrite: Callable[[dict[str, Any]], None] | None = None) -> Path:
    """The sender's next 上报 as a version before 0143 writes it: no `org_names` rows in any record."""
    path = export(sender, folder)
    parsed = parse(path.read_bytes(), PACKAGE_MAGIC)
    with receiver.engine.connect() as connection:
        keys = load_site(connection).keys  # type: ignore[union-attr]
    payload = json.loads(open_package(parsed, keys.box_private))
    for unit in payload["units"]:
        (unit.get("kids") or {}).pop("org_names", None)
        if rewrite is not None:
            rewrite(unit)
    older = folder / "older.bdpkg"
    older.write_bytes(seal_package(dict(parsed.header), json.dumps(payload).encode(), _site_keys(sender),
                                   keys.box_public))
    return older


def _renamed_at_the_committee(committee: Database, branch: Database, folder: Path) -> int:
    """The 党委 renamed 第一党支部's 党小组 from 1 March; the rename went down to the branch."""
    group = _group_of(committee, "第一党支部").id
    rename_org(committee, group, "语文党小组", date(2026, 3, 1))
    assert send(committee, branch, folder, to="第一党支部").ok
    assert _names(committee, group) == [("第一党小组", date(2026, 2, 28))]
    return group


def test_merging_an_older_package_keeps_the_earlier_names(joined, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    committee, branch = joined
    group = _renamed_at_the_committee(committee, branch, tmp_path)
    _edit_note(branch, _group_of(branch, "第一党支部").id, "每周三活动")
    result = exchange.import_package(committee, _older(branch, committee, tmp_path))
    assert result.status == "merged" and result.conflicts == 0, result.message
    with committee.session() as s:
        assert s.get(Organisation, group).note == "每周三活动"
        history = load_histories(s, [group])[group]
    assert _names(committee, group) == [("第一党小组", date(2026, 2, 28))]
    assert (history.name_on(date(2026, 2, 1)), history.name_on(date(2026, 3, 1))) == ("第一党小组", "语文党小组")


def test_taking_an_older_package_s_copy_keeps_the_earlier_names(joined, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Both sides changed the 党小组: the package's copy waits as a conflict; 采用对方版本 writes its
    fields and leaves the name history as it is here."""
    committee, branch = joined
    group = _renamed_at_the_committee(committee, branch, tmp_path)
    _edit_note(branch, _group_of(branch, "第一党支部").id, "每周三活动")
    _edit_note(committee, group, "党委：每月活动")
    result = exchange.import_package(committee, _older(branch, committee, tmp_path))
    assert result.status == "merged" and result.conflicts == 1, result.message
    [conflict] = exchange.list_conflicts(committee)
    exchange.resolve_conflict(committee, conflict.id, "remote")
    with committee.session() as s:
        assert s.get(Organisation, group).note == "每周三活动"
    assert _names(committee, group) == [("第一党小组", date(2026, 2, 28))]


def test_a_package_with_the_names_still_adds_a_later_rename(joined, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The control: a package of this version still brings the sender's earlier names, and one
    already here is not doubled."""
    committee, branch = joined
    group = _renamed_at_the_committee(committee, branch, tmp_path)
    rename_org(branch, _group_of(branch, "第一党支部").id, "文科党小组", date(2026, 9, 1))
    assert send(branch, committee, tmp_path).ok
    assert sorted(_names(committee, group)) == [("第一党小组", date(2026, 2, 28)), ("语文党小组", date(2026, 8, 31))]
