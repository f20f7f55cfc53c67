"""首页: a 提醒 with no due date ("名册中还登记了委员，请核对", "已连续 4 个月未交纳党费") is not
"即将到期" — nothing falls due. Such reminders have their own heading and count tile, 提醒, read after
本月待办 (what has a date comes first); a reminder with a due date stays under 即将到期."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from branchdesk.domain.finding_text import Category, home_items
from branchdesk.domain.findings import Finding, Severity
from branchdesk.ui.context import AppContext
from branchdesk.ui.home_page import HomePage

TODAY = date(2026, 12, 4)
UNDATED = Finding(Severity.WARNING, "正式党员 5 人（不足7人），不设支部委员会；名册中还登记了委员 李组织（组织委员），请核对"
                  "（支部条例 第二十条）", rule="ORG-COMMITTEE", source="支部条例 第二十条", branch="初一年级党支部",
                  period="2026", area="组织与党员")
DATED = Finding(Severity.WARNING, "张三：第2步即将到期", rule="DEV-TALK-1M", branch="高一年级党支部", person="张三",
                area="发展党员", due="2026-12-10")
FINDINGS = [
    UNDATED, DATED,
    Finding(Severity.ERROR, "2026年11月未按规定召开主题党日（支部条例 第十六条）", rule="MTG-MONTHLY-THEME-DAY",
            branch="初一年级党支部", area="三会一课", period="2026-11", due="2026-11-30"),
    Finding(Severity.INFO, "2026年12月尚需召开主题党日，截止 2026-12-31", rule="MTG-MONTHLY-THEME-DAY",
            branch="初一年级党支部", area="三会一课", period="2026-12", due="2026-12-31"),
]


def test_undated_reminders_have_their_own_group_after_the_dated_ones() -> None:
    items = home_items(FINDINGS, TODAY)
    assert [(i.finding.rule, i.category) for i in items] == [
        ("MTG-MONTHLY-THEME-DAY", Category.PROBLEM), ("DEV-TALK-1M", Category.DUE),
        ("MTG-MONTHLY-THEME-DAY", Category.TODO), ("ORG-COMMITTEE", Category.REMINDER)]
    assert Category.REMINDER == "提醒" and Category.ORDER.index(Category.REMINDER) < Category.ORDER.index(Category.NOTED)


@pytest.fixture
def page(qtbot, db):  # type: ignore[no-untyped-def]
    widget = HomePage(AppContext(db))
    qtbot.addWidget(widget)
    widget.resize(1200, 640)
    widget.show()
    widget.today = TODAY
    widget.show_findings(FINDINGS)
    return widget


def test_the_page_shows_a_reminder_tile_and_no_undated_line_under_due(qtbot, page) -> None:  # type: ignore[no-untyped-def]
    assert list(page.tiles) == [Category.PROBLEM, Category.DUE, Category.TODO, Category.REMINDER]
    assert {c: t.number.text() for c, t in page.tiles.items()} == {"问题": "1", "即将到期": "1", "本月待办": "1",
                                                                   "提醒": "1"}
    qtbot.mouseClick(page.tiles[Category.DUE], Qt.MouseButton.LeftButton)
    assert [r.finding for r in page.item_rows()] == [DATED]
    qtbot.mouseClick(page.tiles[Category.REMINDER], Qt.MouseButton.LeftButton)
    [row] = page.item_rows()
    assert row.finding == UNDATED
    index = page.model.index(0, 0)
    assert index.data() == "提醒" and page.model.index(0, 3).data() == ""  # no 期限 to show
    page.view.setCurrentIndex(index)
    assert "提醒" in page.detail.text() and "期限" not in page.detail.text()
    page.tiles[Category.REMINDER].click()  # a second click shows everything again
    assert len(page.item_rows()) == 4


def test_grouped_by_branch_the_heading_counts_the_reminders(page) -> None:  # type: ignore[no-untyped-def]
    page.group.setChecked(True)
    headings = [page.model.index(r, 0).data() for r in range(page.model.rowCount())]
    assert "初一年级党支部　（问题 1，本月待办 1，提醒 1）" in headings
