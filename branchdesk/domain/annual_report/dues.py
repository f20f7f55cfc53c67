"""The 党费收缴 chapter of the year-end volume (issue 19): its two ledgers — each branch's members, amount
due, paid, arrears and 上缴, and the 党费收缴公示 (name and amounts; never the base, a salary figure) —
its key figures for the 汇总 and its draft 年度工作总结 paragraph. Plain data: the workbook writes the
tables as sheets and the PDF prints them, from the same rows."""

from __future__ import annotations

from collections.abc import Collection
from decimal import Decimal

from branchdesk.domain.annual_report.sections import UNREPORTED
from branchdesk.domain.dues.report import UNRECORDED, DuesBranchRow, DuesSection, arrears_text

KEY = "dues"
TITLE = "党费收缴"
BRANCH_SHEET = "党费收缴汇总"
PUBLIC_SHEET = "党费收缴公示"
UNKNOWN = "未核定"
UNKNOWN_COUNT = "无法核对"  # 欠交人数 / 欠交月数 when some member's months are not recorded (domain/dues/ledger.py)
KNOWN = "已知"  # 欠交 of the members whose months can be told, beside the members who cannot (TK-8)


def _money(value: Decimal | None) -> object:
    return UNKNOWN if value is None else float(value)


def _count(value: int | None) -> object:
    return UNKNOWN_COUNT if value is None else value


def _recorded(value: Decimal | None) -> object:
    return UNRECORDED if value is None else float(value)


def _line(r: DuesBranchRow, *, total: bool = False) -> list[object]:
    """A branch's line, or the 合计 (`total`): 已交 of the branches that recorded payments added up (a branch
    that recorded none reads 未登记 on its own line, and the note says so)."""
    paid = r.paid if total else r.known_paid
    told = not r.partly_told  # else the cells give the known part ("已知 89.60", TK-8)
    return [r.branch, r.members, _money(r.due), _recorded(paid),
            _money(r.arrears) if told else f"{KNOWN} {r.known_arrears:,.2f}",
            _count(r.arrears_members) if told else f"{KNOWN} {r.known_arrears_members}",
            _count(r.owed_months) if told else f"{KNOWN} {r.known_owed_months}",
            r.unknown_members, _recorded(r.known_handed_up), _recorded(r.known_balance),
            float(r.paid / r.due) if r.due and paid is not None else None]


def _not_sent(section: DuesSection, unreported: Collection[str]) -> set[str]:
    """The branches that never sent their 上报 and of which the committee holds no payment of the year: what
    they paid is not known there — 未上报, not 0 nor merely 未登记 (TD-2)."""
    return {r.branch for r in section.rows if r.branch in unreported and not r.payments_recorded}


def branch_rows(section: DuesSection, unreported: Collection[str] = ()) -> list[list[object]]:
    away = _not_sent(section, unreported)
    rows = [_line(r) for r in section.rows]
    for row, r in zip(rows, section.rows, strict=True):
        if r.branch in away:  # 已交 (and so 未上缴) not known at the committee
            row[3] = row[9] = UNREPORTED
    if len(section.rows) > 1 and section.total is not None:
        rows.append(_line(section.total, total=True))
    return rows


def public_rows(section: DuesSection, unreported: Collection[str] = ()) -> list[list[object]]:
    """The 公示's lines; 本年已交 of a member whose branch never sent its 上报 is 未上报, not 0 (TD-2)."""
    away = _not_sent(section, unreported)
    return [[i, r.branch, r.name, _money(r.monthly), _money(r.due),
             UNREPORTED if r.branch in away else float(r.paid), _money(r.arrears), r.note]
            for i, r in enumerate(section.public, start=1)]


BRANCH_NOTE = ("应交按党员的缴费基数和《关于中国共产党党费收缴、使用和管理的规定》的比例逐月计算（预备党员自支部大会通过之月起）；"
               f"“{UNKNOWN}”表示有党员未登记缴费基数；有党员的月份未登记党费交纳记录或缴费基数的，这些月份不计为欠交，"
               f"欠交金额、人数和月数只能统计其余党员（标为“{KNOWN}”）；未上缴为已交减去已上缴。")
def branch_note(section: DuesSection, unreported: Collection[str] = ()) -> str:
    """BRANCH_NOTE, and what 未登记 means where the records hold no payment or no 上缴 (TV-2) — and 未上报 where
    a branch never sent its 上报 (TD-2)."""
    note = BRANCH_NOTE + _people_note(section)
    away = _not_sent(section, unreported)
    if away:
        note += (f"{'、'.join(r.branch for r in section.rows if r.branch in away)}{UNREPORTED}，已交、未上缴显示为"
                 f"“{UNREPORTED}”（不表示未交）" + ("，合计的已交不含其党员" if len(section.rows) > 1 else "") + "。")
    unpaid = [r.branch for r in section.rows if not r.payments_recorded and r.branch not in away]
    if unpaid:
        note += (f"{'、'.join(unpaid)}没有登记本年度任何党费交纳记录，已交、未上缴显示为“{UNRECORDED}”（不表示未交）"
                 + ("，合计的已交只含已登记的党支部" if len(section.rows) > 1 else "") + "。")
    if not all(r.hand_ups_recorded for r in section.rows):
        note += f"没有登记向党委上缴党费记录的，已上缴、未上缴显示为“{UNRECORDED}”（不表示未上缴）。"
    return note


def _people_note(section: DuesSection) -> str:
    """What the 党员 counts hold (TV-8): everyone who owed dues to the branch in the year — a member moved
    between branches in each (once in the 合计), a member who left too — so the rows need not add up to the
    合计, nor the 合计 equal the year-end 党员总数; said, with the names."""
    note = "党员数为本年度在该党支部应交党费的党员"
    if section.moved:
        note += (f"；年内调整党支部的{len(section.moved)}名党员（{'、'.join(section.moved)}）在调出、调入的党支部各计一次、"
                 "各列一行，合计中只计一次")
    if section.departed:
        note += (f"；含年内转出、离世或出党的{len(section.departed)}名党员（{'、'.join(section.departed)}），"
                 "故与年末党员总数不同")
    return note + "。"


def public_note(section: DuesSection) -> str:
    """PUBLIC_NOTE, and the members listed once per branch (TV-8)."""
    if not section.moved:
        return PUBLIC_NOTE
    return PUBLIC_NOTE + f"年内调整党支部的党员（{'、'.join(section.moved)}）在两个党支部各列一行，分列各支部的交纳情况。"


PUBLIC_NOTE = ("缴费基数属个人工资收入，不列入公示。备注列出欠交、少交、补交的月份，无法核对的月份（未登记党费交纳记录"
               "或缴费基数），和自愿多交、减免情况。")


def key_figures(section: DuesSection | None) -> list[tuple[str, object, str]]:
    """The 汇总 lines of the chapter (label, value, format: "int" / "money" / "text"). A known amount is a
    number ("money": the workbook writes it with a number format, so it sums and can be referred to, TR-15;
    the PDF prints it 32,405.50); one not known stays text (未核定 / 未登记), never 0."""
    if section is None or section.empty or section.total is None:
        return []
    t = section.total
    due = _money_figure("党费应交（元）", t.due, "未核定")
    arrears = _money_figure("党费欠交（元）", t.arrears, "未核定")
    paid = (_money_figure("党费已交（元）", t.paid, "") if t.payments_recorded or len(section.rows) > 1
            else ("党费已交（元）", UNRECORDED, "text"))
    handed = _money_figure("党费已上缴（元）", None if t.known_handed_up is None else t.handed_up, UNRECORDED)
    if t.arrears_members is not None:
        owing = [arrears, ("党费欠交人数", t.arrears_members, "int")]
    elif not t.partly_told:  # nobody's months can be told
        owing = [arrears, ("党费欠交人数", UNKNOWN_COUNT, "text")]
    else:  # the known part and how many cannot be told, as the 党费 page says it (TK-8)
        cannot = f"另有 {t.undetermined_members} 人无法核对" if t.undetermined_members else "另有部分党员无法核对"
        owing = [("党费欠交（元）", arrears_text(t), "text"),
                 ("党费欠交人数", f"{KNOWN} {t.known_arrears_members} 人，{cannot}", "text")]
    return [due, paid, *owing, handed]


def _money_figure(label: str, amount: Decimal | None, unknown: str) -> tuple[str, object, str]:
    """An amount of the 汇总 as a number (TR-15), or the words for one not known."""
    return (label, unknown, "text") if amount is None else (label, float(amount), "money")


def summary(section: DuesSection | None, scope: str) -> str:
    """The draft paragraph of the chapter."""
    if section is None:
        return ""
    if section.empty:
        return section.empty
    t = section.total
    if t is None or not t.members:
        return "本年度没有应交党费的党员记录。"
    due = f"应交党费{t.due:,.2f}元，" if t.due is not None else ""
    if section.departed:  # the 合计 is who owed dues in the year, not the year-end roster (TV-8)
        due = f"（含年内转出、离世或出党的{len(section.departed)}名）" + due
    unpaid = [r.branch for r in section.rows if not r.payments_recorded]
    if len(section.rows) == 1 and unpaid:
        text = f"{scope}{t.members}名党员{due}未登记本年度党费交纳记录，实交金额无法统计"
    else:
        text = f"{scope}{t.members}名党员{due}实交{t.paid:,.2f}元"
        if unpaid:
            text += f"（{'、'.join(unpaid)}未登记党费交纳记录，未计入）"
    # 上缴 only as recorded (TV-2): nothing recorded is not "0 handed up, all still owed to the 党委"
    recorded = [r for r in section.rows if r.hand_ups_recorded]
    if t.known_balance is not None:
        text += f"，已向党委上缴{t.handed_up:,.2f}元" + (f"，尚有{t.balance:,.2f}元待上缴" if t.balance > 0 else "")
    elif t.hand_ups_recorded:
        text += f"，已向党委上缴{t.handed_up:,.2f}元"
    elif recorded:
        text += (f"；{len(section.rows) - len(recorded)}个党支部未登记向党委上缴党费的记录，"
                 "上缴和待上缴金额无法合计")
    else:
        text += "；本年度未登记向党委上缴党费的记录，上缴和待上缴金额无法统计"
    text += "。"
    # only what the records say: no 提醒 or 公示 nobody recorded, no sum that cannot be known
    if t.arrears_members is None:
        who = f"有{t.undetermined_members}名党员" if t.undetermined_members else "部分党员"
        text += f"{who}的部分月份未登记党费交纳记录或缴费基数，交纳情况无法核对"
        if not t.partly_told:
            text += "，欠交人数和金额暂无法统计。"
        else:  # the others' 欠交 is known and said (TK-8), not dropped with the unknown part
            text += (f"；其余党员中有{t.known_arrears_members}名欠交或少交党费，共{t.known_arrears:,.2f}元。"
                     if t.known_arrears_members else "；其余党员均按月足额交纳党费。")
    elif t.arrears_members and t.arrears is not None:
        text += f"有{t.arrears_members}名党员欠交或少交党费，共{t.arrears:,.2f}元。"
    elif t.arrears_members:
        text += f"有{t.arrears_members}名党员欠交或少交党费（部分党员缴费基数未核定，欠交金额暂无法合计）。"
    elif t.unknown_members >= t.members:  # no member has a base: nobody's dues could be judged
        pass
    elif t.unknown_members:
        text += "已核定缴费基数的党员均按月足额交纳党费。"
    else:
        text += "全体党员均按月足额交纳党费。"
    if t.unknown_members:
        text += f"另有{t.unknown_members}名党员尚未登记缴费基数，需核定后补算应交金额。"
    return text
