"""A student's data kept to the minimum (domain.md §8: collect what the rules and the reports need,
and no more; students' data kept to the minimum).

In the volume a personal name is shortened to the surname and 同学 (王小明 → 王同学); a label that is
not a name — 学生01, 学生A, 某同学, 1号 — is printed as written, since masking it would turn "学生01"
into the nonsense "学同学".

What a 党支部 tells the 党委 of a student it helps (数据包, `committee_copy`): the 党委's volume lists
the pair with the student as 王同学, its checks name the pair by mentor, student and kind, and its
figures count pairs by kind and by type of mentee (学生, 教师, 班级) — none reads the class or the
category. So a branch's package carries the student as 王同学, no class, and the category 学生 in
place of 贫困生, 特殊生 or 留守儿童 (a child's family or health circumstances). The branch's own record
stays whole. A teacher or a class paired with a member is no student's data and travels as entered.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from branchdesk.domain.mentoring.records import MenteeType

# 2–4 CJK characters (a 复姓 with a given name is at most 4), optionally followed by the class in brackets.
_NAME = re.compile(r"^([\u4e00-\u9fff]{2,4})(\s*[（(].*[）)])?$")
_NOT_NAMES = ("学生", "同学", "某", "对象", "甲", "乙", "丙")

STUDENT_CATEGORY_FOR_COMMITTEE = MenteeType.STUDENT.value  # "学生": a student, no more


def looks_like_name(text: str) -> bool:
    found = _NAME.match(text.strip())
    return found is not None and not any(word in found.group(1) for word in _NOT_NAMES)


def student_label(name: str, masked: bool) -> str:
    """王小明 → 王同学 when masked; labels and unmasked names as written."""
    name = name.strip()
    if not masked or not looks_like_name(name):
        return name
    return f"{name[0]}同学"


def committee_copy(pair: Mapping[str, Any]) -> dict[str, Any]:
    """The columns of a 结对帮扶 pair (mentoring_pairs, by column name) that the 党委 is told otherwise
    than the branch keeps them, with the value it is told: for a student, the name as 王同学, no class,
    the category 学生; nothing for a teacher or a class."""
    if pair.get("mentee_type") != MenteeType.STUDENT.value:
        return {}
    return {"mentee_name": student_label(str(pair.get("mentee_name") or ""), True), "mentee_class": "",
            "mentee_category": STUDENT_CATEGORY_FOR_COMMITTEE}
