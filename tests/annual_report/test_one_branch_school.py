"""A school with one 党支部 and no 党委 or 党总支 (trial 9, T9-11): the roster's title is
"中共青山镇学校支部委员会党员花名册", the import says the school has only a branch, and the volume is titled
for that branch as its own volume is ("中共青山镇学校党支部") — never for a 党委 that does not exist (domain.md §1:
a 党支部 is not a 党委; nothing invented)."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from tests.annual_report import school_files as sf

BRANCH = "青山镇学校党支部"
OWN = f"中共{BRANCH}"
INVENTED = "中共青山镇学校委员会"


@pytest.fixture(scope="module")
def school(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("one branch")
    db = folder / "青山镇.sqlite"
    roster, _names = sf.roster(folder / "花名册.xlsx", "中共青山镇学校支部委员会党员花名册", {BRANCH: 8})
    said = sf.run(["import", "roster", str(roster), "--db", str(db)])
    assert "本校只设党支部" in said
    return db


def test_the_scope_and_the_volume_name_the_branch(school: Path) -> None:
    from branchdesk.services import session
    from branchdesk.services.annual_report.records import gather_report, scope_names

    database = session.open(school, daily_backup=False)
    try:
        assert scope_names(database) == (OWN, [BRANCH])
        data = gather_report(database, 2026, generated_on=date(2026, 12, 4))
        mine = gather_report(database, 2026, branch=BRANCH, generated_on=date(2026, 12, 4))
    finally:
        database.close()
    assert data.organisation == OWN == mine.organisation
    assert INVENTED not in "".join(data.summaries.values())
    assert "下设党支部" not in data.summaries["basic"]  # the branch is the top: nothing is set up under it


def test_the_workbook_and_the_pdf_cover_name_the_branch(school: Path, tmp_path: Path) -> None:
    from branchdesk.services import session
    from branchdesk.services.annual_report.records import generate_report

    database = session.open(school, daily_backup=False)
    try:
        generate_report(database, 2026, "xlsx", tmp_path / "年报.xlsx", generated_on=date(2026, 12, 4))
        generate_report(database, 2026, "pdf", tmp_path / "年报.pdf", generated_on=date(2026, 12, 4))
    finally:
        database.close()
    book = openpyxl.load_workbook(tmp_path / "年报.xlsx")
    first = [str(v) for row in book["汇总"].iter_rows(max_row=2, values_only=True) for v in row if v]
    assert first[0] == f"{OWN}2026年度党建工作台账汇编" and f"组织：{OWN}" in first[1]
    text = "".join(str(v) for sheet in book for row in sheet.iter_rows(values_only=True) for v in row if v)
    assert INVENTED not in text
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils not installed")
    cover = subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(tmp_path / "年报.pdf"), "-"], capture_output=True,
                           text=True, check=True).stdout.replace(" ", "").replace("\n", "")
    assert OWN in cover and f"党组织：{OWN}" in cover and INVENTED not in cover


def test_branches_with_nothing_recorded_above_them_are_not_given_a_committee(tmp_path: Path) -> None:
    from branchdesk.services import session
    from branchdesk.services.annual_report.records import gather_report
    from branchdesk.services.roster.organisation import SchoolInfo, save_school_info

    db = tmp_path / "两个支部.sqlite"
    roster, _names = sf.roster(tmp_path / "花名册.xlsx", "党员花名册", {"第一党支部": 3, "第二党支部": 3})
    sf.run(["import", "roster", str(roster), "--db", str(db)])
    database = session.open(db, daily_backup=False)
    try:
        save_school_info(database, SchoolInfo("青山镇学校", None))
        data = gather_report(database, 2026, generated_on=date(2026, 12, 4))
    finally:
        database.close()
    assert data.organisation == "青山镇学校各党支部"
