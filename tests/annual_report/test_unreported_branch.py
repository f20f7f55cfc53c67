"""The school's volume at a 党委 one of whose branches has never sent a 上报 (trial D, TD-2): the exchange
state is the one source of "has this branch reported" (`package status`: 等待对方首次上报); the volume names
the branch as 未上报 beside the school's figures (年度主要数据 and each chapter's), prints its own figures as
未上报 — not 0, not "尚无会议记录" — and says why its members are not in the 学时 table. A branch's own PC
and a school without the exchange are unchanged."""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
from datetime import date
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from tests.annual_report.unreported_school import SENT, SILENT, build, copy_of

DAY = date(2026, 12, 28)
pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
WORDS = f"3个党支部中2个已上报，{SILENT}未上报，其数据未计入"


@pytest.fixture(scope="module")
def school(tmp_path_factory):  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("unreported")
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
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return {"folder": folder, "path": path, "data": data, "book": openpyxl.load_workbook(book), "pdf": text}


def _flat(text: str) -> str:
    return "".join(text.split())


def test_the_exchange_state_names_the_branch_that_never_reported(school, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.services.exchange.kept import unreported_branches

    db = copy_of(school["path"], tmp_path)
    try:
        with db.reading(), db.session() as session:
            assert unreported_branches(session) == [SILENT]
    finally:
        db.close()
    own = copy_of(school["folder"] / f"{SENT[0]} 支部电脑.sqlite", tmp_path)  # a branch's own PC
    try:
        with own.reading(), own.session() as session:
            assert unreported_branches(session) == []
    finally:
        own.close()


def test_the_key_figures_and_each_chapter_name_the_branch_as_unreported(school) -> None:  # type: ignore[no-untyped-def]
    summary = [[c for c in row if c is not None] for row in school["book"]["汇总"].iter_rows(values_only=True)]
    line = next(row for row in summary if row and row[0] == "上报情况")
    assert str(line[1]).startswith(WORDS)
    pdf = _flat(school["pdf"])
    overview = pdf[pdf.index("年度主要数据"):]
    assert WORDS in overview[:overview.index("党员总数")]
    # the overview and the chapters whose figures come from the branches' records (学时, 三会一课, 主题党日,
    # 组织生活会, 发展党员, 班子建设)
    assert pdf.count(f"上报情况：{WORDS}") >= 6


def test_its_meetings_read_as_unreported_not_as_none_held(school) -> None:  # type: ignore[no-untyped-def]
    sheet = school["book"]["三会一课"]
    header = next(row for row in sheet.iter_rows(values_only=True) if row and row[0] == "党支部")
    held = header.index("全年已开")
    own = [row for row in sheet.iter_rows(values_only=True) if row and row[0] == SILENT]
    assert own and all(row[held] == "未上报" for row in own)
    pdf = _flat(school["pdf"])
    assert "尚无会议记录" not in pdf
    # the cover's 记录起始 line gives a start: the branch that never reported has none and is left out (review
    # 13-4, F5); the 上报情况 line names it
    assert f"{SILENT}：未上报" not in pdf and "记录起始：已上报的党支部：" in pdf
    paragraph = school["data"].summaries["meetings"]
    assert "3个党支部中" not in paragraph
    assert "已上报的2个党支部中，0个召开了年度组织生活会" in paragraph
    assert f"{SILENT}未上报，其会议召开情况未知" in paragraph
    assert f"{SILENT}未上报" in school["data"].meetings.coverage_note(school["data"].unreported)


def test_the_study_table_says_the_branch_is_left_out_and_why(school) -> None:  # type: ignore[no-untyped-def]
    sheet = school["book"]["党员学习学时"]
    cells = [str(c) for row in sheet.iter_rows(values_only=True) for c in row if c is not None]
    assert any(f"{SILENT}未上报，其党员的学习培训记录未计入，不列入本表" in c for c in cells)
    assert not any(c == SILENT for c in cells)


def test_the_dues_tables_print_the_unreported_branch_as_unreported(school) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.domain.annual_report.tables import build_tables
    from branchdesk.domain.dues.report import DuesBranchRow, DuesPublicRow, DuesSection

    rows = [DuesBranchRow(SENT[0], 1, Decimal(120), Decimal(120), Decimal(0), 0, 0, 0, Decimal(120)),
            DuesBranchRow(SILENT, 1, None, Decimal(0), None, None, None, 1, Decimal(0), hand_ups_recorded=False,
                          payments_recorded=False)]
    public = [DuesPublicRow(SENT[0], "初一党员1", Decimal(10), Decimal(120), Decimal(120), Decimal(0), ""),
              DuesPublicRow(SILENT, "行政党员8", Decimal(10), Decimal(120), Decimal(0), None, "未登记交纳记录，无法核对")]
    data = dataclasses.replace(school["data"], dues=DuesSection(2026, rows=rows, public=public))
    tables = build_tables(data)
    paid = {row[2]: row[5] for row in tables["党费收缴公示"].rows}
    assert paid == {"初一党员1": 120.0, "行政党员8": "未上报"}  # 本年已交 (was 0)
    branches = {row[0]: row for row in tables["党费收缴汇总"].rows}
    assert branches[SILENT][3] == "未上报" and branches[SILENT][9] == "未上报"  # 已交, 未上缴 (were 未登记)
    assert branches[SENT[0]][3] == 120.0
    note = tables["党费收缴汇总"].note
    assert f"{SILENT}未上报，已交、未上缴显示为“未上报”（不表示未交）" in note and f"{SILENT}没有登记" not in note


def test_a_school_without_the_exchange_names_no_branch(tmp_path: Path) -> None:
    from branchdesk.services.annual_report.records import gather_report
    from tests.exchange.exchange_helpers import make_committee

    db = make_committee(tmp_path / "党委.sqlite", {SENT[0]: 3, SILENT: 3})
    try:
        data = gather_report(db, 2026, generated_on=DAY)
    finally:
        db.close()
    assert data.unreported == []
    assert not any(label == "上报情况" for label, _value, _kind in data.key_figures())
    assert "未上报" not in data.summaries["meetings"]


def test_the_development_figures_say_the_branch_is_not_counted(school) -> None:  # type: ignore[no-untyped-def]
    sheet = school["book"]["发展党员流程"]
    cells = [str(c) for row in sheet.iter_rows(values_only=True) for c in row if c is not None]
    assert any(f"{SILENT}未上报，其发展党员工作未计入本表" in c for c in cells)


def test_the_committee_s_volume_of_the_unreported_branch_alone_says_so(school, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.services.annual_report.records import gather_report

    db = copy_of(school["path"], tmp_path)
    try:
        alone = gather_report(db, 2026, branch=SILENT, generated_on=DAY)
        sent = gather_report(db, 2026, branch=SENT[0], generated_on=DAY)
    finally:
        db.close()
    figures = {label: value for label, value, _kind in alone.key_figures()}
    assert str(figures["上报情况"]).startswith(f"{SILENT}未上报，其数据未计入")
    assert "尚无会议记录" not in alone.meetings.coverage_note(alone.unreported)
    assert sent.unreported == [] and "上报情况" not in {label for label, _v, _k in sent.key_figures()}
