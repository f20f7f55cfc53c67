"""The 发展党员 checker: one person's record against the rule texts in force (domain.md §4).

Severities follow the issue: `error` when recorded dates or people break a rule; `warning` when
something falls due within `UPCOMING_DAYS` of the as-of day, is overdue without a record, or when
the data a rule needs was never recorded ("未记录"). Each finding names the person, the step, the
rule id with its text and article, and the dates involved.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from branchdesk.domain.dates import add_months, add_years, age_on
from branchdesk.domain.development import DevelopmentCase, PersonRef, probation_end
from branchdesk.domain.development_rules import (
    DEFAULT_RULEBOOK,
    AgeRule,
    ExtensionRule,
    OrderRule,
    PeopleRule,
    ProbationRule,
    PublicityRule,
    ReviewRule,
    Rule,
    RuleBook,
    RuleSet,
    TimeLimit,
    TrainingRule,
    VoteRule,
)
from branchdesk.domain.development_steps import ARCHIVE_DOCUMENTS, STEP_BY_NUMBER, STEPS, Outcome
from branchdesk.domain.findings import Finding, Severity

UPCOMING_DAYS = 30
AREA = "发展党员"
_LABELS = {s.number: s.label for s in STEPS}


@dataclass(frozen=True)
class Standing:
    """A roster member as the people rules need them: were they a 正式党员 on a given day?"""

    member_id: int
    name: str
    category: str
    join_date: date | None
    full_date: date | None
    left_date: date | None

    def full_on(self, day: date) -> bool:
        if self.left_date is not None and self.left_date <= day:
            return False
        if self.full_date is not None:
            return self.full_date <= day
        # an old roster row without 转正日期: a 正式党员 one year after joining
        return self.category == "正式党员" and self.join_date is not None and add_years(self.join_date, 1) <= day


class RosterIndex:
    def __init__(self, standings: Iterable[Standing] = ()) -> None:
        self.by_id: dict[int, Standing] = {}
        self.by_name: dict[str, list[Standing]] = {}
        for standing in standings:
            self.by_id[standing.member_id] = standing
            self.by_name.setdefault(standing.name, []).append(standing)

    def find(self, person: PersonRef) -> list[Standing]:
        if person.member_id is not None and person.member_id in self.by_id:
            return [self.by_id[person.member_id]]
        return self.by_name.get(person.name, [])


def working_days(start: date, end: date) -> int:
    """Monday–Friday days from start to end inclusive. Statutory holidays are not known to the
    program; a 公示 over a holiday should be checked by eye (the message gives both dates)."""
    if end < start:
        return 0
    total = (end - start).days + 1
    weeks, rest = divmod(total, 7)
    count = weeks * 5
    weekday = start.weekday()
    for offset in range(rest):
        if (weekday + offset) % 7 < 5:
            count += 1
    return count


def _d(day: date | None) -> str:
    return day.isoformat() if day else "未记录"


@dataclass
class _Context:
    case: DevelopmentCase
    roster: RosterIndex
    as_of: date
    book: RuleBook
    out: list[tuple[int, Finding]] = field(default_factory=list)
    due: dict[int, date] = field(default_factory=dict)  # step -> the day it falls due (timeline)
    missing: set[int] = field(default_factory=set)  # skipped steps: later ones are recorded
    last_recorded: int = 0
    dates: dict[int, date] = field(default_factory=dict)  # step -> its recorded date (hot path)

    @property
    def open(self) -> bool:
        """Still moving along: pending limits and upcoming items only make sense then."""
        return not self.case.closed

    def add(self, severity: Severity, step: int, ruleset: RuleSet | None, rule: Rule | None, text: str,
            due: date | None = None) -> None:
        article = rule.article if rule else STEP_BY_NUMBER[step].article
        source = f"{ruleset.key} {article}" if ruleset else f"细则 {article}"
        label = _LABELS[step]
        message = f"{self.case.name}：{label}，{text}（{source}）"
        self.out.append((step, Finding(
            severity=severity, message=message, rule=rule.id if rule else "DEV-RECORD", source=source,
            branch=self.case.branch, person=self.case.name, step=label, area=AREA,
            period=str((self.dates.get(step) or due or self.as_of).year), due=due.isoformat() if due else None,
        )))

    def pending(self, step: int, limit: date, ruleset: RuleSet, rule: Rule, what: str) -> None:
        """The judged step is not recorded: overdue → warning (未记录), due soon → warning."""
        self.due[step] = limit
        if not self.open or self.last_recorded > step:
            return
        if self.as_of > limit:
            self.add(Severity.WARNING, step, ruleset, rule,
                     f"未记录：{what}，期限 {_d(limit)} 已过 {(self.as_of - limit).days} 天", due=limit)
        elif (limit - self.as_of).days <= UPCOMING_DAYS:
            self.add(Severity.WARNING, step, ruleset, rule, f"即将到期：{what}，期限 {_d(limit)}", due=limit)


def _age(ctx: _Context, rs: RuleSet, rule: AgeRule) -> None:
    applied = ctx.dates.get(rule.judged)
    if applied is None:
        return
    birth = ctx.case.birth_date
    if birth is None:
        ctx.add(Severity.WARNING, rule.judged, rs, rule, "未记录出生日期，无法核对年龄")
    elif age_on(birth, applied) < rule.min_age:
        ctx.add(Severity.ERROR, rule.judged, rs, rule,
                f"申请入党时未满{rule.min_age}周岁（出生 {_d(birth)}，申请 {_d(applied)}，"
                f"满{rule.min_age}周岁之日为 {_d(add_years(birth, rule.min_age))}）")


def _order(ctx: _Context, rs: RuleSet, rule: OrderRule) -> None:
    day = ctx.dates.get(rule.judged)
    if day is None:
        return
    for before in rule.after:
        other = ctx.dates.get(before)
        if other is not None and day < other:
            ctx.add(Severity.ERROR, rule.judged, rs, rule,
                    f"日期 {_d(day)} 早于它所依据的{STEP_BY_NUMBER[before].label}（{_d(other)}），程序顺序颠倒")


def _limit(ctx: _Context, rs: RuleSet, rule: TimeLimit) -> None:
    anchor = ctx.dates.get(rule.anchor)
    if anchor is None:
        return
    limit = add_months(add_years(anchor, rule.years), rule.months)
    day = ctx.dates.get(rule.judged)
    since = f"{STEP_BY_NUMBER[rule.anchor].label} {_d(anchor)}"
    if rule.at_least:
        ctx.due.setdefault(rule.judged, limit)
        if day is not None and day < limit:
            ctx.add(Severity.ERROR, rule.judged, rs, rule,
                    f"{_d(day)} 不符合“{rule.text}”：{since}，最早应为 {_d(limit)}")
        return
    if day is None:
        ctx.pending(rule.judged, limit, rs, rule, f"{rule.text}（{since}）")
        return
    ctx.due.setdefault(rule.judged, limit)
    if day <= limit:
        return
    special = add_months(anchor, rule.special_months) if rule.special_months else None
    severity = Severity.WARNING if special and day <= special else Severity.ERROR
    extra = "，仅特殊情况允许，请在备注中写明理由" if severity is Severity.WARNING else ""
    ctx.add(severity, rule.judged, rs, rule,
            f"{_d(day)} 超过期限：{rule.text}；{since}，期限 {_d(limit)}，超出 {(day - limit).days} 天{extra}")


def _publicity(ctx: _Context, rs: RuleSet, rule: PublicityRule) -> None:
    day = ctx.dates.get(rule.judged)
    if day is None:
        return
    holder = ctx.case.steps.get(rule.holder)
    start, end = (holder.start_on, holder.end_on) if holder else (None, None)
    if start is None or end is None:
        ctx.add(Severity.WARNING, rule.judged, rs, rule, f"未记录公示的起止日期（{STEP_BY_NUMBER[rule.holder].label}前应公示）")
        return
    if end < start:
        ctx.add(Severity.ERROR, rule.judged, rs, rule, f"公示结束日期 {_d(end)} 早于开始日期 {_d(start)}")
        return
    if rule.min_working_days is not None:
        count = working_days(start, end)
        if count < rule.min_working_days:
            ctx.add(Severity.ERROR, rule.judged, rs, rule,
                    f"公示 {_d(start)} 至 {_d(end)} 仅 {count} 个工作日，应不少于 {rule.min_working_days} 个工作日")
    if day <= end:
        ctx.add(Severity.ERROR, rule.judged, rs, rule, f"{_d(day)} 早于公示期满（公示 {_d(start)} 至 {_d(end)}），应在公示期满后进行")


def _people(ctx: _Context, rs: RuleSet, rule: PeopleRule) -> None:
    day = ctx.dates.get(rule.judged)
    if day is None:
        return
    people = ctx.case.people_in(rule.role)
    if not people:
        ctx.add(Severity.WARNING, rule.judged, rs, rule, f"未记录{rule.role}")
        return
    count = len(people)
    if count < rule.minimum or count > rule.maximum:
        wanted = f"{rule.minimum}名" if rule.minimum == rule.maximum else f"{rule.minimum}至{rule.maximum}名"
        names = "、".join(p.name for p in people)
        ctx.add(Severity.ERROR, rule.judged, rs, rule, f"{rule.role}应为{wanted}，现为 {count} 名（{names}）")
    if not rule.full_member:
        return
    for person in people:
        found = ctx.roster.find(person)
        if not found:
            ctx.add(Severity.ERROR, rule.judged, rs, rule, f"{rule.role}“{person.name}”不在党员名册中，应为正式党员")
        elif not any(s.full_on(day) for s in found):
            ctx.add(Severity.ERROR, rule.judged, rs, rule,
                    f"{rule.role}“{person.name}”在 {_d(day)} 不是正式党员（{_standing_text(found[0], day)}）")


def _standing_text(standing: Standing, day: date) -> str:
    if standing.left_date is not None and standing.left_date <= day:
        return f"已于 {_d(standing.left_date)} 离开"
    if standing.join_date is not None and standing.join_date > day:
        return f"入党日期为 {_d(standing.join_date)}"
    if standing.full_date is None:
        return "当时为预备党员，尚未转正"
    return f"当时为预备党员，{_d(standing.full_date)} 才转正"


def _training(ctx: _Context, rs: RuleSet, rule: TrainingRule) -> None:
    record = ctx.case.steps.get(rule.judged)
    if record is None or record.on is None:
        return
    days = (record.end_on - record.start_on).days + 1 if record.start_on and record.end_on else None
    if days is None and record.hours is None:
        ctx.add(Severity.WARNING, rule.judged, rs, rule, "未记录培训起止日期或学时，无法核对培训时间")
        return
    if (days or 0) >= rule.min_days or (record.hours or 0) >= rule.min_hours:
        return
    got = "、".join(x for x in (f"{days} 天" if days else "", f"{record.hours:g} 学时" if record.hours else "") if x)
    ctx.add(Severity.ERROR, rule.judged, rs, rule,
            f"集中培训仅 {got}，应不少于 {rule.min_days} 天或 {rule.min_hours:g} 学时")


def _reviews(ctx: _Context, rs: RuleSet, rule: ReviewRule) -> None:
    start = ctx.dates.get(rule.start)
    if start is None:
        return
    reviews = [r for r in ctx.case.reviews if r.step == rule.judged]
    undated = sum(1 for r in reviews if r.on is None)
    if undated:
        ctx.add(Severity.WARNING, rule.judged, rs, rule, f"有 {undated} 次考察未记录日期")
    end = ctx.dates.get(rule.end)
    dated = sorted(r.on for r in reviews if r.on is not None and r.on >= start and (end is None or r.on <= end))
    previous = start
    for day in dated:
        limit = add_months(previous, rule.interval_months)
        if day > limit:
            ctx.add(Severity.ERROR, rule.judged, rs, rule,
                    f"考察间隔超过半年：{_d(previous)} 之后下一次考察为 {_d(day)}（应不晚于 {_d(limit)}）")
        previous = day
    limit = add_months(previous, rule.interval_months)
    if end is not None:
        if end > limit:
            severity = Severity.ERROR if dated else Severity.WARNING
            what = f"最后一次考察 {_d(previous)}" if dated else "未记录任何考察"
            ctx.add(severity, rule.judged, rs, rule,
                    f"{what}，到{STEP_BY_NUMBER[rule.end].label}（{_d(end)}）之间超过半年未考察（应不晚于 {_d(limit)}）")
        return
    ctx.pending(rule.judged, limit, rs, rule, "每半年进行一次培养考察" + ("" if dated else "（尚未记录任何考察）"))


def _probation(ctx: _Context, rs: RuleSet, rule: ProbationRule) -> None:
    admitted = ctx.dates.get(15)
    if admitted is None:
        return
    end = probation_end(admitted, ctx.case.extension_months)
    assert end is not None
    day = ctx.dates.get(rule.judged)
    extended = f"（含延长预备期 {ctx.case.extension_months} 个月）" if ctx.case.extension_months else ""
    if day is not None:
        ctx.due.setdefault(rule.judged, end)
        if day < end:
            ctx.add(Severity.ERROR, rule.judged, rs, rule,
                    f"{_d(day)} 预备期未满：预备期自支部大会通过之日 {_d(admitted)} 起算一年{extended}，至 {_d(end)} 期满")
        return
    ctx.due[rule.judged] = end
    if not ctx.open or ctx.case.outcome is not Outcome.IN_PROGRESS:
        return
    if ctx.as_of >= end:
        ctx.add(Severity.WARNING, rule.judged, rs, rule,
                f"预备期已于 {_d(end)} 期满{extended}，未记录支部大会讨论转正，应及时讨论", due=end)
    elif (end - ctx.as_of).days <= UPCOMING_DAYS:
        ctx.add(Severity.WARNING, rule.judged, rs, rule, f"预备期将于 {_d(end)} 期满{extended}，请准备支部大会讨论转正", due=end)


def _extension(ctx: _Context, rs: RuleSet, rule: ExtensionRule) -> None:
    months = ctx.case.extension_months
    if months is None:
        return
    if not rule.min_months <= months <= rule.max_months:
        ctx.add(Severity.ERROR, rule.judged, rs, rule,
                f"延长预备期 {months} 个月，应不少于 {rule.min_months} 个月、不超过 {rule.max_months} 个月（只能延长一次）")


def _vote(ctx: _Context, rs: RuleSet, rule: VoteRule) -> None:
    record = ctx.case.steps.get(rule.judged)
    if record is None or record.on is None or record.voters_expected is None:
        return
    expected, present, yes = record.voters_expected, record.voters_present, record.votes_for
    if present is not None and present > expected:
        ctx.add(Severity.ERROR, rule.judged, rs, rule, f"实到 {present} 人多于应到 {expected} 人，请核对")
    elif present is not None and present * 2 <= expected:
        ctx.add(Severity.ERROR, rule.judged, rs, rule,
                f"应到会有表决权党员 {expected} 人，实到 {present} 人，未超过半数，会议不能进行表决（VOTE-QUORUM）")
    if yes is not None and yes * 2 <= expected:
        ctx.add(Severity.ERROR, rule.judged, rs, rule,
                f"赞成 {yes} 票，未超过应到会有表决权党员 {expected} 人的半数，决议未通过（VOTE-PASS）")


_SERIES_END = {6: 7, 21: 23}

_EVALUATORS = {
    AgeRule: _age, OrderRule: _order, TimeLimit: _limit, PublicityRule: _publicity, PeopleRule: _people,
    TrainingRule: _training, ReviewRule: _reviews, ProbationRule: _probation, ExtensionRule: _extension,
    VoteRule: _vote,
}


def _records(ctx: _Context) -> None:
    """Steps skipped over, documents never received, votes never counted: "未记录", a warning."""
    case, dates = ctx.case, ctx.dates
    reviewed = {r.step for r in case.reviews}
    missing = [s for s in STEPS if s.number < ctx.last_recorded
               and (s.number not in reviewed if s.repeated else s.number not in dates)]
    ctx.missing = {s.number for s in missing}
    missing = [s for s in missing if s.number != 6]  # step 6 has its own rule (DEV-REVIEW-6M)
    if missing:
        names = "、".join(s.label for s in missing)
        ctx.add(Severity.WARNING, missing[0].number, None, None, f"后续步骤已记录，但以下步骤未记录：{names}")
    received = {d.title for d in case.documents if d.received_on is not None or d.size}
    lacking = [t for n in sorted(dates) for t in STEP_BY_NUMBER[n].documents if t not in received]
    if 25 in dates:
        lacking += [t for t in ARCHIVE_DOCUMENTS if t not in received and t not in lacking]
    if lacking:
        ctx.add(Severity.WARNING, max(dates), None, None,
                f"材料未登记收到：{'、'.join(dict.fromkeys(lacking))}")
    for step in (15, 23):
        record = case.steps.get(step)
        if record and record.on and record.voters_expected is None:
            ctx.add(Severity.WARNING, step, None, None, "未记录表决情况（应到、实到、赞成人数）")
    approved = dates.get(24)
    if approved and 25 not in dates and ctx.as_of > add_months(approved, 1):
        ctx.add(Severity.WARNING, 25, None, None, f"已于 {_d(approved)} 批准转正，未记录材料归档")


@dataclass(frozen=True)
class Evaluation:
    tagged: list[tuple[int, Finding]]  # findings with the number of the step they are about
    due: dict[int, date]  # the day each step with a limit falls due (or may first happen)
    missing: set[int]  # steps skipped over: later steps are recorded


def evaluate(case: DevelopmentCase, roster: RosterIndex, as_of: date,
             book: RuleBook = DEFAULT_RULEBOOK) -> Evaluation:
    """Every finding of one record, tagged with its step, plus what the timeline needs."""
    ctx = _Context(case, roster, as_of, book)
    dates = ctx.dates = {n: r.on for n, r in case.steps.items() if r.on is not None}
    reviewed = [r.step for r in case.reviews if r.on is not None]
    ctx.last_recorded = max(max(dates, default=0), max(reviewed, default=0))
    default = book.index_on(as_of)
    indexes = {n: book.index_on(day) for n, day in dates.items()}
    rulesets = book.rulesets
    for judged, needed, versions in book.table:
        if needed not in dates:
            continue
        # a series of 考察 is judged by the text in force when the series ends (发展对象 / 转正)
        index = indexes.get(_SERIES_END.get(judged, judged), default)
        rule = versions[index]
        if rule is not None:
            _EVALUATORS[type(rule)](ctx, rulesets[index], rule)
    _records(ctx)
    return Evaluation(ctx.out, ctx.due, ctx.missing)


def check_case(case: DevelopmentCase, roster: RosterIndex, as_of: date,
               book: RuleBook = DEFAULT_RULEBOOK) -> list[Finding]:
    return [finding for _, finding in evaluate(case, roster, as_of, book).tagged]


def upcoming_window(as_of: date) -> tuple[date, date]:
    return as_of, as_of + timedelta(days=UPCOMING_DAYS)
