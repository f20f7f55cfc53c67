"""The keyboard as a person on a shared office PC uses it (trial 10): the cursor where typing goes,
Tab out of lists, sheets and multi-line boxes, Escape that asks before throwing a form away.
Keys go to whatever has the focus, as they do on the screen."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QMessageBox, QWidget

from branchdesk.db.queries import get_setting
from branchdesk.services.setup import RECORDS_START
from branchdesk.ui.context import AppContext
from branchdesk.ui.setup.first_start import FirstStartDialog
from tests.ui_typing import type_text


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard"
    return widget


def press(key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    QTest.keyClick(focused(), key, modifier)


def type_here(text: str) -> None:
    type_text(focused(), text)


def shown(qtbot, window: QWidget) -> None:  # type: ignore[no-untyped-def]
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)


def test_each_first_start_step_takes_the_typing(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    """T10-1: after 下一步 the cursor is in the step's first field: the 启用日期 typed is the one saved."""
    dialog = FirstStartDialog(AppContext(db))
    qtbot.addWidget(dialog)
    shown(qtbot, dialog)
    assert focused() is dialog.school
    type_here("示范市实验中学")
    press(Qt.Key.Key_Return)
    assert dialog.pages.currentIndex() == 1 and focused() is dialog.outline
    type_here("第三党支部：初一党小组、初二党小组")
    press(Qt.Key.Key_Tab)
    while focused() is not dialog.next_button:
        press(Qt.Key.Key_Tab)
    press(Qt.Key.Key_Space)
    assert dialog.pages.currentIndex() == 2
    assert focused() is dialog.start_date.edit
    type_here("2026.1.1")
    press(Qt.Key.Key_Return)  # confirms the date and moves on (date_edit), to 保存并继续
    assert dialog.pages.currentIndex() == 2 and focused() is dialog.next_button
    press(Qt.Key.Key_Return)
    assert dialog.pages.currentIndex() == 3
    with db.session() as session:
        assert get_setting(session, RECORDS_START) == "2026-01-01"
    assert focused() is dialog.import_link  # the last step: its first choice
    dialog.start_link.click()
    assert dialog.result() == QDialog.DialogCode.Accepted


def _every_form(context: AppContext) -> list[QDialog]:
    """One of each form of the window, on the demo school."""
    from branchdesk.domain.findings import Finding, Severity
    from branchdesk.domain.vocabulary import ALLOWED_CHILDREN, MoveKind, OrgKind
    from branchdesk.services.rectification.records import list_ledgers
    from branchdesk.services.roster.organisation import get_tree, list_orgs
    from branchdesk.services.roster.records import list_members
    from branchdesk.ui.development.dialogs import PersonDialog
    from branchdesk.ui.dues.base_dialog import BaseDialog
    from branchdesk.ui.dues.dialogs import HandUpDialog, TransferInDialog
    from branchdesk.ui.dues.dialogs import SettingsDialog as DuesSettingsDialog
    from branchdesk.ui.meetings.plan_tab import PlanItemDialog
    from branchdesk.ui.mentoring.lists_dialog import ListsDialog
    from branchdesk.ui.rectification import measure_dialogs
    from branchdesk.ui.rectification.ledger_dialog import LedgerDialog
    from branchdesk.ui.roster.branch_dates_dialog import BranchDatesDialog
    from branchdesk.ui.roster.discipline_dialog import DisciplineDialog
    from branchdesk.ui.roster.move_dialog import MoveDialog
    from branchdesk.ui.roster.org_panel import NewOrgDialog
    from branchdesk.ui.roster.transfer_dialog import TransferDialog
    from branchdesk.ui.widgets.rule_warning import RuleWarningDialog
    from tests.ui.test_ui_dates import _dialogs  # every form with a date (21)

    db = context.db
    branches = [r for r in list_orgs(db) if r.kind == OrgKind.BRANCH.value]
    member = list_members(db)[0]
    branch_node = next(n for root in get_tree(db) for n in root.walk() if n.kind == OrgKind.BRANCH.value)
    ledger = LedgerDialog(context)
    ledger_id = list_ledgers(db)[0].id
    return [
        *_dialogs(context), ledger,
        PersonDialog(context, [b.name for b in branches]),
        measure_dialogs.ProblemDialog(context, ledger_id, ["组织生活会"], "组织生活会"),
        MoveDialog(context, member), TransferDialog(context, member, MoveKind.LEFT_UNIT),
        DisciplineDialog(context, member),
        HandUpDialog(context, [(b.name, b.id) for b in branches], branches[0].id),
        BaseDialog(context, member.id, member.name), TransferInDialog(context, member.id, member.name),
        PlanItemDialog(["支部委员会"], None),
        NewOrgDialog(context, ALLOWED_CHILDREN[OrgKind.BRANCH], branch_node), BranchDatesDialog(context, branches[0].id),
        ListsDialog(context), DuesSettingsDialog(context),
        RuleWarningDialog([Finding(Severity.WARNING, "评为优秀的人数超过参评人数的三分之一", "MTG-YEARLY-REVIEW")], "保存"),
    ]


def test_every_form_opens_with_the_cursor_in_its_first_field(qtbot, demo_db, keyboard) -> None:  # type: ignore[no-untyped-def]
    """T10-10: 新增入党申请人, 新增结对 and the 发展党员 steps opened on their scroll area: the name typed
    first went nowhere and Tab went to 保存. Now every form opens with the cursor in its first field."""
    from branchdesk.ui.widgets.keyboard import first_input, is_input, typed_into

    wrong, asking = [], []
    forms = _every_form(AppContext(demo_db))
    assert len(forms) == 36
    for dialog in forms:
        qtbot.addWidget(dialog)
        shown(qtbot, dialog)
        widget = QApplication.focusWidget()
        if not (is_input(widget) and dialog.isAncestorOf(widget) and widget is first_input(dialog)):
            wrong.append(f"{type(dialog).__name__}: {type(widget).__name__}#{widget and widget.objectName()}")
        qtbot.wait(300)  # what a form loads once shown (the sign-in sheet) is not typing: Escape asks nothing
        if typed_into(dialog):
            asking.append(type(dialog).__name__)
        dialog.hide()
    assert wrong == [] and asking == []


def test_a_new_applicant_is_typed_from_the_first_key(qtbot, demo_db, keyboard) -> None:  # type: ignore[no-untyped-def]
    """T10-10 as the trial typed it: 姓名, Tab, 公民身份号码 land in their fields."""
    from datetime import date

    from branchdesk.domain.idcard import make_id_number
    from branchdesk.services.roster.organisation import list_orgs
    from branchdesk.ui.development.dialogs import PersonDialog

    dialog = PersonDialog(AppContext(demo_db), [r.name for r in list_orgs(demo_db) if r.kind == "党支部"])
    qtbot.addWidget(dialog)
    shown(qtbot, dialog)
    type_here("陈晓东")
    press(Qt.Key.Key_Tab)
    number = make_id_number("140202", date(2001, 5, 6), 3, True)
    type_here(number)
    texts = [w.text() for w in dialog.findChildren(QLineEdit)]
    assert "陈晓东" in texts and number in texts


def _tab_until_out(view: QWidget, limit: int = 200) -> int:
    """Tab presses from inside `view` until the keyboard is somewhere else (limit: never)."""
    for count in range(1, limit + 1):
        press(Qt.Key.Key_Tab)
        if focused() is not view and not view.isAncestorOf(focused()):
            return count
    return limit


def test_tab_leaves_the_sign_in_sheet(qtbot, demo_db, keyboard) -> None:  # type: ignore[no-untyped-def]
    """T10-5: Tab, Shift+Tab and Ctrl+Tab cycled inside the 出席情况 sheet for ever; 会议内容, 保存并定稿
    could not be reached. Tab leaves the sheet (the arrows move in it), Ctrl+Tab goes to 会议内容."""
    from datetime import date

    from branchdesk.domain.meetings.records import MeetingKind
    from branchdesk.domain.vocabulary import OrgKind
    from branchdesk.services.meetings.records import prefill
    from branchdesk.services.roster.organisation import list_orgs
    from branchdesk.ui.meetings.meeting_dialog import MeetingDialog

    branch = next(r for r in list_orgs(demo_db) if r.kind == OrgKind.BRANCH.value)
    dialog = MeetingDialog(AppContext(demo_db), prefill(demo_db, MeetingKind.CONGRESS.value, branch_id=branch.id,
                                                         on=date(2026, 11, 5)))
    qtbot.addWidget(dialog)
    shown(qtbot, dialog)
    qtbot.waitUntil(lambda: dialog.sheet_model.rowCount() > 5, timeout=10_000)
    sheet = dialog.sheet
    sheet.setFocus(Qt.FocusReason.TabFocusReason)
    sheet.setCurrentIndex(dialog.sheet_model.index(5, 0))
    press(Qt.Key.Key_Down)  # the arrows move inside
    assert focused() is sheet and sheet.currentIndex().row() == 6
    assert _tab_until_out(sheet) == 1  # to the buttons under it (按花名册载入 …)
    sheet.setFocus(Qt.FocusReason.TabFocusReason)
    press(Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert focused() is not sheet
    sheet.setFocus(Qt.FocusReason.TabFocusReason)
    press(Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert dialog.tabs.tabText(dialog.tabs.currentIndex()) == "会议内容"
    dialog.hide()


def test_tab_leaves_the_record_lists(qtbot, demo_db, keyboard) -> None:  # type: ignore[no-untyped-def]
    """T10-8: Tab cycled through the cells of 三会一课's list and the roster for 1000 presses; 编辑,
    定稿, 更多 under them were out of reach. Tab goes from the list to the page's buttons."""
    from branchdesk.ui.main_window import MainWindow

    window = MainWindow(AppContext(demo_db))
    qtbot.addWidget(window)
    shown(qtbot, window)
    for key, name in (("meetings", "meetingTable"), ("roster", "memberTable")):
        window.open_area(key)
        table = window.page(key).findChild(QWidget, name)
        qtbot.waitUntil(lambda t=table: t.model().rowCount() > 3, timeout=20_000)
        table.setFocus(Qt.FocusReason.TabFocusReason)
        press(Qt.Key.Key_Down)
        row = table.currentIndex().row()
        assert _tab_until_out(table) == 1, name
        assert table.currentIndex().row() == row  # the row chosen stays chosen


def _member_form(db):  # type: ignore[no-untyped-def]
    from branchdesk.domain.vocabulary import OrgKind
    from branchdesk.services.roster.organisation import list_orgs
    from branchdesk.ui.roster.member_dialog import MemberDialog

    refs = list_orgs(db)
    return MemberDialog(AppContext(db), [r for r in refs if r.kind == OrgKind.BRANCH.value],
                        [r for r in refs if r.kind == OrgKind.GROUP.value])


def test_tab_moves_on_from_a_note_box(qtbot, demo_db, keyboard) -> None:  # type: ignore[no-untyped-def]
    """T10-3: Tab typed a tab character into 备注 and 整改措施 and stayed there; the 责任人 typed next
    went into the measure's text. Tab moves on from every multi-line box."""
    from branchdesk.services.rectification.records import list_ledgers, list_problems
    from branchdesk.ui.rectification.measure_dialogs import MeasureDialog

    form = _member_form(demo_db)
    qtbot.addWidget(form)
    shown(qtbot, form)
    form.note.setFocus(Qt.FocusReason.TabFocusReason)
    type_here("备注一行")
    press(Qt.Key.Key_Tab)
    assert form.note.toPlainText() == "备注一行" and focused() is not form.note
    form.hide()

    measure = MeasureDialog(AppContext(demo_db), list_problems(demo_db, list_ledgers(demo_db)[0].id))
    qtbot.addWidget(measure)
    shown(qtbot, measure)
    measure.text.setFocus(Qt.FocusReason.TabFocusReason)
    type_here("制定支部年度学习计划")
    press(Qt.Key.Key_Tab)
    assert focused() is measure.leader
    type_here("王建国")
    press(Qt.Key.Key_Tab)
    type_here("李秀英")
    assert measure.text.toPlainText() == "制定支部年度学习计划"
    assert (measure.leader.text(), measure.person.text()) == ("王建国", "李秀英")


def test_escape_asks_before_throwing_a_typed_form_away(qtbot, demo_db, keyboard, message_boxes) -> None:  # type: ignore[no-untyped-def]
    """T10-3: one Escape closed a form typed in full, without a word. Now a form typed into asks first;
    an untouched form closes at once."""
    form = _member_form(demo_db)
    qtbot.addWidget(form)
    shown(qtbot, form)
    press(Qt.Key.Key_Escape)  # nothing typed: closed, nothing asked
    assert not form.isVisible() and message_boxes.questions == []

    form = _member_form(demo_db)
    qtbot.addWidget(form)
    shown(qtbot, form)
    type_here("张晓梅")
    message_boxes.answer = QMessageBox.StandardButton.No  # 继续填写
    press(Qt.Key.Key_Escape)
    assert message_boxes.questions and "放弃" in message_boxes.questions[-1]
    assert form.isVisible() and "张晓梅" in [w.text() for w in form.findChildren(QLineEdit)]
    message_boxes.answer = QMessageBox.StandardButton.Yes  # 放弃
    press(Qt.Key.Key_Escape)
    assert not form.isVisible() and form.result() == QDialog.DialogCode.Rejected


def test_a_page_opened_by_keys_takes_the_keys(qtbot, demo_db, keyboard) -> None:  # type: ignore[no-untyped-def]
    """T10-19: after Ctrl+2, Ctrl+3 … the keyboard stayed in the sidebar, and Down meant for the list
    switched pages (after saving a record too: the focus went back to the sidebar). The page shown
    takes the keys: its list, or its first field when it has no list."""
    from PySide6.QtCore import QTimer

    from branchdesk.ui.main_window import MainWindow

    window = MainWindow(AppContext(demo_db))
    qtbot.addWidget(window)
    shown(qtbot, window)
    window.nav.setFocus()
    for number, key in ((2, "roster"), (3, "meetings"), (7, "rectification"), (9, "reports")):
        press(getattr(Qt.Key, f"Key_{number}"), Qt.KeyboardModifier.ControlModifier)
        page = window.page(key)
        assert window.stack.currentWidget() is page
        assert page.isAncestorOf(focused()), (key, focused())
        row = window.nav.currentRow()
        press(Qt.Key.Key_Down)
        assert window.nav.currentRow() == row, key  # Down acted in the page, not in the sidebar

    press(Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    page = window.page("meetings")
    qtbot.waitUntil(lambda: page.table.model().rowCount() > 3, timeout=20_000)
    page.table.setFocus(Qt.FocusReason.TabFocusReason)
    QTimer.singleShot(300, lambda: QApplication.activeModalWidget().reject())  # type: ignore[union-attr]
    page.new_meeting("支部委员会")  # a form, closed: the keys come back to the list, not to the sidebar
    shown(qtbot, window)  # offscreen, the window is activated again by hand, as the desktop does
    assert page.isAncestorOf(focused())
    window.nav.setFocus()
    press(Qt.Key.Key_Return)  # Enter on the sidebar's page goes into the page
    assert page.isAncestorOf(focused())


def test_tab_from_the_last_cell_being_typed_leaves_the_grid(qtbot, keyboard) -> None:  # type: ignore[no-untyped-def]
    """A grid typed cell by cell (表决情况): Tab goes on to the next cell while typing, and from the
    last cell out of the grid with what was typed kept — it used to start again at the first cell."""
    from PySide6.QtWidgets import QPushButton, QVBoxLayout

    from branchdesk.ui.meetings.votes_editor import VotesEditor

    dialog = QDialog()
    qtbot.addWidget(dialog)
    votes = VotesEditor()
    after = QPushButton("保存")
    layout = QVBoxLayout(dialog)
    layout.addWidget(votes)
    layout.addWidget(after)
    votes.add_row()
    shown(qtbot, dialog)
    table = votes.table
    table.setFocus(Qt.FocusReason.TabFocusReason)
    table.setCurrentCell(0, 0)
    press(Qt.Key.Key_F2)  # start typing in the cell, as the hint says
    for text in ("接收张晓梅为预备党员", "21", "19", "19"):
        type_here(text)
        press(Qt.Key.Key_Tab)
    assert focused() is not table and not table.isAncestorOf(focused())
    assert [table.item(0, c).text() for c in range(4)] == ["接收张晓梅为预备党员", "21", "19", "19"]


def _defaults(dialog: QDialog) -> list[str]:
    from PySide6.QtWidgets import QPushButton

    return [button.text() for button in dialog.findChildren(QPushButton) if button.isDefault()]


def test_enter_keeps_its_button_after_a_tab_round(qtbot, demo_db, keyboard) -> None:  # type: ignore[no-untyped-def]
    """TK-1: after Tabbing once round 收缴党费 (over 登记 and 取消, on into the table and back to 缴纳日期),
    取消 had become the default button: the Enter meant to register a month's 14 payments closed the dialog
    and threw them away without a word. A button that took Enter while it had the focus gives it back to
    the form's own button when the focus moves on, in every form."""
    from branchdesk.ui.dues.collect_dialog import CollectDialog

    context = AppContext(demo_db)
    moved = []
    for dialog in [*_every_form(context), CollectDialog(context, [])]:
        qtbot.addWidget(dialog)
        shown(qtbot, dialog)
        before, start = _defaults(dialog), focused()
        for _ in range(200):
            press(Qt.Key.Key_Tab)
            if focused() is start:
                break
        if _defaults(dialog) != before:
            moved.append(f"{type(dialog).__name__}: {before} → {_defaults(dialog)}")
        dialog.hide()
    assert moved == []
