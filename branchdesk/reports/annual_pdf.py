"""The year-end PDF volume (issues 7 and 15), organised as the year-end inspection reads it: cover,
contents, then one chapter per checklist item in its order (党组织设置, 班子建设, 党员教育管理, 党费收缴,
三会一课, 主题党日, 组织生活会与民主评议, 发展党员, 党建与教育教学融合, 整改落实), each opening with
its figures, then the 年度工作总结 paragraph, then its registers; wide registers on landscape pages.
The self-check findings are an optional appendix (the only place rule codes appear), then the signature
and seal page. Tables come from `build_tables`, the rows the workbook writes, so the two files agree."""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    CondPageBreak,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    Spacer,
    Table,
    TableStyle,
)

from branchdesk.domain.annual_report.chapters import Chapter, chapters
from branchdesk.domain.annual_report.records import REPORTED, AnnualReportData, LedgerTable
from branchdesk.domain.annual_report.sections import LIFE, THEME_DAY, THREE_MEETINGS
from branchdesk.domain.annual_report.tables import build_tables
from branchdesk.domain.progress import IsCancelled
from branchdesk.export_files import written_whole
from branchdesk.reports.annual_pdf_charts import bars, flow, monthly
from branchdesk.reports.annual_pdf_style import (
    FRAME_W,
    GRID,
    HEAD_FILL,
    WIDE_W,
    Heading,
    ReportDoc,
    ledger_flowable,
    make_styles,
    p,
    register_fonts,
)
from branchdesk.reports.pdf_glyphs import Para
from branchdesk.reports.pdf_layout import TableLayout

__all__ = ["write_annual_pdf", "volume_story"]
NUMERALS = "一二三四五六七八九十"
COVER_LIMIT = 60  # characters of a name on the cover: the cover stays one page (issue 21)
BLANK = "&nbsp;" * 14
DATE_LINE = "日期：" + "&nbsp;" * 12 + "年" + "&nbsp;" * 6 + "月" + "&nbsp;" * 6 + "日"

# Columns the PDF leaves out (the workbook keeps every column): the dates-only 发展党员台账 is replaced
# by the 发展党员过程 register; a register split by branch does not repeat the branch.
PDF_HIDDEN = {
    "整改台账汇总": {"收到日期", "所属组织"},
    "整改措施明细": {"问题类别", "时限说明"},
}


# the figure grid: two label-value pairs a row, each label column as wide as its longest label needs, the room left
# shared by the value columns. A value with words in brackets too long for its line ("11/11期（另有12月进行中）", TR-5)
# has the figure on the first line and the words under it, smaller (rev5: it wrapped over three lines at a fixed
# 18 % of the width, "3/3期（另有第四 / 季度进行中，已 / 开）")
FIGURE_PADDING = 12  # a cell's padding, 6 each side (the Table default)
FIGURE_NOTE_SIZE = 8
FIGURE_LABEL_MAX = 0.32  # of the width: a longer label wraps


def numeral(n: int) -> str:
    return NUMERALS[n - 1] if n <= 10 else "十" + NUMERALS[n - 11]


class _Builder:
    def __init__(self, data: AnnualReportData, styles: dict, hei: str) -> None:
        self.data, self.s, self.hei = data, styles, hei
        self.tables = build_tables(data)
        self.story: list[object] = []
        self.layouts: list[TableLayout] = []
        self.section = 0
        self.sub = 0
        self.wide = False

    def orient(self, wide: bool) -> None:
        """Switch between portrait and landscape pages (a new page begins)."""
        if wide != self.wide:
            self.story += [NextPageTemplate("wide" if wide else "page"), PageBreak()]
            self.wide = wide

    def new_portrait_page(self) -> None:
        """Start a portrait page: after a landscape page the switch itself begins it (a second break
        would leave a page with only its footer)."""
        if self.wide:
            self.orient(False)
        else:
            self.story.append(PageBreak())

    @property
    def frame(self) -> float:
        return WIDE_W if self.wide else FRAME_W

    def h1(self, title: str, *, numbered: bool = True) -> None:
        self.section += 1
        self.sub = 0
        text = f"{numeral(self.section)}、{title}" if numbered else title
        self.story += [CondPageBreak(60 * mm), Heading(text, self.s["h1"], 0, f"h{len(self.story)}")]

    def h2(self, title: str) -> None:
        self.sub += 1
        text = f"（{numeral(self.sub)}）{title}"
        self.story += [CondPageBreak(35 * mm), Heading(text, self.s["h2"], 1, f"h{len(self.story)}")]

    def para(self, text: str, style: str = "body") -> None:
        if text:
            self.story.append(p(text, self.s[style]))

    def table(self, key: str, *, rows: list | None = None, title: str | None = None, hide: set[str] | None = None,
              heading: bool = True, note: bool = True, wide: bool = False) -> None:
        """A ledger: portrait when it fits at 9 pt, else on landscape pages (never smaller type)."""
        table: LedgerTable | None = self.tables.get(key)
        if table is None:
            return
        if rows is not None:
            table = LedgerTable(table.key, table.title, table.columns, rows, table.note)
        hidden = set(PDF_HIDDEN.get(key, set())) | (hide or set())
        shown = [c.title for c in table.columns if c.title not in hidden]
        flowable = None if wide else ledger_flowable(table, self.s, columns=shown, frame=FRAME_W, layouts=self.layouts)
        wide = flowable is None
        if wide:
            self.orient(True)
            flowable = ledger_flowable(table, self.s, columns=shown, frame=WIDE_W, layouts=self.layouts, relax=True)
            assert flowable is not None  # relax always finds widths
        else:
            self.orient(False)
        if heading:
            self.h2(title or table.title)
        if note and table.note:
            self.para(table.note, "note")
        self.story += [flowable, Spacer(1, 4 * mm)]

    def chart(self, drawing: object) -> None:
        self.orient(False)
        self.story += [KeepTogether([drawing]), Spacer(1, 3 * mm)]


def _rows_of(table: LedgerTable, column: str, values: tuple[str, ...]) -> list:
    j = [c.title for c in table.columns].index(column)
    return [r for r in table.rows if any(v in str(r[j]).split("\n") for v in values)]


def _cover(b: _Builder) -> None:
    d, s = b.data, b.s
    lines = [f"学校：{d.school or '—'}", f"党组织：{d.organisation}", f"年度：{d.year}年",
             f"报送单位：{d.submitter}" if d.submitter else f"报送单位：{BLANK}",
             f"报送日期：{d.generated_on:%Y年%m月%d日}", f"数据截至：{d.as_of:%Y年%m月%d日}"]
    lines += [f"记录起始：{line}" for line in d.meetings.records_from]  # from when records run (issue 13)
    b.story += [Spacer(1, 45 * mm), p(d.organisation, s["cover_org"], COVER_LIMIT),
                p(d.title, s["cover_title"], COVER_LIMIT), Spacer(1, 30 * mm)]
    for line in lines:
        b.story.append(Para(escape(line).replace("&amp;nbsp;", "&nbsp;"), s["cover_line"]))
    b.story += [Spacer(1, 14 * mm),
                Para(f"填报人：{BLANK}{BLANK}联系电话：{BLANK}{BLANK}", s["cover_line"])]
    if d.masked:
        b.story += [Spacer(1, 16 * mm), p("公民身份号码已隐去中间部分，联系电话未列出。", s["note"])]
    b.story += [PageBreak(), p("目　录", s["toc_title"]), _contents(s), PageBreak()]


def _contents(s: dict) -> object:
    from branchdesk.reports.annual_pdf_style import contents

    return contents(s)


def _overview(b: _Builder) -> None:
    """年度主要数据: the same lines, in the same order, as the workbook's 汇总 sheet (one page)."""
    from branchdesk.reports.annual_pdf_style import cell_text

    b.h1("年度主要数据", numbered=False)
    b.section = 0
    lines = [(label, cell_text(value, kind)) for label, value, kind in b.data.key_figures()]
    _figures(b, Chapter("overview", "年度主要数据", figures=lines))
    b.story.append(PageBreak())


def _figures(b: _Builder, chapter: Chapter) -> None:
    """The chapter's figures, two label-value pairs a row; 上报情况 (a branch never sent its 上报: TD-2) in
    words above them, the whole width, not squeezed into a value cell."""
    lines = [line for line in chapter.figures if line[0] != REPORTED]
    for label, value in chapter.figures:
        if label == REPORTED:
            b.para(f"{label}：{value}。", "plain")
    half = (len(lines) + 1) // 2
    left, right = lines[:half], lines[half:]
    rows = [[*a, *(right[i] if i < len(right) else ("", ""))] for i, a in enumerate(left)]
    cell = b.s["figure"]
    widths = _figure_widths([[str(x) for x in row] for row in rows], cell)
    data = [[_figure_cell(str(x), cell, widths[i], note=i % 2 == 1) for i, x in enumerate(row)] for row in rows]
    grid = Table(data, colWidths=widths)
    grid.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), cell.fontName, 10), ("GRID", (0, 0), (-1, -1), 0.4, GRID), ("BACKGROUND", (0, 0), (0, -1), HEAD_FILL),
                              ("BACKGROUND", (2, 0), (2, -1), HEAD_FILL), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    b.story += [grid, Spacer(1, 3 * mm)]


def _figure_widths(rows: list[list[str]], style: ParagraphStyle) -> list[float]:
    """The four column widths of the figure grid: each label column as wide as its longest label (at most
    FIGURE_LABEL_MAX of the width), the rest shared by the two value columns by what their longest value needs on a
    line (a value with words in brackets: its figure, or the longest of its bracketed parts) — each at least what it
    needs while it does not take more than half, the room to spare halved."""
    def width(text: str, size: float) -> float:
        return stringWidth(text, style.fontName, size) + FIGURE_PADDING

    def value_need(text: str) -> float:
        head, bracket, rest = text.partition("（")
        if not bracket or not head:
            return width(text, style.fontSize)
        return max(width(head, style.fontSize), *(width(part, FIGURE_NOTE_SIZE) for part in _bracket_parts(rest)))

    labels = [min(max((width(row[i], style.fontSize) for row in rows), default=0), FRAME_W * FIGURE_LABEL_MAX)
              for i in (0, 2)]
    needs = [max((value_need(row[i]) for row in rows), default=1) for i in (1, 3)]
    room = FRAME_W - sum(labels)
    # the one that needs less has what it needs (half the room at most), the other the rest: a long value on one side
    # does not squeeze the other's onto more lines
    small = 0 if needs[0] <= needs[1] else 1
    values = [0.0, 0.0]
    values[small] = min(needs[small] + max(room - sum(needs), 0) / 2, room / 2)
    values[1 - small] = room - values[small]
    return [labels[0], values[0], labels[1], values[1]]


def _bracket_parts(rest: str) -> list[str]:
    """The lines of the words in brackets of a figure ("另有4次；另有12月进行中）" after its "（"): a line for each part."""
    parts = rest.split("；")
    return [("（" if i == 0 else "") + part + ("" if i == len(parts) - 1 else "；") for i, part in enumerate(parts)]


def _figure_cell(text: str, style: ParagraphStyle, width: float, *, note: bool) -> Para:
    """A label or value of the figure grid. One that does not fit on a line and ends in words in brackets is broken
    before them — "学习学时达标党员" / "（达标/党员）", "11/11期" / "（另有12月进行中）" — the brackets of a value smaller
    (`note`), a line for each of its parts ("（4次；" / "另有第四季度进行中）"): never cut inside a number or a word."""
    head, bracket, rest = text.partition("（")
    fits = stringWidth(text, style.fontName, style.fontSize) <= width - FIGURE_PADDING
    if fits or not bracket or not head or not rest.endswith("）"):
        return Para(escape(text), style)
    words = "<br/>".join(escape(part) for part in _bracket_parts(rest))
    return Para(f"{escape(head)}<br/>" + (f'<font size="{FIGURE_NOTE_SIZE}">{words}</font>' if note else words), style)


def _chapter_start(b: _Builder, chapter: Chapter) -> bool:
    """Heading, figures and summary; False when the chapter has no data (said in one line)."""
    b.orient(False)
    b.h1(chapter.title)
    if chapter.empty:
        b.para(chapter.empty, "plain")
        return False
    _figures(b, chapter)
    if chapter.summary_key:
        b.para(b.data.summaries.get(chapter.summary_key, ""))
    return True


def _organisation(b: _Builder, c: Chapter) -> None:
    if not _chapter_start(b, c):
        return
    d = b.data.basic
    if b.data.meetings.records_from:
        b.para("台账记录起始：" + "；".join(b.data.meetings.records_from) + "。", "note")
    if d.renamed_groups:  # told once under the workbook's 党员名册, which the PDF has not (TY-5)
        b.para(f"本年更名的党小组：{'、'.join(d.renamed_groups)}。", "note")
    b.table("各支部党员")
    b.table("党员构成")
    half = FRAME_W / 2 - 4
    row = Table([[bars("党员年龄结构", [(x.label, x.value) for x in d.by_age], b.hei, half),
                  bars("党员性别构成", [(x.label, x.value) for x in d.by_sex], b.hei, half, 110)]],
                colWidths=[half + 4, half + 4])
    row.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), b.hei, 9), ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    b.chart(row)
    b.chart(bars("党员学历构成", [(x.label, x.value) for x in d.by_education], b.hei, FRAME_W, 140))


def _committee(b: _Builder, c: Chapter) -> None:
    if _chapter_start(b, c):
        b.table("支部委员会")


def _education(b: _Builder, c: Chapter) -> None:
    if _chapter_start(b, c):
        b.table("党员学习学时")
        b.table("党员学时明细")


def _dues(b: _Builder, c: Chapter) -> None:
    from branchdesk.domain.annual_report import dues as dues_chapter

    if _chapter_start(b, c):
        b.table(dues_chapter.BRANCH_SHEET)
        b.table(dues_chapter.PUBLIC_SHEET)


def _meeting_chapter(b: _Builder, c: Chapter, kinds: tuple[str, ...]) -> None:
    if not _chapter_start(b, c):
        return
    m = b.data.meetings
    shown = [k for k in kinds if any(m.by_month.get(k, []))]
    width = FRAME_W / 2 - 4
    charts = [monthly(f"{k}各月召开次数", m.by_month[k], b.hei, width if len(shown) > 1 else FRAME_W,
                      labels=m.month_values(m.by_month[k])) for k in shown]
    for i in range(0, len(charts), 2):
        pair = charts[i:i + 2]
        if len(pair) == 1:
            b.chart(pair[0])
            continue
        row = Table([pair], colWidths=[width + 4, width + 4])
        row.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), b.hei, 9), ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
        b.chart(row)
    if kinds == LIFE:
        b.table("组织生活会与民主评议")
        if any(m.grade_totals.values()):
            b.chart(bars("民主评议党员等次分布", list(m.grade_totals.items()), b.hei, FRAME_W, 130))
        words = m.review_grades_words()  # grades not recorded, or no review held yet: said as it is (TV-4)
        if words and words not in b.tables["组织生活会与民主评议"].note:  # (the table's note says the first)
            b.para(words, "note")
    else:
        table = b.tables["三会一课"]
        b.table("三会一课", rows=_rows_of(table, "会议类型", kinds), title=f"{c.title}召开情况（按月）")
    gaps = _rows_of(b.tables["未按规定召开"], "会议类型", kinds)
    if gaps:
        b.table("未按规定召开", rows=gaps)
    register = b.tables["会议记录目录"]
    rows = _rows_of(register, "会议类型", kinds)
    if rows:
        b.orient(True)
    b.h2(f"{c.title}会议记录目录")
    b.para(register.note, "note")
    branches = list(dict.fromkeys(str(r[1]) for r in rows))
    for branch in branches:
        own = [r for r in rows if r[1] == branch]
        own = [[i, *r[1:]] for i, r in enumerate(own, start=1)]
        b.story.append(CondPageBreak(30 * mm))
        b.story.append(Para(escape(f"{branch}（{len(own)}次）"), b.s["h3"]))
        b.table("会议记录目录", rows=own, hide={"党支部"}, heading=False, note=False, wide=True)
    if not rows:
        b.para("本年度没有已定稿的会议记录。", "plain")


def _development(b: _Builder, c: Chapter) -> None:
    if not _chapter_start(b, c):
        return
    dev = b.data.development
    main = [x for x in dev.flow if x.label not in ("延长预备期", "取消预备党员资格")]
    b.chart(flow([(x.label, x.value) for x in main], b.hei, FRAME_W))
    if dev.findings:  # the 待处理问题 the overview counts, in the check's words (the workbook's sheet)
        b.table("发展党员待处理问题")
    b.table("发展党员过程")


def _mentoring(b: _Builder, c: Chapter) -> None:
    if _chapter_start(b, c):
        b.table("结对帮扶汇总")
        b.table("结对帮扶台账")


def _rectification(b: _Builder, c: Chapter) -> None:
    if not _chapter_start(b, c):
        return
    r = b.data.rectification
    b.chart(bars("整改措施状态", list(r.status_totals.items()), b.hei, FRAME_W, 120))
    b.table("整改台账汇总")
    measures = b.tables["整改措施明细"]
    one = len({row[0] for row in measures.rows}) == 1
    b.table("整改措施明细", rows=_deadlines_in_words(measures), hide={"整改台账"} if one else set())


def _deadlines_in_words(table: LedgerTable) -> list:
    """The PDF leaves out the 时限说明 column: a 整改时限 written in words only (长期坚持) is printed in
    the 整改时限 column instead of a blank, as the workbook and the window show it."""
    titles = [c.title for c in table.columns]
    day, words = titles.index("整改时限"), titles.index("时限说明")
    rows = []
    for row in table.rows:
        if row[day] is None and row[words]:
            row = [*row[:day], row[words], *row[day + 1:]]
        rows.append(row)
    return rows


def _findings(b: _Builder) -> None:
    """附录: the self-check findings in plain words, grouped by branch, each with the branch's 情况说明
    where one was written; the rule code small after the words (the only place codes appear)."""
    findings = b.data.findings
    if findings is None:
        return
    b.new_portrait_page()
    b.h1("附录：对照规定自查发现的问题和提醒", numbered=False)
    if not findings:
        b.para("自查未发现问题。", "plain")
        return
    b.para("以下为软件对照《中国共产党支部工作条例（试行）》《中国共产党发展党员工作细则》等规定自查的结果，"
           "按党支部列出；括号中为支部填写的情况说明；每条末尾的小字为规则编号，供核对。", "note")
    by_branch: dict[str, list] = {}
    for f in findings:
        by_branch.setdefault(f.branch or "全校", []).append(f)
    for branch, items in by_branch.items():
        b.story += [CondPageBreak(25 * mm), Para(escape(f"{branch}（{len(items)}条）"), b.s["h3"])]
        for i, f in enumerate(items, start=1):
            who = f"{f.person}：" if f.person and not f.message.startswith(f.person) else ""
            area = f"〔{f.area}〕" if f.area else ""
            text = escape(f"{i}. {area}{f.severity}　{who}{f.message}")
            code = f' <font size="7" color="#666666">{escape(f.rule)}</font>' if f.rule else ""
            b.story.append(Para(text + code, b.s["plain"]))


def _signatures(b: _Builder) -> None:
    b.new_portrait_page()
    b.h1("审核签字盖章", numbered=False)
    s = b.s["sign"]
    who = "支部书记" if b.data.branch else "党委书记"
    rows = [
        [p("填报人（签字）：", s), Para("联系电话：", s)],
        [p(f"{who}（签字）：", s), Para(DATE_LINE, s)],
        [p("上级党组织审核意见：\n\n\n\n", s), ""],
        [p("审核人（签字）：", s), Para(DATE_LINE, s)],
        [p("盖章处：\n\n\n\n\n（盖章）", s), ""],
    ]
    table = Table(rows, colWidths=[FRAME_W * 0.55, FRAME_W * 0.45],
                  rowHeights=[14 * mm, 14 * mm, 50 * mm, 14 * mm, 50 * mm])
    table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), s.fontName, 11), ("GRID", (0, 0), (-1, -1), 0.6, GRID),
                               ("SPAN", (0, 2), (1, 2)), ("SPAN", (0, 4), (1, 4)),
                               ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    b.story.append(KeepTogether([table]))


def volume_story(data: AnnualReportData, hei: str, song: str) -> _Builder:
    """The whole volume as flowables (and each table's layout, for the width test)."""
    b = _Builder(data, make_styles(hei, song), hei)
    _cover(b)
    _overview(b)
    makers = {"organisation": _organisation, "committee": _committee, "education": _education, "dues": _dues,
              "three": lambda b, c: _meeting_chapter(b, c, THREE_MEETINGS),
              "theme": lambda b, c: _meeting_chapter(b, c, THEME_DAY),
              "life": lambda b, c: _meeting_chapter(b, c, LIFE),
              "development": _development, "mentoring": _mentoring, "rectification": _rectification}
    for chapter in chapters(data):
        makers[chapter.key](b, chapter)
    _findings(b)
    _signatures(b)
    return b


def write_annual_pdf(data: AnnualReportData, path: Path, *, heading_font: Path, body_font: Path | None = None,
                     cancelled: IsCancelled | None = None) -> int:
    """Write the volume through a temporary file (never half a PDF); returns the page count."""
    hei, song = register_fonts(heading_font, body_font)
    builder = volume_story(data, hei, song)
    with written_whole(path) as partial:  # export_files.py: the temporary of a killed export is swept
        doc = ReportDoc(str(partial), footer_font=song, title=f"{data.organisation}{data.title}",
                        cancelled=cancelled or (lambda: False))
        return doc.build_volume(builder.story)
