"""接收 with many packages chosen at once — the 党委 at year end takes nine branches' 上报 (trial D,
TD-10). The box listed every package's lines and grew to 966 px on a 768 px screen, its 确定 below the
edge. Now it says in one line what became of them (merged, refused, conflicts, the sites that have
never sent one), and the packages' own lines are under 显示详情, where they scroll: the box fits a
1366×768 screen with the details open."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QTextEdit

from branchdesk.services.exchange import records as exchange
from branchdesk.ui.context import AppContext
from branchdesk.ui.exchange.exchange_panel import ExchangePanel
from branchdesk.ui.fonts import install_cjk_font
from tests.exchange.exchange_helpers import add_branch_site, edit_member

SCREEN_HEIGHT = 768 - 40  # 1366×768 less the taskbar
SHOTS = Path(__file__).resolve().parent.parent.parent / "build" / "screenshots"


def _panel(qtbot, db) -> ExchangePanel:  # type: ignore[no-untyped-def]
    panel = ExchangePanel(AppContext(db))
    qtbot.addWidget(panel)
    panel.resize(1366 - 220, 700)
    panel.refresh()
    qtbot.waitUntil(lambda: panel.refreshed, timeout=20_000)
    return panel


def test_nine_packages_received_at_once_are_told_in_a_line_and_the_box_fits_the_screen(  # type: ignore[no-untyped-def]
        qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, joined, message_boxes) -> None:
    committee, branch = joined
    add_branch_site(committee, "第二党支部", tmp_path)  # set up, never sent anything
    files = []
    for n in range(9):  # nine 上报, each with a change of its own
        edit_member(branch, "第一党员1", phone=f"1390000{n:04d}")
        files.append(exchange.export_package(branch, tmp_path / f"上报{n + 1}.bdpkg").path)
    seen: list[tuple[str, str, int, int]] = []

    def shown(box: QMessageBox) -> int:  # the box as it is on screen (the program's Chinese font), details open
        install_cjk_font(QApplication.instance())  # type: ignore[arg-type]
        box.show()
        details = next(b for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.ActionRole)  # 显示详情
        QTest.mouseClick(details, Qt.MouseButton.LeftButton)
        QApplication.processEvents()
        box.adjustSize()
        text = box.findChild(QTextEdit)
        assert text is not None and text.isVisible()
        assert not asked  # before: asked once by the receiving task, before the box
        seen.append((box.text(), text.toPlainText(), box.frameGeometry().height(),
                     text.verticalScrollBar().maximum()))
        SHOTS.mkdir(parents=True, exist_ok=True)
        box.grab().save(str(SHOTS / "receive-nine-packages.png"))  # for a person to look at
        box.close()
        return int(QMessageBox.StandardButton.Ok.value)

    monkeypatch.setattr(QMessageBox, "exec", shown)
    desk = _panel(qtbot, committee)
    # the box does not wait for the page's status (every site's pending changes: seconds at year end;
    # review 13, R3-10): the sites that never sent are read alone (exchange.not_heard_from)
    status, asked = exchange.exchange_status, []
    monkeypatch.setattr(exchange, "exchange_status", lambda db: (asked.append(1), status(db))[1])
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(f) for f in files], ""))
    desk.receive()
    qtbot.waitUntil(lambda: bool(seen), timeout=60_000)  # before: one QMessageBox.information with every line
    qtbot.waitUntil(lambda: desk.refreshed, timeout=20_000)
    text, details, height, scroll = seen[0]
    assert text == "接收了 9 个数据包：9 个已合并。还没有发来过数据包：第二党支部。", text
    assert all(f"上报{n + 1}.bdpkg：" in details for n in range(9))  # every package's own lines
    assert height <= SCREEN_HEIGHT, height  # before: 966 px for nine
    assert scroll > 0  # the details scroll, the box does not grow with them
    assert not message_boxes.texts  # no other box
