"""The columns of the 结对帮扶 lists (one RecordTableModel each, see ui/table_model.py)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from branchdesk.domain.mentoring.log import ActivityRecord, EvaluationRecord, OutcomeRecord
from branchdesk.domain.mentoring.records import PairRecord, PairStatus
from branchdesk.services.mentoring.figures import BranchYearFigures
from branchdesk.ui.widgets.table_model import ColumnSpec

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def _status_colour(pair: PairRecord) -> str | None:
    return {PairStatus.STOPPED.value: "#b00020", PairStatus.FINISHED.value: "#888888"}.get(pair.status)


PAIR_COLUMNS: list[ColumnSpec[PairRecord]] = [
    ColumnSpec("结对类型", lambda p: p.kind),
    ColumnSpec("所在党支部", lambda p: p.branch),
    ColumnSpec("导师（帮扶人）", lambda p: p.mentor),
    ColumnSpec("结对对象", lambda p: p.mentee_label),
    ColumnSpec("对象类别", lambda p: p.mentee_category),
    ColumnSpec("开始日期", lambda p: p.start_date),
    ColumnSpec("结束日期", lambda p: p.planned_end),
    ColumnSpec("状态", lambda p: p.status, color=_status_colour,
               tooltip=lambda p: p.stop_reason and f"中止原因：{p.stop_reason}"),
    ColumnSpec("活动次数", lambda p: p.activity_count, align=RIGHT),
    ColumnSpec("时长（小时）", lambda p: p.hours, align=RIGHT),
    ColumnSpec("最近活动", lambda p: p.last_activity),
    ColumnSpec("成效", lambda p: p.outcome_count, align=RIGHT),
    ColumnSpec("协议", lambda p: "已签" if p.agreement_date else "",
               tooltip=lambda p: p.agreement_file or ("无附件" if p.agreement_date else "未登记协议")),
]

ACTIVITY_COLUMNS: list[ColumnSpec[ActivityRecord]] = [
    ColumnSpec("活动日期", lambda a: a.activity_date),
    ColumnSpec("活动形式", lambda a: a.kind),
    ColumnSpec("帮扶维度", lambda a: a.dimension),
    ColumnSpec("时长（小时）", lambda a: a.hours, align=RIGHT),
    ColumnSpec("内容摘要", lambda a: a.note, tooltip=lambda a: a.note),
    ColumnSpec("附件", lambda a: "、".join(a.attachments)),
]

OUTCOME_COLUMNS: list[ColumnSpec[OutcomeRecord]] = [
    ColumnSpec("日期", lambda o: o.outcome_date),
    ColumnSpec("成效类别", lambda o: o.kind),
    ColumnSpec("说明", lambda o: o.description),
]

EVALUATION_COLUMNS: list[ColumnSpec[EvaluationRecord]] = [
    ColumnSpec("年度", lambda e: e.year),
    ColumnSpec("考核等次", lambda e: e.grade),
    ColumnSpec("支部评语", lambda e: e.comment, tooltip=lambda e: e.comment),
    ColumnSpec("评价日期", lambda e: e.evaluated_on),
]


def figure_columns(kinds: list[str]) -> list[ColumnSpec[BranchYearFigures]]:
    """党支部, one column per kind of pair, then the totals the year-end report quotes."""
    columns: list[ColumnSpec[BranchYearFigures]] = [ColumnSpec("党支部", lambda f: f.branch)]
    columns += [ColumnSpec(kind, lambda f, k=kind: f.pairs_by_kind.get(k, 0), align=RIGHT) for kind in kinds]
    columns += [
        ColumnSpec("结对合计", lambda f: f.pairs, align=RIGHT),
        ColumnSpec("本年新结对", lambda f: f.new_pairs, align=RIGHT),
        ColumnSpec("帮扶活动（次）", lambda f: f.activities, align=RIGHT),
        ColumnSpec("活动时长（小时）", lambda f: f.hours, align=RIGHT),
        ColumnSpec("成效（项）", lambda f: f.outcomes, align=RIGHT,
                   tooltip=lambda f: "、".join(f"{k} {n}" for k, n in sorted(f.outcomes_by_kind.items()))),
        ColumnSpec("已考核", lambda f: f.evaluated, align=RIGHT),
        ColumnSpec("其中优秀", lambda f: f.excellent, align=RIGHT),
    ]
    return columns
