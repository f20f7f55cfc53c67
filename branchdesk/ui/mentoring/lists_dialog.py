"""结对帮扶设置: the editable lists (kinds of pair, dimensions, kinds of activity and of outcome) and the
days without activity after which a pair is reminded. An item still used by a record cannot be removed
(the service says which); everything is saved in one transaction, or nothing."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from branchdesk.domain.mentoring.records import parse_list
from branchdesk.services.errors import ServiceError
from branchdesk.services.mentoring.lists import (
    LIST_TITLES,
    get_inactivity_days,
    get_lists,
    save_settings,
)
from branchdesk.ui.context import AppContext


class ListsDialog(QDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setWindowTitle(self.tr("结对帮扶设置"))
        lists = get_lists(context.db)
        hint = QLabel(self.tr("每行一项，或用顿号分隔。已被记录使用的项目不能删除。"))
        hint.setWordWrap(True)
        self.edits: dict[str, QPlainTextEdit] = {}
        form = QFormLayout()
        for name, title in LIST_TITLES.items():
            edit = QPlainTextEdit("\n".join(getattr(lists, name)))
            edit.setObjectName(f"list_{name}")
            edit.setFixedHeight(90)
            edit.setTabChangesFocus(True)
            self.edits[name] = edit
            form.addRow(title, edit)
        self.days = QSpinBox()
        self.days.setRange(7, 365)
        self.days.setValue(get_inactivity_days(context.db))
        self.days.setSuffix(self.tr(" 天"))
        form.addRow(self.tr("无活动提醒"), self.days)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("保存"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def save(self) -> None:
        try:
            save_settings(self.context.db, {name: parse_list(edit.toPlainText().replace("\n", "、"))
                                            for name, edit in self.edits.items()}, self.days.value())
        except ServiceError as exc:
            QMessageBox.warning(self, self.tr("无法保存"), str(exc))
            return
        self.accept()
