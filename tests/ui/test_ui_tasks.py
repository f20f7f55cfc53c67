"""The one way to run work off the GUI thread: a result for a page that was closed while the work ran
is dropped (touching the deleted page would raise), and a failure of the disk is told in plain Chinese."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import shiboken6
from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QWidget
from sqlalchemy.exc import OperationalError

from branchdesk.ui.tasks import describe, run_quietly, run_task


def _work(release: threading.Event, fail: bool = False):  # type: ignore[no-untyped-def]
    def worker(progress, cancelled):  # type: ignore[no-untyped-def]
        release.wait(10)
        if fail:
            raise ValueError("出错了")
        return 42

    return worker


def test_results_for_a_page_closed_meanwhile_are_dropped(qtbot) -> None:  # type: ignore[no-untyped-def]
    pool = QThreadPool()
    calls: list[object] = []
    for fail in (False, True):
        for start in (run_quietly, run_task):
            page = QWidget()
            release = threading.Event()
            start(page, _work(release, fail), calls.append, calls.append, pool=pool)  # type: ignore[operator]
            shiboken6.delete(page)  # the page is closed and deleted while the work runs
            release.set()
            assert pool.waitForDone(10_000)
            qtbot.wait(50)  # the queued result reaches the GUI thread
    assert calls == []


def test_a_live_page_gets_its_result(qtbot) -> None:  # type: ignore[no-untyped-def]
    pool = QThreadPool()
    page = QWidget()
    got: list[object] = []
    release = threading.Event()
    release.set()
    run_quietly(page, _work(release), got.append, got.append, pool=pool)
    qtbot.waitUntil(lambda: got == [42], timeout=10_000)


def test_a_read_only_database_is_described_in_chinese() -> None:
    error = OperationalError("INSERT", (), sqlite3.OperationalError("attempt to write a readonly database"))
    assert "数据库文件是只读的" in describe(error)
    assert describe(ValueError("第 3 行不能为空")) == "第 3 行不能为空"


def test_an_unexpected_error_is_described_in_plain_chinese() -> None:
    """An error no one worded for the user (a bug, a library's own text) was shown as it was:
    "KeyError", "'NoneType' object has no attribute 'id'", a library's English. It is now the
    window's sentence for an unexpected problem, in Chinese, naming nothing technical; the technical
    text stays in the traceback the task prints (and in 显示详情 of the window's own box)."""
    from branchdesk.db.cipher import KeyRequired
    from branchdesk.services.errors import RuleViolation
    from branchdesk.ui import error_report

    for error in (KeyError(), KeyError("member"), AttributeError("'NoneType' object has no attribute 'id'"),
                  RuntimeError("wrapped C/C++ object of type QLabel has been deleted"),
                  KeyError("Worksheet 花名册 does not exist."),  # a library's English around a Chinese name
                  ValueError("invalid literal for int() with base 10: '三'")):
        text = describe(error)
        assert text == error_report.UNEXPECTED_TASK, error
        assert not any("a" <= c.lower() <= "z" for c in text)  # no English, no class name
    assert describe(RuleViolation("这条会议记录已定稿")) == "这条会议记录已定稿"  # a service's words, as they are
    locked = KeyRequired(Path("school.sqlite"))  # the program's own words, in Chinese
    assert describe(locked) == str(locked)
    assert error_report.details_for(KeyError("member")).startswith("KeyError: 'member'")
