"""Trial L, TL-6: a school with one 党支部 keeps ledgers without a 所在党支部 column — the branch's own ledger
names it in its title. With exactly one branch in the database such a ledger goes to that branch and the
report says so; with several the column is still required (services.one_branch)."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from branchdesk.domain.vocabulary import OrgKind
from branchdesk.services.development import records as dev
from branchdesk.services.development.excel import import_development
from branchdesk.services.meetings.excel import import_meetings
from branchdesk.services.roster.excel import import_roster
from branchdesk.services.roster.organisation import create_org
from branchdesk.services.roster.records import list_members
from tests.development.test_development_teacher_headers import HEADER, TODAY, _ledger, _rows
from tests.roster.trial_l_roster import write_roster

NOTE = "文件中没有“所在党支部”列：本校只有一个党支部，"


def _without_branch(path: Path) -> Path:
    header = [h for h in HEADER if h != "所在支部"]
    at = HEADER.index("所在支部")
    return _ledger(path, header, [[v for i, v in enumerate(row) if i != at] for row in _rows()])


def _meetings(path: Path) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["宁远县第三中学第二党支部2026年三会一课记录"])
    sheet.append(["会议日期", "会议类型", "会议主题", "主持人", "记录人", "应到", "实到", "会议内容"])
    sheet.append(["2026.3.5", "支部委员会", "研究三月工作", "张伟", "王芳", 5, 5, "研究发展党员工作"])
    sheet.append(["2026年3月26日", "支部党员大会", "学习全会精神", "张伟", "王芳", 10, 9, "传达学习"])
    book.save(path)
    return path


@pytest.fixture
def one_branch(db):  # type: ignore[no-untyped-def]
    committee = create_org(db, "中共宁远县第三中学委员会", OrgKind.COMMITTEE)
    create_org(db, "第二党支部", OrgKind.BRANCH, committee.id)
    return db


def test_a_ledger_without_the_column_goes_to_the_only_branch(one_branch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    report = import_development(one_branch, _without_branch(tmp_path / "发展.xlsx"), today=TODAY)
    assert report.ok and report.created == 2, report.to_text()
    assert {c.branch for c in dev.list_cases(one_branch)} == {"第二党支部"}
    assert any(n.startswith(NOTE) and "“第二党支部”" in n and "2 行" in n for n in report.notes), report.notes
    meetings = import_meetings(one_branch, _meetings(tmp_path / "三会一课.xlsx"))
    assert meetings.ok and meetings.created == 2, meetings.to_text()
    assert any(n.startswith(NOTE) for n in meetings.notes), meetings.notes


def test_the_roster_again_without_the_column(one_branch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert import_roster(one_branch, write_roster(tmp_path / "花名册.xlsx"), create_orgs=True).ok
    again = import_roster(one_branch, write_roster(tmp_path / "花名册2.xlsx", branch_column=False))
    assert again.ok and again.unchanged == 10, again.to_text()
    assert {m.branch for m in list_members(one_branch)} == {"第二党支部"}


def test_with_several_branches_the_column_is_required(one_branch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    create_org(one_branch, "第一党支部", OrgKind.BRANCH)
    report = import_development(one_branch, _without_branch(tmp_path / "发展.xlsx"), today=TODAY)
    assert not report.ok and "所在党支部" in report.to_text()
    assert dev.list_cases(one_branch) == []


def test_a_blank_cell_in_the_column_is_still_an_error(one_branch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    rows = _rows()
    rows[1][HEADER.index("所在支部")] = None
    report = import_development(one_branch, _ledger(tmp_path / "发展.xlsx", HEADER, rows), today=TODAY)
    assert not report.ok and "所在党支部" in report.to_text()


def test_her_first_roster_takes_the_branch_its_title_names(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    report = import_roster(db, write_roster(tmp_path / "花名册.xlsx", branch_column=False))
    assert report.ok and report.created == 10, report.to_text()
    assert {m.branch for m in list_members(db)} == {"第二党支部"}
    assert "文件中没有“所在党支部”列：表格标题写明了党支部，全部 10 行按“第二党支部”导入" in report.notes


def test_a_first_roster_whose_title_names_no_branch_needs_the_column(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = write_roster(tmp_path / "花名册.xlsx", branch_column=False, title="宁远县第三中学党员花名册")
    report = import_roster(db, path)
    assert not report.ok and "缺少必需的列：所在党支部" in report.to_text()
    assert list_members(db) == []


def test_a_ledger_of_monthly_sheets_says_it_once(one_branch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Re-trial 12, N-6: one sheet a month, none with the column — one line for the file, naming the sheets,
    not twelve lines "工作表“1月”文件中没有……"."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for month in (1, 2, 3):
        sheet = book.create_sheet(f"{month}月")
        sheet.append([f"宁远县第三中学第二党支部2026年{month}月三会一课记录"])
        sheet.merge_cells("A1:H1")
        sheet.append(["会议日期", "会议类型", "会议主题", "主持人", "记录人", "应到", "实到", "会议内容"])
        sheet.append([f"2026.{month}.5", "支部委员会", f"研究{month}月工作", "张伟", "王芳", 5, 5, "研究工作"])
        if month == 2:
            sheet.append(["2026年2月26日", "支部党员大会", "学习全会精神", "张伟", "王芳", 10, 9, "传达学习"])
    path = tmp_path / "2026年三会一课记录.xlsx"
    book.save(path)
    report = import_meetings(one_branch, path, dry_run=True)
    assert report.ok and report.created == 4, report.to_text()
    said = [n for n in report.notes if "所在党支部" in n]
    assert said == [f"{NOTE}3 个工作表（“1月”、“2月”、“3月”）共 4 行按“第二党支部”导入"], said
