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
