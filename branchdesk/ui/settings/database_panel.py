"""设置 → 数据库位置: open the local file, another file, or the committee's shared PostgreSQL
database from now on (the same choice as `branchdesk use-database`); takes effect at the next start."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QWidget,
)

from branchdesk.services.session import DatabaseOpenError
from branchdesk.services.storage.database_location import (
    choose_database,
    current_database,
    reset_database_choice,
)
from branchdesk.ui.context import AppContext


class DatabasePanel(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.current = QLabel()
        self.current.setWordWrap(True)
        self.target = QLineEdit()
        self.target.setPlaceholderText(self.tr("数据库文件，或 postgresql+psycopg://用户:密码@服务器/数据库"))
        browse = QPushButton(self.tr("选择文件…"))
        browse.clicked.connect(self.browse)
        self.use_button = QPushButton(self.tr("今后打开这个数据库"))
        self.use_button.clicked.connect(self.use)
        self.reset_button = QPushButton(self.tr("恢复为本机默认数据库"))
        self.reset_button.clicked.connect(self.reset)
        hint = QLabel(self.tr("学校党委在服务器上建立共享数据库后，各台电脑在这里填入同一个地址即可共用数据。"
                              "更改在下次启动 BranchDesk 时生效；原来的数据仍在原处。"))
        hint.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.target, 1)
        row.addWidget(browse)
        buttons = QHBoxLayout()
        buttons.addWidget(self.use_button)
        buttons.addWidget(self.reset_button)
        buttons.addStretch(1)
        form = QFormLayout(self)
        form.addRow(self.tr("正在使用"), self.current)
        form.addRow(self.tr("改为"), row)
        form.addRow(hint)
        form.addRow(buttons)

    def refresh(self) -> None:
        db = self.context.db
        self.current.setText(self.tr("{0}\n（不带 --db 启动时打开：{1}）").format(
            db.path or db.url.render_as_string(hide_password=True), current_database()))

    def browse(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, self.tr("选择或新建数据库文件"), "",
                                              self.tr("BranchDesk 数据库 (*.sqlite)"),
                                              options=QFileDialog.Option.DontConfirmOverwrite)
        if name:
            self.target.setText(name)

    def use(self) -> None:
        target = self.target.text().strip()
        if not target:
            QMessageBox.information(self, self.tr("数据库位置"), self.tr("请先填写数据库文件或服务器地址。"))
            return
        try:
            choose_database(target)
        except DatabaseOpenError as exc:
            QMessageBox.warning(self, self.tr("无法使用这个数据库"), str(exc))
            return
        except Exception as exc:  # noqa: BLE001 - a server that does not answer: say so, keep the old choice
            QMessageBox.warning(self, self.tr("无法使用这个数据库"),
                                self.tr("无法连接或打开“{0}”：{1}").format(target, exc))
            return
        self.refresh()
        QMessageBox.information(self, self.tr("已保存"), self.tr("下次启动 BranchDesk 时将打开这个数据库。"))

    def reset(self) -> None:
        path = reset_database_choice()
        self.refresh()
        QMessageBox.information(self, self.tr("已恢复"), self.tr("下次启动时将打开本机默认数据库：{0}").format(path))
