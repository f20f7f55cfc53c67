"""The note on months outside the records names the branch whose records start later (trial V, TV-13):
"第三党支部（退休）台账自2026年9月1日起……", not a bare "台账自2026年9月1日起" that reads as the school's;
and it is printed only under a table that has a "—" (the 汇总 sheet's months of all branches have none
when another branch covers them)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest

from tests.annual_report import school_files as sf

TODAY = date(2026, 12, 4)
COMMITTEE = "中共大同市第三中学委员会"
ONE, RETIRED = "第一党支部（初中部）", "第三党支部（退休）"


@pytest.fixture(scope="module")
def school(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("records span")
    db = folder / "党委.sqlite"
    roster, _names = sf.roster(folder / "花名册.xlsx", f"{COMMITTEE}党员花名册", {ONE: 3, RETIRED: 3})
    sf.run(["import", "roster", str(roster), "--db", str(db)])
    rows = [(f"2026-{month:02d}-10", "主题党日", ONE, "学习", 3, "") for month in range(1, 12)]
    rows += [(f"2026-{month:02d}-12", "主题党日", RETIRED, "学习", 3, "") for month in range(9, 12)]
    sf.run(["import", "meetings", str(sf.meetings(folder / "三会一课.xlsx", rows)), "--db", str(db)])
    return db


def test_the_note_names_the_branch_whose_records_start_later(school) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.domain.annual_report.tables import meetings_table

    data = sf.gather(school)
    note = data.meetings.coverage_note()
    assert note == f"{RETIRED}台账自2026年9月1日起，此前的月份不在台账记录期间，显示为“—”（不表示未召开）。"
    assert note in meetings_table(data).note
    # its own volume need not name it
    own = sf.gather(school, branch=RETIRED).meetings.coverage_note()
    assert own == "台账自2026年9月1日起，此前的月份不在台账记录期间，显示为“—”（不表示未召开）。"
    assert sf.gather(school, branch=ONE).meetings.coverage_note() == ""


def test_the_summary_sheet_prints_the_note_only_under_months_with_a_dash(school, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.io.annual_xlsx import write_annual_workbook

    def summary_text(data) -> str:  # type: ignore[no-untyped-def]
        out = tmp_path / f"{data.scope}.xlsx"
        write_annual_workbook(data, out)
        sheet = openpyxl.load_workbook(out)["汇总"]
        return "\n".join(str(v) for row in sheet.iter_rows(values_only=True) for v in row if v is not None)

    whole = summary_text(sf.gather(school))  # 第一党支部 covers every month: no "—" among the school's months
    assert "不在台账记录期间" not in whole
    retired = summary_text(sf.gather(school, branch=RETIRED))  # January to August read "—"
    assert "台账自2026年9月1日起，此前的月份不在台账记录期间" in retired


def test_the_reference_writers_agree(school, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.io.annual_xlsx import write_annual_workbook
    from tests.annual_report import reference_workbook
    from tests.annual_report.test_workbook_streamed import assert_same

    for branch in (None, RETIRED):
        data = sf.gather(school, branch=branch)
        new, old = tmp_path / f"new{bool(branch)}.xlsx", tmp_path / f"old{bool(branch)}.xlsx"
        write_annual_workbook(data, new)
        reference_workbook.write_annual_workbook(data, old)
        assert_same(new, old)
