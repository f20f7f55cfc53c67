"""Column specs of the rectification lists (one RecordTableModel per list) and small date helpers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate
from PySide6.QtWidgets import QTableView

from branchdesk.domain.rectification.figures import Figures, is_overdue, percent
from branchdesk.domain.rectification.records import MeasureRecord
from branchdesk.domain.rectification.status import MeasureStatus, is_done
from branchdesk.services.rectification.figures import LedgerFigures
from branchdesk.ui.widgets.table_model import ColumnSpec

RED, ORANGE, GREEN, GREY = "#b00020", "#e65100", "#1b5e20", "#666666"


def tr(text: str) -> str:
    return QCoreApplication.translate("Rectification", text)


def to_date(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def to_qdate(value: date | None) -> QDate:
    return QDate(value.year, value.month, value.day) if value else QDate.currentDate()


class Ratio(float):
    """A ratio shown as 57.5% that still sorts as a number in the tables."""

    def __str__(self) -> str:
        return percent(self)


def fit_columns(table: QTableView, widest: int = 300) -> None:
    """Columns sized to their contents, but no column wider than `widest` pixels (long texts wrap
    into a tooltip instead of pushing the other columns off screen)."""
    table.resizeColumnsToContents()
    header = table.horizontalHeader()
    for column in range(header.count()):
        if header.sectionSize(column) > widest:
            header.resizeSection(column, widest)


def status_colour(m: MeasureRecord, today: date) -> str | None:
    if is_overdue(m, today):
        return RED
    if m.status == MeasureStatus.CLOSED:
        return GREEN
    if m.status == MeasureStatus.DONE:
        return "#1565c0"
    return None


def ledger_columns() -> list[ColumnSpec[LedgerFigures]]:
    return [
        ColumnSpec(tr("台账名称"), lambda f: f.ledger.title),
        ColumnSpec(tr("问题来源"), lambda f: f.ledger.source),
        ColumnSpec(tr("所属组织"), lambda f: f.ledger.org_name),
        ColumnSpec(tr("收到日期"), lambda f: f.ledger.received_date),
        ColumnSpec(tr("措施"), lambda f: f.overall.total),
        ColumnSpec(tr("完成率"), lambda f: Ratio(f.overall.completion_rate)),
        ColumnSpec(tr("销号率"), lambda f: Ratio(f.overall.closing_rate)),
        ColumnSpec(tr("逾期"), lambda f: f.overall.overdue, color=lambda f: RED if f.overall.overdue else None),
    ]


def measure_columns(today: date) -> list[ColumnSpec[MeasureRecord]]:
    def overdue_days(m: MeasureRecord) -> int | str:
        return (today - m.deadline).days if m.deadline and is_overdue(m, today) else ""

    # On screen what the secretary acts on comes first (measure, who, when, state); the ledger's
    # official column order is kept by the Excel export, not here.
    return [
        ColumnSpec(tr("序号"), lambda m: m.problem_number),
        ColumnSpec(tr("问题描述"), lambda m: m.problem_description, tooltip=lambda m: m.problem_description),
        ColumnSpec(tr("措施序号"), lambda m: m.number),  # the ledger's own 序号 of the measure
        ColumnSpec(tr("整改措施"), lambda m: m.text, tooltip=lambda m: m.text),
        ColumnSpec(tr("责任人"), lambda m: m.person),
        ColumnSpec(tr("完成时限"), lambda m: m.deadline or m.deadline_note,
                   color=lambda m: RED if is_overdue(m, today) else None),
        ColumnSpec(tr("整改状态"), lambda m: m.status, color=lambda m: status_colour(m, today)),
        ColumnSpec(tr("逾期天数"), overdue_days, color=lambda m: RED),
        ColumnSpec(tr("最新进展"), lambda m: m.progress[-1].line() if m.progress else "",
                   tooltip=lambda m: m.progress_text),
        ColumnSpec(tr("问题类别"), lambda m: m.category, tooltip=lambda m: m.category),
        ColumnSpec(tr("责任领导"), lambda m: m.leader),
        ColumnSpec(tr("完成日期"), lambda m: m.completion_date),
        ColumnSpec(tr("销号日期"), lambda m: m.closed_date),
        ColumnSpec(tr("销号审核人"), lambda m: m.verifier),
        ColumnSpec(tr("佐证材料"), lambda m: len(m.evidence) or "", tooltip=lambda m: m.evidence_text),
    ]


def numbered_text(m: MeasureRecord) -> str:
    """The measure's text led by the ledger's own 序号 of it, where the file gave one ("1.4 建立…")."""
    return f"{m.number} {m.text}" if m.number.strip() else m.text


def tree_columns(today: date) -> list[ColumnSpec[MeasureRecord]]:
    """The measures under their problem in the tree: the problem's number and text are its heading;
    the measure's text comes first (it stands under the heading), led by its own 序号 — a column of
    its own took 70 px at 1366×768 while empty and cut the text (T10-11)."""
    columns = [c for c in measure_columns(today) if c.title not in (tr("序号"), tr("问题描述"), tr("措施序号"))]
    text = next(i for i, c in enumerate(columns) if c.title == tr("整改措施"))
    columns[text] = ColumnSpec(tr("整改措施"), numbered_text, tooltip=numbered_text)
    return columns


@dataclass(frozen=True)
class FigureRow:
    name: str
    figures: Figures


def figure_columns(first: str) -> list[ColumnSpec[FigureRow]]:
    def count(status: str) -> Any:
        return lambda r: r.figures.by_status.get(status, 0)

    return [
        ColumnSpec(first, lambda r: r.name),
        ColumnSpec(tr("措施总数"), lambda r: r.figures.total),
        *(ColumnSpec(s.value, count(s.value)) for s in MeasureStatus),
        ColumnSpec(tr("完成率"), lambda r: Ratio(r.figures.completion_rate)),
        ColumnSpec(tr("销号率"), lambda r: Ratio(r.figures.closing_rate)),
        ColumnSpec(tr("逾期未完成"), lambda r: r.figures.overdue, color=lambda r: RED if r.figures.overdue else None),
        ColumnSpec(tr("逾期完成"), lambda r: r.figures.closed_late),
    ]


def review_columns(reference: date) -> list[ColumnSpec[MeasureRecord]]:
    def late_days(m: MeasureRecord) -> int | str:
        finished = m.completion_date or m.closed_date
        late = m.deadline is not None and m.deadline < reference and (
            not is_done(m.status) or (finished is not None and finished > reference))
        return (reference - m.deadline).days if late and m.deadline else ""

    return [
        ColumnSpec(tr("问题"), lambda m: f"{m.problem_number}. {m.problem_description}".lstrip(". ")),
        ColumnSpec(tr("整改措施"), lambda m: m.text),
        ColumnSpec(tr("责任人"), lambda m: m.person),
        ColumnSpec(tr("完成时限"), lambda m: m.deadline or m.deadline_note),
        ColumnSpec(tr("状态"), lambda m: m.status),
        ColumnSpec(tr("完成日期"), lambda m: m.completion_date),
        ColumnSpec(tr("销号日期"), lambda m: m.closed_date),
        ColumnSpec(tr("逾期天数"), late_days, color=lambda m: RED),
    ]
