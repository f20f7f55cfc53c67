"""Trial L, TL-12: with no school name set the volume's cover printed "学校：—" and nothing said so before. The
报表 page now says, above the buttons, that the name is not filled in and where to fill it; once it is
(设置 → 学校信息, or a roster title naming the school) the line is gone."""

from __future__ import annotations

import pytest

from branchdesk.services.roster.organisation import SchoolInfo, save_school_info
from branchdesk.ui.context import AppContext
from branchdesk.ui.reports.reports_page import ReportsPage
from tests.safety_helpers import add_branch

pytestmark = pytest.mark.usefixtures("message_boxes")


def test_the_page_says_the_school_name_is_missing(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    add_branch(db, "第二党支部")
    page = ReportsPage(AppContext(db))
    qtbot.addWidget(page)
    page.show()
    page.refresh()
    qtbot.waitUntil(lambda: bool(page.drafts), timeout=60_000)
    assert page.school_hint.isVisible()
    assert "学校名称" in page.school_hint.text() and "设置 → 学校信息" in page.school_hint.text()
    save_school_info(db, SchoolInfo("宁远县第三中学", None))
    page.refresh()
    qtbot.waitUntil(lambda: not page.school_hint.isVisible(), timeout=10_000)
