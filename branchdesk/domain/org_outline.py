"""The branches and 党小组 of a school typed as a list — the way a secretary would write them on paper —
read into names, with every problem said at once (first start; domain.md ORG-GROUPS).

    初一年级党支部：语文党小组、数学党小组
    高一年级党支部
        第一党小组
        第二党小组
    退休教师党支部

A line is a branch; its groups follow a colon (separated by 、，,；;/ or spaces) or sit on the
indented lines (or lines starting with - or ·) under it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

SEPARATORS = re.compile(r"[、，,；;/\s]+")
GROUP_MARK = re.compile(r"^(?:\s+[-·•*]?|[-·•*])\s*")
MAX_NAME = 60


@dataclass
class BranchLine:
    name: str
    groups: list[str] = field(default_factory=list)


def parse_outline(text: str) -> tuple[list[BranchLine], list[str]]:
    """The branches with their groups, in the order typed, and the problems (line numbers counted from 1)."""
    branches: list[BranchLine] = []
    problems: list[str] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        if GROUP_MARK.match(raw) and branches:
            names = [n for n in SEPARATORS.split(GROUP_MARK.sub("", raw).strip()) if n]
            branches[-1].groups += names
            continue
        head, _, tail = raw.strip().replace("：", ":").partition(":")
        branches.append(BranchLine(head.strip(), [n for n in SEPARATORS.split(tail.strip()) if n]))
        if not head.strip():
            problems.append(f"第{number}行：冒号前应写党支部名称")
    seen: set[str] = set()
    for branch in branches:
        if branch.name in seen:
            problems.append(f"党支部“{branch.name}”写了两次")
        seen.add(branch.name)
        for name in [branch.name, *branch.groups]:
            if len(name) > MAX_NAME:
                problems.append(f"“{name[:20]}…”太长（名称不超过 {MAX_NAME} 字）")
        doubled = {g for g in branch.groups if branch.groups.count(g) > 1}
        if doubled:
            problems.append(f"“{branch.name}”下的党小组“{'、'.join(sorted(doubled))}”写了两次")
        branch.groups = list(dict.fromkeys(branch.groups))
    return [b for b in branches if b.name], problems


def format_outline(branches: list[BranchLine]) -> str:
    """The list as it is typed (to fill the editor from a roster file or from the database)."""
    return "\n".join(f"{b.name}：{'、'.join(b.groups)}" if b.groups else b.name for b in branches)


def committee_name(school: str, kind: str) -> str:
    """The usual full name: 中共XX中学委员会 (党委) or 中共XX中学总支部委员会 (党总支)."""
    school = school.strip()
    if not school:
        return ""
    return f"中共{school}{'总支部委员会' if kind == '党总支' else '委员会'}"
