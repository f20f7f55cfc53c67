"""`branchdesk demo` for 党费: a year of collection as a school keeps it. Every member has a base —
teachers' after-tax pay (half entered as 岗位 / 薪级 / 绩效 / 津贴补贴), retirees' pensions, one
自愿多交 and one 减免 approved by the committee, a few pay rises from July. Each branch's 组织委员
collects on the 主题党日 (the 10th–15th) in cash or online, and the branch hands the quarter's dues up
to the committee after each quarter. A few arrears make the ledger and `branchdesk check` show
something real: a teacher three months behind (a warning), a retiree in hospital six months behind
(an error citing 党章 第九条), two months paid back in one 补交, a teacher still paying the old amount
after a rise (a shortfall), a base not confirmed for 14 months, and a member transferred in mid-year."""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date
from decimal import Decimal

from sqlalchemy import select

from branchdesk.db.engine import Database
from branchdesk.db.models import (
    CommitteePost,
    DuesBase,
    DuesHandUp,
    DuesPayment,
    DuesPaymentMonth,
    Member,
    MemberMove,
    Organisation,
)
from branchdesk.db.queries import set_setting, top_organisation
from branchdesk.domain.dues.amounts import split_amount
from branchdesk.domain.dues.months import Month, months_between
from branchdesk.domain.dues.obligation import obligation
from branchdesk.domain.dues.rates import STANDARD_2008, DuesCategory, RateTables, TableKind, compute
from branchdesk.domain.dues.settings import KEY_START
from branchdesk.domain.vocabulary import MemberCategory, MemberStatus, MoveKind, OrgKind

TABLES = RateTables(STANDARD_2008)


def _pay(rng: random.Random, retired: bool) -> tuple[Decimal, tuple[Decimal, ...] | None]:
    """A plausible monthly after-tax pay (or pension), to the 元; parts for about half the teachers."""
    if retired:
        return Decimal(rng.randrange(3800, 7600, 10)), None
    post = Decimal(rng.choice((1700, 2100, 2500, 2800, 3300)))
    scale = Decimal(rng.randrange(400, 1900, 10))
    merit = Decimal(rng.randrange(1200, 3200, 10))
    allowance = Decimal(rng.randrange(200, 900, 10))
    total = post + scale + merit + allowance
    return total, ((post, scale, merit, allowance) if rng.random() < 0.5 else None)


def _due(kind: TableKind, base: Decimal, month: Month) -> Decimal:
    result = compute(TABLES, kind, base, month.first_day)
    assert result is not None
    return result.amount


def build_dues_demo(db: Database, rng: random.Random, today: date) -> str:
    year = today.year
    start = Month(year, 1)
    collected_to = Month.of(today) if today.day >= 15 else Month.of(today).plus(-1)
    with db.session() as session:
        set_setting(session, KEY_START, start.iso)
        branches = {o.id: o for o in session.scalars(select(Organisation).where(
            Organisation.kind == OrgKind.BRANCH.value, Organisation.deleted_at.is_(None)))}
        committee = top_organisation(session)
        organisers = {p.org_id: p.member_id for p in session.scalars(select(CommitteePost).where(
            CommitteePost.post == "组织委员", CommitteePost.deleted_at.is_(None)))}
        members = [m for m in session.scalars(select(Member).where(Member.deleted_at.is_(None)).order_by(Member.id))
                   if (m.join_date is None or m.join_date <= today) and (m.left_date is None or m.left_date.year >= year)]
        names = {m.id: m.name for m in members}
        by_branch: dict[int, list[Member]] = defaultdict(list)
        for m in members:
            by_branch[m.branch_id].append(m)
        retired_branch = {b for b, o in branches.items() if o.name.startswith("退休")}
        # the member the roster demo brought in by 组织关系转入 owes from that day (DUES: obligation)
        arrivals = {member_id: day for member_id, day in session.execute(
            select(MemberMove.member_id, MemberMove.move_date).where(MemberMove.kind == MoveKind.TRANSFER_IN.value))}
        teachers = [m for m in members if m.branch_id not in retired_branch and m.category == MemberCategory.FULL.value
                    and m.status == MemberStatus.ACTIVE.value and m.id not in arrivals]
        retirees = [m for m in members if m.branch_id in retired_branch and m.status == MemberStatus.ACTIVE.value]
        # six drawn, as when the sixth was made the 转入 (the roster demo has its own since): the draws after
        # stay the same, and the sixth is left as it is
        picks = rng.sample(teachers, 6)
        behind3, late_pair, short_after_rise, stale, voluntary = picks[:5]
        hospital = rng.choice(retirees) if retirees else None
        reduced = rng.choice([m for m in retirees if m is not hospital]) if len(retirees) > 1 else None
        rises = set(rng.sample([m.id for m in teachers if m not in picks], 5)) | {short_after_rise.id}
        approved_by = committee.name if committee is not None else "上级党委"
        plan: dict[int, list[tuple[Month, DuesCategory, Decimal | None, Decimal | None]]] = {}
        for m in members:
            retired = m.branch_id in retired_branch
            base, parts = _pay(rng, retired)
            category = DuesCategory.RETIRED if retired else DuesCategory.EMPLOYED
            kind = TableKind.RETIRED if retired else TableKind.EMPLOYED
            confirmed = date(year - 1, 9, 10) if m is stale else date(year, 1, 8)
            applies = Month(year - 1, 9) if m is stale else start
            row = DuesBase(member_id=m.id, category=category.value, applies_from=applies.key, base=base,
                           confirmed_on=confirmed, note="")
            if parts is not None:
                row.post_pay, row.scale_pay, row.merit_pay, row.allowance = parts
            own = None
            if m is voluntary:
                own = _due(kind, base, start) + 50
                row.category, row.basis, row.own_amount = DuesCategory.VOLUNTARY.value, kind.value, own
                row.note = "本人申请每月多交 50 元"
            if m is reduced:
                own = Decimal(0)
                row.category, row.basis, row.own_amount = DuesCategory.REDUCED.value, kind.value, own
                row.approved_by, row.approved_on = approved_by, date(year, 1, 6)
                row.note = "长期患病，生活困难，经支部研究报党委批准免交"
            session.add(row)
            schedule: list[tuple[Month, DuesCategory, Decimal | None, Decimal | None]] = [(start, category, base, own)]
            if m.id in rises:
                risen = base + Decimal(rng.randrange(300, 900, 10))
                session.add(DuesBase(member_id=m.id, category=category.value, applies_from=Month(year, 7).key,
                                     base=risen, confirmed_on=date(year, 7, 12), note="7月起调整绩效工资"))
                schedule.append((Month(year, 7), category, risen, None))
            plan[m.id] = schedule
        owes = {m.id: obligation(join_date=m.join_date, transfer_in=arrivals.get(m.id), left_date=m.left_date,
                                 status=m.status, ledger_start=start) for m in members}

        def due(member_id: int, month: Month) -> Decimal:
            entry = [s for s in plan[member_id] if s[0] <= month][-1]
            _start, category, base, own = entry
            if own is not None:
                return own
            kind = TableKind.RETIRED if category is DuesCategory.RETIRED else TableKind.EMPLOYED
            return _due(kind, base or Decimal(0), month)

        payments = 0
        received: dict[tuple[int, int], Decimal] = defaultdict(Decimal)  # (branch, quarter paid) -> amount
        for month in months_between(start, collected_to):
            for branch_id, people in by_branch.items():
                day = date(month.year, month.month, 10 + branch_id % 6)
                collector = names.get(organisers.get(branch_id, -1), "")
                for m in people:
                    if not owes[m.id].owes(month):
                        continue
                    amount = due(m.id, month)
                    if amount == 0:
                        continue
                    if (m is behind3 and month > collected_to.plus(-4)) or (hospital is m and month > collected_to.plus(-7)):
                        continue
                    if m is late_pair and month.month in (3, 4) and collected_to >= Month(year, 6):
                        continue
                    if m is short_after_rise and month >= Month(year, 7):
                        amount = due(m.id, Month(year, 6))  # still paying the old amount
                    method = "线上" if rng.random() < 0.35 else "现金"
                    _add_payment(session, m.id, [month], amount, [amount], day, method, collector)
                    received[(branch_id, month.quarter)] += amount
                    payments += 1
                    if m is late_pair and month == Month(year, 6):  # March and April paid back in June
                        back = [Month(year, 3), Month(year, 4)]
                        dues = [due(m.id, b) for b in back]
                        _add_payment(session, m.id, back, sum(dues, Decimal(0)), dues, day, "现金", collector,
                                     note="3、4月外出培训，返校后补交")
                        received[(branch_id, month.quarter)] += sum(dues, Decimal(0))
                        payments += 1
        hand_ups = _hand_ups(session, received, year, collected_to, today, names, organisers)
    late = f"{names[late_pair.id]}补交 3、4 月" if collected_to >= Month(year, 6) else "暂无补交"
    behind = [names[behind3.id]] + ([names[hospital.id]] if hospital else [])
    return (f"党费：{len(members)} 名党员的缴费基数（{len(rises)} 人7月调整基数，自愿多交、减免各 1 人），"
            f"{payments} 笔交纳记录，{hand_ups} 次上缴；{'、'.join(behind)}有欠交，{late}，"
            f"{names[short_after_rise.id]}调资后仍按原标准交纳。")


def _add_payment(session, member_id: int, months: list[Month], amount: Decimal, dues: list[Decimal], day: date,  # type: ignore[no-untyped-def]
                 method: str, collector: str, note: str = "") -> None:
    payment = DuesPayment(member_id=member_id, paid_on=day, amount=amount, method=method, collector=collector,
                          receipt_no="", note=note, noted_late=False)
    session.add(payment)
    session.flush()
    for month, share in zip(months, split_amount(amount, list(dues)), strict=True):
        session.add(DuesPaymentMonth(payment_id=payment.id, member_id=member_id, month=month.key, amount=share))


def _hand_ups(session, received: dict[tuple[int, int], Decimal], year: int, collected_to: Month, today: date,  # type: ignore[no-untyped-def]
              names: dict[int, str], organisers: dict[int, int]) -> int:
    """After each quarter every branch hands what it received in the quarter up to the committee."""
    count = 0
    for quarter in range(1, 5):
        first, last = Month(year, quarter * 3 - 2), Month(year, quarter * 3)
        handed = last.plus(1).first_day.replace(day=8)
        if last > collected_to or handed > today:
            break
        for (branch_id, q), total in sorted(received.items()):
            if q != quarter or total <= 0:
                continue
            session.add(DuesHandUp(branch_id=branch_id, handed_on=handed, amount=total, first_month=first.key,
                                   last_month=last.key, handled_by=names.get(organisers.get(branch_id, -1), ""),
                                   receipt_no=f"{year}-Q{quarter}-{branch_id:02d}", note=f"第{quarter}季度收缴的党费"))
            count += 1
    return count
