"""The demo school's roster (`branchdesk demo`, the first demo step): modelled on the seeds, a school
Party committee with branches built on grade groups (支部建在年级组), an administration branch and a
retirees' branch, 党小组 per teaching-research group, about 120 members with plausible names (rare
characters and a name with "·" included), valid synthetic ID numbers and each branch's committee — and
one teacher who came this year by 组织关系转入 (`TRANSFER_NAME`), on the roster from her day.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from branchdesk.db.engine import Database
from branchdesk.db.models import CommitteePost, Member, MemberMove, Organisation
from branchdesk.db.queries import set_setting
from branchdesk.domain.dates import add_years
from branchdesk.domain.idcard import make_id_number
from branchdesk.domain.vocabulary import MemberCategory, MemberStatus, MoveKind, OrgKind

SCHOOL = "示范市第二中学"
BRANCHES = {
    "高一年级党支部": ("语文数学党小组", "外语综合党小组"),
    "高二年级党支部": ("文科党小组", "理科党小组"),
    "高三年级党支部": ("文科党小组", "理科党小组"),
    "初中部党支部": ("初一初二党小组", "初三党小组"),
    "行政后勤党支部": ("行政党小组", "后勤党小组"),
    "退休教师党支部": (),
}
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥玲芬燕彩春菊凤洁梅琳素云莲真环雪荣爱妹霞香月莺媛艳瑞凡佳嘉琼勤珍贞莉桂娣叶璧璐娅琦晶妍茜秋珊莎锦黛青倩婷姣婉娴瑾颖露瑶怡婵雁蓓纨仪荷丹蓉眉君琴蕊薇菁梦岚苑婕馨瑗琰韵融园艺咏卿聪澜纯毓悦昭冰爽琬茗羽希宁欣飘育滢馥筠柔竹霭凝晓欢霄枫芸菲寒伊亚宜可姬舒影荔枝思丽"
RARE_NAMES = ("王喆", "李堃", "张珺", "陈赟")
POSITIONS = ("语文教师", "数学教师", "英语教师", "物理教师", "化学教师", "生物教师", "历史教师", "地理教师",
             "政治教师", "体育教师", "年级主任", "教研组长", "班主任", "教务处干事", "总务处干事", "校医")
EDUCATION = ("大学本科",) * 6 + ("研究生",) * 3 + ("大学专科",)
REGIONS = ("140202", "140203", "140211", "140212", "140221")
# The demo's 组织关系转入: a teacher new to the school this year, on the roster — and on her branch's
# sign-in sheets, in its 学时 and 党费 — from her day only (TY-4), never on an earlier sheet. She is made
# without the demo's random sequence, so every other record of the demo stays as it was.
TRANSFER_BRANCH = "高二年级党支部"
TRANSFER_NAME = "叶沁"  # 沁 is not in GIVEN: no generated name is hers


def transfer_day(today: date) -> date:
    """The day of the demo's 转入: 20 April of the demo's year (of the year before, for a demo day before it)."""
    day = date(today.year, 4, 20)
    return day if day <= today else date(today.year - 1, 4, 20)


def _name(rng: random.Random, used: set[str]) -> str:
    while True:
        name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))
        if name not in used:
            used.add(name)
            return name


def build_roster_demo(db: Database, rng: random.Random, today: date, *, members_per_branch: int = 20) -> str:
    """The school, its branches and groups, members and committees; returns the summary line."""
    with db.session() as session:
        set_setting(session, "school_name", SCHOOL)
        set_setting(session, "staff_count", "360")
        committee = Organisation(name=f"中共{SCHOOL}委员会", kind=OrgKind.COMMITTEE.value, note="")
        session.add(committee)
        session.flush()
        used: set[str] = set()
        sequence = 0
        rare = list(RARE_NAMES)
        for order, (branch_name, group_names) in enumerate(BRANCHES.items()):
            branch = Organisation(name=branch_name, kind=OrgKind.BRANCH.value, parent_id=committee.id,
                                  sort_order=order, note="")
            session.add(branch)
            session.flush()
            groups = []
            for g_order, group_name in enumerate(group_names):
                group = Organisation(name=group_name, kind=OrgKind.GROUP.value, parent_id=branch.id,
                                     sort_order=g_order, note="")
                session.add(group)
                groups.append(group)
            session.flush()
            retired = branch_name.startswith("退休")
            members: list[Member] = []
            for index in range(members_per_branch):
                sequence += 1
                male = rng.random() < 0.45
                age = rng.randint(62, 80) if retired else rng.randint(24, 58)
                birth = today - timedelta(days=age * 365 + rng.randint(0, 364))
                name = rare.pop() if rare and index == 3 else _name(rng, used)
                ethnicity = "汉族" if rng.random() < 0.93 else rng.choice(("回族", "蒙古族", "满族"))
                if sequence == 7:
                    name, ethnicity, male = "阿依古丽·买买提", "维吾尔族", False
                join = add_years(birth, rng.randint(22, 35 if not retired else 30))
                latest = today - timedelta(days=400)
                if join > latest:
                    earliest = add_years(birth, 19)
                    join = earliest + timedelta(days=rng.randint(0, max((latest - earliest).days, 0)))
                probationary = not retired and index in (17, 18)
                if probationary:
                    join = today - timedelta(days=rng.randint(60, 330))
                member = Member(
                    name=name, sex="男" if male else "女", ethnicity=ethnicity,
                    id_number=make_id_number(rng.choice(REGIONS), birth, sequence, male),
                    birth_date=birth, education=rng.choice(EDUCATION), branch_id=branch.id,
                    group_id=groups[index % len(groups)].id if groups else None,
                    category=(MemberCategory.PROBATIONARY if probationary else MemberCategory.FULL).value,
                    join_date=join, full_date=None if probationary else add_years(join, 1),
                    position="退休教师" if retired else rng.choice(POSITIONS),
                    phone=f"13{rng.randint(0, 9)}{rng.randint(10_000_000, 99_999_999)}",
                    note="", status=MemberStatus.ACTIVE.value,
                )
                session.add(member)
                members.append(member)
            session.flush()
            term_start = date(today.year - 1, 9, 1)
            posts = ("书记", "副书记", "组织委员", "宣传委员", "纪检委员")
            for post, member in zip(posts, (m for m in members if m.category == MemberCategory.FULL.value), strict=False):
                session.add(CommitteePost(org_id=branch.id, member_id=member.id, post=post,
                                          term_start=term_start, term_end=add_years(term_start, 3)))
        session.flush()
        _transferred_in(session, today, sequence + 1)
        member_count = session.scalar(select(func.count()).select_from(Member))
    return f"演示数据已生成：{SCHOOL}，{len(BRANCHES)} 个党支部，{member_count} 名党员。"


def _transferred_in(session: Session, today: date, sequence: int) -> None:
    """The teacher who came by 组织关系转入 on `transfer_day`: a 正式党员 of ten years, in 高二's 文科党小组."""
    branch = session.scalars(select(Organisation).where(Organisation.name == TRANSFER_BRANCH)).first()
    if branch is None:
        return
    group = session.scalars(select(Organisation).where(Organisation.parent_id == branch.id)
                            .order_by(Organisation.sort_order, Organisation.id)).first()
    birth = date(today.year - 36, 3, 14)
    join = date(today.year - 11, 6, 28)
    member = Member(
        name=TRANSFER_NAME, sex="女", ethnicity="汉族", id_number=make_id_number(REGIONS[0], birth, sequence, False),
        birth_date=birth, education="研究生", branch_id=branch.id, group_id=group.id if group else None,
        category=MemberCategory.FULL.value, join_date=join, full_date=add_years(join, 1), position="语文教师",
        phone="13803520420", note="", status=MemberStatus.ACTIVE.value)
    session.add(member)
    session.flush()
    session.add(MemberMove(member_id=member.id, kind=MoveKind.TRANSFER_IN.value, move_date=transfer_day(today),
                           counterpart="县第一中学党支部", reason="工作调动"))
