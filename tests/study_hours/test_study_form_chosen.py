"""新增学习培训记录: 学习形式 opened on 党校培训, so a training whose form a person Tabbed past was saved — and printed in
the volume — as 党校培训 (the pattern of TK-11: a default saved as a fact). A new record's 学习形式 opens empty and is
chosen; saving it empty names the field and saves nothing. A record being corrected keeps its own form."""

from __future__ import annotations

from datetime import date

from branchdesk.services.study_hours.records import list_study_records
from branchdesk.ui.context import AppContext
from branchdesk.ui.meetings.study_dialog import StudyRecordDialog
from tests.meetings.helpers import make_branch

DAY = date(2026, 7, 10)


def test_a_form_tabbed_past_is_asked_for_not_saved_as_party_school(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    made = make_branch(db)
    dialog = StudyRecordDialog(AppContext(db), None, made.id)
    qtbot.addWidget(dialog)
    assert dialog.form.currentText() == ""
    dialog.day.set_value(DAY)
    dialog.hours.setText("8")
    dialog.title.setText("暑期党员集中轮训")
    dialog.save()
    assert dialog.saved is None and list_study_records(db) == []
    assert "请选择学习形式" in dialog.errors["学习形式"].text()
    dialog.form.setCurrentText("上级集中轮训")
    dialog.save()
    assert {r.form for r in list_study_records(db)} == {"上级集中轮训"}
