"""销号 (RECT-CLOSE-OFF): the date, the verifier and at least one piece of evidence — files attached
into the database or documents named — before 确认销号 is enabled. The service checks again."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from branchdesk.domain.file_errors import file_error
from branchdesk.domain.rectification.records import MeasureRecord
from branchdesk.domain.rectification.status import MeasureStatus, close_off_date_error, completion_date_error
from branchdesk.services.errors import ServiceError, ValidationFailed
from branchdesk.services.rectification import status
from branchdesk.ui.context import AppContext
from branchdesk.ui.rectification.ledger_dialog import date_edit
from branchdesk.ui.widgets.date_edit import InvalidDate, first_problem


class CloseOffDialog(QDialog):
    def __init__(self, context: AppContext, measure: MeasureRecord, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context, self.measure = context, measure
        self.saved: MeasureRecord | None = None
        self.new_evidence: list[status.EvidenceInput] = []
        self.setWindowTitle(self.tr("整改措施销号"))
        self.resize(560, 440)
        self.when = date_edit(None, "销号日期", past=True)
        # a 销号日期 after today is refused here, under the field (RECT-CLOSE-OFF: a 销号 is a past event)
        self.when_problem = QLabel()
        self.when_problem.setObjectName("closeOffDateProblem")
        self.when_problem.setStyleSheet("color: #b00020")
        self.when_problem.setWordWrap(True)
        self.when_problem.hide()
        self.when.valueChanged.connect(lambda _day: self.when_problem.hide())
        self.verifier = QLineEdit(measure.verifier)
        self.verifier.setObjectName("verifier")
        self.verifier.setPlaceholderText(self.tr("审核销号的领导或纪检委员"))
        self.set_completion = QCheckBox(self.tr("完成日期"))
        self.completion = date_edit(measure.completion_date, "完成日期", past=True)
        # a 完成日期 after today is refused under its field too (a 完成 is a past event, RECT-CLOSE-OFF)
        self.completion_problem = QLabel()
        self.completion_problem.setObjectName("completionDateProblem")
        self.completion_problem.setStyleSheet("color: #b00020")
        self.completion_problem.setWordWrap(True)
        self.completion_problem.hide()
        self.completion.valueChanged.connect(lambda _day: self.completion_problem.hide())
        self.set_completion.setChecked(measure.completion_date is None)
        self.set_completion.setEnabled(measure.status != MeasureStatus.DONE)
        self.completion.setEnabled(self.set_completion.isChecked() and measure.status != MeasureStatus.DONE)
        self.set_completion.toggled.connect(self.completion.setEnabled)
        # the completion date follows the 销号 date until the user sets it apart
        self._completion_touched = measure.completion_date is not None
        self._following = False
        self.completion.valueChanged.connect(self._completion_edited)
        self.when.valueChanged.connect(self._follow)
        self.evidence = QListWidget()
        self.evidence.setObjectName("evidenceList")
        for item in measure.evidence:
            self.evidence.addItem(self.tr("（已有）{0}").format(item.name + (f" [{item.filename}]" if item.filename else "")))
        attach = QPushButton(self.tr("添加附件…"))
        attach.clicked.connect(self.attach_files)
        named = QPushButton(self.tr("登记文件名称…"))
        named.clicked.connect(self.add_named)
        self.hint = QLabel()
        self.hint.setObjectName("closeOffHint")
        self.hint.setStyleSheet("color: #b00020")
        self.hint.setWordWrap(True)
        evidence_buttons = QHBoxLayout()
        evidence_buttons.addWidget(attach)
        evidence_buttons.addWidget(named)
        evidence_buttons.addStretch(1)
        completion_row = QHBoxLayout()
        completion_row.addWidget(self.set_completion)
        completion_row.addWidget(self.completion, 1)
        form = QFormLayout()
        form.addRow(self.tr("整改措施"), QLabel(measure.text))
        form.addRow(self.tr("责任人"), QLabel(measure.person))
        when_box = QVBoxLayout()
        when_box.setContentsMargins(0, 0, 0, 0)
        when_box.addWidget(self.when)
        when_box.addWidget(self.when_problem)
        form.addRow(self.tr("销号日期"), when_box)
        form.addRow(self.tr("销号审核人"), self.verifier)
        form.addRow(completion_row)
        form.addRow(self.completion_problem)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel(self.tr("佐证材料（至少一份）：")))
        layout.addWidget(self.evidence, 1)
        layout.addLayout(evidence_buttons)
        layout.addWidget(self.hint)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("确认销号"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.verifier.textChanged.connect(self._update)
        self._update()

    def _completion_edited(self) -> None:
        if not self._following:
            self._completion_touched = True

    def _follow(self) -> None:
        if not self._completion_touched:
            self._following = True
            self.completion.setText(self.when.text())
            self._following = False

    def evidence_count(self) -> int:
        return len(self.measure.evidence) + len(self.new_evidence)

    def _update(self) -> None:
        missing = []
        if not self.verifier.text().strip():
            missing.append(self.tr("销号审核人"))
        if self.evidence_count() == 0:
            missing.append(self.tr("佐证材料"))
        self.ok_button.setEnabled(not missing)
        self.hint.setText(self.tr("销号前请填写：{0}").format("、".join(missing)) if missing else "")

    def add_evidence(self, item: status.EvidenceInput) -> None:
        self.new_evidence.append(item)
        label = item.name + (f" [{item.filename}]" if item.filename else self.tr("（文件名称）"))
        self.evidence.addItem(label)
        self._update()

    def attach_files(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(self, self.tr("选择佐证材料文件"))
        for name in names:
            try:
                self.add_evidence(status.EvidenceInput.from_file(Path(name)))
            except OSError as exc:
                QMessageBox.warning(self, self.tr("无法读取文件"), file_error(exc, name))

    def add_named(self) -> None:
        name, ok = QInputDialog.getText(self, self.tr("登记佐证材料"),
                                        self.tr("文件名称（如：党委会会议纪要 2025年6月）："))
        if ok and name.strip():
            self.add_evidence(status.EvidenceInput(name.strip()))

    def save(self) -> None:
        use_completion = self.set_completion.isChecked() and self.completion.isEnabled()
        if first_problem([self.when] + ([self.completion] if use_completion else [])) is not None:
            return  # named beside the field; nothing is saved
        today = self.when.today or date.today()
        future = close_off_date_error(self.when.value(), today)
        if future is not None:
            self.when_problem.setText(future.message)
            self.when_problem.show()
            self.when.edit.setFocus()
            self.when.edit.selectAll()
            return
        future = completion_date_error(self.completion.value(), today) if use_completion else None
        if future is not None:
            self.completion_problem.setText(future.message)
            self.completion_problem.show()
            self.completion.edit.setFocus()
            self.completion.edit.selectAll()
            return
        try:
            completion = self.completion.value() if use_completion else None
            self.saved = status.close_off(
                self.context.db, self.measure.id, on=self.when.value(), verifier=self.verifier.text(),
                evidence=self.new_evidence, completion_date=completion, version=self.measure.version)
        except ValidationFailed as exc:
            self.hint.setText("\n".join(str(e) for e in exc.errors))
            return
        except (ServiceError, InvalidDate) as exc:
            QMessageBox.warning(self, self.tr("无法销号"), str(exc))
            return
        self.accept()
