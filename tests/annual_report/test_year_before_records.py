"""The volume of a year the ledger does not cover (trial 9, T9-15 and T9-25): a 党委 with three branches,
no 启用日期, whose records start with one branch's first meeting of 2026-01-05; that branch held its
2025年度 组织生活会 and 民主评议 on 2026-01-15. The 2025 volume cannot know whether anything was held as
required in 2025: no "0/0" or "1/0", no 谈心谈话 coverage of 0 and no "各项会议均按规定次数召开"; what was
held for 2025 is shown as held. The 2026 volume of a school with nothing recorded at all claims nothing."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
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


@pytest.fixture(scope="module")
def year_before(school):  # type: ignore[no-untyped-def]
    return sf.gather(school["db"], 2025)


def test_the_summary_claims_nothing_for_a_year_the_ledger_does_not_cover(year_before) -> None:  # type: ignore[no-untyped-def]
    text = year_before.summaries["meetings"]
    assert "均按规定" not in text
    assert "无法" in text and "2026年1月" in text  # says why: the records start later
    # the two sittings held for 2025 are named, not hidden behind five zeros
    assert "组织生活会1次" in text and "民主评议党员1次" in text and "共召开会议1次" in text
    # the branches with no record are not counted as having held nothing
    assert f"{ONE}、{RETIRED}尚无会议记录" in text


def test_the_summary_claims_nothing_when_nothing_was_recorded(school) -> None:  # type: ignore[no-untyped-def]
    text = sf.gather(school["empty"], 2026).summaries["meetings"]
    assert "均按规定" not in text
    assert "0次" not in text  # nothing recorded is not "none held"
    assert "没有会议记录" in text and "无法判断" in text


def test_a_running_year_claims_only_what_is_due_and_names_the_branches_without_records(school) -> None:  # type: ignore[no-untyped-def]
    text = sf.gather(school["db"], 2026).summaries["meetings"]
    assert "各项会议均按规定次数召开" not in text
    assert f"{ONE}、{RETIRED}尚无会议记录" in text
def test_the_key_figures_of_a_year_before_the_records_read_unknown(year_before) -> None:  # type: ignore[no-untyped-def]
    figures = {label: value for label, value, _kind in year_before.key_figures()}
    for kind in ("支部党员大会", "支部委员会", "党小组会", "党课", "主题党日"):
        assert figures[f"{kind}（已开/应开）"] == "—"
    # held for 2025 (所属期间 2025年度), reads as held; what was required cannot be known
    assert figures["组织生活会（已开/应开）"] == "1/—"
    assert figures["民主评议党员（已开/应开）"] == "1/—"
    assert figures["各项会议未按规定召开（期）"] == "—"


def test_the_chapters_say_the_same(year_before) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.domain.annual_report.chapters import chapters

    found = {c.key: c for c in chapters(year_before)}
    life = dict(found["life"].figures)
    assert life["组织生活会（已开/应开）"] == "1/—" and life["未按规定召开（期）"] == "—"
    # nothing recorded for 2025: the chapter says the year is not in the ledger, not that nothing was entered
    assert not found["three"].figures and "不在台账记录期间" in found["three"].empty


def test_talks_that_cannot_be_known_are_not_a_coverage_of_0(year_before, school) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.io.annual_xlsx import write_annual_workbook

    path = school["folder"] / "2025.xlsx"
    write_annual_workbook(year_before, path)
    book = openpyxl.load_workbook(path)
    rows = [r for r in book["组织生活会与民主评议"].iter_rows(values_only=True) if any(v is not None for v in r)]
    header = next(r for r in rows if r[0] == "党支部")
    by_branch = {r[0]: dict(zip(header, r, strict=False)) for r in rows if r[0] in (ONE, TWO, RETIRED)}
    for branch in (ONE, TWO, RETIRED):
        assert by_branch[branch]["谈心谈话覆盖率"] == "—"
        assert by_branch[branch]["谈心谈话已覆盖（项）"] == "—"
    assert by_branch[TWO]["组织生活会"] == 1 and by_branch[ONE]["组织生活会"] == "—"
    assert "无法判断" in str(rows[1][0])  # the note says what "—" means
    # the branches' committees and calendars: nothing required that can be known, not "0/0"
    committees = [r for r in book["支部委员会"].iter_rows(values_only=True) if r[0] in (ONE, TWO, RETIRED)]
    assert [r[-1] for r in committees] == ["—"] * 3
    calendar = [r for r in book["三会一课"].iter_rows(values_only=True) if r[0] in (ONE, TWO, RETIRED)]
    header = next(r for r in book["三会一课"].iter_rows(values_only=True) if r[0] == "党支部")
    for row in calendar:
        cells = dict(zip(header, row, strict=False))
        assert cells["规定应开"] == "—" and cells["未完成"] == "—"


def test_a_branch_with_no_record_is_said_to_have_none_once(school) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.services import session
    from branchdesk.services.annual_report.records import gather_report

    database = session.open(school["db"], daily_backup=False)
    try:
        text = gather_report(database, 2026, branch=ONE, generated_on=TODAY).summaries["meetings"]
    finally:
        database.close()
    assert text == f"{ONE}尚无会议记录，其会议召开情况无法判断。"
