"""What a roster import leaves to the 发展党员 record (domain.md §8: "development feeds the roster").

A member admitted through a 发展党员 record (linked to it, with its 支部大会讨论接收, step 15) has the
入党日期 of that meeting (党籍 starts that day, 细则 第十九条), and once the 上级党委 has approved the
转正 (step 24) is a 正式党员 with the 转正日期 the record gives (services/development/roster_sync.py).
A roster workbook that says otherwise — often one kept from before the 转正 — does not undo them: the
import keeps the stored values and names each one on the row (trial V: the counterpart of TV-9, where
the ledger erased the roster's particulars). Before the 转正 is approved the roster's 人员类别 stands (it
may know a 转正 the ledger lacks; roster_sync keeps it too). The roster reads no area's code
(import-linter), so the record is read from the tables.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from branchdesk.db.models import DevRecord, DevStep
from branchdesk.domain.roster.records import MemberInput
from branchdesk.domain.vocabulary import MemberCategory

_LABELS = (("category", "人员类别"), ("join_date", "入党日期"), ("full_date", "转正日期"))
_FULL_OUTCOME = "已转正"  # domain.development.steps.Outcome.FULL (not importable here: see above)
_ADMITTED = 15  # 支部大会讨论接收


@dataclass(frozen=True)
class Decided:
    """What a member's 发展党员 record has decided: admitted on `admitted`; `full`: the 转正 is approved."""

    admitted: date
    full: bool


def decided_by_development(session: Session) -> dict[int, Decided]:
    """Member id → what the member's live 发展党员 record decided (members admitted through one)."""
    rows = session.execute(
        select(DevRecord.member_id, DevRecord.outcome, DevStep.on)
        .join(DevStep, (DevStep.record_id == DevRecord.id) & (DevStep.step == _ADMITTED))
        .where(DevRecord.member_id.is_not(None), DevRecord.deleted_at.is_(None), DevStep.on.is_not(None)))
    return {member_id: Decided(on, outcome == _FULL_OUTCOME) for member_id, outcome, on in rows
            if member_id is not None and on is not None}


def _shown(value: object) -> str:
    if value in (None, ""):
        return "为空"
    return f"为“{value:%Y-%m-%d}”" if isinstance(value, date) else f"为“{value}”"


def keep_decided(found: Any, data: MemberInput, decided: Decided) -> tuple[MemberInput, str]:
    """`data` with the record's 入党日期 (and 人员类别, 转正日期 once the 转正 is approved) where the file
    differs; and the sentence for the report ("" when the file agrees)."""
    target: dict[str, Any] = {"join_date": decided.admitted}
    if decided.full:
        target.update(category=MemberCategory.FULL.value, full_date=found.full_date)
    fields = [(attr, label) for attr, label in _LABELS if attr in target]
    kept = {attr: target[attr] for attr, _label in fields if getattr(data, attr) != target[attr]}
    if not kept:
        return data, ""
    differ = "、".join(f"{label}（文件{_shown(getattr(data, attr))}，发展党员记录{_shown(kept[attr])}）"
                       for attr, label in fields if attr in kept)
    return replace(data, **kept), (f"{differ}：按发展党员记录保留（入党日期、转正日期随发展党员记录），"
                                   "如有误，请在发展党员记录中改正")
