"""Re-trial R2, N-1 (林老师's day one): her roster was refused, and on the database with no 党支部 yet the 整改台账
import went in with no 所属组织 ("未指定"), saying nothing; the roster imported later did not attach it, and the
branch's own volume then read 整改措施 "本支部0项（上级党组织整改台账另有11项）" — calling a ledger filed at no
organisation a 上级党组织's. Now the import refuses on a database without a 党支部 (as the other ledgers need the
roster), and a ledger with no 所属组织 is said plainly as "未指定所属组织", never as above the branch; the window's
编辑台账 gives it its 所属组织 afterwards."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from branchdesk.domain.annual_report.chapters import chapters
from branchdesk.domain.rectification.editing import LedgerInput, MeasureInput
from branchdesk.domain.vocabulary import OrgKind
from branchdesk.services.annual_report.records import gather_report
from branchdesk.services.rectification import records as rect
from branchdesk.services.rectification.excel import import_rectification
from branchdesk.services.roster.organisation import create_org
from tests.rectification.test_rect_group_header import teacher_ledger

DAY = date(2026, 12, 5)
TITLE = "第一党支部2026年问题整改台账"


def test_on_a_database_without_a_branch_the_import_is_refused(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    report = import_rectification(db, teacher_ledger(tmp_path / "整改台账.xlsx", ("序号", "措施")), ledger=TITLE,
                                  source="组织生活会")
    assert not report.ok
    assert "请先导入花名册或建立党支部，再导入整改台账" in report.to_text()
    assert rect.list_ledgers(db) == []


def _unassigned_ledger(db) -> int:  # type: ignore[no-untyped-def]
    ledger = rect.create_ledger(db, LedgerInput(TITLE, "组织生活会查摆", None, date(2026, 3, 1), None))
    problem = rect.add_problem(db, ledger.id, description="理论学习不深入")
    for text in ("制定学习计划", "开展专题研讨"):
        rect.add_measure(db, problem.id, MeasureInput(text, person="王建华", deadline=date(2026, 12, 31)))
    return ledger.id


def test_a_ledger_without_organisation_is_not_called_a_higher_ones(db) -> None:  # type: ignore[no-untyped-def]
    top = create_org(db, "中共翠江中学总支部委员会", OrgKind.GENERAL_BRANCH)
    branch = create_org(db, "第一党支部", OrgKind.BRANCH, top.id)
    ledger_id = _unassigned_ledger(db)
    data = gather_report(db, 2026, branch="第一党支部", generated_on=DAY)
    figures = {label: value for label, value, _kind in data.key_figures()}
    assert figures["整改措施"] == "本支部0项（未指定所属组织的整改台账另有2项）"
    [chapter] = [c for c in chapters(data) if c.key == "rectification"]
    words = chapter.empty + data.summaries["rectification"]
    assert "上级党组织" not in words and "上级党组织" not in str(figures["整改措施"])
    assert "未指定所属组织的整改台账1本、整改措施2项" in words
    assert "《第一党支部2026年问题整改台账》（整改措施2项）" in chapter.empty
    assert "编辑台账" in chapter.empty
    # 编辑台账 (the window's ledger dialog calls update_ledger) gives it its 所属组织: the branch then counts it
    rect.update_ledger(db, ledger_id, LedgerInput(TITLE, "组织生活会查摆", branch.id, date(2026, 3, 1), None))
    data = gather_report(db, 2026, branch="第一党支部", generated_on=DAY)
    assert data.rectification.total == 2 and not data.rectification.elsewhere
