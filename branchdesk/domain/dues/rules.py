"""The dues findings for `branchdesk check` and the home page (domain.md §5).

- DUES-RATE (党费规定 第一、二、五、六条): a member who paid less than the amount the bracket table
  gives for the base (names the base, the bracket and the shortfall) — an error, since the book
  shows what was paid; a member owing dues without a base recorded — a reminder.
- DUES-BASE-CHANGE (第十条): a base not confirmed for more than N months (setting, default 12) — a
  reminder to check it against the current pay.
- Arrears: per branch, the members with months unpaid after their collection period, by count.
- DUES-LAPSE (党章 第九条): 3 consecutive months 欠交 a warning, 6 an error. Whether a member is
  treated as 自行脱党 is for the 支部大会 to decide after finding out why; the software never does it.
  A month without a 缴费基数 (未核定) is not counted: what was due, so whether it went unpaid, cannot be
  known (ledger.LAPSE_STATES); the member is named under 未登记缴费基数, 是否欠交无法核对.
- DUES-TIMING (第十四条): a 补交 reaching back more than 6 months (information).
- The branch's book: after the year, dues collected for it and not handed up (上缴), or more handed up
  than collected.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal

from branchdesk.domain.citations import cite
from branchdesk.domain.dues import AREA
from branchdesk.domain.dues.amounts import add_up
from branchdesk.domain.dues.bases import NEEDS_BASE, BaseRecord, category_of_position, conflict_in_force
from branchdesk.domain.dues.branch import BranchDues
from branchdesk.domain.dues.ledger import CellState, MemberLedger
from branchdesk.domain.dues.months import Month, months_between, span_text
from branchdesk.domain.dues.payments import BACK_PAY_LIMIT
from branchdesk.domain.dues.payments import RULE as TIMING_RULE
from branchdesk.domain.dues.payments import SOURCE as TIMING_SOURCE
from branchdesk.domain.dues.rates import RULE as RATE_RULE
from branchdesk.domain.dues.rates import SOURCE as RATE_SOURCE
from branchdesk.domain.dues.rates import DuesCategory, money
from branchdesk.domain.dues.settings import DuesSettings
from branchdesk.domain.findings import Finding, Severity

LAPSE_RULE = "DUES-LAPSE"
LAPSE_SOURCE = "《中国共产党章程》第九条"
LAPSE_WARNING = 3
LAPSE_ERROR = 6
BASE_RULE = "DUES-BASE-CHANGE"
BASE_SOURCE = "《关于中国共产党党费收缴、使用和管理的规定》第十条"
BOOK_SOURCE = "《关于中国共产党党费收缴、使用和管理的规定》（党费按规定上缴）"
SHOWN_NAMES = 10
PERSON_CATEGORIES = frozenset({DuesCategory.EMPLOYED, DuesCategory.RETIRED})


def _quote(rule: str) -> str:
    """The sentence of the text a dues finding rests on (the citation table; 首页 shows it as 原文)."""
    for text in ("党费规定", "党章"):
        try:
            return cite(rule, text).quote
        except KeyError:
            continue
    return ""


def _names(items: list[str]) -> str:
    text = "、".join(items[:SHOWN_NAMES])
    return text + (f"等 {len(items)} 人" if len(items) > SHOWN_NAMES else "")


def shortfall_finding(m: MemberLedger, year: int) -> Finding | None:
    short = m.short_cells
    if not short:
        return None
    first = short[0]
    due = sum((c.due.amount or Decimal(0) for c in short), Decimal(0))
    paid = sum((c.paid for c in short), Decimal(0))
    record = first.due.record
    basis = ""
    if record is not None and first.due.standard is not None and record.base is not None:
        basis = f"按缴费基数 {money(record.base)} 元（{first.due.standard.explanation}）"
    elif record is not None:
        basis = f"按{record.summary}"
    text = (f"{m.member.name}{span_text(c.month for c in short)}{basis}每月应交 {money(first.due.amount)} 元，"
            f"共应交 {money(due)} 元，实交 {money(paid)} 元，少交 {money(due - paid)} 元"
            f"（{RATE_SOURCE}）。请核对缴费基数，或请党员补足差额。")
    return Finding(Severity.ERROR, text, rule=RATE_RULE, source=RATE_SOURCE, quote=_quote(RATE_RULE), branch=m.member.branch,
                   period=str(year), person=m.member.name, area=AREA)


def category_finding(m: MemberLedger, position: str, year: int) -> Finding | None:
    """DUES-RATE: the 缴纳类别 on record (在职 / 离退休) is a fact about the person; one the roster's
    工作岗位 contradicts ("教师" registered 离退休, as an import once inferred from a sheet's 比例) is
    named, since it changes the rate and can hide a 少交."""
    record = m.record
    shown = category_of_position(position)
    if record is None or record.category not in PERSON_CATEGORIES or shown not in PERSON_CATEGORIES:
        return None
    if shown is record.category:
        return None
    text = (f"{m.member.name}的缴纳类别登记为{record.category.value}，花名册工作岗位为“{position.strip()}”"
            f"（{shown.value}）。在职和离退休党员按不同的比例交纳党费，请核对后在党费页面更正缴纳类别（{RATE_SOURCE}）。")
    return Finding(Severity.WARNING, text, rule=RATE_RULE, source=RATE_SOURCE, quote=_quote(RATE_RULE),
                   branch=m.member.branch, period=str(year), person=m.member.name, area=AREA)


def lapse_finding(m: MemberLedger, year: int) -> Finding | None:
    run = m.run
    if run is None or run.length < LAPSE_WARNING:
        return None
    length = f"至少 {run.length}" if run.truncated else str(run.length)
    span = span_text(months_between(run.first, run.last))
    state = "，至今未交" if run.ongoing else "未交"
    if run.length >= LAPSE_ERROR:
        text = (f"{m.member.name}已连续 {length} 个月未交纳党费（{span}{state}）。党章第九条规定，党员没有正当理由，"
                "连续六个月不交纳党费，就被认为是自行脱党。请支部查明原因、谈话提醒；是否按自行脱党处理，"
                "须由支部大会讨论决定，本软件不会自动处理。")
        severity = Severity.ERROR
    else:
        text = (f"{m.member.name}已连续 {length} 个月未交纳党费（{span}{state}），请及时提醒并了解原因"
                f"（党章第九条：无正当理由连续六个月不交纳党费的，按自行脱党处理）。")
        severity = Severity.WARNING
    return Finding(severity, text, rule=LAPSE_RULE, source=LAPSE_SOURCE, quote=_quote(LAPSE_RULE), branch=m.member.branch,
                   period=run.last.iso, person=m.member.name, area=AREA)


def base_age_finding(m: MemberLedger, as_of: date, settings: DuesSettings) -> Finding | None:
    record = m.record
    if record is None or record.category not in NEEDS_BASE or not m.obligation.owes(Month.of(as_of)):
        return None
    since = record.confirmed_on or record.applies_from.first_day
    age = Month.of(as_of).index - Month.of(since).index
    if age < settings.base_max_months:
        return None
    text = (f"{m.member.name}的缴费基数 {money(record.base)} 元自 {Month.of(since).label}核定以来已 {age} 个月未核对，"
            f"请按现在的工资（离退休费）重新核定；工资变化的，从领取新工资的当月起按新基数交纳"
            f"（{BASE_SOURCE}）。")
    return Finding(Severity.WARNING, text, rule=BASE_RULE, source=BASE_SOURCE, quote=_quote(BASE_RULE), branch=m.member.branch,
                   period=as_of.strftime("%Y-%m"), person=m.member.name, area=AREA)


def back_pay_finding(m: MemberLedger, year: int, settings: DuesSettings) -> Finding | None:
    far = sorted({s.month for c in m.cells for s in c.shares
                  if s.paid_on is not None and s.paid_on.year == year and s.months_late(settings.collection) > BACK_PAY_LIMIT})
    if not far:
        return None
    text = (f"{m.member.name}补交了 {span_text(far)}的党费，距应交时间已超过 {BACK_PAY_LIMIT} 个月"
            f"（{TIMING_SOURCE}：补交党费的时间一般不得超过 6 个月）。")
    return Finding(Severity.INFO, text, rule=TIMING_RULE, source=TIMING_SOURCE, quote=_quote(TIMING_RULE), branch=m.member.branch,
                   period=str(year), person=m.member.name, area=AREA)


def arrears_finding(branch: str, ledgers: list[MemberLedger], year: int) -> Finding | None:
    owing = sorted((m for m in ledgers if m.owed_months), key=lambda m: (-len(m.owed_months), m.member.sort_key))
    if not owing:
        return None
    names = [f"{m.member.name}（{len(m.owed_months)} 个月）" for m in owing]
    known = add_up(m.arrears for m in owing)
    amount = f"，合计 {money(known)} 元" if known is not None else ""
    text = f"{year}年有 {len(owing)} 名党员有到期未交的党费{amount}：{_names(names)}。"
    return Finding(Severity.WARNING, text, rule=LAPSE_RULE, source=LAPSE_SOURCE, quote=_quote(LAPSE_RULE), branch=branch, period=str(year),
                   area=AREA)


def base_conflict_finding(m: MemberLedger, records: list[BaseRecord], year: int) -> Finding | None:
    """Two 缴费基数 of the member from one month that differ (bases.conflict_in_force: a 党委 holding one
    from each branch he was in, received before such a pair became a conflict there — known hole 4):
    the months they apply to are 未核定, and the check says why, naming both, rather than counting
    either (or both)."""
    months = [c.month for c in m.cells if c.state is not CellState.NOT_OWED and conflict_in_force(records, c.month)]
    if not months:
        return None
    groups = {conflict_in_force(records, month)[0].applies_from: conflict_in_force(records, month) for month in months}
    told = "；".join(f"自{since.label}起有 {len(group)} 条内容不同的缴费基数（{'，'.join(r.summary for r in group)}）"
                    for since, group in sorted(groups.items()))
    text = (f"{m.member.name}{told}，可能是其所在过的党支部分别上报的，互相冲突：{span_text(months)}的应交党费无法判断"
            "（未核定）。请核实后在党费页面保留正确的一条缴费基数，删除另一条。")
    return Finding(Severity.WARNING, text, rule=BASE_RULE, source=BASE_SOURCE, quote=_quote(BASE_RULE), branch=m.member.branch,
                   period=str(year), person=m.member.name, area=AREA)


def unknown_base_finding(branch: str, ledgers: list[MemberLedger], year: int,
                         bases: Mapping[int, list[BaseRecord]] | None = None) -> Finding | None:
    """Members with months without a 缴费基数 — not those whose months are 未核定 because two bases of
    one month differ (base_conflict_finding tells them)."""
    bases = bases or {}
    missing = [m for m in ledgers if m.unknown_months and not any(
        conflict_in_force(bases.get(m.member.member_id, []), month) for month in m.unknown_months)]
    if not missing:
        return None
    unpaid = [m.member.name for m in missing if not any(c.paid for c in m.cells if c.month in m.unknown_months)]
    none_paid = f"其中{_names(unpaid)}这些月份没有交纳记录。" if unpaid else ""
    text = (f"{len(missing)} 名党员未登记缴费基数，{year}年应交金额无法计算，是否欠交、是否连续未交无法核对："
            f"{_names([m.member.name for m in missing])}。{none_paid}"
            "请在党费页面登记缴纳类别和基数（在职党员为税后月工资，离退休党员为离退休费）。")
    return Finding(Severity.WARNING, text, rule=RATE_RULE, source=RATE_SOURCE, quote=_quote(RATE_RULE), branch=branch, period=str(year),
                   area=AREA)


def book_finding(book: BranchDues, as_of: date) -> Finding | None:
    if date(book.year, 12, 31) >= as_of or book.balance == 0 or (book.paid == 0 and book.handed_up == 0):
        return None
    if not book.hand_ups:  # nothing registered: not known, never "已上缴 0.00" (TY-16; the volume says 未登记)
        text = (f"{book.year}年度收缴党费 {money(book.paid)} 元，尚未登记向党委上缴党费的记录，"
                "请及时上缴并在党费页面登记。")
    elif book.balance > 0:
        text = (f"{book.year}年度收缴党费 {money(book.paid)} 元，已上缴 {money(book.handed_up)} 元，"
                f"尚有 {money(book.balance)} 元未上缴，请及时上缴并登记。")
    else:
        text = (f"{book.year}年度登记上缴党费 {money(book.handed_up)} 元，多于收缴的 {money(book.paid)} 元"
                f"（相差 {money(-book.balance)} 元），请核对收缴和上缴记录。")
    return Finding(Severity.WARNING, text, rule="DUES-BOOK", source=BOOK_SOURCE, branch=book.branch,
                   period=str(book.year), area=AREA)


def dues_findings(branch: str, ledgers: list[MemberLedger], book: BranchDues, year: int, as_of: date,
                  settings: DuesSettings, positions: Mapping[int, str] | None = None,
                  bases: Mapping[int, list[BaseRecord]] | None = None) -> list[Finding]:
    """Every dues finding of one branch and year, as of `as_of` (nothing before the year starts).
    `positions`: the roster's 工作岗位 by member id, to check the 缴纳类别 against; `bases`: the
    members' base records (sorted by applies_from, id), to tell two of one month that differ."""
    if date(year, 1, 1) > as_of:
        return []
    findings: list[Finding | None] = []
    for m in ledgers:
        findings += [lapse_finding(m, year), shortfall_finding(m, year), back_pay_finding(m, year, settings)]
        if positions:
            findings.append(category_finding(m, positions.get(m.member.member_id, ""), year))
        if year == as_of.year:
            findings.append(base_age_finding(m, as_of, settings))
        if bases:
            findings.append(base_conflict_finding(m, bases.get(m.member.member_id, []), year))
    findings += [arrears_finding(branch, ledgers, year), unknown_base_finding(branch, ledgers, year, bases),
                 book_finding(book, as_of)]
    return [f for f in findings if f is not None]

