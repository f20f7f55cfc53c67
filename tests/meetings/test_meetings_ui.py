"""The 三会一课 and 主题党日 pages driven as a secretary would: fast entry of a meeting from the last one
of its kind with the keyboard, the quorum warning before saving, 定稿 then an edit with a reason,
the calendar findings, the plan and talks tabs; every table model passes Qt's model tester."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog

from branchdesk.domain.dates import add_months
from branchdesk.domain.findings import Finding
from branchdesk.domain.meetings.records import MeetingKind
from branchdesk.services import session
from branchdesk.services.meetings.records import get_meeting, list_meetings, prefill
from branchdesk.ui.context import AppContext
from branchdesk.ui.meetings.meeting_dialog import MeetingDialog
from branchdesk.ui.meetings.meetings_page import MeetingsPage, ThemeDayPage
from branchdesk.ui.navigation import area

K = MeetingKind


pytestmark = pytest.mark.usefixtures("message_boxes")  # no box may block a test


@pytest.fixture
def demo_db(demo_file, tmp_path: Path):  # type: ignore[no-untyped-def]
    """A copy of the demo school as of today (the calendar's current periods matter here)."""
    copy = tmp_path / "演示 副本.sqlite"
    shutil.copyfile(demo_file(date.today()), copy)
    database = session.open(copy)
    yield database
    database.close()


@pytest.fixture
def page(qtbot, demo_db):  # type: ignore[no-untyped-def]
    widget = MeetingsPage(AppContext(demo_db))
    qtbot.addWidget(widget)
    widget.refresh()
    return widget


def test_areas_registered() -> None:
    assert area("meetings").page() is MeetingsPage
    assert area("themeday").page() is ThemeDayPage


def test_list_models_pass_model_tester_and_filter(page, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    qtmodeltester.check(page.model)
    qtmodeltester.check(page.proxy)
    total = page.proxy.rowCount()
    assert total > 100
    page.kind.setCurrentIndex(page.kind.findData(K.LECTURE.value))
    assert 0 < page.proxy.rowCount() < total
    assert all(K.LECTURE.value in page.proxy.record_at(r).kinds for r in range(page.proxy.rowCount()))
    page.kind.setCurrentIndex(0)
    page.search.setText("党章学习专题党课")
    assert page.proxy.rowCount() >= 1 and "党章" in page.proxy.record_at(0).topic


def test_keyboard_entry_of_a_meeting_from_the_last_one(page, qtbot, qtmodeltester, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    db = page.context.db
    before = len(list_meetings(db, year=None))

    def fill_and_save(dialog: MeetingDialog) -> int:
        dialog.show()
        qtmodeltester.check(dialog.sheet_model)
        assert dialog.kinds() == (K.COMMITTEE.value,)
        assert dialog.host.text() and dialog.sheet_model.rowCount() == 5  # prefilled from the last 支委会
        dialog.topic.setText("研究十二月党建工作")  # QTest cannot type CJK; an IME would
        dialog.start.clear()
        qtbot.keyClicks(dialog.start, "16:00")
        dialog.end.clear()
        qtbot.keyClicks(dialog.end, "17:30")
        dialog.sheet.setFocus()
        dialog.sheet.selectRow(1)
        qtbot.keyClick(dialog.sheet, Qt.Key.Key_2)  # 请假
        index = dialog.sheet_model.index(1, 3)
        dialog.sheet_model.setData(index, "外出培训")
        assert "请假 1 人" in dialog.figures.text()
        qtbot.keyClick(dialog.sheet, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)  # 保存
        return dialog.result()

    monkeypatch.setattr(MeetingDialog, "exec", fill_and_save)
    dialog = page.new_meeting(K.COMMITTEE.value)
    assert dialog is not None and dialog.saved is not None, dialog.errors.text() if dialog else ""
    saved = get_meeting(db, dialog.saved.id)
    assert (saved.topic, saved.start_time, saved.end_time) == ("研究十二月党建工作", "16:00", "17:30")
    assert saved.present == 4 and "（请假：外出培训）" in saved.absentee_text
    assert len(list_meetings(db, year=None)) == before + 1
    assert page.selected() is not None and page.selected().id == saved.id


def test_quorum_failure_is_shown_before_saving(page, qtbot, message_boxes, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.ui.meetings import meeting_dialog

    db = page.context.db
    branch_id = page.branch_choices()[0][1]
    data = prefill(db, K.CONGRESS.value, branch_id=branch_id, on=date.today())
    dialog = MeetingDialog(page.context, data, None, page)
    qtbot.addWidget(dialog)
    dialog.has_vote.setChecked(True)
    dialog.load_roster()
    dialog.sheet_model.set_status(range(0, 14), "缺席")
    for row in range(14):
        dialog.sheet_model.setData(dialog.sheet_model.index(row, 3), "外出培训")
    assert "未超过半数" in dialog.quorum.text()
    asked: list[str] = []
    answer: list[str | None] = [None]
    monkeypatch.setattr(meeting_dialog, "ask_reason",
                        lambda _parent, findings, _what: asked.append(findings[0].rule) or answer[0])
    dialog.save()
    assert dialog.saved is None and asked == ["VOTE-QUORUM"]
    answer[0] = "经上级党委同意"
    dialog.save()
    assert dialog.saved is not None and dialog.saved.has_vote


def test_finalised_record_edit_asks_for_reason(page, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    db = page.context.db
    record = next(get_meeting(db, m.id) for m in list_meetings(db) if m.finalised)
    dialog = MeetingDialog(page.context, record.to_input(), record, page)
    qtbot.addWidget(dialog)
    assert "定稿" in dialog.history.toPlainText()
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("记录人笔误", True))
    dialog.place.setText("学校报告厅")
    dialog.save()
    assert dialog.saved is not None
    history = get_meeting(db, record.id).history
    assert history[-1].reason == "记录人笔误" and "学校报告厅" in history[-1].changes


def test_calendar_plan_and_talk_tabs(page, qtbot, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    calendar = page.calendar
    gap = add_months(date.today().replace(day=1), -3)  # the demo leaves out 高二's 支委会 of that month
    calendar.year.setValue(gap.year)
    with qtbot.waitSignal(calendar.loaded, timeout=20000):
        page.tabs.setCurrentWidget(calendar)
    qtmodeltester.check(calendar.grid_model)
    qtmodeltester.check(calendar.findings_proxy)
    assert calendar.grid_model.rowCount() > 0
    branch = calendar.branch.findText("高二年级党支部")
    with qtbot.waitSignal(calendar.loaded, timeout=20000):
        calendar.branch.setCurrentIndex(branch)
    found = {(f.meeting_type, f.period, f.severity.value) for f in calendar.findings_model.rows()}
    assert (K.COMMITTEE.value, f"{gap:%Y-%m}", "error") in found  # the demo's gap
    page.tabs.setCurrentWidget(page.plan)
    qtmodeltester.check(page.plan.model)
    assert page.plan.model.rowCount() >= 12
    assert page.talks is not None
    page.tabs.setCurrentWidget(page.talks)
    qtmodeltester.check(page.talks.model)
    assert "尚缺" in page.talks.summary.text()


def test_theme_day_page_is_narrowed(qtbot, demo_db) -> None:  # type: ignore[no-untyped-def]
    widget = ThemeDayPage(AppContext(demo_db))
    qtbot.addWidget(widget)
    widget.refresh()
    assert widget.proxy.rowCount() > 0
    assert all(K.THEME_DAY.value in widget.proxy.record_at(r).kinds for r in range(widget.proxy.rowCount()))
    assert not widget.kind.isEnabled() and widget.talks is None
    widget.calendar.year.setValue(date.today().year)
    with qtbot.waitSignal(widget.calendar.loaded, timeout=20000):
        widget.tabs.setCurrentWidget(widget.calendar)
    assert {f.meeting_type for f in widget.calendar.findings_model.rows()} <= {K.THEME_DAY.value}


def test_annotating_a_gap_and_withdrawing_it(page, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    calendar = page.calendar
    gap = add_months(date.today().replace(day=1), -3)
    calendar.year.setValue(gap.year)
    with qtbot.waitSignal(calendar.loaded, timeout=20000):
        page.tabs.setCurrentWidget(calendar)
    with qtbot.waitSignal(calendar.loaded, timeout=20000):
        calendar.branch.setCurrentIndex(calendar.branch.findText("高二年级党支部"))

    def select_gap() -> Finding:
        for row in range(calendar.findings_proxy.rowCount()):
            finding = calendar.findings_proxy.record_at(row)
            if finding.meeting_type == K.COMMITTEE.value and finding.period == f"{gap:%Y-%m}":
                calendar.findings.selectRow(row)
                return finding
        raise AssertionError("gap not listed")

    assert select_gap().severity.value == "error"
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("书记外出学习，已于下月初补开", True))
    with qtbot.waitSignal(calendar.loaded, timeout=20000):
        calendar.annotate()
    annotated = select_gap()
    assert annotated.severity.value == "info" and "已于下月初补开" in annotated.message
    with qtbot.waitSignal(calendar.loaded, timeout=20000):
        calendar.withdraw()
    assert select_gap().severity.value == "error"


def test_a_cancelled_import_is_no_failure(qtbot, demo_db, message_boxes, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """取消 during an import's check or its writing says so plainly: no 导入失败 box with an English
    class name (the worker's Cancelled reaches the dialog by its type)."""
    from branchdesk.services.meetings.excel import export_meetings, import_meetings
    from branchdesk.ui.import_dialog import ImportDialog

    ledger = tmp_path / "三会一课台账.xlsx"
    export_meetings(demo_db, ledger, year=date.today().year)
    before = len(list_meetings(demo_db))

    def cancelled_import(path, dry_run, progress, _cancelled):  # type: ignore[no-untyped-def]
        return import_meetings(demo_db, path, dry_run=dry_run, progress=progress, cancelled=lambda: True)

    dialog = ImportDialog(AppContext(demo_db), "导入三会一课台账", cancelled_import)
    qtbot.addWidget(dialog)
    dialog.check(ledger)  # the dry run
    qtbot.waitUntil(lambda: dialog.summary.text() == "已取消导入，没有写入任何数据", timeout=30_000)
    dialog.summary.clear()
    dialog.run_import()  # the writing
    qtbot.waitUntil(lambda: dialog.summary.text() == "已取消导入，没有写入任何数据", timeout=30_000)
    assert message_boxes.texts == []  # neither 导入失败 nor anything else
    assert not dialog.import_button.isEnabled() and len(list_meetings(demo_db)) == before


def test_an_empty_list_says_what_to_do(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    """A new database's 会议记录 says how to begin, not a bare table (a new user met empty tables that
    said nothing)."""
    empty = MeetingsPage(AppContext(db))
    qtbot.addWidget(empty)
    empty.refresh()
    empty.resize(1200, 600)
    empty.show()
    assert empty.proxy.rowCount() == 0 and "还没有会议记录" in empty.table.empty_text()
    empty.table.viewport().grab()  # paints the hint


def test_a_search_that_hides_every_row_says_so(page, qtbot) -> None:  # type: ignore[no-untyped-def]
    assert page.table.empty_text() == ""
    qtbot.keyClicks(page.search, "zzqq-xyz")  # QTest types ASCII only
    qtbot.waitUntil(lambda: page.proxy.rowCount() == 0, timeout=3000)  # the search waits for typing to pause
    assert "没有符合搜索或筛选条件" in page.table.empty_text()
