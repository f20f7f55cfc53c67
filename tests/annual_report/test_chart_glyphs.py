"""The volume's charts draw each label in a face that has its characters (NOTE10 "Not covered": chart
labels were drawn in the heading face whatever they held). WenQuanYi Micro Hei, the charts' face, has
no 䶮, which AR PL UMing has; UMing has no 刏, which WenQuanYi has; both have 彧. A 学历 a roster gives
("研究生（䶮）" stands for any value the roster holds) is a category label of the 学历 chart: it must not
come out as an empty box. A character neither face has (𠮷) stays in the chart's face: nothing is
dropped or replaced."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Drawing, Group, String, UserNode

from branchdesk.paths import cjk_font_file, resources_folder
from branchdesk.reports.annual_pdf_charts import bars, flow, monthly
from branchdesk.reports.annual_pdf_style import HEI, SONG, register_fonts
from branchdesk.reports.pdf_glyphs import chars, face_for

ONLY_SONG, ONLY_HEI, BOTH, NEITHER = "䶮", "刏", "彧", "\U00020bb7"


@pytest.fixture(scope="module")
def faces() -> tuple[str, str]:
    hei, song = register_fonts(cjk_font_file(), resources_folder() / "fonts" / "uming.ttc")
    assert (hei, song) == (HEI, SONG)
    assert ONLY_SONG in chars(SONG) and ONLY_SONG not in chars(HEI)
    assert ONLY_HEI in chars(HEI) and ONLY_HEI not in chars(SONG)
    assert BOTH in chars(HEI) and BOTH in chars(SONG)
    assert NEITHER not in chars(HEI) and NEITHER not in chars(SONG)
    return hei, song


def strings(drawing: Drawing) -> list[String]:
    """Every text the drawing draws, with the face it is drawn in (charts expanded into shapes)."""
    found: list[String] = []

    def walk(node: object) -> None:
        if isinstance(node, String):
            found.append(node)
        elif isinstance(node, Group):
            for child in node.contents:
                walk(child)
        elif isinstance(node, UserNode):  # a chart, an axis label: the shapes it draws
            walk(node.provideNode())

    walk(drawing)
    return found


def missing(drawing: Drawing) -> dict[str, str]:
    """Texts with a character their face lacks, when one of the two faces has them all."""
    wrong = {}
    for s in strings(drawing):
        if not chars(s.fontName).issuperset(s.text) and (chars(HEI).issuperset(s.text) or chars(SONG).issuperset(s.text)):
            wrong[s.text] = s.fontName
    return wrong


def test_face_for_picks_a_face_that_has_every_character(faces) -> None:  # type: ignore[no-untyped-def]
    assert face_for(f"研究生{ONLY_SONG}", HEI) == SONG
    assert face_for(f"王{ONLY_HEI}", SONG) == HEI
    assert face_for(f"{BOTH}党支部", HEI) == HEI  # the chart's own face when it can
    assert face_for(f"王{NEITHER}", HEI) == HEI  # neither has it: kept as it is
    assert face_for(f"{ONLY_SONG}{ONLY_HEI}{ONLY_HEI}", HEI) == HEI  # neither has all: the one lacking fewer


def test_chart_labels_are_drawn_in_a_face_that_has_them(faces) -> None:  # type: ignore[no-untyped-def]
    education = [(f"研究生（{ONLY_SONG}）", 3), (f"大学本科{BOTH}", 5), (f"王{ONLY_HEI}", 1)]
    chart = bars(f"党员学历构成{ONLY_SONG}", education, HEI, 400, 140)
    assert missing(chart) == {}
    texts = {s.text: s.fontName for s in strings(chart)}
    assert texts[f"研究生（{ONLY_SONG}）"] == SONG and texts[f"大学本科{BOTH}"] == HEI
    assert texts[f"党员学历构成{ONLY_SONG}"] == SONG and texts["3"] == HEI
    assert missing(flow([(f"申请{ONLY_SONG}", 2), ("转正", 1)], HEI, 400)) == {}
    assert missing(monthly(f"{ONLY_SONG}各月召开次数", [1] * 12, HEI, 400)) == {}
    kept = {s.text: s.fontName for s in strings(bars("学历", [(f"王{NEITHER}", 1)], HEI, 300))}
    assert kept[f"王{NEITHER}"] == HEI  # shown as it was entered, in the chart's face


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="poppler-utils not installed")
def test_the_chart_in_a_pdf_embeds_the_face_of_its_rare_label(faces, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "chart.pdf"
    renderPDF.drawToFile(bars("党员学历构成", [(f"研究生（{ONLY_SONG}）", 3)], HEI, 400, 140), str(path))
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "UMingCN" in fonts and "WenQuanYiMicroHei" in fonts
    assert f"研究生（{ONLY_SONG}）" in text
