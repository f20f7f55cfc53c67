"""党纪处分 (党章 第四十条): 警告, 严重警告, 撤销党内职务, 留党察看 or 开除党籍, with the day it
was decided and, for 留党察看, the day the 察看期 ends (at most two years; the member's rights are
restored then). The checks read it: a member under 警告/严重警告/撤职 in effect, or ever under
留党察看, cannot be an 入党介绍人 (细则 第十四条). A 处分 in the list of earlier ones is deleted when
it was saved by mistake, or opened in this same form to be corrected (修改此记录) — above all to add
the day a 留党察看 ended, which is known only a year or two after the decision."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from branchdesk.domain.dates import add_years
from branchdesk.domain.roster.event_lines import discipline_line
from branchdesk.domain.roster.records import MemberRecord
from branchdesk.domain.vocabulary import DisciplineKind
from branchdesk.services.roster.member_events import correct_discipline, delete_discipline
from branchdesk.services.roster.membership import DisciplineRecord, list_discipline, record_discipline
from branchdesk.ui.context import AppContext
from branchdesk.ui.roster.event_form import HINT_STYLE, EventRow, MemberEventDialog
from branchdesk.ui.widgets.date_edit import DateEdit, InvalidDate

FIELDS = ("处分种类", "处分决定日期", "期满日期", "原因或说明")

NOTES = {
    DisciplineKind.PROBATION: "留党察看期为一年或二年，期满日期填恢复党员权利之日（尚未期满的可不填）。"
                              "受过留党察看处分的党员不能作入党介绍人。",
    DisciplineKind.EXPULSION: "开除党籍后，请再用“标记离开”选择“出党”，把他移出在册党员名册。",
}
IN_EFFECT = "处分影响期满之日，可不填。处分影响期内的党员不能作入党介绍人。"


class DisciplineDialog(MemberEventDialog):
    """A new 党纪处分 with the member's earlier ones listed; with `record`, that 处分 to correct."""

    def __init__(self, context: AppContext, member: MemberRecord, parent: QWidget | None = None,
                 record: DisciplineRecord | None = None) -> None:
        super().__init__(context, member, "修改党纪处分" if record else "党纪处分", parent)
        self.record = record
        self._records: dict[int, DisciplineRecord] = {}
        self.edit_button.setText(self.tr("修改此记录(&E)"))
        self.kind = QComboBox()
        for kind in DisciplineKind:
            self.kind.addItem(kind.value, kind)
        self.on = DateEdit(required=True, label="处分决定日期", past=True)
        self.ends = DateEdit(label="期满日期")
        self.one_year = QPushButton(self.tr("一年(&1)"))
        self.two_years = QPushButton(self.tr("二年(&2)"))
        for button, years in ((self.one_year, 1), (self.two_years, 2)):
            button.setToolTip(self.tr("从处分决定日期起算{0}年，填入期满日期").format("一二"[years - 1]))
            button.setAutoDefault(False)
            button.clicked.connect(lambda _checked=False, y=years: self._period(y))
        ends_row = QWidget()
        row = QHBoxLayout(ends_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.ends, 1)
        row.addWidget(self.one_year)
        row.addWidget(self.two_years)
        self.kind_note = QLabel()
        self.kind_note.setObjectName("kindNote")
        self.kind_note.setWordWrap(True)
        self.kind_note.setStyleSheet(HINT_STYLE)
        self.reason = QLineEdit()
        self.reason.setMaxLength(200)
        self.reason.setPlaceholderText(self.tr("可写明决定机关和文号，如：县教育局党委 X教党〔2026〕3号"))
        hint = self.tr("日期可写作 2025-09-01、2025/9/1、2025.9.1、20250901 或 2025年9月1日。")
        if record is None:
            self.build(FIELDS, (self.kind, self.on, ends_row, self.reason), hint, self.tr("以往的党纪处分"),
                       self.events(), history_hint=self.tr("（选中一条按 Enter 修改，按 Delete 删除）"))
        else:
            self.kind.setCurrentIndex(self.kind.findData(DisciplineKind(record.kind)))
            self.on.set_record_value(record.decided_on)  # "3月12日" corrects the day in its year
            self.ends.set_value(record.ends_on)
            self.reason.setText(record.reason)
            self.build(FIELDS, (self.kind, self.on, ends_row, self.reason), hint, "", [], ok_text="保存修改")
        self.dates = [self.on, self.ends]
        self.layout().insertWidget(2, self.kind_note)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self._kind_changed()
        if record is not None and record.kind == DisciplineKind.PROBATION.value and record.ends_on is None:
            self.ends.setFocus()  # what is usually added later: the day the 察看期 ended

    def events(self) -> list[EventRow]:
        records = list_discipline(self.context.db, self.member.id)
        self._records = {r.id: r for r in records}
        return [EventRow(discipline_line(r.decided_on, r.kind, r.ends_on, r.reason), r.id, editable=True)
                for r in reversed(records)]

    def correction(self, key: int) -> QDialog:
        return DisciplineDialog(self.context, self.member, self, record=self._records[key])

    def consequence(self, row: EventRow) -> str:
        return self.tr("删除后，检查入党介绍人时不再计入这次处分。")

    def remove(self, key: int) -> None:
        delete_discipline(self.context.db, key)

    def _kind_changed(self) -> None:
        kind = DisciplineKind(self.kind.currentData())  # Qt may hand the enum back as its text
        probation = kind is DisciplineKind.PROBATION
        self.one_year.setVisible(probation)
        self.two_years.setVisible(probation)
        self.kind_note.setText(self.tr(NOTES.get(kind, IN_EFFECT)))

    def _period(self, years: int) -> None:
        """Fill 期满日期 one or two years after the decision (the 察看期 as decided)."""
        try:
            decided = self.on.value()
        except InvalidDate:
            self.on.show_problem()
            return
        if decided is None:
            self.on.show_problem()
            self.on.setFocus()
            return
        self.ends.set_value(add_years(decided, years))

    def write(self) -> None:
        decided = self.on.value()
        assert decided is not None  # required: the form said so when empty
        kind, ends, reason = DisciplineKind(self.kind.currentData()), self.ends.value(), self.reason.text().strip()
        if self.record is None:
            record_discipline(self.context.db, self.member.id, kind, decided, ends, reason)
        else:
            correct_discipline(self.context.db, self.record.id, kind, decided, ends, reason)
