"""A member left out of 应到会 for a span of days, with approval (domain.md §3 VOTE-WHO; 党章 第七条):
members abroad long-term, unable to express their will (a bedridden retired member), or away six
months or more — and those under 留党察看 or 停止党籍 — may be left out of the 应到会 count ONLY WITH
APPROVAL, and the reason is recorded (TD-5). A 退休 branch marked its bedridden members 不计入应到 at
every sitting; one standing record now says it once: from a day (to an optional day), why, and who
approved it on which day. A sitting within that span lists the member as 不计入应到 with this reason;
the secretary may still change one sitting (the member came: 出席).

Plain data and rules only: no Qt, no SQL."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import StrEnum

from branchdesk.domain.validation import FieldError

APPROVER_MAX = 100
DETAIL_MAX = 200


class NotExpectedReason(StrEnum):
    """The VOTE-WHO categories (党章 第七条 and practice), in the words of the sign-in sheet."""

    ABROAD = "长期出国（境）"
    CANNOT_EXPRESS = "因病等无法表达本人意志"
    AWAY = "外出半年以上"
    PROBATION = "受留党察看处分"
    SUSPENDED = "停止党籍"


@dataclass(frozen=True)
class NotExpectedSpan:
    """One standing 不计入应到会 record of a member."""

    id: int
    member_id: int
    starts_on: date
    ends_on: date | None  # None: until further notice
    reason: str  # NotExpectedReason
    detail: str  # 说明: 长期卧床 …
    approved_on: date  # 批准日期
    approved_by: str  # 批准人/组织: 党支部委员会, 上级党委 …
    # the day of the 支部调整 that ended it (review rev3 R3-10): the approval is the approving branch's, and
    # stands no longer in the branch he moved to — it ends the day before (`ends_on`); None: no move ended it
    moved_on: date | None = None

    def covers(self, day: date) -> bool:
        """Does it leave the member out of 应到会 on `day`? Within its span, and only once approved:
        an approval is not read back onto the sittings before it (VOTE-WHO: only with approval)."""
        return self.starts_on <= day and (self.ends_on is None or day <= self.ends_on) and self.approved_on <= day

    @property
    def sheet_reason(self) -> str:
        """The reason a sign-in sheet shows beside 不计入应到: why, and whose approval."""
        why = self.reason + (f"（{self.detail}）" if self.detail else "")
        return f"{why}；{self.approved_on:%Y-%m-%d} {self.approved_by}批准"

    @property
    def line(self) -> str:
        """One line for the member's list, the CLI and the roster: the span, why, approval."""
        until = f"至 {self.ends_on:%Y-%m-%d}" if self.ends_on else "起长期"
        moved = f"（{self.moved_on:%Y-%m-%d} 支部调整，到新支部后不再适用，须由新支部另行批准）" if self.moved_on else ""
        return f"{self.starts_on:%Y-%m-%d} {until}不计入应到会：{self.sheet_reason}{moved}"


def ended_at_move(span: NotExpectedSpan, moves: Iterable[date]) -> NotExpectedSpan:
    """The span as it stands after the member's 支部调整 (`moves`: the days he moved from one branch to another):
    an approval is the approving branch's (VOTE-WHO) — given by the branch he was in on its 批准日期 — so it ends
    at his first move after that day; the branch he moved to approves anew (review rev3 R3-10). A move on the
    批准日期 itself is read as before it (the new branch approved). Nothing is stored: corrected or deleted, the
    move no longer ends it."""
    move = ending_move(span.approved_on, span.ends_on, moves)
    return span if move is None else replace(span, ends_on=move - timedelta(days=1), moved_on=move)


def ending_move(approved_on: date, ends_on: date | None, moves: Iterable[date]) -> date | None:
    """The day of the 支部调整 that ends an approval given on `approved_on` (ended_at_move), None when none does
    (no move after the approval, or the span ended before it)."""
    move = min((day for day in moves if day > approved_on), default=None)
    return None if move is None or (ends_on is not None and ends_on < move) else move


_SHEET_REASON = re.compile(r"；\d{4}-\d{2}-\d{2} .+批准$")


def is_sheet_reason(text: str) -> bool:
    """Is `text` the reason a standing record put on a sheet (`NotExpectedSpan.sheet_reason`)? A row the
    secretary marks otherwise for one sitting (he came: 出席; 请假 has its own reason) drops it, so an
    approval is never printed beside 出席."""
    return bool(_SHEET_REASON.search(text.strip()))


def check_span(starts_on: date | None, ends_on: date | None, reason: str, approved_on: date | None,
               approved_by: str, detail: str = "", *, joined: date | None = None,
               today: date | None = None) -> list[FieldError]:
    """What is wrong with a span as typed (VOTE-WHO: only with approval, the reason recorded), named by
    the form's fields. The approval is required, not in the future, and not after the span ended."""
    errors: list[FieldError] = []
    if starts_on is None:
        errors.append(FieldError("起始日期", "请填写从哪一天起不计入应到会"))
    if reason not in {r.value for r in NotExpectedReason}:
        errors.append(FieldError("原因", "请选择原因：" + "、".join(r.value for r in NotExpectedReason)))
    if approved_on is None:
        errors.append(FieldError("批准日期", "不计入应到会须经批准（党章第七条），请填写批准日期"))
    if not approved_by.strip():
        errors.append(FieldError("批准人/组织", "请填写批准的组织或负责人，如：党支部委员会"))
    if len(approved_by.strip()) > APPROVER_MAX:
        errors.append(FieldError("批准人/组织", f"最多 {APPROVER_MAX} 个字"))
    if len(detail.strip()) > DETAIL_MAX:
        errors.append(FieldError("说明", f"最多 {DETAIL_MAX} 个字"))
    if starts_on is not None and ends_on is not None and ends_on < starts_on:
        errors.append(FieldError("截止日期", "截止日期不能早于起始日期"))
    if approved_on is not None and today is not None and approved_on > today:
        errors.append(FieldError("批准日期", "批准日期不能晚于今天"))
    if approved_on is not None and ends_on is not None and approved_on > ends_on:
        errors.append(FieldError("批准日期", "批准日期晚于截止日期：这段时间的会议都在批准之前，不能不计入应到会"))
    if starts_on is not None and joined is not None and (ends_on or starts_on) < joined:
        errors.append(FieldError("起始日期", f"这段时间在入党日期 {joined:%Y-%m-%d} 之前"))
    return errors


def overlap(spans: list[NotExpectedSpan], starts_on: date | None, ends_on: date | None,
            record_id: int | None = None) -> list[FieldError]:
    """A span over days another of the member's records already covers (not `record_id`, the one being
    corrected): refused. Two records over the same day, and the one the secretary later ends (he came
    back) leaves the other still leaving him out of every new sheet (review rev3 R3-4)."""
    if starts_on is None:
        return []
    for span in spans:
        if span.id != record_id and span.starts_on <= (ends_on or date.max) \
                and starts_on <= (span.ends_on or date.max):
            return [FieldError("起始日期", f"与已登记的“{span.line}”时间重叠：一段时间只登记一条，"
                                         "请修改那一条（如填写截止日期），或从它截止的次日起登记")]
    return []


def covering(spans: list[NotExpectedSpan], day: date) -> NotExpectedSpan | None:
    """The span that leaves a member out of 应到会 on `day` (the latest-starting one, if several)."""
    found = [s for s in spans if s.covers(day)]
    return max(found, key=lambda s: (s.starts_on, s.id)) if found else None
