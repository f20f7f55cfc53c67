"""组织与党员 → 重命名 asks 自何日起 (trial TY-5): the new name typed, the day typed as a secretary writes it,
Enter; the old name is kept for the days before."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from branchdesk.db.models import Organisation, OrgName
from branchdesk.ui.context import AppContext
from branchdesk.ui.roster.org_panel import NODE_ROLE, OrgPanel
from branchdesk.ui.roster.rename_dialog import RenameDialog
from tests.meetings.helpers import make_branch
from tests.ui_typing import retype, type_date


def _select(panel: OrgPanel, org_id: int) -> None:
    stack = [panel.tree.topLevelItem(i) for i in range(panel.tree.topLevelItemCount())]
    while stack:
        item = stack.pop()
        assert item is not None
        if item.data(0, NODE_ROLE).id == org_id:
            panel.tree.setCurrentItem(item)
            return
        stack.extend(item.child(j) for j in range(item.childCount()))
    raise AssertionError(org_id)


def _rename_by_keys(qtbot, db, name: str, day: str, *, correction: bool = False) -> list[str]:  # type: ignore[no-untyped-def]
    made = make_branch(db)
    panel = OrgPanel(AppContext(db))
    qtbot.addWidget(panel)
    panel.refresh()
    _select(panel, made.group_ids["语文党小组"])
    seen: list[str] = []

    def in_the_dialog() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, RenameDialog)
        seen.append(str(dialog.since.value()))  # today by default
        retype(dialog.name, name)
        if day:
            type_date(dialog.since, day)
        if correction:
            dialog.correction.setFocus()
            QTest.keyClick(dialog.correction, Qt.Key.Key_Space)  # ticked by the keyboard
            assert not dialog.since.isEnabled()
        QTest.keyClick(dialog.name, Qt.Key.Key_Return)  # Enter: the default button, 重命名
        if dialog.isVisible():
            seen.append(dialog.error.text())
            dialog.reject()

    QTimer.singleShot(0, in_the_dialog)
    qtbot.mouseClick(panel.rename_button, Qt.MouseButton.LeftButton)
    current = panel.tree.currentItem()  # the tree shown again, the group still chosen
    assert current is not None
    seen.append(current.toolTip(0))
    return seen


def test_rename_from_a_typed_day_keeps_the_old_name_until_the_day_before(qtbot, db, message_boxes) -> None:  # type: ignore[no-untyped-def]
    seen = _rename_by_keys(qtbot, db, "高一语文党小组", "2026.9.1")
    assert seen == [date.today().isoformat(), "党小组\n曾用名：语文党小组（至2026-08-31）"]  # the tree's tooltip
    with db.session() as session:
        assert session.scalar(select(Organisation.id).where(Organisation.name == "高一语文党小组")) is not None
        assert session.execute(select(OrgName.name, OrgName.ended_on)).one() == ("语文党小组", date(2026, 8, 31))
    assert message_boxes.texts == []


def test_a_day_after_today_is_refused_in_the_dialog(qtbot, db, message_boxes) -> None:  # type: ignore[no-untyped-def]
    later = date.today().replace(year=date.today().year + 1)
    seen = _rename_by_keys(qtbot, db, "高一语文党小组", f"{later:%Y-%m-%d}")
    assert len(seen) == 3 and seen[1] and "曾用名" not in seen[2]
    with db.session() as session:
        assert session.scalar(select(OrgName.id)) is None
        assert session.scalar(select(Organisation.id).where(Organisation.name == "语文党小组")) is not None


def test_a_name_written_wrong_is_corrected_by_the_box(qtbot, db, message_boxes) -> None:  # type: ignore[no-untyped-def]
    seen = _rename_by_keys(qtbot, db, "语文党小组（初中）", "", correction=True)
    assert seen == [date.today().isoformat(), "党小组"]  # no earlier name in the tooltip
    with db.session() as session:
        assert session.scalar(select(OrgName.id)) is None
        assert session.scalar(select(Organisation.id).where(Organisation.name == "语文党小组（初中）")) is not None


def test_the_dialog_says_what_the_box_does_to_the_earlier_records(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    """The note under the date said "这一天之前的会议…仍使用原名称" with 只是改正写错的名称 ticked too,
    when the earlier records take the new name."""
    from branchdesk.services.roster.organisation import get_tree

    made = make_branch(db)
    stack = list(get_tree(db))
    while stack:
        node = stack.pop()
        if node.id == made.group_ids["语文党小组"]:
            break
        stack.extend(node.children)
    dialog = RenameDialog(AppContext(db), node)
    qtbot.addWidget(dialog)
    assert "仍使用原名称“语文党小组”" in dialog.hint.text()
    dialog.correction.setChecked(True)
    assert "仍使用" not in dialog.hint.text() and "也改用新名称" in dialog.hint.text()
    dialog.correction.setChecked(False)
    assert "仍使用原名称“语文党小组”" in dialog.hint.text()
