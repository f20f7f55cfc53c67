"""The 组织与党员 page on the demo school, as the roster's window tests open it."""

from __future__ import annotations

import pytest

from branchdesk.ui.context import AppContext
from branchdesk.ui.roster.roster_page import RosterPage


@pytest.fixture
def page(qtbot, demo_db):  # type: ignore[no-untyped-def]
    widget = RosterPage(AppContext(demo_db))
    qtbot.addWidget(widget)
    widget.refresh()
    return widget
