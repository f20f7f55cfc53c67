"""TY-2 and a roster imported again: the 党内职务 column must not bring back a post that ended at a 换届
(宣传委员 张红梅, succeeded by 高志强) nor add a second, untermed 书记 beside the one appointed with a term.
A post recorded in 组织与党员 is kept; what the file says otherwise is named in a warning (record_posts:
"never changed silently")."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from branchdesk.services.roster.excel import import_roster
from branchdesk.services.roster.organisation import assign_post, get_tree, list_posts
from branchdesk.services.roster.records import list_members
from tests.roster.test_roster_import_stored import HEADERS, _id, write_roster

NEW = date.today() - timedelta(days=30)  # the new term began last month: the old one has ended by today


def _rows() -> list[list[object]]:
    names = ["王秀兰", "李明", "张红梅", "高志强", "刘建军", "周德明", "黄海涛", "马晓峰"]
    posts = {0: "书记", 1: "组织委员", 2: "宣传委员"}
    rows: list[list[object]] = []
    for n, name in enumerate(names, start=1):
        born = date(1970 + n, n, n)
        row: list[object] = [n, name, "", "汉族", _id(n, born, n % 2 == 1), None, "大学本科", "第一党支部", "", "正式党员",
                             date(2005, 7, 1), date(2006, 7, 1), "教师", "", "", posts.get(n - 1, ""), None]
        assert len(row) == len(HEADERS)
        rows.append(row)
    return rows


def test_a_second_import_keeps_the_committee_of_the_new_term(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = write_roster(tmp_path / "花名册.xlsx", _rows())
    import_roster(db, path, create_orgs=True)
    branch = next(n for root in get_tree(db) for n in root.walk() if n.name == "第一党支部")
    ids = {m.name: m.id for m in list_members(db)}
    assign_post(db, branch.id, ids["王秀兰"], "书记", NEW, NEW + timedelta(days=1096))
    assign_post(db, branch.id, ids["李明"], "组织委员", NEW, NEW + timedelta(days=1096))
    assign_post(db, branch.id, ids["高志强"], "宣传委员", NEW, NEW + timedelta(days=1096))
    before = list_posts(db, branch.id)
    report = import_roster(db, path)
    assert list_posts(db, branch.id) == before  # nothing added, nothing changed
    held = [(p.post, p.member_name) for p in list_posts(db, branch.id, on=NEW + timedelta(days=10))]
    assert held == [("书记", "王秀兰"), ("组织委员", "李明"), ("宣传委员", "高志强")]
    [said] = [w for w in report.warnings if "张红梅" in w]
    assert said.endswith(f"文件中党内职务为“宣传委员”，系统中该任职已于 {NEW - timedelta(days=1):%Y-%m-%d} 结束（卸任或换届），未作修改")
