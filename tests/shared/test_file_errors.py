"""Why a file could not be read or written, said in Chinese (trial 9, T9-21): no "No such file or
directory" in a message; the system's words only after "技术信息" for an error the program does not
know; and a set-up code piped to `package join` is read without getpass's English warning."""

from __future__ import annotations

import errno
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from branchdesk.cli.main import main
from branchdesk.domain.file_errors import file_error, os_error_reason

ENGLISH = re.compile(r"[A-Za-z]{3,}")


def _error(number: int) -> OSError:
    return OSError(number, os.strerror(number))


def test_the_common_failures_read_in_chinese() -> None:
    missing = _error(errno.ENOENT)
    assert file_error(missing, "二中花名册.xlsx") == "无法读取“二中花名册.xlsx”：找不到这个文件，请检查文件名和所在文件夹"
    assert "文件夹不存在" in file_error(missing, "/proc/x.xlsx", writing=True)
    assert "Excel" in os_error_reason(_error(errno.EACCES), writing=True)  # the file open in Excel
    assert "磁盘已满" in os_error_reason(_error(errno.ENOSPC), writing=True)
    assert "只读" in os_error_reason(_error(errno.EROFS))
    for number in (errno.ENOENT, errno.EACCES, errno.ENOSPC, errno.EROFS, errno.EISDIR, errno.ENOTDIR, errno.EIO,
                   errno.ENAMETOOLONG, errno.EINVAL, errno.EPERM, errno.EBUSY):
        for writing in (False, True):
            text = os_error_reason(_error(number), writing=writing).replace("Excel", "").replace("WPS", "")
            assert not ENGLISH.search(text), (number, writing)


def test_a_windows_sharing_violation_names_the_other_program() -> None:
    error = PermissionError(errno.EACCES, "The process cannot access the file")
    error.winerror = 32  # type: ignore[attr-defined]
    assert "正被其他程序" in os_error_reason(error, writing=True)


def test_an_unknown_error_is_said_in_chinese_first_with_the_system_words_as_technical_detail() -> None:
    text = os_error_reason(OSError(errno.EPROTO, "Protocol error"))
    assert text.startswith("操作系统没有完成这次读取；技术信息：") and "Protocol error" in text
    assert file_error(ValueError("设置码不对"), "x") == "设置码不对"  # not a file error: its own words


def test_package_import_and_join_of_a_missing_file(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "台账.sqlite"
    main(["demo", "--db", str(db)])
    capsys.readouterr()
    for argv in (["package", "import", str(tmp_path / "二中花名册.xlsx")],
                 ["package", "join", str(tmp_path / "没有.bdsetup"), "--code", "1"]):
        assert main([*argv, "--db", str(db)]) == 1
        out = capsys.readouterr().out
        assert "找不到这个文件" in out and "No such file" not in out, out


@pytest.mark.parametrize("where", ["a file", "/proc"])
def test_export_where_no_file_can_be_made(tmp_path: Path, capsys, where: str) -> None:  # type: ignore[no-untyped-def]
    if where == "/proc" and not Path("/proc/self").exists():
        pytest.skip("no /proc here")
    db = tmp_path / "台账.sqlite"
    main(["demo", "--db", str(db)])
    capsys.readouterr()
    blocker = tmp_path / "不是文件夹.txt"
    blocker.write_text("")
    out_path = blocker / "花名册.xlsx" if where == "a file" else Path("/proc/花名册.xlsx")
    assert main(["export", "roster", "--out", str(out_path), "--db", str(db)]) == 1
    out = capsys.readouterr().out
    assert "导出失败：无法写入" in out and "No such file" not in out and "Not a directory" not in out, out
    assert "文件夹" in out


@pytest.mark.skipif(sys.platform == "win32", reason="a pipe on POSIX")
def test_a_code_piped_to_package_join_is_read_without_an_english_warning(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    from tests.exchange.exchange_helpers import make_committee

    committee = tmp_path / "党委.sqlite"
    make_committee(committee).close()
    setup = tmp_path / "第一党支部 设置.bdsetup"
    assert main(["package", "add-site", "第一党支部", "--out", str(setup), "--db", str(committee)]) == 0
    code = re.search(r"设置码[^：]*：([\d-]+)", capsys.readouterr().out).group(1)  # type: ignore[union-attr]
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    env.pop("BRANCHDESK_SETUP_CODE", None)
    done = subprocess.run([sys.executable, "-m", "branchdesk", "package", "join", str(setup),
                           "--db", str(tmp_path / "支部.sqlite")], input=code + "\n", capture_output=True, text=True,
                          env=env, timeout=300, start_new_session=True)  # no controlling terminal: a script
    assert done.returncode == 0, done.stdout + done.stderr
    assert "已加入" in done.stdout
    assert "Warning" not in done.stderr and "echoed" not in done.stderr, done.stderr


@pytest.mark.parametrize("area", ["roster", "meetings", "mentoring", "development"])
def test_a_page_that_cannot_write_its_export_says_why_in_chinese(  # type: ignore[no-untyped-def]
        qtbot, demo_db, tmp_path: Path, monkeypatch, message_boxes, area: str) -> None:
    from branchdesk.ui.context import AppContext
    from branchdesk.ui.navigation import AREAS

    blocker = tmp_path / "不是文件夹.txt"
    blocker.write_text("")
    target = blocker / "台账.xlsx"  # inside a file: the system refuses, in English
    page_class = next(a for a in AREAS if a.key == area).page()
    monkeypatch.setattr(sys.modules[page_class.__module__], "ask_save_name", lambda *_a, **_k: str(target))
    if area == "mentoring":
        from PySide6.QtWidgets import QInputDialog

        monkeypatch.setattr(QInputDialog, "getItem", lambda *_a, **_k: ("全部结对", True))
    page = page_class(AppContext(demo_db))
    qtbot.addWidget(page)
    page.export_excel()
    [said] = message_boxes.texts
    assert said.startswith(f"无法写入“{target}”：") and "同名" in said, said
    assert not ENGLISH.search(said.replace(str(target), "")), said


def test_importing_a_folder_named_like_a_workbook_does_not_blame_the_database(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "台账.sqlite"
    main(["demo", "--db", str(db)])
    capsys.readouterr()
    folder = tmp_path / "花名册.xlsx"
    folder.mkdir()
    main(["import", "roster", str(folder), "--db", str(db), "--dry-run"])
    out = capsys.readouterr().out
    assert "无法读取“花名册.xlsx”：这是一个文件夹，不是文件" in out and "数据库" not in out.split("没有写入")[0], out


def test_a_damaged_database_that_cannot_be_renamed_says_why_in_chinese(db, db_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.db import restore
    from branchdesk.db.migrate import DamagedDatabaseError, open_database
    from tests.safety_helpers import add_branch, add_member

    branch = add_branch(db)
    for i in range(40):
        add_member(db, branch, i)
    db.close()
    with db_path.open("r+b") as handle:  # damage every page after the first
        for page in range(1, db_path.stat().st_size // 4096):
            handle.seek(page * 4096)
            handle.write(b"\xa5" * 64)

    def refused(_path: Path) -> Path:
        raise PermissionError(errno.EACCES, "Permission denied", str(_path))

    monkeypatch.setattr(restore, "move_aside", refused)
    with pytest.raises(DamagedDatabaseError) as caught:
        open_database(db_path)
    text = str(caught.value)
    assert "原文件无法改名（没有权限" in text and "Permission denied" not in text, text
    assert "已损坏（文件已损坏" in text and text.index("技术信息") > text.index("已损坏（文件已损坏")  # SQLite's words after
