"""One check for every path that stores a 学习培训记录 (MTG-STUDY-HOURS; services/study_hours/roster_check.py):
the form for several members refused a member not on the roster that day and the same training twice,
while the form for one member (new or corrected) and the 学习培训登记表 import stored both."""

from __future__ import annotations

from datetime import date

import pytest

from branchdesk.domain.study_hours.records import StudyInput
from branchdesk.services.errors import ValidationFailed
from branchdesk.services.study_hours.excel import import_study_records
from branchdesk.services.study_hours.records import list_study_records, save_study_record
from tests.meetings.helpers import BRANCH, make_branch
from tests.study_hours.study_books import study_book

TODAY = date(2026, 12, 5)
DAY = date(2026, 1, 5)  # before the two 预备党员 joined (2026-01-10)


def _training(member_id: int, day: date = DAY, title: str = "新年专题网络培训") -> StudyInput:
    return StudyInput(member_id, day, "4", "网络培训", title, "网络学院")


def test_one_member_s_form_refuses_a_day_before_she_joined(db) -> None:  # type: ignore[no-untyped-def]
    branch = make_branch(db)
    with pytest.raises(ValidationFailed) as refused:
        save_study_record(db, _training(branch.members["吴预备"]), today=TODAY)
    assert [(e.field, e.message) for e in refused.value.errors] == [
        ("学习日期", "吴预备的入党日期是 2026-01-10，2026-01-05 还不在党员名册中")]
    assert list_study_records(db) == []


def test_a_record_corrected_to_a_day_off_the_roster_is_refused(db) -> None:  # type: ignore[no-untyped-def]
    branch = make_branch(db)
    saved = save_study_record(db, _training(branch.members["吴预备"], date(2026, 2, 5)), today=TODAY)
    with pytest.raises(ValidationFailed) as refused:
        save_study_record(db, _training(branch.members["吴预备"]), saved.id, expected_version=saved.version, today=TODAY)
    assert [e.field for e in refused.value.errors] == ["学习日期"]
    assert [r.study_date for r in list_study_records(db)] == [date(2026, 2, 5)]


def test_the_same_training_is_not_stored_twice_by_one_member_s_form(db) -> None:  # type: ignore[no-untyped-def]
    branch = make_branch(db)
    first = save_study_record(db, _training(branch.members["钱二"]), today=TODAY)
    with pytest.raises(ValidationFailed) as refused:  # saved again: 8 学时 where there were 4
        save_study_record(db, _training(branch.members["钱二"]), today=TODAY)
    assert [(e.field, e.message) for e in refused.value.errors] == [
        ("学习内容", "钱二已有 2026-01-05“新年专题网络培训”的学习培训记录，请勿重复登记")]
    other = save_study_record(db, _training(branch.members["钱二"], title="寒假读书班"), today=TODAY)
    with pytest.raises(ValidationFailed):  # another record corrected into the first one
        save_study_record(db, _training(branch.members["钱二"]), other.id, expected_version=other.version, today=TODAY)
    # the record itself corrected (its note) is not "another" one
    again = save_study_record(db, StudyInput(first.member_id, DAY, "4", "网络培训", "新年专题网络培训", "网络学院", "补记"),
                              first.id, expected_version=first.version, today=TODAY)
    assert again.note == "补记"
    assert len(list_study_records(db)) == 2


def test_the_import_refuses_a_row_dated_before_the_member_joined(db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    make_branch(db)
    book = study_book(tmp_path / "登记表.xlsx", [
        [BRANCH, "王书记", "2026-01-05", 4, "网络培训", "新年专题网络培训", "网络学院", ""],
        [BRANCH, "郑预备", "2026-01-05", 4, "网络培训", "新年专题网络培训", "网络学院", ""],
    ])
    report = import_study_records(db, book, today=TODAY)
    assert [(p.row, p.column, p.message) for p in report.problems] == [
        (4, "学习日期", "郑预备的入党日期是 2026-01-10，2026-01-05 还不在党员名册中")]
    assert list_study_records(db) == []  # all or nothing


def test_the_record_s_form_says_it_beside_the_date_as_she_types_it(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QDialogButtonBox

    from branchdesk.ui.context import AppContext
    from branchdesk.ui.meetings.study_dialog import StudyRecordDialog
    from tests.ui_typing import type_date

    branch = make_branch(db)
    saved = save_study_record(db, _training(branch.members["吴预备"], date(2026, 2, 5)), today=TODAY)
    dialog = StudyRecordDialog(AppContext(db), saved, branch.id)
    qtbot.addWidget(dialog)
    dialog.show()
    type_date(dialog.day, "2026-01-05")  # before she joined (2026-01-10)
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.saved is None
    assert dialog.errors["学习日期"].isVisible()
    assert dialog.errors["学习日期"].text() == "吴预备的入党日期是 2026-01-10，2026-01-05 还不在党员名册中"
    assert [r.study_date for r in list_study_records(db)] == [date(2026, 2, 5)]
