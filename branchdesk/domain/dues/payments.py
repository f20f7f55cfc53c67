"""Payments (DUES-TIMING, 党费规定 第十二条): dues are paid monthly, or quarterly where the branch
allows it; a payment made after its collection period is a 补交 (back payment), which should
usually not reach back more than 6 months. One payment covers one or more months of one member and
is shared over them (`amounts.split_amount`)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from functools import lru_cache
from typing import NamedTuple

from branchdesk.domain.dues.amounts import parse_amount
from branchdesk.domain.dues.months import Month
from branchdesk.domain.validation import FieldError

RULE = "DUES-TIMING"
SOURCE = "《关于中国共产党党费收缴、使用和管理的规定》第十二条"
BACK_PAY_LIMIT = 6  # months: 补交党费的时间一般不得超过 6 个月
MAX_MONTHS = 24  # one payment covering more is a typing error
MAX_PAYMENT = Decimal("100000")


class PayMethod(StrEnum):
    CASH = "现金"
    TRANSFER = "转账"
    ONLINE = "线上"


METHOD_SYNONYMS: dict[str, PayMethod] = {
    "现金": PayMethod.CASH, "现金缴纳": PayMethod.CASH, "现交": PayMethod.CASH, "当面": PayMethod.CASH,
    "转账": PayMethod.TRANSFER, "银行转账": PayMethod.TRANSFER, "网银": PayMethod.TRANSFER, "银行": PayMethod.TRANSFER,
    "线上": PayMethod.ONLINE, "线上缴纳": PayMethod.ONLINE, "网上": PayMethod.ONLINE, "网上缴纳": PayMethod.ONLINE,
    "微信": PayMethod.ONLINE, "支付宝": PayMethod.ONLINE, "扫码": PayMethod.ONLINE, "在线": PayMethod.ONLINE,
    "手机": PayMethod.ONLINE, "智慧党建": PayMethod.ONLINE, "党费通": PayMethod.ONLINE,
}


def parse_method(text: str) -> PayMethod | None:
    return METHOD_SYNONYMS.get(re.sub(r"\s", "", text or ""))


class Collection(StrEnum):
    """收缴周期 (setting): 按月, or 按季 with the branch's consent."""

    MONTHLY = "按月"
    QUARTERLY = "按季"


@lru_cache(maxsize=4096)
def deadline(month: Month, collection: Collection = Collection.MONTHLY) -> date:
    """The last day a month's dues count as paid on time: the month's end, or its quarter's."""
    if collection is Collection.QUARTERLY:
        return Month(month.year, month.quarter * 3).last_day
    return month.last_day


class PaidMonth(NamedTuple):
    """One month's share of one payment (a tuple: a district's year holds tens of thousands)."""

    payment_id: int
    month: Month
    amount: Decimal
    paid_on: date | None  # None: the source did not say (a wide ledger has no dates)
    noted_late: bool = False  # the source marked it 补交 without a date
    method: str = ""
    receipt_no: str = ""

    def late(self, collection: Collection = Collection.MONTHLY) -> bool:
        """补交: paid after the month's collection period (or marked so in an imported ledger)."""
        return self.noted_late or (self.paid_on is not None and self.paid_on > deadline(self.month, collection))

    def months_late(self, collection: Collection = Collection.MONTHLY) -> int:
        """Whole months between the end of the collection period and the payment (0 when on time)."""
        if self.paid_on is None:
            return 0
        end = deadline(self.month, collection)
        if self.paid_on <= end:
            return 0
        return Month.of(self.paid_on).index - Month.of(end).index


@dataclass
class PaymentInput:
    """One payment as the 收缴 dialog or an import row gives it (amount as typed)."""

    member_id: int | None
    months: list[Month]
    amount: object
    paid_on: date | None
    method: str = PayMethod.CASH.value
    collector: str = ""
    receipt_no: str = ""
    note: str = ""
    noted_late: bool = False
    date_required: bool = True  # an imported wide ledger has no dates; a form always does
    errors: list[FieldError] = field(default_factory=list)


def validate_payment(data: PaymentInput, today: date) -> tuple[Decimal | None, list[FieldError]]:
    """Check one payment on its own (the service adds what needs the database: already paid months,
    months the member does not owe). Returns the amount and every problem beside its field."""
    errors = list(data.errors)
    taken = {e.field for e in errors}
    if data.member_id is None and "党员" not in taken:
        errors.append(FieldError("党员", "请选择党员"))
    if not data.months and "月份" not in taken:
        errors.append(FieldError("月份", "请选择所交党费的月份"))
    elif len(data.months) > MAX_MONTHS:
        errors.append(FieldError("月份", f"一次最多登记 {MAX_MONTHS} 个月"))
    elif len(set(data.months)) != len(data.months):
        errors.append(FieldError("月份", "月份有重复"))
    amount, problem = parse_amount(data.amount, what="金额", maximum=MAX_PAYMENT)
    if problem:
        errors.append(FieldError("金额", problem))
    elif amount is None and "金额" not in taken:
        errors.append(FieldError("金额", "请填写交纳金额"))
    if data.paid_on is None:
        if data.date_required and "缴纳日期" not in taken:
            errors.append(FieldError("缴纳日期", "请填写缴纳日期"))
    elif data.paid_on > today:
        errors.append(FieldError("缴纳日期", f"{data.paid_on:%Y-%m-%d} 晚于今天，请登记已收到的党费"))
    elif data.months and data.paid_on < min(data.months).first_day.replace(year=min(data.months).year - 1):
        errors.append(FieldError("缴纳日期", f"{data.paid_on:%Y-%m-%d} 比所交月份早一年以上，请核对"))
    if data.method.strip() and parse_method(data.method) is None:
        errors.append(FieldError("缴纳方式", f"“{data.method.strip()}”应为{'、'.join(m.value for m in PayMethod)}"))
    for name, value, limit in (("收款人", data.collector, 40), ("收据编号", data.receipt_no, 60), ("备注", data.note, 500)):
        if len(value.strip()) > limit:
            errors.append(FieldError(name, f"{name}不能超过 {limit} 字"))
    return amount, errors
