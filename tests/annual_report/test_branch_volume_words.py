"""A branch's own volume says what the branch is and how its membership changed (trial V, TV-11): a
member moved out by a dated 支部调整 is counted as 调出 (the figures add up: members at the start, plus
the year's 接收 and 调入, minus its 减少 and 调出, are those at its end); the cover names the branch under
its 党委, as the school's volume is named; its 记录起始 is the branch's own, not "全部党支部"."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from tests.annual_report import school_files as sf

TODAY = date(2026, 12, 4)
COMMITTEE = "中共大同市第三中学委员会"
ONE, TWO = "第一党支部（初中部）", "第二党支部"


@pytest.fixture(scope="module")
def school(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    folder = tmp_path_factory.mktemp("branch volume")
    db = folder / "党委.sqlite"
    # 第一党支部: 8 at the start of the year, 1 admitted on 1-15, 1 moved to 第二党支部 on 6-15: 8 at its end
    roster, names = sf.roster(folder / "花名册.xlsx", f"{COMMITTEE}党员花名册", {ONE: 9, TWO: 9},
                              probationary={sf.name(8): "2026-01-15"})
    sf.run(["import", "roster", str(roster), "--db", str(db)])
    moved = names[ONE][3]
    sf.run(["member", "move", "--name", moved, "--on", "2026-06-15", "--to", TWO, "--db", str(db)])
    sf.run(["import", "meetings", str(sf.meetings(folder / "三会一课.xlsx", [
        ("2026-01-10", "主题党日", ONE, "学习党章", 9, ""),
        ("2026-01-10", "主题党日", TWO, "学习党章", 9, ""),
    ])), "--db", str(db)])
    return {"db": db, "moved": moved, "folder": folder}


def _box(data) -> dict[str, str]:  # type: ignore[no-untyped-def]
    from branchdesk.domain.annual_report.chapters import chapters

    return dict(next(c for c in chapters(data) if c.key == "organisation").figures)


def test_a_member_moved_out_is_counted_as_moved_out_of_the_branch(school) -> None:  # type: ignore[no-untyped-def]
    data = sf.gather(school["db"], branch=ONE)
    [row] = data.basic.branches
    assert (row.total, row.new, row.left, row.moved_in, row.moved_out) == (8, 1, 0, 0, 1)
    assert 8 + row.new + row.moved_in - row.left - row.moved_out == row.total
    box = _box(data)
    assert box["党员总数"] == "8名" and box["本年接收预备党员"] == "1名" and box["本年减少"] == "0名"
    assert box["本年调入（支部调整）"] == "0名" and box["本年调出（支部调整）"] == "1名"
    assert "因支部调整调出1名" in data.summaries["basic"]
    two = sf.gather(school["db"], branch=TWO)
    assert (two.basic.total, two.basic.moved_in, two.basic.moved_out) == (10, 1, 0)
    assert _box(two)["本年调入（支部调整）"] == "1名" and "因支部调整调入1名" in two.summaries["basic"]


def test_the_school_table_of_branches_adds_up(school) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.domain.annual_report.tables import branch_table

    data = sf.gather(school["db"])
    table = branch_table(data)
    titles = [c.title for c in table.columns]
    rows = {r[0]: dict(zip(titles, r, strict=True)) for r in table.rows}
    assert (rows[ONE]["调入"], rows[ONE]["调出"]) == (0, 1)
    assert (rows[TWO]["调入"], rows[TWO]["调出"]) == (1, 0)
    assert rows["合计"]["党员人数"] == rows[ONE]["党员人数"] + rows[TWO]["党员人数"] == 18
    assert rows["合计"]["调入"] == rows["合计"]["调出"] == 1 and "支部调整" in table.note
    # within the school a move changes no total: the school's box does not list it
    assert "本年调出（支部调整）" not in _box(data) and "支部调整" not in data.summaries["basic"]


def test_a_volume_without_moves_keeps_its_table(tmp_path: Path) -> None:
    from branchdesk.domain.annual_report.tables import branch_table

    db = tmp_path / "无调整.sqlite"
    roster, _names = sf.roster(tmp_path / "花名册.xlsx", f"{COMMITTEE}党员花名册", {ONE: 3, TWO: 3})
    sf.run(["import", "roster", str(roster), "--db", str(db)])
    data = sf.gather(db, branch=ONE)
    assert "调出" not in [c.title for c in branch_table(data).columns] and not branch_table(data).note
    assert "本年调出（支部调整）" not in _box(data)


def test_the_branch_volume_is_named_under_its_committee_and_its_records_are_its_own(school) -> None:  # type: ignore[no-untyped-def]
    data = sf.gather(school["db"], branch=ONE)
    assert data.organisation == f"{COMMITTEE}{ONE}"
    assert data.meetings.records_from == ["2026年1月1日起（最早的会议记录）"]
    assert sf.gather(school["db"]).organisation == COMMITTEE


def test_the_branch_volume_cover_says_so(school) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.services import session
    from branchdesk.services.annual_report.records import generate_report

    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils not installed")
    out = school["folder"] / "一支部.pdf"
    database = session.open(school["db"], daily_backup=False)
    try:
        generate_report(database, 2026, "pdf", out, branch=ONE, generated_on=TODAY)
    finally:
        database.close()
    cover = subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(out), "-"], capture_output=True, text=True,
                           check=True).stdout.replace(" ", "")
    assert f"党组织：{COMMITTEE}{ONE}" in cover.replace("\n", "")
    assert "记录起始：2026年1月1日起" in cover and "全部党支部" not in cover


def test_the_workbook_writers_agree_on_the_moves(school, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.io.annual_xlsx import write_annual_workbook
    from tests.annual_report import reference_workbook
    from tests.annual_report.test_workbook_streamed import assert_same

    for branch in (None, ONE):
        data = sf.gather(school["db"], branch=branch)
        new, old = tmp_path / f"new{bool(branch)}.xlsx", tmp_path / f"old{bool(branch)}.xlsx"
        write_annual_workbook(data, new)
        reference_workbook.write_annual_workbook(data, old)
        assert_same(new, old)
