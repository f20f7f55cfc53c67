"""The sections of the year-end report (issue 7) as plain data: one dataclass per area with its rows.
`AnnualReportData` (records.py) holds one of each; each is built by services/annual_report/<area>.py.
Here: what every section shares (the words for what cannot be known, `share`, the months the records
cover, `Count`, `FindingRow`) and the 基本情况 section; the others are in <area>_section.py."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

NOT_COVERED = "—"  # a month outside the records' span: not known, never "0 held"
UNJUDGED = "无法判断"  # a figure the records cannot tell (谈心谈话 without who took part: MTG-YEARLY-TALKS)
# a 党支部 joined to the committee's exchange that never sent a 上报 (trial D, TD-2): its own figures cannot be
# known at the committee — printed as this, never as 0 nor as "held none"
UNREPORTED = "未上报"
NOT_REQUIRED = "不适用"  # a kind no branch in scope is required to hold (支委会 of a branch under 7 正式党员)
# What was not entered is shown as not entered, never as 0 (a count of nothing logged cannot tell "none
# held" from "not written down"): 结对帮扶 activities, 成果 and 年度考核 (domain.md §7).
NOT_LOGGED_EACH = "未逐次登记"  # activities: none logged one by one
NOT_ITEMISED = "未逐项登记"  # 成果: none itemised (dated, with its kind)
NOT_LOGGED = "未登记"  # a table cell of either
NOT_ENTERED = "未录入"  # 年度考核 not entered
# The kinds each meetings chapter of the volume counts (its box, and the paragraph's parts of a total)
THREE_MEETINGS = ("支部党员大会", "支部委员会", "党小组会", "党课")
THEME_DAY = ("主题党日",)
LIFE = ("组织生活会", "民主评议党员")
MEETING_CHAPTERS = (("三会一课", THREE_MEETINGS), ("主题党日", THEME_DAY), ("组织生活会与民主评议", LIFE))


def share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def day_words(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def covered_months(year: int, first: date | None, last: date | None) -> list[bool]:
    """Which months of `year` the records cover: the calendar runs from the later of the database's
    启用日期 and the branch's 成立日期 to its 撤销日期 (domain.md §2; issue 13), a month counting when
    any of its days is inside. No start (nothing recorded yet, no 启用日期) covers every month.
    Compared as (year, month): a month's last day is on or after `first` exactly when the month is not
    before first's, its first day on or before `last` when it is not after last's (issue 18: this
    runs for every branch and kind the volume and the workbook show)."""
    since = (first.year, first.month) if first is not None else None
    until = (last.year, last.month) if last is not None else None
    return [(since is None or (year, month) >= since) and (until is None or (year, month) <= until)
            for month in range(1, 13)]


@dataclass
class Count:
    """A labelled count: one bar of a chart, one line of a breakdown."""

    label: str
    value: int


@dataclass
class BranchMembers:
    """One branch's membership figures for the year (a line of the 基本情况 table)."""

    branch: str
    total: int
    full: int
    probationary: int
    male: int
    female: int
    new: int  # admitted (预备党员) in the year
    made_full: int  # 转正 in the year
    left: int  # 转出 / 离世 / 出党 in the year
    moved_in: int = 0  # 调入 by a dated 支部调整 in the year (TV-11)
    moved_out: int = 0  # 调出 by a dated 支部调整 in the year


@dataclass
class RosterRow:
    """One member's line of the report's 党员名册 (the ID number masked unless asked otherwise)."""

    name: str
    sex: str
    ethnicity: str
    id_number: str  # masked unless the user asked otherwise
    birth_date: date | None
    education: str
    branch: str
    group: str
    category: str
    join_date: date | None
    full_date: date | None
    position: str
    phone: str  # "" unless unmasked


@dataclass
class BasicSection:
    """The 基本情况 chapter: the membership on the report's day, its breakdowns and the year's flow."""

    as_of: date
    total: int = 0
    branches: list[BranchMembers] = field(default_factory=list)
    by_category: list[Count] = field(default_factory=list)
    by_sex: list[Count] = field(default_factory=list)
    by_age: list[Count] = field(default_factory=list)
    by_education: list[Count] = field(default_factory=list)
    by_ethnicity: list[Count] = field(default_factory=list)
    new_members: int = 0
    made_full: int = 0
    on_time: int = 0  # of made_full: 转正 exactly one year after admission (按期转正)
    pending: list[str] = field(default_factory=list)  # admitted by the 支部大会, awaiting approval: "姓名（支部）"
    left: int = 0
    moved_in: int = 0  # 支部调整 into / out of the branches in scope (within the school the two are equal)
    moved_out: int = 0
    staff_count: int | None = None  # 教职工总数 from the settings, when set
    staff_share: float | None = None
    roster: list[RosterRow] = field(default_factory=list)
    renamed_groups: list[str] = field(default_factory=list)  # "第一党小组（后更名为语文党小组）" (TY-5)
    # the 党支部 in scope renamed since the year began: "第一党支部（后更名为语文党支部）" — the volume names a
    # 党支部 by its name now, so its earlier name of the year is told once (org_names)
    renamed_branches: list[str] = field(default_factory=list)

    committees: list[CommitteeRow] = field(default_factory=list)  # 班子建设: one row per branch


@dataclass
class CommitteeRow:
    """A branch's committee (支部委员会) as the roster's 党内职务 and the org panel record it."""

    branch: str
    members: int  # 党员 at the figures' day
    posts: list[tuple[str, str]]  # (职务, 姓名) in the regulation's order
    needs_committee: bool  # 7 or more members: the branch must elect a committee (支部条例 第二十条)
    # posts whose holder left the branch during the term (离世, 转出, 出党, 支部调整) and nobody holds since:
    # (职务, "王德（组织委员）2026-10-08 离世") — not in `posts`: the committee stands short of them (TV-3)
    vacant: list[tuple[str, str]] = field(default_factory=list)

    @property
    def size(self) -> int:
        return len({name for _post, name in self.posts})

    @property
    def has_committee(self) -> bool:
        """A committee has a 书记 and at least two other 委员 (支部条例 第二十条: 3 to 5, at most 7), in a
        branch of 7 or more 正式党员: under 7 the branch sets up none, whatever posts are registered
        (they are listed, and its 支委会 are not required — as the check and the calendar say). A
        committee a member left is still the one elected, short of that member until the post is filled."""
        return self.needs_committee and self.size + len(self.vacant) >= 3

    @property
    def extra_posts(self) -> bool:
        """Under 7 正式党员, 委员 registered besides the 书记 and 副书记 (the check asks to verify them)."""
        return not self.needs_committee and any(post not in ("书记", "副书记") for post, _name in self.posts)

    @property
    def secretary(self) -> str:
        return next((name for post, name in self.posts if post == "书记"), "")


@dataclass
class FindingRow:
    """One finding of a rule check in plain words, as the report's tables and appendix list it."""

    severity: str  # 问题 / 提醒 / 信息
    branch: str
    person: str
    message: str
    rule: str
    area: str = ""  # 三会一课 / 发展党员 …: the appendix says where a finding comes from
