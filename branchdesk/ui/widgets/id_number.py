"""The 公民身份号码 field and what it implies: a valid 18-digit number fills 出生日期 and 性别 when they
are still empty (never overwriting what the person typed), and says inline what is wrong with an
invalid one as soon as all 18 characters are there."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit

from branchdesk.domain.idcard import IdNumberError, parse_id_number
from branchdesk.ui.widgets.date_edit import DateEdit


def link_id_number(id_edit: QLineEdit, birth: DateEdit | None = None, sex: QComboBox | None = None,
                   feedback: QLabel | None = None) -> None:
    """Connect the ID field to the birth date and sex fields of the same form."""

    def changed(text: str) -> None:
        number = text.strip()
        if len(number) < 18:
            if feedback is not None:
                feedback.setText("")
                feedback.setVisible(False)
            return
        try:
            info = parse_id_number(number)
        except IdNumberError as exc:
            if feedback is not None:
                feedback.setText(str(exc))
                feedback.setVisible(True)
            return
        if feedback is not None:
            feedback.setText("")
            feedback.setVisible(False)
        if birth is not None and not birth.text().strip():
            birth.set_value(info.birth_date)
        if sex is not None and not sex.currentText().strip():
            sex.setCurrentText(info.sex)

    id_edit.textChanged.connect(changed)
