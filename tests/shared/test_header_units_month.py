"""A month column's own unit is 月: "党费月份（月）" is the 党费 import's 月份 column, as "党费月份" is (review
13-2, F6). The kind of a column was chosen by any word of its name, so 党费 made "党费月份" an amount whose own
unit is 元 and "(月)" was left on — the column was not read and every row refused. A name says what it holds
by the word it ends with (党费月份 is a month, 月应交党费 an amount, 党费比例 a 比例); a month's own column
("3月份（元）", a wide ledger's month holding the amount paid) is no month column and keeps 元 read off."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from branchdesk.domain.dues.months import Month
from branchdesk.io.xlsx_header import clean_header, unit_problem
from branchdesk.services.dues.excel import import_dues
from branchdesk.services.dues.records import list_payments
from tests.dues.dues_fixtures import make_dues_branch
from tests.dues.dues_sheets import long_ledger


@pytest.mark.parametrize(("written", "read"), [
    ("党费月份（月）", "党费月份"), ("党费月份(月)", "党费月份"), ("所属月份（月）", "所属月份"), ("月份（月）", "月份"),
    ("缴费月份（月）", "缴费月份"),
    # the word a name ends with says what it holds
    ("月应交党费（元）", "月应交党费"), ("党费比例（%）", "党费比例"), ("党费金额（元）", "党费金额"),
    ("学时数（课时）", "学时数"), ("应交标准（元）", "应交标准"),
    # a month's own column holds an amount: 元 is read off, as before
    ("3月份（元）", "3月份"), ("十二月份（元）", "十二月份"), ("2025年3月份（元）", "2025年3月份"), ("3月（元）", "3月"),
    # not a month's unit: left as written
    ("党费月份（元）", "党费月份(元)"), ("党费月份（人）", "党费月份(人)"),
])
def test_a_month_columns_own_unit_is_the_month(written: str, read: str) -> None:
    assert clean_header(written) == read


def test_a_month_column_in_another_unit_is_said_plainly() -> None:
    assert unit_problem("党费月份（元）") == "单位“元”不是月份的单位（月份以月为单位），请按月填写后把表头改为“党费月份”"
    assert unit_problem("党费月份（月）") == ""


def test_a_ledger_with_dues_month_in_months_is_read(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    make_dues_branch(db)
    path = long_ledger(tmp_path / "明细.xlsx", ("序号", "党员姓名", "党费月份（月）", "实交党费（元）", "交纳日期"), [
        (1, "李组织", "2025-03", 48, "2025年3月12日"),
    ])
    report = import_dues(db, path, today=date(2026, 1, 10))
    assert report.ok and report.created == 1, report.to_text()
    assert [p.months for p in list_payments(db, year=2025)] == [(Month(2025, 3),)]
