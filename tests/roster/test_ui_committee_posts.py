"""TY-2 in the window: the 支部委员会 list had no action at all. A post is ended by 卸任 with a typed date,
corrected, deleted (Delete key, to the recycle bin) and its 修改记录 opened; 任命职务 says before saving
whose term it ends; 换届 names the new committee and ends every old post (ORG-COMMITTEE, ORG-TERM)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QFocusEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from branchdesk.db.models import CommitteePost
from branchdesk.services.recycle_bin import list_deleted
from branchdesk.services.roster.organisation import get_tree, list_posts
from branchdesk.ui.context import AppContext
from branchdesk.ui.roster.org_panel import NODE_ROLE, OrgPanel
from branchdesk.ui.roster.post_dialogs import ElectionDialog, EndPostDialog, PostDialog
from tests.meetings.helpers import make_branch
from tests.ui_typing import type_date


@pytest.fixture
def branch(db):  # type: ignore[no-untyped-def]
    """The helpers' branch, its committee (王书记 书记, 李组织 组织委员, 张宣传 宣传委员) as a roster's
    党内职务 records it: no term, in office "至今"."""
    made = make_branch(db)
    with db.session() as session:
        for post in session.query(CommitteePost).filter(CommitteePost.org_id == made.id):
            post.term_start, post.term_end = None, None
    return made


@pytest.fixture
def panel(qtbot, db, branch):  # type: ignore[no-untyped-def]
    widget = OrgPanel(AppContext(db))
    qtbot.addWidget(widget)
    widget.show()
    widget.refresh()
    stack = [widget.tree.topLevelItem(i) for i in range(widget.tree.topLevelItemCount())]
    while stack:
        item = stack.pop()
        node = item.data(0, NODE_ROLE)
        if node is not None and node.id == branch.id:
            widget.tree.setCurrentItem(item)
        stack.extend(item.child(i) for i in range(item.childCount()))
    return widget


def _shown(panel) -> list[str]:  # type: ignore[no-untyped-def]
    return [panel.posts.item(i).text() for i in range(panel.posts.count())]


def _choose(panel, words: str) -> None:  # type: ignore[no-untyped-def]
    row = next(i for i, text in enumerate(_shown(panel)) if text.startswith(words))
    panel.posts.setFocus()
    panel.posts.setCurrentRow(row)


def _in_modal(kind: type, act) -> list[object]:  # type: ignore[no-untyped-def]
    """Run `act(dialog)` on the modal dialog the next click opens; the dialogs seen are returned."""
    seen: list[object] = []

    def run() -> None:
        dialog = QApplication.activeModalWidget()
        seen.append(dialog)
        assert isinstance(dialog, kind)
        act(dialog)
        if dialog.isVisible():
            dialog.reject()

    QTimer.singleShot(0, run)
    return seen


def test_a_post_ends_by_typing_the_last_day(qtbot, db, branch, panel, message_boxes) -> None:  # type: ignore[no-untyped-def]
    assert _shown(panel) == ["书记：王书记（任期开始未填 — 至今）", "组织委员：李组织（任期开始未填 — 至今）",
                             "宣传委员：张宣传（任期开始未填 — 至今）"]
    assert not panel.end_button.isEnabled()  # nothing chosen yet
    _choose(panel, "宣传委员：张宣传")
    assert panel.end_button.isEnabled()
    last = date.today() - timedelta(days=5)

    def type_the_day(dialog: EndPostDialog) -> None:
        type_date(dialog.on, f"{last:%Y.%m.%d}")
        ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
        assert ok.text() == "卸任"
        ok.setFocus()  # Tab to 卸任 (Enter in a date field moves on, by design) …
        QTest.keyClick(ok, Qt.Key.Key_Space)  # … and Space

    seen = _in_modal(EndPostDialog, type_the_day)
    qtbot.mouseClick(panel.end_button, Qt.MouseButton.LeftButton)
    assert len(seen) == 1 and message_boxes.texts == []
    [ended] = [p for p in list_posts(db, branch.id) if p.member_name == "张宣传"]
    assert ended.term_end == last
    assert "宣传委员：张宣传（任期开始未填 — 至今）" not in _shown(panel)
    panel.show_ended.setChecked(True)
    assert f"宣传委员：张宣传（任期开始未填 — {last:%Y-%m-%d} 已卸任）" in _shown(panel)


def test_an_appointment_says_whose_term_it_ends_before_saving(qtbot, db, branch, panel) -> None:  # type: ignore[no-untyped-def]
    node = panel.current_node()
    dialog = PostDialog(AppContext(db), node, panel)
    qtbot.addWidget(dialog)
    dialog.member.setCurrentIndex(dialog.member.findData(branch.members["赵一"]))
    dialog.post.setCurrentText("宣传委员")
    type_date(dialog.start, "2027.3.10")
    assert dialog.effects.text() == "张宣传（宣传委员，任期开始未填）的任职将于 2027-03-09 结束（由新任职接替）"
    dialog.save()
    held = [(p.post, p.member_name) for p in list_posts(db, branch.id, on=date(2027, 3, 10))]
    assert held == [("书记", "王书记"), ("组织委员", "李组织"), ("宣传委员", "赵一")]


def test_a_post_is_corrected_and_deleted_with_the_delete_key(qtbot, db, branch, panel, message_boxes) -> None:  # type: ignore[no-untyped-def]
    _choose(panel, "组织委员：李组织")

    def correct(dialog: PostDialog) -> None:
        assert dialog.start.text() == ""  # unknown, and left so
        dialog.member.setCurrentIndex(dialog.member.findData(branch.members["钱二"]))
        dialog.save()

    _in_modal(PostDialog, correct)
    qtbot.mouseClick(panel.edit_post_button, Qt.MouseButton.LeftButton)
    assert "组织委员：钱二（任期开始未填 — 至今）" in _shown(panel)
    _choose(panel, "组织委员：钱二")
    QTest.keyClick(panel.posts, Qt.Key.Key_Delete)
    assert message_boxes.questions and "组织委员：钱二" in message_boxes.questions[-1]
    assert not any(text.startswith("组织委员") for text in _shown(panel))
    assert [i.table for i in list_deleted(db)] == ["committee_posts"]


def test_a_new_term_names_the_committee_and_ends_every_post(qtbot, db, branch, panel) -> None:  # type: ignore[no-untyped-def]
    node = next(n for root in get_tree(db) for n in root.walk() if n.id == branch.id)
    dialog = ElectionDialog(AppContext(db), node, panel)
    qtbot.addWidget(dialog)
    assert dialog.seats() == [(branch.members["王书记"], "书记"), (branch.members["李组织"], "组织委员"),
                              (branch.members["张宣传"], "宣传委员")]  # the committee in office, to change
    type_date(dialog.start, "2027.3.10")
    assert dialog.end.text() == "2030-03-10"
    assert "原支部委员会的任职全部结束" in dialog.effects.text() and "2027-03-09" in dialog.effects.text()
    people = dialog.table.cellWidget(2, 1)
    people.setCurrentIndex(people.findData(branch.members["赵一"]))
    dialog.add_seat("委员", branch.members["钱二"])
    dialog.add_seat("委员", branch.members["孙三"])
    dialog.table.cellWidget(3, 1).setFocus()  # 钱二's row, then 删除此行
    QApplication.sendEvent(dialog.table.cellWidget(3, 1), QFocusEvent(QEvent.Type.FocusIn))
    dialog.remove_seat()
    assert dialog.seats()[3:] == [(branch.members["孙三"], "委员")]
    dialog.save()
    assert dialog.result() == dialog.DialogCode.Accepted
    held = [(p.post, p.member_name) for p in list_posts(db, branch.id, on=date(2027, 3, 10))]
    assert held == [("书记", "王书记"), ("组织委员", "李组织"), ("宣传委员", "赵一"), ("委员", "孙三")]
    assert len(list_posts(db, branch.id, on=date(2027, 3, 9))) == 3
