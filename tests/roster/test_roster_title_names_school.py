"""Trial L, TL-12: a branch's own roster title names the school and the 党委 above the branch
("中共宁远县第三中学委员会第二党支部党员花名册"). Imported into an empty database it sets the school's name and that
党委, with the branch under it, so the volume's cover reads 学校：宁远县第三中学, not "—" and "中共第二党支部". A title
naming the school and a branch but nothing above it sets the name only (no 党委 is made up, T9-11); a title
not understood is said in the report, never passed over."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from branchdesk.domain.roster.school import TitleOrg, org_from_title
from branchdesk.services.annual_report.records import gather_report
from branchdesk.services.roster.excel import import_roster
from branchdesk.services.roster.organisation import get_school_name, get_tree
from tests.roster.trial_l_roster import write_roster


@pytest.mark.parametrize(("title", "found"), [
    ("中共宁远县第三中学委员会第二党支部党员花名册",
     TitleOrg("宁远县第三中学", "党委", "中共宁远县第三中学委员会", "第二党支部")),
    ("宁远县第三中学党委第二党支部党员花名册", TitleOrg("宁远县第三中学", "党委", "中共宁远县第三中学委员会", "第二党支部")),
    ("中共青山镇中心学校总支部委员会第一支部委员会党员名册",
     TitleOrg("青山镇中心学校", "党总支", "中共青山镇中心学校总支部委员会", "第一支部委员会")),
    ("宁远县第三中学第二党支部党员花名册", TitleOrg("宁远县第三中学", "", "", "第二党支部")),
    ("宁远县第三中学初中部党支部2026年党员花名册", TitleOrg("宁远县第三中学", "", "", "初中部党支部")),
    # unchanged: a school with one branch, a 党总支, a 党委
    ("中共青山镇中心学校总支部委员会党员花名册", TitleOrg("青山镇中心学校", "党总支", "中共青山镇中心学校总支部委员会")),
    ("大同市第二中学校党委党员花名册", TitleOrg("大同市第二中学校", "党委", "中共大同市第二中学校委员会")),
    ("中共示范小学支部委员会党员花名册", TitleOrg("示范小学", "党支部", "中共示范小学支部委员会")),
])
def test_a_branch_title_names_the_school_and_the_organisation_above(title: str, found: TitleOrg) -> None:
    assert org_from_title(title) == found


def test_her_roster_sets_up_the_school_for_the_cover(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    report = import_roster(db, write_roster(tmp_path / "花名册.xlsx"))
    assert report.ok, report.to_text()
    assert get_school_name(db) == "宁远县第三中学"
    [top] = get_tree(db)
    assert (top.name, [child.name for child in top.children]) == ("中共宁远县第三中学委员会", ["第二党支部"])
    assert any("宁远县第三中学" in note and "标题" in note for note in report.notes), report.notes
    data = gather_report(db, 2026, generated_on=date(2026, 12, 5))
    assert (data.school, data.organisation) == ("宁远县第三中学", "中共宁远县第三中学委员会")
    volume = gather_report(db, 2026, branch="第二党支部", generated_on=date(2026, 12, 5))
    assert volume.organisation == "中共宁远县第三中学委员会第二党支部"


def test_a_title_naming_no_organisation_above_makes_none(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    report = import_roster(db, write_roster(tmp_path / "花名册.xlsx", title="宁远县第三中学第二党支部党员花名册"))
    assert report.ok, report.to_text()
    assert get_school_name(db) == "宁远县第三中学"
    assert [node.name for node in get_tree(db)] == ["第二党支部"]
    volume = gather_report(db, 2026, branch="第二党支部", generated_on=date(2026, 12, 5))
    assert (volume.school, volume.organisation) == ("宁远县第三中学", "中共宁远县第三中学第二党支部")


def test_a_title_not_understood_is_said(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    report = import_roster(db, write_roster(tmp_path / "花名册.xlsx", title="第二党支部党员花名册（2026年）"))
    assert report.ok, report.to_text()
    assert get_school_name(db) == ""
    assert any("学校名称" in note and "设置" in note for note in report.notes), report.notes
