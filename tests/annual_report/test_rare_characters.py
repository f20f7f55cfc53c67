"""A character the volume's body face lacks is drawn in the heading face, never as an empty box (trial V,
TV-7): AR PL UMing has no "−" (U+2212) and no 刏, a rare character (生僻字) a member's name may hold;
WenQuanYi Micro Hei has both. Paragraphs draw it as a <font> run, the registers' fast drawing as a run of
its own, and the layout measures it in the face it is drawn in. The PDF then uses the heading face for
that character: a document whose only text is in the body face embeds the heading face too."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import SimpleDocTemplate

from branchdesk.paths import cjk_font_file, resources_folder
from branchdesk.reports.annual_pdf_style import HEI, SONG, make_styles, register_fonts
from branchdesk.reports.pdf_glyphs import chars, runs, tagged
from branchdesk.reports.pdf_layout import text_width
from branchdesk.reports.pdf_register import RegisterTable, column_styles
from tests.annual_report import school_files as sf

RARE = "刏"  # in WenQuanYi Micro Hei, not in AR PL UMing
NAME = f"王{RARE}"
HEI_FACE, BODY_FACE = "WenQuanYiMicroHei", "UMingCN"  # the faces' names in the PDF (pdffonts)


@pytest.fixture(scope="module")
def faces() -> tuple[str, str]:
    hei, song = register_fonts(cjk_font_file(), resources_folder() / "fonts" / "uming.ttc")
    assert (hei, song) == (HEI, SONG)
    assert RARE not in chars(SONG) and RARE in chars(HEI) and "−" not in chars(SONG)
    return hei, song


def test_runs_put_what_the_body_face_lacks_in_the_heading_face(faces) -> None:  # type: ignore[no-untyped-def]
    assert runs(NAME, SONG) == [(SONG, "王"), (HEI, RARE)]
    assert runs("第一党支部", SONG) == [(SONG, "第一党支部")]
    assert tagged(f"{NAME}（4/5.5）", SONG) == f'王<font name="{HEI}">{RARE}</font>（4/5.5）'
    assert text_width(NAME, SONG, 9) == pytest.approx(stringWidth("王", SONG, 9) + stringWidth(RARE, HEI, 9))
    # a character neither face has stays in the first: nothing is dropped or replaced
    assert runs("王\U0002a6a5", SONG) == [(SONG, "王\U0002a6a5")]


def _fonts_and_text(path: Path) -> tuple[str, str]:
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return fonts, text


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="poppler-utils not installed")
def test_a_paragraph_and_a_register_draw_the_rare_character_in_the_heading_face(faces, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.reports.annual_pdf_style import p

    styles = make_styles(HEI, SONG)
    paragraph = tmp_path / "段落.pdf"
    SimpleDocTemplate(str(paragraph), initialFontName=SONG).build(
        [p(f"{NAME}：未上缴 = 已交 − 已上缴", styles["body"])])
    fonts, text = _fonts_and_text(paragraph)
    assert HEI_FACE in fonts and BODY_FACE in fonts, fonts  # the body face, and the heading face for 刏 and −
    assert NAME in text and "−" in text
    register = tmp_path / "名册.pdf"
    rows = [["姓名", "党支部"], [NAME, "第一党支部"]]
    table = RegisterTable(rows, colWidths=[80, 120], cellStyles=column_styles(
        2, ["LEFT", "CENTER"], font=SONG, bold_font=SONG, size=9, leading=11.5, padding=(2, 2, 1.5, 2),
        plain_header=True))
    SimpleDocTemplate(str(register), initialFontName=SONG).build([table])
    fonts, text = _fonts_and_text(register)
    assert HEI_FACE in fonts and NAME in text, fonts


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_the_volume_prints_a_rare_name(tmp_path: Path) -> None:
    from branchdesk.services import session
    from branchdesk.services.annual_report.records import generate_report
    from tests.xlsx_factory import make_workbook

    db = tmp_path / "党委.sqlite"
    roster, _names = sf.roster(tmp_path / "花名册.xlsx", "中共大同市第三中学委员会党员花名册", {"第一党支部": 3})
    book = __import__("openpyxl").load_workbook(roster)
    rows = [list(r) for r in book.active.iter_rows(min_row=3, values_only=True)]
    rows[0][1] = NAME
    make_workbook(roster, sf.ROSTER_HEADERS, rows, ["中共大同市第三中学委员会党员花名册"])
    sf.run(["import", "roster", str(roster), "--db", str(db)])
    out = tmp_path / "年报.pdf"
    database = session.open(db, daily_backup=False)
    try:
        generate_report(database, 2026, "pdf", out, generated_on=date(2026, 12, 4))
    finally:
        database.close()
    _fonts, text = _fonts_and_text(out)
    assert NAME in text  # in the 党员名册 register
