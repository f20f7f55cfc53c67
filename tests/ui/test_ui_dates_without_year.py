"""The date fields that still asked for the year read a month and day typed without it ("12-28",
"9月1日", as minutes and sign-in sheets write them; TY-7 left these out), each by what its day is:
任期开始, 卸任日期, 成立日期, 撤销日期 and 启用日期 are days that happened (the record's year, never after
today); a 党费 revision's 生效日期 and a pair's 开始日期 may lie either side of today (the nearest such
day); a pair's 结束日期 follows its start (the first such day after it). Each field shows the full date
it understood before it is left, and the form saves that date. Typed as a person types: the keys, then
Enter (or the input method for 月/日)."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtWidgets import QDialog

from branchdesk.services.records_start import branch_dates, get_records_start, set_branch_dates
from branchdesk.services.roster.organisation import OrgNode, get_tree
from branchdesk.services.roster.posts import list_posts
from branchdesk.ui.context import AppContext
from branchdesk.ui.widgets.date_edit import DateEdit, understood
from tests.meetings.helpers import BRANCH, make_branch
from tests.ui_typing import type_date_and_enter, type_text

pytestmark = pytest.mark.usefixtures("message_boxes")

JANUARY = date(2026, 1, 5)  # "today" of the fields: early in a year, when "12月28日" is last December's


def _read(field: DateEdit, text: str, meant: date, today: date = JANUARY) -> None:
    """Typed, then Enter: the field showed the full date before it was left, and holds it after."""
    shown = type_date_and_enter(field, text, today)
    assert (field.problem(), shown) == ("", understood(meant)), field.label
    assert field.text() == meant.isoformat() and field.value() == meant


def _branch_node(db) -> OrgNode:  # type: ignore[no-untyped-def]
    return next(n for root in get_tree(db) for n in root.walk() if n.name == BRANCH)


# --- 支部委员会: 任期开始 (任命职务, 修改, 换届) and 卸任日期 ----------------------------------------------

def test_a_post_ended_is_read_as_a_day_that_happened(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.ui.roster.post_dialogs import EndPostDialog

    branch = make_branch(db)
    post = next(p for p in list_posts(db, branch.id) if p.post == "宣传委员")
    dialog = EndPostDialog(AppContext(db), post)
    qtbot.addWidget(dialog)
    _read(dialog.on, "12-28", date(2025, 12, 28))  # in January: last December, not the coming one
    dialog.save()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert next(p for p in list_posts(db, branch.id) if p.id == post.id).term_end == date(2025, 12, 28)


def test_an_appointment_reads_its_start_as_a_day_that_happened(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.ui.roster.post_dialogs import PostDialog

    branch = make_branch(db)
    dialog = PostDialog(AppContext(db), _branch_node(db))
    qtbot.addWidget(dialog)
    dialog.member.setCurrentIndex(dialog.member.findData(branch.members["赵一"]))
    dialog.post.setCurrentText("纪检委员")
    _read(dialog.start, "12月28日", date(2025, 12, 28))
    assert dialog.end.value() == date(2028, 12, 28)  # 任期结束 follows the start it understood (ORG-TERM)
    dialog.save()
    assert dialog.result() == QDialog.DialogCode.Accepted
    saved = next(p for p in list_posts(db, branch.id) if p.post == "纪检委员")
    assert (saved.term_start, saved.term_end) == (date(2025, 12, 28), date(2028, 12, 28))


def test_a_post_corrected_reads_the_day_in_its_year(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.ui.roster.post_dialogs import PostDialog

    branch = make_branch(db)
    post = next(p for p in list_posts(db, branch.id) if p.post == "书记")  # from 2024-09-01
    dialog = PostDialog(AppContext(db), _branch_node(db), record=post)
    qtbot.addWidget(dialog)
    _read(dialog.start, "9.2", date(2024, 9, 2))  # the post's year, not the nearest 2 September (2025)
    dialog.save()
    assert next(p for p in list_posts(db, branch.id) if p.id == post.id).term_start == date(2024, 9, 2)


def test_an_election_reads_its_start_as_a_day_that_happened(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.ui.roster.post_dialogs import ElectionDialog

    branch = make_branch(db)
    dialog = ElectionDialog(AppContext(db), _branch_node(db))
    qtbot.addWidget(dialog)
    _read(dialog.start, "12-28", date(2025, 12, 28))
    assert dialog.end.value() == date(2028, 12, 28)
    dialog.save()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert {p.post for p in list_posts(db, branch.id, on=date(2025, 12, 28))} == {"书记", "组织委员", "宣传委员"}
    assert all(p.term_start == date(2025, 12, 28) for p in list_posts(db, branch.id, on=date(2025, 12, 28)))


def test_the_end_of_a_term_still_asks_for_its_year(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    """任期结束 lies years ahead (ORG-TERM): no year is taken for it."""
    from branchdesk.ui.roster.post_dialogs import PostDialog

    make_branch(db)
    dialog = PostDialog(AppContext(db), _branch_node(db))
    qtbot.addWidget(dialog)
    type_date_and_enter(dialog.end, "8-31", JANUARY)
    assert "没有写年份" in dialog.end.problem() and dialog.end.hint.text() == "未写年份"


# --- 党组织: 成立日期, 撤销日期 -----------------------------------------------------------------------------

def test_a_branch_founded_and_dissolved_reads_days_that_happened(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.ui.roster.branch_dates_dialog import BranchDatesDialog

    branch = make_branch(db)
    dialog = BranchDatesDialog(AppContext(db), branch.id)
    qtbot.addWidget(dialog)
    _read(dialog.founded, "9月1日", date(2025, 9, 1))
    _read(dialog.dissolved, "12.28", date(2025, 12, 28))
    dialog.save()
    assert dialog.result() == QDialog.DialogCode.Accepted, dialog.error.text()
    dates = branch_dates(db, branch.id)
    assert (dates.founded_on, dates.dissolved_on) == (date(2025, 9, 1), date(2025, 12, 28))


def test_a_founding_date_corrected_keeps_its_year(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.ui.roster.branch_dates_dialog import BranchDatesDialog

    branch = make_branch(db)
    set_branch_dates(db, branch.id, date(2019, 9, 1), None)
    dialog = BranchDatesDialog(AppContext(db), branch.id)
    qtbot.addWidget(dialog)
    _read(dialog.founded, "9-10", date(2019, 9, 10))
    dialog.save()
    assert branch_dates(db, branch.id).founded_on == date(2019, 9, 10)


# --- 启用日期: 设置 → 台账记录 and the first start ---------------------------------------------------------

def test_the_records_start_reads_a_day_that_has_come(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.ui.settings.records_panel import RecordsPanel

    make_branch(db)  # 启用日期 2024-01-01
    panel = RecordsPanel(AppContext(db))
    qtbot.addWidget(panel)
    panel.refresh()
    _read(panel.start, "9-1", date(2025, 9, 1))  # this term's first day, typed in January
    panel.save()
    assert get_records_start(db) == date(2025, 9, 1)


def test_the_first_start_reads_the_records_start_as_the_settings_do(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.ui.setup.first_start import FirstStartDialog

    dialog = FirstStartDialog(AppContext(db))
    qtbot.addWidget(dialog)
    _read(dialog.start_date, "9月1日", date(2025, 9, 1))


# --- 党费比例修订: 生效日期 ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("typed", "today", "meant"), [
    ("1-1", date(2025, 12, 5), date(2026, 1, 1)),  # issued in December for next month: the coming January
    ("1-1", date(2026, 3, 5), date(2026, 1, 1)),  # entered in March: the January just past
    ("12月1日", date(2026, 3, 5), date(2025, 12, 1)),
])
def test_a_dues_revision_starts_on_the_nearest_such_day(qtbot, db, typed: str, today: date, meant: date) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.domain.dues.rates import TableKind
    from branchdesk.services.dues.store import load_tables
    from branchdesk.ui.dues import revision_dialog

    dialog = revision_dialog.RevisionDialog(AppContext(db))
    qtbot.addWidget(dialog)
    _read(dialog.start, typed, meant, today)  # type: ignore[arg-type]
    revision_dialog.set_row(dialog, 0, "", "0.3")
    dialog.kind.setCurrentText(TableKind.NO_INCOME.value)  # one fixed amount
    dialog.save()
    assert dialog.result() == QDialog.DialogCode.Accepted, dialog.errors.text()
    with db.session() as session:
        table = load_tables(session).in_force(TableKind.NO_INCOME, meant)
    assert table is not None and table.effective_from == meant


def test_a_dues_revision_written_in_full_is_taken_as_written(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.ui.dues.revision_dialog import RevisionDialog

    dialog = RevisionDialog(AppContext(db))
    qtbot.addWidget(dialog)
    _read(dialog.start, "2024-07-01", date(2024, 7, 1), date(2025, 12, 5))  # type: ignore[arg-type]
    assert dialog.start.label == "生效日期"  # a message names the field


# --- 结对帮扶: 开始日期, 结束日期 ----------------------------------------------------------------------------

def test_a_new_pair_starts_on_the_nearest_such_day_and_ends_after_it(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.services.mentoring.records import list_pairs
    from branchdesk.ui.mentoring.pair_dialog import PairDialog

    make_branch(db)
    dialog = PairDialog(AppContext(db))
    qtbot.addWidget(dialog)
    dialog.branch.setCurrentIndex(dialog.branch.findText(BRANCH))
    dialog.category.setCurrentText("青年教师")
    dialog.mentee.setFocus()
    type_text(dialog.mentee, "林小青")
    august = date(2025, 8, 20)  # pairs registered before the term they start in
    _read(dialog.start, "9-1", date(2025, 9, 1), august)
    _read(dialog.end, "7-10", date(2026, 7, 10), august)  # the first 10 July after the start
    _read(dialog.agreement_date, "8-18", date(2025, 8, 18), august)
    dialog.save()
    assert dialog.result() == QDialog.DialogCode.Accepted, dialog.errors
    pair = next(p for p in list_pairs(db) if p.mentee_name == "林小青")
    assert (pair.start_date, pair.planned_end, pair.agreement_date) == (date(2025, 9, 1), date(2026, 7, 10),
                                                                        date(2025, 8, 18))


def test_a_pair_begun_last_term_is_read_in_january_as_last_septembers(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.ui.mentoring.pair_dialog import PairDialog

    make_branch(db)
    dialog = PairDialog(AppContext(db))
    qtbot.addWidget(dialog)
    _read(dialog.start, "9月1日", date(2025, 9, 1))
    _read(dialog.end, "7月10日", date(2026, 7, 10))


def test_an_end_typed_after_the_start_changes_follows_the_start(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    """The end is read again when the start changes; with no start it asks for the year."""
    from branchdesk.ui.mentoring.pair_dialog import PairDialog

    make_branch(db)
    dialog = PairDialog(AppContext(db))
    qtbot.addWidget(dialog)
    dialog.end.edit.setText("7-10")
    dialog.start.set_value(date(2027, 9, 1))
    assert dialog.end.value() == date(2028, 7, 10) and dialog.end.hint.text() == understood(date(2028, 7, 10))
    dialog.start.set_value(None)
    assert "没有写年份" in dialog.end.problem()


def test_a_pair_corrected_reads_each_day_in_its_year(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.domain.mentoring.records import PairInput
    from branchdesk.services.mentoring.records import get_pair, save_pair
    from branchdesk.ui.mentoring.pair_dialog import PairDialog

    branch = make_branch(db)
    kept = save_pair(db, PairInput(kind="青蓝工程师徒结对", branch=BRANCH, mentor_id=branch.members["王书记"],
                                   mentee_name="林小青", mentee_category="青年教师", start_date=date(2023, 9, 1),
                                   planned_end=date(2024, 7, 10)))
    dialog = PairDialog(AppContext(db), get_pair(db, kept.id))
    qtbot.addWidget(dialog)
    _read(dialog.start, "9-2", date(2023, 9, 2))
    _read(dialog.end, "7-12", date(2024, 7, 12))
    dialog.save()
    again = get_pair(db, kept.id)
    assert (again.start_date, again.planned_end) == (date(2023, 9, 2), date(2024, 7, 12))
