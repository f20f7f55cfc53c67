"""Trial R TR-11: her 整改台账's 问题来源 "2025年度组织生活会" was refused (not read as 组织生活会查摆, as "上级检查反馈" is
上级检查), and once imported, the volume's 整改台账 row gave the ledger's source (the first row's) to problems that
came from three sources. A year around a known word is that word; each problem keeps its own source and the
ledger's row lists them all."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from branchdesk.domain.rectification.editing import LedgerInput
from branchdesk.domain.synonyms import PROBLEM_SOURCE
from branchdesk.services.annual_report.rectification import rectification_section
from branchdesk.services.rectification import records as rect
from branchdesk.services.rectification.excel import import_rectification
from tests.xlsx_factory import make_workbook

TITLE = "第一党支部2026年问题整改台账"


@pytest.mark.parametrize(("written", "entry"), [
    ("2025年度组织生活会", "组织生活会查摆"), ("组织生活会（2025年度）", "组织生活会查摆"), ("2026年上级检查反馈", "上级检查"),
    ("2025年民主评议", "民主评议"), ("2025年度", None), ("组织生活会", "组织生活会查摆")])
def test_a_year_around_a_known_source_is_that_source(written: str, entry: str | None) -> None:
    assert PROBLEM_SOURCE.lookup(written) == entry


def test_each_problem_keeps_its_own_source_in_the_volume(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    rect.create_ledger(db, LedgerInput(TITLE, "组织生活会查摆", None, date(2026, 1, 22), date(2026, 12, 31)))
    path = make_workbook(tmp_path / "整改.xlsx", ["序号", "问题来源", "问题描述", "整改措施", "责任人", "完成时限"], [
        [1, "2025年度组织生活会", "理论学习不够深入", "制定年度学习计划", "王建华", "2026.3.31"],
        [2, "上级检查反馈", "党费未按月公示", "每季度公示党费", "林秀珍", "2026.6.30"],
        [3, "民主评议", "先锋作用不明显", "设立党员先锋岗", "王建华", "2026.9.30"],
    ])
    report = import_rectification(db, path, ledger=TITLE)
    assert report.ok, report.to_text()
    with db.session() as session:
        section = rectification_section(session, year=2026, as_of=date(2026, 12, 5), branch=None)
    (row,) = section.ledgers
    assert row.source == "组织生活会查摆、上级检查、民主评议"
