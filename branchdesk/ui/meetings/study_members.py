"""参加人员 of a new 学习培训记录 (trial K, TK-10): the members on the roster of the training's day, to tick —
all ticked when the form is opened for one branch — or for 全部党支部 in a school that has only one (re-trial K: none
ticked there, she pressed Space on the two who were absent and gave them, not the 14 who came, the 8 学时) —, as the
meeting sign-in sheet starts with everyone 出席; none when it lists several branches' members. One record is written per ticked member (services/study_hours/
batch.py). Keys: Tab reaches the list and leaves it (ui/widgets/keyboard.py), the arrows move, Space
ticks, a name typed in the list goes to it; 全选 / 全不选 beside it. The list follows the date: a member
not on that day's roster is not listed, and one ticked on an earlier day's list who leaves it is named
under the list (never dropped without a word)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from branchdesk.services.one_branch import only_branch
from branchdesk.services.study_hours.batch import RosterPerson, roster_on
from branchdesk.ui.context import AppContext

_ID = Qt.ItemDataRole.UserRole


class StudyMembers(QWidget):
    """The members to give the record, ticked on the roster of a day."""

    def __init__(self, context: AppContext, branch_id: int | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.branch_id = branch_id
        self.day: date | None = None
        # one branch: everyone ticked, as on the sign-in sheet (a school with one 党支部 is that branch)
        self._default = branch_id is not None or bool(only_branch(context.db))
        self._marks: dict[int, bool] = {}  # ticked or unticked by hand
        self._names: dict[int, str] = {}
        self.list = QListWidget()
        self.list.setObjectName("studyMembers")
        self.list.setFlow(QListView.Flow.LeftToRight)  # short names side by side: the branch fits at 1366×768
        self.list.setWrapping(True)
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setUniformItemSizes(False)  # each name its own width: one size cut "阿依古丽·买买提" to "阿…"
        self.list.setSpacing(2)
        self.list.setMinimumHeight((self.list.fontMetrics().height() + 6) * 7)  # 7 rows: 35 names of one branch
        self.list.setToolTip(self.tr("方向键移动，空格键勾选或取消；输入姓名可直接跳到该党员"))
        self.list.itemChanged.connect(self._ticked)
        every, none = QPushButton(self.tr("全选")), QPushButton(self.tr("全不选"))
        every.clicked.connect(lambda: self.set_all(True))
        none.clicked.connect(lambda: self.set_all(False))
        self.count = QLabel()
        self.note = QLabel(wordWrap=True, styleSheet="color: #555")
        self.note.hide()
        row = QHBoxLayout()
        row.addWidget(every)
        row.addWidget(none)
        row.addWidget(self.count, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list, 1)
        layout.addLayout(row)
        layout.addWidget(self.note)

    def follow(self, day: date | None) -> None:
        """List the roster of `day` (nothing to list without a date), keeping what was ticked by hand."""
        if day == self.day and self.list.count():
            return
        self.day = day
        people: list[RosterPerson] = roster_on(self.context.db, day, self.branch_id) if day is not None else []
        current = self.list.currentRow()
        self.list.blockSignals(True)
        self.list.clear()
        for person in people:
            self._names[person.member_id] = person.name
            text = person.name if self.branch_id is not None else f"{person.name}（{person.branch}）"
            item = QListWidgetItem(text)
            item.setData(_ID, person.member_id)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable)
            ticked = self._marks.get(person.member_id, self._default)
            item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self.list.blockSignals(False)
        if self.list.count():
            self.list.setCurrentRow(min(max(current, 0), self.list.count() - 1))
        listed = {p.member_id for p in people}
        gone = [name for m, name in self._names.items()  # ticked (by hand or as listed) on another day's list
                if self._marks.get(m, self._default) and m not in listed]
        self.note.setText(self.tr("{0}在 {1} 不在党员名册中，未列入").format("、".join(gone), f"{day:%Y-%m-%d}")
                          if gone and day is not None else "")
        self.note.setVisible(bool(self.note.text()))
        self._update_count()

    def set_all(self, on: bool) -> None:
        """全选 / 全不选: every member listed now, and anyone the date brings in later."""
        self._default = on
        self._marks.clear()
        self.list.blockSignals(True)
        for row in range(self.list.count()):
            self.list.item(row).setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
        self.list.blockSignals(False)
        self._update_count()

    def member_ids(self) -> list[int]:
        """The ticked members, in roster order."""
        return [self.list.item(r).data(_ID) for r in range(self.list.count())
                if self.list.item(r).checkState() == Qt.CheckState.Checked]

    def _ticked(self, item: QListWidgetItem) -> None:
        self._marks[item.data(_ID)] = item.checkState() == Qt.CheckState.Checked
        self._update_count()

    def _update_count(self) -> None:
        self.count.setText(self.tr("已勾选 {0} / {1} 人，每人登记一条").format(len(self.member_ids()), self.list.count()))
