"""The 整改台账 page driven as a user would: pick a ledger, filter measures, close a measure off (销号)
only once a verifier and evidence are given, reopen it with a reason, read its history, add a ledger,
problem and measure from scratch, and the monthly review; every table model passes Qt's model tester."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtWidgets import QInputDialog

from branchdesk.domain.findings import Finding, Severity
from branchdesk.domain.rectification.figures import is_overdue
from branchdesk.services.rectification import records as rect
from branchdesk.services.rectification import status
from branchdesk.ui.context import AppContext
from branchdesk.ui.navigation import area
from branchdesk.ui.rectification import measure_actions as actions_module
from branchdesk.ui.rectification.close_off_dialog import CloseOffDialog
from branchdesk.ui.rectification.ledger_dialog import LedgerDialog
from branchdesk.ui.rectification.measure_dialogs import (
    HistoryDialog,
    MeasureDialog,
    ProblemDialog,
    ReopenDialog,
)
from branchdesk.ui.rectification.rectification_page import RectificationPage
from tests.ui_typing import type_date

pytestmark = pytest.mark.usefixtures("message_boxes")  # no box may block a test


@pytest.fixture
def page(qtbot, demo_db):  # type: ignore[no-untyped-def]
    widget = RectificationPage(AppContext(demo_db))
    qtbot.addWidget(widget)
    return widget


def select_measure(page: RectificationPage, predicate) -> int:  # type: ignore[no-untyped-def]
    for row in range(page.measure_proxy.rowCount()):
        if predicate(page.measure_proxy.record_at(row)):
            page.measure_table.selectRow(row)
            return page.measure_proxy.record_at(row).id
    raise AssertionError("no such measure")


def test_models_pass_qt_model_tester(page, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    assert page.ledger_model.rowCount() == 1 and page.measure_model.rowCount() == 40
    for model in (page.ledger_model, page.ledger_proxy, page.measure_model, page.measure_proxy, page.measure_tree_model,
                  page.figures.category_model, page.figures.person_model, *page.review.models.values()):
        qtmodeltester.check(model)


def test_filters_and_figures_agree(page) -> None:  # type: ignore[no-untyped-def]
    overall = page.current.overall
    page.state.setCurrentIndex(page.state.findData("overdue"))
    assert page.measure_proxy.rowCount() == overall.overdue > 0
    assert all(is_overdue(page.measure_proxy.record_at(r), page.today) for r in range(page.measure_proxy.rowCount()))
    page.state.setCurrentIndex(page.state.findData("已销号"))
    assert page.measure_proxy.rowCount() == overall.closed
    page.state.setCurrentIndex(0)
    page.category.setCurrentIndex(1)
    assert page.measure_proxy.rowCount() == page.current.by_category[page.category.currentText()].total
    assert "共 40 项" in page.count_label.text()
    assert "完成率" in page.figures.summary.text()


def test_close_off_requires_verifier_and_evidence(page, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    measure_id = select_measure(page, lambda m: m.status == "整改中")
    measure = page.selected_measure()
    dialog = CloseOffDialog(page.context, measure, page)
    qtbot.addWidget(dialog)
    assert not dialog.ok_button.isEnabled()
    dialog.verifier.setText("党委书记")
    assert not dialog.ok_button.isEnabled() and "佐证材料" in dialog.hint.text()
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("党委会会议纪要 2026年11月", True))
    dialog.add_named()
    assert dialog.ok_button.isEnabled() and dialog.hint.text() == ""
    type_date(dialog.when, "2026年11月24日")
    dialog.ok_button.click()
    assert dialog.result() == dialog.DialogCode.Accepted
    closed = rect.get_measure(page.context.db, measure_id)
    assert (closed.status, closed.verifier, closed.closed_date) == ("已销号", "党委书记", date(2026, 11, 24))
    assert [e.name for e in closed.evidence] == ["党委会会议纪要 2026年11月"]


def test_closing_from_the_page_updates_figures(page, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    before = page.current.overall.closed
    measure_id = select_measure(page, lambda m: m.status == "已完成")

    def fill_and_accept(dialog: CloseOffDialog) -> int:
        dialog.verifier.setText("纪检委员")
        dialog.add_evidence(status.EvidenceInput("整改报告", "整改报告.pdf", b"%PDF-1.4 test"))
        dialog.ok_button.click()
        return dialog.result()

    monkeypatch.setattr(actions_module.CloseOffDialog, "exec", fill_and_accept)
    page.close_off()
    assert page.current.overall.closed == before + 1
    assert page.selected_measure().id == measure_id and page.selected_measure().status == "已销号"
    assert "已销号" in [page.measure_model.row_at(r).status for r in range(page.measure_model.rowCount())
                        if page.measure_model.row_at(r).id == measure_id]


def test_reopen_needs_a_reason_and_history_shows_it(page, qtbot) -> None:  # type: ignore[no-untyped-def]
    measure_id = select_measure(page, lambda m: m.status == "已销号")
    dialog = ReopenDialog(page.context, page.selected_measure(), page)
    qtbot.addWidget(dialog)
    dialog.buttons.accepted.emit()
    assert "原因" in dialog.error.text() and dialog.result() != dialog.DialogCode.Accepted
    dialog.reason.setPlainText("回头看发现问题反弹")
    dialog.buttons.accepted.emit()
    assert dialog.result() == dialog.DialogCode.Accepted
    page.refresh()
    reopened = rect.get_measure(page.context.db, measure_id)
    assert reopened.status == "整改中" and reopened.closed_date is None
    history = HistoryDialog(page.context, reopened, page)
    qtbot.addWidget(history)
    actions = [history.model.row_at(r) for r in range(history.model.rowCount())]
    assert actions[-1].action == "重新打开" and actions[-1].reason == "回头看发现问题反弹"


def test_new_ledger_problem_and_measure(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    page = RectificationPage(AppContext(db))
    qtbot.addWidget(page)
    assert "还没有整改台账" in page.heading.text()
    ledger_dialog = LedgerDialog(page.context, None, page)
    qtbot.addWidget(ledger_dialog)
    ledger_dialog.title.setText("2026年组织生活会查摆问题整改台账")
    ledger_dialog.source.setCurrentText("支部自查（新增来源）")
    ledger_dialog.save()
    assert ledger_dialog.saved is not None and "支部自查（新增来源）" in rect.list_sources(db)
    page.refresh(ledger_dialog.saved.id)
    problem_dialog = ProblemDialog(page.context, ledger_dialog.saved.id, [], "组织生活会查摆", page)
    qtbot.addWidget(problem_dialog)
    problem_dialog.description.setPlainText("理论学习不够深入")
    problem_dialog.category.setCurrentText("思想建设方面")
    problem_dialog.buttons.accepted.emit()
    problems = rect.list_problems(db, ledger_dialog.saved.id)
    measure_dialog = MeasureDialog(page.context, problems, None, page)
    qtbot.addWidget(measure_dialog)
    measure_dialog.text.setPlainText("制定个人学习计划")
    measure_dialog.buttons.accepted.emit()
    assert "责任人" in measure_dialog.error.text()  # the error is shown, nothing saved
    measure_dialog.person.setText("王伟")
    type_date(measure_dialog.deadline, "2026/12/31")
    measure_dialog.buttons.accepted.emit()
    assert measure_dialog.saved is not None
    page.refresh()
    assert page.measure_model.rowCount() == 1 and page.measure_model.row_at(0).problem_number == "1"


def test_monthly_review_and_home_page_link(page) -> None:  # type: ignore[no-untyped-def]
    type_date(page.review.month, "2026年10月")
    review = page.review.review
    assert review is not None and review.label == "2026年10月"
    assert page.review.tabs.tabText(0) == f"本月销号（{len(review.closed)}）"
    assert page.review.models["overdue"].rowCount() == len(review.overdue)
    page.review.all_ledgers.setChecked(True)
    assert page.review.review is not None
    ledger = page.current.ledger
    finding = Finding(Severity.ERROR, f"《{ledger.title}》问题1的整改措施已超过完成时限", area="整改台账")
    page.open_item(finding)
    assert page.state.currentData() == "overdue" and page.tabs.currentIndex() == 0
    assert area("rectification").page() is RectificationPage


def test_evidence_dialog_saves_a_copy_and_keeps_the_last_piece(page, qtbot, qtmodeltester, monkeypatch,
                                                                 tmp_path, message_boxes) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QFileDialog

    from branchdesk.ui.rectification.evidence_dialog import EvidenceDialog

    measure_id = select_measure(page, lambda m: m.status == "已完成")
    status.close_off(page.context.db, measure_id, on=date(2026, 11, 24), verifier="纪检委员",
                     evidence=[status.EvidenceInput("整改报告", "整改报告.pdf", b"%PDF-1.4 report")])
    dialog = EvidenceDialog(page.context, rect.get_measure(page.context.db, measure_id), page)
    qtbot.addWidget(dialog)
    qtmodeltester.check(dialog.model)
    assert dialog.model.rowCount() == 1 and dialog.model.row_at(0).filename == "整改报告.pdf"
    dialog.table.selectRow(0)
    target = tmp_path / "副本.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    dialog.save_copy()
    assert target.read_bytes() == b"%PDF-1.4 report"
    dialog.table.selectRow(0)
    dialog.remove()  # the only piece of a closed measure: refused with a message
    assert dialog.model.rowCount() == 1 and "至少要保留一份" in message_boxes.texts[-1]
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("会议纪要", True))
    dialog.add_named()
    assert dialog.model.rowCount() == 2 and dialog.changed


def test_problems_read_as_a_tree_of_their_measures(page) -> None:  # type: ignore[no-untyped-def]
    tree = page.measure_tree_model
    problems = {m.problem_id for m in page.measure_model.rows()}
    assert tree.rowCount() == len(problems) == 16  # each problem once, not on every measure's row
    assert sum(tree.rowCount(tree.index(r, 0)) for r in range(tree.rowCount())) == 40
    first = tree.index(0, 0)
    assert "项措施" in first.data() and tree.index(0, 0, first).data() == tree.measure_at(tree.index(0, 0, first)).text
    page.state.setCurrentIndex(page.state.findData("overdue"))  # filters still apply, problems without a match go
    shown = [tree.measure_at(tree.index(r, 0, tree.index(g, 0)))
             for g in range(tree.rowCount()) for r in range(tree.rowCount(tree.index(g, 0)))]
    assert shown and all(is_overdue(m, page.today) for m in shown) and tree.rowCount() < 16
    page.measure_table.select_measure(shown[0].id)
    assert page.selected_measure().id == shown[0].id
