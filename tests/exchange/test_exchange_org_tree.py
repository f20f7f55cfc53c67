"""The organisation tree on a branch's own PC (trial 9, T9-17): it is the committee's (README: "the
organisation tree arrives read-only"; domain/exchange/scope.py) — a rename, a new 党支部 or its dates
made there would never be sent, and the two PCs would name one branch differently. The branch's own
党小组 are its records and stay editable. A branch renamed at the committee is followed by the site
everywhere: `package export --to`, the package file names, `package status`, on both PCs."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from branchdesk.db.models import Organisation
from branchdesk.domain.vocabulary import OrgKind
from branchdesk.services.errors import RuleViolation
from branchdesk.services.exchange import records as exchange
from branchdesk.services.records_start import set_branch_dates
from branchdesk.services.roster.organisation import (
    create_org,
    delete_org,
    org_change_refusals,
    org_deletion_refusal,
    rename_org,
)
from tests.exchange.exchange_helpers import org_id, send


def test_a_branch_pc_keeps_the_committee_s_tree_read_only(joined, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    committee, branch = joined
    own, other = org_id(branch, "第一党支部"), org_id(branch, "第二党支部")
    with branch.session() as s:
        top = s.scalars(select(Organisation.id).where(Organisation.kind == "党委")).one()
    for attempt in (lambda: rename_org(branch, own, "初中部党支部"),
                    lambda: rename_org(branch, other, "高中部党支部"),
                    lambda: rename_org(branch, top, "新党委"),
                    lambda: create_org(branch, "第三党支部", OrgKind.BRANCH, top),
                    lambda: create_org(branch, "第二党支部新组", OrgKind.GROUP, other),
                    lambda: delete_org(branch, other),
                    lambda: set_branch_dates(branch, own, date(2020, 1, 1), None)):
        with pytest.raises(RuleViolation, match="由党委维护") as refused:
            attempt()
        assert "第一党支部" in str(refused.value) and "下发" in str(refused.value)
    assert "由党委维护" in org_deletion_refusal(branch, other)
    refusals = org_change_refusals(branch, own)
    assert refusals["rename"] and refusals["delete"] and refusals["dates"] and not refusals["add"]
    # its own 党小组 are its records: made, renamed and deleted there, and they go up
    group = create_org(branch, "第二党小组", OrgKind.GROUP, own)
    rename_org(branch, group.id, "第三党小组")
    assert not org_change_refusals(branch, group.id)["rename"]
    assert send(branch, committee, tmp_path).ok
    assert org_id(committee, "第三党小组", "党小组")
    delete_org(branch, group.id)
    # the committee's own database is not a branch's: everything is open there
    rename_org(committee, org_id(committee, "第二党支部"), "高中部党支部")
    assert not any(org_change_refusals(committee, org_id(committee, "第一党支部")).values())


def test_a_branch_renamed_at_the_committee_is_followed_by_its_site(joined, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    committee, branch = joined
    rename_org(committee, org_id(committee, "第一党支部"), "初中部党支部")
    assert "初中部党支部" in exchange.exchange_status(committee).to_text()
    result = exchange.export_package(committee, tmp_path, to="初中部党支部")
    assert result.peer == "初中部党支部" and result.path.name.endswith("_下发_初中部党支部_0002.bdpkg")
    assert exchange.import_package(branch, result.path).ok
    status = exchange.exchange_status(branch)
    assert status.site == "初中部党支部" and "第一党支部" not in status.to_text()
    up = exchange.export_package(branch, tmp_path)
    assert up.path.name.startswith("初中部党支部_上报_")
    assert exchange.import_package(committee, up.path).ok
    # the committee renamed too: its own site and the branch's peer follow once the rename came down
    rename_org(committee, org_id(committee, "中共青山镇中心学校委员会", "党委"), "中共青山镇学校委员会")
    assert exchange.exchange_status(committee).site == "中共青山镇学校委员会"
    down = exchange.export_package(committee, tmp_path, to="初中部党支部")
    assert down.path.name.startswith("中共青山镇学校委员会_下发_初中部党支部_")
    assert exchange.import_package(branch, down.path).ok
    assert exchange.export_package(branch, tmp_path).path.name.startswith("初中部党支部_上报_中共青山镇学校委员会_")
    # the name as typed with other brackets is the same name
    rename_org(committee, org_id(committee, "初中部党支部"), "第一党支部（初中部）")
    assert exchange.export_package(committee, tmp_path, to="第一党支部(初中部)").peer == "第一党支部（初中部）"



def test_a_roster_import_on_a_branch_pc_does_not_make_branches(joined, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The same tree by another door: a roster file naming a 党支部 the PC does not have, or a new
    党小组 of another branch, is refused there row by row, even when confirmed; a new 党小组 of the
    branch itself is made as anywhere."""
    from branchdesk.domain.idcard import make_id_number
    from branchdesk.services.roster.excel import import_roster
    from tests.xlsx_factory import make_workbook

    headers = ["姓名", "公民身份号码", "所在党支部", "党小组", "人员类别", "入党日期", "转正日期"]

    def row(n: int, branch: str, group: str) -> list[object]:
        return [f"新党员{'甲乙丙'[n - 1]}", make_id_number("140202", date(1990, 1, n), n, male=True), branch, group, "正式党员",
                "2015-07-01", "2016-07-01"]

    committee, branch = joined
    rows = [row(1, "第三党支部", ""), row(2, "第二党支部", "新的党小组"), row(3, "第一党支部", "第二党小组")]
    report = import_roster(branch, make_workbook(tmp_path / "花名册.xlsx", headers, rows), create_orgs=True)
    assert not report.ok
    problems = {p.row: p.message for p in report.problems}
    assert "由党委维护" in problems[2] and "第三党支部" in problems[2]
    assert "由党委维护" in problems[3] and "新的党小组" in problems[3]
    assert 4 not in problems
    report = import_roster(branch, make_workbook(tmp_path / "本支部.xlsx", headers, rows[2:]), create_orgs=True)
    assert report.ok, report.problems
    assert org_id(branch, "第二党小组", "党小组")
