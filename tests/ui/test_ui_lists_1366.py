"""Every main list is readable at 1366×768 without scrolling sideways (trial 9 T9-27, NOTE9 "roster/结对帮扶
lists still scroll"): the columns a secretary reads are shown and wholly in the viewport, and there is no
horizontal scroll bar. Columns seldom needed are hidden by default; a right click on the header shows or
hides any column and the choice is remembered (QSettings). 发展党员's list has the width while nobody is
selected; the 25 steps take the room once a person is (TK-12), the list keeping 姓名 and 阶段 in view."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from branchdesk.ui.main_window import MainWindow
from branchdesk.ui.widgets.column_menu import ColumnChooser

pytestmark = pytest.mark.usefixtures("message_boxes")

# the columns each list must show whole (in view, no sideways scrolling) at 1366×768
NEEDED = {
    "roster": ("姓名", "性别", "所在党支部", "党小组", "人员类别", "入党日期", "转正日期", "工作岗位", "联系电话", "状态"),
    "mentoring": ("结对类型", "所在党支部", "导师（帮扶人）", "结对对象", "对象类别", "开始日期", "结束日期", "状态", "活动次数",
                  "最近活动", "成效", "协议"),
    "meetings": ("日期", "时间", "会议类型", "党支部", "党小组", "主题", "主持人", "应到", "实到", "出席率", "附件",
                 "所属期间", "状态"),
    "themeday": ("日期", "会议类型", "党支部", "主题", "主持人", "应到", "实到", "出席率", "所属期间", "状态"),
    "development": ("姓名", "所在党支部", "阶段", "申请入党日期", "下一期限", "待办事项", "问题", "提醒"),
    "rectification": ("整改措施", "责任人", "完成时限", "整改状态", "逾期天数", "最新进展", "佐证材料"),
    "dues": ("姓名", "缴纳类别", "月应交", "1月", "12月", "已交", "欠交"),
}
# of those, the ones never elided: short values a secretary compares down the list
WHOLE = {
    "roster": ("姓名", "人员类别", "入党日期", "转正日期", "联系电话"),
    "mentoring": ("导师（帮扶人）", "结对对象", "状态", "最近活动"),
    "development": ("姓名", "阶段", "待办事项"),
}


def _header(view: QAbstractItemView) -> QHeaderView:
    return view.horizontalHeader() if isinstance(view, QTableView) else view.header()  # type: ignore[attr-defined]


def _columns(view: QAbstractItemView) -> dict[str, int]:
    model = view.model()
    return {model.headerData(c, Qt.Orientation.Horizontal): c for c in range(model.columnCount())}


def _view(page: Any) -> QAbstractItemView:
    for name in ("measure_table", "grid_table", "table"):
        if hasattr(page, name):
            return getattr(page, name)
    raise AssertionError(page)


def _open(window: MainWindow, qtbot: Any, area: str) -> Any:
    window.open_area(area)
    page = window.page(area)
    qtbot.waitUntil(lambda: _view(page).model().rowCount() > 0)
    qtbot.wait(80)  # the fit runs once the rows are in
    return page


def _out_of_view(view: QAbstractItemView, titles: tuple[str, ...]) -> list[str]:
    header, columns, room = _header(view), _columns(view), view.viewport().width()
    wrong = []
    for title in titles:
        column = columns[title]
        left = header.sectionViewportPosition(column)
        if header.isSectionHidden(column) or left < 0 or left + header.sectionSize(column) > room:
            wrong.append(title)
    return wrong


def _cut(view: QAbstractItemView, titles: tuple[str, ...]) -> list[str]:
    """Columns narrower than their longest text (elided)."""
    header, columns, model = _header(view), _columns(view), view.model()
    metrics = QFontMetrics(view.font())
    cut = []
    for title in titles:
        column = columns[title]
        widest = max(metrics.horizontalAdvance(str(model.index(r, column).data() or "")) for r in range(model.rowCount()))
        if header.sectionSize(column) < widest + 6:  # the cell's margins
            cut.append(title)
    return cut


@pytest.mark.parametrize("area", list(NEEDED))
def test_each_list_shows_what_is_needed_without_scrolling_sideways(office_window, qtbot, area) -> None:  # type: ignore[no-untyped-def]
    view = _view(_open(office_window, qtbot, area))
    assert view.horizontalScrollBar().maximum() == 0, (area, view.horizontalScrollBar().maximum())
    assert _out_of_view(view, NEEDED[area]) == [], {t: _header(view).sectionSize(c) for t, c in _columns(view).items()}
    assert _cut(view, WHOLE.get(area, ())) == []


def test_the_ledgers_beside_the_measures_need_no_scrolling(office_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    """整改台账's list of ledgers shares the width with the measures: their name, and the figures a
    组织委员 checks each month (T10-11: 措施, 完成率, 销号率, 逾期; domain §6); the heading above the
    measures says the chosen ledger's source, organisation and dates."""
    page = _open(office_window, qtbot, "rectification")
    view = page.ledger_table
    assert view.horizontalScrollBar().maximum() == 0
    assert _out_of_view(view, ("台账名称", "措施", "完成率", "销号率", "逾期")) == []
    assert page.measure_table.horizontalScrollBar().maximum() == 0
    assert _out_of_view(page.measure_table, NEEDED["rectification"]) == []


def test_a_measures_own_number_leads_its_text(office_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    """T10-11: the 措施序号 column took 70 px while empty and 整改措施 was cut; the ledger's own number of
    a measure, where it has one, now leads the measure's text (no column for it)."""
    from branchdesk.db.models.rectification import RectMeasure
    from branchdesk.domain.rectification.editing import MeasureInput
    from branchdesk.services.rectification import records as rect

    page = _open(office_window, qtbot, "rectification")
    assert "措施序号" not in _columns(page.measure_table)
    problem = rect.list_problems(page.context.db, page.current.ledger.id)[0]
    added = rect.add_measure(page.context.db, problem.id, MeasureInput(
        text="建立周例会制度", person="王喆", deadline=None, deadline_note="长期坚持"))
    with page.context.db.session() as session:  # as the Excel import stores a file's 措施序号
        session.get(RectMeasure, added.id).number = "1.4"
    page.refresh()
    model, column = page.measure_table.model(), _columns(page.measure_table)["整改措施"]
    index = page.measure_tree_model.index_of(added.id)
    assert model.index(index.row(), column, index.parent()).data() == "1.4 建立周例会制度"


def test_hidden_columns_stay_hidden_when_the_list_reloads(office_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    page = _open(office_window, qtbot, "rectification")
    view = page.measure_table
    column = _columns(view)["问题类别"]
    page.search.setText("整改")  # the tree is built again (a model reset)
    page.search.clear()
    qtbot.wait(50)
    assert view.header().isSectionHidden(column)
    assert view.horizontalScrollBar().maximum() == 0
    roster = _open(office_window, qtbot, "roster")
    roster.include_left.setChecked(True)  # the members read again
    qtbot.waitUntil(lambda: roster.model.rowCount() > 126)
    assert roster.table.horizontalHeader().isSectionHidden(_columns(roster.table)["民族"])
    qtbot.wait(50)
    assert roster.table.horizontalScrollBar().maximum() == 0  # 状态 "已离开 2026-…" too


def test_the_header_menu_shows_a_hidden_column_and_the_choice_is_kept(office_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    page = _open(office_window, qtbot, "roster")
    view, header = page.table, page.table.horizontalHeader()
    columns = _columns(view)
    assert header.isSectionHidden(columns["民族"]) and header.isSectionHidden(columns["公民身份号码"])
    chooser = view.findChild(ColumnChooser)
    assert header.contextMenuPolicy() == Qt.ContextMenuPolicy.CustomContextMenu  # a right click on the header
    assert "右键" in header.toolTip()
    menu = chooser.menu()
    ticks = {a.text(): a.isChecked() for a in menu.actions() if a.isCheckable()}
    assert len(ticks) == 15 and ticks["姓名"] and not ticks["民族"]  # every column, hidden ones unticked
    assert not next(a for a in menu.actions() if a.text() == "姓名").isEnabled()  # the name always shows
    next(a for a in menu.actions() if a.text() == "民族").trigger()
    assert not header.isSectionHidden(columns["民族"])
    qtbot.wait(50)
    assert header.sectionSize(columns["民族"]) > 0
    assert "民族" not in QSettings().value("columns/roster/hidden")
    # the next start (a new page) shows it too
    other = QTableView()
    other.setModel(view.model())
    assert "民族" not in ColumnChooser(other, "roster", hidden=("民族",)).hidden
    assert not other.horizontalHeader().isSectionHidden(columns["民族"])
    assert other.horizontalHeader().isSectionHidden(columns["学历"])
    other.deleteLater()
    chooser.restore_defaults()
    assert header.isSectionHidden(columns["民族"])
    assert QSettings().value("columns/roster/hidden") is None


def test_showing_full_id_numbers_shows_their_column(office_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    page = _open(office_window, qtbot, "roster")
    column = _columns(page.table)["公民身份号码"]
    assert page.table.horizontalHeader().isSectionHidden(column)
    page.reveal.setChecked(True)
    assert not page.table.horizontalHeader().isSectionHidden(column)


def test_the_steps_pane_is_narrow_until_a_person_is_chosen(office_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    page = _open(office_window, qtbot, "development")
    list_width, steps_width = page.splitter.sizes()
    assert steps_width <= 340 < list_width
    page.table.selectRow(0)
    qtbot.waitUntil(lambda: page.timeline.table.model().rowCount() == 25)
    qtbot.wait(80)
    list_width, steps_width = page.splitter.sizes()
    assert steps_width > list_width  # TK-12: the steps take the room once a person is chosen
    steps = page.timeline.table
    assert _out_of_view(steps, ("步骤", "状态", "日期", "期限", "问题与提醒")) == []
    assert _out_of_view(page.table, ("姓名", "阶段")) == []


def test_a_chooser_never_hides_every_column_and_ignores_a_damaged_setting(qtbot, fresh_settings) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.ui.widgets.table_model import ColumnSpec, RecordTableModel

    QSettings().setValue("columns/sample/hidden", "not json")
    model: RecordTableModel[tuple[str, str]] = RecordTableModel(
        [ColumnSpec("甲", lambda r: r[0]), ColumnSpec("乙", lambda r: r[1])])
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    chooser = ColumnChooser(view, "sample", hidden=("乙",))
    assert chooser.hidden == {"乙"} and view.horizontalHeader().isSectionHidden(1)  # the page's choice
    chooser.set_shown("甲", False)  # the last column shown stays
    assert not view.horizontalHeader().isSectionHidden(0)
    assert [a.isEnabled() for a in chooser.menu().actions() if a.isCheckable()] == [False, True]
    chooser.set_shown("乙", True)
    chooser.set_shown("甲", False)
    assert view.horizontalHeader().isSectionHidden(0) and not view.horizontalHeader().isSectionHidden(1)


def test_dues_bases_and_book_need_no_scrolling_while_nothing_is_chosen(office_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    """党费 → 缴费基数: the members' bases have the width until one is chosen (her history then opens
    beside them); 汇总与上缴 for 全部党支部: no month totals to show, the hand-ups have the width."""
    page = _open(office_window, qtbot, "dues")
    page.tabs.setCurrentWidget(page.bases)
    qtbot.waitUntil(lambda: page.bases.members.rowCount() > 0)
    qtbot.wait(80)
    members = page.bases.member_table
    needed = ("姓名", "所在党支部", "缴纳类别", "缴费基数", "月应交", "核定日期")
    assert members.horizontalScrollBar().maximum() == 0
    assert _out_of_view(members, needed) == []
    page.tabs.setCurrentWidget(page.book)
    qtbot.wait(80)
    hand_ups = page.book.hand_up_table
    assert hand_ups.model().rowCount() > 0 and page.book.months.rowCount() == 0
    assert hand_ups.horizontalScrollBar().maximum() == 0
    assert _out_of_view(hand_ups, tuple(_columns(hand_ups))) == []
    page.tabs.setCurrentWidget(page.bases)
    members.selectRow(0)
    qtbot.wait(80)
    assert page.bases.history.rowCount() > 0 and page.bases.history_table.isVisible()
    assert members.horizontalScrollBar().maximum() == 0  # her history beside the list
    assert _out_of_view(members, needed) == []
    history = page.bases.history_table
    assert history.horizontalScrollBar().maximum() == 0
    assert _out_of_view(history, ("起始月份", "缴纳类别", "缴费基数", "月应交", "依据", "核定日期")) == []


def test_mentoring_figures_fit_after_their_columns_are_rebuilt(office_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    """年度统计 builds a new model for the year's kinds of pair: the list is fitted to it, not left
    with the widths of the columns before (the kinds' headers were cut, \"工程师徒\", and it scrolled)."""
    page = _open(office_window, qtbot, "mentoring")
    page.tabs.setCurrentWidget(page.figures)
    view = page.figures.table
    qtbot.waitUntil(lambda: view.model().rowCount() > 0)
    qtbot.wait(80)
    header = view.horizontalHeader()
    assert view.horizontalScrollBar().maximum() == 0
    assert _out_of_view(view, tuple(_columns(view))) == []
    assert all(header.sectionSize(c) >= header.sectionSizeHint(c) for c in range(header.count()))
    page.figures.year.setValue(page.figures.year.value() - 1)  # another model again
    qtbot.wait(80)
    assert view.horizontalScrollBar().maximum() == 0
    assert all(header.sectionSize(c) >= header.sectionSizeHint(c) for c in range(header.count()))


def test_a_detail_pane_opens_to_the_width_the_user_left_it(qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QLabel, QSplitter, QVBoxLayout, QWidget

    from branchdesk.ui.widgets.detail_pane import DetailPane

    splitter = QSplitter()
    qtbot.addWidget(splitter)
    detail = QWidget()
    body = QLabel("步骤")
    layout = QVBoxLayout(detail)
    layout.addWidget(QLabel("在左侧选择"))
    layout.addWidget(body)
    splitter.addWidget(QLabel("列表"))
    splitter.addWidget(detail)
    splitter.resize(1000, 300)
    splitter.show()
    pane = DetailPane(splitter, 1, narrow=150, wide=400, body=[body])
    qtbot.wait(20)
    assert splitter.sizes()[1] == 150 and not body.isVisible()
    pane.show_detail(True)
    assert splitter.sizes()[1] == 400 and body.isVisible()
    splitter.moveSplitter(500, 1)  # the user drags the detail wider
    wide = splitter.sizes()[1]
    assert wide > 400
    pane.show_detail(False)
    assert splitter.sizes()[1] == 150
    pane.show_detail(True)
    assert splitter.sizes()[1] == wide
