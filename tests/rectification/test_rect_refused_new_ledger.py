"""A 整改台账 import into a new ledger that is refused — or only checked (a dry run, the window's
preview) — leaves no ledger behind (re-trial 12, N-1): the empty ledger it used to keep took her next
import silently, under the first import's 问题来源, while the report had said "没有写入任何数据"."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from branchdesk.domain.vocabulary import OrgKind
from branchdesk.services.rectification import records as rect
from branchdesk.services.rectification.excel import import_rectification
from branchdesk.services.roster.organisation import create_org
from tests.rectification.test_rect_group_header import teacher_ledger

TITLE = "测试台账"


def _bad_ledger(path: Path) -> Path:
    """Her ledger with one measure's 完成时限 unreadable ("六月底前后"): the import is refused."""
    teacher_ledger(path, ("序号", "具体措施"))
    wb = openpyxl.load_workbook(path)
    wb.active["G4"] = "六月底前后"
    wb.save(path)
    return path


def test_a_refused_import_leaves_no_new_ledger(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    report = import_rectification(db, _bad_ledger(tmp_path / "整改台账.xlsx"), ledger=TITLE, source="审计")
    assert not report.ok, report.to_text()
    assert [ledger.title for ledger in rect.list_ledgers(db)] == []


def test_a_dry_run_leaves_no_new_ledger_and_the_next_import_takes_its_own_source(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    create_org(db, "第一党支部", OrgKind.BRANCH)  # a new ledger needs a 党支部 (re-trial R2, N-1)
    good = teacher_ledger(tmp_path / "整改台账.xlsx", ("序号", "具体措施"))
    checked = import_rectification(db, good, ledger=TITLE, source="审计", dry_run=True)
    assert checked.ok, checked.to_text()
    assert rect.list_ledgers(db) == []
    report = import_rectification(db, good, ledger=TITLE, source="巡察反馈")
    assert report.ok and report.notes[0].startswith(f"新建整改台账“{TITLE}”（问题来源：巡察反馈"), report.to_text()
    assert [(ledger.title, ledger.source) for ledger in rect.list_ledgers(db)] == [(TITLE, "巡察反馈")]
