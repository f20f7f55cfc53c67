"""The 学习学时 tab of the 三会一课 page as a secretary uses it: members' 学时 with the shortfalls in red,
search and 只看未达标, a record added through the form (problems shown beside their fields), changed,
moved to the recycle bin, the ledger exported off the GUI thread, and a check finding that opens the
tab on its branch. Both table models pass Qt's model tester."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from branchdesk.db.models import Meeting, MeetingAttendance, MeetingKindLink
from branchdesk.domain.findings import Finding, Severity
from branchdesk.domain.meetings.records import MeetingKind
from branchdesk.domain.study_hours.records import StudyInput
from branchdesk.services.study_hours.records import list_study_records, save_study_record
from branchdesk.ui.context import AppContext
from branchdesk.ui.meetings.meetings_page import MeetingsPage
from branchdesk.ui.meetings.study_dialog import StudyRecordDialog
from branchdesk.ui.meetings.study_tab import StudyTab
from tests.meetings.helpers import BRANCH, OTHER, make_branch
from tests.ui_typing import type_date

YEAR = date.today().year


pytestmark = pytest.mark.usefixtures("message_boxes")  # no box may block a test


@pytest.fixture
def school(db):  # type: ignore[no-untyped-def]
    b = make_branch(db)
    with db.session() as session:  # one 主题党日 of 2 学时 everybody attended, on 1 January
        meeting = Meeting(branch_id=b.id, meeting_date=date(YEAR, 1, 1), start_time="15:30", end_time="17:00", topic="学习",
                          finalised_at=date(YEAR, 1, 2))  # a 定稿 record: drafts do not count
        session.add(meeting)
        session.flush()
        session.add(MeetingKindLink(meeting_id=meeting.id, kind=MeetingKind.THEME_DAY.value))
        session.add_all(MeetingAttendance(meeting_id=meeting.id, member_id=mid, name=name, status="出席")
                        for name, mid in b.members.items())
    save_study_record(db, StudyInput(b.members["王书记"], date(YEAR, 1, 1), "30", "党校培训", "中小学校党组织书记示范培训班",
                                     "市委党校"))
    return b


@pytest.fixture
def page(qtbot, db, school):  # type: ignore[no-untyped-def]
    widget = MeetingsPage(AppContext(db))
    qtbot.addWidget(widget)
    widget.refresh()
    assert widget.study is not None
    widget.tabs.setCurrentWidget(widget.study)
    assert widget.tabs.tabText(widget.tabs.currentIndex()) == "学习学时"
    return widget


def _row(tab: StudyTab, name: str) -> int:
    return next(r for r in range(tab.member_proxy.rowCount()) if tab.member_proxy.record_at(r).name == name)


def test_members_with_shortfalls_in_red_and_models_pass_the_tester(page, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    tab: StudyTab = page.study
    for model in (tab.members, tab.member_proxy, tab.records, tab.record_proxy):
        qtmodeltester.check(model)
    assert tab.members.rowCount() == 10  # nine in the branch, one retiree
    titles = tab.members.column_titles()
    short_col, met_col = titles.index("差额学时"), titles.index("是否达标")
    secretary, other = _row(tab, "王书记"), _row(tab, "赵一")
    assert tab.member_proxy.index(secretary, titles.index("合计学时")).data() == "32"
    assert tab.member_proxy.index(secretary, met_col).data() == "达标"
    assert tab.member_proxy.index(secretary, short_col).data(Qt.ItemDataRole.ForegroundRole) is None
    assert tab.member_proxy.index(other, short_col).data() == "30"
    assert tab.member_proxy.index(other, met_col).data() == "未达标"
    assert tab.member_proxy.index(other, short_col).data(Qt.ItemDataRole.ForegroundRole).color().name() == "#b00020"
    assert "达标 1 名，未达标 9 名" in tab.summary.text()
    tab.short_only.setChecked(True)
    assert tab.member_proxy.rowCount() == 9
    tab.search.setText("王书记")
    assert tab.member_proxy.rowCount() == 0 and tab.record_proxy.rowCount() == 1
    tab.short_only.setChecked(False)
    assert tab.member_proxy.rowCount() == 1
    tab.branch.setCurrentIndex(tab.branch.findText(OTHER))
    tab.search.clear()
    assert [tab.member_proxy.record_at(r).name for r in range(tab.member_proxy.rowCount())] == ["老党员"]
    assert tab.records.rowCount() == 0


def test_add_edit_and_delete_a_record_through_the_form(page, qtbot, db, school) -> None:  # type: ignore[no-untyped-def]
    tab: StudyTab = page.study
    dialog = StudyRecordDialog(tab.context, None, school.id, tab)
    qtbot.addWidget(dialog)
    assert dialog.members is not None  # a new record: the members ticked on the roster of its day (TK-10)
    dialog.members.set_all(False)
    dialog.hours.setText("0")
    dialog.title.setText("")
    dialog.save()
    assert not dialog.errors["参加人员"].isHidden() and dialog.errors["参加人员"].text() == "请勾选参加学习培训的党员"
    assert dialog.errors["学时"].text() == "学时应大于 0"
    assert dialog.errors["学习内容"].text() == "请填写学习内容（培训班或专题名称）"
    assert dialog.errors["学习形式"].text().startswith("请选择学习形式") and dialog.saved is None  # chosen, not defaulted
    type_date(dialog.day, f"{YEAR}0101")
    ticks = dialog.members.list
    next(ticks.item(r) for r in range(ticks.count()) if ticks.item(r).text() == "赵一").setCheckState(Qt.CheckState.Checked)
    dialog.hours.setText("12.5")
    dialog.form.setCurrentText("网络培训")
    dialog.title.setText("党纪学习教育专题网络培训")
    dialog.save()
    assert dialog.saved is not None and dialog.saved.name == "赵一" and dialog.saved.hours == Decimal("12.5")
    assert dialog.errors["学时"].isHidden()
    tab.reload()
    assert tab.records.rowCount() == 2
    assert tab.member_proxy.index(_row(tab, "赵一"), tab.members.column_titles().index("合计学时")).data() == "14.5"

    record = next(r for r in list_study_records(db, year=YEAR) if r.name == "赵一")
    edit = StudyRecordDialog(tab.context, record, school.id, tab)
    qtbot.addWidget(edit)
    assert (edit.member.currentData(), edit.hours.text(), edit.form.currentText()) == (record.member_id, "12.5", "网络培训")
    edit.hours.setText("16")
    edit.save()
    assert edit.saved is not None and edit.saved.hours == 16

    tab.reload()
    row = next(r for r in range(tab.record_proxy.rowCount()) if tab.record_proxy.record_at(r).name == "赵一")
    tab.record_table.selectRow(row)
    tab.delete()
    assert [r.name for r in list_study_records(db, year=YEAR)] == ["王书记"]
    assert [r.name for r in list_study_records(db, year=YEAR, deleted=True)] == ["赵一"]


def test_export_runs_off_the_gui_thread_and_writes_the_ledger(page, qtbot, tmp_path, monkeypatch, message_boxes) -> None:  # type: ignore[no-untyped-def]
    tab: StudyTab = page.study
    out = tmp_path / "学时台账.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    tab.branch.setCurrentIndex(tab.branch.findText(BRANCH))
    tab.export_excel()
    qtbot.waitUntil(lambda: any("导出完成" in m or "已导出" in m for m in message_boxes.texts), timeout=20_000)
    assert "已导出 9 名党员的学时和 1 条学习培训记录" in message_boxes.texts[-1]
    book = load_workbook(Path(out))
    assert book["学习学时台账"]["A1"].value == f"{YEAR}年度党员学习学时台账"


def test_a_finding_opens_the_tab_on_its_branch(page) -> None:  # type: ignore[no-untyped-def]
    page.tabs.setCurrentIndex(0)
    finding = Finding(Severity.WARNING, "……", rule="MTG-STUDY-HOURS", branch=BRANCH, period=str(YEAR), area="三会一课")
    page.open_item(finding)
    tab: StudyTab = page.study
    assert page.tabs.currentWidget() is tab
    assert tab.branch.currentText() == BRANCH and tab.year.value() == YEAR and tab.short_only.isChecked()
    assert tab.member_proxy.rowCount() == 8  # 王书记 meets the 32 学时
