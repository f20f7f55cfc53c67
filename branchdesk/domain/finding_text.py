"""How a finding reads on the home page: one line in plain words ("初三年级党支部 2026年第三季度没有召开
支部党员大会"), with the rule, its article and the way to put it right kept for the detail pane.

The checkers of each area write complete sentences that carry their rule id and article in
brackets (that is what `branchdesk check` and the reports print); here the bracketed references are
taken out of the line, the branch is named first, and the "请…" advice goes to the way to fix it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from branchdesk.domain.findings import Finding, Severity

RULE_ID = re.compile(r"\b[A-Z]{2,}(?:-[A-Z0-9]+)+\b")
_CODE_IN_TEXT = re.compile(r"\b[A-Z]{2,}(?:-[A-Z0-9]+)+\b[,，、]?\s*")
REFERENCE = re.compile(r"第[一二三四五六七八九十百零\d]+条|domain\.md|细则|条例|规定（|§")
PLAIN_WORDS = (("未按规定召开", "没有召开"), ("尚需召开", "还需召开"), ("尚未召开", "还没有召开"))

# What a secretary does about each kind of finding (by rule id, then by its prefix).
REMEDIES = {
    "MTG-YEARLY-TALKS": "在“三会一课 → 谈心谈话”查看还没有谈过的人，谈话后在会议记录中登记。",
    "MTG-STUDY-HOURS": "在“三会一课 → 学习学时”登记这些党员在支部以外参加的学习培训；学时不足的，安排集中学习。",
    "MTG-RECORDS-START": "在“设置 → 台账记录”中设置启用日期；原有纸质或 Excel 会议记录的，可在“三会一课”中导入，"
                         "规定次数从启用日期（或最早的会议记录）起检查。",
    "VOTE-QUORUM": "核实这次支部党员大会的到会人数；到会有表决权的党员未过半数的，表决无效，须重新召开。",
    "MTG-": "已经召开的，补录会议记录（含出席情况）；确实没有召开的，尽快召开。因故未开的，可在“规定次数检查”中说明原因，"
            "说明会写进年度台账。",
    "DEV-": "打开此人的发展时间线，登记或更正这一步的日期、人员和材料；确有特殊情况的，保存时写明原因。",
    "RECT-": "督促责任人按时完成整改，完成后在“整改台账”登记进展、标记完成，并凭佐证材料销号。",
    "MENTOR-": "在“结对帮扶”中登记帮扶活动，或作年度考核评价。",
    "DUES-": "在“党费”页核对缴费基数并登记交纳；长期未交纳的，支部要及时谈话提醒（党章 第九条）。",
    "VOTE-QUORUM-PASS-15": "打开此人的发展时间线，核对支部大会的表决情况（应到、实到有表决权的正式党员和赞成票数）。",
    "VOTE-QUORUM-PASS-23": "打开此人的发展时间线，核对讨论转正的支部大会的表决情况（应到、实到有表决权的正式党员和赞成票数）。",
    "VOTE-": "核对这次会议的表决情况（应到、实到有表决权的正式党员和赞成票数）；到会人数不符合规定的，表决无效，须重新召开；"
             "两个以上的发展对象须逐个表决。",
    "ORG-": "在“组织与党员”核对本支部的正式党员人数和支委任职（任期起止）；需要设立支委会、换届或调整支部设置的，报上级党组织。",
    "ROSTER-PROBATION-END": "在“组织与党员”核对此人的人员类别和转正日期：已转正的改为正式党员并补记转正日期；尚未讨论的，"
                            "及时召开支部大会讨论其能否转为正式党员；延长了预备期的，在“发展党员”登记其发展记录和延长预备期。",
    "ROSTER-PROBATION-LENGTH": "在“组织与党员”对照入党志愿书和转正审批材料核对此人的入党日期和转正日期；确属当时如此的，"
                               "不必修改。",
    "TRANSFER-": "在“组织与党员”登记组织关系转接的日期和对方党组织；已离开本单位的党员应及时转出组织关系；"
                 "转入的预备党员按期讨论转正。",
}
ACTIONS = {  # the button that opens the record or the form that resolves it
    "MTG-YEARLY-TALKS": "查看谈心谈话", "MTG-STUDY-HOURS": "查看学习学时", "VOTE-QUORUM": "打开会议记录",
    "MTG-RECORDS-START": "打开三会一课",
    "MTG-": "补录会议记录", "DEV-": "打开发展时间线", "RECT-": "打开整改台账", "MENTOR-": "打开结对帮扶",
    "DUES-": "打开党费", "VOTE-QUORUM-PASS-15": "打开发展时间线", "VOTE-QUORUM-PASS-23": "打开发展时间线",
    "VOTE-": "打开会议记录", "ORG-": "打开组织与党员", "TRANSFER-": "打开组织与党员",
    "ROSTER-PROBATION-END": "打开组织与党员", "ROSTER-PROBATION-LENGTH": "打开组织与党员",
}


class Category:
    """The home page's groups, in the order they are read: what has a date first, then 提醒 — a
    reminder with no due date (to check or complete the records: 名册中还登记了委员，请核对; 已连续 4
    个月未交纳党费), which nothing makes "即将到期" — then what the branch has explained."""

    PROBLEM = "问题"
    DUE = "即将到期"
    TODO = "本月待办"
    REMINDER = "提醒"
    NOTED = "已说明"
    ORDER = (PROBLEM, DUE, TODO, REMINDER, NOTED)


def without_rule_codes(message: str) -> str:
    """A checker's sentence in plain words for a report's body: any rule id taken out (with the comma
    after it); the article in brackets stays. The codes are printed only in the self-check appendix."""
    return _CODE_IN_TEXT.sub("", message)


def _by_rule(table: dict[str, str], rule: str, default: str) -> str:
    if rule in table:
        return table[rule]
    return next((text for prefix, text in table.items() if prefix.endswith("-") and rule.startswith(prefix)), default)


def remedy(finding: Finding) -> str:
    advice = _advice(finding.message)
    general = _by_rule(REMEDIES, finding.rule, "打开相应页面处理。")
    return f"{advice}。{general}" if advice else general


def action_label(finding: Finding) -> str:
    return _by_rule(ACTIONS, finding.rule, "打开")


def _advice(message: str) -> str:
    """The "请…" advice a checker put at the end of its message (without the closing 。)."""
    match = re.search(r"[，,；。]\s*(请[^。（(]*)", message)
    return match.group(1).rstrip("，。 ") if match else ""


def _strip_references(text: str) -> str:
    """Take out every bracketed part that names a rule id or an article (brackets may nest)."""
    out: list[str] = []
    depth, start = 0, 0
    group_start = 0
    for i, char in enumerate(text):
        if char in "（(":
            if depth == 0:
                out.append(text[start:i])
                group_start = i
            depth += 1
        elif char in "）)" and depth:
            depth -= 1
            if depth == 0:
                group = text[group_start:i + 1]
                if not (RULE_ID.search(group) or REFERENCE.search(group)):
                    out.append(group)
                start = i + 1
    out.append(text[start:] if depth == 0 else text[group_start:])
    return "".join(out)


def headline(finding: Finding) -> str:
    """The finding in one plain line, the branch first."""
    text = _strip_references(finding.message)
    text = RULE_ID.sub("", text)
    advice = _advice(text)
    if advice:
        text = text[: text.index(advice)].rstrip("，,；; ")
    if finding.area == "整改台账" and "整改措施“" in text:  # the measure first; ledger and problem are in 说明
        text = text[text.index("整改措施“"):]
        text = re.sub(r"（时限[^）]*）", "", text)
        if finding.person:
            text = f"{text}（责任人 {finding.person}）"
    for old, new in PLAIN_WORDS:
        text = text.replace(old, new)
    text = re.sub(r"\s+", " ", text).strip(" ，,；;。.")
    branch = finding.branch or ""
    if branch and not text.startswith(branch) and finding.area in ("三会一课", "主题党日", ""):
        text = f"{branch} {text}"
    return text


def category(finding: Finding, today: date, annotated: bool = False) -> str | None:
    """Where a finding goes on the home page; None for information outside this month and quarter."""
    if annotated or finding.annotation or "已说明情况" in finding.message:
        return Category.NOTED
    if finding.severity is Severity.ERROR:
        return Category.PROBLEM
    if finding.severity is Severity.WARNING:
        return Category.DUE if finding.due else Category.REMINDER
    current = {f"{today:%Y-%m}", f"{today.year}-Q{(today.month - 1) // 3 + 1}"}
    return Category.TODO if finding.period in current else None


def due_text(finding: Finding, today: date) -> str:
    """期限 in words: "12月31日前（还剩 28 天）", "已过 65 天", or "" when the finding has none."""
    if not finding.due:
        return ""
    try:
        due = date.fromisoformat(finding.due)
    except ValueError:
        return finding.due
    days = (due - today).days
    if days < 0:
        return f"{due:%Y-%m-%d}（已过 {-days} 天）"
    if days == 0:
        return f"{due:%Y-%m-%d}（今天）"
    return f"{due:%Y-%m-%d}（还剩 {days} 天）"


@dataclass(frozen=True)
class HomeItem:
    """One line of the home page: the finding, its category and the words shown for it."""

    finding: Finding
    category: str
    line: str
    due: date | None

    @property
    def branch(self) -> str:
        return self.finding.branch or "全校"


def home_items(findings: list[Finding], today: date) -> list[HomeItem]:
    """Problems first, then what falls due soonest; this month's to-dos; annotated gaps last."""
    items = []
    for finding in findings:
        group = category(finding, today)
        if group is None:
            continue
        try:
            due = date.fromisoformat(finding.due) if finding.due else None
        except ValueError:
            due = None
        items.append(HomeItem(finding, group, headline(finding), due))
    order = {name: i for i, name in enumerate(Category.ORDER)}
    items.sort(key=lambda i: (order[i.category], i.due is None, i.due or date.max, i.branch, i.line))
    return items
