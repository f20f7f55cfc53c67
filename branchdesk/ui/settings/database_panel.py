"""设置 → 数据库位置: open the local file, another file, or the committee's shared PostgreSQL server
from the next start on. A server is described in fields (server, port, database, user, password) —
the window never asks anyone to write a connection URL, and never shows a password."""

from __future__ import annotations

from urllib.parse import quote

from PySide6.QtWidgets import (
    QButtonGroup,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from branchdesk.paths import default_database
from branchdesk.services.session import DatabaseOpenError
from branchdesk.services.storage.database_location import (
    choose_database,
    current_database,
    reset_database_choice,
)
from branchdesk.ui.context import AppContext
from branchdesk.ui.widgets.style import make_primary, muted


def server_target(host: str, port: int, database: str, user: str, password: str) -> str:
    """The connection the fields describe (PostgreSQL through psycopg)."""
    credentials = quote(user.strip(), safe="") + (f":{quote(password, safe='')}" if password else "")
    return f"postgresql+psycopg://{credentials}@{host.strip()}:{port}/{quote(database.strip(), safe='')}"


class DatabasePanel(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.current = QLabel()
        self.current.setObjectName("currentDatabase")
        self.current.setWordWrap(True)
        self.file_choice = QRadioButton(self.tr("本机或 U 盘上的数据库文件"))
        self.server_choice = QRadioButton(self.tr("学校党委的共享数据库（服务器）"))
        choices = QButtonGroup(self)
        choices.addButton(self.file_choice)
        choices.addButton(self.server_choice)
        self.file_choice.setChecked(True)
        self.target = QLineEdit()
        self.target.setObjectName("databaseFile")
        self.target.setPlaceholderText(self.tr("点“选择文件…”选择或新建一个数据库文件"))
        browse = QPushButton(self.tr("选择文件…"))
        browse.clicked.connect(self.browse)
        file_row = QHBoxLayout()
        file_row.addWidget(self.target, 1)
        file_row.addWidget(browse)
        self.host, self.name, self.user, self.password = QLineEdit(), QLineEdit(), QLineEdit(), QLineEdit()
        self.host.setPlaceholderText(self.tr("服务器的名称或地址，由学校网管提供"))
        self.name.setPlaceholderText(self.tr("如 branchdesk"))
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setValue(5432)
        server = QGroupBox()
        server.setFlat(True)
        server_form = QFormLayout(server)
        server_form.addRow(self.tr("服务器"), self.host)
        server_form.addRow(self.tr("端口"), self.port)
        server_form.addRow(self.tr("数据库名称"), self.name)
        server_form.addRow(self.tr("用户名"), self.user)
        server_form.addRow(self.tr("密码"), self.password)
        self.server_box = server
        self.file_choice.toggled.connect(self._choice_changed)
        self.use_button = make_primary(QPushButton(self.tr("今后打开这个数据库")))
        self.use_button.clicked.connect(self.use)
        self.reset_button = QPushButton(self.tr("恢复为本机默认数据库"))
        self.reset_button.clicked.connect(self.reset)
        hint = muted(QLabel(self.tr(
            "学校党委在服务器上建立共享数据库后，各台电脑在这里填写同一个服务器即可共用数据。更改在下次启动支部台账时生效；"
            "原来的数据仍在原处，不会被删除或移动。")))
        hint.setWordWrap(True)  # type: ignore[attr-defined]
        buttons = QHBoxLayout()
        buttons.addWidget(self.use_button)
        buttons.addWidget(self.reset_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        current = QFormLayout()
        current.addRow(self.tr("正在使用"), self.current)
        layout.addLayout(current)
        layout.addWidget(QLabel(self.tr("<b>改为：</b>")))
        layout.addWidget(self.file_choice)
        layout.addLayout(file_row)
        layout.addWidget(self.server_choice)
        layout.addWidget(server)
        layout.addWidget(hint)
        layout.addLayout(buttons)
        layout.addStretch(1)
        self._choice_changed()

    def _choice_changed(self, *_args: object) -> None:
        on_file = self.file_choice.isChecked()
        self.target.setEnabled(on_file)
        self.server_box.setEnabled(not on_file)

    def refresh(self) -> None:
        db = self.context.db
        now = str(db.path) if db.path else db.url.render_as_string(hide_password=True)
        starts = current_database()
        lines = [now]
        if starts != now:
            lines.append(self.tr("下次启动时打开：{0}").format(starts))
        if starts != str(default_database()):
            lines.append(self.tr("本机默认数据库：{0}").format(default_database()))
        self.current.setText("\n".join(lines))

    def browse(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, self.tr("选择或新建数据库文件"), "",
                                              self.tr("支部台账数据库 (*.sqlite)"),
                                              options=QFileDialog.Option.DontConfirmOverwrite)
        if name:
            self.target.setText(name)

    def chosen_target(self) -> str:
        if self.file_choice.isChecked():
            return self.target.text().strip()
        if not (self.host.text().strip() and self.name.text().strip() and self.user.text().strip()):
            return ""
        return server_target(self.host.text(), self.port.value(), self.name.text(), self.user.text(),
                             self.password.text())

    def use(self) -> None:
        target = self.chosen_target()
        if not target:
            QMessageBox.information(self, self.tr("数据库位置"), self.tr(
                "请先选择数据库文件。" if self.file_choice.isChecked() else "请填写服务器、数据库名称和用户名。"))
            return
        try:
            choose_database(target)
        except DatabaseOpenError as exc:
            QMessageBox.warning(self, self.tr("无法使用这个数据库"), str(exc))
            return
        except Exception as exc:  # noqa: BLE001 - a server that does not answer: say so, keep the old choice
            where = target if self.file_choice.isChecked() else self.host.text().strip()
            QMessageBox.warning(self, self.tr("无法使用这个数据库"),
                                self.tr("无法连接或打开“{0}”：{1}").format(where, exc))
            return
        self.password.clear()
        self.refresh()
        QMessageBox.information(self, self.tr("已保存"), self.tr("下次启动支部台账时将打开这个数据库。"))

    def reset(self) -> None:
        path = reset_database_choice()
        self.refresh()
        QMessageBox.information(self, self.tr("已恢复"), self.tr("下次启动时将打开本机默认数据库：{0}").format(path))
