"""The year-end PDF volume (issue 7): cover, contents with page numbers, then one section per area —
基本情况, 三会一课与主题党日, 组织生活会与民主评议, 发展党员, 结对帮扶, 整改台账 — the 年度工作总结 (the text
the user edited) and the signature and seal block. Tables come from `build_tables`, the same rows the
workbook writes, so the two files cannot disagree. An area without data says so in red."""

from __future__ import annotations

import os
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, KeepTogether, PageBreak, Paragraph, Spacer, Table, TableStyle

from branchdesk.domain.annual_report import dues as dues_chapter
from branchdesk.domain.annual_report.records import (
    AREA_KEYS,
    AREA_TITLES,
    AnnualReportData,
    Column,
    LedgerTable,
)
from branchdesk.domain.annual_report.tables import build_tables
from branchdesk.domain.progress import IsCancelled
from branchdesk.reports.annual_pdf_charts import bars, flow, meetings_by_month, pie
from branchdesk.reports.annual_pdf_style import (
    FRAME_W,
    GRID,
    HEAD_FILL,
    Heading,
    ReportDoc,
    cell_text,
    contents,
    ledger_flowable,
    make_styles,
    p,
    register_fonts,
)

__all__ = ["write_annual_pdf"]
NUMERALS = "一二三四五六七八九十"
COVER_LIMIT = 60  # characters of a name on the cover: the cover stays one page (issue 21)
DATE_LINE = "日期：" + "&nbsp;" * 12 + "年" + "&nbsp;" * 6 + "月" + "&nbsp;" * 6 + "日"

# Columns the PDF leaves out of the wide ledgers (the workbook keeps every column).
PDF_HIDDEN = {
    "发展党员台账": {"公民身份号码"},
    "结对帮扶台账": {"成效"},
    "整改台账汇总": {"收到日期", "整改时限", "所属组织"},
    "整改措施明细": {"问题类别", "时限说明", "完成日期", "整改进展"},
}


class _Builder:
    def __init__(self, data: AnnualReportData, styles: dict, hei: str) -> None:
        self.data, self.s, self.hei = data, styles, hei
        self.tables = build_tables(data)
        self.story: list[object] = []
        self.section = 0
        self.sub = 0

    def h1(self, title: str) -> None:
        self.section += 1
        self.sub = 0
        text = f"{NUMERALS[self.section - 1]}、{title}"
        self.story += [CondPageBreak(60 * mm), Heading(text, self.s["h1"], 0, f"s{self.section}")]

    def h2(self, title: str) -> None:
        self.sub += 1
        text = f"（{NUMERALS[self.sub - 1]}）{title}"
        self.story += [CondPageBreak(35 * mm), Heading(text, self.s["h2"], 1, f"s{self.section}_{self.sub}")]

    def para(self, text: str, style: str = "body") -> None:
        self.story.append(p(text, self.s[style]))

    def table(self, key: str, *, title: bool = True, font_size: float = 7.5) -> None:
        table: LedgerTable | None = self.tables.get(key)
        if table is None:
            return
        if title:
            self.h2(table.title)
        if table.note:
            self.para(table.note, "note")
        hidden = set(PDF_HIDDEN.get(key, set()))
        if key == "整改措施明细" and len({row[0] for row in table.rows}) == 1:
            hidden.add("整改台账")  # one ledger: named in its own section, the column only takes room
        shown = [c.title for c in table.columns if c.title not in hidden]
        self.story.append(ledger_flowable(table, self.s, columns=shown, font_size=font_size))
        self.story.append(Spacer(1, 4 * mm))

    def chart(self, drawing: object) -> None:
        self.story += [KeepTogether([drawing]), Spacer(1, 3 * mm)]


def _cover(b: _Builder) -> None:
    d, s = b.data, b.s
    lines = [f"学校：{d.school or '—'}", f"组织：{d.organisation}", f"范围：{d.scope}", f"年度：{d.year}年",
             f"数据截至：{d.as_of:%Y年%m月%d日}", f"生成日期：{d.generated_on:%Y年%m月%d日}"]
    lines += [f"记录起始：{line}" for line in d.meetings.records_from]  # from when records run (issue 13)
    b.story += [Spacer(1, 55 * mm), p(d.organisation, s["cover_org"], COVER_LIMIT),
                p(d.title, s["cover_title"], COVER_LIMIT), Spacer(1, 40 * mm)]
    b.story += [p(line, s["cover_line"], COVER_LIMIT) for line in lines]
    if d.masked:
        b.story += [Spacer(1, 30 * mm), p("公民身份号码已隐去中间部分，联系电话未列出。", s["note"])]
    b.story += [PageBreak(), p("目　录", s["toc_title"]), contents(s), PageBreak()]


def _overview(b: _Builder) -> None:
    """年度主要数据: the same lines, in the same order, as the workbook's 汇总 sheet."""
    b.h1("年度主要数据")
    lines = b.data.key_figures()
    table = LedgerTable("主要数据", "年度主要数据", [Column("项目"), Column("数值")],
                        [[label, cell_text(value, kind)] for label, value, kind in lines])
    half = (len(table.rows) + 1) // 2
    left, right = table.rows[:half], table.rows[half:]
    rows = [[*a, *(right[i] if i < len(right) else ["", ""])] for i, a in enumerate(left)]
    grid = Table([["项目", "数值", "项目", "数值"], *rows], colWidths=[FRAME_W * 0.32, FRAME_W * 0.18] * 2,
                 repeatRows=1)
    grid.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), b.s["cell"].fontName, 9, 13), ("FONT", (0, 0), (-1, 0), b.hei, 9, 13),
        ("GRID", (0, 0), (-1, -1), 0.4, GRID), ("BACKGROUND", (0, 0), (-1, 0), HEAD_FILL),
        ("ALIGN", (1, 1), (1, -1), "RIGHT"), ("ALIGN", (3, 1), (3, -1), "RIGHT"), ("ALIGN", (0, 0), (-1, 0), "CENTER"),
    ]))
    b.story.append(grid)


def _basic(b: _Builder) -> None:
    d = b.data.basic
    b.h1(AREA_TITLES["basic"])
    b.para(b.data.summaries.get("basic", ""))
    b.table("各支部党员")
    b.table("党员构成")
    half = FRAME_W / 2 - 4
    row = Table([[bars("党员年龄结构", [(c.label, c.value) for c in d.by_age], b.hei, half),
                  pie("性别构成", [(c.label, c.value) for c in d.by_sex], b.hei, half)]],
                colWidths=[half + 4, half + 4])
    row.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    b.chart(row)
    b.chart(bars("党员学历构成", [(c.label, c.value) for c in d.by_education], b.hei, FRAME_W, 140))


def _meetings(b: _Builder) -> None:
    m = b.data.meetings
    b.h1(AREA_TITLES["meetings"])
    b.para(b.data.summaries.get("meetings", ""))
    b.chart(meetings_by_month(m.by_month, b.hei, FRAME_W))
    b.table("三会一课", font_size=6.8)
    b.table("未按规定召开")
    b.h2("组织生活会、民主评议党员和谈心谈话")
    table = b.tables["组织生活会与民主评议"]
    b.para(table.note, "note")
    b.story.append(ledger_flowable(table, b.s))
    b.story.append(Spacer(1, 3 * mm))
    if any(m.grade_totals.values()):
        b.chart(bars("民主评议党员等次分布", list(m.grade_totals.items()), b.hei, FRAME_W, 130))
    else:  # an empty chart with a 0–0.01 axis says nothing; this says why
        b.para("本年度尚未录入民主评议党员的等次结果（民主评议一般在次年 1 月进行）。", "note")
    if m.study:
        b.table("党员学习学时")


def _development(b: _Builder) -> None:
    dev = b.data.development
    b.h1(AREA_TITLES["development"])
    b.para(b.data.summaries.get("development", ""))
    b.h2("本年发展流程")
    main = [c for c in dev.flow if c.label not in ("延长预备期", "取消预备党员资格")]
    b.chart(flow([(c.label, c.value) for c in main], b.hei, FRAME_W))
    others = "；".join(f"{c.label}{c.value}名" for c in dev.flow if c not in main)
    now = "、".join(f"{c.label}{c.value}名" for c in dev.pipeline)
    b.para("　".join(x for x in (f"另：{others}。" if others else "", f"目前在培养中的：{now}。" if now else "") if x),
           "note")
    b.table("发展党员台账")
    b.table("发展党员待处理问题")


def _mentoring(b: _Builder) -> None:
    b.h1(AREA_TITLES["mentoring"])
    b.para(b.data.summaries.get("mentoring", ""))
    b.table("结对帮扶汇总")
    b.table("结对帮扶台账")


def _rectification(b: _Builder) -> None:
    r = b.data.rectification
    b.h1(AREA_TITLES["rectification"])
    b.para(b.data.summaries.get("rectification", ""))
    b.chart(pie("整改措施状态", list(r.status_totals.items()), b.hei, FRAME_W, 150))
    b.table("整改台账汇总")
    b.table("整改措施明细")


def _dues(b: _Builder) -> None:
    dues = b.data.dues
    if dues is None:
        return
    b.h1(AREA_TITLES[dues_chapter.KEY])
    b.para(b.data.summaries.get(dues_chapter.KEY, "") or dues.empty)
    if not dues.empty:
        b.table(dues_chapter.BRANCH_SHEET)
        b.table(dues_chapter.PUBLIC_SHEET)


def _summary(b: _Builder) -> None:
    b.h1("年度工作总结")
    for key in AREA_KEYS:
        b.h2(AREA_TITLES[key])
        b.para(b.data.summaries.get(key, ""))


def _signatures(b: _Builder) -> None:
    b.story.append(CondPageBreak(150 * mm))  # heading and block on one page
    b.h1("签字盖章")
    s = b.s["sign"]
    who = "支部书记" if b.data.branch else "党委书记"
    rows = [
        [p(f"{who}（签字）：", s), Paragraph(DATE_LINE, s)],
        [p("党委审核意见：\n\n\n\n", s), ""],
        [p("审核人（签字）：", s), Paragraph(DATE_LINE, s)],
        [p("盖章处：\n\n\n\n\n（盖章）", s), ""],
    ]
    table = Table(rows, colWidths=[FRAME_W * 0.55, FRAME_W * 0.45], rowHeights=[14 * mm, 45 * mm, 14 * mm, 45 * mm])
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.6, GRID), ("SPAN", (0, 1), (1, 1)), ("SPAN", (0, 3), (1, 3)),
                               ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    b.story.append(KeepTogether([table]))


def write_annual_pdf(data: AnnualReportData, path: Path, *, heading_font: Path, body_font: Path | None = None,
                     cancelled: IsCancelled | None = None) -> int:
    """Write the volume through a temporary file (never half a PDF); returns the page count."""
    hei, song = register_fonts(heading_font, body_font)
    builder = _Builder(data, make_styles(hei, song), hei)
    for part in (_cover, _overview, _basic, _meetings, _development, _mentoring, _rectification, _dues, _summary,
                 _signatures):
        part(builder)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    doc = ReportDoc(str(partial), footer_font=song, title=f"{data.organisation}{data.title}",
                    cancelled=cancelled or (lambda: False))
    try:
        pages = doc.build_volume(builder.story)
        os.replace(partial, path)
    finally:
        if partial.exists():
            partial.unlink()
    return pages
