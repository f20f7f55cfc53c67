"""The year-end volume of issue 15 on the real-shaped fixture year (tests/shared/real_year.py): every
sitting, case, measure and pair is in its register; rule codes only in the optional appendix; figures
"as of" a date follow the date; a student label is never masked; no text is wider than its column
(measured with the font's metrics); every font embedded; `--format pdf` refused where a kind has none."""

from __future__ import annotations

import re
import subprocess
from datetime import date
from pathlib import Path

import pytest

from branchdesk.domain.mentoring.privacy import student_label
from branchdesk.reports.annual_pdf_style import Heading
from branchdesk.reports.pdf_layout import PAD, text_width, tokens, wrap
from tests.shared import real_year as ry
from tests.shared.pdf_pages import check_contents, page_texts
from tests.shared.test_real_year import MEASURES, PAIRS, SITTINGS, _open, _run, year  # noqa: F401 - fixture

CODE = re.compile(r"\b[A-Z]{2,}(?:-[A-Z0-9]+)+\b")
CHAPTERS = ["党组织设置", "班子建设", "党员教育管理", "党费收缴", "三会一课", "主题党日", "组织生活会与民主评议", "发展党员",
            "党建与教育教学融合", "整改落实"]


@pytest.fixture(scope="module")
def volume_data(year):  # type: ignore[no-untyped-def]  # noqa: F811
    from branchdesk.paths import cjk_font_file, resources_folder
    from branchdesk.reports.annual_pdf import volume_story
    from branchdesk.reports.annual_pdf_style import register_fonts
    from branchdesk.services.annual_report.records import gather_findings, gather_report

    db = _open(year)
    try:
        data = gather_report(db, 2025, generated_on=date(2026, 1, 20))
        data.findings = gather_findings(db, 2025, as_of=data.as_of, branch=None)
    finally:
        db.close()
    hei, song = register_fonts(cjk_font_file(), resources_folder() / "fonts" / "uming.ttc")
    return data, volume_story(data, hei, song)


@pytest.fixture(scope="module")
def pdfs(year):  # type: ignore[no-untyped-def]  # noqa: F811
    plain, appendix = year["folder"] / "卷 无附录.pdf", year["folder"] / "卷 附录.pdf"
    for out, extra in ((plain, []), (appendix, ["--with-findings"])):
        code, text = _run(["report", "annual", "--year", "2025", "--format", "pdf", "--out", str(out),
                           "--db", str(year["db"]), *extra])
        assert code == 0, text
    return plain, appendix


def _text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_chapters_in_the_inspections_order(pdfs) -> None:  # type: ignore[no-untyped-def]
    text = _text(pdfs[0]).split("目　录")[-1]
    body = text.split("第 3 页")[-1] if "第 3 页" in text else text
    positions = [re.search(rf"[一二三四五六七八九十]、\s*{title}\n", body) for title in CHAPTERS]
    assert all(positions), [t for t, m in zip(CHAPTERS, positions, strict=True) if not m]
    starts = [m.start() for m in positions if m]
    assert starts == sorted(starts)
    assert "审核签字盖章" in body and "填报人" in body and "报送单位" in text


def test_contents_lead_to_the_pages_where_sections_start(pdfs, volume_data) -> None:  # type: ignore[no-untyped-def]
    data, builder = volume_data  # with the findings appendix, as pdfs[1] was written
    headings = [f.toc_text for f in builder.story if isinstance(f, Heading)]
    assert "附录：对照规定自查发现的问题和提醒" in headings
    pages = check_contents(pdfs[1], headings)
    assert pages == sorted(pages) and pages[-1] == len(page_texts(pdfs[1]))


def test_every_sitting_case_measure_and_pair_is_in_its_register(volume_data) -> None:  # type: ignore[no-untyped-def]
    data, story = volume_data
    assert len(data.meetings.register) == SITTINGS
    shown = set()
    for layout in story.layouts:
        if layout.title.startswith("会议记录目录"):
            j = layout.columns.index("会议日期")
            for row in layout.originals:
                shown.add((row[j], row[layout.columns.index("会议主题")]))
    assert {(f"{r.day:%Y-%m-%d}", r.topic) for r in data.meetings.register} <= shown
    assert any(r.late and r.period == "2025年7月" for r in data.meetings.register)  # 初三's 补开 is marked
    by_title = {layout.title: layout for layout in story.layouts}
    cases = by_title["发展党员工作过程（逐人逐环节）"]
    assert [row[1] for row in cases.originals] == [r.name for r in data.development.ledger]
    han = next(row for row in cases.originals if row[1] == "韩雪")
    assert "支部大会讨论接收" in han[5] and "入党介绍人：" in han[6]
    measures = by_title["整改措施明细（含逾期情况）"]
    assert len(measures.originals) == MEASURES
    pairs = by_title["结对帮扶台账"]
    assert len(pairs.originals) == PAIRS


def test_rule_codes_only_in_the_appendix(pdfs) -> None:  # type: ignore[no-untyped-def]
    plain, appendix = (_text(p) for p in pdfs)
    assert not CODE.search(plain), CODE.search(plain)
    before, _, after = appendix.partition("附录：对照规定自查发现的问题和提醒\n")
    assert after and CODE.search(after)
    assert not CODE.search(before.split("目　录")[-1].split("附录")[0])


def test_no_text_wider_than_its_column_and_nothing_smaller_than_9pt(volume_data) -> None:  # type: ignore[no-untyped-def]
    _data, story = volume_data
    assert story.layouts
    for layout in story.layouts:
        assert layout.size >= 9, layout.title
        for row, original in zip(layout.rows, layout.originals, strict=True):
            for j, lines in enumerate(row):
                room = layout.widths[j] - 2 * PAD + 0.01
                for line in lines:
                    assert text_width(line, layout.font, layout.size) <= room, (layout.title, layout.columns[j], line)
                if any("下略" in line for line in lines):
                    continue
                for token in tokens(original[j].replace("\n", " ")):  # a date, number or name never split
                    if token.strip() and text_width(token, layout.font, layout.size) <= room:
                        assert any(token.strip() in line for line in lines), (layout.title, token, lines)


def test_wrap_keeps_dates_and_names_whole() -> None:
    from branchdesk.paths import cjk_font_file
    from branchdesk.reports.annual_pdf_style import register_fonts

    hei, _song = register_fonts(cjk_font_file(), None)
    text = "2021-03-01 递交入党申请书，张志远（已知30/32）已完成，2025-12-18 支部大会讨论接收"
    for width in range(60, 200, 7):
        lines = wrap(text, hei, 9, width)
        assert all(text_width(line, hei, 9) <= width + 0.01 for line in lines)
        for token in ("2021-03-01", "2025-12-18", "张志远（已知30/32）"):
            if text_width(token, hei, 9) <= width:
                assert any(token in line for line in lines), (width, lines)
        if width >= max(text_width(t, hei, 9) for t in tokens(text)):  # nothing had to be split by character
            assert not any(line.startswith(("，", "）")) for line in lines)


def test_every_font_embedded_and_landscape_sections(pdfs) -> None:  # type: ignore[no-untyped-def]
    for path in pdfs:
        fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
        rows = fonts.splitlines()[2:]
        assert rows and all(" yes " in row for row in rows), fonts
        assert "Helvetica" not in fonts
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "200", str(pdfs[0])], capture_output=True, text=True,
                          check=True).stdout
    sizes = re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", info)
    assert any(float(w) > float(h) for w, h in sizes) and any(float(w) < float(h) for w, h in sizes)
    pages = len(sizes)
    text = _text(pdfs[0])
    assert all(f"第 {n} 页 共 {pages} 页" in text for n in range(2, pages + 1))


def test_as_of_figures_follow_the_date(year) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    from branchdesk.services.annual_report.records import gather_report
    from branchdesk.services.rectification.figures import review_month
    from branchdesk.services.rectification.records import find_ledger

    db = _open(year)
    try:
        ledger = find_ledger(db, ry.RECT_LEDGER)
        assert ledger is not None
        _l, june = review_month(db, 2025, 6, ledger_id=ledger.id, as_of=date(2026, 1, 20))
        _l, december = review_month(db, 2025, 12, ledger_id=ledger.id, as_of=date(2026, 1, 20))
        assert june.reference_day == date(2025, 6, 30) and june.figures is not None and december.figures is not None
        assert june.figures.by_status.get("已销号") == 20 and december.figures.by_status.get("已销号") == 36
        mid = gather_report(db, 2025, generated_on=date(2025, 6, 30))
        end = gather_report(db, 2025, generated_on=date(2026, 1, 20))
        assert mid.rectification.status_totals["已销号"] == 20 and end.rectification.status_totals["已销号"] == 36
    finally:
        db.close()


@pytest.mark.parametrize(("name", "shown"), [("学生01", "学生01"), ("学生A", "学生A"), ("某同学", "某同学"),
                                             ("王小明", "王同学"), ("王小明（高一（3）班）", "王同学"), ("欧阳明月", "欧同学")])
def test_a_student_label_is_never_masked_as_a_name(name: str, shown: str) -> None:
    assert student_label(name, True) == shown
    assert student_label(name, False) == name


def test_pdf_format_refused_before_anything_is_written(year, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    for kind in ("development", "mentoring", "roster", "study-hours"):
        out = tmp_path / f"{kind}.pdf"
        code, text = _run(["export", kind, "--format", "pdf", "--out", str(out), "--db", str(year["db"])])
        assert code == 1 and "不能导出 PDF" in text and not out.exists(), text
    out = tmp_path / "名册.pdf"
    code, text = _run(["export", "roster", "--out", str(out), "--db", str(year["db"])])
    assert code == 1 and not out.exists()


def test_one_branch_gets_the_same_book(year, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    out = tmp_path / "高一.pdf"
    code, text = _run(["report", "annual", "--year", "2025", "--format", "pdf", "--out", str(out), "--branch",
                       "高一年级党支部", "--db", str(year["db"])])
    assert code == 0, text
    body = _text(out)
    for title in CHAPTERS:
        assert re.search(rf"[一二三四五六七八九十]、\s*{title}\n", body), title
    assert "高二年级党支部" not in body and "支部书记（签字）" in body


def test_every_other_pdf_measured_numbered_and_embedded(year, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    """Meeting record, development timeline and both month reviews: every table cell measured against
    its column, 第 X 页 共 Y 页 on every page, and only embedded fonts."""
    from sqlalchemy import select

    from branchdesk.db.models import DevRecord, Meeting
    from branchdesk.reports.pdf_table import take_layouts
    from branchdesk.services.development.printing import export_timeline_pdf
    from branchdesk.services.meetings.printing import export_meeting_record_pdf
    from branchdesk.services.rectification.printing import export_review_pdf

    db = _open(year)
    take_layouts()
    try:
        with db.session() as s:
            meeting = s.scalars(select(Meeting.id).order_by(Meeting.id)).first()
            cases = list(s.scalars(select(DevRecord.id).order_by(DevRecord.id)))
        paths = [export_meeting_record_pdf(db, meeting, tmp_path / "会议记录.pdf")]  # type: ignore[arg-type]
        paths += [export_timeline_pdf(db, case, tmp_path / f"时间线{case}.pdf", as_of=date(2026, 1, 20))
                  for case in cases]
        for month in (6, 12):
            export_review_pdf(db, tmp_path / f"销号{month}.pdf", 2025, month, as_of=date(2026, 1, 20))
            paths.append(tmp_path / f"销号{month}.pdf")
    finally:
        db.close()
    layouts = take_layouts()
    assert len(layouts) >= len(cases) + 2
    for layout in layouts:
        assert layout.size >= 9
        for row in layout.rows:
            for j, lines in enumerate(row):
                for line in lines:
                    assert text_width(line, layout.font, layout.size) <= layout.widths[j] - 2 * PAD + 0.01, (
                        layout.title, line)
        for row, original in zip(layout.rows, layout.originals, strict=True):
            for j, lines in enumerate(row):
                for date_text in re.findall(r"\d{4}-\d{2}-\d{2}", original[j]):
                    assert any(date_text in line for line in lines), (layout.title, date_text, lines)
    for path in paths:
        fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
        assert "Helvetica" not in fonts and all(" yes " in r for r in fonts.splitlines()[2:]), (path, fonts)
        text = re.sub(r"[ \t]+", "", _text(Path(path)))
        pages = text.count("\f")
        assert all(f"第{n}页共{pages}页" in text for n in range(1, pages + 1)), path


def test_committees_from_the_rosters_posts(volume_data, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """班子建设: committees from the roster's 党内职务 (a template column); 7+ 正式党员 without one is marked
    (初一年级党支部 has 7 党员 or more but fewer 正式党员: only a secretary, as the check says)."""
    import openpyxl

    data, story = volume_data
    layout = next(layout for layout in story.layouts if layout.title == "党支部委员会设置情况")
    rows = {row[0]: row for row in layout.originals}
    assert rows["高一年级党支部"][2] == "已设立" and rows["初一年级党支部"][2] == "只设书记"
    assert rows["后勤党支部"][2] in ("只设书记", "不设（党员不足7人）")
    code, text = _run(["template", "roster", "--out", str(tmp_path / "名册模板.xlsx")])
    assert code == 0, text
    sheet = openpyxl.load_workbook(tmp_path / "名册模板.xlsx").active
    assert "党内职务" in [c.value for row in sheet.iter_rows(max_row=5) for c in row]


def test_appendix_words_are_plain_and_grouped_by_branch(volume_data) -> None:  # type: ignore[no-untyped-def]
    data, _story = volume_data
    assert data.findings
    assert all(not CODE.search(f.message) for f in data.findings)  # the code only in its own small place
    assert all(f.rule for f in data.findings if f.area == "三会一课")
    branches = [f.branch for f in data.findings]
    runs = [b for i, b in enumerate(branches) if i == 0 or branches[i - 1] != b]
    assert len(runs) == len(set(branches))  # one block per branch
