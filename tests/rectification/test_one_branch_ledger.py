"""TR-2 (trial R, 林老师): a school with one 党支部 under a 党总支. Every other import put her rows in the only branch
("本校只有一个党支部，全部按第一党支部导入"); the 整改台账 import alone filed her ledger under the 党总支, and the branch's
own volume then said "本年度没有整改台账" and 整改措施 0 while the school had 11 measures. With one branch the import
files a new ledger under it (said in the report); and a branch's volume names the ledgers filed above it instead of
a bare 0 (domain.md §6)."""

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
from tests.rectification.test_rect_group_header import MEASURES, teacher_ledger

DAY = date(2026, 12, 5)
TITLE = "第一党支部2026年问题整改台账"


def _school(db) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    top = create_org(db, "中共翠江中学总支部委员会", OrgKind.GENERAL_BRANCH)
    return top.id, create_org(db, "第一党支部", OrgKind.BRANCH, top.id).id


def test_with_one_branch_a_new_ledger_is_filed_under_it(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _top, branch = _school(db)
    report = import_rectification(db, teacher_ledger(tmp_path / "整改台账.xlsx", ("序号", "措施")), ledger=TITLE,
                                  source="组织生活会")
    assert report.ok, report.to_text()
    [ledger] = rect.list_ledgers(db)
    assert ledger.org_id == branch and ledger.org_name == "第一党支部"
    assert "本校只有一个党支部，整改台账的所属组织按“第一党支部”建立" in report.to_text()
    data = gather_report(db, 2026, branch="第一党支部", generated_on=DAY)
    measures = sum(len(texts) for _problem, texts in MEASURES)
    assert data.rectification.total == measures and not data.rectification.elsewhere


def test_a_branch_volume_says_where_the_ledgers_filed_above_it_are(db) -> None:  # type: ignore[no-untyped-def]
    top, _branch = _school(db)
    ledger = rect.create_ledger(db, LedgerInput("2026年巡察反馈问题整改台账", "巡察反馈", top, date(2026, 3, 1), None))
    problem = rect.add_problem(db, ledger.id, description="理论学习不深入")
    for text in ("制定学习计划", "开展专题研讨"):
        rect.add_measure(db, problem.id, MeasureInput(text, person="王建华", deadline=date(2026, 12, 31)))
    data = gather_report(db, 2026, branch="第一党支部", generated_on=DAY)
    r = data.rectification
    assert r.total == 0 and [x.total for x in r.elsewhere] == [2]
    figures = {label: value for label, value, _kind in data.key_figures()}
    assert figures["整改措施"] == "本支部0项（上级党组织整改台账另有2项）"
    [chapter] = [c for c in chapters(data) if c.key == "rectification"]
    assert "本年度没有整改台账" not in chapter.empty
    assert "《2026年巡察反馈问题整改台账》（所属组织：中共翠江中学总支部委员会，整改措施2项）" in chapter.empty
    assert "上级党组织的整改台账1本、整改措施2项" in data.summaries["rectification"]
    school = gather_report(db, 2026, generated_on=DAY)  # the school's volume counts them, as before
    assert school.rectification.total == 2 and not school.rectification.elsewhere
