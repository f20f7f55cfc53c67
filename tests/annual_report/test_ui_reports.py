"""The 报表 page driven as a user would: drafts appear for editing, generation runs off the GUI thread
to the end, the edited summary is what the file prints, and the result opens through
QDesktopServices (patched). The documents list passes Qt's model tester."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtGui import QDesktopServices

from branchdesk.ui.context import AppContext
from branchdesk.ui.navigation import area
from branchdesk.ui.reports.reports_page import ReportsPage

pytestmark = pytest.mark.usefixtures("message_boxes")  # no box may block a test


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    urls: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: urls.append(url.toLocalFile()) or True)
    return urls


@pytest.fixture
def page(qtbot, demo_db):  # type: ignore[no-untyped-def]
    widget = ReportsPage(AppContext(demo_db))
    qtbot.addWidget(widget)
    widget.year.setValue(2026)
    widget.refresh()
    qtbot.waitUntil(lambda: bool(widget.drafts), timeout=60_000)
    return widget


def test_page_is_registered() -> None:
    assert area("reports").page() is ReportsPage


def test_documents_model(page, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    qtmodeltester.check(page.docs)
    titles = [page.docs.row_at(i).title for i in range(page.docs.rowCount())]
    assert "会议记录（一次会议）" in titles and "整改台账月度销号表" in titles
    targets: list[str] = []
    page.context.navigate.connect(lambda key, payload: targets.append(key))
    page.go_to_document(titles.index("会议记录（一次会议）"))
    assert targets == ["meetings"]


def test_scope_lists_the_branches_and_drafts_show(page) -> None:  # type: ignore[no-untyped-def]
    items = [page.scope.itemText(i) for i in range(page.scope.count())]
    assert items[0].startswith("全校") and "高一年级党支部" in items
    assert "共有党员" in page.editors["basic"].toPlainText()
    assert "支部党员大会" in page.editors["meetings"].toPlainText()
    assert page.out.text().endswith("示范市第二中学2026年度党建工作台账汇编.pdf")  # the school and the year


def test_generate_with_edited_summary_and_open(page, qtbot, tmp_path: Path, opened, message_boxes) -> None:  # type: ignore[no-untyped-def]
    page.format.setCurrentIndex(page.format.findData("xlsx"))
    page.scope.setCurrentIndex(page.scope.findData("高二年级党支部"))  # question patched: re-draft
    qtbot.waitUntil(lambda: "高二年级党支部" in page.editors["basic"].toPlainText(), timeout=60_000)
    page.editors["mentoring"].setPlainText("结对帮扶成效明显（用户修改）。")
    assert page.edited() == {"mentoring": "结对帮扶成效明显（用户修改）。"}
    target = tmp_path / "输出 文件夹" / "高二.xlsx"
    page.out.setText(str(target))
    page.generate_button.click()
    qtbot.waitUntil(lambda: page.result is not None, timeout=60_000)
    assert target.exists() and page.open_file_button.isEnabled()
    assert "高二年级党支部" in page.status.text()
    texts = {r[0]: r[1] for r in load_workbook(target)["年度工作总结"].iter_rows(min_row=4, values_only=True)}
    assert texts["结对帮扶"] == "结对帮扶成效明显（用户修改）。"
    page.open_file()
    page.open_folder()
    assert opened == [str(target), str(target.parent)]
    assert not message_boxes.texts


def test_error_is_shown_in_plain_chinese(page, qtbot, tmp_path: Path, message_boxes) -> None:  # type: ignore[no-untyped-def]
    blocker = tmp_path / "a file"
    blocker.write_text("x")
    page.out.setText(str(blocker / "sub" / "r.pdf"))  # a folder that cannot be made
    page.generate_button.click()
    qtbot.waitUntil(lambda: bool(message_boxes.texts), timeout=60_000)
    assert page.result is None and page.generate_button.isEnabled()
    assert page.status.text().startswith("未能完成")


def test_findings_appendix_is_a_tick_box(page, qtbot, tmp_path: Path, message_boxes) -> None:  # type: ignore[no-untyped-def]
    """Unticked, the volume has no appendix; ticked (as a person clicks it), the findings follow."""
    import subprocess

    from PySide6.QtCore import Qt

    assert not page.with_findings.isChecked()
    page.format.setCurrentIndex(page.format.findData("pdf"))
    page.with_findings.setFocus()
    qtbot.keyClick(page.with_findings, Qt.Key.Key_Space)  # as a person ticks it from the keyboard
    assert page.with_findings.isChecked()
    target = tmp_path / "附自查.pdf"
    page.out.setText(str(target))
    page.generate_button.click()
    qtbot.waitUntil(lambda: page.result is not None, timeout=120_000)
    text = subprocess.run(["pdftotext", str(target), "-"], capture_output=True, text=True, check=True).stdout
    assert "附录：对照规定自查发现的问题和提醒" in text
    assert not message_boxes.texts


def test_typed_summary_is_kept_and_shown_again_after_a_restart(page, qtbot, message_boxes) -> None:  # type: ignore[no-untyped-def]
    """TY-9: what the secretary types is kept as she types (and when the page hides), and a new 报表
    page — the app started again — shows it instead of a fresh draft; 重新起草 asks before it goes."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from tests.ui_typing import type_text

    page.show()
    editor = page.editors["basic"]
    editor.setFocus()
    QTest.keyClick(editor, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    type_text(editor, "支部深入开展“五个一”行动。")
    qtbot.waitUntil(lambda: "已保存修改的年度工作总结（基本情况）" in page.status.text(), timeout=10_000)
    typed = editor.toPlainText()
    type_text(editor, "补一句。")
    page.hide()  # another page, or the window closing: kept at once
    again = ReportsPage(AppContext(page.context.db))
    qtbot.addWidget(again)
    again.year.setValue(2026)
    again.refresh()
    qtbot.waitUntil(lambda: bool(again.drafts), timeout=60_000)
    assert again.editors["basic"].toPlainText() == typed + "补一句。"
    assert again.editors["meetings"].toPlainText() == again.drafts["meetings"]
    assert "“基本情况”是您修改并保存的文字" in again.status.text()
    again.redraft()
    assert any("替换您修改并保存的“基本情况”" in text for text in message_boxes.questions)
    qtbot.waitUntil(lambda: again.editors["basic"].toPlainText() == again.drafts["basic"], timeout=60_000)


def test_a_restored_database_keeps_its_own_summary_texts(page, qtbot, message_boxes) -> None:  # type: ignore[no-untyped-def]
    """After 从备份恢复 the database holds the texts of the backup; the page, shown again, shows them and
    does not write what its editors held before the restore over them when it hides (it used to keep
    the old 基本情况 again and forget the restored 三会一课 because its editor held the draft)."""
    from branchdesk.services.annual_report.summary_texts import forget_texts, keep_texts, kept_texts

    page.show()
    page.editors["basic"].setPlainText("恢复前写的基本情况。")
    page.hide()
    db = page.context.db
    assert set(kept_texts(db, 2026, None)) == {"basic"}
    forget_texts(db, 2026, None)  # the database as the backup had it: only 三会一课 written
    keep_texts(db, 2026, None, {"meetings": "备份中的三会一课。"}, page.drafts)
    page.show()
    page.refresh()  # the main window refreshes a page it shows (after a restore: data_changed "*")
    qtbot.waitUntil(lambda: page.editors["meetings"].toPlainText() == "备份中的三会一课。", timeout=60_000)
    page.hide()
    kept = kept_texts(db, 2026, None)
    assert {k: v.text for k, v in kept.items()} == {"meetings": "备份中的三会一课。"}


def test_the_editors_take_no_typing_while_they_are_filled_again(page, qtbot) -> None:  # type: ignore[no-untyped-def]
    """The page, shown again, fills its editors from the database in the background: typing meanwhile
    would be replaced without a word when they are filled, so they are read-only until then."""
    page.refresh()
    assert all(e.isReadOnly() for e in page.editors.values())
    qtbot.waitUntil(lambda: page.shown is not None, timeout=60_000)
    assert not any(e.isReadOnly() for e in page.editors.values())
