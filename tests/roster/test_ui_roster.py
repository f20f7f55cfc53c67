"""The 组织与党员 page driven as a user would: search, filter, edit with a validation error shown,
add, mark as left; the table model passes Qt's model tester."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from branchdesk.domain.roster.records import MemberRecord
from branchdesk.services.roster.records import list_members
from branchdesk.ui.context import AppContext
from branchdesk.ui.main_window import MainWindow
from branchdesk.ui.navigation import AREAS
from branchdesk.ui.roster.leave_dialog import LeaveDialog
from branchdesk.ui.roster.member_dialog import MemberDialog
from branchdesk.ui.roster.roster_page import RosterPage

pytestmark = pytest.mark.usefixtures("message_boxes")  # no box may block a test


def test_model_passes_qt_model_tester(page, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    qtmodeltester.check(page.model)
    qtmodeltester.check(page.proxy)


def test_search_by_name_id_and_phone(page, qtbot) -> None:  # type: ignore[no-untyped-def]
    total = page.model.rowCount()
    assert total >= 120 and page.proxy.rowCount() == total
    target: MemberRecord = page.model.row_at(10)
    page.search.setText(target.name)  # QTest cannot type CJK characters; the IME would
    assert target.name in [page.proxy.record_at(r).name for r in range(page.proxy.rowCount())]
    page.search.clear()
    page.search.setText(target.id_number[-8:])  # hidden on screen, still searchable
    assert page.proxy.record_at(0).id == target.id
    page.search.setText(target.phone)
    assert page.proxy.rowCount() == 1
    assert f"显示 1 / 共 {total} 人" in page.count_label.text()


def test_filters_by_category_and_branch(page) -> None:  # type: ignore[no-untyped-def]
    page.category.setCurrentIndex(page.category.findText("预备党员"))
    probationary = [page.proxy.record_at(r) for r in range(page.proxy.rowCount())]
    assert probationary and all(m.category == "预备党员" for m in probationary)
    page.category.setCurrentIndex(0)
    tree = page.org_panel.tree
    committee = tree.topLevelItem(1)
    branch_item = committee.child(0)
    tree.setCurrentItem(branch_item)
    shown = {page.proxy.record_at(r).branch for r in range(page.proxy.rowCount())}
    assert shown == {branch_item.text(0)}
    assert page.proxy.rowCount() == int(branch_item.text(1))


def test_masking_and_reveal(page) -> None:  # type: ignore[no-untyped-def]
    column = page.model.column_titles().index("公民身份号码")
    assert "********" in page.proxy.index(0, column).data()
    page.reveal.setChecked(True)
    assert "*" not in page.proxy.index(0, column).data()


def test_sorting_by_a_column(page) -> None:  # type: ignore[no-untyped-def]
    column = page.model.column_titles().index("入党日期")
    page.table.sortByColumn(column, Qt.SortOrder.AscendingOrder)
    dates = [page.proxy.record_at(r).join_date for r in range(page.proxy.rowCount())]
    assert dates == sorted(dates)


def test_edit_shows_validation_inline_then_saves(page, qtbot, demo_db) -> None:  # type: ignore[no-untyped-def]
    member = page.model.row_at(0)
    refs = __import__("branchdesk.services.roster.organisation", fromlist=["list_orgs"]).list_orgs(demo_db)
    dialog = MemberDialog(page.context, [r for r in refs if r.kind == "党支部"], [r for r in refs if r.kind == "党小组"],
                          member)
    qtbot.addWidget(dialog)
    dialog.id_number.setText(member.id_number[:-1] + ("1" if member.id_number[-1] != "1" else "2"))
    dialog.phone.setText("123")
    dialog.save()
    assert not dialog.errors["公民身份号码"].isHidden()
    assert "校验位" in dialog.errors["公民身份号码"].text()
    assert "手机号" in dialog.errors["联系电话"].text()
    assert dialog.result() == 0  # still open
    dialog.id_number.setText(member.id_number)
    dialog.phone.setText("13800138000")
    dialog.position.setText("副校长")
    dialog.save()
    assert dialog.errors["公民身份号码"].isHidden()
    assert dialog.saved is not None and dialog.saved.position == "副校长"
    assert {m.id: m.position for m in list_members(demo_db)}[member.id] == "副校长"


def test_add_member_with_keyboard(page, qtbot, demo_db) -> None:  # type: ignore[no-untyped-def]
    refs = __import__("branchdesk.services.roster.organisation", fromlist=["list_orgs"]).list_orgs(demo_db)
    dialog = MemberDialog(page.context, [r for r in refs if r.kind == "党支部"], [r for r in refs if r.kind == "党小组"])
    qtbot.addWidget(dialog)
    dialog.name.setText("赵赟")
    qtbot.keyClicks(dialog.id_number, "11010519491231002x")
    dialog.join_date.set_value(date(1975, 7, 1))
    dialog.save()
    assert dialog.saved is not None
    assert dialog.saved.sex == "女" and dialog.saved.birth_date == date(1949, 12, 31)
    assert dialog.saved.id_number.endswith("X")


def test_mark_left_keeps_the_member(page, qtbot, demo_db) -> None:  # type: ignore[no-untyped-def]
    member = page.model.row_at(5)
    dialog = LeaveDialog(page.context, member)
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentIndex(dialog.kind.findText("转出"))
    dialog.counterpart.setText("示范市第一中学党支部")
    dialog.save()
    page.reload_members()
    assert member.id not in {m.id for m in page.model.rows()}
    page.include_left.setChecked(True)
    left = {m.id: m for m in page.model.rows()}[member.id]
    assert left.status == "转出" and left.left_date == date.today()


def test_main_window_lists_every_area_and_opens_roster(qtbot, demo_db) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(AppContext(demo_db))
    qtbot.addWidget(window)
    titles = [window.nav.item(i).text() for i in range(window.nav.count())]
    assert titles == ["首页", "组织与党员", "三会一课", "主题党日", "发展党员", "结对帮扶", "整改台账", "党费", "报表", "设置"]
    window.open_area("roster")
    assert isinstance(window.stack.currentWidget(), RosterPage)
    for row, area in enumerate(AREAS):
        window.nav.setCurrentRow(row)
        assert window.stack.currentWidget() is window.page(area.key)


def test_home_page_fills_in_from_a_background_check(qtbot, demo_db) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.services.checks import home_findings
    from branchdesk.ui.home_page import HomePage

    page = HomePage(AppContext(demo_db))
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.loaded, timeout=30_000):
        page.refresh()
    today = date.today()
    current = {f"{today:%Y-%m}", f"{today.year}-Q{(today.month - 1) // 3 + 1}"}
    expected = [f for f in home_findings(demo_db, today=today)  # this year's, and last year's open yearly items
                if f.severity != "info" or f.period in current or "已说明情况" in f.message]
    assert len(page.item_rows()) == len(expected)
    assert all(item.line for item in page.item_rows())
    assert page.tiles["问题"].number.text() == str(sum(f.severity == "error" for f in expected))


def test_left_member_can_be_reinstated_and_keeps_history(page, demo_db) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.services.roster.records import list_moves

    member = page.model.row_at(2)
    dialog = LeaveDialog(page.context, member)
    dialog.save()
    page.include_left.setChecked(True)
    row = next(r for r in range(page.proxy.rowCount()) if page.proxy.record_at(r).id == member.id)
    page.table.selectRow(row)
    page.mark_left()  # on a member who has left: 恢复在册 (the question box is patched to answer Yes)
    assert {m.id: m.status for m in list_members(demo_db)}[member.id] == "在册"
    assert [kind for kind, *_ in list_moves(demo_db, member.id)] == ["转出", "恢复在册"]


def test_member_history_dialog_lists_changes(page, qtbot, monkeypatch, demo_db) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.ui.settings.history_dialog import HistoryDialog

    member = page.model.row_at(1)
    refs = __import__("branchdesk.services.roster.organisation", fromlist=["list_orgs"]).list_orgs(demo_db)
    dialog = MemberDialog(page.context, [r for r in refs if r.kind == "党支部"], [r for r in refs if r.kind == "党小组"],
                          member)
    qtbot.addWidget(dialog)
    dialog.position.setText("教务主任")
    dialog.save()
    page.reload_members()
    page.table.selectRow(next(r for r in range(page.proxy.rowCount()) if page.proxy.record_at(r).id == member.id))
    shown: list[HistoryDialog] = []
    monkeypatch.setattr(HistoryDialog, "exec", lambda self: shown.append(self) or 0)
    page.show_history()
    rows = shown[0].model.rows()
    assert ("修改", "工作岗位", "教务主任") in [(e.action, e.field, e.new) for e in rows]


def test_import_dialog_backs_up_before_writing(qtbot, demo_db, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.services.roster.excel import export_roster, import_roster
    from branchdesk.services.storage.backups import list_backups
    from branchdesk.ui.import_dialog import ImportDialog

    path = tmp_path / "花名册.xlsx"
    export_roster(demo_db, path, masked=False)
    _change_one_position(path)  # an import that changes nothing writes nothing and needs no backup
    before = len(list_backups(demo_db))

    def run(p, dry_run, progress, cancelled):  # type: ignore[no-untyped-def]
        return import_roster(demo_db, p, dry_run=dry_run, progress=progress, cancelled=cancelled)

    dialog = ImportDialog(AppContext(demo_db), "导入", run)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.finished, timeout=60_000, raising=False):
        dialog.check(path)
        qtbot.waitUntil(lambda: dialog.import_button.isEnabled(), timeout=60_000)
        assert "有错误" not in [line.status for line in dialog.model.rows()]
        dialog.run_import()
    assert dialog.report is not None and dialog.report.written
    assert len(list_backups(demo_db)) == before + 1


def _change_one_position(path) -> None:  # type: ignore[no-untyped-def]
    import openpyxl

    workbook = openpyxl.load_workbook(path)
    sheet = workbook.active
    for row in sheet.iter_rows():
        labels = [str(c.value or "") for c in row]
        if "工作岗位" in labels:
            column = labels.index("工作岗位")
            sheet.cell(row=row[0].row + 1, column=column + 1, value="语文教研组长（导入修改）")
            break
    workbook.save(path)


def test_text_sorts_in_pinyin_order_numbers_numerically(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    """张 (zhang) after 陈 (chen) although its code point is lower; 第2 before 第10."""
    from branchdesk.ui.widgets.table_model import ColumnSpec, FilterProxy, RecordTableModel

    model: RecordTableModel[tuple[str, str]] = RecordTableModel(
        [ColumnSpec("姓名", lambda r: r[0]), ColumnSpec("党支部", lambda r: r[1])])
    model.set_rows([("张伟", "第10党支部"), ("陈静", "第2党支部"), ("艾青", "第1党支部"), ("王芳", "第3党支部")])
    proxy = FilterProxy()
    proxy.setSourceModel(model)
    qtmodeltester.check(proxy)
    proxy.sort(0, Qt.SortOrder.AscendingOrder)
    assert [proxy.record_at(r)[0] for r in range(4)] == ["艾青", "陈静", "王芳", "张伟"]
    proxy.sort(1, Qt.SortOrder.AscendingOrder)
    assert [proxy.record_at(r)[1] for r in range(4)] == ["第1党支部", "第2党支部", "第3党支部", "第10党支部"]


def test_deleting_a_branch_that_holds_history_says_why_before_asking(page, message_boxes, demo_db) -> None:  # type: ignore[no-untyped-def]
    """组织与党员 → 删除 (trial 9, T9-4): a 党支部 with members and meetings is refused in the service's
    words, pointing to 成立与撤销日期, and nothing is asked; an empty one is asked about, then deleted."""
    from PySide6.QtWidgets import QPushButton

    from branchdesk.domain.vocabulary import OrgKind
    from branchdesk.services.roster.organisation import create_org, get_tree, org_deletion_refusal
    from branchdesk.ui.roster.org_panel import NODE_ROLE

    panel = page.org_panel
    delete = next(b for b in panel.findChildren(QPushButton) if b.text() == "删除")
    tree = panel.tree
    branch_item = tree.topLevelItem(1).child(0)
    tree.setCurrentItem(branch_item)
    node = panel.current_node()
    delete.click()
    assert message_boxes.questions == [] and message_boxes.kinds == [f"warning:{org_deletion_refusal(demo_db, node.id)}"]
    assert "会议记录" in message_boxes.texts[0] and "成立与撤销日期" in message_boxes.texts[0]
    assert any(n.id == node.id for root in get_tree(demo_db) for n in root.walk())
    committee = tree.topLevelItem(1)
    empty = create_org(demo_db, "空党支部", OrgKind.BRANCH, committee.data(0, NODE_ROLE).id)
    panel.refresh()
    committee = tree.topLevelItem(1)
    tree.setCurrentItem(next(committee.child(i) for i in range(committee.childCount())
                             if committee.child(i).text(0) == "空党支部"))
    delete.click()
    assert message_boxes.questions == ["把“空党支部”移入回收站？"]
    assert not any(n.id == empty.id for root in get_tree(demo_db) for n in root.walk())
