"""首页 as a secretary reads it: the counts first, problems before what falls due soonest, lines in
plain words (no rule codes), the article and fix in the detail pane (rule codes appear only in the
annual report's --with-findings appendix), a button that opens the
record, grouping by branch one click away, and "正在计算…" while the checks run off the GUI thread."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from branchdesk.domain.finding_text import RULE_ID, Category, headline, home_items
from branchdesk.domain.findings import Finding, Severity
from branchdesk.ui.context import AppContext
from branchdesk.ui.home_page import HomePage

ORDER = {name: i for i, name in enumerate(Category.ORDER)}


@pytest.fixture(scope="module")
def school(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    from branchdesk.services import session
    from branchdesk.services.demo import build_demo

    database = session.open(tmp_path_factory.mktemp("home") / "首页 测试.sqlite")
    build_demo(database, today=date.today())
    yield database
    database.close()


@pytest.fixture
def page(qtbot, school):  # type: ignore[no-untyped-def]
    widget = HomePage(AppContext(school))
    qtbot.addWidget(widget)
    widget.resize(1200, 640)
    widget.show()
    with qtbot.waitSignal(widget.loaded, timeout=60_000):
        widget.refresh()
    return widget


def _sorted_as_read(items) -> bool:  # type: ignore[no-untyped-def]
    keys = [(ORDER[i.category], i.due is None, i.due or date.max) for i in items]
    return keys == sorted(keys)


def test_says_it_is_computing_until_the_list_arrives(qtbot, school) -> None:  # type: ignore[no-untyped-def]
    widget = HomePage(AppContext(school))
    qtbot.addWidget(widget)
    with qtbot.waitSignal(widget.loaded, timeout=60_000):
        widget.refresh()
        assert widget.stack.currentWidget() is widget.busy and "正在计算" in widget.busy.text()
        assert "正在计算" in widget.state.text()
        assert all(tile.number.text() == "…" for tile in widget.tiles.values())
    assert widget.stack.currentWidget() is widget.view and "正在计算" not in widget.state.text()


def test_problems_first_then_soonest_due(page) -> None:  # type: ignore[no-untyped-def]
    rows = page.item_rows()
    assert rows and rows[0].category == Category.PROBLEM
    assert _sorted_as_read(rows)
    categories = [r.category for r in rows]
    last_problem = max(i for i, c in enumerate(categories) if c == Category.PROBLEM)
    assert Category.DUE in categories and categories.index(Category.DUE) > last_problem
    dues = [r.due for r in rows if r.category == Category.DUE and r.due]
    assert dues == sorted(dues) and len(dues) > 3


def test_counts_are_large_numbers_that_filter_the_list(page, qtbot) -> None:  # type: ignore[no-untyped-def]
    counts = {c: sum(r.category == c for r in page.items) for c in Category.ORDER}
    for category, tile in page.tiles.items():
        assert tile.number.text() == str(counts[category])
    qtbot.mouseClick(page.tiles[Category.DUE], Qt.MouseButton.LeftButton)
    shown = page.item_rows()
    assert len(shown) == counts[Category.DUE] and {r.category for r in shown} == {Category.DUE}
    assert _sorted_as_read(shown)
    page.tiles[Category.DUE].click()  # a second click shows everything again
    assert len(page.item_rows()) == len(page.items)
    page.tiles[Category.PROBLEM].click()
    assert {r.category for r in page.item_rows()} == {Category.PROBLEM}
    page.show_all.click()
    assert len(page.item_rows()) == len(page.items) and not any(t.isChecked() for t in page.tiles.values())


def test_lines_are_plain_words_with_the_rule_in_the_detail(page) -> None:  # type: ignore[no-untyped-def]
    for item in page.item_rows():
        assert not RULE_ID.search(item.line), item.line
        assert "第十" not in item.line and "条例" not in item.line
    meeting = next(r for r in page.item_rows() if r.finding.rule.startswith("MTG-") and r.category == Category.PROBLEM
                   and r.finding.source.startswith("支部条例"))
    assert meeting.line.startswith(meeting.finding.branch) and "没有召开" in meeting.line
    page.view.setCurrentIndex(page.model.index(page.item_rows().index(meeting), 0))
    detail = page.detail.text()
    assert "支部条例" in detail and "怎么办" in detail
    # the plain citation, never the rule code (a user saw "依据 MTG-MONTHLY-THEME-DAY 支部条例 第十六条")
    assert f"依据</b>　{meeting.finding.source}<" in detail and not RULE_ID.search(detail), detail
    tip = page.model.index(page.item_rows().index(meeting), 1).data(Qt.ItemDataRole.ToolTipRole)
    assert meeting.finding.source in tip and not RULE_ID.search(tip), tip
    assert "原文" in detail and meeting.finding.quote[:10] in detail  # the text's own sentence (issue 16)
    assert page.open_button.isVisible() and page.open_button.text() == "补录会议记录"


def test_the_button_opens_the_record_or_the_form(page, qtbot) -> None:  # type: ignore[no-untyped-def]
    rows = page.item_rows()
    development = rows.index(next(r for r in rows if r.finding.area == "发展党员"))
    page.view.setCurrentIndex(page.model.index(development, 0))
    assert page.open_button.text() == "打开发展时间线"
    with qtbot.waitSignal(page.context.navigate) as opened:
        page.open_button.click()
    assert opened.args[0] == "development" and opened.args[1] == rows[development].finding


def test_grouping_by_branch_is_one_click_away(page, qtbot) -> None:  # type: ignore[no-untyped-def]
    flat = page.item_rows()
    page.group.click()
    model = page.model
    headings = [model.index(r, 0) for r in range(model.rowCount())]
    assert headings and all(model.is_heading(h) for h in headings)
    for heading in headings:
        children = [model.item_at(model.index(r, 0, heading)) for r in range(model.rowCount(heading))]
        assert children and len({c.branch for c in children}) == 1
        assert heading.data().startswith(children[0].branch)
        assert _sorted_as_read(children)  # the same order inside each branch
    assert sorted(map(id, page.item_rows())) == sorted(map(id, flat))
    page.group.click()
    assert page.item_rows() == flat


def test_headline_of_a_meeting_gap() -> None:
    finding = Finding(Severity.ERROR, "2026年第三季度未按规定召开支部党员大会（已召开 0 次，至少 1 次；"
                      "MTG-QUARTERLY-CONGRESS，支部条例 第十一条）。", rule="MTG-QUARTERLY-CONGRESS",
                      source="支部条例 第十一条", branch="初三年级党支部", area="三会一课", period="2026-Q3")
    assert headline(finding) == "初三年级党支部 2026年第三季度没有召开支部党员大会"


def test_annotated_and_old_information_are_ordered_last_or_left_out() -> None:
    today = date(2026, 12, 3)
    findings = [
        Finding(Severity.INFO, "2026年7月未召开主题党日。已说明情况：暑假", branch="甲", area="三会一课", due="2026-07-31"),
        Finding(Severity.INFO, "2026年11月尚需召开党小组会", branch="甲", area="三会一课", period="2026-11"),
        Finding(Severity.INFO, "2026年12月尚需召开党小组会", branch="甲", area="三会一课", period="2026-12",
                due="2026-12-31"),
        Finding(Severity.WARNING, "第2步即将到期", branch="乙", person="张三", area="发展党员", due="2026-12-10"),
        Finding(Severity.WARNING, "第5步即将到期", branch="乙", person="李四", area="发展党员", due="2026-12-05"),
        Finding(Severity.ERROR, "超过期限", branch="乙", person="王五", area="发展党员"),
    ]
    items = home_items(findings, today)
    assert [i.category for i in items] == [Category.PROBLEM, Category.DUE, Category.DUE, Category.TODO,
                                           Category.NOTED]
    assert [i.finding.person for i in items[1:3]] == ["李四", "张三"]  # the soonest first
