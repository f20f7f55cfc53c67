"""Rectification services on a fresh database: ledgers, measures, 销号 with evidence, reopening with a
reason kept in history, figures, findings for the home page, and the demo step."""

from __future__ import annotations

from datetime import date

import pytest

from branchdesk.domain.findings import Severity
from branchdesk.domain.rectification.editing import LedgerInput, MeasureInput
from branchdesk.services.checks import CHECKERS, run_checks
from branchdesk.services.errors import RuleViolation, ValidationFailed
from branchdesk.services.rectification import records as rect
from branchdesk.services.rectification import status
from branchdesk.services.rectification.checks import check_rectification
from branchdesk.services.rectification.figures import ledger_figures, open_ledger, review_month


def make_ledger(db, title: str = "2025年巡察反馈问题整改台账"):  # type: ignore[no-untyped-def]
    ledger = rect.create_ledger(db, LedgerInput(title, "巡察反馈", None, date(2025, 3, 1), date(2025, 12, 31)))
    problem = rect.add_problem(db, ledger.id, description="“三会一课”记录不规范", category="基层党组织建设方面")
    a = rect.add_measure(db, problem.id, MeasureInput("统一记录格式", "张书记", "李娜", date(2025, 6, 30)))
    b = rect.add_measure(db, problem.id, MeasureInput("每季度检查会议记录", "张书记", "王伟", date(2025, 9, 30)))
    return ledger, problem, a, b


def test_ledger_crud_and_validation(db) -> None:  # type: ignore[no-untyped-def]
    ledger, problem, a, _ = make_ledger(db)
    assert [led.title for led in rect.list_ledgers(db)] == [ledger.title]
    with pytest.raises(ValidationFailed, match="已有名为"):
        rect.create_ledger(db, LedgerInput(ledger.title, "自查", None, None, None))
    with pytest.raises(ValidationFailed, match="责任人"):
        rect.add_measure(db, problem.id, MeasureInput("无人负责的措施", deadline=date(2025, 5, 1)))
    with pytest.raises(ValidationFailed, match="完成时限"):
        rect.add_measure(db, problem.id, MeasureInput("没有时限", person="王伟"))
    long_term = rect.add_measure(db, problem.id, MeasureInput("常态化督促", person="王伟", deadline_note="长期坚持"))
    assert long_term.deadline_text == "长期坚持"
    assert rect.add_source(db, "专项巡视")[-1] == "专项巡视"
    assert "专项巡视" in rect.list_sources(db)
    rect.delete_measure(db, a.id)
    assert len(rect.list_measures(db, ledger.id)) == 2
    rect.delete_ledger(db, ledger.id)
    assert rect.list_ledgers(db) == []
    assert rect.find_ledger(db, ledger.title) is None


def test_no_close_off_without_evidence(db) -> None:  # type: ignore[no-untyped-def]
    _, _, a, _ = make_ledger(db)
    with pytest.raises(ValidationFailed) as caught:
        status.close_off(db, a.id, on=date(2025, 6, 28), verifier="纪检委员")
    assert [e.field for e in caught.value.errors] == ["佐证材料"]
    with pytest.raises(ValidationFailed) as caught:
        status.close_off(db, a.id, on=None, verifier="", evidence=[status.EvidenceInput("整改报告")])
    assert {e.field for e in caught.value.errors} == {"销号日期", "销号审核人"}
    with pytest.raises(RuleViolation, match="销号"):
        status.set_status(db, a.id, "已销号", date(2025, 6, 28))
    assert rect.get_measure(db, a.id).status == "未开始"  # nothing written by the failed attempts


def test_close_off_with_attachment_then_reopen_keeps_history(db) -> None:  # type: ignore[no-untyped-def]
    _, _, a, _ = make_ledger(db)
    status.add_progress(db, a.id, date(2025, 4, 2), "已制定统一格式")
    assert rect.get_measure(db, a.id).status == "整改中"
    status.set_status(db, a.id, "已完成", date(2025, 6, 20))
    closed = status.close_off(db, a.id, on=date(2025, 6, 28), verifier="纪检委员", evidence=[
        status.EvidenceInput("会议记录模板", "模板.docx", b"PK\x03\x04 fake docx"), status.EvidenceInput("党委会纪要")])
    assert closed.status == "已销号" and closed.closed_date == date(2025, 6, 28)
    assert closed.completion_date == date(2025, 6, 20)
    assert [e.name for e in closed.evidence] == ["会议记录模板", "党委会纪要"]
    assert status.evidence_file(db, closed.evidence[0].id) == ("模板.docx", b"PK\x03\x04 fake docx")
    assert len(status.remove_evidence(db, closed.evidence[0].id).evidence) == 1
    with pytest.raises(RuleViolation, match="至少要保留一份"):
        status.remove_evidence(db, closed.evidence[1].id)  # the last piece of a closed measure stays
    with pytest.raises(ValidationFailed, match="原因"):
        status.reopen(db, a.id, reason=" ", on=date(2025, 7, 10))
    reopened = status.reopen(db, a.id, reason="回头看发现部分支部仍未使用新格式", on=date(2025, 7, 10))
    assert reopened.status == "整改中"
    assert reopened.closed_date is None and reopened.verifier == "" and reopened.completion_date is None
    assert len(reopened.evidence) == 1  # evidence stays for the next 销号
    entries = status.history(db, a.id)
    assert [e.action for e in entries] == ["新建", "状态变更", "状态变更", "销号", "重新打开"]
    last = entries[-1]
    assert last.reason == "回头看发现部分支部仍未使用新格式"
    assert "2025-06-28" in last.detail and "纪检委员" in last.detail
    again = status.close_off(db, a.id, on=date(2025, 8, 1), verifier="纪检委员")  # evidence kept: allowed
    assert again.status == "已销号"


def test_figures_per_ledger_category_person(db) -> None:  # type: ignore[no-untyped-def]
    ledger, problem, a, b = make_ledger(db)
    other = rect.add_problem(db, ledger.id, description="党费收缴不规范", category="党费方面")
    c = rect.add_measure(db, other.id, MeasureInput("核定党费基数", "张书记", "李娜", date(2025, 5, 31)))
    status.close_off(db, a.id, on=date(2025, 7, 5), verifier="纪检委员", completion_date=date(2025, 7, 2),
                     evidence=[status.EvidenceInput("格式文件")])
    status.set_status(db, c.id, "已完成", date(2025, 5, 30))
    figures = ledger_figures(db, ledger.id, on=date(2025, 10, 1))
    assert figures.overall.total == 3
    assert figures.overall.completion_rate == pytest.approx(2 / 3)
    assert figures.overall.closing_rate == pytest.approx(1 / 3)
    assert figures.overall.overdue == 1  # b: 2025-09-30, still 未开始
    assert figures.overall.closed_late == 1  # a: completed 07-02 against 06-30
    assert figures.by_category["党费方面"].completion_rate == 1.0
    assert figures.by_person["李娜"].total == 2 and figures.by_person["王伟"].overdue == 1
    view = open_ledger(db, ledger.id, on=date(2025, 10, 1))
    assert [m.id for m in view.measures] == [a.id, b.id, c.id]
    _, review = review_month(db, 2025, 7, ledger_id=ledger.id, as_of=date(2025, 10, 1))
    assert [m.id for m in review.closed] == [a.id]
    assert [m.id for m in review.due_next_month] == []
    _, review = review_month(db, 2025, 8, ledger_id=ledger.id, as_of=date(2025, 10, 1))
    assert [m.id for m in review.due_next_month] == [b.id]


def test_findings_overdue_and_due_within_14_days(db) -> None:  # type: ignore[no-untyped-def]
    _, problem, a, b = make_ledger(db)  # a due 06-30, b due 09-30
    assert check_rectification in CHECKERS
    findings = check_rectification(db, year=2025, as_of=date(2025, 9, 16))
    assert [(f.severity, f.due) for f in findings] == [(Severity.ERROR, "2025-06-30"), (Severity.WARNING, "2025-09-30")]
    assert all(f.area == "整改台账" and f.rule == "RECT-MONTHLY-REVIEW" for f in findings)
    assert findings[1].person == "王伟" and "14 天后到期" in findings[1].message
    # 15 days before: not yet a reminder; on the deadline day: a reminder, not an error
    assert [f.due for f in check_rectification(db, year=2025, as_of=date(2025, 9, 15))] == ["2025-06-30"]
    on_day = check_rectification(db, year=2025, as_of=date(2025, 9, 30))
    assert on_day[1].severity == Severity.WARNING and "今天到期" in on_day[1].message
    status.set_status(db, a.id, "已完成", date(2025, 9, 1))
    assert [f.due for f in run_checks(db, year=2025, as_of=date(2025, 9, 16)) if f.area == "整改台账"] == ["2025-09-30"]


def test_demo_fills_a_ledger_part_closed_part_overdue(demo_db) -> None:  # type: ignore[no-untyped-def]
    ledgers = rect.list_ledgers(demo_db)
    assert len(ledgers) == 1 and ledgers[0].source == "巡察反馈"
    figures = ledger_figures(demo_db, ledgers[0].id, on=date(2026, 11, 20))
    assert figures.overall.total == 40
    assert len(figures.by_category) == 3
    assert len(rect.list_problems(demo_db, ledgers[0].id)) == 16
    assert 0 < figures.overall.closed < 40
    assert figures.overall.overdue > 0
    closed = [m for m in rect.list_measures(demo_db, ledgers[0].id) if m.status == "已销号"]
    assert all(m.evidence and m.verifier and m.closed_date for m in closed)
    assert any(f.area == "整改台账" for f in check_rectification(demo_db, year=2026, as_of=date(2026, 11, 20)))


def test_a_huge_file_picked_as_evidence_is_not_read_whole(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A video picked instead of the scanned report was read whole into memory before the 20 MB
    limit was looked at; now no more than one byte past the limit is read, and the limit says so."""
    import tracemalloc

    huge = tmp_path / "会议录像.mp4"
    with huge.open("wb") as handle:
        handle.truncate(200 * 1024 * 1024)  # sparse: 200 MB that take no disk
    tracemalloc.start()
    try:
        evidence = status.EvidenceInput.from_file(huge)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 2 * status.MAX_ATTACHMENT_BYTES, peak
    assert evidence.content is not None and len(evidence.content) == status.MAX_ATTACHMENT_BYTES + 1
    assert any("超过 20 MB" in error.message for error in status._evidence_errors([evidence]))
