"""Dates are typed into every form as people write them (2025-10-09, 2025/10/9, 2025.10.9, 20251009,
2025年10月9日, or nothing), read by the import parser, shown back as understood, refused inline when
unreadable — and never silently dropped. The development step dialog never closes without saving or
saying why. Everything here is typed with QTest.keyClicks (and an input method for 年月日)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialog, QMessageBox

from branchdesk.domain.development.steps import STEP_BY_NUMBER
from branchdesk.domain.idcard import make_id_number
from branchdesk.domain.meetings.records import MeetingKind
from branchdesk.domain.mentoring.records import PairStatus
from branchdesk.domain.vocabulary import OrgKind
from branchdesk.services.development.records import list_cases
from branchdesk.services.meetings.records import prefill
from branchdesk.services.mentoring.records import list_pairs
from branchdesk.services.rectification import records as rect
from branchdesk.services.roster.organisation import get_tree, list_orgs
from branchdesk.services.roster.records import list_members
from branchdesk.ui.context import AppContext
from branchdesk.ui.widgets.date_edit import DateEdit, InvalidDate
from tests.ui_typing import type_date, type_text

SPELLINGS = ["2025-10-09", "2025/10/9", "2025.10.9", "20251009", "2025年10月9日", "２０２５－１０－０９"]


@pytest.fixture(autouse=True)
def rule_warnings(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """The step dialog's warning before saving a step a rule check flags: answered with a reason
    (its own tests are in test_ui_presave.py); records which rules were named."""
    from branchdesk.ui.development import dialogs

    named: list[list[str]] = []
    monkeypatch.setattr(dialogs, "ask_reason",
                        lambda _parent, findings, _what: named.append([f.rule for f in findings]) or "测试中保存")
    return named


@pytest.fixture(autouse=True)
def no_message_boxes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []
    for name in ("information", "warning", "critical"):
        monkeypatch.setattr(QMessageBox, name, lambda *args, _n=name: shown.append(args[2]) or QMessageBox.StandardButton.Ok)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    return shown


@pytest.fixture(scope="module")
def school(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """One demo school for the whole module (building it is the slow part)."""
    from branchdesk.services import session
    from branchdesk.services.demo import build_demo

    database = session.open(tmp_path_factory.mktemp("dates") / "日期 测试.sqlite")
    build_demo(database, today=date.today() - timedelta(days=3))
    yield database
    database.close()


@pytest.fixture
def context(qtbot, school) -> AppContext:  # type: ignore[no-untyped-def]
    return AppContext(school)


# --- the field itself ------------------------------------------------------------------------------
@pytest.mark.parametrize("spelling", SPELLINGS)
def test_every_spelling_is_read_and_shown_back(qtbot, spelling: str) -> None:  # type: ignore[no-untyped-def]
    field = DateEdit()
    qtbot.addWidget(field)
    type_date(field, spelling)
    assert field.value() == date(2025, 10, 9)
    assert field.hint.text() == "2025年10月9日 星期四"
    assert field.text() == "2025-10-09"  # written the one standard way on leaving the field
    assert field.error.isHidden()


def test_an_empty_field_is_no_date_and_a_required_one_says_so(qtbot) -> None:  # type: ignore[no-untyped-def]
    field = DateEdit(date(2020, 1, 2))
    qtbot.addWidget(field)
    type_date(field, "")
    assert field.value() is None and field.problem() == ""
    required = DateEdit(required=True)
    qtbot.addWidget(required)
    assert required.show_problem() and required.error.text() == "请填写日期"


def test_unreadable_text_is_named_inline_and_never_becomes_no_date(qtbot) -> None:  # type: ignore[no-untyped-def]
    field = DateEdit(label="入党日期")
    qtbot.addWidget(field)
    field.show()
    type_date(field, "2025-13-40")
    assert field.error.isVisible() and "不是有效日期" in field.error.text()
    assert field.hint.text() == "无法识别"
    with pytest.raises(InvalidDate, match="入党日期"):
        field.value()
    type_date(field, "去年十月")
    assert "2019-07-01" in field.error.text()  # the accepted spellings are named
    type_date(field, "2025.10.9")
    assert field.error.isHidden() and field.value() == date(2025, 10, 9)


def test_typing_starts_in_an_empty_field_and_keys_step_the_day(qtbot) -> None:  # type: ignore[no-untyped-def]
    field = DateEdit()
    qtbot.addWidget(field)
    field.edit.setFocus()
    type_text(field, "2015-07-01")  # typed at the field itself, not only its line
    assert field.edit.text() == "2015-07-01" and field.value() == date(2015, 7, 1)
    qtbot.keyClick(field.edit, Qt.Key.Key_Up)
    assert field.value() == date(2015, 7, 2)
    qtbot.keyClick(field.edit, Qt.Key.Key_PageDown)
    assert field.value() == date(2015, 6, 2)


def test_calendar_opens_at_the_typed_date_or_today(qtbot) -> None:  # type: ignore[no-untyped-def]
    field = DateEdit()
    qtbot.addWidget(field)
    field.show()
    field.open_calendar()
    calendar = field._popup.calendar  # type: ignore[union-attr]
    assert calendar.selectedDate() == QDate.currentDate()
    field._popup.hide()  # type: ignore[union-attr]
    type_date(field, "2015/7/1")
    field.open_calendar()
    assert calendar.selectedDate() == QDate(2015, 7, 1)
    assert (calendar.yearShown(), calendar.monthShown()) == (2015, 7)
    calendar.clicked.emit(QDate(2015, 7, 20))  # picking a day writes it into the field
    assert field.value() == date(2015, 7, 20) and not field._popup.isVisible()  # type: ignore[union-attr]


# --- the forms ------------------------------------------------------------------------------------
def _dialogs(context: AppContext) -> list[QDialog]:
    """One of every form that has a date, on the demo school."""
    from branchdesk.ui.development.dialogs import DocumentDialog, ReviewDialog, StepDialog
    from branchdesk.ui.development.dialogs import OutcomeDialog as DevOutcomeDialog
    from branchdesk.ui.meetings.meeting_dialog import MeetingDialog
    from branchdesk.ui.meetings.study_dialog import StudyRecordDialog
    from branchdesk.ui.mentoring.activity_dialog import ActivityDialog
    from branchdesk.ui.mentoring.pair_dialog import PairDialog
    from branchdesk.ui.mentoring.result_dialogs import EvaluationDialog, OutcomeDialog, StatusDialog
    from branchdesk.ui.rectification.close_off_dialog import CloseOffDialog
    from branchdesk.ui.rectification.ledger_dialog import LedgerDialog
    from branchdesk.ui.rectification.measure_dialogs import MeasureDialog, ProgressDialog, ReopenDialog
    from branchdesk.ui.roster.leave_dialog import LeaveDialog
    from branchdesk.ui.roster.member_dialog import MemberDialog
    from branchdesk.ui.roster.org_panel import PostDialog

    db = context.db
    refs = list_orgs(db)
    branches = [r for r in refs if r.kind == OrgKind.BRANCH.value]
    groups = [r for r in refs if r.kind == OrgKind.GROUP.value]
    member = list_members(db)[0]
    branch_node = next(n for root in get_tree(db) for n in root.walk() if n.kind == OrgKind.BRANCH.value)
    case = list_cases(db)[0]
    pair = next(p for p in list_pairs(db) if p.status == PairStatus.ACTIVE.value)
    ledger = rect.list_ledgers(db)[0]
    problems = rect.list_problems(db, ledger.id)
    measures = rect.list_measures(db, ledger.id)
    done = next(m for m in measures if m.status in ("已完成", "已销号"))
    open_measure = next(m for m in measures if m.status == "整改中")
    meeting = prefill(db, MeetingKind.CONGRESS.value, branch_id=branches[0].id, on=date.today())
    return [
        MemberDialog(context, branches, groups), LeaveDialog(context, member), PostDialog(context, branch_node),
        StepDialog(context, case, 2), StepDialog(context, case, 7), StepDialog(context, case, 11),
        ReviewDialog(context, case), DocumentDialog(context, case), DevOutcomeDialog(context, case),
        MeetingDialog(context, meeting), StudyRecordDialog(context, None, None),
        PairDialog(context), ActivityDialog(context, pair), OutcomeDialog(context, pair),
        EvaluationDialog(context, pair), StatusDialog(context, pair, PairStatus.STOPPED),
        LedgerDialog(context), MeasureDialog(context, problems), ProgressDialog(context, open_measure),
        ReopenDialog(context, done), CloseOffDialog(context, open_measure),
    ]


def test_every_form_with_a_date_reads_what_is_typed(qtbot, context) -> None:  # type: ignore[no-untyped-def]
    dialogs = _dialogs(context)
    seen = set()
    for dialog in dialogs:
        qtbot.addWidget(dialog)
        fields = dialog.findChildren(DateEdit)
        assert fields, f"{type(dialog).__name__} has no typed date field"
        fields = [f for f in fields if f.isEnabled()]  # a disabled one (no 整改时限 ticked) takes no typing
        assert fields
        for number, field in enumerate(fields):
            spelling = SPELLINGS[number % len(SPELLINGS)]
            type_date(field, spelling)
            assert field.value() == date(2025, 10, 9), (type(dialog).__name__, field.label, spelling)
            assert "2025年10月9日" in field.hint.text()
        seen.add(f"{type(dialog).__module__}.{type(dialog).__name__}")
    assert len(dialogs) == 21 and len(seen) == 19  # StepDialog thrice: 公示 and 培训 periods have dates of their own


def test_member_join_date_typed_into_an_empty_field_is_saved(qtbot, context) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.ui.roster.member_dialog import MemberDialog

    refs = list_orgs(context.db)
    dialog = MemberDialog(context, [r for r in refs if r.kind == "党支部"], [r for r in refs if r.kind == "党小组"])
    qtbot.addWidget(dialog)
    dialog.name.setText("钱程")  # a Chinese name arrives through the input method
    number = make_id_number("140202", date(1980, 5, 17), 17, male=False)
    type_text(dialog.id_number, number)
    assert dialog.birth_date.value() == date(1980, 5, 17) and dialog.sex.currentText() == "女"  # filled from the ID
    dialog.category.setCurrentText("正式党员")
    type_date(dialog.join_date, "2015-07-01")
    assert dialog.join_date.text() == "2015-07-01"  # not "20150701", as the old field showed it
    type_date(dialog.full_date, "2016年7月1日")
    dialog.save()
    assert dialog.saved is not None, [lbl.text() for lbl in dialog.errors.values() if lbl.text()]
    assert (dialog.saved.join_date, dialog.saved.full_date) == (date(2015, 7, 1), date(2016, 7, 1))


def test_id_number_never_overwrites_what_was_typed(qtbot, context) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.ui.roster.member_dialog import MemberDialog

    refs = list_orgs(context.db)
    dialog = MemberDialog(context, [r for r in refs if r.kind == "党支部"], [r for r in refs if r.kind == "党小组"])
    qtbot.addWidget(dialog)
    type_date(dialog.birth_date, "1980.1.2")
    type_text(dialog.id_number, make_id_number("140202", date(1980, 5, 17), 3, male=True))
    assert dialog.birth_date.value() == date(1980, 1, 2) and dialog.sex.currentText() == "男"
    dialog.save()  # the mismatch is the service's to report, beside the field
    assert dialog.saved is None and dialog.errors["出生日期"].text()


def test_an_unreadable_date_keeps_the_member_form_open(qtbot, context) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.ui.roster.member_dialog import MemberDialog

    refs = list_orgs(context.db)
    dialog = MemberDialog(context, [r for r in refs if r.kind == "党支部"], [r for r in refs if r.kind == "党小组"])
    qtbot.addWidget(dialog)
    dialog.name.setText("孙立")
    type_text(dialog.id_number, make_id_number("140202", date(1990, 2, 3), 5, male=True))
    type_date(dialog.join_date, "2015-7-")
    dialog.save()
    assert dialog.saved is None and dialog.result() == 0
    assert not dialog.join_date.error.isHidden()


def _step_dialog(context: AppContext, step: int):  # type: ignore[no-untyped-def]
    from branchdesk.ui.development.dialogs import StepDialog

    case = next(c for c in list_cases(context.db) if step not in c.steps and not c.closed and c.on(1))
    return case, StepDialog(context, case, step)


def test_step_typed_date_is_saved(qtbot, context) -> None:  # type: ignore[no-untyped-def]
    case, dialog = _step_dialog(context, 25)
    qtbot.addWidget(dialog)
    day = date.today() - timedelta(days=1)
    type_date(dialog.on, f"{day.year}年{day.month}月{day.day}日")
    dialog._accept()
    assert dialog.result() == QDialog.DialogCode.Accepted, dialog.error.text()
    saved = next(c for c in list_cases(context.db) if c.id == case.id)
    assert saved.on(25) == day


def test_step_dialog_never_closes_without_saving_or_saying_why(qtbot, context) -> None:  # type: ignore[no-untyped-def]
    case, dialog = _step_dialog(context, 25)
    qtbot.addWidget(dialog)
    dialog._accept()  # nothing typed
    assert dialog.result() != QDialog.DialogCode.Accepted and "完成日期" in dialog.error.text()
    type_date(dialog.on, "2025-1")  # half a date
    dialog._accept()
    assert dialog.result() != QDialog.DialogCode.Accepted and dialog.error.text()
    assert not dialog.on.error.isHidden()
    type_date(dialog.on, (date.today() + timedelta(days=30)).strftime("%Y%m%d"))  # the future: refused, said
    dialog._accept()
    assert dialog.result() != QDialog.DialogCode.Accepted and "晚于今天" in dialog.error.text()
    assert next(c for c in list_cases(context.db) if c.id == case.id).on(25) is None


def test_step_documents_need_the_date_they_were_received(qtbot, context) -> None:  # type: ignore[no-untyped-def]
    assert STEP_BY_NUMBER[25].documents
    case, dialog = _step_dialog(context, 25)
    qtbot.addWidget(dialog)
    dialog.documents.setText("入党申请书")
    dialog.remark.setPlainText("材料已交")
    dialog._accept()
    assert dialog.result() != QDialog.DialogCode.Accepted and "材料" in dialog.error.text()


def test_meeting_date_typed_in_chinese_is_saved(qtbot, context) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.ui.meetings.meeting_dialog import MeetingDialog

    branch = list_orgs(context.db, OrgKind.BRANCH)[0]
    data = prefill(context.db, MeetingKind.LECTURE.value, branch_id=branch.id, on=date.today())
    dialog = MeetingDialog(context, data)
    qtbot.addWidget(dialog)
    day = date.today() - timedelta(days=2)
    type_date(dialog.date, f"{day.year}年{day.month}月{day.day}日")
    dialog.topic.setText("学习党章")
    dialog.lecturer.setText("王书记")
    dialog.content.setPlainText("学习党章第一章。")
    dialog.save()
    assert dialog.saved is not None, dialog.errors.text()
    assert dialog.saved.date == day
    type_date(dialog.date, "2025-02-30")
    dialog.save()  # an impossible day is named, never replaced by today
    assert "不是有效日期" in dialog.errors.text()


def test_leave_and_post_dates_are_typed(qtbot, context, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.ui.roster.leave_dialog import LeaveDialog

    member = list_members(context.db)[-1]
    dialog = LeaveDialog(context, member)
    qtbot.addWidget(dialog)
    day = date.today() - timedelta(days=10)
    type_date(dialog.when, day.strftime("%Y.%m.%d"))
    dialog.save()
    assert dialog.result() == QDialog.DialogCode.Accepted
    left = {m.id: m for m in list_members(context.db, include_left=True)}[member.id]
    assert left.left_date == day


def test_enter_in_a_date_confirms_it_and_moves_on_without_saving_the_form(qtbot) -> None:  # type: ignore[no-untyped-def]
    """People press Enter after typing a date: the date is written the standard way and the next field
    gets the cursor; the form's default button (保存) is not pressed."""
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QDialogButtonBox, QLineEdit, QVBoxLayout

    dialog = QDialog()
    layout = QVBoxLayout(dialog)
    field = DateEdit(None, dialog)
    after = QLineEdit(dialog)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save)
    buttons.accepted.connect(dialog.accept)
    for widget in (field, after, buttons):
        layout.addWidget(widget)
    buttons.button(QDialogButtonBox.StandardButton.Save).setDefault(True)
    qtbot.addWidget(dialog)
    dialog.show()
    field.edit.setFocus()
    QTest.keyClicks(field.edit, "2025/10/9")
    QTest.keyClick(field.edit, Qt.Key.Key_Return)
    assert dialog.result() == 0 and dialog.isVisible()  # not saved
    assert field.text() == "2025-10-09" and field.value() == date(2025, 10, 9)
    assert dialog.focusWidget() is after
    # the reading has room from the start: the field is as wide before and after it appears
    assert field.hint.minimumWidth() >= field.hint.fontMetrics().horizontalAdvance("2025年10月9日 星期四")


def _latest_march_19() -> date:
    """A new 学习 record's "3月19日": this year's, or last year's before 19 March (never after today, TY-7)."""
    this_year = date(date.today().year, 3, 19)
    return this_year if this_year <= date.today() else date(date.today().year - 1, 3, 19)


def test_the_forms_of_a_dated_record_read_a_month_and_day_in_its_year(qtbot, context) -> None:  # type: ignore[no-untyped-def]
    """"3月19日" as a 会议记录本 writes it (trial 10, T10-6): the 学习培训 and 帮扶活动 forms read it in the
    year of the record they hold, as the meeting form does; a form with no year refuses it saying so."""
    from branchdesk.ui.meetings.study_dialog import StudyRecordDialog
    from branchdesk.ui.mentoring.activity_dialog import ActivityDialog

    pair = next(p for p in list_pairs(context.db) if p.status == PairStatus.ACTIVE.value)
    study = StudyRecordDialog(context, None, None)
    activity = ActivityDialog(context, pair, today=date(2025, 11, 20))
    for dialog, field, meant in ((study, study.day, _latest_march_19()),
                                 (activity, activity.activity_date, date(2025, 3, 19))):
        qtbot.addWidget(dialog)
        type_date(field, "3月19日")
        assert field.problem() == "" and field.value() == meant
        assert field.text() == meant.isoformat()  # left: written out in full


def test_a_date_field_stays_beside_its_label_in_a_form_with_room_to_spare(qtbot, demo_db) -> None:  # type: ignore[no-untyped-def]
    """第19步 shown taller than it needs (the size remembered from a longer step's form): the date
    field keeps its own height, level with its label, rather than taking the spare room."""
    from branchdesk.ui.development.dialogs import StepDialog

    case = next(c for c in list_cases(demo_db) if 19 not in c.steps)
    dialog = StepDialog(AppContext(demo_db), case, 19)
    qtbot.addWidget(dialog)
    dialog.on.setText(f"{date.today():%Y%m%d}")
    dialog.show()
    dialog.resize(430, 420)
    qtbot.wait(20)
    assert dialog.on.height() <= dialog.on.sizeHint().height()
