"""Trial L, TL-13: her committee posts stand in "职务（岗位）" beside the job ("教师、支部书记", "支部组织委员"). The
import reads that column as 工作岗位 and its 党内职务 part as the member's committee post (the roster's posts
make the branch committee, domain.md §1 ORG-COMMITTEE), saying so in the report; the job keeps the rest."""

from __future__ import annotations

from pathlib import Path

from branchdesk.services.roster.excel import import_roster
from branchdesk.services.roster.organisation import get_tree, list_posts
from branchdesk.services.roster.records import list_members
from tests.roster.trial_l_roster import write_roster


def test_posts_written_in_her_job_column_become_the_committee(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    report = import_roster(db, write_roster(tmp_path / "花名册.xlsx"))
    text = report.to_text()
    assert report.ok and report.created == 10, text
    assert not any("未读取的列" in note and "职务" in note for note in report.notes), text
    branch = next(n for root in get_tree(db) for n in root.walk() if n.name == "第二党支部")
    held = sorted((p.post, p.member_name) for p in list_posts(db, branch.id))
    assert held == sorted([("书记", "张伟"), ("组织委员", "王芳"), ("宣传委员", "李娜"), ("纪检委员", "杨帆"),
                           ("委员", "周婷")])
    jobs = {m.name: m.position for m in list_members(db)}
    assert (jobs["张伟"], jobs["王芳"], jobs["杨帆"], jobs["周婷"], jobs["刘洋"]) == ("教师", "", "教师", "教研组长", "教师")
    said = [n for n in report.notes if "职务（岗位）" in n and "党内职务" in n]
    assert said and "K 列" in said[0] and "5 人" in said[0], report.notes
