"""A conflict, side by side: every field (and the rows that belong to the record) on this PC and on
the other side, the differing ones marked, with who changed each side last; the person keeps this
PC's version or takes the other side's."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from branchdesk.domain.exchange.vocabulary import ConflictKind, Resolution
from branchdesk.services.exchange.records import ConflictView
from branchdesk.ui.widgets.keyboard import VIEW_OPTION

DIFFERS = QColor("#fff1c2")


class ConflictDialog(QDialog):
    """`choice` is set to Resolution.LOCAL or Resolution.REMOTE when the dialog is accepted."""

    def __init__(self, view: ConflictView, parent: QWidget | None = None, *,
                 unmasked: Callable[[], ConflictView] | None = None) -> None:
        """`view` shows ID and phone numbers masked; `unmasked` fetches the same conflict in full, for
        the 显示完整 box (as in the roster and 修改记录)."""
        super().__init__(parent)
        self.view = view
        self._masked_view = view
        self._unmasked = unmasked
        self.choice: Resolution | None = None
        self.setWindowTitle(self.tr("处理冲突：{0}").format(view.label))
        if view.code == ConflictKind.AFTER_MOVE:  # (services/exchange/late_months.py)
            why = self.tr("{0}：{1}。{4}（{2}第 {3} 号数据包带来）。没有选择之前，本机保留自己的版本。")
        elif view.code == ConflictKind.REPOINTED and view.remote_deleted:  # (scope_check._left_for_another)
            why = self.tr("{0}：{1}。这条记录现在在另一名党员名下，而这名党员不是、也从来不是{2}的党员；{2}删除了它"
                          "（{2}第 {3} 号数据包带来）。采用对方版本会删除它，改变其他党支部的统计。请核对后选择。"
                          "没有选择之前，本机保留这条记录。")
        elif view.code == ConflictKind.REPOINTED:  # held by the merge (services/exchange/scope_check.repointed)
            why = self.tr("{0}：{1}。{2}的版本把这条记录改到了另一名党员名下（或者党委已把它改到其他党支部的党员名下，"
                          "而{2}仍把它留在原来的党员名下），其中有人不是或已不是{2}的党员，采用它会改变其他党支部的统计"
                          "（{2}第 {3} 号数据包带来）。请选择是否采用。没有选择之前，本机保留自己的版本。")
        elif not view.local_exists and not view.remote_deleted:  # deleted for good here, still there
            why = self.tr("{0}：{1}。这条记录本机已彻底删除，{2}仍有它（{2}第 {3} 号数据包带来）。"
                          "请选择保持本机的删除，或采用对方版本重新建立它。没有选择之前，本机不重新建立。")
        else:
            why = self.tr("{0}：{1}。这条记录在本机和{2}都修改过（{2}第 {3} 号数据包带来），"
                          "请选择保留哪一个版本。没有选择之前，本机保留自己的版本。")
        self.head = head = QLabel(why.format(view.kind, view.label, view.peer, view.package_seq, view.why))
        head.setWordWrap(True)
        self.only_differing = QCheckBox(self.tr("只显示不同的项"))
        self.only_differing.setProperty(VIEW_OPTION, True)  # not asked about on Escape (ui/widgets/keyboard.py)
        self.only_differing.setChecked(True)
        self.only_differing.toggled.connect(self._fill)
        self.show_full = QCheckBox(self.tr("显示完整"))
        self.show_full.setProperty(VIEW_OPTION, True)  # not asked about on Escape (ui/widgets/keyboard.py)
        self.show_full.setToolTip(self.tr("显示完整的公民身份号码和联系电话"))
        self.show_full.setVisible(unmasked is not None)
        self.show_full.toggled.connect(self._toggle_full)
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels([self.tr("项目"), self.tr("本机"), self.tr("对方（{0}）").format(view.peer)])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        who = QLabel(self.tr("本机最后修改：{0}\n对方最后修改：{1}").format(view.local_changed, view.remote_changed))
        who.setWordWrap(True)
        local_text = self.tr("保留本机版本") if view.local_exists else self.tr("保持本机的删除")
        remote_text = self.tr("采用对方版本") if not view.remote_deleted else self.tr("按对方删除")
        self.keep_local = QPushButton(local_text)
        self.keep_local.clicked.connect(lambda: self._choose(Resolution.LOCAL))
        self.take_remote = QPushButton(remote_text)
        self.take_remote.clicked.connect(lambda: self._choose(Resolution.REMOTE))
        later = QPushButton(self.tr("以后再说"))
        later.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.only_differing)
        buttons.addWidget(self.show_full)
        buttons.addStretch(1)
        for button in (self.keep_local, self.take_remote, later):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(head)
        layout.addWidget(self.table, 1)
        layout.addWidget(who)
        layout.addLayout(buttons)
        self._fill()
        self.resize(820, 520)

    def _fill(self) -> None:
        rows = self.view.differing if self.only_differing.isChecked() else self.view.fields
        self.table.setRowCount(len(rows))
        for r, diff in enumerate(rows):
            for c, text in enumerate((diff.field, diff.local, diff.remote)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if diff.differs:
                    item.setBackground(QBrush(DIFFERS))
                self.table.setItem(r, c, item)
        self.table.resizeRowsToContents()

    def _toggle_full(self, full: bool) -> None:
        if full and self._unmasked is not None:
            self.view = self._unmasked()
        else:
            self.view = self._masked_view
        self._fill()

    def _choose(self, choice: Resolution) -> None:
        self.choice = choice
        self.accept()
