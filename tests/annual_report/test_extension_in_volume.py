"""TY-18: a 延长预备期 is in the volume's registers, not only a count. The 支部大会's decision — its date, the
months, the new end of probation and the reason — is what the 党委 checks such a case against (domain.md §4:
probation extended once, 6 months to one year, 细则 第三十一条): the 发展党员台账 has a column for it and the
发展党员过程 (逐人逐环节) lists the decision among the steps — the workbook has both, the PDF its 过程."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from branchdesk.db.engine import Database
from branchdesk.domain.annual_report.records import AnnualReportData
from branchdesk.domain.annual_report.tables import development_register_table, development_table
from branchdesk.services.annual_report.records import gather_report, generate_report
from branchdesk.services.development import records as dev
from tests.annual_report.test_development_as_it_stood import _branch, _probationer

D = date
REASON = "理论学习不够深入，需继续考察"
DECISION = "2025-04-10 支部大会决定延长预备期6个月，预备期至2025-10-10（理由：理论学习不够深入，需继续考察）"
CELL = "2025-04-10决定，延长6个月至2025-10-10"


def _extended(db: Database) -> None:
    _branch(db)
    case_id = _probationer(db)  # admitted 2024-04-10: probation ends 2025-04-10
    dev.set_extension(db, case_id, 6, D(2025, 4, 10), REASON)


def _row(table, name: str = "赵婷") -> dict[str, object]:  # type: ignore[no-untyped-def]
    [row] = [r for r in table.rows if name in r]
    return dict(zip([c.title for c in table.columns], row, strict=True))


def test_the_register_and_the_ledger_carry_the_decision(db) -> None:  # type: ignore[no-untyped-def]
    _extended(db)
    data: AnnualReportData = gather_report(db, 2025, generated_on=D(2025, 6, 1))
    assert data.development.flow_value("延长预备期") == 1
    assert _row(development_table(data))["延长预备期"] == CELL
    steps = str(_row(development_register_table(data))["各环节及日期"]).split("\n")
    assert DECISION in steps and steps.index(DECISION) == len(steps) - 1  # after 入党宣誓, where 转正 would come
    # the year before it was decided, nothing of it
    before = gather_report(db, 2024, generated_on=D(2025, 6, 1))
    assert _row(development_table(before))["延长预备期"] in ("", None)
    assert "延长" not in str(_row(development_register_table(before))["各环节及日期"])


def test_an_extension_without_its_day_or_reason_says_so(db) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from branchdesk.db.models import DevRecord

    _extended(db)
    with db.session() as session:  # as an older ledger import may have left it
        for record in session.scalars(select(DevRecord)):
            record.extension_on, record.extension_reason = None, ""
    data = gather_report(db, 2025, generated_on=D(2025, 6, 1))
    assert _row(development_table(data))["延长预备期"] == "决定日期未填，延长6个月至2025-10-10"
    steps = str(_row(development_register_table(data))["各环节及日期"])
    assert "（日期未填）支部大会决定延长预备期6个月，预备期至2025-10-10（理由未填）" in steps


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_workbook_and_pdf_print_it(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _extended(db)
    day = D(2025, 6, 1)
    generate_report(db, 2025, "xlsx", tmp_path / "台账.xlsx", generated_on=day)
    generate_report(db, 2025, "pdf", tmp_path / "台账.pdf", generated_on=day)
    wb = load_workbook(tmp_path / "台账.xlsx", read_only=True)
    cells = {str(c) for name in ("发展党员台账", "发展党员过程") for row in wb[name].iter_rows(values_only=True)
             for c in row if c}
    assert CELL in cells and any(DECISION in c for c in cells)
    text = subprocess.run(["pdftotext", "-raw", str(tmp_path / "台账.pdf"), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert re.sub(r"\s+", "", DECISION) in re.sub(r"\s+", "", text)  # the PDF lists the case in its 过程


def test_the_two_dates_of_one_full_membership_are_named_apart(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """TY-11: the 转正日期 (end of probation, 党龄 counts from it: domain.md §4 step 24) and the day the 上级党委
    approved it are two dates; the ledger names each, and says which one the 党员名册 holds."""
    from branchdesk.domain.annual_report.tables import roster_table
    from tests.annual_report.test_development_as_it_stood import _full_in_2025

    _branch(db)
    _full_in_2025(db, _probationer(db))  # 支部大会 2025-04-10 at the end of probation, approved 2025-04-20
    data = gather_report(db, 2025, generated_on=D(2025, 12, 31))
    ledger = _row(development_table(data))
    assert (ledger["转正日期"], ledger["转正审批日期"]) == (D(2025, 4, 10), D(2025, 4, 20))
    assert "转正" not in [c.title for c in development_table(data).columns]
    assert _row(roster_table(data))["转正日期"] == D(2025, 4, 10)
    assert "党龄自此日算起" in development_table(data).note and "党员名册" in development_table(data).note
    steps = str(_row(development_register_table(data))["各环节及日期"]).split("\n")
    assert "2025-04-20 上级党委审批转正（转正日期 2025-04-10）" in steps
    generate_report(db, 2025, "xlsx", tmp_path / "台账.xlsx", generated_on=D(2025, 12, 31))
    wb = load_workbook(tmp_path / "台账.xlsx", read_only=True)
    rows = [r for r in wb["发展党员台账"].iter_rows(values_only=True)]
    header = next(r for r in rows if r and "姓名" in r)
    assert "转正日期" in header and "转正审批日期" in header
    if shutil.which("pdftotext"):
        generate_report(db, 2025, "pdf", tmp_path / "台账.pdf", generated_on=D(2025, 12, 31))
        text = subprocess.run(["pdftotext", "-raw", str(tmp_path / "台账.pdf"), "-"], capture_output=True,
                              text=True, check=True).stdout
        assert "2025-04-20上级党委审批转正（转正日期2025-04-10）" in re.sub(r"\s+", "", text)
