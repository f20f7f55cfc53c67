"""A year's volume names a 党小组 by its name of that year (trial TY-5: the 2026 volume made again after a
2027 rename printed the 2027 name), and tells a rename within the year once, in the 党员名册."""

from __future__ import annotations

from datetime import date

from branchdesk.domain.annual_report.tables import roster_table
from branchdesk.services.annual_report.records import gather_report
from branchdesk.services.roster.organisation import rename_org
from tests.meetings.helpers import make_branch

NOTE = "本年更名的党小组：语文党小组（后更名为高一语文党小组）。"


def test_the_volume_of_a_year_prints_that_years_name(db) -> None:  # type: ignore[no-untyped-def]
    made = make_branch(db)
    rename_org(db, made.group_ids["语文党小组"], "高一语文党小组", date(2026, 9, 1))
    before = gather_report(db, 2025, generated_on=date(2026, 12, 5))
    assert {r.group for r in before.basic.roster} - {""} == {"语文党小组", "数学党小组"}
    assert before.basic.renamed_groups == [] and NOTE not in roster_table(before).note
    # the volume of the rename's year: the name of its day in every row, the rename told once
    during = gather_report(db, 2026, generated_on=date(2026, 12, 5))
    assert {r.group for r in during.basic.roster} - {""} == {"高一语文党小组", "数学党小组"}
    assert during.basic.renamed_groups == ["语文党小组（后更名为高一语文党小组）"]
    assert roster_table(during).note.count("后更名为") == 1 and NOTE in roster_table(during).note
    # a volume made on a day before the rename (within the year) still prints the old name
    summer = gather_report(db, 2026, generated_on=date(2026, 8, 31))
    assert {r.group for r in summer.basic.roster} - {""} == {"语文党小组", "数学党小组"} and summer.basic.renamed_groups == []


def test_the_pdf_tells_the_rename_where_it_names_the_organisation(db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The PDF volume has no 党员名册, so the note under it (workbook only) never reached the printed volume:
    the 组织概况 chapter says it (NOTE12 "Left", rename)."""
    import re
    import shutil
    import subprocess

    import pytest

    from branchdesk.services.annual_report.records import generate_report

    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils not installed")
    made = make_branch(db)
    rename_org(db, made.group_ids["语文党小组"], "高一语文党小组", date(2026, 9, 1))
    path = tmp_path / "年报.pdf"
    generate_report(db, 2026, "pdf", path, generated_on=date(2026, 12, 5))
    text = re.sub(r"\s+", "", subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                                             check=True).stdout)
    assert NOTE in text
    assert text.index(NOTE) < text.rindex("各党支部党员情况"), "said in 组织概况, over its first table"
    before = tmp_path / "2025.pdf"
    generate_report(db, 2025, "pdf", before, generated_on=date(2026, 12, 5))
    assert "后更名为" not in subprocess.run(["pdftotext", str(before), "-"], capture_output=True, text=True,
                                             check=True).stdout


def test_a_renamed_branch_is_told_once_over_the_branch_table(db) -> None:  # type: ignore[no-untyped-def]
    """A 党支部 renamed within the year (NOTE12 "Left"): the volume names it by its name on the volume's day, and
    says once what it was called before — in the 各党支部党员情况 note, which the workbook and the PDF both print."""
    from branchdesk.domain.annual_report.tables import branch_table

    made = make_branch(db)
    rename_org(db, made.id, "高一党支部", date(2026, 9, 1), today=date(2026, 9, 1))
    told = "本年更名的党支部：高一年级党支部（后更名为高一党支部）。"
    during = gather_report(db, 2026, generated_on=date(2026, 12, 5))
    assert during.basic.renamed_branches == ["高一年级党支部（后更名为高一党支部）"]
    assert branch_table(during).note.count(told) == 1
    assert [b.branch for b in during.basic.branches] == ["高一党支部", "退休教师党支部"]
    later = gather_report(db, 2027, generated_on=date(2027, 3, 1))
    assert later.basic.renamed_branches == [] and "更名" not in branch_table(later).note


def test_the_volume_of_a_past_year_names_the_branch_by_that_years_name(db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The 2025 volume made after a 2026 rename named the 党支部 by its 2026 name everywhere (its title, every
    table, the paragraphs) and told a "rename" that was not that year's: it is the name in force in 2025."""
    import re
    import shutil
    import subprocess

    import pytest

    from branchdesk.domain.annual_report.tables import branch_table
    from branchdesk.services.annual_report.records import generate_report
    from tests.meetings.test_sitting_not_yet_held import _congress

    made = make_branch(db)
    _congress(db, made.id, date(2025, 3, 10))
    rename_org(db, made.id, "高一党支部", date(2026, 9, 1), today=date(2026, 9, 1))
    before = gather_report(db, 2025, generated_on=date(2026, 12, 5))
    assert [b.branch for b in before.basic.branches] == ["高一年级党支部", "退休教师党支部"]
    assert {r.branch for r in before.meetings.rows} == {"高一年级党支部", "退休教师党支部"}
    assert {r.branch for r in before.meetings.register} == {"高一年级党支部"}
    assert {m.branch for m in before.basic.roster} == {"高一年级党支部", "退休教师党支部"}
    assert before.basic.renamed_branches == [] and "更名" not in branch_table(before).note
    assert "高一党支部" not in "".join(before.summaries.values())
    alone = gather_report(db, 2025, branch="高一党支部", generated_on=date(2026, 12, 5))
    assert alone.scope == "高一年级党支部" and alone.organisation == "中共测试中学委员会高一年级党支部"
    assert alone.branch == "高一党支部"  # asked by today's name
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils not installed")
    path = tmp_path / "2025.pdf"
    generate_report(db, 2025, "pdf", path, generated_on=date(2026, 12, 5))
    text = re.sub(r"\s+", "", subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                                             check=True).stdout)
    assert "高一年级党支部" in text and "高一党支部" not in text
