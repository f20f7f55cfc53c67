"""设置 → 学校信息 saves the school's facts that reports use."""

from __future__ import annotations

import pytest

from branchdesk.services.roster.organisation import get_school_info
from branchdesk.ui.context import AppContext
from branchdesk.ui.settings.settings_page import SettingsPage

pytestmark = pytest.mark.usefixtures("message_boxes")  # no box may block a test


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


def test_database_panel_remembers_the_choice(qtbot, db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.paths import configured_database, default_database
    from branchdesk.ui.settings.database_panel import DatabasePanel

    panel = DatabasePanel(AppContext(db))
    qtbot.addWidget(panel)
    panel.refresh()
    assert str(db.path) in panel.current.text()
    other = tmp_path / "党委 共享.sqlite"
    panel.target.setText(str(other))
    panel.use()
    assert str(configured_database()) == str(other) and other.exists()
    panel.target.setText(str(tmp_path / "not a folder" / "x" / "\0bad.sqlite"))
    panel.use()  # refused with a message; the choice stays
    assert str(configured_database()) == str(other)
    panel.reset()
    assert configured_database() == default_database()
