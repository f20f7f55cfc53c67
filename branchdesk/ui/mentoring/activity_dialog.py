"""登记帮扶活动: add (or edit) one entry of a pair's log — date, kind of activity, hours, dimension,
a short note and attachments stored in the database. Problems show beside their fields at once."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from branchdesk.domain.mentoring.log import ActivityInput, ActivityRecord
from branchdesk.domain.mentoring.records import PairRecord
from branchdesk.domain.validation import FieldError
from branchdesk.services.errors import ServiceError, ValidationFailed
from branchdesk.services.mentoring.lists import get_lists
from branchdesk.services.mentoring.log import save_activity
from branchdesk.ui.context import AppContext
from branchdesk.ui.widgets.date_edit import DateEdit, first_problem
from branchdesk.ui.widgets.field_errors import checked_form, show_field_errors


class ActivityDialog(QDialog):
    FIELDS = ("活动日期", "活动形式", "时长（小时）", "帮扶维度", "内容摘要", "附件")

    def __init__(self, context: AppContext, pair: PairRecord, activity: ActivityRecord | None = None,
                 parent: QWidget | None = None, today: date | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.pair = pair
        self.activity = activity
        self.today = today or date.today()
        self.saved: ActivityRecord | None = None
        self.files: list[Path] = []
        lists = get_lists(context.db)
        self.setWindowTitle(self.tr("编辑帮扶活动") if activity else self.tr("登记帮扶活动"))
        heading = QLabel(self.tr("{0} — {1}（{2}）").format(pair.mentor, pair.mentee_label, pair.kind))
        self.activity_date = DateEdit(self.today, required=True, label="活动日期", past=True)
        self.activity_date.setObjectName("activityDate")
        # "9月15日" typed: a day of the activity's year, as a 会议记录本 writes it (T10-6)
        self.activity_date.year = (activity.activity_date if activity is not None else self.today).year
        self.activity_date.today = self.today
        self.kind = QComboBox()
        self.kind.setObjectName("activityKind")
        self.kind.addItem("")  # chosen, not defaulted: a form Tabbed past is no 听课 (trial K, TK-11)
        self.kind.addItems(lists.activity_kinds)
        self.hours = QDoubleSpinBox()
        self.hours.setObjectName("activityHours")
        self.hours.setRange(0, 24)
        self.hours.setSingleStep(0.5)
        self.hours.setDecimals(1)
        self.hours.setValue(1.0)
        self.hours.setSuffix(self.tr(" 小时"))
        self.dimension = QComboBox()
        self.dimension.setObjectName("activityDimension")
        self.dimension.addItem("", "")
        for item in lists.dimensions:
            self.dimension.addItem(item, item)
        self.note = QPlainTextEdit()
        self.note.setObjectName("activityNote")
        self.note.setPlaceholderText(self.tr("如：听《背影》一课并评课，指出导入环节问题"))
        self.note.setFixedHeight(80)
        self.note.setTabChangesFocus(True)
        self.file_list = QListWidget()
        self.file_list.setFixedHeight(60)
        if activity is not None:
            self.file_list.addItems(list(activity.attachments))
        add_file = QPushButton(self.tr("添加附件…"))
        add_file.clicked.connect(self.choose_files)
        files_box = QHBoxLayout()
        files_box.addWidget(self.file_list, 1)
        files_box.addWidget(add_file)
        files = QWidget()
        files.setLayout(files_box)

        form, self.errors = checked_form(self.FIELDS, (self.activity_date, self.kind, self.hours, self.dimension,
                                                self.note, files))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("保存"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addWidget(buttons)
        if activity is not None:
            self.activity_date.set_value(activity.activity_date)
            self.kind.setCurrentText(activity.kind)
            self.hours.setValue(activity.hours)
            self.dimension.setCurrentIndex(max(self.dimension.findData(activity.dimension), 0))
            self.note.setPlainText(activity.note)
        self.activity_date.setFocus()

    def choose_files(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(self, self.tr("选择附件（照片、听课记录、谈心记录等）"))
        self.add_files([Path(n) for n in names])

    def add_files(self, paths: list[Path]) -> None:
        for path in paths:
            self.files.append(path)
            self.file_list.addItem(path.name)

    def current_input(self) -> ActivityInput:
        return ActivityInput(activity_date=self.activity_date.value(), kind=self.kind.currentText(),
                             hours=self.hours.value(), dimension=self.dimension.currentData() or "",
                             note=self.note.toPlainText().strip())

    def show_errors(self, errors: list[FieldError]) -> None:
        show_field_errors(self.errors, errors)

    def save(self) -> None:
        if first_problem([self.activity_date]) is not None:
            return  # named beside the field; nothing is saved
        try:
            self.saved = save_activity(self.context.db, self.pair.id, self.current_input(),
                                       self.activity.id if self.activity else None, files=self.files,
                                       today=self.today)
        except ValidationFailed as exc:
            self.show_errors(exc.errors)
            return
        except ServiceError as exc:
            QMessageBox.warning(self, self.tr("无法保存"), str(exc))
            return
        self.accept()
