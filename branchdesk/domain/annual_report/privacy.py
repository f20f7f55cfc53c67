"""How a student appears in the volume (domain.md §8: students' data kept to the minimum): a personal
name is shortened to the surname and 同学 (王小明 → 王同学); a label that is not a name — 学生01, 学生A,
某同学, 1号 — is printed as written, since masking it would turn "学生01" into the nonsense "学同学"."""

from __future__ import annotations

import re

# 2–4 CJK characters (a 复姓 with a given name is at most 4), optionally followed by the class in brackets.
_NAME = re.compile(r"^([\u4e00-\u9fff]{2,4})(\s*[（(].*[）)])?$")
_NOT_NAMES = ("学生", "同学", "某", "对象", "甲", "乙", "丙")


def looks_like_name(text: str) -> bool:
    found = _NAME.match(text.strip())
    return found is not None and not any(word in found.group(1) for word in _NOT_NAMES)


def student_label(name: str, masked: bool) -> str:
    """王小明 → 王同学 when masked; labels and unmasked names as written."""
    name = name.strip()
    if not masked or not looks_like_name(name):
        return name
    return f"{name[0]}同学"
