"""A form about to store something the rule check will flag says so first, in plain words; the user
goes back to correct it, or saves anyway with a reason — kept with the finding as its 说明 and shown
on 首页 and on the timeline. 主题党日 without theme or content cannot be finalised, 保存并定稿 asks
what 定稿 asks, and 缺席 needs its reason."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from branchdesk.domain.development.records import PersonInput
from branchdesk.domain.finding_text import Category, home_items
from branchdesk.domain.idcard import make_id_number
from branchdesk.domain.meetings.records import AttendanceStatus, MeetingKind
from branchdesk.services.checks import run_checks
from branchdesk.services.development import records as dev
from branchdesk.services.development.checks import timeline
from branchdesk.services.errors import RuleViolation
from branchdesk.services.meetings.records import default_attendees, finalise_meeting, list_meetings, prefill
from branchdesk.ui.context import AppContext
from branchdesk.ui.development.dialogs import StepDialog
from branchdesk.ui.meetings.meeting_dialog import MeetingDialog
from branchdesk.ui.widgets.rule_warning import RuleWarningDialog
from tests.meetings.helpers import BRANCH, make_branch
from tests.ui_typing import type_date, type_text

TODAY = date.today()


@pytest.fixture
def questions(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """QMessageBox.question answers Yes and records what was asked; the other boxes only record."""
    asked: list[str] = []
    for name in ("information", "warning", "critical"):
        monkeypatch.setattr(QMessageBox, name, lambda *args, _n=name: asked.append(args[2]) or QMessageBox.StandardButton.Ok)
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *args, **_k: asked.append(args[2]) or QMessageBox.StandardButton.Yes)
    return asked


def answer_warning(reason: str | None, seen: list[str]) -> None:
    """When the warning opens: note what it says, then go back (None) or type a reason and save."""

    def act() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, RuleWarningDialog):
            QTimer.singleShot(20, act)
            return
        seen.append(dialog.findChild(type(dialog.count), "ruleWarning").text())
        if reason is None:
            dialog.back_button.click()
            return
        assert not dialog.save_button.isEnabled()  # no reason, no saving anyway
        dialog.reason.setFocus()
        type_text(dialog.reason, reason)
        assert dialog.save_button.isEnabled()
        dialog.save_button.click()

    QTimer.singleShot(0, act)


@pytest.fixture
def late_talk(db):  # type: ignore[no-untyped-def]
    """An applicant whose application came in 100 days ago, with no talk (step 2) recorded yet."""
    branch = make_branch(db)
    case = dev.save_person(db, PersonInput(name="林晓", id_number=make_id_number("140202", date(1998, 3, 4), 9, False),
                                           branch=BRANCH))
    dev.save_step(db, case.id, dev.StepInput(step=1, on=TODAY - timedelta(days=100)))
    return branch, dev.get_case(db, case.id)


def _step_dialog(qtbot, db, case) -> StepDialog:  # type: ignore[no-untyped-def]
    dialog = StepDialog(AppContext(db), case, 2)
    qtbot.addWidget(dialog)
    dialog.people.setText("王书记")
    type_date(dialog.on, (TODAY - timedelta(days=5)).strftime("%Y%m%d"))  # two months past the one-month limit
    return dialog


def test_a_late_step_is_named_before_saving_and_going_back_saves_nothing(qtbot, db, late_talk, questions) -> None:  # type: ignore[no-untyped-def]
    _branch, case = late_talk
    dialog = _step_dialog(qtbot, db, case)
    seen: list[str] = []
    answer_warning(None, seen)
    dialog._accept()
    assert seen and "派人谈话" in seen[0] and "依据：细则2026 第七条" in seen[0] and "DEV-TALK-1M" not in seen[0]
    assert dialog.result() != QDialog.DialogCode.Accepted and "未保存" in dialog.error.text()
    assert dev.get_case(db, case.id).on(2) is None


def test_saving_anyway_keeps_the_reason_with_the_finding(qtbot, db, late_talk, questions) -> None:  # type: ignore[no-untyped-def]
    _branch, case = late_talk
    dialog = _step_dialog(qtbot, db, case)
    seen: list[str] = []
    answer_warning("申请人外出支教，回校后即谈话", seen)
    dialog._accept()
    assert seen and dialog.result() == QDialog.DialogCode.Accepted, dialog.error.text()
    assert dev.get_case(db, case.id).on(2) == TODAY - timedelta(days=5)
    finding = next(f for f in run_checks(db, year=TODAY.year, as_of=TODAY) if f.rule == "DEV-TALK-1M")
    assert finding.annotation == "申请人外出支教，回校后即谈话"
    item = next(i for i in home_items([finding], TODAY))
    assert item.category == Category.NOTED  # off the to-do list, still shown with its reason
    _case, items = timeline(db, case.id, TODAY)
    step = next(i for i in items if i.step == 2)
    assert any(f.annotation == "申请人外出支教，回校后即谈话" for f in step.findings)
    from branchdesk.services.annual_report.records import gather_report

    volume = gather_report(db, TODAY.year, generated_on=TODAY)  # the year-end volume lists it with the reason
    assert any("申请人外出支教" in row.message for row in volume.development.findings if row.rule == "DEV-TALK-1M")
    again = _step_dialog(qtbot, db, dev.get_case(db, case.id))  # explained once: no second warning
    again._accept()
    assert again.result() == QDialog.DialogCode.Accepted


def test_a_step_within_its_limit_saves_without_a_word(qtbot, db, late_talk, questions) -> None:  # type: ignore[no-untyped-def]
    _branch, case = late_talk
    dialog = StepDialog(AppContext(db), case, 2)
    qtbot.addWidget(dialog)
    type_date(dialog.on, (TODAY - timedelta(days=80)).isoformat())
    dialog._accept()
    assert dialog.result() == QDialog.DialogCode.Accepted and not questions


def _congress(qtbot, db, branch) -> MeetingDialog:  # type: ignore[no-untyped-def]
    data = prefill(db, MeetingKind.CONGRESS.value, branch_id=branch.id, on=TODAY - timedelta(days=1))
    dialog = MeetingDialog(AppContext(db), data)
    qtbot.addWidget(dialog)
    dialog.topic.setText("讨论发展对象")
    dialog.content.setPlainText("逐个讨论并表决。")
    dialog.has_vote.setChecked(True)
    return dialog


def _set_statuses(dialog: MeetingDialog, status: str, rows: range, reason: str = "") -> None:
    dialog.sheet_model.set_status(rows, status)
    if reason:
        for row in rows:
            dialog.sheet_model.setData(dialog.sheet_model.index(row, 3), reason)


def test_a_vote_without_quorum_is_named_and_saved_only_with_a_reason(qtbot, db, questions) -> None:  # type: ignore[no-untyped-def]
    branch = make_branch(db)
    dialog = _congress(qtbot, db, type("B", (), {"id": branch.id})())
    count = dialog.sheet_model.rowCount()
    assert count == len(default_attendees(db, branch.id, TODAY, (MeetingKind.CONGRESS.value,)))
    _set_statuses(dialog, AttendanceStatus.ABSENT.value, range(count))
    dialog.save()
    assert "缺席原因" in dialog.errors.text() and dialog.saved is None  # 缺席 needs its reason
    _set_statuses(dialog, AttendanceStatus.ABSENT.value, range(count), "外出培训")
    _set_statuses(dialog, AttendanceStatus.PRESENT.value, range(2))
    seen: list[str] = []
    answer_warning(None, seen)
    dialog.save()
    assert seen and "依据：支部条例 第十一条" in seen[0] and "VOTE-QUORUM" not in seen[0] and dialog.saved is None
    answer_warning("上级党委同意，下次会议重新表决", seen)
    dialog.save()
    assert dialog.saved is not None
    finding = next(f for f in run_checks(db, year=TODAY.year, as_of=TODAY) if f.rule == "VOTE-QUORUM")
    assert finding.annotation == "上级党委同意，下次会议重新表决"


def test_theme_day_without_theme_or_content_cannot_be_finalised(qtbot, db, questions) -> None:  # type: ignore[no-untyped-def]
    branch = make_branch(db)
    data = prefill(db, MeetingKind.THEME_DAY.value, branch_id=branch.id, on=TODAY - timedelta(days=1))
    dialog = MeetingDialog(AppContext(db), data)
    qtbot.addWidget(dialog)
    dialog.topic.setText("")
    dialog.content.setPlainText("")
    dialog.finalise_button.click()
    assert "主题党日须填写主题" in dialog.errors.text() and dialog.saved is None
    dialog.save()  # a draft may be saved …
    assert dialog.saved is not None and not dialog.saved.finalised
    with pytest.raises(RuleViolation, match="主题"):  # … but 定稿 from the list refuses it too
        finalise_meeting(db, dialog.saved.id)


def test_save_and_finalise_asks_what_finalise_asks(qtbot, db, questions, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    branch = make_branch(db)
    data = prefill(db, MeetingKind.THEME_DAY.value, branch_id=branch.id, on=TODAY - timedelta(days=1))
    dialog = MeetingDialog(AppContext(db), data)
    qtbot.addWidget(dialog)
    dialog.topic.setText("重温入党誓词")
    dialog.content.setPlainText("全体党员重温入党誓词。")
    answers: list[Callable[..., object]] = []
    monkeypatch.setattr(QMessageBox, "question", lambda *args, **_k: answers.append(args[2]) or QMessageBox.StandardButton.No)
    dialog.finalise_button.click()
    assert answers and "定稿" in answers[-1] and dialog.saved is None  # No: nothing saved, nothing finalised
    assert not list_meetings(db, year=TODAY.year)
    monkeypatch.setattr(QMessageBox, "question", lambda *args, **_k: QMessageBox.StandardButton.Yes)
    dialog.finalise_button.click()
    assert dialog.saved is not None and dialog.saved.finalised
