"""The organisation tree (党委 / 党总支 / 党支部 / 党小组) with member counts, and the selected
branch's committee posts. Selecting a node filters the member table beside it."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from branchdesk.domain.vocabulary import ALLOWED_CHILDREN, OrgKind
from branchdesk.services.errors import ServiceError
from branchdesk.services.roster.organisation import (
    OrgNode,
    create_org,
    delete_org,
    get_tree,
    org_change_refusals,
    org_deletion_refusal,
)
from branchdesk.services.roster.posts import PostRecord, delete_post, list_posts
from branchdesk.ui.context import AppContext
from branchdesk.ui.roster.post_dialogs import ElectionDialog, EndPostDialog, PostDialog, post_words
from branchdesk.ui.roster.rename_dialog import RenameDialog

NODE_ROLE = Qt.ItemDataRole.UserRole + 10


class OrgPanel(QWidget):
    selection_changed = Signal(object)  # OrgNode or None (= everyone)
    changed = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels([self.tr("组织"), self.tr("党员")])
        self.tree.header().setStretchLastSection(False)
        self.tree.header().setSectionResizeMode(0, self.tree.header().ResizeMode.Stretch)
        self.tree.header().setSectionResizeMode(1, self.tree.header().ResizeMode.ResizeToContents)
        self.tree.currentItemChanged.connect(self._current_changed)
        self.add_button = add = QPushButton(self.tr("新建下级"))
        self.rename_button = rename = QPushButton(self.tr("重命名"))
        self.remove_button = remove = QPushButton(self.tr("删除"))
        add.clicked.connect(self.add_child)
        rename.clicked.connect(self.rename)
        remove.clicked.connect(self.remove)
        buttons = QHBoxLayout()
        for button in (add, rename, remove):
            buttons.addWidget(button)
        self.tree_note = QLabel()  # on a branch's own PC: why the tree cannot be changed here
        self.tree_note.setWordWrap(True)
        self.tree_note.hide()
        self.posts_title = QLabel(self.tr("支部委员会"))
        self.posts = QListWidget()
        self.posts.setObjectName("committeePosts")
        self.posts.setMaximumHeight(130)
        self.posts.currentItemChanged.connect(self._post_selected)
        self.posts.itemActivated.connect(lambda _item: self.edit_post())  # Enter / double-click: 修改
        self.posts.installEventFilter(self)  # Delete: 删除 the post
        self.posts.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.show_ended = QCheckBox(self.tr("显示已卸任的任职"))
        self.show_ended.toggled.connect(lambda _on: self._show_posts(self.current_node()))
        self.assign = QPushButton(self.tr("任命职务…"))
        self.assign.clicked.connect(self.assign_post)
        self.election = QPushButton(self.tr("换届…"))
        self.election.setToolTip(self.tr("登记新一届支部委员会：原支部委员会的任职全部结束"))
        self.election.clicked.connect(self.elect)
        # what can be done with the selected post (TY-2: the list had no action at all)
        self.end_button = QPushButton(self.tr("卸任…"))
        self.end_button.clicked.connect(self.end_post)
        self.edit_post_button = QPushButton(self.tr("修改…"))
        self.edit_post_button.clicked.connect(self.edit_post)
        self.delete_post_button = QPushButton(self.tr("删除任职"))
        self.delete_post_button.clicked.connect(self.delete_post)
        self.post_history_button = QPushButton(self.tr("修改记录…"))
        self.post_history_button.clicked.connect(self.post_history)
        self.post_buttons = (self.end_button, self.edit_post_button, self.delete_post_button, self.post_history_button)
        for button in self.post_buttons:
            action = QAction(button.text(), self.posts)
            action.triggered.connect(button.click)
            self.posts.addAction(action)
        self.dates = QPushButton(self.tr("成立与撤销日期…"))
        self.dates.clicked.connect(self.edit_dates)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tree, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.tree_note)
        layout.addWidget(self.posts_title)
        layout.addWidget(self.posts)
        layout.addWidget(self.show_ended)
        # three buttons a row, as the tree's: the member list beside keeps its width at 1366
        for buttons_in_row in ((self.assign, self.election, self.end_button),
                               (self.edit_post_button, self.delete_post_button, self.post_history_button),
                               (self.dates,)):
            row = QHBoxLayout()
            for button in buttons_in_row:
                row.addWidget(button)
            layout.addLayout(row)

    def refresh(self) -> None:
        selected = self.current_node()
        selected_id = selected.id if selected else None
        self.tree.blockSignals(True)
        self.tree.clear()
        everyone = QTreeWidgetItem([self.tr("全部党员"), ""])
        everyone.setData(0, NODE_ROLE, None)
        self.tree.addTopLevelItem(everyone)
        restore = everyone

        def add(node: OrgNode, parent: QTreeWidgetItem | None) -> None:
            nonlocal restore
            item = QTreeWidgetItem([node.name, str(node.member_count)])
            item.setData(0, NODE_ROLE, node)
            item.setToolTip(0, node.kind + (self.tr("\n曾用名：{0}").format(node.former_names) if node.former_names else ""))
            item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight)
            if parent is None:
                self.tree.addTopLevelItem(item)
            else:
                parent.addChild(item)
            if node.id == selected_id:
                restore = item
            for child in node.children:
                add(child, item)

        for root in get_tree(self.context.db):
            add(root, None)
        self.tree.expandAll()
        self.tree.setCurrentItem(restore)
        self.tree.blockSignals(False)
        self._show_posts(self.current_node())

    def current_node(self) -> OrgNode | None:
        item = self.tree.currentItem()
        return item.data(0, NODE_ROLE) if item is not None else None

    def _current_changed(self, *_args: object) -> None:
        node = self.current_node()
        self._show_posts(node)
        self.selection_changed.emit(node)

    def _show_tree_actions(self, node: OrgNode | None) -> None:
        """On a branch's own PC the tree above its 党小组 is the committee's (T9-17): what cannot be
        done here is greyed out, the reason shown as the button's tooltip and, in short, under the
        buttons."""
        try:
            refusals = org_change_refusals(self.context.db, node.id if node is not None else None)
        except ServiceError:
            refusals = {}
        is_branch = node is not None and node.kind == OrgKind.BRANCH.value
        for button, action, possible, tip in (
                (self.add_button, "add", True, ""),
                (self.rename_button, "rename", node is not None, ""),
                (self.remove_button, "delete", node is not None, ""),
                (self.dates, "dates", is_branch, self.tr("党支部的成立日期：规定次数从这一天起计算"))):
            reason = refusals.get(action, "") if possible else ""
            button.setEnabled(possible and not reason)
            button.setToolTip(reason or tip)
        on_site = any(refusals.values())
        self.tree_note.setText(self.tr("本机是支部电脑：组织结构由党委维护，随下发数据包更新；"
                                       "这里只能新建、重命名和删除本支部的党小组。") if on_site else "")
        self.tree_note.setVisible(on_site)

    def _show_posts(self, node: OrgNode | None) -> None:
        """The committee in office (and appointed ahead); with 显示已卸任的任职, the ended posts too."""
        is_branch = node is not None and node.kind == OrgKind.BRANCH.value
        self.posts.clear()
        self.assign.setEnabled(is_branch)
        self.election.setEnabled(is_branch)
        self._show_tree_actions(node)
        self.posts_title.setText(self.tr("{0} 支部委员会").format(node.name) if is_branch else self.tr("支部委员会（请选择一个党支部）"))
        if is_branch:
            assert node is not None
            today = date.today()
            for post in list_posts(self.context.db, node.id):
                ended = post.term_end is not None and post.term_end < today
                if ended and not self.show_ended.isChecked():
                    continue
                start = f"{post.term_start:%Y-%m}" if post.term_start else self.tr("任期开始未填")
                if ended:
                    assert post.term_end is not None
                    end = self.tr("{0:%Y-%m-%d} 已卸任").format(post.term_end)
                else:
                    end = f"{post.term_end:%Y-%m}" if post.term_end else self.tr("至今")
                item = QListWidgetItem(f"{post.post}：{post.member_name}（{start} — {end}）")
                item.setData(Qt.ItemDataRole.UserRole, post)
                if ended:
                    item.setForeground(Qt.GlobalColor.gray)
                self.posts.addItem(item)
        self._post_selected()

    def current_post(self) -> PostRecord | None:
        item = self.posts.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def _post_selected(self, *_args: object) -> None:
        chosen = self.current_post() is not None
        for button in self.post_buttons:
            button.setEnabled(chosen)
        for action in self.posts.actions():
            action.setEnabled(chosen)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if (watched is self.posts and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)
                and event.key() == Qt.Key.Key_Delete and self.current_post() is not None):
            self.delete_post()
            return True
        return super().eventFilter(watched, event)

    def _posts_changed(self) -> None:
        self._show_posts(self.current_node())
        self.context.data_changed.emit("roster")

    def assign_post(self) -> None:
        node = self.current_node()
        if node is None:
            return
        if PostDialog(self.context, node, self).exec() == QDialog.DialogCode.Accepted:
            self._posts_changed()

    def elect(self) -> None:
        node = self.current_node()
        if node is None or node.kind != OrgKind.BRANCH.value:
            return
        if ElectionDialog(self.context, node, self).exec() == QDialog.DialogCode.Accepted:
            self._posts_changed()

    def end_post(self) -> None:
        post = self.current_post()
        if post is not None and EndPostDialog(self.context, post, self).exec() == QDialog.DialogCode.Accepted:
            self._posts_changed()

    def edit_post(self) -> None:
        node, post = self.current_node(), self.current_post()
        if node is None or post is None:
            return
        if PostDialog(self.context, node, self, record=post).exec() == QDialog.DialogCode.Accepted:
            self._posts_changed()

    def delete_post(self) -> None:
        post = self.current_post()
        if post is None:
            return
        answer = QMessageBox.question(self, self.tr("删除任职"), self.tr(
            "把“{0}”的任职记录移入回收站？（登记错了的才删除；任期结束请用“卸任”，换届请用“换届”）").format(post_words(post)))
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            delete_post(self.context.db, post.id)
        except ServiceError as exc:
            QMessageBox.warning(self, self.tr("无法删除"), str(exc))
            return
        self._posts_changed()

    def post_history(self) -> None:
        post = self.current_post()
        if post is None:
            return
        from branchdesk.ui.settings.history_dialog import HistoryDialog

        HistoryDialog(self.context, "committee_posts", post.id, post_words(post), self).exec()

    def edit_dates(self) -> None:
        node = self.current_node()
        if node is None or node.kind != OrgKind.BRANCH.value:
            return
        from branchdesk.ui.roster.branch_dates_dialog import BranchDatesDialog

        if BranchDatesDialog(self.context, node.id, self).exec():
            self.changed.emit()

    def add_child(self) -> None:
        node = self.current_node()
        parent_kind = OrgKind(node.kind) if node else None
        kinds = ALLOWED_CHILDREN[parent_kind]
        if not kinds:
            QMessageBox.information(self, self.tr("不能新建"), self.tr("党小组之下不能再设组织。"))
            return
        dialog = NewOrgDialog(self.context, kinds, node, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._changed()

    def rename(self) -> None:
        node = self.current_node()
        if node is None:
            return
        if RenameDialog(self.context, node, self).exec() == QDialog.DialogCode.Accepted:  # 自何日起 (TY-5)
            self._changed()

    def remove(self) -> None:
        node = self.current_node()
        if node is None:
            return
        try:  # one that holds history is refused before anything is asked (trial 9, T9-4)
            refusal = org_deletion_refusal(self.context.db, node.id)
        except ServiceError as exc:
            refusal = str(exc)
        if refusal:
            QMessageBox.warning(self, self.tr("无法删除"), refusal)
            return
        answer = QMessageBox.question(self, self.tr("删除组织"), self.tr("把“{0}”移入回收站？").format(node.name))
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            delete_org(self.context.db, node.id)
        except ServiceError as exc:
            QMessageBox.warning(self, self.tr("无法删除"), str(exc))
            return
        self._changed()

    def _changed(self) -> None:
        self.refresh()
        self.changed.emit()
        self.context.data_changed.emit("roster")


EXAMPLES = {OrgKind.COMMITTEE: "中共示范市第二中学委员会", OrgKind.GENERAL_BRANCH: "中共示范市第二中学总支部委员会",
            OrgKind.BRANCH: "高一年级党支部", OrgKind.GROUP: "语文党小组"}


class NewOrgDialog(QDialog):
    """新建下级 in one form: what it is (only the kinds allowed here), its name, where it goes."""

    def __init__(self, context: AppContext, kinds: tuple[OrgKind, ...], parent_node: OrgNode | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context, self.parent_node = context, parent_node
        self.setWindowTitle(self.tr("新建组织"))
        self.kind = QComboBox()
        for kind in kinds:
            self.kind.addItem(kind.value, kind)
        self.name = QLineEdit()
        self.name.setObjectName("orgName")
        self.error = QLabel()
        self.error.setStyleSheet("color: #b00020")
        self.error.setWordWrap(True)
        self.kind.currentIndexChanged.connect(self._example)
        self._example()
        form = QFormLayout(self)
        form.addRow(self.tr("上级"), QLabel(parent_node.name if parent_node else self.tr("（最上层）")))
        form.addRow(self.tr("类型"), self.kind)
        form.addRow(self.tr("名称"), self.name)
        form.addRow(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("新建"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def selected_kind(self) -> OrgKind:
        """The kind chosen. Qt hands a StrEnum put into a combo back as its text (TY-3: create_org then
        failed on `kind.value`), so it is made an OrgKind again here, where the type was lost."""
        return OrgKind(self.kind.currentData())

    def _example(self) -> None:
        self.name.setPlaceholderText(self.tr("如：{0}").format(EXAMPLES.get(self.selected_kind(), "")))

    def save(self) -> None:
        if not self.name.text().strip():
            self.error.setText(self.tr("请填写名称"))
            return
        try:
            create_org(self.context.db, self.name.text(), self.selected_kind(),
                       self.parent_node.id if self.parent_node else None)
        except ServiceError as exc:
            self.error.setText(str(exc))
            return
        self.accept()
