"""TY-3: 组织与党员 → 新建下级 (a new 党小组 under a 党支部) failed every time with "AttributeError：'str'
object has no attribute 'value'": Qt hands a StrEnum put into a combo back as its text, and create_org
read `kind.value`. The 党小组 is created by typing its name and pressing Enter, as the trial did
(ORG-GROUPS, domain.md §1: a 支部 may form 党小组)."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from branchdesk.domain.vocabulary import OrgKind
from branchdesk.services.roster.organisation import get_tree
from branchdesk.ui.context import AppContext
from branchdesk.ui.roster.org_panel import NODE_ROLE, NewOrgDialog, OrgPanel
from tests.meetings.helpers import make_branch
from tests.ui_typing import type_text


def _groups_of(db, branch_id: int) -> list[str]:  # type: ignore[no-untyped-def]
    node = next(n for root in get_tree(db) for n in root.walk() if n.id == branch_id)
    return [child.name for child in node.children if child.kind == OrgKind.GROUP.value]


def test_a_new_group_is_created_by_typing_its_name_and_enter(qtbot, db, message_boxes) -> None:  # type: ignore[no-untyped-def]
    branch = make_branch(db)
    panel = OrgPanel(AppContext(db))
    qtbot.addWidget(panel)
    panel.refresh()
    item = next(panel.tree.topLevelItem(i) for i in range(panel.tree.topLevelItemCount())
                if panel.tree.topLevelItem(i).text(0) == "中共测试中学委员会")
    branch_item = next(item.child(i) for i in range(item.childCount()) if item.child(i).data(0, NODE_ROLE).id == branch.id)
    panel.tree.setCurrentItem(branch_item)
    seen: list[str] = []

    def in_the_dialog() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, NewOrgDialog)
        seen.append(dialog.kind.currentText())
        dialog.name.setFocus()
        type_text(dialog.name, "初中二组")
        QTest.keyClick(dialog.name, Qt.Key.Key_Return)  # Enter: the dialog's default button, 新建
        if dialog.isVisible():  # not created: what the dialog says, and out of it so the test goes on
            seen.append(dialog.error.text())
            dialog.reject()

    QTimer.singleShot(0, in_the_dialog)
    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    assert seen == ["党小组"]
    assert "初中二组" in _groups_of(db, branch.id)
    assert message_boxes.texts == []
    names = []  # the tree as the panel shows it after the change
    stack = [panel.tree.topLevelItem(i) for i in range(panel.tree.topLevelItemCount())]
    while stack:
        node = stack.pop()
        names.append(node.text(0))
        stack.extend(node.child(j) for j in range(node.childCount()))
    assert "初中二组" in names


def test_the_dialog_hands_the_service_an_org_kind(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    branch = make_branch(db)
    node = next(n for root in get_tree(db) for n in root.walk() if n.id == branch.id)
    dialog = NewOrgDialog(AppContext(db), (OrgKind.GROUP,), node)
    qtbot.addWidget(dialog)
    assert dialog.selected_kind() is OrgKind.GROUP
    assert dialog.name.placeholderText() == "如：语文党小组"
