"""A register of the volume prints exactly as reportlab's own table would print it: the faster way of
setting and drawing it (styles shared per column, row heights given, a header that fits drawn as
plain text, all plain text of a table in one text object; reports/pdf_register.py) leaves every word at the same place on the same page.

Checked against the plain reportlab way — a LongTable with one FONT/ALIGN/VALIGN/padding command per
range and reportlab's own cell drawing — on a register that splits across pages, with wrapped and
multi-line cells, centred numbers and dates, and a bold 合计 row: pdftotext's word boxes must agree
(to 1/100 pt: a centred header computed in another order may differ in the fifth decimal)."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import LongTable, Paragraph, SimpleDocTemplate, TableStyle

from branchdesk.domain.annual_report.records import DATE, HOURS, INT, Column, LedgerTable

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")


def _register() -> LedgerTable:
    columns = [Column("序号", INT), Column("姓名"), Column("日期", DATE), Column("本年累计学习学时", HOURS),
               Column("内容摘要（较长的文字）"), Column("参加人员", keep_lines=True)]
    rows: list[list[object]] = []
    for i in range(1, 181):
        words = "围绕立德树人根本任务，学习贯彻党的二十大精神并结合2025-03-01教研活动安排，" * (1 + i % 3)
        rows.append([i, f"张{'志远明'[i % 3]}{i}", date(2025, 1 + i % 12, 1 + i % 28), 2.5 * (i % 5),
                     words, "\n".join(f"李{j}（已知30/32）" for j in range(1 + i % 4))])
    rows.append(["合计", "", None, 1234.5, "", ""])
    return LedgerTable("register", "测试台账", columns, rows)


def _old_way(new: LongTable, head: ParagraphStyle) -> LongTable:
    """The same cells and widths as a plain reportlab LongTable styled by commands, its header as
    centred paragraphs (the way the volume set its registers before)."""
    from branchdesk.reports.annual_pdf_style import GRID, HEAD_FILL

    data = [[Paragraph("<br/>".join(escape(line) for line in title.split("\n")), head) for title in new._cellvalues[0]],
            *new._cellvalues[1:]]
    styles = new._cellStyles
    body, last = styles[1], styles[-1]
    commands: list[tuple] = [
        ("FONT", (0, 0), (-1, -1), body[0].fontname, body[0].fontsize, body[0].leading),
        ("GRID", (0, 0), (-1, -1), 0.4, GRID), ("BACKGROUND", (0, 0), (-1, 0), HEAD_FILL),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2), ("LEFTPADDING", (0, 0), (-1, -1), body[0].leftPadding),
        ("RIGHTPADDING", (0, 0), (-1, -1), body[0].rightPadding),
    ]
    commands += [("ALIGN", (j, 1), (j, -1), "CENTER") for j, s in enumerate(body) if s.alignment == "CENTER"]
    commands.append(("FONT", (0, len(data) - 1), (-1, len(data) - 1), last[0].fontname, last[0].fontsize,
                     last[0].leading))
    old = LongTable([list(row) for row in data], colWidths=new._argW, repeatRows=1, hAlign="CENTER")
    old.setStyle(TableStyle(commands))
    return old


def _words(path: Path) -> list[tuple[str, ...]]:
    xhtml = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True,
                           check=True).stdout
    return re.findall(r'<(page) width="([\d.]+)"|<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" '
                      r'yMax="([\d.]+)">([^<]*)</word>', xhtml)


def test_a_register_prints_as_reportlab_would(tmp_path: Path) -> None:
    from branchdesk.paths import cjk_font_file, resources_folder
    from branchdesk.reports.annual_pdf_style import FRAME_W, ledger_flowable, make_styles, register_fonts
    from branchdesk.reports.pdf_register import RegisterTable

    hei, song = register_fonts(cjk_font_file(), resources_folder() / "fonts" / "uming.ttc")
    styles = make_styles(hei, song)
    new = ledger_flowable(_register(), styles, frame=FRAME_W, relax=True)
    assert isinstance(new, RegisterTable)
    assert all(isinstance(title, str) for title in new._cellvalues[0])  # a header that fits is plain text
    assert any("\n" in title for title in new._cellvalues[0])  # of two lines where the title is long
    old = _old_way(new, styles["head"])
    files = []
    for name, table in (("new", new), ("old", old)):
        path = tmp_path / f"{name}.pdf"
        SimpleDocTemplate(str(path), pagesize=A4, initialFontName=song).build([table])
        files.append(path)
    new_words, old_words = _words(files[0]), _words(files[1])
    assert sum(1 for w in old_words if w[0] == "page") >= 4  # the register split across pages
    assert len(old_words) > 1500
    assert len(new_words) == len(old_words)
    for a, b in zip(new_words, old_words, strict=True):  # same word, same page, same box to 1/100 pt
        assert (a[0], a[6]) == (b[0], b[6]), (a, b)
        assert all(abs(float(x or 0) - float(y or 0)) <= 0.01 for x, y in zip(a[1:6], b[1:6], strict=True)), (a, b)
