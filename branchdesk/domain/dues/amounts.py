"""Amounts of money as typed in forms and Excel cells: "4800", "4,800.00", "4800元", "￥48", 48.0."""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from branchdesk.domain.dues.rates import CENT

_STRIP = re.compile(r"[\s,，¥￥元]")
_FULLWIDTH = str.maketrans("０１２３４５６７８９．", "0123456789.")


def parse_amount(value: object, *, what: str = "金额", allow_zero: bool = False,
                 maximum: Decimal = Decimal("1000000")) -> tuple[Decimal | None, str]:
    """(amount, "") or (None, a Chinese message). A blank gives (None, "")."""
    if value is None:
        return None, ""
    if isinstance(value, bool):
        return None, f"{what}应为数字"
    if isinstance(value, Decimal):
        amount = value
    elif isinstance(value, int | float):
        amount = Decimal(repr(float(value))) if isinstance(value, float) else Decimal(value)
    else:
        text = _STRIP.sub("", str(value).translate(_FULLWIDTH))
        if not text:
            return None, ""
        try:
            amount = Decimal(text)
        except InvalidOperation:
            return None, f"“{str(value).strip()}”不是数字，{what}请填写如 48 或 48.50"
    if not amount.is_finite():
        return None, f"{what}应为数字"
    if amount < 0 or (amount == 0 and not allow_zero):
        return None, f"{what}应大于 0" if not allow_zero else f"{what}不能为负数"
    if amount > maximum:
        return None, f"{what} {amount} 元过大，请核对"
    if amount != amount.quantize(CENT):
        return None, f"{what}最多保留两位小数（到分）"
    return amount.quantize(CENT), ""


def split_amount(total: Decimal, weights: list[Decimal | None]) -> list[Decimal]:
    """Share `total` over months: in proportion to what each month is due when every month's due is
    known (and not all 0), else evenly; rounded to the 分, the remainder on the last month, so the
    shares always add up to exactly what was paid."""
    count = len(weights)
    if count == 0:
        return []
    known = [w for w in weights if w is not None]
    if len(known) == count and sum(known, Decimal(0)) > 0:
        scale = sum(known, Decimal(0))
        shares = [(total * w / scale).quantize(CENT) for w in known]
    else:
        shares = [(total / count).quantize(CENT)] * count
    shares[-1] = total - sum(shares[:-1], Decimal(0))
    return shares


def add_up(values: Iterable[Decimal | None]) -> Decimal | None:
    """The sum, or None when any amount is unknown (a figure that cannot be known is never 0)."""
    result = Decimal(0)
    for value in values:
        if value is None:
            return None
        result += value
    return result
