"""The school's name and its top Party organisation as a roster's title row gives them (issue 13):
"大同市第二中学校党委党员花名册" → 大同市第二中学校 and its 党委; "中共青山镇中心学校总支部委员会党员花名册"
→ 青山镇中心学校 and the 党总支 "中共青山镇中心学校总支部委员会". The name is shown on every cover; the
organisation is the one the branches hang under (`domain.org_outline.committee_name`). The kind is the
one the title says (domain.md §1: 党委 = 委员会, 党总支 = 总支部委员会, 党支部 = 支部委员会)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from branchdesk.domain.org_outline import committee_name

_LEADING = re.compile(r"^(中国共产党|中共)")
_LIST_WORDS = re.compile(
    r"(\d{4}年度?|\d{4})?(全体)?(党员|党组织)?(花名册|名册|基本信息表|信息表|统计表|台账)(（[^）]*）|\([^)]*\))?$")
# Longest first: "总支部委员会" also ends with "支部委员会" and "委员会".
_KINDS = (("总支部委员会", "党总支"), ("党总支部", "党总支"), ("党总支", "党总支"), ("支部委员会", "党支部"),
          ("党支部", "党支部"), ("委员会", "党委"), ("党委", "党委"))
_SCHOOL_END = re.compile(r"(学校|学|校|中|院|所|园)$")


@dataclass(frozen=True)
class TitleOrg:
    """What a title row says about the school: its name, the kind of its top organisation ("" when the
    title names none) and that organisation's full name ("" likewise)."""

    school: str
    kind: str = ""
    name: str = ""
    # a branch's own roster: the branch the title names after its school and organisation (trial L, TL-12)
    branch: str = ""


def org_from_title(title: str) -> TitleOrg:
    """The school and its organisation in a title row; TitleOrg("") when the title names no school."""
    text = re.sub(r"[\s\u3000]", "", title or "")
    match = _LIST_WORDS.search(text)
    head = text[:match.start()] if match else text
    head = re.sub(r"\d{4}年度?$", "", head)
    kind, suffix = "", ""
    for ending, org_kind in _KINDS:
        if head.endswith(ending):
            kind, suffix = org_kind, ending
            break
    if match is None and not kind:
        return TitleOrg("")  # not a roster title we understand
    school = _LEADING.sub("", head[:len(head) - len(suffix)])
    school = re.sub(r"\d{4}年度?$", "", school)
    if len(school) < 2 or not _SCHOOL_END.search(school):
        return _branch_title(head) if kind == "党支部" else TitleOrg("")
    if not kind:
        return TitleOrg(school)
    written = head if suffix.endswith("委员会") and _LEADING.match(head) else ""
    if kind == "党支部":  # a school with one branch: the branch is the top, named in the rows
        return TitleOrg(school, kind, written or f"中共{school}支部委员会")
    return TitleOrg(school, kind, written or committee_name(school, kind))


# "中共宁远县第三中学委员会" + "第二党支部": the organisation above (the first kind word) and the branch after it
_ABOVE_BRANCH = re.compile(r"^(.+?(?:总支部委员会|党总支部|党总支|委员会|党委))(.+(?:党支部|支部委员会))$")
# "宁远县第三中学" + "第二党支部": the school (the shortest head ending as a school's name does, with nothing of
# the name after it: not "大同市第二中学" + "校…") and its branch
_SCHOOL_NAME_END = re.compile(r"(学校|中学|小学|大学|学院|幼儿园|中心校|[一二三四五六七八九十]中|[学校院园])$")
_BRANCH_END = ("党支部", "支部委员会")


def _branch_title(head: str) -> TitleOrg:
    """A branch's own roster (trial L, TL-12): "中共宁远县第三中学委员会第二党支部" names the school, its 党委 and
    the branch; "宁远县第三中学第二党支部" the school and the branch only — no organisation above it is made
    up (T9-11). TitleOrg("") when the head is neither."""
    match = _ABOVE_BRANCH.match(head)
    if match:
        above = org_from_title(match.group(1))
        if above.school and above.kind in ("党委", "党总支"):
            return TitleOrg(above.school, above.kind, above.name, match.group(2))
    text = _LEADING.sub("", head)
    for cut in range(2, len(text)):
        school, branch = text[:cut], text[cut:]
        if _SCHOOL_NAME_END.search(school) and branch[0] not in "学校院园" and branch.endswith(_BRANCH_END):
            return TitleOrg(school, "", "", branch) if not branch.startswith(_BRANCH_END) else TitleOrg("")
    return TitleOrg("")


def school_from_title(title: str) -> str:
    """The school's name in a title row, or "" when the title names none (a bare "党员花名册")."""
    return org_from_title(title).school
