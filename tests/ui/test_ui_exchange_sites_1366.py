"""设置 → 数据交换 at 1366×768 on the 党委's PC with nine branch sites (trial D, TD-7): the 交换的站点 list
was two rows high beside the 数据包 list, so which branches have not sent — the 组织员's first question
at year end — was answered for 2 of 9 at a time. Every site is in view now, the packages below."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from branchdesk.ui.context import AppContext
from branchdesk.ui.exchange.exchange_panel import ExchangePanel
from branchdesk.ui.main_window import MainWindow
from tests.exchange.exchange_helpers import add_branch_site, make_committee

BRANCHES = ["初一年级党支部", "初二年级党支部", "初三年级党支部", "高一年级党支部", "高二年级党支部",
            "高三年级党支部", "行政后勤党支部", "退休党支部", "城关小学党支部"]
SHOTS = Path(__file__).resolve().parent.parent.parent / "build" / "screenshots"


@pytest.fixture
def committee_window(qtbot, tmp_path: Path, monkeypatch, program_look, fresh_settings):  # type: ignore[no-untyped-def]
    from branchdesk.db import cipher
    from branchdesk.ui import main_window

    monkeypatch.setenv("BRANCHDESK_HOME", str(tmp_path / "home"))
    monkeypatch.setattr(cipher, "MEMORY_KIB", 1024)
    monkeypatch.setattr(cipher, "ITERATIONS", 1)
    monkeypatch.setattr(cipher, "LANES", 1)
    db = make_committee(tmp_path / "党委.sqlite", dict.fromkeys(BRANCHES, 1))
    for name in BRANCHES:
        add_branch_site(db, name, tmp_path)
    monkeypatch.setattr(main_window.MainWindow, "maybe_first_start", lambda self: None)
    window = MainWindow(AppContext(db))
    qtbot.addWidget(window)
    window.show()
    window.setWindowState(Qt.WindowState.WindowNoState)
    window.resize(1366, 728)  # 1366×768 less the taskbar
    qtbot.waitUntil(lambda: window.width() == 1366)
    yield window
    window.close()
    db.close()


def test_every_site_is_in_view(committee_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    committee_window.open_area("settings")
    page = committee_window.page("settings")
    titles = [page.tabs.tabText(i) for i in range(page.tabs.count())]
    page.tabs.setCurrentIndex(titles.index("数据交换"))
    panel = page.tabs.currentWidget()
    assert isinstance(panel, ExchangePanel)
    qtbot.waitUntil(lambda: panel.refreshed and panel.peers.rowCount() == 9, timeout=30_000)
    qtbot.wait(100)
    view = panel.peer_view
    last = view.rowViewportPosition(8) + view.rowHeight(8)
    SHOTS.mkdir(parents=True, exist_ok=True)
    committee_window.grab().save(str(SHOTS / "exchange-nine-sites-1366.png"))
    assert 0 <= view.rowViewportPosition(8) and last <= view.viewport().height(), (last, view.viewport().height())
    packages = panel.package_view.viewport().height()
    assert packages >= 3 * view.rowHeight(0), packages  # the 数据包 list keeps room for a few rows
