"""The meeting form takes a 支部党员大会's 表决情况, one row per matter, and the check judges it
(issue 16, item 7)."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtWidgets import QTableWidgetItem

from branchdesk.domain.meetings.records import MeetingKind
from branchdesk.services.meetings.checks import meeting_findings
from branchdesk.services.meetings.records import list_meetings, prefill
from branchdesk.services.meetings.votes import list_votes
from branchdesk.ui.context import AppContext
from branchdesk.ui.meetings.meeting_dialog import MeetingDialog
from tests.meetings.helpers import BRANCH, make_branch

pytestmark = pytest.mark.usefixtures("message_boxes")
DAY = date(2026, 6, 30)


def test_votes_typed_in_the_form_are_saved_and_checked(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    branch = make_branch(db)
    dialog = MeetingDialog(AppContext(db), prefill(db, MeetingKind.CONGRESS.value, branch_id=branch.id, on=DAY))
    qtbot.addWidget(dialog)
    dialog.topic.setText("讨论接收预备党员")
    dialog.content.setPlainText("逐个讨论并表决。")
    assert dialog.tabs.isTabEnabled(dialog.votes_tab)
    for subject, yes in (("接收张三为预备党员", "3"), ("接收李四为预备党员", "6")):
        dialog.votes.add_row()
        row = dialog.votes.table.rowCount() - 1
        for column, text in enumerate((subject, "7", "6", yes)):
            dialog.votes.table.setItem(row, column, QTableWidgetItem(text))
    dialog.save()
    assert dialog.result() == dialog.DialogCode.Accepted, dialog.errors.text()
    saved = list_meetings(db)[0]
    assert [(v.subject, v.votes_for) for v in list_votes(db, saved.id)] == [("接收张三为预备党员", 3), ("接收李四为预备党员", 6)]
    found = [f for f in meeting_findings(db, year=2026, as_of=date(2026, 12, 1), branch=BRANCH) if f.rule == "VOTE-PASS"]
    assert len(found) == 1 and "接收张三为预备党员" in found[0].message


def test_a_count_that_is_not_a_number_is_named(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    branch = make_branch(db)
    dialog = MeetingDialog(AppContext(db), prefill(db, MeetingKind.CONGRESS.value, branch_id=branch.id, on=DAY))
    qtbot.addWidget(dialog)
    dialog.votes.add_row()
    dialog.votes.table.setItem(0, 1, QTableWidgetItem("七"))
    dialog.save()
    assert "应到表决人数" in dialog.errors.text() and not list_meetings(db)
