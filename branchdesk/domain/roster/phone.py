"""A 联系电话 as teachers type it (trial D, TD-6): digits in groups with hyphens, dashes or dots
("139-0000-1111", "139.0000.1111", "139—0000—1111"), an area code in brackets ("（0371）65432100"),
the country code in front ("+86 139 0000 1111"). Spaces are gone already (domain.text.clean_digits).
A number read this way is kept in one spelling: a mobile as its 11 digits, a landline as 区号-号码
(分机, the last group after a whole number: 区号-号码-分机, as records._LANDLINE reads it typed with
hyphens). Groups that read two ways — "0371-6543210-8": 6543210 with 分机 8, or 65432108 — and anything
else are left as typed, for the check to name: a number nobody wrote is never made (review 13, R3-4)."""

from __future__ import annotations

import re

# hyphens and dashes of every width, dots and the middle dot typed between groups of digits
_SEPARATORS = re.compile(r"[-‐‑‒–—―−﹣－.．·・]+")
_BRACKETED_AREA = re.compile(r"^[(（](0[0-9]{2,3})[)）]")
_COUNTRY = re.compile(r"^(?:\+|00)?86(?=1[0-9]{10}$)")
_MOBILE = re.compile(r"^1[0-9]{10}$")
_AREA = re.compile(r"^0[0-9]{2,3}$")
_LOCAL = re.compile(r"^[1-9][0-9]{6,7}$")
_EXTENSION = re.compile(r"^[0-9]{1,6}$")


def phone_spelling(text: str) -> str:
    """`text` in the spelling the roster keeps, when it is a phone number written in groups; else
    `text` unchanged."""
    bracketed = _BRACKETED_AREA.match(text)
    typed = f"{bracketed.group(1)}-{text[bracketed.end():]}" if bracketed else text
    groups = [g for g in _SEPARATORS.split(typed) if g]
    if not groups or not all(g.isdigit() or (i == 0 and g.startswith("+") and g[1:].isdigit())
                             for i, g in enumerate(groups)):
        return text
    digits = _COUNTRY.sub("", "".join(groups))
    if _MOBILE.match(digits):
        return digits
    area, rest = groups[0], groups[1:]
    if not _AREA.match(area):
        return text
    readings = {f"{area}-{''.join(rest[:n])}" + (f"-{rest[n]}" if n < len(rest) else "")
                for n in range(1, len(rest) + 1)
                if _LOCAL.match("".join(rest[:n])) and (n == len(rest) or (n == len(rest) - 1
                                                                          and _EXTENSION.match(rest[n])))}
    return readings.pop() if len(readings) == 1 else text
