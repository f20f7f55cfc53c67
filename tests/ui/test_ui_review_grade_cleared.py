"""A 民主评议 record saved before the 转正's approval counted (T9-13) may hold a grade for a member who was
still a 预备党员 that day: the record now reads the day's category (services/meetings/day_categories) and
saving it asks for the grade to go (MTG-YEARLY-REVIEW: 预备党员 take part but get no grade). The grade
column of such a row can be emptied — before, a 预备党员's row could not be edited at all, and the record
could not be saved again."""

from __future__ import annotations

from PySide6.QtCore import Qt

from branchdesk.domain.meetings.sitting import ReviewResult
from branchdesk.ui.meetings.sheet_models import ReviewModel


def test_a_probationers_stored_grade_can_be_cleared_not_changed(qtbot) -> None:  # type: ignore[no-untyped-def]
    model = ReviewModel()
    model.set_results([ReviewResult(1, "吴预备", "合格", "预备党员"), ReviewResult(2, "郑预备", "", "预备党员"),
                       ReviewResult(3, "王书记", "", "正式党员")])
    graded, plain, full = (model.index(row, 2) for row in range(3))
    editable = Qt.ItemFlag.ItemIsEditable
    assert model.flags(graded) & editable and not model.flags(plain) & editable and model.flags(full) & editable
    assert not model.setData(graded, "优秀") and model.results()[0].grade == "合格"
    assert model.setData(graded, "") and model.results()[0].grade == ""
    assert model.data(graded) == "不评定等次" and not model.flags(graded) & editable
    assert model.setData(full, "优秀") and model.results()[2].grade == "优秀"
