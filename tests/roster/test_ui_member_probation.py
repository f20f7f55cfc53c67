"""The member form warns, as the roster import does, of a 正式党员 whose 转正日期 is earlier than one
year after the 入党日期 or later than two (预备期 one year, extended once by at most one year: domain.md
§4 step 22 and "Other outcomes"). The same rule and the same words (domain.roster.records
probation_length_warning), shown before saving, in plain Chinese without a rule code; the date is
saved as typed when the user saves anyway. Dates are typed as a person types them."""

from __future__ import annotations

from datetime import date

import pytest

from branchdesk.domain.idcard import make_id_number
from branchdesk.domain.roster.records import (
    SAVED_AS_WRITTEN,
    MemberInput,
    probation_length_problem,
    probation_length_warning,
)
from branchdesk.domain.vocabulary import MemberCategory
from branchdesk.services.roster.organisation import list_orgs
from branchdesk.ui.context import AppContext
from branchdesk.ui.roster.member_dialog import MemberDialog
from tests.ui_typing import type_date, type_text

pytestmark = pytest.mark.usefixtures("message_boxes")  # no box may block a test


@pytest.fixture
def dialog(qtbot, demo_db) -> MemberDialog:  # type: ignore[no-untyped-def]
    refs = list_orgs(demo_db)
    form = MemberDialog(AppContext(demo_db), [r for r in refs if r.kind == "党支部"],
                        [r for r in refs if r.kind == "党小组"])
    qtbot.addWidget(form)
    form.name.setText("孙五")  # a Chinese name arrives through the input method
    type_text(form.id_number, make_id_number("140202", date(1985, 3, 4), 21, male=True))
    form.category.setCurrentText(MemberCategory.FULL.value)
    return form


def test_a_probation_of_six_months_is_warned_of_before_saving_and_saved_as_typed(dialog) -> None:  # type: ignore[no-untyped-def]
    assert dialog.probation_warning.isHidden()
    type_date(dialog.join_date, "2020.7.1")
    assert dialog.probation_warning.isHidden()  # no 转正日期 yet: nothing to compare
    type_date(dialog.full_date, "2021年1月1日")
    text = dialog.probation_warning.text()
    assert not dialog.probation_warning.isHidden()
    assert probation_length_problem(date(2020, 7, 1), date(2021, 1, 1)) in text  # the import's words
    assert "转正日期 2021-01-01 早于入党日期 2020-07-01 满一年之日 2021-07-01" in text and "预备期为一年" in text
    assert "请核对" in text and "导入" not in text and "DEV-" not in text and "ROSTER-" not in text
    assert not any(label.text() for label in dialog.errors.values())  # a warning, not an error
    dialog.save()
    assert dialog.saved is not None and dialog.result() == dialog.DialogCode.Accepted
    assert (dialog.saved.join_date, dialog.saved.full_date) == (date(2020, 7, 1), date(2021, 1, 1))


def test_the_warning_follows_the_dates_as_they_are_retyped(dialog) -> None:  # type: ignore[no-untyped-def]
    type_date(dialog.join_date, "2020-07-01")
    type_date(dialog.full_date, "2023/1/1")  # more than two years
    assert "晚于入党日期 2020-07-01 满两年之日 2022-07-01" in dialog.probation_warning.text()
    type_date(dialog.full_date, "2021.7.1")  # one year to the day: what the rules say
    assert dialog.probation_warning.isHidden()
    type_date(dialog.full_date, "2021-6-30")
    assert not dialog.probation_warning.isHidden()
    type_date(dialog.join_date, "2020-06-30")  # the other date corrected instead
    assert dialog.probation_warning.isHidden()
    type_date(dialog.full_date, "2021-6-")  # unreadable: named beside the field, no guess at a warning
    assert dialog.probation_warning.isHidden() and not dialog.full_date.error.isHidden()


def test_only_a_full_members_date_is_warned_of(dialog) -> None:  # type: ignore[no-untyped-def]
    type_date(dialog.join_date, "2020.7.1")
    type_date(dialog.full_date, "2021.1.1")
    assert not dialog.probation_warning.isHidden()
    dialog.category.setCurrentText(MemberCategory.PROBATIONARY.value)  # a 转正日期 here is an error on saving
    assert dialog.probation_warning.isHidden()
    dialog.save()
    assert dialog.saved is None and "预备党员不应有转正日期" in dialog.errors["转正日期"].text()


def test_an_odd_record_opened_for_editing_shows_the_warning(dialog, qtbot, demo_db) -> None:  # type: ignore[no-untyped-def]
    type_date(dialog.join_date, "2020.7.1")
    type_date(dialog.full_date, "2021.1.1")
    dialog.save()
    refs = list_orgs(demo_db)
    again = MemberDialog(dialog.context, [r for r in refs if r.kind == "党支部"],
                         [r for r in refs if r.kind == "党小组"], dialog.saved)
    qtbot.addWidget(again)
    assert not again.probation_warning.isHidden() and "满一年之日 2021-07-01" in again.probation_warning.text()


def test_the_import_and_the_form_say_the_same_but_what_happens_to_the_date() -> None:
    data = MemberInput(category=MemberCategory.FULL.value, join_date=date(2020, 7, 1), full_date=date(2021, 1, 1))
    odd = probation_length_problem(data.join_date, data.full_date)
    assert odd and probation_length_warning(data) == f"{odd}；按所填导入，请核对"  # the import's words, unchanged
    assert probation_length_warning(data, SAVED_AS_WRITTEN) == f"{odd}；按所填保存，请核对"
    assert probation_length_warning(MemberInput(category=MemberCategory.PROBATIONARY.value, join_date=date(2020, 7, 1),
                                                full_date=date(2021, 1, 1)), SAVED_AS_WRITTEN) == ""
