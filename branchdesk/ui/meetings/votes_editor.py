"""表决情况 of a 支部党员大会 in the meeting form (VOTE-QUORUM, VOTE-PASS, VOTE-ONE-BY-ONE): one row per
matter voted on — two 发展对象 are two rows — with the voting (正式) members expected and present and
the yes votes (written opinions sent before the meeting count)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from branchdesk.domain.meetings.sitting import VoteRecord

COLUMNS = ("表决事项", "应到表决人数", "实到表决人数", "赞成票数")


class VotesEditor(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels([self.tr(c) for c in COLUMNS])
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        hint = QLabel(self.tr("每项表决一行（讨论两个以上发展对象时逐个表决、逐行填写）；人数只计有表决权的正式党员，"
                              "赞成票含会前正式提交的书面意见。"))
        hint.setWordWrap(True)
        add = QPushButton(self.tr("添加一项"))
        add.clicked.connect(lambda: self.add_row())
        remove = QPushButton(self.tr("删除选中"))
        remove.clicked.connect(self.remove_row)
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

    def add_row(self, vote: VoteRecord | None = None) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        values = ("", None, None, None) if vote is None else (
            vote.subject, vote.voters_expected, vote.voters_present, vote.votes_for)
        for column, value in enumerate(values):
            self.table.setItem(row, column, QTableWidgetItem("" if value is None else str(value)))

    def remove_row(self) -> None:
        for row in sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True):
            self.table.removeRow(row)

    def set_votes(self, votes: list[VoteRecord] | None) -> None:
        self.table.setRowCount(0)
        for vote in votes or []:
            self.add_row(vote)

    def votes(self) -> list[VoteRecord]:
        """The rows as votes; ValueError (in Chinese) names a count that is not a whole number."""
        out: list[VoteRecord] = []
        for row in range(self.table.rowCount()):
            texts = [(self.table.item(row, c).text() if self.table.item(row, c) else "").strip()
                     for c in range(len(COLUMNS))]
            if not any(texts):
                continue
            counts: list[int | None] = []
            for column, text in zip(COLUMNS[1:], texts[1:], strict=True):
                if not text:
                    counts.append(None)
                elif text.isdigit():
                    counts.append(int(text))
                else:
                    raise ValueError(f"表决情况第 {row + 1} 行“{column}”应为整数，现为“{text}”")
            out.append(VoteRecord(texts[0], counts[0], counts[1], counts[2]))
        return out
