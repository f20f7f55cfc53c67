"""组织与党员: the organisation tree beside the member table, with search (name, ID number, phone),
filters (organisation, 人员类别, left members), sort by any column, add / edit / mark-as-left, and
Excel import and export. ID numbers and phones are masked unless the user reveals them."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from branchdesk.domain.file_errors import file_error
from branchdesk.domain.idcard import mask_id_number, mask_phone
from branchdesk.domain.roster.not_expected import NotExpectedSpan
from branchdesk.domain.roster.records import MemberRecord
from branchdesk.domain.vocabulary import MemberCategory, MemberStatus, MoveKind, OrgKind
from branchdesk.services.roster.member_history import member_history
from branchdesk.services.roster.not_expected import not_expected_on
from branchdesk.services.roster.organisation import OrgNode, list_orgs
from branchdesk.services.roster.records import list_members, reinstate
from branchdesk.ui.context import AppContext
from branchdesk.ui.import_dialog import ImportDialog
from branchdesk.ui.roster.discipline_dialog import DisciplineDialog
from branchdesk.ui.roster.event_form import MemberEventDialog
from branchdesk.ui.roster.leave_dialog import LeaveDialog
from branchdesk.ui.roster.member_dialog import MemberDialog
from branchdesk.ui.roster.move_dialog import MoveDialog
from branchdesk.ui.roster.not_expected_dialog import NotExpectedDialog
from branchdesk.ui.roster.org_panel import OrgPanel
from branchdesk.ui.roster.transfer_dialog import TransferDialog
from branchdesk.ui.widgets.action_bar import Control, action_bar
from branchdesk.ui.widgets.column_menu import choose_columns
from branchdesk.ui.widgets.list_keys import keyboard_list
from branchdesk.ui.widgets.save_file import ask_save_name
from branchdesk.ui.widgets.table_fit import fit_table
from branchdesk.ui.widgets.table_model import ColumnSpec, FilterProxy, RecordTableModel


def member_columns(reveal: bool, left_out: Mapping[int, NotExpectedSpan] | None = None) -> list[ColumnSpec[MemberRecord]]:
    """`left_out`: the members left out of 应到会 today with approval (VOTE-WHO), shown in 状态 with
    the record as its tooltip (the mapping is read each time: the page refills it on reload)."""
    spans: Mapping[int, NotExpectedSpan] = left_out if left_out is not None else {}

    def left_colour(m: MemberRecord) -> str | None:
        return "#888888" if m.status != MemberStatus.ACTIVE.value else None

    def status(m: MemberRecord) -> str:
        if m.status != MemberStatus.ACTIVE.value:
            return f"{m.status} {m.left_date or ''}".strip()
        # short enough to stay whole at 1366×768 (review rev3 R3-7); the record itself is the tooltip
        return f"{m.status}·不计应到" if m.id in spans else m.status

    return [
        ColumnSpec("姓名", lambda m: m.name, color=left_colour),
        ColumnSpec("性别", lambda m: m.sex),
        ColumnSpec("民族", lambda m: m.ethnicity),
        ColumnSpec("公民身份号码", lambda m: m.id_number if reveal else mask_id_number(m.id_number)),
        ColumnSpec("出生日期", lambda m: m.birth_date),
        ColumnSpec("学历", lambda m: m.education),
        ColumnSpec("所在党支部", lambda m: m.branch),
        ColumnSpec("党小组", lambda m: m.group),
        ColumnSpec("人员类别", lambda m: m.category,
                   color=lambda m: "#1565c0" if m.category == MemberCategory.PROBATIONARY.value else None),
        ColumnSpec("入党日期", lambda m: m.join_date),
        ColumnSpec("转正日期", lambda m: m.full_date),
        ColumnSpec("工作岗位", lambda m: m.position),
        ColumnSpec("联系电话", lambda m: m.phone if reveal else mask_phone(m.phone)),
        ColumnSpec("状态", status, color=left_colour,
                   tooltip=lambda m: spans[m.id].line if m.id in spans and m.status == MemberStatus.ACTIVE.value
                   else ""),
        ColumnSpec("备注", lambda m: m.note),
    ]


# Hidden until the user shows them (right click on the header): 15 columns do not fit beside the
# organisation tree at 1366×768 (trial 9 T9-27). Search still reads the ID number; the member's form
# and the Excel export hold every field.
SELDOM_SHOWN = ("民族", "公民身份号码", "出生日期", "学历", "备注")


def _haystack(m: MemberRecord) -> str:
    """Search by name, full ID number or phone even while they are masked on screen."""
    return f"{m.name} {m.id_number} {m.phone} {m.position}"


class RosterPage(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.org_panel = OrgPanel(context)
        self.org_panel.selection_changed.connect(self._org_selected)
        self.org_panel.changed.connect(self.reload_members)

        self.search = QLineEdit()
        self.search.setObjectName("memberSearch")
        self.search.setPlaceholderText(self.tr("搜索姓名、身份证号或电话（Ctrl+F）"))
        self.search.setClearButtonEnabled(True)
        self.category = QComboBox()
        self.category.addItem(self.tr("全部类别"), None)
        for category in MemberCategory:
            self.category.addItem(category.value, category.value)
        self.include_left = QCheckBox(self.tr("含已离开"))
        self.reveal = QCheckBox(self.tr("显示完整身份证号和电话"))
        self.count_label = QLabel()

        self._left_out: dict[int, NotExpectedSpan] = {}
        self.model: RecordTableModel[MemberRecord] = RecordTableModel(member_columns(False, self._left_out), self)
        self.proxy = FilterProxy(self, haystack=_haystack)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setObjectName("memberTable")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.horizontalHeader().setResizeContentsPrecision(200)  # fit widths to a sample, not 10,000 rows
        keyboard_list(self.table, self.edit_member, self.search)  # Enter, double click; Down from the search

        self.search.textChanged.connect(self._update_search)
        self.category.currentIndexChanged.connect(self._update_category)
        self.include_left.toggled.connect(self.reload_members)
        self.reveal.toggled.connect(self._toggle_reveal)

        buttons = QHBoxLayout()
        self.buttons: dict[str, Control] = {}
        action_bar(buttons, self, (
            (self.tr("新增党员"), self.add_member, "Ctrl+N"),
            (self.tr("编辑"), self.edit_member, None),
            (self.tr("从 Excel 导入"), self.import_excel, "Ctrl+I"),
        ), (
            (self.tr("支部调整…"), self.move_member, "Ctrl+Shift+M"),
            (self.tr("组织关系转入…"), self.transfer_in, None),
            (self.tr("离开本单位…"), self.left_unit, None),
            (self.tr("回到本单位…"), self.returned_unit, None),
            (self.tr("党纪处分…"), self.discipline, None),
            (self.tr("不计入应到会…"), self.not_expected, None),
            (self.tr("标记离开"), self.mark_left, None),
            (self.tr("修改记录"), self.show_history, None),
            (self.tr("导出 Excel"), self.export_excel, "Ctrl+E"),
            (self.tr("空白模板"), self.save_template, None),
        ), self.buttons, self.table)
        QShortcut(QKeySequence.StandardKey.Find, self, activated=self.search.setFocus)

        filters = QHBoxLayout()
        filters.addWidget(self.search, 2)
        filters.addWidget(self.category)
        filters.addWidget(self.include_left)
        filters.addWidget(self.reveal)
        filters.addWidget(self.count_label, 1, Qt.AlignmentFlag.AlignRight)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addLayout(filters)
        right_layout.addWidget(self.table, 1)
        right_layout.addLayout(buttons)

        self.splitter = QSplitter()
        self.splitter.addWidget(self.org_panel)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([260, 1000])
        layout = QVBoxLayout(self)
        layout.addWidget(self.splitter)
        self.proxy.rowsInserted.connect(self._update_count)
        self.proxy.rowsRemoved.connect(self._update_count)
        self.proxy.modelReset.connect(self._update_count)
        self.proxy.layoutChanged.connect(self._update_count)
        self._loaded = False
        self._restore_state()

    # --- loading
    def refresh(self) -> None:
        self.org_panel.refresh()
        self.reload_members()

    def reload_members(self) -> None:
        members = list_members(self.context.db, include_left=self.include_left.isChecked())
        self._left_out.clear()  # 不计入应到会 today, with approval (VOTE-WHO): shown in 状态
        self._left_out.update(not_expected_on(self.context.db, [m.id for m in members], date.today()))
        self.model.set_rows(members)
        if not self._loaded:
            self._loaded = True
            if not QSettings().value("roster/header"):
                self.table.resizeColumnsToContents()
        self._update_count()

    def _update_count(self, *_args: object) -> None:
        self.count_label.setText(self.tr("显示 {0} / 共 {1} 人").format(self.proxy.rowCount(), self.model.rowCount()))

    # --- filters
    def _update_search(self, text: str) -> None:
        self.proxy.set_search(text)
        self._update_count()

    def _update_category(self) -> None:
        value = self.category.currentData()
        self.proxy.set_filter("category", (lambda m: m.category == value) if value else None)
        self._update_count()

    def _org_selected(self, node: OrgNode | None) -> None:
        if node is None or node.kind in (OrgKind.COMMITTEE.value, OrgKind.GENERAL_BRANCH.value):
            ids = {n.id for n in node.walk()} if node is not None else None
            self.proxy.set_filter("org", (lambda m: m.branch_id in ids) if ids else None)
        elif node.kind == OrgKind.BRANCH.value:
            self.proxy.set_filter("org", lambda m: m.branch_id == node.id)
        else:
            self.proxy.set_filter("org", lambda m: m.group_id == node.id)
        self._update_count()

    def _toggle_reveal(self, reveal: bool) -> None:
        self.model.set_columns(member_columns(reveal, self._left_out))  # same columns, masked or not
        if reveal:  # asked for the full numbers: their columns are shown
            for title in ("公民身份号码", "联系电话"):
                self.columns.set_shown(title, True)

    # --- actions
    def selected_member(self) -> MemberRecord | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.proxy.record_at(rows[0].row())

    def _dialog(self, member: MemberRecord | None) -> MemberDialog:
        refs = list_orgs(self.context.db)
        branches = [r for r in refs if r.kind == OrgKind.BRANCH.value]
        groups = [r for r in refs if r.kind == OrgKind.GROUP.value]
        return MemberDialog(self.context, branches, groups, member, self)

    def add_member(self) -> None:
        if not list_orgs(self.context.db, OrgKind.BRANCH):
            QMessageBox.information(self, self.tr("请先建立党支部"),
                                    self.tr("还没有党支部。请在左侧“新建下级”建立党委和党支部，或直接从 Excel 导入花名册。"))
            return
        dialog = self._dialog(None)
        node = self.org_panel.current_node()
        if node is not None and node.kind == OrgKind.BRANCH.value:
            dialog.branch.setCurrentIndex(max(dialog.branch.findData(node.id), 0))
        if dialog.exec():
            self._after_change(dialog.saved)

    def edit_member(self) -> None:
        member = self.selected_member()
        if member is None:
            return
        dialog = self._dialog(member)
        if dialog.exec() or dialog.moved:  # a dated 支部调整 made from the form is saved even if it is cancelled
            self._after_change(dialog.saved or member)

    def _chosen(self, title: str) -> MemberRecord | None:
        member = self.selected_member()
        if member is None:
            QMessageBox.information(self, title, self.tr("请先在表格中选中一名党员。"))
        return member

    def move_member(self) -> None:
        """支部调整 on a date the user types (issue 16): the old branch keeps the member's earlier days."""
        member = self._chosen(self.tr("支部调整"))
        if member is not None:
            self._event(MoveDialog(self.context, member, self), member)

    def transfer_in(self) -> None:
        member = self._chosen(self.tr("组织关系转入"))
        if member is not None:
            self._event(TransferDialog(self.context, member, MoveKind.TRANSFER_IN, self), member)

    def left_unit(self) -> None:
        member = self._chosen(self.tr("离开本单位"))
        if member is not None:
            self._event(TransferDialog(self.context, member, MoveKind.LEFT_UNIT, self), member)

    def returned_unit(self) -> None:
        """回到本单位 (借调、支教期满) from the menu too, not only inside the 离开本单位 form."""
        member = self._chosen(self.tr("回到本单位"))
        if member is not None:
            self._event(TransferDialog(self.context, member, MoveKind.RETURNED_UNIT, self), member)

    def discipline(self) -> None:
        member = self._chosen(self.tr("党纪处分"))
        if member is not None:
            self._event(DisciplineDialog(self.context, member, self), member)

    def not_expected(self) -> None:
        """不计入应到会 with approval, from a day (VOTE-WHO, TD-5): new sign-in sheets read it."""
        member = self._chosen(self.tr("不计入应到会"))
        if member is not None:
            self._event(NotExpectedDialog(self.context, member, self), member)

    def _event(self, dialog: MemberEventDialog, member: MemberRecord) -> None:
        """Open an event form; reload when it saved, or when an earlier event was deleted or corrected
        in it even if the form was then cancelled."""
        if dialog.exec() or dialog.changed:
            self._after_change(member)

    def mark_left(self) -> None:
        """Mark the selected member as left; for one already marked, offer 恢复在册 (undo a mistake)."""
        member = self.selected_member()
        if member is None:
            QMessageBox.information(self, self.tr("标记离开"), self.tr("请先在表格中选中一名党员。"))
            return
        if member.status != MemberStatus.ACTIVE.value:
            answer = QMessageBox.question(
                self, self.tr("恢复在册"),
                self.tr("“{0}”已标记为“{1}”。是否恢复为在册党员？原来的异动记录会保留。").format(member.name, member.status))
            if answer == QMessageBox.StandardButton.Yes:
                reinstate(self.context.db, member.id, date.today(), self.tr("恢复在册"))
                self._after_change(member)
            return
        if LeaveDialog(self.context, member, self).exec():
            self._after_change(None)

    def show_history(self) -> None:
        """修改记录: every change to the selected member, who made it and when (issue 8)."""
        from branchdesk.ui.settings.history_dialog import HistoryDialog

        member = self.selected_member()
        if member is None:
            QMessageBox.information(self, self.tr("修改记录"), self.tr("请先在表格中选中一名党员。"))
            return
        db = self.context.db
        HistoryDialog(self.context, "members", member.id, self.tr("{0} 的修改记录").format(member.name), self,
                      load=lambda masked: member_history(db, member.id, masked=masked)).exec()

    def _after_change(self, member: MemberRecord | None) -> None:
        self.org_panel.refresh()
        self.reload_members()
        self.context.data_changed.emit("roster")
        if member is not None:
            for row in range(self.proxy.rowCount()):
                if self.proxy.record_at(row).id == member.id:
                    self.table.selectRow(row)
                    break

    # Excel modules (openpyxl) load on first use, not at start-up: the window must appear fast.
    def import_excel(self) -> None:
        from branchdesk.services.roster.excel import import_roster

        db = self.context.db

        def run(path: Path, dry_run: bool, progress: Any, cancelled: Any, create_orgs: bool = False) -> Any:
            return import_roster(db, path, dry_run=dry_run, progress=progress, cancelled=cancelled,
                                 create_orgs=create_orgs)

        if ImportDialog(self.context, self.tr("导入党员花名册"), run, self).exec():
            self._after_change(None)

    def export_excel(self) -> None:
        name = ask_save_name(self, self.tr("导出党员花名册"), f"党员花名册{date.today():%Y%m%d}.xlsx", "Excel (*.xlsx)",
                             db=self.context.db)
        if not name:
            return
        from branchdesk.services.roster.excel import export_roster

        masked = not self.reveal.isChecked()
        try:
            count = export_roster(self.context.db, Path(name), masked=masked)
        except OSError as exc:
            QMessageBox.warning(self, self.tr("导出失败"), file_error(exc, name, writing=True))
            return
        note = self.tr("身份证号已遮蔽") if masked else self.tr("含完整身份证号，请妥善保管")
        QMessageBox.information(self, self.tr("导出完成"), self.tr("已导出 {0} 人到 {1}（{2}）。").format(count, name, note))

    def save_template(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, self.tr("保存空白模板"), "党员花名册模板.xlsx", "Excel (*.xlsx)")
        if name:
            from branchdesk.services.roster.excel import export_roster_template

            export_roster_template(Path(name))

    # --- remembered layout
    def _restore_state(self) -> None:
        settings = QSettings()
        header = settings.value("roster/header")
        fitter = fit_table(self.table)
        if header is not None:
            self.table.horizontalHeader().restoreState(header)
            fitter.user_sized = True  # the widths the user left last time stay
        splitter = settings.value("roster/splitter")
        if splitter is not None:
            self.splitter.restoreState(splitter)
        self.columns = choose_columns(self.table, "roster", hidden=SELDOM_SHOWN, fixed=("姓名",))

    def save_state(self) -> None:
        settings = QSettings()
        settings.setValue("roster/header", self.table.horizontalHeader().saveState())
        settings.setValue("roster/splitter", self.splitter.saveState())
