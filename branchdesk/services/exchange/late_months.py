"""党费 of a month after a member left the sender's branch (a step of merging on the committee's PC,
merge.py; review rev2, R2-5).

The branch a member left may still correct what it had of him (scope.may_receive: his payments
follow him, `left_owner`), but a payment month after his move out of it is the new branch's book:
第一党支部 changing his May payment to September, after he moved to 第二党支部 in June, would have
第二党支部's book show September paid — money it never collected. Refusing is wrong too: a branch that
had not heard of the move may really have collected a later month. So such a change or addition
(or deletion) is held for the 党委 as a conflict (ConflictKind.AFTER_MOVE), nothing written, with a
plain line in the 接收 report and in 处理冲突; the 党委 takes it (采用对方版本) or keeps its own.

Which months were after the move is read from the member's 支部调整 here (member_moves): a month
after the month of a move out of the sender's branch, unless a later move brought him back by then.
The month of the move itself is the branch left's as well (he was its member part of it). A new
payment whose months are held is held with them (its months name it: they wait for it).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection

from branchdesk.db.models import DuesPaymentMonth, Member, MemberMove
from branchdesk.domain.exchange.vocabulary import SiteRole
from branchdesk.domain.vocabulary import MoveKind
from branchdesk.services.exchange.owners import Owners
from branchdesk.services.exchange.serialise import GidIndex
from branchdesk.services.exchange.state import Peer, Site
from branchdesk.services.exchange.tables import TableInfo

MONTHS, PAYMENTS = "dues_payment_months", "dues_payments"


class LateMonths:
    """One merge's check (the committee's PC only); `units`: the package's records (as checked)."""

    def __init__(self, connection: Connection, site: Site, peer: Peer, owners: Owners, gids: GidIndex) -> None:
        self.connection, self.site, self.peer, self.owners, self.gids = connection, site, peer, owners, gids
        self.units: list[dict[str, Any]] = []
        self.held: dict[str, str] = {}  # gid of a payment held in this merge -> its note
        self._moves: dict[Any, list[tuple[Any, Any, date]]] = {}  # member -> his 支部调整 (asked once)
        self._package_months: dict[str, list[int]] | None = None  # payment gid -> its months in the package

    def _active(self) -> bool:
        return self.site.role == SiteRole.COMMITTEE and self.peer.branch_gid is not None

    def note(self, table: TableInfo, unit: dict[str, Any], values: dict[str, Any] | None, obj: Any) -> str:
        """Why the package's copy of a 党费 record waits for the 党委 ("": it does not)."""
        if not self._active() or table.name not in (MONTHS, PAYMENTS):
            return ""
        if values is not None and obj is not None and all(
                values.get(c) == getattr(obj, table.attributes.get(c, c), None) for c in values):
            return ""  # (nothing of it changes here)
        if table.name == PAYMENTS:
            return self._payment(unit, values, obj)
        new: tuple[Any, Any] | None = (values["member_id"], values["month"]) if values is not None else None
        old: tuple[Any, Any] | None = (obj.member_id, obj.month) if obj is not None else None
        if new is not None and (found := self._after_move(*new)):
            return self._said(new[0], found, int(new[1]), "登记了")
        if old is not None and old != new and (found := self._after_move(*old)):
            return self._said(old[0], found, int(old[1]), "删除了" if values is None else "改动了")
        return ""

    def waits_for_payment(self, table: TableInfo, unit: dict[str, Any]) -> str:
        """A month of a new payment held in this merge waits with it (it cannot be written without
        it); returns the payment's note ("": not such a month)."""
        if table.name != MONTHS or unit.get("del"):
            return ""
        payment = (unit.get("row") or {}).get("payment_id")
        if not isinstance(payment, str) or payment not in self.held or self.gids.key(PAYMENTS, payment) is not None:
            return ""
        return self.held[payment]

    def _payment(self, unit: dict[str, Any], values: dict[str, Any] | None, obj: Any) -> str:
        """A payment (new, changed or deleted) is held when one of its months — as the package has
        them, or as stored here — is after the member's move out of the sender's branch."""
        member = values.get("member_id") if values is not None else (obj.member_id if obj is not None else None)
        if self._package_months is None:
            self._package_months = {}
            for other in self.units:
                row = other.get("row") or {}
                if other.get("t") == MONTHS and not other.get("del") and isinstance(row.get("payment_id"), str):
                    try:
                        self._package_months.setdefault(row["payment_id"], []).append(int(row["month"]))
                    except (KeyError, TypeError, ValueError):
                        continue
        months = list(self._package_months.get(unit["g"], []))
        if obj is not None:
            months += list(self.connection.execute(sa.select(DuesPaymentMonth.month).where(
                DuesPaymentMonth.payment_id == obj.id)).scalars())
        for month in sorted(set(months)):
            found = self._after_move(member, month)
            if found:
                verb = "删除了" if values is None else "登记了" if obj is None else "改动了"
                note = self._said(member, found, month, verb)
                self.held[unit["g"]] = note
                return note
        return ""

    def _after_move(self, member: Any, month: Any) -> date | None:
        """The day the member moved out of the sender's branch, if `month` (yyyymm) came after it and
        no later move brought him back by then."""
        try:
            month = int(month)
        except (TypeError, ValueError):
            return None
        if member is None:
            return None
        out: date | None = None
        if member not in self._moves:
            self._moves[member] = [(row[0], row[1], row[2]) for row in self.connection.execute(sa.select(
                MemberMove.from_branch_id, MemberMove.to_branch_id, MemberMove.move_date).where(
                MemberMove.member_id == member, MemberMove.kind == MoveKind.BRANCH_CHANGE.value,
                MemberMove.deleted_at.is_(None)).order_by(MemberMove.move_date, MemberMove.id))]
        for left, joined, day in self._moves[member]:
            moved = day.year * 100 + day.month
            if moved > month:
                break
            if joined is not None and self.owners.branch_of_org(joined) == self.peer.branch_gid:
                out = None
            elif left is not None and moved < month and self.owners.branch_of_org(left) == self.peer.branch_gid:
                out = day
        return out

    def _said(self, member: Any, day: date, month: int, verb: str) -> str:
        name = self.connection.execute(sa.select(Member.name).where(Member.id == member)).scalar() or "这名党员"
        return late_line(self.peer.name, name, day, month, verb)


def late_line(branch: str, name: str, day: date, month: int, verb: str) -> str:
    """The plain line of the 接收 report and of 处理冲突."""
    return (f"{branch}在{name}调出（{day.isoformat()}）后{verb}其{month // 100}年{month % 100}月的党费，"
            f"而{name}那时已不在{branch}，没有合并，已留作冲突。请核实由哪个党支部收缴，"
            f"再在“设置 → 数据交换”中选择采用对方版本或保留本机版本")

