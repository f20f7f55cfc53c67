"""A new school's first year-end volume (records from 2026-10-01, the earliest meeting): months before
the records start, figures nobody entered and information that was entered are shown for what they are
in both files — "—" and a note for months not covered, never 0; 未逐次登记 / 未录入 for what was not
entered; the 成效 imported with a pair listed with its date and kind; no compliance claim without
records; a 整改时限 of 长期坚持 printed in the PDF as in the workbook."""

from __future__ import annotations

import contextlib
import io
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from branchdesk.cli.main import main

TODAY = date(2026, 12, 4)
IDS = ["110101198001011232", "110101198502022343", "110101199003033456", "110101197504044568",
       "110101198806065676"]
NAMES = ["张明", "李华", "王芳", "赵强", "陈静"]
BRANCH = "初一年级党支部"
OUTCOME = "2026-05-10 获奖：区优质课二等奖"


def _run(argv: list[str]) -> str:
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        code = main(argv)
    assert code == 0, buffer.getvalue()
    return buffer.getvalue()


def _fill(folder: Path, kind: str, rows: list[list[object]]) -> Path:
    template = folder / f"{kind} 模板.xlsx"
    _run(["template", kind, "--out", str(template)])
    book = openpyxl.load_workbook(template)
    sheet = book.worksheets[0]
    for i, row in enumerate(rows):
        for j, value in enumerate(row):
            sheet.cell(4 + i, 1 + j, value)
    path = folder / f"{kind}.xlsx"
    book.save(path)
    return path


@pytest.fixture(scope="module")
def school(tmp_path_factory):  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("new school")
    db = folder / "新学校.sqlite"
    roster = _fill(folder, "roster", [[i + 1, name, "男" if i % 2 == 0 else "女", "汉族", IDS[i], None, "大学本科", BRANCH,
                                       None, "正式党员", "2010-07-01", "2011-07-01", "教师", None, None,
                                       "书记" if i == 0 else None, None] for i, name in enumerate(NAMES)])
    meetings = _fill(folder, "meetings", [
        [1, "2026-10-09", "15:00", "支部党员大会、主题党日", BRANCH, None, "学习二十届四中全会精神", "张明", "李华", 5, 5,
         None, "学习讨论", None, "会议室", "16:30", None, None],
        [2, "2026-11-10", "15:00", "党课", BRANCH, None, "党课：教育家精神", "张明", "李华", None, None, None, "讲授",
         None, "会议室", "16:30", "张明", None],
    ])
    mentoring = _fill(folder, "mentoring", [[1, "青蓝工程师徒结对", BRANCH, "张明", "刘小青", "青年教师", "2026-03-01",
                                             None, "站稳讲台", "听课评课", OUTCOME, "业务", None]])
    rectification = _fill(folder, "rectification", [
        [1, "组织生活会", "组织建设", "学习不够深入", 1, "坚持每月集中学习", "张明", "李华", "长期坚持", None, "整改中"],
        [1, "组织生活会", "组织建设", "学习不够深入", 2, "制定学习计划", "张明", "李华", "2026-12-31", None, "已完成",
         "2026-11-01"],
    ])
    out = {}
    for kind, path in (("roster", roster), ("meetings", meetings), ("mentoring", mentoring)):
        out[kind] = _run(["import", kind, str(path), "--db", str(db)])
    out["rectification"] = _run(["import", "rectification", str(rectification), "--ledger", "2026年组织生活会整改",
                                 "--db", str(db)])
    assert "登记成效 1 项" in out["mentoring"]
    return {"db": db, "folder": folder, "out": out}


@pytest.fixture(scope="module")
def data(school):  # type: ignore[no-untyped-def]
    from branchdesk.services import session
    from branchdesk.services.annual_report.records import gather_report

    database = session.open(school["db"])
    try:
        return gather_report(database, 2026, generated_on=TODAY)
    finally:
        database.close()


@pytest.fixture(scope="module")
def story(data):  # type: ignore[no-untyped-def]
    from branchdesk.paths import cjk_font_file, resources_folder
    from branchdesk.reports.annual_pdf import volume_story
    from branchdesk.reports.annual_pdf_style import register_fonts

    hei, song = register_fonts(cjk_font_file(), resources_folder() / "fonts" / "uming.ttc")
    return volume_story(data, hei, song)


@pytest.fixture(scope="module")
def workbook(data, school):  # type: ignore[no-untyped-def]
    from branchdesk.io.annual_xlsx import write_annual_workbook

    path = school["folder"] / "年报.xlsx"
    write_annual_workbook(data, path)
    return openpyxl.load_workbook(path)


def _layout(story, title: str):  # type: ignore[no-untyped-def]
    return next(layout for layout in story.layouts if layout.title == title)


def _figures(data, key: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    from branchdesk.domain.annual_report.chapters import chapters

    return dict(next(c for c in chapters(data) if c.key == key).figures)


def _sheet_rows(workbook, name: str) -> list[tuple]:  # type: ignore[no-untyped-def]
    return [row for row in workbook[name].iter_rows(values_only=True) if any(v is not None for v in row)]


# --- 1. months before the records start -------------------------------------------------------------
def test_months_before_the_records_start_are_not_shown_as_none_held(data, workbook, story) -> None:  # type: ignore[no-untyped-def]
    rows = _sheet_rows(workbook, "三会一课")
    header = next(r for r in rows if r[0] == "党支部")
    congress = next(r for r in rows if r[:2] == (BRANCH, "支部党员大会"))
    months = dict(zip(header, congress, strict=True))
    assert [months[f"{m}月"] for m in range(1, 10)] == ["—"] * 9
    assert (months["10月"], months["11月"], months["12月"]) == (1, 0, 0)
    note = rows[1][0]
    assert "台账自2026年10月1日起" in note
    summary = _sheet_rows(workbook, "汇总")
    start = next(i for i, r in enumerate(summary) if r[0] == "各月召开次数（全部党支部）")
    by_month = {r[0]: r[1:8] for r in summary[start + 2:start + 14]}
    assert by_month["1月"] == ("—",) * 7 and by_month["9月"] == ("—",) * 7
    assert by_month["10月"][0] == 1 and by_month["12月"] == (0,) * 7
    assert any("台账自2026年10月1日起" in str(r[0]) for r in summary[start + 14:start + 16])
    # the summary's count is over the records' span, not read as the whole year's
    assert data.summaries["meetings"].startswith("台账自2026年10月1日起至12月4日，召开支部党员大会1次")
    # the PDF's tables are the same rows
    tables = [layout for layout in story.layouts if layout.title == "三会一课及主题党日召开情况（按月）"]
    assert len(tables) == 2  # the 三会一课 and 主题党日 chapters
    for table in tables:
        j = table.columns.index("1月")
        assert all(row[j] == "—" for row in table.originals)
        assert all(row[table.columns.index("10月")] != "—" for row in table.originals)


def test_the_pdf_charts_and_notes_say_the_months_are_not_covered(story) -> None:  # type: ignore[no-untyped-def]
    from reportlab.graphics.charts.barcharts import VerticalBarChart
    from reportlab.graphics.shapes import Drawing
    from reportlab.platypus import Paragraph, Table

    def drawings(things):  # type: ignore[no-untyped-def]
        for thing in things:
            if isinstance(thing, Drawing):
                yield thing
            elif isinstance(thing, Table):
                yield from drawings(cell for row in thing._cellvalues for cell in row)
            elif hasattr(thing, "_content"):
                yield from drawings(thing._content)

    charts = [c for d in drawings(story.story) for c in d.contents if isinstance(c, VerticalBarChart)]
    assert charts
    for chart in charts:
        labels = [chart._getLabelText(0, i) for i in range(12)]
        assert labels[:9] == ["—"] * 9 and all(label != "—" for label in labels[9:])
    notes = [f.getPlainText() for f in story.story if isinstance(f, Paragraph)]
    assert any("台账自2026年10月1日起" in text and "—" in text for text in notes)


# --- 2. and 3. figures nobody entered -----------------------------------------------------------------
def test_unlogged_activities_and_evaluations_are_unknown_not_zero(data, workbook) -> None:  # type: ignore[no-untyped-def]
    figures = {label: value for label, value, _kind in data.key_figures()}
    assert figures["帮扶活动次数"] == "未逐次登记" and figures["帮扶活动学时"] == "未登记"
    summary = {r[0]: r[1] for r in _sheet_rows(workbook, "汇总")}
    assert summary["帮扶活动次数"] == "未逐次登记" and summary["帮扶活动学时"] == "未登记"
    text = data.summaries["mentoring"]
    assert "年度考核未录入" in text and "考核0对" not in text and "优秀0对" not in text
    rows = _sheet_rows(workbook, "结对帮扶汇总")
    header = next(r for r in rows if r[0] == "党支部")
    for row in rows[rows.index(header) + 1:]:
        line = dict(zip(header, row, strict=True))
        assert (line["活动次数"], line["活动学时"], line["考核"], line["考核优秀"]) == ("未登记", "未登记", "未录入", "未录入")
        assert line["成果"] == 1


# --- 4. 长期坚持 ----------------------------------------------------------------------------------------
def test_a_standing_deadline_is_printed_in_the_pdf(story) -> None:  # type: ignore[no-untyped-def]
    table = _layout(story, "整改措施明细（含逾期情况）")
    j = table.columns.index("整改时限")
    assert [row[j] for row in table.originals] == ["长期坚持", "2026-12-31"]


# --- 5. the 成效 entered --------------------------------------------------------------------------------
def test_entered_outcomes_are_listed_and_the_figures_agree(data, workbook, story) -> None:  # type: ignore[no-untyped-def]
    rows = _sheet_rows(workbook, "结对帮扶台账")
    header = next(r for r in rows if r[0] == "序号")
    pair = dict(zip(header, rows[rows.index(header) + 1], strict=True))
    assert OUTCOME in pair["成效"]
    table = _layout(story, "结对帮扶台账")
    assert OUTCOME in table.originals[0][table.columns.index("成效")]
    figures = _figures(data, "mentoring")
    assert figures["逐项登记的帮扶成果"] == "1项"
    assert figures["有帮扶成效的结对（逐项登记或文字记载）"] == "1对"
    assert figures["年度考核"] == "未录入"
    assert not any(value == "0对" for value in figures.values())


# --- 6. no compliance claim without records ---------------------------------------------------------------
def test_no_compliance_claim_without_development_records(data) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.domain.annual_report.chapters import chapters

    assert data.summaries["development"] == "本年度未登记发展党员工作记录。"
    assert next(c for c in chapters(data) if c.key == "development").empty == "本年度未登记发展党员工作记录。"


# --- 7. attendance of meetings that were never held -----------------------------------------------------
def test_attendance_of_no_meetings_says_there_were_none(data) -> None:  # type: ignore[no-untyped-def]
    life = _figures(data, "life")
    assert life["会议记录（次）"] == "0"
    assert life["平均出勤率"] == "—（本年度无会议记录）"
    assert _figures(data, "three")["平均出勤率"] == "100%"


# --- the streamed workbook and openpyxl's writer agree on it too ---------------------------------------------
def test_the_workbook_matches_the_in_memory_writer(data, school) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.io.annual_xlsx import write_annual_workbook
    from tests.annual_report import reference_workbook
    from tests.annual_report.test_workbook_streamed import assert_same

    new, old = school["folder"] / "streamed.xlsx", school["folder"] / "reference.xlsx"
    write_annual_workbook(data, new)
    reference_workbook.write_annual_workbook(data, old)
    assert_same(new, old)


def test_no_blank_page_before_the_signatures(data, school) -> None:  # type: ignore[no-untyped-def]
    """The volume ends on a landscape register here: the signature page follows it, with no empty page
    (only a footer) between them."""
    from branchdesk.paths import cjk_font_file, resources_folder
    from branchdesk.reports.annual_pdf import write_annual_pdf
    from tests.shared.pdf_pages import FOOTER, check_footers, page_texts

    path = school["folder"] / "年报.pdf"
    write_annual_pdf(data, path, heading_font=cjk_font_file(), body_font=resources_folder() / "fonts" / "uming.ttc")
    pages = page_texts(path)
    check_footers(pages)
    assert all(FOOTER.sub("", page) for page in pages), [i + 1 for i, page in enumerate(pages) if not FOOTER.sub("", page)]
    assert "审核签字盖章" in pages[-1] and "整改措施明细" in pages[-2]
