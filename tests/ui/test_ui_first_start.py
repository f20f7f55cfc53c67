"""首次使用 walked as a new secretary would: the school and its 党委, the branches and 党小组 typed as a
list (or read from the roster file), the 启用日期, then the way in — import, the demo (a separate file,
marked in the title bar) or start. Each step can be skipped, and 设置 runs it again."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog, QFrame, QMessageBox

from branchdesk.db.queries import get_setting
from branchdesk.domain.idcard import make_id_number
from branchdesk.services.roster.organisation import get_school_name, get_tree
from branchdesk.services.setup import RECORDS_START, is_demo, needs_first_start, prepare_demo
from branchdesk.ui.context import AppContext
from branchdesk.ui.main_window import MainWindow
from branchdesk.ui.setup.first_start import FirstStartDialog, Next
from tests.ui_typing import type_date, type_text
from tests.xlsx_factory import make_workbook


@pytest.fixture(autouse=True)
def no_message_boxes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []
    for name in ("information", "warning", "critical"):
        monkeypatch.setattr(QMessageBox, name, lambda *args, _n=name: shown.append(args[2]) or QMessageBox.StandardButton.Ok)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    return shown


def _tree(db) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    out: dict[str, list[str]] = {}
    for root in get_tree(db):
        out[f"{root.kind}:{root.name}"] = []
        for node in root.walk():
            if node.kind == "党支部":
                out[node.name] = [g.name for g in node.children]
    return out


def test_walk_the_first_start_typing_every_answer(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    assert needs_first_start(db)
    dialog = FirstStartDialog(AppContext(db))
    qtbot.addWidget(dialog)
    assert dialog.pages.currentIndex() == 0 and not dialog.back_button.isEnabled()
    dialog.school.setFocus()
    type_text(dialog.school, "青山镇学校")
    assert dialog.committee.text() == "中共青山镇学校委员会"  # proposed from the school's name
    dialog.kind_general.click()
    assert dialog.committee.text() == "中共青山镇学校总支部委员会"
    dialog.next_button.click()
    assert dialog.pages.currentIndex() == 1
    dialog.outline.setFocus()
    type_text(dialog.outline, "小学党支部：低年级党小组、高年级党小组\n中学党支部\n    初三党小组\n")
    assert "2 个党支部、3 个党小组" in dialog.outline_state.text()
    type_text(dialog.outline, "中学党支部")  # a slip: the same branch twice
    dialog.next_button.click()
    assert dialog.pages.currentIndex() == 1 and "写了两次" in dialog.error.text()
    dialog.outline.setPlainText("小学党支部：低年级党小组、高年级党小组\n中学党支部\n    初三党小组")
    dialog.next_button.click()
    assert dialog.pages.currentIndex() == 2
    type_date(dialog.start_date, "2025.9.1")
    assert dialog.next_button.text() == "保存并继续"
    dialog.next_button.click()
    assert dialog.pages.currentIndex() == 3 and "党支部 2 个、党小组 3 个" in dialog.summary.text()
    dialog.start_link.click()
    assert dialog.result() == QDialog.DialogCode.Accepted and dialog.next is Next.START
    assert get_school_name(db) == "青山镇学校"
    assert _tree(db) == {"党总支:中共青山镇学校总支部委员会": [], "小学党支部": ["低年级党小组", "高年级党小组"],
                         "中学党支部": ["初三党小组"]}
    with db.session() as session:
        assert get_setting(session, RECORDS_START) == "2025-09-01"
    assert not needs_first_start(db)


def test_every_step_can_be_skipped_and_closing_is_skipping(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    dialog = FirstStartDialog(AppContext(db))
    qtbot.addWidget(dialog)
    dialog.school.setText("不保存的名字")
    for _ in range(3):
        dialog.skip_button.click()
    assert dialog.pages.currentIndex() == 3
    dialog.start_link.click()
    assert get_school_name(db) == "" and _tree(db) == {} and not needs_first_start(db)
    from branchdesk.services import session

    fresh = session.open(Path(str(db.path)).with_name("另一个.sqlite"))
    try:
        other = FirstStartDialog(AppContext(fresh))
        qtbot.addWidget(other)
        other.reject()  # closed at once: not asked again
        assert not needs_first_start(fresh)
    finally:
        fresh.close()


def test_an_unreadable_start_date_keeps_the_step(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    dialog = FirstStartDialog(AppContext(db))
    qtbot.addWidget(dialog)
    dialog.go(2)
    type_date(dialog.start_date, "2025-02-30")
    dialog.next_button.click()
    assert dialog.pages.currentIndex() == 2 and "启用日期" in dialog.error.text()


def test_branches_read_from_the_roster_file(qtbot, db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    headers = ["序号", "姓名", "性别", "公民身份号码", "所在党支部", "党小组", "人员类别", "入党日期"]
    rows = [[i, name, "男", make_id_number("140202", date(1980, 1, i), i, True), branch, group, "正式党员", "2005-07-01"]
            for i, (name, branch, group) in enumerate((("甲", "一支部", "语文组"), ("乙", "一支部", "数学组"),
                                                       ("丙", "二支部", ""), ("丁", "一支部", "语文组")), start=1)]
    roster = make_workbook(tmp_path / "花名册 2025.xlsx", headers, rows, title_rows=["青山镇学校党员花名册"])
    dialog = FirstStartDialog(AppContext(db))
    qtbot.addWidget(dialog)
    dialog.go(1)
    dialog.read_roster(roster)
    qtbot.waitUntil(lambda: bool(dialog.outline.toPlainText()), timeout=20_000)
    assert dialog.outline.toPlainText() == "一支部：语文组、数学组\n二支部"


def test_the_main_window_leads_a_new_database_into_the_setup(qtbot, db, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    opened: list[bool] = []
    monkeypatch.setattr(FirstStartDialog, "exec", lambda self: opened.append(self.again) or QDialog.DialogCode.Rejected)
    window = MainWindow(AppContext(db))
    qtbot.addWidget(window)
    window.maybe_first_start()
    assert opened == [False]
    settings = window.page("settings")
    settings.tabs.setCurrentIndex(0)
    settings.tabs.currentWidget().setup_button.click()  # 设置 → 学校信息 runs it again
    assert opened == [False, True]


def test_again_starts_from_what_is_there(qtbot, demo_db) -> None:  # type: ignore[no-untyped-def]
    dialog = FirstStartDialog(AppContext(demo_db), again=True)
    qtbot.addWidget(dialog)
    assert dialog.school.text() == get_school_name(demo_db)
    assert "高一年级党支部" in dialog.outline.toPlainText() and "：" in dialog.outline.toPlainText()
    assert not dialog.committee.isEnabled()  # the existing 党委 is renamed in 组织与党员, not here


def test_the_demo_is_a_separate_file_marked_in_the_title_bar(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    path = prepare_demo(date(2026, 11, 20))
    assert path != Path(str(db.path)) and path.exists() and "演示" in path.name
    assert not is_demo(db) and needs_first_start(db)  # the real database is untouched
    from branchdesk.services import session

    demo = session.open(path)
    try:
        assert is_demo(demo) and not needs_first_start(demo)
        window = MainWindow(AppContext(demo))
        qtbot.addWidget(window)
        assert window.windowTitle().startswith("【演示数据】") and "不是本校的数据" in window.windowTitle()
        assert window.findChild(QDialog) is None
        banner = window.findChild(QFrame, "demoBanner")
        assert banner is not None
    finally:
        demo.close()


def test_the_demo_opens_beside_the_real_window_and_closes_back(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QPushButton

    window = MainWindow(AppContext(db))
    qtbot.addWidget(window)
    window._show_demo(prepare_demo(date(2026, 11, 20)))
    demo = window.demo_window
    assert demo is not None and demo.demo and demo.isVisible()
    assert not window.demo and "演示" not in window.windowTitle()
    demo.findChild(QPushButton, "closeDemo").click()
    qtbot.waitUntil(lambda: window.demo_window is None, timeout=5000)  # deleted on close, its file closed
