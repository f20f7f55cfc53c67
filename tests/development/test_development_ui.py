"""The 发展党员 page driven as a user would: the list fills off the GUI thread, a person's 25-step
timeline shows done / late / due, a step is recorded through the editor (and the 接收 hands the
person to the roster), the board and the year's figures; every table model passes Qt's tester."""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog

from branchdesk.domain.development.timeline import StepStatus
from branchdesk.services.development.records import list_cases
from branchdesk.services.roster.records import list_members
from branchdesk.ui.context import AppContext
from branchdesk.ui.development.development_page import DevelopmentPage
from branchdesk.ui.development.dialogs import OutcomeDialog, PersonDialog, StepDialog
from branchdesk.ui.navigation import area

pytestmark = pytest.mark.usefixtures("message_boxes")  # no box may block a test


@pytest.fixture(autouse=True)
def rule_warnings(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """The step dialog's warning before saving a step a rule check flags: answered with a reason
    (its own tests are in tests/ui/test_ui_presave.py); records which rules were named."""
    from branchdesk.ui.development import dialogs

    named: list[list[str]] = []
    monkeypatch.setattr(dialogs, "ask_reason",
                        lambda _parent, findings, _what: named.append([f.rule for f in findings]) or "测试中保存")
    return named


@pytest.fixture
def page(qtbot, demo_db):  # type: ignore[no-untyped-def]
    widget = DevelopmentPage(AppContext(demo_db))
    widget.as_of = date(2026, 11, 20)
    qtbot.addWidget(widget)
    widget.show()
    widget.refresh()
    qtbot.waitUntil(lambda: widget.model.rowCount() > 0, timeout=20_000)
    return widget


def _select(page, name: str) -> None:  # type: ignore[no-untyped-def]
    page._open_name(name)
    assert page.timeline.case is not None and page.timeline.case.name == name


def test_registered_as_the_area_page() -> None:
    assert area("development").page() is DevelopmentPage


def test_models_pass_qt_model_tester(page, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    qtmodeltester.check(page.model)
    qtmodeltester.check(page.proxy)
    qtmodeltester.check(page.figures_model)
    page.table.selectRow(0)
    qtmodeltester.check(page.timeline.model)


def test_list_board_and_figures(page) -> None:  # type: ignore[no-untyped-def]
    total = page.model.rowCount()
    assert total == len(list_cases(page.context.db))
    label, names = page.board_lists["预备党员"]
    assert names.count() > 0 and f"（{names.count()}）" in label.text()
    page.stage.setCurrentIndex(page.stage.findText("发展对象"))
    assert 0 < page.proxy.rowCount() < total
    assert all(page.proxy.record_at(r).stage == "发展对象" for r in range(page.proxy.rowCount()))
    figures = dict(page.figures_model.rows())
    assert figures["递交入党申请书"] > 0 and set(figures) >= {"确定入党积极分子", "接收预备党员", "预备党员转正"}


def test_timeline_shows_late_and_due_steps(page) -> None:  # type: ignore[no-untyped-def]
    late = next(s for s in page.model.rows() if s.errors)
    _select(page, late.case.name)
    items = page.timeline.model.rows()
    assert len(items) == 25
    assert any(i.status in (StepStatus.PROBLEM, StepStatus.LATE) for i in items)
    due = next(s for s in page.model.rows() if s.next_due and s.next_due >= date(2026, 11, 20))
    _select(page, due.case.name)
    assert any(i.status is StepStatus.DUE for i in page.timeline.model.rows())
    assert "30天内到期" in page.timeline.summary.text()


def test_record_admission_through_the_editor_puts_person_in_roster(page, qtbot, message_boxes) -> None:  # type: ignore[no-untyped-def]
    candidate = next(s for s in page.model.rows() if s.stage == "发展对象")
    _select(page, candidate.case.name)
    case = page.timeline.case
    for step, day in ((12, date(2026, 10, 25)), (13, date(2026, 10, 28)), (14, date(2026, 10, 30))):
        dialog = StepDialog(page.context, case, step, page)
        dialog.on.set_value(day)
        dialog._accept()
        assert dialog.result() == StepDialog.DialogCode.Accepted, dialog.error.text()
    dialog = StepDialog(page.context, page.timeline.case, 15, page)
    dialog.on.set_value(date(2026, 11, 10))
    expected, present, yes = dialog.votes
    expected.setValue(20)
    present.setValue(18)
    yes.setValue(17)
    dialog._accept()
    assert dialog.result() == StepDialog.DialogCode.Accepted, dialog.error.text()
    assert "待上级党委审批后编入党员名册" in dialog.note  # not a 预备党员 before the approval
    page.timeline._after(dialog)
    dialog = StepDialog(page.context, page.timeline.case, 17, page)
    dialog.on.set_value(date(2026, 11, 20))
    dialog._accept()
    assert dialog.result() == StepDialog.DialogCode.Accepted, dialog.error.text()
    assert "已编入党员名册" in dialog.note
    page.timeline._after(dialog)
    assert any("已编入党员名册" in text for text in message_boxes.texts)
    member = [m for m in list_members(page.context.db) if m.id_number == case.id_number][0]
    assert (member.category, member.join_date) == ("预备党员", date(2026, 11, 10))
    qtbot.waitUntil(lambda: any(s.case.id == case.id and s.stage == "预备党员" for s in page.model.rows()), timeout=20_000)


def test_editor_errors_stay_in_the_dialog(page) -> None:  # type: ignore[no-untyped-def]
    applicant = next(s for s in page.model.rows() if s.stage == "入党申请人")
    _select(page, applicant.case.name)
    dialog = OutcomeDialog(page.context, page.timeline.case, page)
    dialog._accept()  # no reason given
    assert dialog.result() != OutcomeDialog.DialogCode.Accepted and "理由" in dialog.error.text()
    person = PersonDialog(page.context, ["高一年级党支部"], None, page)
    person.name.setText("新申请人")
    person.id_number.setText("140202200001011234")
    person._accept()
    assert "校验位" in person.error.text()


def test_print_timeline_pdf(page, monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "时间线.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "PDF (*.pdf)"))
    page.table.selectRow(0)
    case = page.timeline.case
    page.timeline.print_pdf()
    text = subprocess.run(["pdftotext", "-raw", str(target), "-"], capture_output=True, text=True, check=True).stdout
    text = "".join(text.split())  # table cells wrap: compare without line breaks
    assert "发展党员工作时间线" in text and case.name in text and "支部大会讨论接收" in text
    assert case.id_number not in text  # masked (domain.md §8)


def test_attach_and_save_a_document(page, monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QInputDialog

    from branchdesk.ui.development.dialogs import DocumentDialog

    source = tmp_path / "思想汇报.docx"
    source.write_bytes(b"PK\x03\x04 report")
    page.table.selectRow(0)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(source), ""))
    monkeypatch.setattr(DocumentDialog, "exec", lambda self: self._accept() or self.result())
    page.timeline.attach_file()
    assert any(d.filename == "思想汇报.docx" and d.size for d in page.timeline.case.documents)
    target = tmp_path / "保存的附件.docx"
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: (a[3][0], True))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    page.timeline.save_attachment()
    assert target.read_bytes() == b"PK\x03\x04 report"


def test_a_huge_file_picked_as_a_document_is_not_read_whole(page, monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A video picked instead of the 思想汇报 was read whole into memory before the 20 MB limit was
    looked at; now no more than one byte past the limit is read, and saving says so."""
    from branchdesk.services.development.records import MAX_ATTACHMENT
    from branchdesk.ui.development.dialogs import DocumentDialog

    huge = tmp_path / "录像.mp4"
    with huge.open("wb") as handle:
        handle.truncate(200 * 1024 * 1024)  # sparse: 200 MB that take no disk
    page.table.selectRow(0)
    before = len(page.timeline.case.documents)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(huge), ""))
    read: list[int] = []

    def refused(self: DocumentDialog) -> int:
        read.append(len(self.content or b""))
        self._accept()
        return self.result()

    monkeypatch.setattr(DocumentDialog, "exec", refused)
    page.timeline.attach_file()
    assert read == [MAX_ATTACHMENT + 1]
    assert len(page.timeline.case.documents) == before


def test_home_page_finding_opens_the_person(page, qtbot) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.services.development.checks import check_development

    finding = next(f for f in check_development(page.context.db, year=2026, as_of=date(2026, 11, 20)) if f.due)
    page.open_item(finding)
    assert page.timeline.case is not None and page.timeline.case.name == finding.person


def test_new_applicant_is_selected_after_saving(page, qtbot) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.domain.idcard import make_id_number

    dialog = PersonDialog(page.context, page._branches(), None, page)
    dialog.name.setText("新申请人")
    dialog.id_number.setText(make_id_number("140202", date(2001, 6, 1), 77, True))
    dialog._accept()
    assert dialog.saved is not None, dialog.error.text()
    page._changed(dialog.saved.id)
    qtbot.waitUntil(lambda: page.timeline.case is not None and page.timeline.case.name == "新申请人", timeout=20_000)
    assert page.timeline.case.sex == "男" and page.timeline.case.birth_date == date(2001, 6, 1)


def test_delete_moves_the_record_to_the_recycle_bin(page, qtbot) -> None:  # type: ignore[no-untyped-def]
    total = page.model.rowCount()
    page.table.selectRow(0)
    name = page.timeline.case.name
    page.delete_person()
    qtbot.waitUntil(lambda: page.model.rowCount() == total - 1, timeout=20_000)
    assert name in [c.name for c in list_cases(page.context.db, deleted=True)]
