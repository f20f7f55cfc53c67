"""The 党费收缴 chapter's paragraph says only what the records say: an arrears sum that cannot be known
is said to be unknown (not "欠交党费共（部分金额未核定）"), and nothing nobody recorded is claimed
(no "已逐人提醒补交", no "已按规定向党员公示")."""

from __future__ import annotations

from decimal import Decimal

from branchdesk.domain.annual_report.dues import summary
from branchdesk.domain.dues.report import DuesBranchRow, DuesSection


def section(arrears: Decimal | None, arrears_members: int, unknown: int) -> DuesSection:
    row = DuesBranchRow("第一党支部", 12, None if arrears is None else Decimal("3600"), Decimal("3360"),
                        arrears, arrears_members, 3, unknown, Decimal("3000"))
    return DuesSection(2026, [row])


def test_an_unknown_arrears_sum_is_said_to_be_unknown() -> None:
    text = summary(section(None, 9, 2), "本支部")
    assert "有9名党员欠交或少交党费（部分党员缴费基数未核定，欠交金额暂无法合计）" in text
    assert "共（" not in text and "另有2名党员尚未登记缴费基数" in text


def test_a_known_sum_is_given_and_nothing_unrecorded_is_claimed() -> None:
    text = summary(section(Decimal("240"), 1, 0), "本支部")
    assert "有1名党员欠交或少交党费，共240.00元。" in text
    for claim in ("提醒", "公示"):
        assert claim not in text
    assert "全体党员均按月足额交纳党费" in summary(section(Decimal("0"), 0, 0), "本支部")
    assert "已核定缴费基数的党员均按月足额交纳党费" in summary(section(None, 0, 2), "本支部")
