"""设置 → 台账记录 (issue 13): the 启用日期 (records kept from: the regulation calendar starts there, not
in January of a year nobody kept in BranchDesk) and the standard length of each kind of sitting, used
— and marked as such — for 学时 where a record has no end time.

The 启用日期 is a day that has come (the service refuses one after today; the calendar starts there,
domain.md §2): a date typed without its year ("9月1日", the term's first day) is read as every field for
a day that happened reads it (ui.widgets.date_edit, `past`): the latest such day, never after today. It
is not read in the year of the 启用日期 kept before: typing one is moving the start, most often to this
term."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from branchdesk.services.errors import ServiceError
from branchdesk.services.records_start import (
    FROM_MEETINGS,
    effective_start,
    get_records_start,
    set_records_start,
)
from branchdesk.services.study_hours.standard_lengths import KINDS, get_standard_minutes, set_standard_minutes
from branchdesk.ui.context import AppContext
from branchdesk.ui.widgets.date_edit import DateEdit


class RecordsPanel(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.start = DateEdit(label="启用日期", past=True)
        self.start.setToolTip(self.tr("从哪一天起用本软件记录台账；之前的期间不检查规定次数"))
        self.effective = QLabel()
        self.effective.setWordWrap(True)
        start_box = QGroupBox(self.tr("启用日期"))
        start_form = QFormLayout(start_box)
        start_form.addRow(self.tr("台账记录自"), self.start)
        start_form.addRow(self.effective)
        self.minutes: dict[str, QSpinBox] = {}
        lengths = QGroupBox(self.tr("会议标准时长（计算学时用）"))
        length_form = QFormLayout(lengths)
        for kind in KINDS:
            box = QSpinBox()
            box.setRange(0, 480)
            box.setSingleStep(15)
            box.setSuffix(self.tr(" 分钟"))
            box.setSpecialValueText(self.tr("不设置（未填起止时间的，学时无法计算）"))
            self.minutes[kind] = box
            length_form.addRow(kind, box)
        note = QLabel(self.tr("会议记录没有填写起止时间时，按这里的标准时长计算学时，并在台账和报表中注明“按标准时长计”；"
                              "不设置的，学时记为“无法计算”，不会按 0 计算。"))
        note.setWordWrap(True)
        length_form.addRow(note)
        self.save_button = QPushButton(self.tr("保存"))
        self.save_button.clicked.connect(self.save)
        row = QHBoxLayout()
        row.addWidget(self.save_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(start_box)
        layout.addWidget(lengths)
        layout.addLayout(row)
        layout.addStretch(1)

    def refresh(self) -> None:
        self.start.set_value(get_records_start(self.context.db))
        start = effective_start(self.context.db)
        if start.source == FROM_MEETINGS:  # no 启用日期: each branch from its own first meeting (services/records_start.py)
            text = self.tr("还没有设置启用日期：规定次数从各党支部各自最早的会议记录起计算（最早 {0}），"
                           "还没有会议记录的党支部暂不检查。").format(f"{start.day:%Y-%m-%d}")
        elif start.day:
            text = self.tr("规定次数目前从 {0} 起计算（{1}）。").format(f"{start.day:%Y-%m-%d}", start.source)
        else:
            text = self.tr("还没有设置启用日期，也没有会议记录。")
        self.effective.setText(text)
        standards = get_standard_minutes(self.context.db)
        for kind, box in self.minutes.items():
            box.setValue(standards.get(kind, 0))

    def save(self) -> None:
        try:
            set_records_start(self.context.db, self.start.value())
            set_standard_minutes(self.context.db, {k: box.value() or None for k, box in self.minutes.items()})
        except (ServiceError, ValueError) as exc:  # ValueError: a date typed that cannot be read
            QMessageBox.warning(self, self.tr("无法保存"), str(exc))
            return
        self.context.data_changed.emit("settings")
        self.refresh()
        QMessageBox.information(self, self.tr("已保存"), self.tr("台账记录设置已保存。"))
