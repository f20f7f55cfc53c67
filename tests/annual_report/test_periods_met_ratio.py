"""支部党员大会（已开/应开） is met per period (domain.md §2, MTG-QUARTERLY-CONGRESS: at least one a quarter): a
branch that missed a quarter while another held a fifth sitting is not "8/8" — the pair counts the periods
met over the periods due, with the sittings apart ("7/8期（8次）"), the same in the workbook and the PDF
(trial D, TD-3). Made on 12-28, the fourth quarter is still in progress (TR-5) but both branches held it: it is met,
so due (rev5: "5/6期（另有第四季度进行中，已开）" read as 6 quarters for 8 held), the third quarter's miss still told."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date

import openpyxl
import pytest

from tests.annual_report.unreported_school import build, copy_of

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
DAY = date(2026, 12, 28)
LABEL = "支部党员大会（已开/应开）"
PAIR = "7/8期（8次）"


@pytest.fixture(scope="module")
def volume(tmp_path_factory):  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("periods")
    with pytest.MonkeyPatch.context() as patch:
        path = build(folder, patch)
        from branchdesk.services.annual_report.records import gather_report, generate_report

        db = copy_of(path, tmp_path_factory.mktemp("volume"))
        try:
            data = gather_report(db, 2026, generated_on=DAY)
            book, pdf = folder / "volume.xlsx", folder / "volume.pdf"
            generate_report(db, 2026, "xlsx", book, generated_on=DAY)
            generate_report(db, 2026, "pdf", pdf, generated_on=DAY)
        finally:
            db.close()
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return {"data": data, "book": openpyxl.load_workbook(book), "pdf": text}


def test_the_pair_counts_periods_met_not_sittings(volume) -> None:  # type: ignore[no-untyped-def]
    m = volume["data"].meetings
    rows = [r for r in m.rows if r.kind == "支部党员大会" and r.periods]
    assert sum(r.held for r in rows) == 8 and sum(r.periods for r in rows) == 8  # the fourth, in progress, held by both
    assert sum(r.periods_met for r in rows) == 7  # 初二 missed the third quarter
    assert sum(r.running for r in rows) == 0  # nothing in progress is still to be held
    figures = {label: value for label, value, _kind in volume["data"].key_figures()}
    assert figures[LABEL] == PAIR


def test_the_workbook_and_the_pdf_print_the_same_pair(volume) -> None:  # type: ignore[no-untyped-def]
    summary = {row[0]: row[1] for row in volume["book"]["汇总"].iter_rows(values_only=True) if row and row[0]}
    assert summary[LABEL] == PAIR
    lines = [line for line in volume["pdf"].splitlines() if LABEL in line]
    assert len(lines) >= 2  # 年度主要数据 and the 三会一课 chapter
    assert volume["pdf"].count("7/8期") >= 2 and "5/6期" not in volume["pdf"], lines
    assert "8/8" not in volume["pdf"]
