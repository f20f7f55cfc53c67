"""所属期间 of a meeting record: which period a sitting counts for. Empty means by its date; a sitting
held late (补开) names the month or quarter it makes up for, and a 组织生活会 or 民主评议 held early in
the next year names the past year (2024年度). The field offers the periods a sitting on its date is
usually held for late, and reads any other the user types as ledgers write it."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QComboBox, QWidget

from branchdesk.domain.meetings.periods import Granularity, Period, period_words, read_period


class PeriodField(QComboBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setToolTip(self.tr("会议计入哪一期：不填即按会议日期；补开写所补的月份或季度（如 2025年7月），"
                                "次年初召开的组织生活会、民主评议写 2024年度"))
        self.lineEdit().setPlaceholderText(self.tr("按会议日期"))

    def offer(self, day: date, yearly: bool, current: str) -> None:
        """Offer the periods a sitting on `day` is usually held for late: the past year (`yearly`
        kinds), the three months and the quarter before; `current` stays as the text shown."""
        options: list[str] = []
        if yearly:
            options.append(Period(day.year - 1, Granularity.YEAR).chinese + "度")
        month = Period(day.year, Granularity.MONTH, day.month)
        for back in range(1, 4):
            index = month.index - back
            year = month.year + (index - 1) // 12
            options.append(Period(year, Granularity.MONTH, (index - 1) % 12 + 1).chinese)
        quarter = (day.month - 1) // 3
        options.append(Period(day.year - (quarter == 0), Granularity.QUARTER, (quarter - 1) % 4 + 1).chinese)
        try:
            shown = period_words(self.label_of(current))
        except ValueError:
            shown = current
        self.blockSignals(True)
        self.clear()
        self.addItem("")
        self.addItems(options)
        self.setEditText(shown)
        self.blockSignals(False)

    def label(self) -> str:
        """The 所属期间 typed or chosen, as stored ("2025-07"); "" = by date. ValueError if unreadable."""
        return self.label_of(self.currentText())

    @staticmethod
    def label_of(text: str) -> str:
        period = read_period(text.strip())
        return period.label if period else ""
