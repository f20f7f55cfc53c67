"""The volume of a year the ledger does not cover (trial 9, T9-15 and T9-25): a 党委 with three branches,
no 启用日期, whose records start with one branch's first meeting of 2026-01-05; that branch held its
2025年度 组织生活会 and 民主评议 on 2026-01-15. The 2025 volume cannot know whether anything was held as
required in 2025: no "0/0" or "1/0", no 谈心谈话 coverage of 0 and no "各项会议均按规定次数召开"; what was
held for 2025 is shown as held. The 2026 volume of a school with nothing recorded at all claims nothing."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tests.annual_report import school_files as sf

TODAY = date(2026, 12, 4)
COMMITTEE = "中共大同市第二中学校委员会"
ONE, TWO, RETIRED = "第一党支部（高一年级）", "第二党支部（初中部）", "退休党支部"


@pytest.fixture(scope="module")
def school(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("before records")
    db = folder / "党委.sqlite"
    roster, _names = sf.roster(folder / "花名册.xlsx", f"{COMMITTEE}党员花名册", {ONE: 9, TWO: 9, RETIRED: 9})
    sf.run(["import", "roster", str(roster), "--db", str(db)])
    sf.run(["import", "meetings", str(sf.meetings(folder / "三会一课.xlsx", [
        ("2026-01-05", "主题党日", TWO, "学习党章", 9, ""),
        ("2026-01-15", "组织生活会、民主评议党员", TWO, "2025年度组织生活会", 9, "2025年度"),
        ("2026-02-10", "主题党日", TWO, "学习条例", 9, ""),
    ])), "--db", str(db)])
    empty = folder / "空.sqlite"
    sf.run(["import", "roster", str(roster), "--db", str(empty)])
    return {"db": db, "empty": empty, "folder": folder}


def _gather(path: Path, year: int):  # type: ignore[no-untyped-def]
    from branchdesk.services import session
    from branchdesk.services.annual_report.records import gather_report

    database = session.open(path, daily_backup=False)
    try:
        return gather_report(database, year, generated_on=TODAY)
    finally:
        database.close()


@pytest.fixture(scope="module")
def year_before(school):  # type: ignore[no-untyped-def]
    return _gather(school["db"], 2025)


def test_the_summary_claims_nothing_for_a_year_the_ledger_does_not_cover(year_before) -> None:  # type: ignore[no-untyped-def]
    text = year_before.summaries["meetings"]
    assert "均按规定" not in text
    assert "无法" in text and "2026年1月" in text  # says why: the records start later
    # the two sittings held for 2025 are named, not hidden behind five zeros
    assert "组织生活会1次" in text and "民主评议党员1次" in text and "共1次会议" in text
    # the branches with no record are not counted as having held nothing
    assert f"{ONE}、{RETIRED}尚无会议记录" in text


def test_the_summary_claims_nothing_when_nothing_was_recorded(school) -> None:  # type: ignore[no-untyped-def]
    text = _gather(school["empty"], 2026).summaries["meetings"]
    assert "均按规定" not in text
    assert "0次" not in text  # nothing recorded is not "none held"
    assert "没有会议记录" in text and "无法判断" in text


def test_a_running_year_claims_only_what_is_due_and_names_the_branches_without_records(school) -> None:  # type: ignore[no-untyped-def]
    text = _gather(school["db"], 2026).summaries["meetings"]
    assert "各项会议均按规定次数召开" not in text
    assert f"{ONE}、{RETIRED}尚无会议记录" in text
