"""TY-14: the 年度工作总结's count of sittings adds up as written. It read "支部党员大会4次、支委会12次、党小组会24次、
党课4次、主题党日活动12次，共52次会议（一次会议兼具多种形式的分别计数）" — 56 by the forms, 52 sittings: the 4 大会 held on
the 主题党日 were not counted apart in the total, contrary to the parenthesis; and a 组织生活会/民主评议 held for the
year was in the total but not in the list. Now the list names every form held, the total is the sittings, and the
parenthesis says how many sittings took two forms at once."""

from __future__ import annotations

import re
from datetime import date

from branchdesk.domain.meetings.sitting import MeetingInput
from branchdesk.services.annual_report.records import gather_report
from branchdesk.services.meetings.records import finalise_meeting, save_meeting
from branchdesk.services.records_start import set_records_start
from tests.safety_helpers import add_branch, add_member


def _sitting(db, branch: int, kinds: tuple[str, ...], day: date, period: str = "") -> None:  # type: ignore[no-untyped-def]
    topic = "、".join(kinds) + f" {day:%m月%d日}"
    saved = save_meeting(db, MeetingInput(branch_id=branch, kinds=kinds, date=day, topic=topic, host="党员0",
                                          recorder="党员1", content=topic, period=period))
    finalise_meeting(db, saved.record.id)


def test_the_total_is_the_sittings_and_the_forms_add_up(db) -> None:  # type: ignore[no-untyped-def]
    branch = add_branch(db, "第一党支部")
    for index in range(5):
        add_member(db, branch, index)
    set_records_start(db, date(2025, 1, 1))
    _sitting(db, branch, ("支部党员大会", "主题党日"), date(2025, 3, 20))
    _sitting(db, branch, ("支部党员大会", "主题党日"), date(2025, 6, 20))
    _sitting(db, branch, ("党课",), date(2025, 5, 8))
    _sitting(db, branch, ("主题党日",), date(2025, 4, 20))
    _sitting(db, branch, ("组织生活会", "民主评议党员"), date(2026, 1, 15), "2025")
    text = gather_report(db, 2025, generated_on=date(2026, 2, 1)).summaries["meetings"]
    assert ("全年召开支部党员大会2次、支委会0次、党小组会0次、党课1次、主题党日活动3次、组织生活会1次、民主评议党员1次，"
            "共召开会议5次（其中2次为支部党员大会与主题党日合并召开、1次为组织生活会与民主评议党员合并召开，"
            "按形式分别计入以上各项）") in text
    forms = [int(n) for n in re.findall(r"(\d+)次", text.split("共召开")[0])]
    assert sum(forms) == 5 + 2 + 1  # every sitting once, and once more for each form it also took


def test_without_combined_sittings_nothing_is_added(db) -> None:  # type: ignore[no-untyped-def]
    branch = add_branch(db, "第一党支部")
    for index in range(5):
        add_member(db, branch, index)
    set_records_start(db, date(2025, 1, 1))
    _sitting(db, branch, ("党课",), date(2025, 5, 8))
    text = gather_report(db, 2025, generated_on=date(2026, 2, 1)).summaries["meetings"]
    assert "主题党日活动0次，共召开会议1次。" in text and "分别计" not in text and "组织生活会0次" not in text
