"""A small branch for the meetings tests: 党委 → 高一年级党支部 (two 党小组, a committee of three) with
seven full members and two 预备党员, plus a second branch without groups."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from branchdesk.domain.idcard import make_id_number
from branchdesk.domain.roster.records import MemberInput
from branchdesk.domain.vocabulary import OrgKind
from branchdesk.services.records_start import set_records_start
from branchdesk.services.roster.organisation import assign_post, create_org
from branchdesk.services.roster.records import save_member

BRANCH = "高一年级党支部"
OTHER = "退休教师党支部"


@dataclass
class Branch:
    id: int
    group_ids: dict[str, int]
    members: dict[str, int]  # name -> id
    other_id: int


def make_branch(db) -> Branch:  # type: ignore[no-untyped-def]
    top = create_org(db, "中共测试中学委员会", OrgKind.COMMITTEE)
    set_records_start(db, date(2024, 1, 1))  # records kept since 2024: the years the tests ask about are judged
    branch = create_org(db, BRANCH, OrgKind.BRANCH, top.id)
    other = create_org(db, OTHER, OrgKind.BRANCH, top.id)
    groups = {name: create_org(db, name, OrgKind.GROUP, branch.id).id for name in ("语文党小组", "数学党小组")}
    members: dict[str, int] = {}
    people = [("王书记", "正式党员"), ("李组织", "正式党员"), ("张宣传", "正式党员"), ("赵一", "正式党员"),
              ("钱二", "正式党员"), ("孙三", "正式党员"), ("周四", "正式党员"), ("吴预备", "预备党员"),
              ("郑预备", "预备党员")]
    for index, (name, category) in enumerate(people, start=1):
        probationary = category == "预备党员"
        record = save_member(db, MemberInput(
            name=name, id_number=make_id_number("140202", date(1980, 1, index), index, male=index % 2 == 1),
            branch=BRANCH, group="语文党小组" if index % 2 else "数学党小组", category=category,
            join_date=date(2026, 1, 10) if probationary else date(2005, 7, 1),
            full_date=None if probationary else date(2006, 7, 1),
        ))
        members[name] = record.id
    for name, post in (("王书记", "书记"), ("李组织", "组织委员"), ("张宣传", "宣传委员")):
        assign_post(db, branch.id, members[name], post, date(2024, 9, 1), date(2027, 8, 31))
    save_member(db, MemberInput(name="老党员", id_number=make_id_number("140202", date(1950, 2, 2), 77, male=True),
                                branch=OTHER, category="正式党员", join_date=date(1975, 7, 1),
                                full_date=date(1976, 7, 1)))
    return Branch(branch.id, groups, members, other.id)


def make_branch_of_eight(db) -> Branch:  # type: ignore[no-untyped-def]
    """make_branch with an eighth 正式党员 (冯八): 7 正式党员 and a committee of three remain when one leaves."""
    made = make_branch(db)
    made.members["冯八"] = save_member(db, MemberInput(
        name="冯八", id_number=make_id_number("140202", date(1981, 3, 3), 31, male=True), branch=BRANCH,
        category="正式党员", join_date=date(2005, 7, 1), full_date=date(2006, 7, 1))).id
    return made
