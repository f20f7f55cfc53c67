"""The 结对帮扶 page driven as a user would: filter the list, open a pair, add a log entry through the
dialog (with an error shown first), record an outcome and an evaluation, add a pair, and read the
year's figures; every table model passes Qt's model tester."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QThreadPool

from branchdesk.domain.findings import Finding, Severity
from branchdesk.domain.mentoring.records import PairStatus
from branchdesk.services.mentoring.log import list_activities
from branchdesk.services.mentoring.records import get_pair, list_pairs
from branchdesk.services.roster.records import list_members
from branchdesk.ui.context import AppContext
from branchdesk.ui.mentoring.activity_dialog import ActivityDialog
from branchdesk.ui.mentoring.mentoring_page import MentoringPage
from branchdesk.ui.mentoring.pair_dialog import PairDialog
from branchdesk.ui.mentoring.result_dialogs import EvaluationDialog, OutcomeDialog, StatusDialog
from branchdesk.ui.navigation import area
from tests.ui_typing import type_date

pytestmark = pytest.mark.usefixtures("message_boxes")  # no box may block a test


@pytest.fixture
def page(qtbot, demo_db):  # type: ignore[no-untyped-def]
    widget = MentoringPage(AppContext(demo_db))
    qtbot.addWidget(widget)
    widget.refresh()
    return widget


def test_page_is_registered() -> None:
    assert area("mentoring").page() is MentoringPage


def test_models_pass_qt_model_tester(page, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    assert page.model.rowCount() == 20
    qtmodeltester.check(page.model)
    qtmodeltester.check(page.proxy)
    page.select_pair(page.model.row_at(0).id)
    for model in (page.panel.activities, page.panel.outcomes, page.panel.evaluations, page.panel.activity_proxy):
        qtmodeltester.check(model)
    page.tabs.setCurrentIndex(1)
    page.figures.year.setValue(2026)
    qtmodeltester.check(page.figures.model)


def test_filters_kind_branch_status_mentor(page) -> None:  # type: ignore[no-untyped-def]
    def shown():  # type: ignore[no-untyped-def]
        return [page.proxy.record_at(r) for r in range(page.proxy.rowCount())]

    kind = page.combos["kind"]
    kind.setCurrentIndex(kind.findText("党员联系班级"))
    assert len(shown()) == 4 and all(p.kind == "党员联系班级" for p in shown())
    kind.setCurrentIndex(0)
    branch = page.combos["branch"]
    branch.setCurrentIndex(branch.findText("高二年级党支部"))
    assert len(shown()) == 5 and {p.branch for p in shown()} == {"高二年级党支部"}
    branch.setCurrentIndex(0)
    status = page.combos["status"]
    status.setCurrentIndex(status.findText("中止"))
    assert [p.stop_reason for p in shown()] == ["学生转学"]
    status.setCurrentIndex(0)
    mentor = page.combos["mentor"]
    mentor.setCurrentIndex(1)
    assert shown() and {p.mentor_id for p in shown()} == {mentor.currentData()}
    mentor.setCurrentIndex(0)
    page.search.setText("班")
    assert all("班" in p.mentee_label for p in shown())
    assert f"共 {page.model.rowCount()} 对" in page.count_label.text()


def test_add_log_entry_through_the_dialog(page, qtbot, monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    pair = next(p for p in page.model.rows() if p.status == "进行中")
    page.select_pair(pair.id)
    assert page.panel.pair is not None and page.panel.pair.id == pair.id
    before = page.panel.activities.rowCount()
    photo = tmp_path / "听课记录.jpg"
    photo.write_bytes(b"\xff\xd8 photo")

    def fill_and_save(dialog: ActivityDialog) -> int:
        qtbot.addWidget(dialog)
        type_date(dialog.activity_date, f"{pair.start_date.year - 1}.1.1")  # before the pair: refused
        dialog.save()
        assert dialog.result() == 0 and dialog.errors["活动日期"].isVisibleTo(dialog)
        assert "早于结对开始日期" in dialog.errors["活动日期"].text()
        type_date(dialog.activity_date, f"{date.today():%Y/%m/%d}")
        dialog.kind.setCurrentText("磨课")
        dialog.hours.setValue(2.5)
        dialog.dimension.setCurrentIndex(dialog.dimension.findText("业务"))
        dialog.note.setPlainText("指导《背影》教学设计")
        dialog.add_files([photo])
        qtbot.keyClick(dialog.note, Qt.Key.Key_End)
        dialog.save()
        return dialog.result()

    monkeypatch.setattr(ActivityDialog, "exec", fill_and_save)
    qtbot.mouseClick(page.panel.buttons["登记活动"], Qt.MouseButton.LeftButton)

    assert page.panel.activities.rowCount() == before + 1
    newest = page.panel.activities.row_at(0)
    assert (newest.kind, newest.hours, newest.dimension, newest.attachments) == ("磨课", 2.5, "业务", ("听课记录.jpg",))
    assert list_activities(page.context.db, pair.id)[0].note == "指导《背影》教学设计"
    refreshed = get_pair(page.context.db, pair.id)
    assert refreshed.last_activity == date.today() and refreshed.activity_count == pair.activity_count + 1
    row = next(r for r in range(page.proxy.rowCount()) if page.proxy.record_at(r).id == pair.id)
    assert page.proxy.record_at(row).activity_count == pair.activity_count + 1  # the list shows it too
    assert "磨课" in page.panel.activity_proxy.index(0, 1).data()


def test_outcome_evaluation_and_stop(page, monkeypatch, message_boxes) -> None:  # type: ignore[no-untyped-def]
    pair = next(p for p in page.model.rows() if p.status == "进行中" and p.kind == "青蓝工程师徒结对")
    page.select_pair(pair.id)

    def outcome(dialog: OutcomeDialog) -> int:
        dialog.kind.setCurrentText("公开课")
        dialog.description.setText("校级公开课《春》")
        dialog.save()
        return dialog.result()

    def evaluation(dialog: EvaluationDialog) -> int:
        dialog.year.setValue(date.today().year)
        dialog.grade.setCurrentText("优秀")
        dialog.comment.setPlainText("帮扶扎实，成效明显")
        dialog.save()
        return dialog.result()

    monkeypatch.setattr(OutcomeDialog, "exec", outcome)
    monkeypatch.setattr(EvaluationDialog, "exec", evaluation)
    page.panel.add_outcome()
    assert page.panel.outcomes.row_at(page.panel.outcomes.rowCount() - 1).description == "校级公开课《春》"
    page.panel.evaluate()
    assert [(e.grade, e.comment) for e in page.panel.evaluations.rows()][-1] == ("优秀", "帮扶扎实，成效明显")

    def stop_without_reason(dialog: StatusDialog) -> int:
        dialog.save()  # no reason: refused, the user is told why
        assert dialog.result() == 0
        dialog.reason.setText("徒弟调离本校")
        dialog.save()
        return dialog.result()

    monkeypatch.setattr(StatusDialog, "exec", stop_without_reason)
    page.change_status(PairStatus.STOPPED)
    assert any("中止原因" in text for text in message_boxes.texts)
    assert get_pair(page.context.db, pair.id).stop_reason == "徒弟调离本校"
    assert "徒弟调离本校" in page.panel.info.text()


def test_add_pair_dialog(page, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    def fill(dialog: PairDialog) -> int:
        dialog.kind.setCurrentText("党员帮扶学生")
        dialog.branch.setCurrentIndex(dialog.branch.findText("行政后勤党支部"))
        dialog.category.setCurrentText("留守儿童")
        dialog.save()  # no name yet
        assert dialog.result() == 0 and "不能为空" in dialog.errors["结对对象"].text()
        dialog.mentee.setText("刘小花")
        dialog.mentee_class.setText("初一（2）班")
        dialog.save()
        return dialog.result()

    monkeypatch.setattr(PairDialog, "exec", fill)
    count = page.model.rowCount()
    page.add_pair()
    assert page.model.rowCount() == count + 1
    added = page.panel.pair
    assert added is not None and (added.mentee_name, added.mentee_class, added.branch) == (
        "刘小花", "初一（2）班", "行政后勤党支部")
    # the mentor list offers the chosen branch's members first
    assert added.mentor_id in {m.id for m in list_members(page.context.db) if m.branch == "行政后勤党支部"}
    assert len(list_pairs(page.context.db)) == count + 1


def test_home_reminder_opens_its_pair(page) -> None:  # type: ignore[no-untyped-def]
    pair = page.model.row_at(3)
    finding = Finding(Severity.WARNING, f"结对“{pair.mentor}—{pair.mentee_label}（{pair.kind}）”已 61 天没有帮扶活动",
                      branch=pair.branch, person=pair.mentor, area="结对帮扶")
    page.open_item(finding)
    assert page.panel.pair is not None and page.panel.pair.id == pair.id


def test_year_figures_tab(page) -> None:  # type: ignore[no-untyped-def]
    page.tabs.setCurrentIndex(1)
    page.figures.year.setValue(2026)
    model = page.figures.model
    titles = model.column_titles()
    assert titles[:4] == ["党支部", "青蓝工程师徒结对", "党员帮扶学生", "党员联系班级"]
    total = model.row_at(model.rowCount() - 1)
    assert total.branch == "合计" and total.pairs == 20 and total.activities > 0
    assert "全校共有结对 20 对" in page.figures.note.text()
    assert isinstance(page.figures.table.model().index(0, 0).data(), str)


def test_settings_dialog_adds_a_kind_and_keeps_used_items(page, monkeypatch, message_boxes) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.services.mentoring.lists import get_inactivity_days, get_lists
    from branchdesk.ui.mentoring.lists_dialog import ListsDialog

    def add_kind(dialog: ListsDialog) -> int:
        edit = dialog.edits["pair_kinds"]
        edit.setPlainText(edit.toPlainText() + "\n党员联系宿舍")
        dialog.days.setValue(45)
        dialog.save()
        return dialog.result()

    monkeypatch.setattr(ListsDialog, "exec", add_kind)
    page.edit_lists()
    assert get_lists(page.context.db).pair_kinds[-1] == "党员联系宿舍"
    assert get_inactivity_days(page.context.db) == 45
    assert page.combos["kind"].findText("党员联系宿舍") > 0

    def drop_used(dialog: ListsDialog) -> int:
        dialog.edits["activity_kinds"].setPlainText("听课")  # 谈心、家访 … are in the demo log
        dialog.days.setValue(90)
        dialog.save()
        return dialog.result()

    monkeypatch.setattr(ListsDialog, "exec", drop_used)
    page.edit_lists()
    assert any("不能从活动形式列表中删除" in text for text in message_boxes.texts)
    assert "谈心" in get_lists(page.context.db).activity_kinds
    assert get_inactivity_days(page.context.db) == 45  # nothing of the refused save was written


def test_editing_a_pair_keeps_a_mentor_who_has_left(page, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.domain.vocabulary import MoveKind
    from branchdesk.services.roster.records import mark_left

    pair = next(p for p in page.model.rows() if p.status == "进行中")
    mark_left(page.context.db, pair.mentor_id, MoveKind.TRANSFER_OUT, date.today())
    page.reload()

    def save_unchanged(dialog: PairDialog) -> int:
        assert dialog.mentor.currentData() == pair.mentor_id
        dialog.goals.setPlainText("站稳讲台")
        dialog.save()
        return dialog.result()

    monkeypatch.setattr(PairDialog, "exec", save_unchanged)
    page.select_pair(pair.id)
    page.edit_pair()
    after = get_pair(page.context.db, pair.id)
    assert (after.mentor_id, after.goals) == (pair.mentor_id, "站稳讲台")


def test_activity_attachments_saved_out_without_overwriting(page, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.domain.mentoring.log import ActivityInput
    from branchdesk.services.mentoring.log import activity_files, save_activity

    pair = next(p for p in page.model.rows() if p.status == "进行中")
    note = tmp_path / "谈心记录.txt"
    note.write_bytes("谈心内容".encode())
    entry = save_activity(page.context.db, pair.id, ActivityInput(date.today(), "谈心", 1), files=[note])
    out = tmp_path / "导出"
    out.mkdir()
    (out / "谈心记录.txt").write_text("已有文件")
    written = page.panel.write_files(out, activity_files(page.context.db, entry.id))
    assert [p.name for p in written] == ["谈心记录（2）.txt"]
    assert written[0].read_bytes() == "谈心内容".encode() and (out / "谈心记录.txt").read_text() == "已有文件"


def test_reminders_on_home_page_open_the_pair(qtbot, demo_db, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The demo's two reminders reach 首页 through run_checks; opening one lands on its pair."""
    import branchdesk.ui.home_page as home
    from branchdesk.ui.main_window import MainWindow

    class Day(date):
        @classmethod
        def today(cls):  # type: ignore[no-untyped-def]
            return cls(2026, 11, 20)  # the demo's "today"

    monkeypatch.setattr(home, "date", Day)
    context = AppContext(demo_db)
    context.pool = QThreadPool()  # its own pool: a task another test left behind cannot hold it up
    window = MainWindow(context)
    qtbot.addWidget(window)
    page = window.page("home")
    with qtbot.waitSignal(page.loaded, timeout=120_000):
        page.refresh()  # the checks run off the GUI thread
    rows = [item.finding for item in page.item_rows() if item.finding.area == "结对帮扶"]
    assert {f.rule for f in rows} == {"MENTOR-NO-ACTIVITY", "MENTOR-END-NO-EVALUATION"}
    window.open_area("mentoring", rows[0])
    mentoring = window.page("mentoring")
    assert isinstance(mentoring, MentoringPage)
    assert mentoring.panel.pair is not None and mentoring.panel.pair.mentor == rows[0].person
    context.pool.waitForDone()


def test_export_from_the_page(page, monkeypatch, tmp_path: Path, message_boxes) -> None:  # type: ignore[no-untyped-def]
    import openpyxl
    from PySide6.QtWidgets import QFileDialog, QInputDialog

    out = tmp_path / "台账.xlsx"
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: ("全部结对", True))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    page.export_excel()
    assert any("20 对结对" in text for text in message_boxes.texts)
    sheet = openpyxl.load_workbook(out).active
    assert sheet.max_row - 3 == 20 and sheet.cell(3, 4).value == "导师（帮扶人）"


def test_activity_attachments_named_as_paths_are_saved_inside_the_folder(page, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Trial R, TR-1: a name stored as it came in a 数据包 ("../../x", "/abs/x.sh") writes only its bare
    file name, in the folder chosen (here with spaces and Chinese characters), nothing outside it."""
    work = tmp_path / "工作 区"
    chosen = work / "我的 文档" / "帮扶 附件"
    chosen.mkdir(parents=True)
    planted = work / "TR_escape_abs.sh"
    written = page.panel.write_files(chosen, [("../../TR_escape_rel.txt", b"a"), (str(planted), b"b")])
    assert [p.name for p in written] == ["TR_escape_rel.txt", "TR_escape_abs.sh"]
    assert {p for p in work.rglob("*") if p.is_file()} == {chosen / "TR_escape_rel.txt", chosen / "TR_escape_abs.sh"}
