"""设置 → 学校信息 saves the school's facts that reports use."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from branchdesk.services.organisation import get_school_info
from branchdesk.ui.context import AppContext
from branchdesk.ui.settings.settings_page import SettingsPage


@pytest.fixture(autouse=True)
def quiet(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: QMessageBox.StandardButton.Ok)
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: QMessageBox.StandardButton.Ok)


def test_school_panel_saves(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    page = SettingsPage(AppContext(db))
    qtbot.addWidget(page)
    page.refresh()
    panel = page.tabs.widget(0)
    assert panel.name.text() == ""
    panel.name.setText("青山镇学校")
    panel.staff.setValue(86)
    panel.save()
    info = get_school_info(db)
    assert (info.name, info.staff_count) == ("青山镇学校", 86)
    panel.staff.setValue(0)
    panel.save()
    assert get_school_info(db).staff_count is None
