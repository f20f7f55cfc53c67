"""The evaluators: one function per kind of rule of development_rules, each adding findings to the
record's Context (domain.md §4; severities as in development_check)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from branchdesk.domain.dates import add_months, add_years, age_on, nth_birthday
from branchdesk.domain.development.context import UPCOMING_DAYS, Context, Standing
from branchdesk.domain.development.context import day_text as _d
from branchdesk.domain.development.records import probation_end
from branchdesk.domain.development.rules import (
    AgeRule,
    ExtensionRule,
    LeavingRule,
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
from branchdesk.domain.development.steps import ARCHIVE_DOCUMENTS, STEP_BY_NUMBER, STEPS, Outcome, Role
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
                f"满{rule.min_age}周岁之日为 {_d(nth_birthday(birth, rule.min_age))}）")


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
        if rule.judged not in ctx.due:  # not a deadline: the step may not happen before it (TK-12)
            ctx.due[rule.judged] = limit
            ctx.earliest.add(rule.judged)
        if day is not None and day < limit:
            ctx.add(Severity.ERROR, rule.judged, rs, rule,
                    f"{_d(day)} 不符合“{rule.text}”：{since}，最早应为 {_d(limit)}")
        return
    special = add_months(anchor, rule.special_months) if rule.special_months else None
    if day is None:
        ctx.pending(rule.judged, limit, rs, rule, f"{rule.text}（{since}）", special)
        return
    ctx.due.setdefault(rule.judged, limit)
    if day <= limit:
        return
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
        count = ctx.calendar.count(start, end)
        if not count.certain:
            years = "、".join(f"{y}年" for y in count.unknown_years)
            ctx.add(Severity.WARNING, rule.judged, rs, rule,
                    f"公示 {_d(start)} 至 {_d(end)} 的工作日数无法确定：尚不知道{years}的法定节假日和调休安排，"
                    f"请在“设置 → 节假日安排”中添加后重新检查（按周一至周五计为 {count.days} 天，仅供参考）")
        elif count.days < rule.min_working_days:
            ctx.add(Severity.ERROR, rule.judged, rs, rule,
                    f"公示 {_d(start)} 至 {_d(end)} 仅 {count.days} 个工作日（已扣除法定节假日、计入调休上班日），"
                    f"应不少于 {rule.min_working_days} 个工作日")
    if day <= end:
        ctx.add(Severity.ERROR, rule.judged, rs, rule, f"{_d(day)} 早于公示期满（公示 {_d(start)} 至 {_d(end)}），应在公示期满后进行")


def _people(ctx: Context, rs: RuleSet, rule: PeopleRule) -> None:
    day = ctx.dates.get(rule.judged)
    if day is None:
        return
    people = ctx.case.people_in(rule.role)
    if not people:
        # the rule reads who introduces and who fosters (正式党员?); a talker's name is a detail of the
        # talk itself, which a ledger kept by dates does not hold: a note, not a warning
        severity = Severity.WARNING if rule.full_member else Severity.INFO
        ctx.add(severity, rule.judged, rs, rule, f"未记录{rule.role}")
        return
    count = len(people)
    if count < rule.minimum or count > rule.maximum:
        wanted = f"{rule.minimum}名" if rule.minimum == rule.maximum else f"{rule.minimum}至{rule.maximum}名"
        names = "、".join(p.name for p in people)
        ctx.add(Severity.ERROR, rule.judged, rs, rule, f"{rule.role}应为{wanted}，现为 {count} 名（{names}）")
    if not rule.full_member:
        return
    until = ctx.dates.get(15) or ctx.as_of  # the introducer answers for the person until the 支部大会
    for person in people:
        found = ctx.roster.find(person)
        if not found:
            ctx.add(Severity.ERROR, rule.judged, rs, rule, f"{rule.role}“{person.name}”不在党员名册中，应为正式党员")
            continue
        standing = next((s for s in found if s.full_on(day)), None)
        if standing is None:
            left = next((s for s in found if s.left_date is not None and s.left_date <= day), None)
            if left is not None and left.status == "转出":
                ctx.add(Severity.WARNING, rule.judged, rs, rule,
                        f"{rule.role}“{person.name}”已于 {_d(left.left_date)} 转出本单位，本名册无法核对其当时是否为"
                        "正式党员，请核实")
            else:
                ctx.add(Severity.ERROR, rule.judged, rs, rule,
                        f"{rule.role}“{person.name}”在 {_d(day)} 不是正式党员（{_standing_text(found[0], day)}）")
            continue
        if rule.role is Role.INTRODUCER:
            suspended = standing.suspended_on(day)
            if suspended is not None:
                restored = f"，{_d(suspended[1])} 恢复党员权利" if suspended[1] else "，尚未恢复党员权利"
                ctx.add(Severity.ERROR, rule.judged, rs, rule,
                        f"{rule.role}“{person.name}”在 {_d(day)} 正受留党察看处分（{_d(suspended[0])} 起{restored}），"
                        "不能作入党介绍人")
            if standing.left_date is not None and day < standing.left_date <= until:
                how = "转出本单位" if standing.status == "转出" else f"离开（{standing.status}）"
                ctx.add(Severity.WARNING, rule.judged, rs, rule,
                        f"{rule.role}“{person.name}”确定后已于 {_d(standing.left_date)} {how}，"
                        "请核实其能否继续履行入党介绍人职责，必要时重新确定入党介绍人")


def _standing_text(standing: Standing, day: date) -> str:
    if standing.left_date is not None and standing.left_date <= day:
        return f"已于 {_d(standing.left_date)} 离开"
    if standing.join_date is not None and standing.join_date > day:
        return f"入党日期为 {_d(standing.join_date)}"
    if standing.full_date is None:
        return "当时为预备党员，尚未转正"
    if standing.approved_on is not None and standing.approved_on > day >= standing.full_date:
        return f"当时为预备党员，{_d(standing.approved_on)} 才批准转正"
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
        if end > limit and dated:
            ctx.add(Severity.ERROR, rule.judged, rs, rule,
                    f"最后一次考察 {_d(previous)}，到{STEP_BY_NUMBER[rule.end].label}（{_d(end)}）之间超过半年未考察"
                    f"（应不晚于 {_d(limit)}）")
        elif end > limit and not reviews:
            # a stage already closed in a ledger kept by dates, whose 考察 are on paper: a note, not a lapse
            ctx.add(Severity.INFO, rule.judged, rs, rule,
                    f"未登记考察记录（{_d(start)} 至{STEP_BY_NUMBER[rule.end].label} {_d(end)} 应每半年考察一次）；"
                    "考察材料另有存档的，可登记考察日期", about=end)  # about the file: nothing left to do by a date (T9-23)
        return
    ctx.pending(rule.judged, limit, rs, rule, "每半年进行一次培养考察" + ("" if dated else "（尚未记录任何考察）"))


def _probation(ctx: Context, rs: RuleSet, rule: ProbationRule) -> None:
    """The 转正 discussion (step 23): not before probation ends (DEV-PROBATION-1Y); promptly after it
    (DEV-FULL-PROMPT); approval (step 24) never before it (提前转正). Before the 上级党委 approved the
    admission (step 17) the person is not a 预备党员 yet: no prompts, approval of 转正 is an error."""
    admitted = ctx.dates.get(15)
    if admitted is None:
        return
    end = probation_end(admitted, ctx.case.extension_months)
    assert end is not None
    discussed, approved_full = ctx.dates.get(rule.judged), ctx.dates.get(24)
    extended = f"（含延长预备期 {ctx.case.extension_months} 个月）" if ctx.case.extension_months else ""
    ctx.due.setdefault(rule.judged, end)
    if discussed is not None and discussed < end:
        ctx.add(Severity.ERROR, rule.judged, rs, rule,
                f"{_d(discussed)} 预备期未满：预备期自支部大会通过之日 {_d(admitted)} 起算一年{extended}，至 {_d(end)} 期满")
    if approved_full is not None and approved_full < end and (discussed is None or discussed >= end):
        what = "未记录支部大会讨论转正，" if discussed is None else ""
        ctx.add(Severity.ERROR, 24, rs, rule,
                f"提前转正：{what}{_d(approved_full)} 批准转正，早于预备期满之日 {_d(end)}{extended}", cite_as="DEV-FULL-STEPS")
    warn_at = add_months(end, rule.prompt_warning_months)
    error_at = add_months(end, rule.prompt_error_months)
    prompt = "DEV-FULL-PROMPT"
    if discussed is not None:
        if discussed > error_at or discussed > warn_at:
            severity = Severity.ERROR if discussed > error_at else Severity.WARNING
            ctx.add(severity, rule.judged, rs, rule,
                    f"{_d(discussed)} 才讨论转正：预备期已于 {_d(end)} 期满{extended}，晚了 {(discussed - end).days} 天"
                    f"（超过 {rule.prompt_warning_months} 个月提醒、超过 {rule.prompt_error_months} 个月为问题），应及时讨论",
                    cite_as=prompt, as_rule=prompt)
        return
    if not ctx.open or ctx.case.outcome is not Outcome.IN_PROGRESS or approved_full is not None:
        return
    if 17 not in ctx.dates:
        return  # not yet a 预备党员: the approval is what is due (DEV-APPROVAL-3M)
    if ctx.as_of > error_at:
        ctx.add(Severity.ERROR, rule.judged, rs, rule,
                f"预备期已于 {_d(end)} 期满{extended}，已过 {(ctx.as_of - end).days} 天仍未记录支部大会讨论转正"
                f"（超过 {rule.prompt_error_months} 个月），应及时讨论", due=end, cite_as=prompt, as_rule=prompt)
    elif ctx.as_of > warn_at:
        ctx.add(Severity.WARNING, rule.judged, rs, rule,
                f"预备期已于 {_d(end)} 期满{extended}，超过 {rule.prompt_warning_months} 个月未记录支部大会讨论转正，"
                f"请及时讨论（超过 {rule.prompt_error_months} 个月即 {_d(error_at)} 后为问题）", due=end, cite_as=prompt, as_rule=prompt)
    elif ctx.as_of >= end:
        ctx.add(Severity.WARNING, rule.judged, rs, rule,
                f"预备期已于 {_d(end)} 期满{extended}，请在 {_d(warn_at)} 前召开支部大会讨论转正", due=end, cite_as=prompt, as_rule=prompt)
    elif (end - ctx.as_of).days <= UPCOMING_DAYS:
        ctx.add(Severity.WARNING, rule.judged, rs, rule, f"预备期将于 {_d(end)} 期满{extended}，请准备支部大会讨论转正", due=end)


def _extension(ctx: Context, rs: RuleSet, rule: ExtensionRule) -> None:
    """延长预备期: once, 6–12 months, decided when probation ends (by the 支部大会 that discusses 转正)."""
    months = ctx.case.extension_months
    if months is None:
        return
    if not rule.min_months <= months <= rule.max_months:
        ctx.add(Severity.ERROR, rule.judged, rs, rule,
                f"延长预备期 {months} 个月，应不少于 {rule.min_months} 个月、不超过 {rule.max_months} 个月（只能延长一次）")
    decided, admitted = ctx.case.extension_on, ctx.dates[15]
    first_end = probation_end(admitted)
    assert first_end is not None
    if decided is not None and decided < first_end:
        ctx.add(Severity.ERROR, rule.judged, rs, rule,
                f"{_d(decided)} 决定延长预备期，早于预备期满之日 {_d(first_end)}：延长预备期应在预备期满时由支部大会讨论决定")
    discussed = ctx.dates.get(23)
    if decided is not None and discussed is not None and discussed < decided:
        ctx.add(Severity.ERROR, rule.judged, rs, rule,
                f"支部大会已于 {_d(discussed)} 讨论转正，此后 {_d(decided)} 又记录延长预备期，预备期只能延长一次，请核对")


def _leaving(ctx: Context, rs: RuleSet, rule: LeavingRule) -> None:
    """DEV-LEAVING-3M: a 发展对象 leaving the unit within three months is generally not admitted."""
    leaving = ctx.case.leaving_on
    if leaving is None:
        return
    admitted = ctx.dates.get(15)
    base = admitted or (ctx.as_of if ctx.open else None)
    if base is None or leaving < base or leaving > add_months(base, rule.months):
        return
    if admitted is not None:
        text = (f"预计 {_d(leaving)} 离开本单位，距支部大会讨论接收（{_d(admitted)}）不足三个月：一般不办理接收预备党员的"
                "手续，如确需办理请写明理由")
    else:
        text = f"预计 {_d(leaving)} 离开本单位，三个月内离开的一般不办理接收预备党员的手续，请将培养考察材料转交接收单位党组织"
    ctx.add(Severity.WARNING, rule.judged, rs, rule, text)


def _vote(ctx: Context, rs: RuleSet, rule: VoteRule) -> None:
    """VOTE-QUORUM and VOTE-PASS of the 支部大会 resolution, and 应到 against the roster: the branch's
    正式党员 on that day (预备党员 have no vote); fewer is allowed only for people left out with
    approval, which the step's 备注 must name (VOTE-WHO)."""
    record = ctx.case.steps.get(rule.judged)
    if record is None or record.on is None or record.voters_expected is None:
        return
    expected, present, yes = record.voters_expected, record.voters_present, record.votes_for
    quorum, passing = ("VOTE-QUORUM", "VOTE-PASS") if rule.judged == 15 else ("DEV-FULL-VOTE", "DEV-FULL-VOTE")
    full = ctx.roster.full_members(ctx.case.branch_id, record.on)
    if full is not None and expected > len(full):
        ctx.add(Severity.ERROR, rule.judged, rs, rule,
                f"应到会有表决权的党员记为 {expected} 人，但该支部 {_d(record.on)} 只有正式党员 {len(full)} 人"
                "（预备党员没有表决权），请核对", cite_as="VOTE-WHO")
    elif full is not None and expected < len(full) - (approved := sum(s.left_out_on(record.on) for s in full)) \
            and not record.note.strip():  # those left out with approval on the member page need no 备注 (TD-5)
        known = f"（其中经批准不计入应到会的 {approved} 人已登记）" if approved else ""
        ctx.add(Severity.WARNING, rule.judged, rs, rule,
                f"应到会有表决权的党员记为 {expected} 人，少于该支部 {_d(record.on)} 的正式党员 {len(full)} 人{known}：不计入应到的"
                "党员须经上级党组织同意，请在备注中写明人员和原因", cite_as="VOTE-WHO")
    if present is not None and present > expected:
        ctx.add(Severity.ERROR, rule.judged, rs, rule, f"实到 {present} 人多于应到 {expected} 人，请核对", cite_as=quorum)
    elif present is not None and present * 2 <= expected:
        ctx.add(Severity.ERROR, rule.judged, rs, rule,
                f"应到会有表决权党员 {expected} 人，实到 {present} 人，未超过半数，会议不能进行表决", cite_as=quorum)
    if yes is not None and yes > expected:
        ctx.add(Severity.ERROR, rule.judged, rs, rule, f"赞成 {yes} 票多于应到会有表决权党员 {expected} 人，请核对",
                cite_as=passing)
    elif yes is not None and yes * 2 <= expected:
        ctx.add(Severity.ERROR, rule.judged, rs, rule,
                f"赞成 {yes} 票，未超过应到会有表决权党员 {expected} 人的半数，决议未通过", cite_as=passing)


SERIES_END = {6: 7, 21: 23}
_STEP_LABELS = {s.number: s.label for s in STEPS}

# rule type -> its evaluator, each taking that rule type (Any: one dict for ten signatures)
EVALUATORS: dict[type[Rule], Callable[[Context, RuleSet, Any], None]] = {
    AgeRule: _age, OrderRule: _order, TimeLimit: _limit, PublicityRule: _publicity, PeopleRule: _people,
    TrainingRule: _training, ReviewRule: _reviews, ProbationRule: _probation, ExtensionRule: _extension,
    VoteRule: _vote, LeavingRule: _leaving,
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
        ctx.add_missing([s.number for s in missing])
    received = {d.title for d in case.documents if d.received_on is not None or d.size}
    lacking = [t for n in sorted(dates) for t in STEP_BY_NUMBER[n].documents if t not in received]
    if 25 in dates:
        lacking += [t for t in ARCHIVE_DOCUMENTS if t not in received and t not in lacking]
    if lacking:
        # a record whose documents are kept on paper only (none registered here) gets a note; one that
        # registers some and misses others, a warning
        severity = Severity.WARNING if received else Severity.INFO
        ctx.add(severity, max(dates), None, None,
                f"材料未登记收到：{'、'.join(dict.fromkeys(lacking))}"
                + ("" if received else "（本记录未在软件中登记任何材料，可登记收到日期或附加扫描件）"))
    for step in (15, 23):
        record = case.steps.get(step)
        if record and record.on and record.voters_expected is None:
            ctx.add(Severity.WARNING, step, None, None, "未记录表决情况（应到、实到、赞成人数）")
    approved = dates.get(24)
    if approved and 25 not in dates and ctx.as_of > add_months(approved, 1):
        ctx.add(Severity.WARNING, 25, None, None, f"已于 {_d(approved)} 批准转正，未记录材料归档")


