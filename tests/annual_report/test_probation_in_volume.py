"""The year-end volume's 发展党员 findings include a 预备党员 on the roster whose 预备期 has ended (or is
about to) without 转正, as `branchdesk check` and 首页 flag them (ROSTER-PROBATION-END): the 汇总 line
"发展党员待处理问题", the chapter's paragraph and its list say the same in the workbook and the PDF,
in the check's words, without rule codes. (Before, the volume counted only the 发展党员 records' own
findings: 0 问题 and "各环节程序完整、时限符合规定" beside a check that flagged 钱多多.)"""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from branchdesk.domain.annual_report.chapters import chapters
from branchdesk.domain.finding_text import RULE_ID
from branchdesk.domain.idcard import make_id_number
from branchdesk.services.annual_report.records import gather_report, generate_report
from branchdesk.services.checks import run_checks
from branchdesk.services.roster.excel import import_roster
from tests.roster.test_probation_check import HEADERS, RULE, _roster
from tests.xlsx_factory import make_workbook


def _figure(data, label: str) -> object:  # type: ignore[no-untyped-def]
    return next(value for name, value, _kind in data.key_figures() if name == label)


def _check_message(db, day: date) -> str:  # type: ignore[no-untyped-def]
    [finding] = [f for f in run_checks(db, year=day.year, as_of=day) if f.rule == RULE]
    return finding.message


def test_a_probation_past_its_end_is_a_pending_problem_of_the_volume(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _roster(db, tmp_path)
    day = date(2026, 12, 4)
    data = gather_report(db, 2026, generated_on=day)
    rows = [f for f in data.development.findings if f.person == "钱多多"]
    assert [(r.severity, r.branch, r.rule) for r in rows] == [("问题", "第一党支部", RULE)]
    assert rows[0].message == _check_message(db, day) and not RULE_ID.search(rows[0].message)
    assert _figure(data, "发展党员待处理问题") == 1
    assert "需纠正的问题1项" in data.summaries["development"]
    assert "各环节程序完整" not in data.summaries["development"]


def test_a_probation_nearing_its_end_is_a_reminder_not_a_problem(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _roster(db, tmp_path)
    day = date(2026, 11, 1)
    data = gather_report(db, 2026, generated_on=day)
    rows = [f for f in data.development.findings if f.person == "钱多多"]
    assert [r.severity for r in rows] == ["提醒"] and rows[0].message == _check_message(db, day)
    assert _figure(data, "发展党员待处理问题") == 0
    assert "需提醒的事项1项" in data.summaries["development"]


def test_one_branch_volume_counts_its_own_probationers_only(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _roster(db, tmp_path)
    other = [[1, "陈七", "", "汉族", make_id_number("110101", date(1990, 3, 3), 7, male=True), "第二党支部",
              "预备党员", "2025-10-01", None]]
    assert import_roster(db, make_workbook(tmp_path / "第二支部.xlsx", HEADERS, other), create_orgs=True).ok
    day = date(2026, 12, 4)
    whole = gather_report(db, 2026, generated_on=day)
    one = gather_report(db, 2026, branch="第二党支部", generated_on=day)
    assert {f.person for f in whole.development.findings if f.rule == RULE} == {"钱多多", "陈七"}
    assert [f.person for f in one.development.findings if f.rule == RULE] == ["陈七"]


def test_a_year_without_development_records_still_shows_the_roster_problem(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    rows = [[n, name, "", "汉族", make_id_number("110101", date(1980 + n, 1, 1), n, male=n % 2 == 1),
             "第一党支部", category, join, full]
            for n, (name, category, join, full) in enumerate([
                ("张一", "正式党员", "2005-07-01", "2006-07-01"), ("李二", "正式党员", "2006-07-01", "2007-07-01"),
                ("王三", "正式党员", "2007-07-01", "2008-07-01"), ("钱多多", "预备党员", "2025-11-20", None)],
                start=1)]
    assert import_roster(db, make_workbook(tmp_path / "花名册.xlsx", HEADERS, rows)).ok
    data = gather_report(db, 2026, generated_on=date(2026, 12, 4))
    assert not any(c.value for c in data.development.flow) and not data.development.ledger
    chapter = next(c for c in chapters(data) if c.key == "development")
    assert not chapter.empty and ("待处理问题", "1项") in chapter.figures
    assert "需纠正的问题1项" in data.summaries["development"]


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_workbook_and_pdf_say_the_same(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _roster(db, tmp_path)
    day = date(2026, 12, 4)
    generate_report(db, 2026, "xlsx", tmp_path / "台账.xlsx", generated_on=day)
    generate_report(db, 2026, "pdf", tmp_path / "台账.pdf", generated_on=day)
    wb = load_workbook(tmp_path / "台账.xlsx", read_only=True)
    summary = {row[0]: row[1] for row in wb["汇总"].iter_rows(values_only=True) if len(row) > 1 and row[0]}
    assert summary["发展党员待处理问题"] == 1
    listed = [row for row in wb["发展党员待处理问题"].iter_rows(values_only=True) if row and "钱多多" in row]
    words = _check_message(db, day)
    assert len(listed) == 1 and "问题" in listed[0] and words in listed[0]
    assert not any(isinstance(cell, str) and RULE_ID.search(cell) for cell in listed[0])
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "台账.pdf"), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert re.search(r"发展党员待处理问题\s+1\b", text)
    cells = subprocess.run(["pdftotext", "-raw", str(tmp_path / "台账.pdf"), "-"], capture_output=True, text=True,
                           check=True).stdout  # each cell's wrapped lines together
    flat = re.sub(r"\s+", "", cells)  # no self-check appendix asked: the words are the 发展党员 chapter's list
    assert "发展党员待处理问题和提醒" in flat and re.sub(r"\s+", "", words) in flat and RULE not in flat
