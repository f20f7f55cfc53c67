"""Draft 年度工作总结 paragraphs (issue 7 item 7), one per area, filled with the report's own figures
("全年召开支部党员大会4次、支委会12次……"). They are drafts: the window shows them for the user to edit,
and the edited text is what the report prints. Pure: the same data always gives the same text."""

from __future__ import annotations

from collections import Counter
from datetime import date

from branchdesk.domain.annual_report import dues as dues_chapter
from branchdesk.domain.annual_report.meetings_section import KindRow, MeetingsSection
from branchdesk.domain.annual_report.records import AREA_KEYS, AnnualReportData, rate_text
from branchdesk.domain.annual_report.sections import MEETING_CHAPTERS, THREE_MEETINGS, UNREPORTED, day_words

NO_DEVELOPMENT = "本年度未登记发展党员工作记录。"
# Short names the summaries use, as secretaries write them.
LIFE_REVIEW = ("组织生活会", "民主评议党员")  # said in a sentence of their own (or alone, for a year not covered)
SHORT = {"支部党员大会": "支部党员大会", "支部委员会": "支委会", "党小组会": "党小组会", "党课": "党课",
         "主题党日": "主题党日活动", "组织生活会": "组织生活会", "民主评议党员": "民主评议党员"}


def _basic(d: AnnualReportData) -> str:
    b = d.basic
    parts = [f"截至{b.as_of.year}年{b.as_of.month}月{b.as_of.day}日，{d.scope}共有党员{b.total}名"]
    full = next((c.value for c in b.by_category if c.label == "正式党员"), 0)
    prob = next((c.value for c in b.by_category if c.label == "预备党员"), 0)
    parts.append(f"其中正式党员{full}名、预备党员{prob}名")
    # a school whose only 党支部 is its top organisation (T9-11) has no branch "under" it
    alone = len(b.branches) == 1 and d.organisation.endswith(b.branches[0].branch)
    if not d.branch and b.branches and not alone:
        parts.append(f"下设党支部{len(b.branches)}个")
    women = next((c.value for c in b.by_sex if c.label == "女"), 0)
    if b.total:
        parts.append(f"女党员{women}名，占{rate_text(women / b.total)}")
    text = "，".join(parts) + "。"
    text += f"全年接收预备党员{b.new_members}名，预备党员转正{b.made_full}名"
    if b.made_full:
        text += f"（其中按期转正{b.on_time}名" + (f"、延长预备期后转正{b.made_full - b.on_time}名）"
                                            if b.made_full > b.on_time else "）")
    text += f"，转出等减少{b.left}名。" if b.left else "。"
    if d.moves_shown:  # the branch's figures add up only with its 支部调整 (TV-11)
        text += "因支部调整" + "、".join(f"{w}{n}名" for w, n in (("调入", b.moved_in), ("调出", b.moved_out)) if n) + "。"
    if b.pending:
        text += f"另有{len(b.pending)}名支部大会已讨论接收、待上级党委审批（{'、'.join(b.pending)}）。"
    if b.staff_share is not None and b.staff_count:
        text += f"党员占全校{b.staff_count}名教职工的{rate_text(b.staff_share)}。"
    return text


def _meetings(d: AnnualReportData) -> str:
    """What was held, and a claim of compliance only as far as the ledger can know it (domain.md §2:
    the calendar runs from the records' start): no claim for a year no record covers, and a branch
    with no record of its own is named as not known, never counted as having held nothing (trial 9)."""
    m = d.meetings
    if not m.records_started:  # no 启用日期, no meeting on record: nothing can be said of any sitting
        return "台账中没有会议记录，也未设置台账启用日期，本年度各项会议的召开情况无法判断。"
    running = d.as_of < date(d.year, 12, 31)
    covered = any(m.covered())  # else only what was held for the year (a January 组织生活会) is known
    # every form held is named — 组织生活会/民主评议 too, as the total counts their sittings (TY-14)
    held = [f"{SHORT.get(k, k)}{m.held(k)}次" for k in m.kinds
            if (k not in LIFE_REVIEW or m.held(k) if covered else m.held(k))]
    text = ""
    if held:
        span = _meetings_span(d, running) if covered else "为本年度"
        text = f"{span}召开{'、'.join(held)}，共召开会议{m.sittings}次{_combined(m)}"
        if m.attendance is not None:  # the overview's figure; the 三会一课 chapter's box under it (TV-6)
            text += f"，各项会议党员平均出勤率{rate_text(m.attendance)}"
            _n, expected, present = m.sittings_attendance(THREE_MEETINGS)
            if expected and (present, expected) != (m.present, m.expected):
                text += f"（其中三会一课{rate_text(present / expected)}）"
        text += "。"
    text += m.later_note()  # 定稿 records dated after the cut-off: not held yet, not counted (TL-11)
    if covered or m.sittings:  # else "N个党支部中，0个……" would count branches no record speaks of
        # a branch that never sent its 上报 is not one that held none (TD-2): counted among those that reported
        known = [r for r in m.life_review if r.branch not in d.unreported]
        life = sum(r.life_held > 0 for r in known)
        review = sum(r.review_held > 0 for r in known)
        text += f"{'已上报的' if d.unreported else ''}{len(known)}个党支部中，{life}个召开了年度组织生活会，" \
                f"{review}个开展了民主评议党员"
        graded = {k: v for k, v in m.grade_totals.items() if v and k != "不评定等次"}
        if graded:
            text += "，评定" + "、".join(f"{k}{v}名" for k, v in graded.items())
        unknown = sum(bool(r.ungraded) for r in m.life_review)
        if unknown:  # held, grades not recorded: not "nobody graded" (TV-4)
            text += f"，其中{unknown}个党支部尚未录入评议结果"
        text += "。"
    text += _not_known(m, d.unreported)
    if not covered and any(first != date.max for first, _last in m.spans.values()):  # records, not for this year
        return text + f"{d.year}年不在台账记录期间{_records_from_words(m)}，无法对照规定次数判断各项会议的召开情况。"
    if not covered:  # no branch in scope has a record yet: named above
        return text
    missed = sum(r.missed for r in m.rows)
    explained = sum(r.explained for r in m.rows)
    # months some branches do not cover, not already said by the span ("台账自…起"): the claim is theirs
    partly = all(m.covered()) and not all(all(m.covered(r.branch)) for r in m.life_review)
    where = "台账记录期间内，" if partly else ""
    awaited = [r for r in m.rows if r.pending]
    # last year's 组织生活会/民主评议 still in time (TY-13): not a shortfall, nor "均按规定召开"
    besides = f"除待召开的{'、'.join(dict.fromkeys(r.kind for r in awaited))}外，" if awaited else ""
    if missed:  # the total of the overview, in the parts the chapters' boxes show (TV-6)
        parts = "、".join(f"{title}{n}期" for title, kinds in MEETING_CHAPTERS if (n := m.missed(kinds)))
        text += (f"对照规定次数，{where.rstrip('，')}尚有{missed}期未按规定召开（{parts}），"
                 "需在新的一年里补齐并建立提醒机制")
        text += f"；另有{explained}期已说明原因。" if explained else "。"
    elif explained:
        text += f"{where}{besides}各项会议均按规定召开，{explained}期因故调整并已说明原因。"
    else:
        text += f"{where}{besides}各项会议均按规定次数召开。"
    return text + _awaited(d, awaited)


def _awaited(d: AnnualReportData, awaited: list[KindRow]) -> str:
    """"2025年度组织生活会、民主评议党员尚未召开，应在2026-03-31前召开。" — naming the branches when not all of them
    are awaited (domain.md §2: held in January–March they fulfil the past year; TY-13)."""
    if not awaited:
        return ""
    until = max(r.pending_until for r in awaited if r.pending_until)
    branches = list(dict.fromkeys(r.branch for r in awaited))
    who = "" if len(branches) == len({r.branch for r in d.meetings.rows}) else "、".join(branches)
    kinds = "、".join(dict.fromkeys(r.kind for r in awaited))
    return f"{who}{d.year}年度{kinds}尚未召开，应在{until:%Y-%m-%d}前召开。"


def _combined(m: MeetingsSection) -> str:
    """How the forms add up to more than the sittings: "（其中4次为支部党员大会与主题党日合并召开，按形式分别计入以上
    各项）" — a sitting of two forms is one sitting of the total and one of each form's count (TY-14)."""
    combos = Counter(r.kinds for r in m.register if "、" in r.kinds)
    if not combos:
        return ""
    parts = "、".join(f"{n}次为{'与'.join(kinds.rsplit('、', 1))}合并召开" for kinds, n in combos.most_common())
    return f"（其中{parts}，按形式分别计入以上各项）"


def _not_known(m: MeetingsSection, unreported: list[str]) -> str:
    """The branches whose year no record covers and that held nothing for it: their sittings cannot be
    known (services/records_start.py: a branch with no meeting has not started) — named as 未上报 where
    the branch never sent its 上报 (TD-2)."""
    held = {r.branch for r in m.rows if r.held}
    silent = [r.branch for r in m.life_review if r.branch not in held and not any(m.covered(r.branch))]
    away = [b for b in silent if b in unreported]
    none = [b for b in silent if m.spans.get(b, (None, None))[0] == date.max and b not in away]
    other = [b for b in silent if b not in none and b not in away]
    text = f"{'、'.join(away)}{UNREPORTED}，其会议召开情况未知。" if away else ""
    text += f"{'、'.join(none)}尚无会议记录，其会议召开情况无法判断。" if none else ""
    if other:
        text += f"{'、'.join(other)}没有本年度的会议记录，其会议召开情况无法判断。"
    return text


def _records_from_words(m: MeetingsSection) -> str:
    """"（台账自2026年1月1日起）" when the branches that have records all start on one day."""
    firsts = {first for first, _last in m.spans.values() if first is not None and first != date.max}
    return f"（台账自{day_words(next(iter(firsts)))}起）" if len(firsts) == 1 else ""


def _meetings_span(d: AnnualReportData, running: bool) -> str:
    """Over what the meetings were counted: 全年 / 截至12月4日, or, when the records do not cover the
    whole year, from their start (a count over three months must not read as the year's)."""
    until = f"{d.as_of.month}月{d.as_of.day}日" if running else ""
    m = d.meetings
    if all(m.covered()):
        return f"截至{until}" if running else "全年"
    firsts = {first for first, _last in m.spans.values()}
    first = next(iter(firsts)) if len(firsts) == 1 else None
    if first is not None and first.year == d.year:
        return f"台账自{day_words(first)}起至{until or '年末'}，"
    return f"截至{until}，台账记录期间内" if running else "台账记录期间内"


def _development(d: AnnualReportData) -> str:
    dev = d.development
    errors = sum(1 for x in dev.findings if x.severity == "问题")
    warnings = sum(1 for x in dev.findings if x.severity == "提醒")
    if not dev.ledger and not any(c.value for c in dev.flow):  # nothing to check: no claim of compliance
        if errors or warnings:  # the roster's 预备党员 whose 预备期 has ended (or is about to) without 转正
            return (f"{NO_DEVELOPMENT}对照《发展党员工作细则》检查花名册中的预备党员，发现需纠正的问题{errors}项、"
                    f"需提醒的事项{warnings}项，正在逐一整改。")
        return NO_DEVELOPMENT
    f = {c.label: c.value for c in dev.flow}
    text = (f"全年收到入党申请书{f.get('递交入党申请书', 0)}份，确定入党积极分子{f.get('确定入党积极分子', 0)}名、"
            f"发展对象{f.get('确定发展对象', 0)}名，接收预备党员{f.get('接收预备党员', 0)}名，"
            f"预备党员转正{f.get('预备党员转正', 0)}名")
    if f.get("延长预备期"):
        text += f"，延长预备期{f['延长预备期']}名"
    if f.get("取消预备党员资格"):
        text += f"，取消预备党员资格{f['取消预备党员资格']}名"
    text += "。"
    # a person the roster admitted or made full without a 发展党员 record was never checked (T10-9)
    unchecked = "、".join(f"{what}的{n}名{who}" for what, n, who in (("接收", dev.unrecorded_admitted, "预备党员"),
                                                                   ("转正", dev.unrecorded_full, "党员")) if n)
    if errors or warnings:
        text += f"对照《发展党员工作细则》逐人检查，发现需纠正的问题{errors}项、需提醒的事项{warnings}项，正在逐一整改。"
    elif dev.ledger:
        who = "有发展党员过程记录的人员" if unchecked else ""
        text += f"对照《发展党员工作细则》逐人检查{who}，各环节程序完整、时限符合规定。"
    if unchecked:
        text += f"{unchecked}在本软件中没有发展党员过程记录，程序和时限无法核对。"
    return text


def _mentoring(d: AnnualReportData) -> str:
    mt = d.mentoring
    t = mt.total
    if t is None or not t.pairs:
        return "本年度未登记结对帮扶。"
    kinds = "、".join(f"{k}{v}对" for k, v in t.pairs_by_kind.items() if v)
    # 成果: outcomes itemised (dated) in the year; 成效 recorded: pairs with such an outcome or 成效 written as text
    results = f"逐项登记帮扶成果{t.outcomes}项" if t.outcomes else "未逐项登记帮扶成果"
    if mt.pairs_with_results:
        results += f"，{mt.pairs_with_results}对有帮扶成效记载"
    activities = (f"开展帮扶活动{t.activities}次、累计{t.hours:g}学时" if t.activities
                  else "未逐次登记帮扶活动")
    evaluation = f"年度考核{t.evaluated}对，其中优秀{t.excellent}对" if t.evaluated else "年度考核未录入"
    return (f"全年开展结对帮扶{t.pairs}对（{kinds}），其中新结对{t.new_pairs}对；{activities}，{results}；"
            f"{evaluation}。")


def _rectification(d: AnnualReportData) -> str:
    r = d.rectification
    if not r.ledgers:  # a branch's volume names the ledgers filed above it (TR-2)
        return "本年度无所属组织为本支部的整改台账。" + r.elsewhere_words() if r.elsewhere else "本年度无整改台账。"
    closed = r.status_totals.get("已销号", 0)
    text = (f"全年对照{len(r.ledgers)}本整改台账、{sum(x.problems for x in r.ledgers)}个问题制定整改措施{r.total}条，"
            f"已销号{closed}条，完成率{rate_text(r.completion_rate)}，销号率{rate_text(r.closing_rate)}。")
    if r.overdue:
        text += f"尚有{r.overdue}条措施逾期未完成，需压实责任、限期整改到位"
        text += f"；{r.late}条逾期后完成。" if r.late else "。"
    elif r.late:
        text += f"无逾期未完成措施，{r.late}条逾期后完成。"
    else:
        text += "所有措施均按期推进。"
    return text + r.elsewhere_words()


def _dues(d: AnnualReportData) -> str:
    return dues_chapter.summary(d.dues, d.scope)


_WRITERS = {"basic": _basic, "meetings": _meetings, "development": _development, "mentoring": _mentoring,
            "rectification": _rectification, dues_chapter.KEY: _dues}


def draft_summaries(data: AnnualReportData) -> dict[str, str]:
    """One paragraph per area (AREA_KEYS order), from the figures of `data`."""
    return {key: _WRITERS[key](data) for key in AREA_KEYS}
