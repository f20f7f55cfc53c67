"""The ledgers of the year-end report as tables (issue 7): one function turns `AnnualReportData` into
the list of `LedgerTable`s that the workbook writes one sheet each and the PDF prints in its sections,
so both files show the same rows, columns and values."""

from __future__ import annotations

from branchdesk.domain.annual_report import dues as dues_chapter
from branchdesk.domain.annual_report.records import (
    AREA_KEYS,
    AREA_TITLES,
    DATE,
    HOURS,
    INT,
    MONEY,
    MONTHS,
    RATE,
    TEXT,
    AnnualReportData,
    Column,
    LedgerTable,
)
from branchdesk.domain.annual_report.sections import (
    NOT_COVERED,
    NOT_ENTERED,
    NOT_LOGGED,
    UNJUDGED,
    UNREPORTED,
    Count,
    share,
)
from branchdesk.domain.citations import cite
from branchdesk.domain.mentoring.results import join_results
from branchdesk.domain.study_hours.records import NOT_JUDGED, SPAN_UNKNOWN


def _c(title: str, kind: str = TEXT, width: int = 0, keep_lines: bool = False) -> Column:
    return Column(title, kind, width, keep_lines)


def roster_table(d: AnnualReportData) -> LedgerTable:
    cols = [_c("序号", INT), _c("姓名"), _c("性别"), _c("民族"), _c("公民身份号码", TEXT, 20), _c("出生日期", DATE),
            _c("学历"), _c("所在党支部"), _c("党小组"), _c("人员类别"), _c("入党日期", DATE), _c("转正日期", DATE),
            _c("工作岗位")]
    if not d.masked:
        cols.append(_c("联系电话", TEXT, 13))
    rows = []
    for i, r in enumerate(d.basic.roster, start=1):
        row: list[object] = [i, r.name, r.sex, r.ethnicity, r.id_number, r.birth_date, r.education, r.branch, r.group,
                             r.category, r.join_date, r.full_date, r.position]
        if not d.masked:
            row.append(r.phone)
        rows.append(row)
    note = "公民身份号码已隐去中间部分，联系电话未列出。" if d.masked else "含完整公民身份号码和联系电话，请妥善保管。"
    if any(r.group == NOT_COVERED for r in d.basic.roster):  # placed by a 支部调整 dated after the day
        note += f"所在党支部按当日计（支部调整有日期）；党小组为“{NOT_COVERED}”的，调整前所在党小组未记录。"
    if d.basic.renamed_groups:  # told once (TY-5): the rows give the name of the day
        note += f"党小组名称按当日计；本年更名的党小组：{'、'.join(d.basic.renamed_groups)}。"
    return LedgerTable("党员名册", f"党员名册（截至{d.basic.as_of:%Y年%m月%d日}）", cols, rows, note)


def branch_table(d: AnnualReportData) -> LedgerTable:
    cols = [_c("党支部", TEXT, 16), _c("党员人数", INT), _c("正式党员", INT), _c("预备党员", INT), _c("男", INT),
            _c("女", INT), _c("本年接收预备党员", INT), _c("本年转正", INT), _c("本年减少", INT)]
    rows: list[list[str | int]] = [[b.branch, b.total, b.full, b.probationary, b.male, b.female, b.new, b.made_full, b.left]
                                for b in d.basic.branches]
    note = ""
    if any(b.moved_in or b.moved_out for b in d.basic.branches):  # the rows add up with them (TV-11)
        cols += [_c("调入", INT), _c("调出", INT)]
        for row, b in zip(rows, d.basic.branches, strict=True):
            row += [b.moved_in, b.moved_out]
        note = "调入、调出：本年党员在党支部之间的支部调整（按调整日期）。"
    if d.basic.renamed_branches:  # the volume names a 党支部 by its name of the year: a rename within it told once
        note += f"本年更名的党支部：{'、'.join(d.basic.renamed_branches)}。"
    if len(rows) > 1:
        rows.append(["合计", *[sum(int(r[i]) for r in rows) for i in range(1, len(cols))]])
    return LedgerTable("各支部党员", "各党支部党员情况", cols, rows, note)


def composition_table(d: AnnualReportData) -> LedgerTable:
    cols = [_c("分类"), _c("项目", TEXT, 12), _c("人数", INT), _c("占比", RATE)]
    rows: list[list[object]] = []
    b = d.basic
    groups: list[tuple[str, list[Count]]] = [("人员类别", b.by_category), ("性别", b.by_sex), ("年龄", b.by_age),
                                             ("学历", b.by_education), ("民族", b.by_ethnicity)]
    for title, counts in groups:
        rows += [[title, c.label, c.value, share(c.value, b.total)] for c in counts]
    return LedgerTable("党员构成", "党员队伍构成", cols, rows)


def meetings_table(d: AnnualReportData) -> LedgerTable:
    cols = [_c("党支部", TEXT, 14), _c("会议类型", TEXT, 12), *[_c(m, INT) for m in MONTHS], _c("全年已开", INT),
            _c("规定应开", INT), _c("达标期数", INT), _c("适用期数", INT), _c("已说明", INT), _c("未完成", INT),
            _c("出勤率", RATE)]
    m = d.meetings
    rows = [[r.branch, r.kind, *m.marked_months(r.branch, r.kind, m.month_values(r.months, r.branch)),
             UNREPORTED if r.branch in d.unreported else r.held,  # nothing of it here: not 0 (TD-2)
             *([r.required or d.not_required(r.kind, r.branch), r.periods_met, r.periods, r.explained, r.missed]
               if m.judged(r.branch)  # nothing required: "不适用", as the 汇总 says (T10-20), not 0
               else [NOT_COVERED] * 5),  # a year the branch's records do not cover: not known, not 0
             r.attendance] for r in m.rows]
    note = ("按月统计召开次数；一次会议兼具多种形式的（如在主题党日召开支部党员大会）分别计数；按所属期间计数（补开的计入所补月份，"
            "次年初为本年度召开的组织生活会、民主评议计入12月）；草稿和没有内容的记录不计入。规定应开按支部条例计算，"
            "自台账启用或支部成立之月起。")
    if d.meetings.records_from:
        note += "台账记录起始：" + "；".join(d.meetings.records_from) + "。"
    note += m.note_under([list(r[2:14]) for r in rows], d.unreported)  # only where a month shows "—" (TV-13)
    note += m.later_note()  # 定稿 records dated after the cut-off (domain/meetings/happened.py)
    if running := [r.running_label for r in m.rows if r.running and m.judged(r.branch)]:  # not due yet (TR-5)
        note += (f"达标期数、适用期数只计截至{d.as_of:%Y-%m-%d}已结束或已召开的期间；{'、'.join(dict.fromkeys(running))}"
                 "尚在进行中、未到期，尚未召开的不计入（规定应开按全年计）。")
    if awaited := [r for r in m.rows if r.pending and r.pending_until]:  # still in time (TY-13)
        until = max(r.pending_until for r in awaited if r.pending_until)
        note += (f"{'、'.join(dict.fromkeys(r.kind for r in awaited))}可在{until:%Y-%m-%d}前召开并计入{d.year}年度，"
                 "尚未召开的列为“待召开”，不计入“未完成”和适用期数。")
    return LedgerTable("三会一课", "三会一课及主题党日召开情况（按月）", cols, rows, note)


def gaps_table(d: AnnualReportData) -> LedgerTable:
    cols = [_c("党支部", TEXT, 14), _c("会议类型", TEXT, 12), _c("期间", TEXT, 14), _c("党小组"), _c("已开", INT),
            _c("至少", INT), _c("状态"), _c("情况说明", TEXT, 30)]
    # a period in progress is not over: nothing to explain yet, not "未填写情况说明" (rules.period_over; rev5)
    rows = [[g.branch, g.kind, g.period, g.target, g.held, g.minimum, g.state,
             g.annotation or ("（尚未到期）" if g.state == "进行中" else "（支部未填写情况说明）")] for g in d.meetings.gaps]
    note = ("状态为“待召开”的，在截止日期前召开仍计入本年度（次年一季度为上一年度召开的组织生活会、民主评议党员），"
            "不计入未按规定召开。" if any(g.state.startswith("待召开") for g in d.meetings.gaps) else "")
    return LedgerTable("未按规定召开", "未按规定次数召开的会议及情况说明", cols, rows, note)


def committee_table(d: AnnualReportData) -> LedgerTable:
    """班子建设: each branch's committee from the roster's 党内职务 and the org panel (ORG-COMMITTEE,
    支部条例 第二十条: the article of the citation table, as `branchdesk check` cites it)."""
    cols = [_c("党支部", TEXT, 16), _c("党员", INT), _c("支部委员会"), _c("支委人数", INT), _c("书记"),
            _c("其他委员（职务）", TEXT, 30), _c("支委会已开/应开")]
    held = {r.branch: (r.held, r.required) for r in d.meetings.rows if r.kind == "支部委员会"}
    rows = []
    for c in d.basic.committees:
        h, r = held.get(c.branch, (0, 0))
        has = c.has_committee or r > 0
        judged = d.meetings.judged(c.branch)  # else "—" / "2/—": the year is not in the branch's records
        if has:
            setting = "已设立" if c.size >= 3 or not c.has_committee else "已设立（委员不足3人）"
        elif c.needs_committee and h:  # 支委会 held: the committee exists, its 委员 are not registered (TL-13)
            setting = f"委员未登记（本年已开支委会{h}次）"
        elif c.needs_committee:
            setting = "应设未设"
        elif c.extra_posts:  # registered anyway: listed, the 支委会 not required (the check's note says so)
            setting = "不设（正式党员不足7人，另登记了委员）"
        else:
            setting = "只设书记" if c.posts else "不设（党员不足7人）"
        others = "、".join(f"{name}（{post}）" for post, name in c.posts if post != "书记")
        # a post its holder left (离世, 转出, 支部调整) stands vacant, not held by them (TV-3)
        vacant = [words for post, words in c.vacant if post != "书记"]
        if vacant:
            others += ("；" if others else "") + "空缺：" + "、".join(vacant)
        gone = [words for post, words in c.vacant if post == "书记"]
        secretary = c.secretary or (f"空缺（{'、'.join(gone)}）" if gone else "（未登记）")
        rows.append([c.branch, c.members, setting, c.size if has else None, secretary, others,
                     d.held_required("支部委员会", c.branch) if has or not judged
                     else f"{h}/{d.not_required('支部委员会', c.branch)}" if h else "—"])
    note = (f"正式党员7人以上的党支部设立支部委员会（《中国共产党支部工作条例（试行）》{cite('ORG-COMMITTEE').article}）；"
            "委员和职务来自花名册“党内职务”列和“组织与党员”中登记的任职；任期内转出、离世、出党或调整到其他支部的委员，"
            "自当日起不再担任，其职务列为“空缺”，直至补选登记。支委会应开次数只对设有支委会的支部计算；"
            "正式党员不足7人的党支部不要求召开支委会，召开了的照常计入已开次数。")
    return LedgerTable("支部委员会", "党支部委员会设置情况", cols, rows, note)


def sitting_register_table(d: AnnualReportData) -> LedgerTable:
    """Every sitting counted in the year, by branch and date (补开 and 所属期间 marked)."""
    cols = [_c("序号", INT), _c("党支部", TEXT, 14), _c("会议日期", DATE), _c("会议类型", TEXT, 14, True),
            _c("所属期间", TEXT, 14), _c("会议主题", TEXT, 36), _c("主持人"), _c("党课讲授人"), _c("应到", INT),
            _c("实到", INT)]
    rows = []
    for i, r in enumerate(d.meetings.register, start=1):
        period = r.period + ("（补开）" if r.late else "")
        rows.append([i, r.branch, r.day, r.kinds.replace("、", "\n"), period, r.topic, r.host, r.lecturer, r.expected, r.present])
    note = ("按党支部、会议日期排列；只列已定稿、有内容的会议记录。“所属期间”只在会议为其他期间召开时填写（次年一至三月"
            "为上年度召开的组织生活会、民主评议党员填所属年度），补开的会议标注“补开”；应到、实到为空表示台账未填写人数。")
    return LedgerTable("会议记录目录", "会议记录目录（三会一课、主题党日、组织生活会、民主评议）", cols, rows, note)


def member_hours_table(d: AnnualReportData) -> LedgerTable:
    cols = [_c("序号", INT), _c("党支部", TEXT, 14), _c("姓名"), _c("人员类别"), _c("应完成学时", HOURS),
            _c("已完成学时", HOURS), _c("情况")]
    rows = [[i, m.branch, m.name, m.category, m.required, m.known, m.status]
            for i, m in enumerate(d.meetings.member_hours, start=1)]
    note = "“无法判断”的党员，已完成学时只计已知部分（有会议未填起止时间或未记明出席人员）。"
    if any(m.status.startswith(NOT_JUDGED) for m in d.meetings.member_hours):
        note += "“不作评定”的党员年内已转出、离世或出党，应完成学时按在册月数折算，只列出、不评定是否达标。"
    return LedgerTable("党员学时明细", "党员学习学时明细（每名党员）", cols, rows, note)


def development_register_table(d: AnnualReportData) -> LedgerTable:
    """Every case with every step recorded (dated) and the people the steps name."""
    cols = [_c("序号", INT), _c("姓名"), _c("性别"), _c("所在党支部", TEXT, 14), _c("目前阶段"),
            _c("各环节及日期", TEXT, 40, True), _c("有关人员", TEXT, 24, True)]
    rows = []
    for i, r in enumerate(d.development.ledger, start=1):
        steps = "\n".join(f"{day:%Y-%m-%d} {label}" if day else f"（日期未填）{label}" for day, label in r.steps)
        people = "\n".join(f"{role}：{names}" for role, names in r.people)
        rows.append([i, r.name, r.sex, r.branch, r.stage, steps, people])
    return LedgerTable("发展党员过程", "发展党员工作过程（逐人逐环节）", cols, rows)


def life_review_table(d: AnnualReportData) -> LedgerTable:
    grades = list(d.meetings.grade_totals) or ["优秀", "合格", "基本合格", "不合格", "不评定等次"]
    cols = [_c("党支部", TEXT, 14), _c("组织生活会", INT), _c("民主评议党员", INT), *[_c(g, INT) for g in grades],
            _c("优秀占比", RATE), _c("谈心谈话已覆盖（项）", INT), _c("应覆盖（项）", INT), _c("谈心谈话覆盖率", RATE)]
    rows: list[list[object]] = []
    for r in d.meetings.life_review:
        # a review held with no grade recorded: its grades are not known, "未录入" — never 0 (TV-4)
        counts = [NOT_ENTERED] * len(grades) if r.grades_unknown else [r.grades.get(g, 0) for g in grades]
        excellent = None if r.grades_unknown else share(r.grades.get("优秀", 0), r.graded)
        if d.meetings.judged(r.branch):
            talks: list[object] = ([NOT_LOGGED, r.talks_required, NOT_LOGGED] if not r.talks_logged
                                   else [r.talks_done, r.talks_required, r.talk_coverage] if r.talks_done is not None
                                   else [UNJUDGED, r.talks_required, UNJUDGED])
            rows.append([r.branch, r.life_held, r.review_held, *counts, excellent, *talks])
            continue
        # a year the branch's records do not cover (trial 9, T9-15): what was held for it is shown, what
        # was not cannot be known, and neither can the 谈心谈话 (MTG-YEARLY-TALKS): "—", never 0
        rows.append([r.branch, r.life_held or NOT_COVERED, r.review_held or NOT_COVERED,
                     *(counts if r.review_held else [NOT_COVERED] * len(grades)),
                     excellent, NOT_COVERED, r.talks_required, NOT_COVERED])
    note = ("含次年初为本年度召开的组织生活会和民主评议（按所属期间计入）；预备党员参加评议但不评定等次；优秀一般不超过三分之一。"
            "谈心谈话按支部条例第十九条统计覆盖情况：书记与每名委员、党员谈话，委员之间谈话，每名党员至少参加 1 次谈话，"
            "各计 1 项；按年末在册党员计。")
    if any(r.talks_done is None for r in d.meetings.life_review if d.meetings.judged(r.branch)):
        note += f"谈心谈话“{UNJUDGED}”表示有谈心谈话记录没有写明谈话双方，是否全覆盖无法核对（不表示未谈话）。"
    if any(not r.talks_logged for r in d.meetings.life_review if d.meetings.judged(r.branch)):  # TR-4
        note += f"谈心谈话“{NOT_LOGGED}”表示本年度没有登记谈心谈话记录，无法统计覆盖情况，不表示没有开展。"
    if not all(d.meetings.judged(r.branch) for r in d.meetings.life_review):
        note += f"“{NOT_COVERED}”表示本年度不在该党支部台账记录期间，无法判断（不表示未召开、未谈话）。"
    if any(r.ungraded for r in d.meetings.life_review):
        note += d.meetings.review_grades_words()
    return LedgerTable("组织生活会与民主评议", "组织生活会、民主评议党员和谈心谈话情况", cols, rows, note)


def study_table(d: AnnualReportData) -> LedgerTable:
    cols = [_c("党支部", TEXT, 14), _c("党员", INT), _c("达标", INT), _c("未达标", INT), _c("无法判断", INT),
            _c("达标率", RATE), _c("人均学时", HOURS), _c("未达标党员（已完成/应完成学时）", TEXT, 30),
            _c("无法判断的党员（已知学时/应完成学时）", TEXT, 30)]
    rows = [[r.branch, r.members, r.met, r.short, r.unknown, r.met_rate, r.average, "、".join(r.short_names),
             "、".join(r.unknown_names)] for r in d.meetings.study]
    untimed = len(set().union(*(r.untimed for r in d.meetings.study))) if d.meetings.study else 0
    estimated = len(set().union(*(r.estimated for r in d.meetings.study))) if d.meetings.study else 0
    note = ("依据《中国共产党党员教育管理工作条例》第二十条，每名党员每年集中学习培训一般不少于 32 学时；"
            "支部会议按出席记录和起止时间计学时（1 学时 = 45 分钟），另加党校、网络等培训记录；年度中途转入或离开的按在册月数折算"
            "（自台账启用或支部成立之月起）。")
    if untimed:
        note += f"有 {untimed} 次会议未填起止时间，学时无法计算，出席这些会议的党员如未达标则列为“无法判断”，人均学时只计已知部分。"
    if estimated:
        # the sittings whose 学时 came from the standard length — not every sitting without its times: 支委会 (no 学时)
        # and those with only a headcount are not among them, and "有 43 次会议未填起止时间" read as though the other
        # 18 of her 61 had theirs (re-trial R2, N-3)
        note += f"计入学时的会议中，有 {estimated} 次未填起止时间，其学时按本校设置的标准时长计算（按标准时长计）。"
    if any(r.unknown for r in d.meetings.study):
        note += "台账只填人数、且与缺席人员对不上的会议，无法确定哪些党员出席，相关党员如未达标也列为“无法判断”。"
    if any(SPAN_UNKNOWN in m.status for m in d.meetings.member_hours):  # trial K, TK-9
        note += (f"{SPAN_UNKNOWN}的党支部，会议只从其最早的会议记录起有据可查；学习培训记录早于此的，应完成学时自最早的学习培训记录之月起"
                 "折算，其间未登记的会议无法计入，未达到要求的党员列为“无法判断”。请在“设置”中填写台账启用日期。")
    if d.unreported:  # its members' 学时 are not here: left out, and said why (TD-2)
        note += f"{'、'.join(d.unreported)}{UNREPORTED}，其党员的学习培训记录未计入，不列入本表。"
    departed = [f"{r.branch}{'、'.join(r.departed_names)}" for r in d.meetings.study if r.departed_names]
    if departed:
        note += (f"年内转出、离世或出党的党员（{'；'.join(departed)}）已不在册，不作评定，不计入党员数和达标率，"
                 "其在册月份的学时列在党员学时明细中。")
    return LedgerTable("党员学习学时", "党员集中学习培训学时情况", cols, rows, note)


def development_flow_table(d: AnnualReportData) -> LedgerTable:
    cols = [_c("环节", TEXT, 16), _c("本年人数", INT)]
    # the school's counts are those of the branches that reported: not "0 applied" of one that never sent (TD-2)
    note = f"{'、'.join(d.unreported)}{UNREPORTED}，其发展党员工作未计入本表。" if d.unreported else ""
    return LedgerTable("发展党员流程", "发展党员工作流程（本年）", cols,
                       [[c.label, c.value] for c in d.development.flow], note)


def development_table(d: AnnualReportData) -> LedgerTable:
    cols = [_c("序号", INT), _c("姓名"), _c("性别"), _c("公民身份号码", TEXT, 20), _c("所在党支部", TEXT, 14),
            _c("目前阶段"), _c("递交申请", DATE), _c("确定积极分子", DATE), _c("确定发展对象", DATE),
            _c("接收预备党员", DATE), _c("延长预备期", TEXT, 16), _c("转正日期", DATE), _c("转正审批日期", DATE),
            _c("问题", INT), _c("提醒", INT)]
    rows = [[i, r.name, r.sex, r.id_number, r.branch, r.stage, r.applied, r.activist, r.candidate, r.admitted,
             r.extension.cell() if r.extension else "", r.full_date, r.full, r.problems, r.reminders]
            for i, r in enumerate(d.development.ledger, start=1)]
    # one 转正, two dates (TY-11): the end of probation, from which 党龄 counts, and the 上级党委's approval
    note = ("转正日期为预备期满之日，党龄自此日算起，与党员名册的转正日期一致；转正审批日期为上级党委审批转正之日。"
            "接收预备党员为支部大会讨论接收之日。")
    return LedgerTable("发展党员台账", "发展党员工作台账", cols, rows,
                       note + ("公民身份号码已隐去中间部分。" if d.masked else "含完整公民身份号码，请妥善保管。"))


def development_findings_table(d: AnnualReportData) -> LedgerTable:
    """发展党员待处理问题: the 问题 and 提醒 the 发展党员 check and the roster's 预备期 check (ROSTER-PROBATION-END)
    found, in the check's words; the rule codes stay in the self-check appendix."""
    cols = [_c("序号", INT), _c("党支部", TEXT, 14), _c("姓名"), _c("类别"), _c("内容", TEXT, 60)]
    rows = [[i, f.branch, f.person, f.severity, f.message]
            for i, f in enumerate(d.development.findings, start=1)]
    return LedgerTable("发展党员待处理问题", "发展党员待处理问题和提醒", cols, rows,
                       "“问题”计入汇总的“发展党员待处理问题”；含花名册中预备期已满或即将期满、尚未转正的预备党员。")


def findings_table(d: AnnualReportData) -> LedgerTable:
    """The self-check appendix (only with --with-findings): rule codes appear here and nowhere else."""
    cols = [_c("党支部", TEXT, 14), _c("方面"), _c("类别"), _c("姓名"), _c("内容", TEXT, 60), _c("规则")]
    rows = [[f.branch, f.area, f.severity, f.person, f.message, f.rule] for f in d.findings or []]
    return LedgerTable("自查发现的问题", "附：对照规定自查发现的问题和提醒", cols, rows,
                       "按党支部列出；“情况说明”为支部填写的原因；规则编号供核对，见软件的检查规则说明。")


def mentoring_table(d: AnnualReportData) -> LedgerTable:
    kinds = d.mentoring.kinds
    cols = [_c("党支部", TEXT, 14), *[_c(k, INT) for k in kinds], _c("结对合计", INT), _c("新结对", INT),
            _c("活动次数", INT), _c("活动学时", HOURS), _c("成果", INT), _c("考核", INT), _c("考核优秀", INT)]
    rows = [[r.branch, *[r.pairs_by_kind.get(k, 0) for k in kinds], r.pairs, r.new_pairs,
             *((r.activities, r.hours) if r.activities else (NOT_LOGGED, NOT_LOGGED)), r.outcomes or NOT_LOGGED,
             *((r.evaluated, r.excellent) if r.evaluated else (NOT_ENTERED, NOT_ENTERED))] for r in d.mentoring.rows]
    note = (f"活动次数、学时按本年逐次登记的帮扶活动统计，成果按本年逐项登记（有日期、类别）的成效统计，考核按本年的年度考核评价统计；"
            f"没有登记的显示为“{NOT_LOGGED}”“{NOT_ENTERED}”，不表示没有开展。")
    return LedgerTable("结对帮扶汇总", "结对帮扶情况（按支部）", cols, rows, note)


def pairs_table(d: AnnualReportData) -> LedgerTable:
    cols = [_c("序号", INT), _c("结对类型", TEXT, 14), _c("党支部", TEXT, 14), _c("导师（帮扶人）"), _c("结对对象"),
            _c("对象类别"), _c("开始日期", DATE), _c("结束日期", DATE), _c("状态"), _c("活动次数（累计）", INT),
            _c("学时（累计）", HOURS), _c("成果", INT), _c("本年帮扶活动", TEXT, 30), _c("成效", TEXT, 30)]
    rows = [[i, p.kind, p.branch, p.mentor, p.mentee, p.category, p.start, p.end, p.status,
             *((p.activities, p.hours) if p.activities else (NOT_LOGGED, NOT_LOGGED)), p.outcomes or NOT_LOGGED,
             "\n".join(p.activity_lines), join_results(p.results, p.outcome_lines)]
            for i, p in enumerate(d.mentoring.pairs, start=1)]
    note = "“成果”为逐项登记的成效条数（累计）；“成效”列出本年逐项登记的成效（日期、类别、内容）和文字记载。"
    return LedgerTable("结对帮扶台账", "结对帮扶台账", cols, rows,
                       note + ("帮扶学生的姓名只列姓氏。" if d.masked else ""))


def rect_ledgers_table(d: AnnualReportData) -> LedgerTable:
    r = d.rectification
    cols = [_c("整改台账", TEXT, 20), _c("问题来源"), _c("所属组织", TEXT, 14), _c("收到日期", DATE), _c("整改时限", DATE),
            _c("问题数", INT), _c("措施数", INT), *[_c(s, INT) for s in r.statuses], _c("逾期未完成", INT),
            _c("逾期完成", INT), _c("完成率", RATE), _c("销号率", RATE)]
    rows: list[list[object]] = [[x.title, x.source, x.organisation, x.received, x.deadline, x.problems, x.total,
                                 *[x.by_status.get(s, 0) for s in r.statuses], x.overdue, x.late, x.completion_rate,
                                 x.closing_rate] for x in r.ledgers]
    if len(rows) > 1:
        rows.append(["合计", "", "", None, None, sum(x.problems for x in r.ledgers), r.total,
                     *[r.status_totals.get(s, 0) for s in r.statuses], r.overdue, r.late, r.completion_rate,
                     r.closing_rate])
    note = "完成率 =（已完成 + 已销号）÷ 全部措施；销号率 = 已销号 ÷ 全部措施。" + r.elsewhere_words()  # TR-2
    return LedgerTable("整改台账汇总", "整改台账完成情况", cols, rows, note)


def measures_table(d: AnnualReportData) -> LedgerTable:
    cols = [_c("整改台账", TEXT, 16), _c("问题编号", INT), _c("问题类别", TEXT, 10), _c("问题", TEXT, 30),
            _c("措施序号", INT), _c("整改措施", TEXT, 36), _c("责任人"), _c("整改时限", DATE), _c("时限说明"), _c("状态"),
            _c("整改进展", TEXT, 30), _c("完成日期", DATE), _c("销号日期", DATE), _c("销号审核人"),
            _c("佐证材料", TEXT, 24, True), _c("逾期情况")]
    rows = [[m.ledger, _number(m.number), m.category, m.problem, _number(m.measure_number), m.measure, m.person, m.deadline,
             m.deadline_note, m.status, m.progress, m.completed, m.closed, m.verifier, m.evidence, m.flag]
            for m in d.rectification.measures]
    return LedgerTable("整改措施明细", "整改措施明细（含逾期情况）", cols, rows)


def _number(text: str) -> int | str:
    """问题编号 / 措施序号 as numbers (they sort and filter as numbers in Excel); "2-1" stays text."""
    return int(text) if text.strip().isdigit() else text


def dues_branch_table(d: AnnualReportData) -> LedgerTable:
    cols = [_c("党支部", TEXT, 16), _c("党员", INT), _c("应交（元）", MONEY), _c("已交（元）", MONEY), _c("欠交（元）", MONEY),
            _c("欠交人数", INT), _c("欠交月数", INT), _c("未登记基数", INT), _c("已上缴（元）", MONEY),
            _c("未上缴（元）", MONEY), _c("收缴率", RATE)]
    assert d.dues is not None
    return LedgerTable(dues_chapter.BRANCH_SHEET, f"{d.year}年度党费收缴情况", cols, dues_chapter.branch_rows(d.dues, d.unreported),
                       dues_chapter.branch_note(d.dues, d.unreported))


def dues_public_table(d: AnnualReportData) -> LedgerTable:
    cols = [_c("序号", INT), _c("所在党支部", TEXT, 14), _c("姓名"), _c("月交纳标准（元）", MONEY), _c("本年应交（元）", MONEY),
            _c("本年已交（元）", MONEY), _c("欠交（元）", MONEY), _c("备注", TEXT, 24)]
    assert d.dues is not None
    return LedgerTable(dues_chapter.PUBLIC_SHEET, f"{d.year}年度党费收缴公示", cols, dues_chapter.public_rows(d.dues, d.unreported),
                       dues_chapter.public_note(d.dues))


def summary_table(d: AnnualReportData) -> LedgerTable:
    cols = [_c("方面", TEXT, 16), _c("年度工作总结", TEXT, 100)]
    return LedgerTable("年度工作总结", f"{d.year}年度工作总结", cols,
                       [[AREA_TITLES[k], d.summaries.get(k, "")] for k in AREA_KEYS])


def build_tables(d: AnnualReportData) -> dict[str, LedgerTable]:
    """Every ledger keyed by sheet name, in the order the workbook lists them."""
    makers = [roster_table, branch_table, composition_table, committee_table,
              meetings_table, gaps_table, sitting_register_table, life_review_table, study_table, member_hours_table,
              development_flow_table, development_table, development_findings_table, development_register_table,
              mentoring_table, pairs_table,
              rect_ledgers_table, measures_table]
    if d.findings is not None:
        makers.append(findings_table)
    if d.dues is not None and not d.dues.empty:
        makers += [dues_branch_table, dues_public_table]
    makers.append(summary_table)
    tables = [make(d) for make in makers]
    return {t.key: t for t in tables}
