"""新建整改台账 (trial K, TK-11): the form used to open on the 党委 as 所属组织 and on 巡察反馈 as 问题来源, so a
branch's own 组织生活会 ledger that a user Tabbed through was saved as the 党委's 巡察 ledger — a default
saved as a fact. Now both open empty and are required; a school with one organisation opens on it (there
is nothing to choose), and editing a ledger keeps what it holds."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialogButtonBox

from branchdesk.db.engine import Database
from branchdesk.domain.rectification.editing import LedgerInput
from branchdesk.domain.vocabulary import OrgKind
from branchdesk.services.rectification import records as rect
from branchdesk.services.roster.organisation import OrgRef, create_org
from branchdesk.ui.context import AppContext
from branchdesk.ui.rectification.ledger_dialog import LedgerDialog
from tests.ui_typing import type_text

pytestmark = pytest.mark.usefixtures("message_boxes")

TITLE = "2026年组织生活会查摆问题整改台账"


def _save(dialog: LedgerDialog) -> None:
    buttons = dialog.findChild(QDialogButtonBox)
    assert buttons is not None
    QTest.mouseClick(buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)


def _school(db: Database) -> tuple[OrgRef, OrgRef, OrgRef]:
    committee = create_org(db, "中共青山学校委员会", OrgKind.COMMITTEE)
    first = create_org(db, "第一党支部", OrgKind.BRANCH, committee.id)
    second = create_org(db, "第二党支部", OrgKind.BRANCH, committee.id)
    return committee, first, second


def test_a_new_ledger_tabbed_through_names_neither_source_nor_organisation(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    _committee, _first, second = _school(db)
    dialog = LedgerDialog(AppContext(db))
    qtbot.addWidget(dialog)
    assert dialog.source.currentText() == ""  # not 巡察反馈
    assert dialog.org.currentData() is None and dialog.org.currentText() == "（请选择）"  # not the 党委
    dialog.title.setFocus()
    type_text(dialog.title, TITLE)
    QTest.keyClick(dialog.title, Qt.Key.Key_Tab)
    _save(dialog)
    assert dialog.saved is None and rect.list_ledgers(db) == []
    assert "问题来源" in dialog.error.text() and "所属组织" in dialog.error.text(), dialog.error.text()

    dialog.source.setFocus()
    line = dialog.source.lineEdit()
    assert line is not None
    type_text(line, "支部自查")
    while dialog.org.currentData() != second.id:  # chosen by keyboard, row by row
        QTest.keyClick(dialog.org, Qt.Key.Key_Down)
    _save(dialog)
    assert dialog.saved is not None
    assert [(x.title, x.source, x.org_id) for x in rect.list_ledgers(db)] == [(TITLE, "支部自查", second.id)]


def test_one_organisation_is_no_choice_and_an_edited_ledger_keeps_its_own(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    only = create_org(db, "中共青山学校支部委员会", OrgKind.BRANCH)
    dialog = LedgerDialog(AppContext(db))
    qtbot.addWidget(dialog)
    assert dialog.org.currentData() == only.id and dialog.source.currentText() == ""

    create_org(db, "第二党支部", OrgKind.BRANCH)
    ledger = rect.create_ledger(db, LedgerInput(title=TITLE, source="组织生活会", org_id=None,
                                                received_date=date(2026, 11, 27), deadline=None))
    editing = LedgerDialog(AppContext(db), ledger)
    qtbot.addWidget(editing)
    assert (editing.source.currentText(), editing.org.currentData()) == ("组织生活会", None)
    _save(editing)  # a ledger kept without an organisation (an import's) is corrected, not refused
    assert editing.saved is not None and editing.saved.org_id is None
