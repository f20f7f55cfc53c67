"""民主评议 grades in the year-end volume (trial V, TV-4; MTG-YEARLY-REVIEW): a review held whose grades
were never recorded — the meetings ledger has no column for them — printed 优秀 0 合格 0 … and was
explained by "民主评议一般在次年1月进行" although it was held on 2 December. Grades not recorded are
"未录入", never 0, and the words say what was held and where the grades are entered."""

from __future__ import annotations

from datetime import date, datetime

from branchdesk.db.models import Meeting, MeetingKindLink, MeetingReviewResult
from branchdesk.domain.annual_report.chapters import chapters
from branchdesk.domain.annual_report.summary import draft_summaries
from branchdesk.domain.annual_report.tables import life_review_table
from branchdesk.domain.meetings.records import MeetingKind as K
from branchdesk.services.annual_report.records import gather_report
from tests.meetings.helpers import BRANCH, OTHER, make_branch

TODAY = date(2026, 12, 4)


def _review(db, branch_id: int, day: date, grades: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    with db.session() as session:
        meeting = Meeting(branch_id=branch_id, meeting_date=day, start_time="15:00", end_time="17:00",
                          topic="2026年度组织生活会、民主评议党员", finalised_at=datetime(2026, 12, 3, 8, 0))
        session.add(meeting)
        session.flush()
        session.add_all(MeetingKindLink(meeting_id=meeting.id, kind=k.value) for k in (K.LIFE, K.REVIEW))
        session.add_all(MeetingReviewResult(meeting_id=meeting.id, name=name, grade=grade) for name, grade in grades.items())


def test_a_review_held_without_grades_reads_not_entered(db) -> None:  # type: ignore[no-untyped-def]
    made = make_branch(db)
    _review(db, made.id, date(2026, 12, 2), {})  # imported from the ledger: no grades
    _review(db, made.other_id, date(2026, 11, 20), {"老党员": "合格"})
    data = gather_report(db, 2026, generated_on=TODAY)
    rows = {r.branch: r for r in data.meetings.life_review}
    assert rows[BRANCH].review_held == 1 and rows[BRANCH].ungraded == [date(2026, 12, 2)]
    assert rows[BRANCH].grades_unknown and not rows[OTHER].grades_unknown
    table = life_review_table(data)
    cells = {r[0]: r for r in table.rows}
    assert cells[BRANCH][3:9] == ["未录入"] * 5 + [None]  # 优秀…不评定等次, 优秀占比: not known, never 0
    assert cells[OTHER][3:9] == [0, 1, 0, 0, 0, 0.0]
    words = data.meetings.review_grades_words()
    assert f"{BRANCH}2026-12-02" in words and "“未录入”" in words and "“评议结果”中逐人录入" in words
    assert "次年" not in words and "一般在次年" not in table.note and words in table.note
    figures = dict(next(c for c in chapters(data) if c.key == "life").figures)
    assert figures["民主评议未录入评议结果的党支部"] == "1个" and figures["评议合格"] == "1名"
    assert "其中1个党支部尚未录入评议结果" in draft_summaries(data)["meetings"]


def test_no_review_held_yet_says_so(db) -> None:  # type: ignore[no-untyped-def]
    make_branch(db)
    data = gather_report(db, 2026, generated_on=TODAY)
    assert data.meetings.review_grades_words() == "本年度尚未召开民主评议党员（次年初为本年度召开的，按所属期间计入本年度）。"
    assert all(not r.grades_unknown for r in data.meetings.life_review)
