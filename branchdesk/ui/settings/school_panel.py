"""设置 → 学校信息: the school's name and staff count, used by every export and report."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QWidget,
)

from branchdesk.services.errors import ServiceError
from branchdesk.services.roster.organisation import SchoolInfo, get_school_info, save_school_info
from branchdesk.ui.context import AppContext


class SchoolPanel(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.name = QLineEdit()
        self.name.setPlaceholderText(self.tr("如：示范市第二中学"))
        self.staff = QSpinBox()
        self.staff.setRange(0, 100_000)
        self.staff.setSpecialValueText(self.tr("未填写"))
        self.save_button = QPushButton(self.tr("保存"))
        self.save_button.clicked.connect(self.save)
        hint = QLabel(self.tr("学校名称用于各类台账和报表的标题；教职工人数用于统计“党员占教职工的比例”。"))
        hint.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow(self.tr("学校名称"), self.name)
        form.addRow(self.tr("教职工人数"), self.staff)
        form.addRow(hint)
        row = QHBoxLayout()
        row.addWidget(self.save_button)
        row.addStretch(1)
        form.addRow(row)
        self.setup_button = QPushButton(self.tr("重新运行首次使用向导…"))
        self.setup_button.setObjectName("runSetupAgain")
        self.setup_button.setToolTip(self.tr("再次填写学校、党支部和党小组、启用日期；已有的组织保持不变，缺少的补建"))
        self.setup_button.clicked.connect(self.run_setup)
        self.demo_button = QPushButton(self.tr("打开演示数据"))
        self.demo_button.setObjectName("openDemo")
        self.demo_button.setToolTip(self.tr("在单独的窗口中查看一所虚构学校的演示数据，不影响本校数据"))
        self.demo_button.clicked.connect(self.open_demo)
        again = QHBoxLayout()
        again.addWidget(self.setup_button)
        again.addWidget(self.demo_button)
        again.addStretch(1)
        form.addRow(QLabel(self.tr("首次使用")), again)

    def refresh(self) -> None:
        info = get_school_info(self.context.db)
        self.name.setText(info.name)
        self.staff.setValue(info.staff_count or 0)

    def save(self) -> None:
        try:
            save_school_info(self.context.db, SchoolInfo(self.name.text(), self.staff.value() or None))
        except ServiceError as exc:
            QMessageBox.warning(self, self.tr("无法保存"), str(exc))
            return
        self.context.data_changed.emit("settings")
        QMessageBox.information(self, self.tr("已保存"), self.tr("学校信息已保存。"))

    def run_setup(self) -> None:
        window = self.window()
        if hasattr(window, "run_first_start"):
            window.run_first_start(again=True)
            self.refresh()

    def open_demo(self) -> None:
        window = self.window()
        if hasattr(window, "open_demo"):
            window.open_demo()
