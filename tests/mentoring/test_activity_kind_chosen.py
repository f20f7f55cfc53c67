"""登记帮扶活动: the 活动形式 is chosen, not defaulted (trial K, TK-11: it opened on 听课, she Tabbed past
it, and the volume printed "2026-03-20 听课 1.5学时（家访）" — a default printed as a fact). The field
opens empty; saving it so names the field and saves nothing; the arrow key picks a form."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from branchdesk.services.mentoring.log import list_activities
from branchdesk.ui.context import AppContext
from branchdesk.ui.mentoring.activity_dialog import ActivityDialog
from tests.mentoring.helpers import make_roster, teacher_pair
from tests.ui_typing import type_date, type_text

pytestmark = pytest.mark.usefixtures("message_boxes")
TODAY = date(2026, 12, 5)


def test_the_activity_form_is_chosen_not_defaulted(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    ids = make_roster(db)
    pair = teacher_pair(db, ids["张建国"], date(2026, 2, 24), today=TODAY)
    dialog = ActivityDialog(AppContext(db), pair, today=TODAY)
    qtbot.addWidget(dialog)
    type_date(dialog.activity_date, "3月20日")
    assert dialog.kind.currentText() == ""  # Tabbed past: nothing chosen
    dialog.note.setFocus()
    type_text(dialog.note, "家访")
    dialog.save()
    assert dialog.saved is None and list_activities(db, pair.id) == []
    assert dialog.errors["活动形式"].text()  # said beside the field
    dialog.kind.setFocus()
    QTest.keyClick(dialog.kind, Qt.Key.Key_Down)  # the first form of the list
    chosen = dialog.kind.currentText()
    assert chosen
    dialog.save()
    assert dialog.saved is not None and dialog.saved.kind == chosen
