"""设置 → 数据交换 (issue 20): this site and its keys, the sites it exchanges with, 添加支部站点 /
加入, 上报 or 下发, 接收, the list of packages sent and received, and the conflicts to resolve.

Writing and merging a package run off the GUI thread (a year of a branch takes about a second); a
refused package is explained in a message box and listed, and nothing of it is written."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from branchdesk.domain.exchange.vocabulary import SiteRole
from branchdesk.services.errors import ServiceError
from branchdesk.services.exchange import records as exchange
from branchdesk.services.exchange.records import ConflictView, ExchangeStatus, PackageEntry, PeerStatus
from branchdesk.ui.context import AppContext
from branchdesk.ui.error_report import error_box
from branchdesk.ui.exchange.conflict_dialog import ConflictDialog
from branchdesk.ui.exchange.setup_dialogs import SETUP_FILTER, AddSiteDialog, JoinDialog, SetupCodeDialog
from branchdesk.ui.tasks import describe, failure_box, run_quietly, run_task
from branchdesk.ui.widgets.table_model import ColumnSpec, FilterProxy, RecordTableModel

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
PACKAGE_FILTER = "BranchDesk 数据包 (*.bdpkg)"
WARN = "#8a1c00"

PEER_COLUMNS: list[ColumnSpec[PeerStatus]] = [
    ColumnSpec("站点", lambda p: p.name),
    ColumnSpec("类别", lambda p: p.role),
    ColumnSpec("状态", lambda p: ("已连通" if p.joined else "等待首次上报") + ("；最近一次被拒收" if p.refused else ""),
               color=lambda p: WARN if p.refused or not p.joined else None, tooltip=lambda p: p.refused),
    ColumnSpec("发出", lambda p: p.sent, RIGHT),
    ColumnSpec("对方已确认", lambda p: p.confirmed, RIGHT),
    ColumnSpec("收到", lambda p: p.received, RIGHT),
    ColumnSpec("待对方确认的修改", lambda p: p.unconfirmed_changes, RIGHT),
    ColumnSpec("密钥指纹", lambda p: p.fingerprint or "（首次上报后显示）"),
]
PACKAGE_COLUMNS: list[ColumnSpec[PackageEntry]] = [
    ColumnSpec("时间", lambda e: e.when),
    ColumnSpec("方向", lambda e: f"{e.direction}（{'发出' if e.outgoing else '收到'}）"),
    ColumnSpec("站点", lambda e: e.peer),
    ColumnSpec("编号", lambda e: e.seq, RIGHT),
    ColumnSpec("类别", lambda e: e.kind),
    ColumnSpec("记录数", lambda e: e.records, RIGHT, tooltip=lambda e: e.counts),
    ColumnSpec("状态", lambda e: e.status + (f"，{e.conflicts} 条冲突" if e.conflicts else ""),
               color=lambda e: WARN if e.status == "已拒收" or e.conflicts else None),
    ColumnSpec("说明", lambda e: e.note or e.file_name, tooltip=lambda e: f"{e.file_name}\n{e.note}".strip()),
]
CONFLICT_COLUMNS: list[ColumnSpec[ConflictView]] = [
    ColumnSpec("记录", lambda v: v.label),
    ColumnSpec("情况", lambda v: v.kind),
    ColumnSpec("来自", lambda v: f"{v.peer} 第 {v.package_seq} 号"),
    ColumnSpec("发现时间", lambda v: v.detected_at),
    ColumnSpec("不同的项", lambda v: "、".join(d.field for d in v.differing[:4]) + ("…" if len(v.differing) > 4 else "")),
]


def _table(model: RecordTableModel[Any], parent: QWidget) -> tuple[QTableView, FilterProxy]:
    proxy = FilterProxy(parent)
    proxy.setSourceModel(model)
    view = QTableView()
    view.setModel(proxy)
    view.setSortingEnabled(True)
    view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QTableView.SelectionMode.SingleSelection)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.horizontalHeader().setStretchLastSection(True)
    return view, proxy


def _fit_rows(view: QTableView, most: int = 12) -> None:
    """The 交换的站点 list as high as its rows, up to `most` (then it scrolls): at 1366×768 every site of
    a school's nine branches is in view, above the 数据包 list, which takes the rest (trial D, TD-7:
    two of nine were shown, and which branches have not sent is the 组织员's first question)."""
    rows = max(1, min(view.model().rowCount(), most))
    header = view.horizontalHeader().sizeHint().height()
    sideways = view.horizontalScrollBar().sizeHint().height() if view.horizontalScrollBar().isVisible() else 0
    view.setFixedHeight(header + rows * view.verticalHeader().defaultSectionSize() + sideways + 2 * view.frameWidth())


class ExchangePanel(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.status: ExchangeStatus | None = None
        self.refreshed = False  # set once the last refresh has been shown
        self.site = QLabel()
        self.site.setWordWrap(True)
        self.site.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.keys = QLabel()
        self.keys.setWordWrap(True)
        self.add_button = QPushButton(self.tr("添加支部站点…"))
        self.add_button.clicked.connect(self.add_site)
        self.join_button = QPushButton(self.tr("加入（打开设置文件）…"))
        self.join_button.clicked.connect(self.join)
        self.send_button = QPushButton(self.tr("上报…"))
        self.send_button.clicked.connect(self.send)
        self.receive_button = QPushButton(self.tr("接收…"))
        self.receive_button.clicked.connect(self.receive)
        actions = QHBoxLayout()
        for button in (self.add_button, self.join_button, self.send_button, self.receive_button):
            actions.addWidget(button)
        actions.addStretch(1)
        top = QVBoxLayout()
        top.addWidget(self.site)
        top.addWidget(self.keys)
        top.addLayout(actions)
        site_box = QGroupBox(self.tr("本站点"))
        site_box.setLayout(top)

        self.peers: RecordTableModel[PeerStatus] = RecordTableModel(PEER_COLUMNS, self)
        self.peer_view, _ = _table(self.peers, self)
        self.packages: RecordTableModel[PackageEntry] = RecordTableModel(PACKAGE_COLUMNS, self)
        self.package_view, self.package_proxy = _table(self.packages, self)
        self.package_view.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("搜索数据包（站点、状态、说明）"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.package_proxy.set_search)
        self.conflicts: RecordTableModel[ConflictView] = RecordTableModel(CONFLICT_COLUMNS, self)
        self.conflict_view, self.conflict_proxy = _table(self.conflicts, self)
        self.conflict_view.doubleClicked.connect(lambda _i: self.resolve_selected())
        self.conflict_label = QLabel()
        self.resolve_button = QPushButton(self.tr("处理所选冲突…"))
        self.resolve_button.clicked.connect(self.resolve_selected)

        packages_box = QWidget()
        packages_layout = QVBoxLayout(packages_box)
        packages_layout.setContentsMargins(0, 0, 0, 0)
        packages_layout.addWidget(QLabel(self.tr("交换的站点")))
        packages_layout.addWidget(self.peer_view)  # as high as its rows (_fit_rows)
        packages_layout.addWidget(QLabel(self.tr("数据包（发出与收到）")))
        packages_layout.addWidget(self.search)
        packages_layout.addWidget(self.package_view, 1)
        self.conflicts_box = conflicts_box = QWidget()
        conflicts_layout = QVBoxLayout(conflicts_box)
        conflicts_layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.addWidget(self.conflict_label, 1)
        row.addWidget(self.resolve_button)
        conflicts_layout.addLayout(row)
        conflicts_layout.addWidget(self.conflict_view, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(packages_box)
        splitter.addWidget(conflicts_box)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(site_box)
        layout.addWidget(splitter, 1)

    # ---------------------------------------------------------------- data

    def refresh(self) -> None:
        """Read the status off the GUI thread (it first reads 修改记录 for changes made since)."""
        db = self.context.db

        def load(_progress: Callable[[int, int], None], _cancelled: Callable[[], bool]) -> tuple[Any, Any]:
            status = exchange.exchange_status(db)
            return status, exchange.list_conflicts(db) if status.configured else []

        self.refreshed = False
        run_quietly(self, load, lambda result: self._show(*result),
                    lambda error: self.site.setText(describe(error)), pool=self.context.pool)

    def _show(self, status: ExchangeStatus, conflicts: list[ConflictView]) -> None:
        self.status = status
        self.refreshed = True
        committee = status.role == SiteRole.COMMITTEE
        if not status.configured:
            self.site.setText(self.tr("本数据库还没有设置数据交换。党委的电脑：点“添加支部站点”，为每个支部写出设置文件；"
                                      "支部的电脑：点“加入”，打开党委给的设置文件。"))
            self.keys.setText("")
        else:
            self.site.setText(self.tr("{0}（{1}站点）　密钥指纹：{2}").format(status.site, status.role_label,
                                                                       status.fingerprint))
            self.keys.setText(status.key_storage)
            plain = status.key_storage.startswith("注意")
            self.keys.setStyleSheet(f"color: {WARN};" if plain else "")
        self.add_button.setVisible(not status.configured or committee)
        self.join_button.setVisible(not status.configured)
        self.send_button.setVisible(status.configured)
        self.receive_button.setVisible(status.configured)
        self.send_button.setText(self.tr("下发…") if committee else self.tr("上报…"))
        self.peers.set_rows(status.peers)
        _fit_rows(self.peer_view)
        self.packages.set_rows(status.packages)
        self.conflicts.set_rows(conflicts)
        self.conflict_label.setText(self.tr("待处理的冲突：{0} 条（两边都修改过或需要确认的记录，本机暂时保留自己的版本）")
                                    .format(len(conflicts)) if conflicts else self.tr("没有待处理的冲突。"))
        self.resolve_button.setEnabled(bool(conflicts))
        # none: the line says so, and the lists above get the room
        self.conflict_view.setVisible(bool(conflicts))
        self.conflicts_box.setMaximumHeight(16777215 if conflicts else self.conflicts_box.minimumSizeHint().height())

    def _folder(self) -> Path:
        return Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation) or Path.home())

    def _failed(self, title: str, error: Exception) -> None:
        failure_box(self, title, error)
        self.refresh()

    # ---------------------------------------------------------------- actions

    def add_site(self) -> None:
        branches = exchange.branches(self.context.db)
        if not branches:
            QMessageBox.information(self, self.tr("添加支部站点"), self.tr("还没有党支部：请先在“组织与党员”中建立党支部。"))
            return
        dialog = AddSiteDialog(branches, self._folder(), self)
        if dialog.exec() != AddSiteDialog.DialogCode.Accepted:
            return
        name, path, replace = dialog.chosen()
        db = self.context.db
        run_task(self, lambda _p, _c: exchange.add_site(db, name, path, replace=replace),
                 lambda result: self._added(result),
                 lambda error: self._failed(self.tr("无法添加支部站点"), error),
                 label=self.tr("正在写出设置文件……"), pool=self.context.pool, cancellable=False)

    def _added(self, result: exchange.SetupResult) -> None:
        SetupCodeDialog(result, self).exec()
        self.refresh()

    def join(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(self, self.tr("打开党委给的设置文件"), str(self._folder()), SETUP_FILTER)
        if not chosen:
            return
        try:
            preview = exchange.preview_setup(Path(chosen))
        except ServiceError as exc:
            QMessageBox.warning(self, self.tr("无法加入"), str(exc))
            return
        dialog = JoinDialog(preview, self)
        if dialog.exec() != JoinDialog.DialogCode.Accepted:
            return
        code, db = dialog.code.text(), self.context.db

        def done(result: exchange.JoinResult) -> None:
            QMessageBox.information(self, self.tr("已加入"), result.to_text())
            self.context.data_changed.emit("*")
            self.refresh()

        run_task(self, lambda _p, _c: exchange.join(db, Path(chosen), code), done,
                 lambda error: self._failed(self.tr("无法加入"), error),
                 label=self.tr("正在加入……"), pool=self.context.pool, cancellable=False)

    def send(self) -> None:
        status = self.status or exchange.exchange_status(self.context.db)
        peers = [p for p in status.peers]
        if not peers:
            QMessageBox.information(self, self.tr("下发"), self.tr("还没有支部站点：请先添加支部站点。"))
            return
        to: str | None = None
        if len(peers) > 1:
            names = [p.name for p in peers]
            name, ok = QInputDialog.getItem(self, self.tr("下发"), self.tr("写给哪个支部站点："), names, 0, False)
            if not ok:
                return
            to = name
        peer = next(p for p in peers if to in (None, p.name))
        if not peer.joined:
            QMessageBox.information(self, self.tr("下发"), self.tr("“{0}”还没有上报过数据包，本站点还不知道它的密钥。"
                                                                   "请等它加入并上报一次后再下发。").format(peer.name))
            return
        word = self.tr("下发") if status.role == SiteRole.COMMITTEE else self.tr("上报")
        chosen, _ = QFileDialog.getSaveFileName(
            self, self.tr("{0}数据包保存到").format(word),
            str(self._folder() / f"{status.site}_{word}_{peer.name}_{peer.sent + 1:04d}.bdpkg"), PACKAGE_FILTER)
        if not chosen:
            return
        db = self.context.db

        def done(result: exchange.ExportResult) -> None:
            # several files when the attachments pass one package's limit: the text names each and where
            title = (self.tr("已写出 {0} 个{1}数据包").format(result.parts, word) if result.parts > 1
                     else self.tr("{0}数据包已写出").format(word))
            QMessageBox.information(self, title, result.to_text())
            self.refresh()

        run_task(self, lambda _p, _c: exchange.export_package(db, Path(chosen), to=to), done,
                 lambda error: self._failed(self.tr("无法写出数据包"), error),
                 label=self.tr("正在写出数据包……"), pool=self.context.pool, cancellable=False)

    def receive(self) -> None:
        chosen, _ = QFileDialog.getOpenFileNames(self, self.tr("接收数据包"), str(self._folder()), PACKAGE_FILTER)
        if not chosen:
            return
        db = self.context.db
        files = sorted(Path(c) for c in chosen)  # oldest first when several are chosen

        def work(progress: Callable[[int, int], None], _cancelled: Callable[[], bool]) -> tuple[list[Any], list[str]]:
            results = []
            for i, path in enumerate(files):
                progress(i, len(files))
                results.append((path, exchange.import_package(db, path)))
            waiting = exchange.not_heard_from(db) if len(files) > 1 else []
            return results, waiting

        def done(found: tuple[list[tuple[Path, exchange.ImportResult]], list[str]]) -> None:
            results, waiting = found
            text = "\n\n".join(f"{path.name}：\n{result.to_text()}" for path, result in results)
            refused = any(r.status == "refused" for _p, r in results)
            title = self.tr("接收数据包") if not refused else self.tr("有数据包被拒收")
            if len(results) == 1:
                (QMessageBox.warning if refused else QMessageBox.information)(self, title, text)
            else:  # a line first, each package's own lines under 显示详情 (TD-10: nine 上报 made a box
                # taller than a 768 px screen, its 确定 below the edge)
                only = [result for _path, result in results]
                summary = [exchange.received_summary(only, waiting), *exchange.parts_summary(only)]
                error_box(self, title, "\n".join(summary), text,
                          icon=QMessageBox.Icon.Warning if refused else QMessageBox.Icon.Information)
            self.context.data_changed.emit("*")
            self.refresh()

        run_task(self, work, done, lambda error: self._failed(self.tr("无法接收数据包"), error),
                 label=self.tr("正在接收数据包……"), pool=self.context.pool, cancellable=False)

    def resolve_selected(self) -> None:
        rows = self.conflict_view.selectionModel().selectedRows()
        if not rows and self.conflicts.rowCount():
            self.conflict_view.selectRow(0)
            rows = self.conflict_view.selectionModel().selectedRows()
        if not rows:
            return
        view = self.conflict_proxy.record_at(rows[0].row())
        dialog = ConflictDialog(view, self, unmasked=lambda: exchange.get_conflict(self.context.db, view.id, masked=False))
        if dialog.exec() != ConflictDialog.DialogCode.Accepted or dialog.choice is None:
            return
        try:
            message = exchange.resolve_conflict(self.context.db, view.id, dialog.choice)
        except ServiceError as exc:
            QMessageBox.warning(self, self.tr("无法处理冲突"), str(exc))
        else:
            QMessageBox.information(self, self.tr("冲突已处理"), message)
            self.context.data_changed.emit("*")
        self.refresh()
