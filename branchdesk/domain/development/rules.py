"""The rules of 发展党员 as versioned data (domain.md §4: "rules are data with an effective date").

Each `RuleSet` is one text of the 发展党员工作细则 with the day it took effect. A rule is judged by the
text in force on the date of the step it judges (`Rule.judged`; when that step is not recorded yet,
by the as-of day). Rules the texts share are defined once and listed in both sets; a rule only one
text has (the 2026 公示 before listing a 发展对象, the one-month limits of 2026) appears only there.

Adding a future revision is a data change: append a RuleSet with its `effective_from` to RULESETS.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, replace
from datetime import date

from branchdesk.domain.development.steps import Role


@dataclass(frozen=True)
class Rule:
    """A check of the 发展党员 procedure, named by id, with the article it applies."""

    id: str  # rule id cited in findings, e.g. DEV-TALK-1M
    judged: int  # the step whose date selects the text in force (and that the finding is about)
    article: str  # 第七条


@dataclass(frozen=True)
class AgeRule(Rule):
    """年满十八岁 on the application date (第五条)."""

    min_age: int = 18


@dataclass(frozen=True)
class OrderRule(Rule):
    """The judged step may not be dated before any step in `after` (程序顺序)."""

    after: tuple[int, ...] = ()


@dataclass(frozen=True)
class TimeLimit(Rule):
    """The judged step must fall within (`at_least=False`) or not before (`at_least=True`) a period
    counted from the `anchor` step. Beyond the limit and up to `special_months` it is a warning
    (a special case the text allows, to be explained), further an error."""

    anchor: int = 0
    months: int = 0
    years: int = 0
    at_least: bool = False
    special_months: int | None = None
    text: str = ""  # what the rule asks, in the text's words, for messages


@dataclass(frozen=True)
class PublicityRule(Rule):
    """公示: recorded as a start and end on step `holder`; it must end before the judged step and last
    at least `min_working_days` working days (None: required, length not fixed)."""

    holder: int = 0
    min_working_days: int | None = None


@dataclass(frozen=True)
class PeopleRule(Rule):
    """How many people of a role a step needs (谈话人, 培养联系人, 入党介绍人) and whether full members."""

    role: Role = Role.TALKER
    minimum: int = 1
    maximum: int = 99
    full_member: bool = False  # must be a 正式党员 of the roster on the step's date


@dataclass(frozen=True)
class TrainingRule(Rule):
    """集中培训 at least `min_days` days or `min_hours` 学时 (第十七条)."""

    min_days: int = 3
    min_hours: float = 24


@dataclass(frozen=True)
class ReviewRule(Rule):
    """考察 at least every `interval_months` from the `start` step until the `end` step (第十一条)."""

    start: int = 3
    end: int = 7
    interval_months: int = 6


@dataclass(frozen=True)
class ProbationRule(Rule):
    """预备期 one year from the 支部大会 that admitted the person; the 转正 discussion is held when
    it ends, not before, and promptly (党章 第七条 "及时讨论"): later than `prompt_warning_months`
    after the end is a warning, later than `prompt_error_months` an error (settings). Before the
    上级党委 approved the admission (step 17) the person is not yet a 预备党员: no 转正 prompts."""

    years: int = 1
    prompt_warning_months: int = 1
    prompt_error_months: int = 3


@dataclass(frozen=True)
class ExtensionRule(Rule):
    """延长预备期 once, at least `min_months` and at most `max_months` (第三十一条)."""

    min_months: int = 6
    max_months: int = 12


@dataclass(frozen=True)
class LeavingRule(Rule):
    """发展对象未来三个月内将离开工作、学习单位的，一般不办理接收预备党员的手续 ("一般": a warning)."""

    months: int = 3


@dataclass(frozen=True)
class VoteRule(Rule):
    """VOTE-QUORUM (实到 > 应到/2) and VOTE-PASS (赞成 > 应到/2) of a 支部大会 resolution."""


@dataclass(frozen=True)
class RuleSet:
    """The rules of one edition of the 细则, in force from a date: a case is judged by its day's edition."""

    key: str  # 细则2014
    title: str
    effective_from: date
    rules: tuple[Rule, ...]


# ---- rules both texts share ----------------------------------------------------------------------
AGE = AgeRule("DEV-AGE-18", 1, "第五条")
TALK = TimeLimit("DEV-TALK-1M", 2, "第七条", anchor=1, months=1, text="收到入党申请书后一个月内派人谈话")
ACTIVIST_YEAR = TimeLimit("DEV-ACTIVIST-1Y", 7, "第十三条", anchor=3, years=1, at_least=True,
                          text="经过一年以上培养教育和考察方可列为发展对象")
APPROVAL = TimeLimit("DEV-APPROVAL-3M", 17, "第二十四条", anchor=15, months=3, special_months=6,
                     text="上级党委在支部大会通过后三个月内审批（特殊情况可延长，但不超过六个月）")
FULL_APPROVAL = TimeLimit("DEV-FULL-APPROVAL-3M", 24, "第三十三条", anchor=23, months=3,
                          text="上级党委在支部大会讨论转正后三个月内审批")
REVIEWS = ReviewRule("DEV-REVIEW-6M", 6, "第十一条")
CONTACTS = PeopleRule("DEV-CONTACTS", 5, "第九条", role=Role.CONTACT, minimum=1, maximum=2, full_member=True)
INTRODUCERS = PeopleRule("DEV-INTRODUCERS", 9, "第十四条", role=Role.INTRODUCER, minimum=2, maximum=2,
                         full_member=True)
TALKER = PeopleRule("DEV-TALKER", 2, "第七条", role=Role.TALKER, minimum=1)
UPPER_TALKER = PeopleRule("DEV-UPPER-TALKER", 16, "第二十三条", role=Role.UPPER_TALKER, minimum=1)
TRAINING = TrainingRule("DEV-TRAINING", 11, "第十七条")
LEAVING = LeavingRule("DEV-LEAVING-3M", 15, "第十九条")
PROBATION = ProbationRule("DEV-PROBATION-1Y", 23, "第三十一条")
EXTENSION = ExtensionRule("DEV-EXTENSION", 23, "第三十一条")
VOTE_ADMIT = VoteRule("VOTE-QUORUM-PASS-15", 15, "第二十条")
VOTE_FULL = VoteRule("VOTE-QUORUM-PASS-23", 23, "第三十二条")


def _order(step: int, article: str, *after: int) -> OrderRule:
    return OrderRule(f"DEV-ORDER-{step}", step, article, after=after)


COMMON_ORDER: tuple[OrderRule, ...] = (
    _order(2, "第七条", 1), _order(3, "第八条", 1), _order(4, "第八条", 3), _order(5, "第九条", 3),
    _order(9, "第十四条", 7), _order(10, "第十六条", 7), _order(11, "第十七条", 3),
    _order(12, "第十八条", 9, 10, 11), _order(13, "第十八条", 12), _order(14, "第十八条", 13),
    _order(15, "第十九条", 14), _order(16, "第二十三条", 15), _order(17, "第二十四条", 15),
    _order(18, "第二十五条", 17), _order(19, "第二十八条", 17), _order(20, "第二十九条", 17),
    _order(22, "第三十一条", 15), _order(23, "第三十二条", 22), _order(24, "第三十三条", 23),
    _order(25, "第三十六条", 24),
)
COMMON: tuple[Rule, ...] = (
    AGE, TALK, ACTIVIST_YEAR, APPROVAL, FULL_APPROVAL, REVIEWS, CONTACTS, INTRODUCERS, TALKER, UPPER_TALKER,
    TRAINING, PROBATION, EXTENSION, LEAVING, VOTE_ADMIT, VOTE_FULL, *COMMON_ORDER,
)

# ---- 细则2014: 支委会 lists the 发展对象 and reports it for the record afterwards; 公示 after 预审 ----------
RULES_2014: tuple[Rule, ...] = (
    *COMMON,
    _order(7, "第十三条", 3),
    _order(8, "第十三条", 7),
    PublicityRule("DEV-PUBLICITY-PRETRIAL", 14, "第十八条", holder=13, min_working_days=None),
)

# ---- 细则2026: 上级党委同意 and 公示 ≥ 5 working days before listing; one-month limits ------------------
RULES_2026: tuple[Rule, ...] = (
    *COMMON,
    _order(7, "第十三条", 3, 8),
    _order(8, "第十三条", 3),
    PublicityRule("DEV-PUBLICITY-CANDIDATE", 7, "第十三条", holder=7, min_working_days=5),
    TimeLimit("DEV-MEETING-1M", 15, "第十九条", anchor=13, months=1,
              text="通过上级党委预审后一个月内召开支部大会讨论接收"),
    TimeLimit("DEV-OATH-1M", 20, "第二十九条", anchor=17, months=1, text="上级党委批准后一般在一个月内入党宣誓"),
)

RULESETS: list[RuleSet] = [
    RuleSet("细则2014", "中国共产党发展党员工作细则（2014）", date(2014, 6, 10), RULES_2014),
    RuleSet("细则2026", "中国共产党发展党员工作细则（2026年修订）", date(2026, 5, 11), RULES_2026),
]


def needed_step(rule: Rule) -> int:
    """The step whose date a rule cannot do without (0: none), so the checker can skip it early."""
    if isinstance(rule, TimeLimit):
        return rule.anchor
    if isinstance(rule, ReviewRule):
        return rule.start
    if isinstance(rule, ProbationRule):
        return 15
    if isinstance(rule, ExtensionRule):
        return 15
    if isinstance(rule, LeavingRule):
        return 13
    return rule.judged


def selecting_step(rule: Rule) -> int:
    """The step whose date selects the text a rule is judged by. A time limit is judged by the text
    in force when the limit started to run (its anchor): a 2026 one-month limit never applies to a
    period that began under the 2014 text (issue 16, item 1). Probation runs from the admission."""
    if isinstance(rule, TimeLimit):
        return rule.anchor
    if isinstance(rule, ProbationRule | ExtensionRule):
        return 15
    return rule.judged


class RuleBook:
    """The rule sets in date order, with a fast lookup of the text in force on a day."""

    def __init__(self, rulesets: list[RuleSet]) -> None:
        self.rulesets = sorted(rulesets, key=lambda r: r.effective_from)
        self._starts = [r.effective_from for r in self.rulesets]
        # every rule id once, with the version each text has (None where a text lacks the rule)
        ids: dict[str, int] = {}
        for ruleset in self.rulesets:
            for rule in ruleset.rules:
                ids.setdefault(rule.id, rule.judged)
        self.rule_ids: list[tuple[str, int]] = list(ids.items())
        self._versions = [{rule.id: rule for rule in r.rules} for r in self.rulesets]
        # (judged step, step that must be dated for the rule to say anything, the rule as each text
        # has it) — the checker's hot loop reads this and skips rules with nothing to judge
        self.table: list[tuple[int, int, int, list[Rule | None]]] = []
        for rule_id, judged in self.rule_ids:
            versions = [v.get(rule_id) for v in self._versions]
            first = next(r for r in versions if r is not None)
            self.table.append((judged, needed_step(first), selecting_step(first), versions))

    def index_on(self, day: date) -> int:
        """Index of the text in force on `day` (the earliest text for days before it took effect)."""
        return max(bisect_right(self._starts, day) - 1, 0)

    def in_force(self, day: date) -> RuleSet:
        return self.rulesets[self.index_on(day)]

    def rule(self, rule_id: str, day: date) -> tuple[RuleSet, Rule | None]:
        index = self.index_on(day)
        return self.rulesets[index], self._versions[index].get(rule_id)


    def with_settings(self, *, prompt_warning_months: int, prompt_error_months: int) -> RuleBook:
        """The same texts with the school's settings for the promptness of the 转正 discussion."""
        def adjust(rule: Rule) -> Rule:
            if isinstance(rule, ProbationRule):
                return replace(rule, prompt_warning_months=prompt_warning_months,
                               prompt_error_months=prompt_error_months)
            return rule
        return RuleBook([replace(r, rules=tuple(adjust(x) for x in r.rules)) for r in self.rulesets])


DEFAULT_RULEBOOK = RuleBook(RULESETS)
