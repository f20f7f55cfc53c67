"""The school's name as a roster's title row gives it ("大同市第二中学校党委党员花名册" → 大同市第二中学校,
issue 13): shown on every cover, and the name of the 党委 the branches hang under
(`domain.org_outline.committee_name`)."""

from __future__ import annotations

import re

_LEADING = re.compile(r"^(中国共产党|中共)")
_TRAILING = re.compile(
    r"(\d{4}年度?|\d{4})?(党委|党总支|党支部|委员会|总支部委员会)?(全体)?(党员|党组织)?(花名册|名册|基本信息表|信息表|统计表|台账)"
    r"(（[^）]*）|\([^)]*\))?$")
_ORG_SUFFIX = re.compile(r"(党委|党总支|委员会|总支部委员会)$")


def school_from_title(title: str) -> str:
    """The school's name in a title row, or "" when the title names none (a bare "党员花名册")."""
    text = re.sub(r"[\s\u3000]", "", title or "")
    text = _LEADING.sub("", text)
    stripped = _TRAILING.sub("", text)
    if stripped == text and not _ORG_SUFFIX.search(text):
        return ""  # not a roster title we understand
    stripped = _ORG_SUFFIX.sub("", stripped)
    stripped = re.sub(r"\d{4}年度?$", "", stripped)
    if len(stripped) < 2 or not re.search(r"(学校|学|校|中|院|所|园)$", stripped):
        return ""
    return stripped

