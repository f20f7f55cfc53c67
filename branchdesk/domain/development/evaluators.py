"""The evaluators: one function per kind of rule of development_rules, each adding findings to the
record's Context (domain.md §4; severities as in development_check)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from branchdesk.domain.dates import add_months, add_years, age_on
from branchdesk.domain.development.context import UPCOMING_DAYS, Context, Standing, working_days
from branchdesk.domain.development.context import day_text as _d
from branchdesk.domain.development.records import probation_end
from branchdesk.domain.development.rules import (
    AgeRule,
    ExtensionRule,
    OrderRule,
    PeopleRule,
    ProbationRule,
    PublicityRule,
    ReviewRule,
    Rule,
    RuleSet,
    TimeLimit,
    TrainingRule,
    VoteRule,
)
from branchdesk.domain.development.steps import ARCHIVE_DOCUMENTS, STEP_BY_NUMBER, STEPS, Outcome
from branchdesk.domain.findings import Severity


def _age(ctx: Context, rs: RuleSet, rule: AgeRule) -> None:
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


def _order(ctx: Context, rs: RuleSet, rule: OrderRule) -> None:
    day = ctx.dates.get(rule.judged)
    if day is None:
        return
    for before in rule.after:
        other = ctx.dates.get(before)
        if other is not None and day < other:
            ctx.add(Severity.ERROR, rule.judged, rs, rule,
                    f"日期 {_d(day)} 早于它所依据的{STEP_BY_NUMBER[before].label}（{_d(other)}），程序顺序颠倒")


def _limit(ctx: Context, rs: RuleSet, rule: TimeLimit) -> None:
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


def _publicity(ctx: Context, rs: RuleSet, rule: PublicityRule) -> None:
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


def _people(ctx: Context, rs: RuleSet, rule: PeopleRule) -> None:
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


def _training(ctx: Context, rs: RuleSet, rule: TrainingRule) -> None:
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


def _reviews(ctx: Context, rs: RuleSet, rule: ReviewRule) -> None:
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


def _probation(ctx: Context, rs: RuleSet, rule: ProbationRule) -> None:
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


def _extension(ctx: Context, rs: RuleSet, rule: ExtensionRule) -> None:
    months = ctx.case.extension_months
    if months is None:
        return
    if not rule.min_months <= months <= rule.max_months:
        ctx.add(Severity.ERROR, rule.judged, rs, rule,
                f"延长预备期 {months} 个月，应不少于 {rule.min_months} 个月、不超过 {rule.max_months} 个月（只能延长一次）")


def _vote(ctx: Context, rs: RuleSet, rule: VoteRule) -> None:
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


SERIES_END = {6: 7, 21: 23}

# rule type -> its evaluator, each taking that rule type (Any: one dict for ten signatures)
EVALUATORS: dict[type[Rule], Callable[[Context, RuleSet, Any], None]] = {
    AgeRule: _age, OrderRule: _order, TimeLimit: _limit, PublicityRule: _publicity, PeopleRule: _people,
    TrainingRule: _training, ReviewRule: _reviews, ProbationRule: _probation, ExtensionRule: _extension,
    VoteRule: _vote,
}


def records(ctx: Context) -> None:
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


