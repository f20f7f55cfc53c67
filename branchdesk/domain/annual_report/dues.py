"""The 党费收缴 chapter of the year-end volume (issue 19): its two ledgers — each branch's members, amount
due, paid, arrears and 上缴, and the 党费收缴公示 (name and amounts; never the base, a salary figure) —
its key figures for the 汇总 and its draft 年度工作总结 paragraph. Plain data: the workbook writes the
tables as sheets and the PDF prints them, from the same rows."""

from __future__ import annotations

from decimal import Decimal

from branchdesk.domain.dues.report import DuesBranchRow, DuesSection

KEY = "dues"
TITLE = "党费收缴"
BRANCH_SHEET = "党费收缴汇总"
PUBLIC_SHEET = "党费收缴公示"
UNKNOWN = "未核定"
UNKNOWN_COUNT = "无法核对"  # 欠交人数 / 欠交月数 when some member's months are not recorded (domain/dues/ledger.py)


def _money(value: Decimal | None) -> object:
    return UNKNOWN if value is None else float(value)


def _count(value: int | None) -> object:
    return UNKNOWN_COUNT if value is None else value


def branch_rows(section: DuesSection) -> list[list[object]]:
    rows: list[DuesBranchRow] = list(section.rows)
    if len(rows) > 1 and section.total is not None:
        rows.append(section.total)
    return [[r.branch, r.members, _money(r.due), float(r.paid), _money(r.arrears), _count(r.arrears_members),
             _count(r.owed_months),
             r.unknown_members, float(r.handed_up), float(r.balance), float(r.paid / r.due) if r.due else None]
            for r in rows]


def public_rows(section: DuesSection) -> list[list[object]]:
    return [[i, r.branch, r.name, _money(r.monthly), _money(r.due), float(r.paid), _money(r.arrears), r.note]
            for i, r in enumerate(section.public, start=1)]


BRANCH_NOTE = ("应交按党员的缴费基数和《关于中国共产党党费收缴、使用和管理的规定》的比例逐月计算（预备党员自支部大会通过之月起）；"
               f"“{UNKNOWN}”表示有党员未登记缴费基数；“{UNKNOWN_COUNT}”表示有党员的月份未登记党费交纳记录或缴费基数，"
               "这些月份不计为欠交，欠交人数和月数无法统计；未上缴为已交减去已上缴。")
PUBLIC_NOTE = ("缴费基数属个人工资收入，不列入公示。备注列出欠交、少交、补交的月份，无法核对的月份（未登记党费交纳记录"
               "或缴费基数），和自愿多交、减免情况。")


def key_figures(section: DuesSection | None) -> list[tuple[str, object, str]]:
    """The 汇总 lines of the chapter (label, value, format: "int" / "rate" / "text")."""
    if section is None or section.empty or section.total is None:
        return []
    t = section.total
    due = "未核定" if t.due is None else f"{t.due:,.2f}"
    arrears = "未核定" if t.arrears is None else f"{t.arrears:,.2f}"
    return [("党费应交（元）", due, "text"), ("党费已交（元）", f"{t.paid:,.2f}", "text"),
            ("党费欠交（元）", arrears, "text"),
            ("党费欠交人数", t.arrears_members, "int") if t.arrears_members is not None
            else ("党费欠交人数", UNKNOWN_COUNT, "text"),
            ("党费已上缴（元）", f"{t.handed_up:,.2f}", "text")]


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
    text = (f"{scope}{t.members}名党员{due}实交{t.paid:,.2f}元，已向党委上缴{t.handed_up:,.2f}元"
            + (f"，尚有{t.balance:,.2f}元待上缴" if t.balance > 0 else "") + "。")
    # only what the records say: no 提醒 or 公示 nobody recorded, no sum that cannot be known
    if t.arrears_members is None:
        who = f"有{t.undetermined_members}名党员" if t.undetermined_members else "部分党员"
        text += f"{who}的部分月份未登记党费交纳记录或缴费基数，交纳情况无法核对，欠交人数和金额暂无法统计。"
    elif t.arrears_members and t.arrears is not None:
        text += f"有{t.arrears_members}名党员欠交或少交党费，共{t.arrears:,.2f}元。"
    elif t.arrears_members:
        text += f"有{t.arrears_members}名党员欠交或少交党费（部分党员缴费基数未核定，欠交金额暂无法合计）。"
    elif t.unknown_members:
        text += "已核定缴费基数的党员均按月足额交纳党费。"
    else:
        text += "全体党员均按月足额交纳党费。"
    if t.unknown_members:
        text += f"另有{t.unknown_members}名党员尚未登记缴费基数，需核定后补算应交金额。"
    return text
