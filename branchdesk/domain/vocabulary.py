"""The official wording the software uses (domain.md §1, §4). One place, so every view says the same."""

from __future__ import annotations

from enum import StrEnum


class OrgKind(StrEnum):
    """Levels of the organisation tree (domain.md ORG-GROUPS)."""

    COMMITTEE = "党委"
    GENERAL_BRANCH = "党总支"
    BRANCH = "党支部"
    GROUP = "党小组"


# Which kinds may sit directly under which: a 党小组 only under a 党支部, and so on.
ALLOWED_CHILDREN: dict[OrgKind | None, tuple[OrgKind, ...]] = {
    None: (OrgKind.COMMITTEE, OrgKind.GENERAL_BRANCH, OrgKind.BRANCH),
    OrgKind.COMMITTEE: (OrgKind.GENERAL_BRANCH, OrgKind.BRANCH),
    OrgKind.GENERAL_BRANCH: (OrgKind.BRANCH,),
    OrgKind.BRANCH: (OrgKind.GROUP,),
    OrgKind.GROUP: (),
}


class MemberCategory(StrEnum):
    FULL = "正式党员"
    PROBATIONARY = "预备党员"


class MemberStatus(StrEnum):
    """A member who leaves is marked, never deleted, so past records stay whole."""

    ACTIVE = "在册"
    TRANSFERRED_OUT = "转出"
    DECEASED = "离世"
    EXPELLED = "出党"


class MoveKind(StrEnum):
    TRANSFER_IN = "转入"
    TRANSFER_OUT = "转出"
    DECEASED = "离世"
    EXPELLED = "出党"
    RETURNED = "恢复在册"
    BRANCH_CHANGE = "支部调整"  # moved to another branch of the school on the move's date
    # moved to another 党小组 of the same branch on the move's date (TY-5): from_branch_id = to_branch_id
    GROUP_CHANGE = "党小组调整"
    LEFT_UNIT = "离开本单位"  # left the school (调离、毕业) while the 组织关系 is still here
    RETURNED_UNIT = "回到本单位"  # came back to the school after a 离开本单位 (借调、支教期满)


class DisciplineKind(StrEnum):
    """党纪处分 (党章 第四十条). 留党察看 suspends a member's rights until they are restored."""

    WARNING = "警告"
    SERIOUS_WARNING = "严重警告"
    REMOVAL = "撤销党内职务"
    PROBATION = "留党察看"
    EXPULSION = "开除党籍"


LEAVING_MOVES = {
    MoveKind.TRANSFER_OUT: MemberStatus.TRANSFERRED_OUT,
    MoveKind.DECEASED: MemberStatus.DECEASED,
    MoveKind.EXPELLED: MemberStatus.EXPELLED,
}
LEFT_STATUSES = tuple(status.value for status in LEAVING_MOVES.values())  # 转出、离世、出党: off the roster

SEXES = ("男", "女")

EDUCATION_LEVELS = ("研究生", "大学本科", "大学专科", "中专", "高中", "初中及以下")

COMMITTEE_POSTS = ("书记", "副书记", "组织委员", "宣传委员", "纪检委员", "青年委员", "统战委员", "委员")

ETHNIC_GROUPS = (
    "汉族", "蒙古族", "回族", "藏族", "维吾尔族", "苗族", "彝族", "壮族", "布依族", "朝鲜族", "满族", "侗族",
    "瑶族", "白族", "土家族", "哈尼族", "哈萨克族", "傣族", "黎族", "傈僳族", "佤族", "畲族", "高山族",
    "拉祜族", "水族", "东乡族", "纳西族", "景颇族", "柯尔克孜族", "土族", "达斡尔族", "仫佬族", "羌族",
    "布朗族", "撒拉族", "毛南族", "仡佬族", "锡伯族", "阿昌族", "普米族", "塔吉克族", "怒族", "乌孜别克族",
    "俄罗斯族", "鄂温克族", "德昂族", "保安族", "裕固族", "京族", "塔塔尔族", "独龙族", "鄂伦春族", "赫哲族",
    "门巴族", "珞巴族", "基诺族",
)
