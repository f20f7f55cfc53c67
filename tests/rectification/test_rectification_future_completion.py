"""A measure's 完成 is a past event, as its 销号 is (domain.md §6, RECT-CLOSE-OFF): a 完成日期 after today
would count in 完成率 before it happened, so the 销号 form refuses it with a plain message at the field,
the service refuses it (销号, 标记完成), and a ledger import names the row and writes nothing (all or
nothing). A 完成日期 today or before still passes."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from branchdesk.domain.rectification.editing import LedgerInput, MeasureInput
from branchdesk.domain.rectification.records import MeasureRecord
from branchdesk.domain.rectification.status import completion_date_error, validate_close_off
from branchdesk.services.errors import ValidationFailed
from branchdesk.services.rectification import records as rect
from branchdesk.services.rectification import status
from branchdesk.services.rectification.excel import import_rectification
from branchdesk.ui.context import AppContext
from branchdesk.ui.rectification.close_off_dialog import CloseOffDialog
from tests.ui_typing import type_text

TITLE = "2026年巡察反馈问题整改台账"
TODAY = date.today()
AHEAD = TODAY + timedelta(days=20)
EARLIER = TODAY - timedelta(days=10)


def _measure(db) -> MeasureRecord:  # type: ignore[no-untyped-def]
    ledger = rect.create_ledger(db, LedgerInput(title=TITLE, source="巡察反馈", org_id=None,
                                                received_date=TODAY - timedelta(days=200), deadline=None))
    problem = rect.add_problem(db, ledger.id, description="理论学习不够深入", category="思想建设方面")
    return rect.add_measure(db, problem.id, MeasureInput(text="制定个人学习计划", person="王伟",
                                                         deadline=TODAY + timedelta(days=60)))


def test_the_rule_refuses_a_completion_after_today_and_takes_today() -> None:
    error = completion_date_error(AHEAD, TODAY)
    assert error is not None and error.field == "完成日期"
    assert error.message.startswith(f"完成日期 {AHEAD:%Y-%m-%d} 晚于今天")
    assert completion_date_error(TODAY, TODAY) is None and completion_date_error(None, TODAY) is None
    # at a 销号 the future 完成日期 is named itself, not as a 销号日期 "earlier than" it
    errors = validate_close_off(TODAY, "纪检委员", 1, AHEAD, today=TODAY)
    assert [e.field for e in errors] == ["完成日期"]
    assert validate_close_off(TODAY, "纪检委员", 1, EARLIER, today=TODAY) == []


def test_the_service_refuses_a_completion_dated_ahead_and_changes_nothing(db) -> None:  # type: ignore[no-untyped-def]
    measure = _measure(db)
    with pytest.raises(ValidationFailed) as refused:
        status.close_off(db, measure.id, on=TODAY, verifier="纪检委员", completion_date=AHEAD,
                         evidence=[status.EvidenceInput("整改报告")])
    assert [e.field for e in refused.value.errors] == ["完成日期"]
    with pytest.raises(ValidationFailed) as refused:
        status.set_status(db, measure.id, "已完成", AHEAD)
    assert [e.field for e in refused.value.errors] == ["完成日期"]
    kept = rect.get_measure(db, measure.id)
    assert (kept.status, kept.completion_date, len(kept.evidence)) == ("未开始", None, 0)
    done = status.set_status(db, measure.id, "已完成", TODAY)
    assert (done.status, done.completion_date) == ("已完成", TODAY)


def _ledger_file(path: Path, done_on: object, status_text: str = "已完成") -> Path:
    """A ledger as kept: a title row, the problem merged down over its two measures, the second one
    完成 on `done_on` (written as the school writes it)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append([f"{TITLE}（截至{TODAY.year}年{TODAY.month}月）"])
    ws.merge_cells("A1:K1")
    ws.append(["序号", "问题来源", "问题描述", "整改措施", "责任人", "完成时限", "整改状态", "完成日期", "销号日期",
               "销号审核人", "佐证材料"])
    ws.append([1, "巡察反馈", "理论学习不够深入", "制定个人学习计划", "王伟", "长期坚持", "整改中", None, None, None, None])
    ws.append([None, None, None, "开展专题学习", "李娜", "长期坚持", status_text, done_on, None, None, "学习记录"])
    ws.merge_cells("A3:A4")
    ws.merge_cells("B3:B4")
    ws.merge_cells("C3:C4")
    wb.save(path)
    return path


@pytest.mark.parametrize(("done_on", "status_text"), [
    (datetime(AHEAD.year, AHEAD.month, AHEAD.day), "已完成"),  # a date cell
    (f"{AHEAD.year}年{AHEAD.month}月{AHEAD.day}日", "完成"),  # a synonym of the status
    (f"{AHEAD.year}.{AHEAD.month}.{AHEAD.day}", ""),  # no status: read as 已完成 from the date
], ids=["date-cell", "chinese", "dots-no-status"])
def test_an_import_names_the_row_with_a_completion_dated_ahead_and_writes_nothing(  # type: ignore[no-untyped-def]
        db, tmp_path: Path, done_on, status_text) -> None:
    rect.create_ledger(db, LedgerInput(TITLE, "巡察反馈", None, TODAY - timedelta(days=200), None))
    report = import_rectification(db, _ledger_file(tmp_path / "台账.xlsx", done_on, status_text), ledger=TITLE)
    assert not report.ok
    assert [(p.row, p.column, p.letter) for p in report.problems] == [(4, "完成日期", "H")], report.to_text()
    assert f"{AHEAD:%Y-%m-%d} 晚于今天" in report.problems[0].message
    assert "第 4 行" in report.to_text()
    ledger = next(led for led in rect.list_ledgers(db) if led.title == TITLE)
    assert rect.list_measures(db, ledger.id) == []  # all or nothing: the good row is not written either


def test_an_import_takes_a_completion_dated_today(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ledger = rect.create_ledger(db, LedgerInput(TITLE, "巡察反馈", None, TODAY - timedelta(days=200), None))
    report = import_rectification(db, _ledger_file(tmp_path / "台账.xlsx", TODAY.isoformat()), ledger=TITLE)
    assert report.ok, report.to_text()
    done = next(m for m in rect.list_measures(db, ledger.id) if m.text == "开展专题学习")
    assert (done.status, done.completion_date) == ("已完成", TODAY)


@pytest.mark.usefixtures("message_boxes")
@pytest.mark.parametrize("typed", [f"{AHEAD:%Y-%m-%d}", f"{AHEAD.year}年{AHEAD.month}月{AHEAD.day}日"])
def test_the_form_refuses_a_completion_dated_ahead_at_the_field(qtbot, db, message_boxes, typed: str) -> None:  # type: ignore[no-untyped-def]
    measure = _measure(db)
    dialog = CloseOffDialog(AppContext(db), measure)
    qtbot.addWidget(dialog)
    dialog.show()
    type_text(dialog.verifier, "纪检委员")  # Chinese as the input method commits it
    dialog.add_evidence(status.EvidenceInput("整改报告"))
    assert dialog.set_completion.isChecked() and dialog.completion.isEnabled()
    dialog.completion.edit.setFocus()
    dialog.completion.edit.selectAll()
    type_text(dialog.completion.edit, typed)  # the whole date, typed; Enter confirms it
    QTest.keyClick(dialog.completion.edit, Qt.Key.Key_Return)
    dialog.ok_button.click()
    assert dialog.result() != dialog.DialogCode.Accepted and dialog.isVisible()
    assert dialog.completion_problem.isVisible()
    assert dialog.completion_problem.text().startswith(f"完成日期 {AHEAD:%Y-%m-%d} 晚于今天")
    assert not dialog.when_problem.isVisible()
    assert message_boxes.texts == []  # told at the field, not in a box
    kept = rect.get_measure(db, measure.id)
    assert (kept.status, kept.completion_date, kept.closed_date) == ("未开始", None, None)
    dialog.completion.edit.selectAll()  # corrected to an earlier day: the message goes and the 销号 is saved
    QTest.keyClicks(dialog.completion.edit, f"{EARLIER:%Y-%m-%d}")
    assert not dialog.completion_problem.isVisible()
    dialog.ok_button.click()
    assert dialog.result() == dialog.DialogCode.Accepted
    closed = rect.get_measure(db, measure.id)
    assert (closed.status, closed.completion_date, closed.closed_date) == ("已销号", EARLIER, TODAY)


def test_a_reimport_keeps_a_stored_completion_dated_ahead_it_does_not_set(  # type: ignore[no-untyped-def]
        db, tmp_path: Path) -> None:
    """A 完成日期 stored ahead before the rule (or by another path) is not the file's: a ledger re-imported
    without a 完成日期 column keeps it as it is and is not refused for it — the user could not correct it
    in the file, and nothing the file says is in question (review 13-5, R5-1)."""
    from branchdesk.db.models import RectMeasure
    measure = _measure(db)
    with db.session() as session:  # as stored before the rule
        row = session.get(RectMeasure, measure.id)
        assert row is not None
        row.status, row.completion_date = "已完成", AHEAD
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["序号", "问题来源", "问题类别", "问题描述", "整改措施", "责任人", "完成时限", "整改状态"])
    ws.append([1, "巡察反馈", "思想建设方面", "理论学习不够深入", "制定个人学习计划", "王伟",
               f"{TODAY + timedelta(days=60):%Y-%m-%d}", "已完成"])
    wb.save(tmp_path / "台账.xlsx")
    report = import_rectification(db, tmp_path / "台账.xlsx", ledger=TITLE)
    assert report.ok, report.to_text()
    assert [m.id for m in rect.list_measures(db, measure.ledger_id)] == [measure.id]  # the same measure
    kept = rect.get_measure(db, measure.id)
    assert (kept.status, kept.completion_date) == ("已完成", AHEAD)


def test_a_reimport_closing_off_before_a_stored_completion_is_still_refused(  # type: ignore[no-untyped-def]
        db, tmp_path: Path) -> None:
    """The stored 完成日期 kept as it is still orders the 销号 the file gives: a 销号日期 before it is refused,
    as it is in the window (RECT-CLOSE-OFF), not written beside it (review 13-5, R5-1)."""
    from branchdesk.db.models import RectMeasure
    measure = _measure(db)
    with db.session() as session:
        row = session.get(RectMeasure, measure.id)
        assert row is not None
        row.status, row.completion_date = "已完成", AHEAD
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["序号", "问题来源", "问题类别", "问题描述", "整改措施", "责任人", "完成时限", "整改状态", "销号日期",
               "销号审核人", "佐证材料"])
    ws.append([1, "巡察反馈", "思想建设方面", "理论学习不够深入", "制定个人学习计划", "王伟", "长期坚持", "已销号",
               f"{EARLIER:%Y-%m-%d}", "纪检委员", "学习记录"])
    wb.save(tmp_path / "台账.xlsx")
    report = import_rectification(db, tmp_path / "台账.xlsx", ledger=TITLE)
    assert not report.ok
    assert [p.column for p in report.problems] == ["销号日期"], report.to_text()
    assert f"销号日期不能早于完成日期（{AHEAD:%Y-%m-%d}）" in report.problems[0].message
    assert rect.get_measure(db, measure.id).status == "已完成"
