"""A 发展党员 step re-dated so that it lands after a step that depends on it (细则 第六、七条: each step not
before the one it depends on) is named before saving, as a late step is — the warning used to look only
at the step being saved, so "2027.3.25" typed over 第1步 of an admitted member saved without a word
(trial Y, TY-1). Saving goes on only with a reason; going back saves nothing."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtWidgets import QDialog, QMessageBox

from branchdesk.domain.development.records import DevelopmentCase, PersonInput
from branchdesk.domain.idcard import make_id_number
from branchdesk.services.development import records as dev
from branchdesk.services.development.precheck import step_problems
from branchdesk.ui.context import AppContext
from branchdesk.ui.development.dialogs import StepDialog
from tests.meetings.helpers import BRANCH, make_branch
from tests.ui.test_ui_presave import answer_warning
from tests.ui_typing import type_date

TODAY = date.today()
APPLIED = TODAY - timedelta(days=400)
TALKED = TODAY - timedelta(days=390)


@pytest.fixture
def talked_to(db) -> DevelopmentCase:  # type: ignore[no-untyped-def]
    """An applicant with 第1步 递交入党申请书 and 第2步 派人谈话 (10 days later) recorded."""
    make_branch(db)
    case = dev.save_person(db, PersonInput(name="林晓", id_number=make_id_number("140202", date(1998, 3, 4), 9, False),
                                           branch=BRANCH))
    dev.save_step(db, case.id, dev.StepInput(step=1, on=APPLIED))
    dev.save_step(db, case.id, dev.StepInput(step=2, on=TALKED, people=["王书记"]))
    return dev.get_case(db, case.id)


def test_the_check_before_saving_names_a_later_step_the_new_date_puts_out_of_order(db, talked_to) -> None:  # type: ignore[no-untyped-def]
    moved = step_problems(db, talked_to.id, dev.StepInput(step=1, on=TODAY - timedelta(days=3)))
    assert [f.rule for f in moved] and all(f.severity.value for f in moved)
    assert any("程序顺序颠倒" in f.message and "派人谈话" in (f.step or "") for f in moved), moved
    assert step_problems(db, talked_to.id, dev.StepInput(step=1, on=APPLIED - timedelta(days=5))) == []


@pytest.fixture
def no_boxes(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("information", "warning", "critical", "question"):
        monkeypatch.setattr(QMessageBox, name, lambda *_a, **_k: QMessageBox.StandardButton.Ok)


def _retyped_application(qtbot, db, case) -> StepDialog:  # type: ignore[no-untyped-def]
    dialog = StepDialog(AppContext(db), case, 1)
    qtbot.addWidget(dialog)
    assert dialog.on.text() == APPLIED.isoformat()
    type_date(dialog.on, (TODAY - timedelta(days=3)).strftime("%Y.%-m.%-d"))  # over the old date, as typed
    return dialog


def test_an_application_typed_after_the_talk_is_named_and_going_back_saves_nothing(qtbot, db, talked_to, no_boxes) -> None:  # type: ignore[no-untyped-def]
    dialog = _retyped_application(qtbot, db, talked_to)
    seen: list[str] = []
    answer_warning(None, seen)
    dialog._accept()
    assert seen and "派人谈话" in seen[0] and "顺序颠倒" in seen[0] and "DEV-" not in seen[0]
    assert dialog.result() != QDialog.DialogCode.Accepted and "未保存" in dialog.error.text()
    assert dev.get_case(db, talked_to.id).on(1) == APPLIED


def test_an_application_typed_after_the_talk_saves_only_with_a_reason(qtbot, db, talked_to, no_boxes) -> None:  # type: ignore[no-untyped-def]
    dialog = _retyped_application(qtbot, db, talked_to)
    seen: list[str] = []
    answer_warning("申请书原件日期如此，待核实", seen)
    dialog._accept()
    assert seen and dialog.result() == QDialog.DialogCode.Accepted, dialog.error.text()
    assert dev.get_case(db, talked_to.id).on(1) == TODAY - timedelta(days=3)
