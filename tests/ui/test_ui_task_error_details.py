"""A background task's failure told in a box (导出失败, 备份失败, 导入失败 …) has 显示详情 with the technical text,
as the window's unexpected-error box has: the sentence stays plain Chinese (tasks.describe), the
error's name, first line and place are under 显示详情 for support (error_report.details_for), and a
failure the program worded itself has no details. One box serves both (error_report.error_box)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox, QWidget

from branchdesk.services.errors import RuleViolation
from branchdesk.ui import error_report
from branchdesk.ui.context import AppContext
from branchdesk.ui.settings import backup_panel
from branchdesk.ui.settings.backup_panel import BackupPanel
from branchdesk.ui.tasks import failure_box


@pytest.fixture
def boxes(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str, str, QMessageBox.Icon]]:
    """Each box shown: (title, text, detailed text, icon); nothing is shown (a box would block)."""
    shown: list[tuple[str, str, str, QMessageBox.Icon]] = []

    def record(box: QMessageBox) -> int:
        shown.append((box.windowTitle(), box.text(), box.detailedText(), box.icon()))
        return int(QMessageBox.StandardButton.Ok.value)

    monkeypatch.setattr(QMessageBox, "exec", record)
    return shown


def _raised(error: Exception) -> Exception:
    try:
        raise error
    except Exception as exc:  # noqa: BLE001 - the traceback is what the details name
        return exc


def test_a_bug_in_a_task_has_its_technical_text_under_the_details(qtbot, boxes) -> None:  # type: ignore[no-untyped-def]
    parent = QWidget()
    qtbot.addWidget(parent)
    failure_box(parent, "导出失败", _raised(KeyError("Worksheet 花名册 does not exist.")))
    [(title, text, details, icon)] = boxes
    assert title == "导出失败" and icon == QMessageBox.Icon.Warning
    assert "意外的问题" in text and "显示详情" in text  # the sentence says where to look
    assert not any("a" <= c.lower() <= "z" for c in text)  # no English, no class name in the sentence
    assert details.startswith("KeyError: 'Worksheet 花名册 does not exist.'")
    assert "test_ui_task_error_details.py" in details  # where it was raised


def test_a_failure_in_the_programs_own_words_has_no_details(qtbot, boxes) -> None:  # type: ignore[no-untyped-def]
    parent = QWidget()
    qtbot.addWidget(parent)
    failure_box(parent, "导入失败", RuleViolation("第 3 行不能为空"), "导入没有完成，没有写入任何数据。\n{0}")
    [(_title, text, details, _icon)] = boxes
    assert text == "导入没有完成，没有写入任何数据。\n第 3 行不能为空" and details == ""


def test_the_backup_buttons_failure_shows_the_details(qtbot, db, boxes, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A real task's way: 立即备份 fails with a library's English text (a bug on the way): the box says the
    backup failed in Chinese, and 显示详情 holds the error for support."""
    def broken(_db: object) -> None:
        raise AttributeError("'NoneType' object has no attribute 'stat'")

    monkeypatch.setattr(backup_panel.backups, "backup_now", broken)
    panel = BackupPanel(AppContext(db))
    qtbot.addWidget(panel)
    panel.backup_now()
    qtbot.waitUntil(lambda: bool(boxes), timeout=10_000)
    [(title, text, details, _icon)] = boxes
    assert title == "备份失败" and "意外的问题" in text and "NoneType" not in text
    assert details.startswith("AttributeError: 'NoneType' object has no attribute 'stat'")


def test_the_unexpected_error_box_is_the_same_box(qapp, boxes) -> None:  # type: ignore[no-untyped-def]
    exc = _raised(KeyError("member"))
    error_report.report(type(exc), exc, exc.__traceback__)
    [(title, text, details, _icon)] = boxes
    assert (title, text) == ("操作没有完成", error_report.UNEXPECTED) and details.startswith("KeyError: 'member'")


def test_the_message_boxes_fixture_records_a_box_with_details(qtbot, message_boxes) -> None:  # type: ignore[no-untyped-def]
    """Tests that record boxes (conftest's message_boxes) see these boxes too, with their details."""
    parent = QWidget()
    qtbot.addWidget(parent)
    failure_box(parent, "导出失败", _raised(KeyError("member")), critical=True)
    assert message_boxes.kinds == [f"critical:{message_boxes.texts[0]}"]
    assert message_boxes.details[0].startswith("KeyError: 'member'")
    assert Path(__file__).name in message_boxes.details[0]
