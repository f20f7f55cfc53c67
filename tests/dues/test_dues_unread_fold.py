"""A 登记簿 (the wide 党费收缴登记簿) whose months are marked "√" and whose monthly amount stands in a
column headed "实缴（元）" or "缴纳金额": that column is not read (it may as well be the year's 合计, so
nothing is stored under a guess), and the rows' problems it causes — each "√" without an amount — are
one line naming her column and what to head it, as the roster and 缴费基数 imports say since TL-17
(ImportReport.add_unread, the one shared fold). Before, the column was a warning with a wrong guess
(缴纳类别) and every month of every row was two problems ("只写了“已交”…" and "请填写交纳金额")."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from branchdesk.domain.dues.months import Month
from branchdesk.domain.dues.settings import DuesSettings
from branchdesk.services.dues.excel import import_dues
from branchdesk.services.dues.records import save_settings
from tests.dues.dues_sheets import header_ledger
from tests.meetings.helpers import BRANCH, make_branch

PEOPLE = ["王书记", "李组织", "张宣传", "赵一", "钱二", "孙三"]
TODAY = date(2026, 3, 10)


def _book(path: Path, amount_head: str) -> Path:
    """Her 登记簿: a title, 姓名 | 所在党支部 | her amount column | 1月 … 12月, January and February ticked."""
    top = ["序号", "姓名", "所在党支部", amount_head] + [f"{m}月" for m in range(1, 13)]
    rows = [[i, name, BRANCH, 30, "√", "√"] + [None] * 10 for i, name in enumerate(PEOPLE, start=1)]
    return header_ledger(path, [top], rows, titles=("宁远县第三中学2026年党费收缴登记簿",))


@pytest.mark.parametrize("head", ["实缴（元）", "缴纳金额"])
def test_the_rows_problems_of_her_unread_amount_column_are_one_line(db, tmp_path: Path, head: str) -> None:  # type: ignore[no-untyped-def]
    make_branch(db)  # no 缴费基数 registered: a "√" has no amount but the one her column gives
    save_settings(db, DuesSettings(start=Month(2025, 1)))
    report = import_dues(db, _book(tmp_path / "2026年党费登记簿.xlsx", head), today=TODAY)
    assert not report.ok
    written = head.replace("（", "(").replace("）", ")")  # the header as the reader cleans it
    (line,) = [str(p) for p in report.problems]
    assert line.startswith(f"文件：“{written}”（D 列）没有读取，"), line
    assert "只写了“已交”，没有金额，没有填写“月应交”" in line, line
    assert line.endswith("如这一列就是月应交，请把表头改为“月应交”后重新导入"), line
    assert not any("请填写交纳金额" in str(p) for p in report.problems)
    assert [w for w in report.warnings if written in w] == [
        f"“{written}”（D 列）有 6 行填写了内容，不是本表导入的项目，这一列没有导入；"
        "如这一列就是“月应交”，请把表头改为“月应交”后重新导入"]
    fixed = import_dues(db, _book(tmp_path / "改.xlsx", "月应交"), today=TODAY)  # as the line says
    assert fixed.ok and fixed.created == 12, fixed.to_text()
