"""Before saving something a rule check will flag: say so in plain words, name the article (no rule code),
and save only when the user gives a reason — kept with the finding as its 说明 (services.finding_notes)
and shown wherever the finding is shown. 返回修改 is the default: a slip is fixed, not explained."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from branchdesk.domain.finding_notes import MAX_REASON
from branchdesk.domain.finding_text import headline
from branchdesk.domain.findings import Finding
from branchdesk.ui.widgets.style import PROBLEM, make_primary


class RuleWarningDialog(QDialog):
    def __init__(self, findings: list[Finding], what: str, parent: QWidget | None = None, *,
                 kept_in: str = "") -> None:
        """`kept_in`: where the reason is shown, for a finding no check lists (the 缴费基数 form's
        reach-back: the base's history) — the usual words promise the home page and the 年度台账."""
        super().__init__(parent)
        self.setWindowTitle(self.tr("保存前请注意"))
        self.findings = findings
        lines = "".join(
            f"<li><b>{escape(headline(f))}</b><br><span style='color:#5f6368'>"
            f"依据：{escape(f.source or '—')}</span></li>" for f in findings)  # the article, no rule code
        if kept_in:
            text = self.tr("<p style='color:{0}'><b>● 按规定检查，{1}有以下问题：</b></p><ul>{2}</ul>"
                           "<p>请先核对日期和内容。确属实际情况的，写明原因后仍可保存，原因会显示在{3}。</p>")
        else:
            text = self.tr("<p style='color:{0}'><b>● 按规定检查，{1}保存后会被列为问题：</b></p><ul>{2}</ul>"
                           "<p>请先核对日期和内容。确属实际情况的，写明原因后仍可保存，原因会与检查结果一起"
                           "显示在首页、时间线和年度台账中。</p>")
        message = QLabel(text.format(PROBLEM, escape(what), lines, escape(kept_in)))
        message.setWordWrap(True)
        message.setObjectName("ruleWarning")
        self.reason = QPlainTextEdit()
        self.reason.setObjectName("ruleReason")
        # the example fits the form: a 发展党员 one under a 缴费基数 warning left the secretary guessing
        self.reason.setPlaceholderText(self.tr("原因，如：1月起工资调整，原支部已按新基数收缴") if kept_in else
                                       self.tr("原因，如：申请人外出支教，回校后即派人谈话"))
        self.reason.setTabChangesFocus(True)
        self.reason.setFixedHeight(72)
        self.count = QLabel()
        buttons = QDialogButtonBox()
        self.back_button = buttons.addButton(self.tr("返回修改"), QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button = buttons.addButton(self.tr("写明原因，仍然保存"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setObjectName("saveAnyway")
        make_primary(self.back_button)
        self.back_button.setDefault(True)
        self.save_button.setEnabled(False)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        self.reason.textChanged.connect(self._changed)
        layout = QVBoxLayout(self)
        layout.addWidget(message)
        layout.addWidget(QLabel(self.tr("原因：")))
        layout.addWidget(self.reason)
        layout.addWidget(self.count)
        layout.addWidget(buttons)
        self.resize(560, self.sizeHint().height())

    def _changed(self) -> None:
        text = self.reason.toPlainText().strip()
        self.save_button.setEnabled(0 < len(text) <= MAX_REASON)
        self.count.setText(self.tr("原因请控制在 {0} 字以内（现为 {1} 字）").format(MAX_REASON, len(text))
                           if len(text) > MAX_REASON else "")

    def reason_text(self) -> str:
        return self.reason.toPlainText().strip()


def ask_reason(parent: QWidget, findings: list[Finding], what: str, *, kept_in: str = "") -> str | None:
    """The reason to save anyway, or None when the user goes back to correct the form."""
    dialog = RuleWarningDialog(findings, what, parent, kept_in=kept_in)
    return dialog.reason_text() if dialog.exec() == QDialog.DialogCode.Accepted else None
