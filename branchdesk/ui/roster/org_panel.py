"""The organisation tree (党委 / 党总支 / 党支部 / 党小组) with member counts, and the selected
branch's committee posts. Selecting a node filters the member table beside it."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from branchdesk.domain.dates import add_years
from branchdesk.domain.vocabulary import ALLOWED_CHILDREN, COMMITTEE_POSTS, OrgKind
from branchdesk.services.errors import ServiceError
from branchdesk.services.roster.organisation import (
    OrgNode,
    assign_post,
    create_org,
    delete_org,
    get_tree,
    list_posts,
    org_change_refusals,
    org_deletion_refusal,
    rename_org,
)
from branchdesk.services.roster.records import list_members
from branchdesk.services.rule_settings import branch_settings
from branchdesk.ui.context import AppContext
from branchdesk.ui.widgets.date_edit import DateEdit, InvalidDate, first_problem

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
        self.posts.setMaximumHeight(130)
        self.assign = QPushButton(self.tr("任命职务…"))
        self.assign.clicked.connect(self.assign_post)
        self.dates = QPushButton(self.tr("成立与撤销日期…"))
        self.dates.clicked.connect(self.edit_dates)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tree, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.tree_note)
        layout.addWidget(self.posts_title)
        layout.addWidget(self.posts)
        row = QHBoxLayout()
        row.addWidget(self.assign)
        row.addWidget(self.dates)
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
            item.setToolTip(0, node.kind)
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
        is_branch = node is not None and node.kind == OrgKind.BRANCH.value
        self.posts.clear()
        self.assign.setEnabled(is_branch)
        self._show_tree_actions(node)
        self.posts_title.setText(self.tr("{0} 支部委员会").format(node.name) if is_branch else self.tr("支部委员会（请选择一个党支部）"))
        if is_branch:
            assert node is not None
            for post in list_posts(self.context.db, node.id, on=date.today()):
                end = f"{post.term_end:%Y-%m}" if post.term_end else self.tr("至今")
                start = f"{post.term_start:%Y-%m}" if post.term_start else "任期开始未填"
                self.posts.addItem(f"{post.post}：{post.member_name}（{start} — {end}）")

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
        name, ok = QInputDialog.getText(self, self.tr("重命名"), self.tr("新名称"), text=node.name)
        if ok and name.strip():
            try:
                rename_org(self.context.db, node.id, name)
            except ServiceError as exc:
                QMessageBox.warning(self, self.tr("无法重命名"), str(exc))
                return
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

    def assign_post(self) -> None:
        node = self.current_node()
        if node is None:
            return
        dialog = PostDialog(self.context, node, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._show_posts(node)

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


class PostDialog(QDialog):
    """Appoint a member of the branch to a committee post for a term (default 3 years, ORG-TERM)."""

    def __init__(self, context: AppContext, branch: OrgNode, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.branch = branch
        self.setWindowTitle(self.tr("任命职务：{0}").format(branch.name))
        self.member = QComboBox()
        for member in list_members(context.db):
            if member.branch_id == branch.id:
                self.member.addItem(f"{member.name}（{member.category}）", member.id)
        self.post = QComboBox()
        self.post.addItems(COMMITTEE_POSTS)
        today = date.today()
        # ORG-TERM (domain.md §1): the branch's term length, 3 years for a school (a setting, 5 for 村、社区)
        self.term_years = branch_settings(context.db, branch.id)[1]
        self.start = DateEdit(today, required=True, label="任期开始")
        self.end = DateEdit(add_years(today, self.term_years), label="任期结束")
        # 任期结束 follows a typed 任期开始 (T10-15) until the user gives an end of his own
        self._end_typed = False
        self._following = False
        self.start.valueChanged.connect(self._follow_start)
        self.end.valueChanged.connect(self._end_edited)
        term_note = QLabel(self.tr("任期结束按每届任期 {0} 年从任期开始推算，可修改。").format(self.term_years))
        term_note.setStyleSheet("color: #555")
        form = QFormLayout(self)
        form.addRow(self.tr("党员"), self.member)
        form.addRow(self.tr("职务"), self.post)
        form.addRow(self.tr("任期开始"), self.start)
        form.addRow(self.tr("任期结束"), self.end)
        form.addRow("", term_note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _follow_start(self, start: date | None) -> None:
        if start is not None and not self._end_typed:
            self._following = True
            self.end.set_value(add_years(start, self.term_years))
            self._following = False

    def _end_edited(self) -> None:
        if not self._following:
            self._end_typed = True

    def save(self) -> None:
        if first_problem([self.start, self.end]) is not None:
            return  # named beside the field; nothing is saved
        if self.member.currentData() is None:
            QMessageBox.warning(self, self.tr("无法任命"), self.tr("这个党支部还没有党员。"))
            return
        try:
            start = self.start.value()
            assert start is not None  # required: first_problem said so when empty
            assign_post(self.context.db, self.branch.id, self.member.currentData(), self.post.currentText(),
                        start, self.end.value() or add_years(start, self.term_years))
        except (ServiceError, InvalidDate) as exc:
            QMessageBox.warning(self, self.tr("无法任命"), str(exc))
            return
        self.accept()
