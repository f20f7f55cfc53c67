"""T10-12: 优秀 over one third of those graded — the save warning cited 支部条例 第十八条, the rule check
called the same rule "本校做法". domain.md §2 gives the whole of MTG-YEARLY-REVIEW (优秀 generally at most
1/3 included) to 支部条例 第十八条: both say the one limit in the same words, with that citation."""

from __future__ import annotations

from datetime import date

from branchdesk.domain.citations import cite
from branchdesk.domain.meetings.records import MeetingKind
from branchdesk.domain.meetings.review import ReviewSitting, review_findings
from branchdesk.domain.meetings.sitting import MeetingInput, ReviewResult, validate_meeting

GRADES = ["优秀"] * 8 + ["合格"] * 12


def test_the_save_warning_and_the_check_cite_the_one_source() -> None:
    source = cite("MTG-YEARLY-REVIEW").source
    assert source == "支部条例 第十八条"
    results = [ReviewResult(i, f"党员{i}", grade, "正式党员") for i, grade in enumerate(GRADES, start=1)]
    _errors, warnings = validate_meeting(MeetingInput(branch_id=1, kinds=(MeetingKind.REVIEW.value,),
                                                      date=date(2026, 11, 20), review_results=results))
    [saved] = [w for w in warnings if "三分之一" in w]
    sitting = ReviewSitting(1, date(2026, 11, 20), 2026, tuple((r.member_id, r.name, r.grade, r.category) for r in results),
                            tuple((r.member_id or 0, r.name) for r in results))
    [checked] = [f for f in review_findings("第三党支部", [sitting], 2026) if "三分之一" in f.message]
    for text in (saved, checked.message):
        assert "评为优秀的 8 人超过评定等次的 20 人的三分之一" in text
        assert f"优秀一般不超过评定等次人数的三分之一，{source}" in text and "本校做法" not in text
        assert text.count(source) == 1
    assert checked.source == source
