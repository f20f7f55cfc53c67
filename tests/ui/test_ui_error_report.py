"""A failure that escapes a page (issue 21 item 9: a save refused because the database file is
read-only showed SQLite's English text, or nothing) is told in plain Chinese, once, by the window."""

from __future__ import annotations

import sqlite3
import sys

import pytest
from sqlalchemy.exc import OperationalError

from branchdesk.services.errors import RuleViolation
from branchdesk.ui import error_report


def failure(message: str) -> OperationalError:
    return OperationalError("UPDATE members SET name=?", (), sqlite3.OperationalError(message))


def test_a_read_only_database_is_said_in_chinese(qapp, shown_boxes) -> None:  # type: ignore[no-untyped-def]
    exc = failure("attempt to write a readonly database")
    error_report.report(type(exc), exc, None)
    [(text, _details)] = shown_boxes
    assert "数据库文件是只读的" in text and "取消勾选“只读”" in text
    assert "readonly" not in text and "UPDATE" not in text


def test_a_full_disk_and_a_busy_database_are_said_in_chinese() -> None:
    assert "另一个" in error_report.message_for(failure("database is locked"))
    assert "数据库保持原样" in error_report.message_for(failure("database or disk is full"))
    assert error_report.message_for(RuleViolation("这条会议记录已定稿")) == "这条会议记录已定稿"


@pytest.fixture
def shown_boxes(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """What report's message box said: (text, detailed text); nothing is shown (a box would block)."""
    from PySide6.QtWidgets import QMessageBox

    shown: list[tuple[str, str]] = []

    def record(box: QMessageBox) -> int:
        shown.append((box.text(), box.detailedText()))
        return int(QMessageBox.StandardButton.Ok.value)

    monkeypatch.setattr(QMessageBox, "exec", record)
    return shown


def test_a_bug_says_the_operation_did_not_finish(qapp, shown_boxes) -> None:  # type: ignore[no-untyped-def]
    try:
        raise KeyError("member")
    except KeyError as exc:
        error_report.report(type(exc), exc, exc.__traceback__)
    [(text, details)] = shown_boxes
    assert text == error_report.UNEXPECTED
    assert "KeyError" in details and "member" in details


def test_the_technical_text_is_in_the_details_only(qapp, shown_boxes) -> None:  # type: ignore[no-untyped-def]
    """TY-3: the box read "…（AttributeError：'str' object has no attribute 'value'）" — English in the
    message itself. The sentence is plain Chinese; the error's name, its first line and where it
    happened are under 显示详情 for support."""
    try:
        "党小组".value  # type: ignore[attr-defined]  # noqa: B018 - the trial's failure, as it was raised
    except AttributeError as exc:
        error_report.report(type(exc), exc, exc.__traceback__)
    [(text, details)] = shown_boxes
    assert "AttributeError" not in text and "value" not in text and "（" not in text
    assert "AttributeError" in details and "'str' object has no attribute 'value'" in details
    assert "test_ui_error_report.py" in details  # where: the file and line for support


def test_a_known_failure_has_no_details(qapp, shown_boxes) -> None:  # type: ignore[no-untyped-def]
    exc = failure("attempt to write a readonly database")
    error_report.report(type(exc), exc, None)
    [(text, details)] = shown_boxes
    assert "数据库文件是只读的" in text and details == ""


def test_installed_only_where_no_other_hook_is(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "excepthook", sys.__excepthook__)
    error_report.install()
    assert sys.excepthook is error_report.report
    other = lambda *args: None  # noqa: E731 - a test runner's hook
    monkeypatch.setattr(sys, "excepthook", other)
    error_report.install()
    assert sys.excepthook is other


def test_the_message_names_no_value_a_server_puts_in_its_detail() -> None:
    """PostgreSQL words a refused insert with the values themselves ("DETAIL: Key (id_number)=(…)"):
    the window says the first line only; the whole text still goes to the traceback for support."""
    from sqlalchemy.exc import IntegrityError

    server = Exception('duplicate key value violates unique constraint "members_id_number_key"\n'
                       "DETAIL:  Key (id_number)=(11010519491231002X) already exists.")
    exc = IntegrityError("INSERT INTO members (name, id_number) VALUES (%(name)s, %(id)s)", {}, server)
    text, details = error_report.message_for(exc), error_report.details_for(exc)
    assert "11010519491231002X" not in text + details and "INSERT" not in text + details
    assert "duplicate key value" in details and "duplicate" not in text


def test_a_failure_of_the_locked_database_waits_for_the_unlock(qapp, shown_boxes, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """TR-9: a form's timer read the database after the window lock had dropped the key, and
    "操作没有完成：程序遇到了意外的问题…（KeyRequired…）" came up over the lock screen. Such a failure
    is expected while locked: nothing is shown then; after the unlock, one box says it did not finish."""
    from branchdesk.db.cipher import KeyRequired

    try:
        try:
            raise KeyRequired(tmp_path / "school.sqlite")
        except KeyRequired as inner:
            raise RuntimeError("timer slot") from inner
    except RuntimeError as exc:
        error_report.report(type(exc), exc, exc.__traceback__)
    assert shown_boxes == []  # nothing over the lock screen
    error_report.show_held()
    [(text, details)] = shown_boxes
    assert text == error_report.HELD and "没有完成" in text and "RuntimeError" in details
    error_report.show_held()  # told once
    assert len(shown_boxes) == 1
