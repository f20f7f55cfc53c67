"""首页: what a secretary reads in ten seconds. The counts first — 问题 / 即将到期 / 本月待办 / 提醒 (the
reminders with no due date) — as large numbers that filter the list; then the list, problems first and
then what falls due soonest, each line in plain words; its article (never a rule code) and the way to
put it right in the pane below, with a button that opens the record or the form that resolves it.
Grouping by branch is one click away.

The rule checks run off the GUI thread: the page paints at once and says "正在计算…" until the
list arrives."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from html import escape

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from branchdesk.domain.finding_text import Category, HomeItem, action_label, due_text, home_items, remedy
from branchdesk.domain.findings import Finding
from branchdesk.services.checks import home_findings
from branchdesk.services.roster.organisation import get_school_name
from branchdesk.ui.context import AppContext
from branchdesk.ui.home_model import ITEM_ROLE, HomeModel
from branchdesk.ui.tasks import describe, run_quietly
from branchdesk.ui.widgets.icons import icon
from branchdesk.ui.widgets.list_keys import keyboard_list
from branchdesk.ui.widgets.style import MUTED, STATUS, make_primary
from branchdesk.ui.widgets.table_fit import fit_table

AREA_KEYS = {"三会一课": "meetings", "主题党日": "themeday", "发展党员": "development",
             "结对帮扶": "mentoring", "整改台账": "rectification", "组织与党员": "roster", "党费": "dues"}
TILES = (Category.PROBLEM, Category.DUE, Category.TODO, Category.REMINDER)
TILE_HINTS = {
    Category.PROBLEM: "已经违反规定或超过期限的事项",
    Category.DUE: "即将到期、已到期限但还没有记录的事项",
    Category.TODO: "本月和本季度还需完成的会议等",
    Category.REMINDER: "没有期限、需要核对或补记的事项",
}


def _plain(text: str) -> str:
    return "".join(ch for ch in text if ch.isalnum())


def area_key(finding: Finding) -> str | None:
    if finding.area == "三会一课" and finding.meeting_type == "主题党日":
        return "themeday"
    return AREA_KEYS.get(finding.area)


class CountTile(QPushButton):
    """A large number with its word under it; checked, it filters the list to that category."""

    def __init__(self, category: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.category = category
        colour, _mark, icon_name = STATUS[category]
        self.setObjectName(f"tile-{category}")
        self.setCheckable(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip(self.tr("{0}：{1}。再点一次显示全部。").format(category, TILE_HINTS[category]))
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.number = QLabel("…")
        self.number.setStyleSheet(f"font-size: 30px; font-weight: bold; color: {colour}; background: transparent;")
        caption = QLabel(category)
        caption.setStyleSheet(f"font-size: 14px; color: {colour}; background: transparent;")
        mark = QLabel()
        mark.setPixmap(icon(icon_name, colour).pixmap(18, 18))
        mark.setStyleSheet("background: transparent;")
        for label in (self.number, caption, mark):
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        words = QHBoxLayout()
        words.setSpacing(4)
        words.addWidget(mark)
        words.addWidget(caption)
        words.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 6, 14, 8)
        layout.setSpacing(0)
        layout.addWidget(self.number)
        layout.addLayout(words)
        self.setStyleSheet(
            "CountTile { text-align: left; border: 1px solid #d0d4d9; border-radius: 8px; background: #ffffff; }"
            "CountTile:hover { background: #f6f7f8; }"
            f"CountTile:checked {{ border: 2px solid {colour}; background: #fbfbfc; }}")

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name; the labels inside decide, not the empty text
        return QSize(168, 78)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(140, 78)

    def set_count(self, count: int | None) -> None:
        self.number.setText("…" if count is None else str(count))


class HomePage(QWidget):
    loaded = Signal()  # the list is filled in (tests and the status bar wait on it)

    def __init__(self, context: AppContext, parent: QWidget | None = None,
                 clock: Callable[[], date] = date.today) -> None:
        super().__init__(parent)
        self.context = context
        self.clock = clock  # the day the page judges (tests give one)
        self.findings: list[Finding] = []
        self.items: list[HomeItem] = []
        self.today = clock()
        self.heading = QLabel()
        self.heading.setObjectName("homeHeading")
        self.heading.setStyleSheet("font-size: 20px; font-weight: bold;")
        self.state = QLabel()
        self.state.setObjectName("homeState")
        self.state.setStyleSheet(f"color: {MUTED};")
        self.tiles = {category: CountTile(category) for category in TILES}
        for tile in self.tiles.values():
            tile.toggled.connect(lambda on, t=tile: self._tile_toggled(t, on))
        self.show_all = QPushButton(self.tr("显示全部"))
        self.show_all.setObjectName("showAll")
        self.show_all.clicked.connect(lambda: self.choose(None))
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("搜索（支部、姓名、事项）Ctrl+F"))
        self.search.setClearButtonEnabled(True)
        self.group = QCheckBox(self.tr("按党支部分组"))
        self.group.setObjectName("groupByBranch")
        self.model = HomeModel(self)
        self.view = QTreeView()
        self.view.setObjectName("homeList")
        self.view.setModel(self.model)
        self.view.setRootIsDecorated(False)
        self.view.setUniformRowHeights(True)
        self.view.setAlternatingRowColors(True)
        self.view.setSelectionBehavior(QTreeView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QTreeView.EditTrigger.NoEditTriggers)
        self.view.setExpandsOnDoubleClick(False)
        fit_table(self.view, widest=720, stretch=1)
        # Enter and a double click, once (both signals opened an item twice and folded a heading back)
        keyboard_list(self.view, lambda: self._open_index(self.view.currentIndex()), self.search)
        self.model.modelReset.connect(self._after_reset)
        self.search.textChanged.connect(self.model.set_search)
        self.group.toggled.connect(self._group_toggled)
        QShortcut(QKeySequence.StandardKey.Find, self, activated=self.search.setFocus)

        self.busy = QLabel(self.tr("正在计算……\n正在按规定逐项检查各支部的记录，请稍候。"))
        self.busy.setObjectName("homeBusy")
        self.busy.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.busy.setStyleSheet(f"font-size: 16px; color: {MUTED};")
        self.empty = QLabel()
        self.empty.setObjectName("homeEmpty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setStyleSheet(f"font-size: 15px; color: {MUTED};")
        self.stack = QStackedWidget()
        for widget in (self.busy, self.view, self.empty):
            self.stack.addWidget(widget)

        self.detail = QLabel()
        self.detail.setObjectName("homeDetail")
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.RichText)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.open_button = make_primary(QPushButton(self.tr("打开")))
        self.open_button.setObjectName("openFinding")
        self.open_button.setIcon(icon("arrow-right", "#ffffff"))
        self.open_button.clicked.connect(self.open_current)
        pane = QFrame()
        pane.setObjectName("homeDetailPane")
        pane.setFrameShape(QFrame.Shape.StyledPanel)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.detail)
        pane_layout = QHBoxLayout(pane)
        pane_layout.addWidget(scroll, 1)
        pane_layout.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignTop)
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._show_detail())

        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.state)
        counts = QHBoxLayout()
        counts.setSpacing(12)
        for tile in self.tiles.values():
            counts.addWidget(tile)
        counts.addWidget(self.show_all, 0, Qt.AlignmentFlag.AlignBottom)
        counts.addStretch(1)
        tools = QHBoxLayout()
        tools.addWidget(self.search, 1)
        tools.addWidget(self.group)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.stack)
        splitter.addWidget(pane)
        splitter.setStretchFactor(0, 1)
        splitter.setSizes([400, 160])
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(counts)
        layout.addLayout(tools)
        layout.addWidget(splitter, 1)
        self._show_detail()

    # --- loading
    def refresh(self) -> None:
        """Checks run off the GUI thread: the page is usable at once and the list fills in."""
        today = self.today = self.clock()
        school = get_school_name(self.context.db) or self.tr("本校")
        quarter = (today.month - 1) // 3 + 1
        self.heading.setText(self.tr("{0} · {1}年{2}月（第{3}季度）").format(school, today.year, today.month, quarter))
        if not self.items:
            self.stack.setCurrentWidget(self.busy)
            for tile in self.tiles.values():
                tile.set_count(None)
        self.state.setText(self.tr("正在计算……"))
        db = self.context.db

        def work(_progress, _cancelled):
            return home_findings(db, today=today)  # with last year's open yearly items (TY-8)

        run_quietly(self, work, self.show_findings, self._failed, pool=self.context.pool)

    def show_findings(self, findings: list[Finding]) -> None:
        if not isValid(self):  # the window closed while the checks ran
            return
        self.findings = findings
        self.items = home_items(findings, self.today)
        current = self._current_item()
        self.model.set_items(self.items, self.today)
        counts = self.model.counts()
        for category, tile in self.tiles.items():
            tile.set_count(counts[category])
        noted, now = counts[Category.NOTED], f"{datetime.now():%H:%M}"
        self.state.setText(self.tr("已说明原因 {0} 项　{1} 更新").format(noted, now) if noted
                           else self.tr("{0} 更新").format(now))
        if current is not None:
            self._select_finding(current.finding)
        self.loaded.emit()

    def _failed(self, error: object) -> None:
        """The checks stopped: say so where the list would be (the error may be a message or an exception)."""
        if not isValid(self):
            return
        self.state.setText(self.tr("检查没有完成"))
        self.empty.setText(self.tr("检查没有完成：{0}\n请稍后切换到其他页面再回到首页重试。").format(
            describe(error) if isinstance(error, BaseException) else error))
        self.stack.setCurrentWidget(self.empty)
        self.loaded.emit()

    def _after_reset(self) -> None:
        if self.model.grouped:
            self.view.expandAll()
            for row in range(self.model.rowCount()):
                self.view.setFirstColumnSpanned(row, self.view.rootIndex(), True)
        if self.model.rowCount():
            self.stack.setCurrentWidget(self.view)
        else:
            self.empty.setText(self._empty_text())
            self.stack.setCurrentWidget(self.empty)
        if not self.view.currentIndex().isValid():
            self._select_first()
        self._show_detail()

    def _empty_text(self) -> str:
        if not self.items:
            return self.tr("目前没有需要处理的事项。\n新的会议、发展党员步骤和整改措施录入后，到期和缺漏会显示在这里。")
        if self.model.needle:
            return self.tr("没有与“{0}”相符的事项。").format(self.search.text().strip())
        return self.tr("这一类目前没有事项。点“显示全部”查看其他事项。")

    # --- filters
    def choose(self, category: str | None) -> None:
        """Show one category (a tile) or everything (None)."""
        for name, tile in self.tiles.items():
            tile.blockSignals(True)
            tile.setChecked(name == category)
            tile.blockSignals(False)
        self.model.set_category(category)

    def _tile_toggled(self, tile: CountTile, on: bool) -> None:
        self.choose(tile.category if on else None)

    def _group_toggled(self, on: bool) -> None:
        self.view.setRootIsDecorated(on)
        self.model.set_grouped(on)

    # --- the selected line
    def _current_item(self) -> HomeItem | None:
        return self.model.item_at(self.view.currentIndex())

    def _select_first(self) -> None:
        first = self.model.index(0, 0)
        if self.model.grouped and first.isValid():
            first = self.model.index(0, 0, first)
        if first.isValid():
            self.view.setCurrentIndex(first)

    def _select_finding(self, finding: Finding) -> None:
        for row in range(self.model.rowCount()):
            parent = self.model.index(row, 0)
            children = [self.model.index(r, 0, parent) for r in range(self.model.rowCount(parent))] or [parent]
            for index in children:
                item = self.model.item_at(index)
                if item is not None and item.finding == finding:
                    self.view.setCurrentIndex(index)
                    return

    def _show_detail(self) -> None:
        item = self._current_item()
        self.open_button.setVisible(item is not None and area_key(item.finding) is not None)
        if item is None:
            self.detail.setText(self.tr("<span style='color:{0}'>选中一行，这里会说明依据和处理办法。"
                                        "双击一行（或按回车）直接打开。</span>").format(MUTED))
            return
        f = item.finding
        colour, mark, _icon = STATUS[item.category]
        rows = [f"<b style='font-size:15px'>{escape(item.line)}</b>",
                f"<span style='color:{colour}'>{mark} {escape(item.category)}</span>"
                + (f"　期限：{escape(due_text(f, self.today))}" if f.due else "")
                + (f"　{escape(f.area)}" if f.area else ""),
                ]
        if _plain(f.message) != _plain(item.line):
            rows.append(f"<b>说明</b>　{escape(f.message)}")
        annotation = getattr(f, "annotation", "")
        if annotation:
            rows.append(f"<b>已说明的原因</b>　{escape(annotation)}")
        # the plain citation: rule codes appear only in the annual report's --with-findings appendix
        rows.append(f"<b>依据</b>　{escape(f.source) or '—'}")
        if f.quote:  # the sentence of the text (domain/citations.py), so the basis can be read, not looked up
            rows.append(f"<b>原文</b>　<span style='color:{MUTED}'>{escape(f.quote)}</span>")
        rows.append(f"<b>怎么办</b>　{escape(remedy(f))}")
        self.detail.setText("<br>".join(rows))
        self.open_button.setText(action_label(f))

    # --- opening
    def _open_index(self, index) -> None:  # type: ignore[no-untyped-def]
        if self.model.is_heading(index):
            self.view.setExpanded(index, not self.view.isExpanded(index))
            return
        self.view.setCurrentIndex(index)
        self.open_current()

    def open_current(self) -> None:
        item = self._current_item()
        if item is None:
            return
        key = area_key(item.finding)
        if key:
            self.context.navigate.emit(key, item.finding)

    def item_rows(self) -> list[HomeItem]:
        """The lines as shown, top to bottom (tests read the order)."""
        rows: list[HomeItem] = []
        for row in range(self.model.rowCount()):
            index = self.model.index(row, 0)
            if self.model.is_heading(index):
                rows += [self.model.index(r, 0, index).data(ITEM_ROLE) for r in range(self.model.rowCount(index))]
            else:
                rows.append(index.data(ITEM_ROLE))
        return rows
