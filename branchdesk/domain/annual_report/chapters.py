"""The volume's chapters in the order the year-end inspection reads them (issue 15; the published
党建工作台账检查 checklists): 党组织设置, 班子建设, 党员教育管理, 党费收缴, 三会一课, 主题党日,
组织生活会与民主评议, 发展党员, 党建与教育教学融合, 整改落实. Each opens with its figures; a chapter
whose area has no data says so in one line (`empty`) instead of showing invented zeros, and a figure
that cannot be known is printed as unknown (未知 / 未填写), never as 0."""

from __future__ import annotations

from dataclasses import dataclass, field

from branchdesk.domain.annual_report import dues as dues_chapter
from branchdesk.domain.annual_report.records import (
    MONEY,
    RATE,
    REPORTED,
    AnnualReportData,
    rate_text,
    study_met_text,
    study_short,
)
from branchdesk.domain.annual_report.sections import (
    LIFE,
    NOT_ENTERED,
    NOT_ITEMISED,
    NOT_LOGGED,
    NOT_LOGGED_EACH,
    THEME_DAY,
    THREE_MEETINGS,
)
from branchdesk.domain.annual_report.summary import NO_DEVELOPMENT

UNKNOWN = "未知"
# the chapters whose figures come from the branches' own records (a 上报 at the committee), not the roster
FROM_BRANCHES = ("committee", "education", "dues", "three", "theme", "life", "development", "mentoring")
PROBATIONARY = "预备党员"


@dataclass
class Chapter:
    key: str
    title: str
    summary_key: str = ""  # the 年度工作总结 paragraph shown under the figures
    figures: list[tuple[str, str]] = field(default_factory=list)
    empty: str = ""  # one line when the area has no data this year


def _text(value: object, kind: str) -> str:
    if value is None:
        return UNKNOWN
    if kind == RATE and isinstance(value, float | int):
        return rate_text(float(value))
    if kind == MONEY and isinstance(value, float | int):
        return f"{value:,.2f}"
    return str(value)


def _held(d: AnnualReportData, kinds: tuple[str, ...]) -> list[tuple[str, str]]:
    m = d.meetings
    lines = []
    for kind in kinds:  # "—" / "1/—" for a year the records do not cover (sections.held_required)
        lines.append((f"{kind}（已开/应开）", d.held_required(kind)))
    explained = sum(r.explained for r in m.rows if r.kind in kinds)
    lines.append(("未按规定召开（期）", str(m.missed_text(kinds))))
    if pending := m.pending_text(kinds):  # still in time (TY-13)
        lines.append(("待召开（期）", pending))
    if explained:
        lines.append(("已作情况说明（期）", str(explained)))
    # each sitting once, as the overview's 各项会议平均出勤率 and the paragraph count it (TV-6)
    expected, present = m.sittings_attendance(kinds)[1:]
    if expected:
        attendance = rate_text(present / expected)
    elif any(m.held(k) for k in kinds):
        attendance = f"{UNKNOWN}（台账未填应到、实到）"
    else:  # no sitting to have an attendance: say so, not "unknown"
        attendance = "—（本年度无会议记录）"
    lines.append(("平均出勤率", attendance))
    return lines


def _probationary(d: AnnualReportData) -> str:
    """目前预备党员: the roster's, as 基本情况 counts them (data entered once and reused everywhere, domain.md
    §8: the 发展党员 ledger feeds the roster), with the words for those the 发展党员 ledger holds when they
    differ — a 预备党员 entered in the roster alone has no 发展党员 record (TV-5). "" when neither has any."""
    roster = next((x.value for x in d.basic.by_category if x.label == PROBATIONARY), 0)
    ledger = next((x.value for x in d.development.pipeline if x.label == PROBATIONARY), 0)
    if ledger == roster:
        return f"{roster}名" if roster else ""
    if not d.basic.total:  # no roster entered: only the ledger can say
        return f"{ledger}名（按发展党员档案，尚未录入党员名册）"
    if ledger < roster:
        return f"{roster}名（其中{ledger}名有发展党员档案）" if ledger else f"{roster}名（均无发展党员档案）"
    return f"{roster}名（按党员名册；发展党员档案中为{ledger}名）"


def _sittings(d: AnnualReportData, kinds: tuple[str, ...]) -> int:
    return d.meetings.sittings_attendance(kinds)[0]


def chapters(d: AnnualReportData) -> list[Chapter]:
    b, m, dev, t, r = d.basic, d.meetings, d.development, d.mentoring.total, d.rectification
    found: list[Chapter] = []

    c = Chapter("organisation", "党组织设置", "basic")
    if b.total or b.branches:
        c.figures = [("党支部", f"{len(b.branches)}个"), ("党员总数", f"{b.total}名"),
                     ("其中预备党员", f"{next((x.value for x in b.by_category if x.label == PROBATIONARY), 0)}名"),
                     ("本年接收预备党员", f"{b.new_members}名"), ("本年转正", f"{b.made_full}名（按期{b.on_time}名）"),
                     ("本年减少", f"{b.left}名"),
                     *([("本年调入（支部调整）", f"{b.moved_in}名"), ("本年调出（支部调整）", f"{b.moved_out}名")]
                       if d.moves_shown else []),
                     ("党员占教职工比例", rate_text(b.staff_share) if b.staff_share is not None
                      else f"{UNKNOWN}（未设置教职工总数）")]
    else:
        c.empty = "本年度尚未录入党员名册。"
    found.append(c)

    c = Chapter("committee", "班子建设")
    if b.committees:
        set_up = sum(1 for x in b.committees if x.has_committee)
        owed = sum(1 for x in b.committees if x.needs_committee and not x.has_committee)
        # 支委会 held: a committee whose 委员 are not registered, not one owed (TL-13)
        unregistered = sum(1 for x in b.committees if x.needs_committee and not x.has_committee
                           and d.committee_sittings(x.branch))
        c.figures = [("设立支部委员会的党支部", f"{set_up}/{len(b.committees)}"),
                     ("正式党员7人以上、未设支部委员会", f"{owed - unregistered}个"),
                     *([("已开支委会、委员未登记", f"{unregistered}个")] if unregistered else []),
                     ("支部委员（人）", str(sum(x.size for x in b.committees if x.has_committee)))]
        if set_up:
            c.figures.append(("支部委员会（已开/应开）", d.held_required("支部委员会")))
    else:
        c.empty = "本年度尚未登记党支部。"
    found.append(c)

    c = Chapter("education", "党员教育管理")
    if m.study:
        members = sum(x.members for x in m.study)
        unknown = sum(x.unknown for x in m.study)
        c.figures = [("学习学时达标党员", study_met_text(m.study)),  # unknown is not 0 (TL-14)
                     ("未达标党员", str(study_short(m.study))), ("无法判断的党员", str(unknown))]
        known = [x.average for x in m.study if x.average is not None]
        c.figures.append(("人均学时（已知部分）", f"{sum(x.hours for x in m.study) / members:.1f}" if known and members
                          else UNKNOWN))
    else:
        c.empty = "本年度尚无可计算学时的会议和培训记录。"
    found.append(c)

    c = Chapter("dues", "党费收缴", "dues")
    if d.dues is None or d.dues.empty:
        c.empty = d.dues.empty if d.dues is not None and d.dues.empty else "本年度尚未录入党费收缴记录。"
    else:
        c.figures = [(label, _text(value, kind)) for label, value, kind in dues_chapter.key_figures(d.dues)]
    found.append(c)

    for key, title, kinds, summary in (("three", "三会一课", THREE_MEETINGS, "meetings"),
                                       ("theme", "主题党日", THEME_DAY, ""),
                                       ("life", "组织生活会与民主评议", LIFE, "")):
        c = Chapter(key, title, summary)
        if any(m.required(k) or m.held(k) for k in kinds):
            c.figures = [("会议记录（次）", str(_sittings(d, kinds))), *_held(d, kinds)]
            if key == "life" and any(m.grade_totals.values()):
                c.figures += [(f"评议{g}", f"{n}名") for g, n in m.grade_totals.items() if n]
            if key == "life" and any(r.ungraded for r in m.life_review):  # held, grades not recorded (TV-4)
                c.figures.append(("民主评议未录入评议结果的党支部", f"{sum(bool(r.ungraded) for r in m.life_review)}个"))
        elif m.records_started and not m.judged():  # a year before the records start (trial 9, T9-15)
            c.empty = f"本年度不在台账记录期间，{title}召开情况无法判断（不表示未召开）。"
        else:
            c.empty = f"本年度尚未录入{title}记录。"
        found.append(c)

    c = Chapter("development", "发展党员", "development")
    if dev.ledger or any(x.value for x in dev.flow) or dev.findings:  # a 预备期 ended on the roster is shown too
        c.figures = [(x.label, f"{x.value}名") for x in dev.flow]
        c.figures += [(f"目前{x.label}", f"{x.value}名") for x in dev.pipeline if x.value and x.label != PROBATIONARY]
        if probationary := _probationary(d):
            c.figures.append((f"目前{PROBATIONARY}", probationary))
        c.figures.append(("待处理问题", f"{sum(1 for x in dev.findings if x.severity == '问题')}项"))
        if reminders := sum(1 for x in dev.findings if x.severity == "提醒"):
            c.figures.append(("需提醒的事项", f"{reminders}项"))
    else:
        c.empty = NO_DEVELOPMENT  # not entered: the volume cannot say there was none
    found.append(c)

    c = Chapter("mentoring", "党建与教育教学融合", "mentoring")
    if t is not None and t.pairs:
        # 成果 counts the outcomes itemised (dated, with a kind) in the year; the pairs with 成效 count those
        # with such an outcome or with 成效 written as text: a pair's itemised 成果 is also its 成效
        written = d.mentoring.pairs_with_results
        c.figures = [("结对帮扶", f"{t.pairs}对（新结对{t.new_pairs}对）"),
                     ("帮扶活动", f"{t.activities}次、{t.hours:g}学时" if t.activities else NOT_LOGGED_EACH),
                     ("逐项登记的帮扶成果", f"{t.outcomes}项" if t.outcomes else NOT_ITEMISED),
                     ("有帮扶成效的结对（逐项登记或文字记载）", f"{written}对" if written else NOT_LOGGED),
                     ("年度考核", f"{t.evaluated}对（优秀{t.excellent}对）" if t.evaluated else NOT_ENTERED)]
    else:
        c.empty = "本年度未登记结对帮扶等党建与教育教学融合工作。"
    found.append(c)

    c = Chapter("rectification", "整改落实", "rectification")
    if r.total:
        c.figures = [("整改台账", f"{len(r.ledgers)}本"), ("整改措施", f"{r.total}项"),
                     ("完成率", rate_text(r.completion_rate)), ("销号率", rate_text(r.closing_rate)),
                     ("逾期未完成", f"{r.overdue}项"), ("逾期完成", f"{r.late}项")]
        if r.elsewhere:  # a branch's volume: the ledgers filed above it, said where they are (TR-2)
            c.figures.append((r.elsewhere_label(), r.elsewhere_words()))
    elif r.elsewhere:
        c.empty = "本年度没有所属组织为本支部的整改台账。" + r.elsewhere_words()
    else:
        c.empty = "本年度没有整改台账。"
    found.append(c)
    if words := d.reported_words():  # a branch never sent its 上报: the school's totals are without it (TD-2)
        for c in found:
            if c.key in FROM_BRANCHES and c.figures:
                c.figures.insert(0, (REPORTED, words))
    return found
