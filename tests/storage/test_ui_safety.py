"""设置 → 备份与恢复, 检查数据库, 回收站 and the 修改记录 dialog driven as a user would (issue 8);
every table model passes Qt's model tester; message boxes are patched."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from branchdesk.db.migrate import DamagedDatabaseError, open_database
from branchdesk.services import recycle_bin
from branchdesk.services.storage import backups
from branchdesk.ui.context import AppContext
from branchdesk.ui.settings import open_failure
from branchdesk.ui.settings.backup_panel import BackupPanel
from branchdesk.ui.settings.check_panel import CheckPanel
from branchdesk.ui.settings.history_dialog import HistoryDialog
from branchdesk.ui.settings.recycle_panel import RecyclePanel
from branchdesk.ui.settings.settings_page import SettingsPage
from tests.safety_helpers import add_branch, add_member, count

WAIT_MS = 30_000  # background tasks on a busy machine (the whole suite in parallel with other work)


pytestmark = pytest.mark.usefixtures("message_boxes")  # no box may block a test


@pytest.fixture
def context(db):  # type: ignore[no-untyped-def]
    branch = add_branch(db)
    for i in range(3):
        add_member(db, branch, i, name=["王芳", "李明", "赵丽"][i])
    return AppContext(db)


def test_settings_page_has_the_safety_tabs(qtbot, context) -> None:  # type: ignore[no-untyped-def]
    page = SettingsPage(context)
    qtbot.addWidget(page)
    titles = [page.tabs.tabText(i) for i in range(page.tabs.count())]
    assert {"备份与恢复", "检查数据库", "回收站"} <= set(titles)


def test_the_restore_question_names_the_users_records_only(qtbot, context, message_boxes) -> None:  # type: ignore[no-untyped-def]
    """从所选备份恢复… asks with the backup's record areas in plain words — no 修改记录, 设置 or 数据交换
    tables (re-trial 11, N-5) — chosen with the keys a secretary presses."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    backups.backup_now(context.db)  # 3 members; then one more, and the day's next backup
    add_member(context.db, 1, 9)
    backups.backup_now(context.db)
    panel = BackupPanel(context)
    qtbot.addWidget(panel)
    panel.show()
    panel.refresh()
    qtbot.waitUntil(lambda: panel.model.rowCount() == 2, timeout=WAIT_MS)
    panel.table.setFocus()
    QTest.keyClick(panel.table, Qt.Key.Key_Home)  # the newest, then the one before it
    QTest.keyClick(panel.table, Qt.Key.Key_Down)
    assert panel.selected() is not None and panel.selected().members == 3
    panel.restore_button.setFocus()
    message_boxes.answer = message_boxes.answer.No
    QTest.keyClick(panel.restore_button, Qt.Key.Key_Space)
    assert len(message_boxes.questions) == 1
    question = message_boxes.questions[0]
    assert "共 4 条记录" in question and "备份中的记录：党组织 1 个，党员 3 人（含已离开）" in question, question
    assert not any(word in question for word in ("修改记录", "设置", "数据交换", "交换对象", "数据包")), question


def test_a_file_picked_to_restore_from_is_told_by_what_it_holds(qtbot, context, tmp_path, monkeypatch,  # type: ignore[no-untyped-def]
                                                                 message_boxes) -> None:
    """从文件恢复…: the question said only the file's path; it now says what the file holds, as the
    list does for a backup — and reading it leaves nothing beside it on the drive."""
    import shutil

    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QFileDialog

    saved = backups.backup_now(context.db)
    drive = tmp_path / "U盘"
    drive.mkdir()
    picked = drive / "支部台账 备份.sqlite"
    shutil.copyfile(saved.path, picked)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a, **_k: (str(picked), ""))
    panel = BackupPanel(context)
    qtbot.addWidget(panel)
    panel.show()
    button = next(b for b in panel.findChildren(type(panel.restore_button)) if b.text() == "从文件恢复…")
    button.setFocus()
    message_boxes.answer = message_boxes.answer.No
    QTest.keyClick(button, Qt.Key.Key_Space)
    assert len(message_boxes.questions) == 1
    question = message_boxes.questions[0]
    assert str(picked) in question and "数据库文件（不是本软件的备份）" in question, question
    assert "在册党员 3 人 · 共 4 条记录" in question and "备份中的记录：党组织 1 个，党员 3 人（含已离开）" in question, question
    assert sorted(p.name for p in drive.iterdir()) == [picked.name]


def test_backup_now_and_restore_selected(qtbot, qtmodeltester, context, db_path: Path, message_boxes) -> None:  # type: ignore[no-untyped-def]
    panel = BackupPanel(context)
    qtbot.addWidget(panel)
    panel.refresh()
    qtbot.waitUntil(lambda: "共 0 个备份" in panel.status.text(), timeout=WAIT_MS)
    panel.backup_now()
    qtbot.waitUntil(lambda: any("已备份" in m for m in message_boxes.kinds), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1, timeout=WAIT_MS)
    qtmodeltester.check(panel.model)
    qtmodeltester.check(panel.proxy)
    assert panel.model.row_at(0).ok and panel.model.row_at(0).members == 3
    assert "3" in panel.proxy.index(0, 3).data()

    add_member(context.db, 1, 9)  # a change after the backup
    panel.table.selectRow(0)
    panel.restore_selected()
    qtbot.waitUntil(lambda: any("已从备份恢复" in m for m in message_boxes.kinds), timeout=WAIT_MS)
    assert count(db_path) == 3
    qtbot.waitUntil(lambda: panel.model.rowCount() == 2, timeout=WAIT_MS)  # the safety backup made first
    assert {e.reason for e in panel.model.rows()} == {"手动备份", "恢复前"}
    assert context.db.path == db_path.resolve()


def test_backup_folder_can_be_changed_and_refused(qtbot, context, tmp_path: Path, message_boxes) -> None:  # type: ignore[no-untyped-def]
    panel = BackupPanel(context)
    qtbot.addWidget(panel)
    panel.set_folder(str(tmp_path / "U盘"))
    assert panel.folder.text() == str(tmp_path / "U盘")
    blocker = tmp_path / "文件"
    blocker.write_text("x")
    panel.set_folder(str(blocker / "子目录"))
    assert any(m.startswith("warning:") and "不能使用" in m for m in message_boxes.kinds)
    assert backups.backup_folder(context.db) == tmp_path / "U盘"


def test_check_panel_reports_ok_and_problems(qtbot, context, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    panel = CheckPanel(context)
    qtbot.addWidget(panel)
    panel.run_check()
    qtbot.waitUntil(lambda: panel.report is not None, timeout=WAIT_MS)
    assert "检查通过" in panel.result.toPlainText()
    raw = sqlite3.connect(db_path)
    raw.execute("PRAGMA foreign_keys = OFF")
    raw.execute("UPDATE members SET branch_id = 77")
    raw.commit()
    raw.close()
    panel.report = None
    panel.run_check()
    qtbot.waitUntil(lambda: panel.report is not None, timeout=WAIT_MS)
    assert "指向不存在的数据" in panel.result.toPlainText() and "备份与恢复" in panel.result.toPlainText()


def test_recycle_bin_panel_restores_and_empties(qtbot, qtmodeltester, context, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    recycle_bin.move_to_bin(context.db, "members", 1)
    recycle_bin.move_to_bin(context.db, "members", 2)
    panel = RecyclePanel(context)
    qtbot.addWidget(panel)
    panel.refresh()
    qtmodeltester.check(panel.model)
    qtmodeltester.check(panel.proxy)
    assert panel.model.rowCount() == 2 and "共 2 项" in panel.count_label.text()
    panel.search.setText("王芳")
    assert panel.proxy.rowCount() == 1
    panel.table.selectRow(0)
    opened: list[str] = []
    monkeypatch.setattr(HistoryDialog, "exec", lambda self: opened.append(self.windowTitle()) or 0)
    panel.show_history()
    assert opened and "王芳" in opened[0]
    panel.restore_selected()
    panel.search.clear()
    assert [i.label for i in panel.model.rows()] == ["李明"]
    panel.empty(None)
    assert panel.model.rowCount() == 0 and recycle_bin.list_deleted(context.db) == []


def test_history_dialog_lists_changes(qtbot, qtmodeltester, context) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.db.models import Member

    with context.db.session() as session:
        session.get(Member, 1).phone = "13900000000"
    dialog = HistoryDialog(context, "members", 1, "党员 王芳")
    qtbot.addWidget(dialog)
    qtmodeltester.check(dialog.model)
    actions = [(e.action, e.field, e.new) for e in dialog.model.rows()]
    assert actions[0] == ("修改", "联系电话", "139****0000") and ("新增", "姓名", "王芳") in actions
    dialog.reveal.click()  # 显示完整身份证号和电话 (issue 21)
    assert dialog.model.rows()[0].new == "13900000000"


def test_open_failure_offers_newest_good_backup(qtbot, context, db_path: Path, message_boxes) -> None:  # type: ignore[no-untyped-def]
    backups.backup_now(context.db)
    context.db.close()
    with db_path.open("r+b") as handle:
        handle.write(b"\x00" * 4096)
    with pytest.raises(DamagedDatabaseError) as caught:
        open_database(db_path)
    assert open_failure.offer_restore(None, caught.value) is True
    assert any("已从备份恢复" in m for m in message_boxes.kinds) and count(db_path) == 3
    database = open_database(db_path)
    database.notices.append("今天的自动备份没有成功：U 盘已拔出")
    open_failure.show_notices(None, database)
    assert any("U 盘" in m for m in message_boxes.kinds) and database.notices == []
    database.close()


def test_restore_from_an_encrypted_file_asks_the_password(qtbot, context, db_path: Path, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                          monkeypatch, message_boxes) -> None:
    from PySide6.QtWidgets import QFileDialog, QInputDialog

    package = tmp_path / "支部台账.bdsealed"
    backups.backup_encrypted(context.db, package, "正确的密码 123")
    add_member(context.db, 1, 7)
    panel = BackupPanel(context)
    qtbot.addWidget(panel)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(package), ""))
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("错误的密码", True))
    panel.restore_from_file()
    qtbot.waitUntil(lambda: any(m.startswith("warning:") and "密码错误" in m for m in message_boxes.kinds), timeout=WAIT_MS)
    assert count(db_path) == 4  # nothing restored, the database reopened as it was
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("正确的密码 123", True))
    panel.restore_from_file()
    qtbot.waitUntil(lambda: any("已从备份恢复" in m for m in message_boxes.kinds), timeout=WAIT_MS)
    assert count(db_path) == 3 and context.db.path == db_path.resolve()


def test_restore_of_a_backup_under_an_earlier_key_asks_its_password(qtbot, context, db_path: Path,  # type: ignore[no-untyped-def]
                                                                   tmp_path: Path, monkeypatch, message_boxes) -> None:
    """Encryption turned on, off and on again: an old backup opens with the password of its time."""
    from PySide6.QtWidgets import QFileDialog, QInputDialog

    from branchdesk.db import cipher
    from branchdesk.services.storage import encryption

    encryption.enable(context.db, "第一个密码1234", "第一个密码1234")
    old = backups.backup_now(context.db, out=tmp_path / "旧备份.sqlite").path
    encryption.disable(context.db, "第一个密码1234")
    add_member(context.db, 1, 7)
    encryption.enable(context.db, "第二个密码1234", "第二个密码1234")
    cipher.lock()
    encryption.unlock(context.db.path, "第二个密码1234")  # the window is unlocked; the old key is not known
    panel = BackupPanel(context)
    qtbot.addWidget(panel)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(old), ""))
    answers = iter([("第二个密码1234", True), ("第一个密码1234", True)])
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: next(answers))
    panel.restore_from_file()
    assert any("密码错误" in m for m in message_boxes.kinds)  # the first answer was the current password: refused
    qtbot.waitUntil(lambda: any("已从备份恢复" in m for m in message_boxes.kinds), timeout=WAIT_MS)
    cipher.lock()
    encryption.unlock(db_path, "第二个密码1234")  # a restore never changes the database's password
    assert encryption.is_encrypted_file(db_path)
    from branchdesk.db.engine import Database, make_engine

    restored = Database(make_engine(db_path))
    with restored.session() as session:
        from sqlalchemy import func, select

        from branchdesk.db.models import Member

        assert session.scalar(select(func.count()).select_from(Member)) == 3  # the backup's data
    restored.close()


def test_restoring_another_database_says_what_it_is_and_asks_again(qtbot, context, db_path: Path, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                                   monkeypatch, message_boxes) -> None:
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    other_path = tmp_path / "U盘" / "另一所学校.sqlite"
    other_path.parent.mkdir()
    other = open_database(other_path, auto_backup=False)
    add_member(other, add_branch(other, "青山镇学校党支部"), 900)
    other.close()
    panel = BackupPanel(context)
    qtbot.addWidget(panel)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(other_path), ""))
    answers = [QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No]  # 替换？ yes; another database: no
    asked: list[str] = []

    def question(*args, **_kwargs):  # type: ignore[no-untyped-def]
        asked.append(str(args[2]))
        return answers.pop(0) if answers else QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", question)
    panel.restore_from_file()
    qtbot.waitUntil(lambda: any("不是当前数据库的备份" in q for q in asked), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: context.db.path == db_path.resolve(), timeout=WAIT_MS)
    assert count(db_path) == 3  # told what each is, the user said no: nothing replaced
    panel.restore_from_file()
    qtbot.waitUntil(lambda: any("已从备份恢复" in m for m in message_boxes.kinds), timeout=WAIT_MS)
    assert count(db_path) == 1 and "恢复后有些记录比恢复前少" in message_boxes.kinds[-1]  # TY-10: told per kind


def _without_figures(package: Path) -> None:
    """A package as an older version wrote it: a header with record counts only (no 回收站 split, no
    在册 figure) — the header's new keys taken out, as the description reads it (not restored)."""
    import json
    import struct

    from branchdesk.db import sealed_backup

    blob = package.read_bytes()
    start = len(sealed_backup.MAGIC) + 4
    (length,) = struct.unpack(">I", blob[len(sealed_backup.MAGIC):start])
    header = json.loads(blob[start:start + length].decode("utf-8"))
    header.pop("live"), header.pop("on_roster")
    old = json.dumps(header, ensure_ascii=False).encode("utf-8")
    package.write_bytes(sealed_backup.MAGIC + struct.pack(">I", len(old)) + old + blob[start + length:])


def test_a_sealed_package_picked_to_restore_from_is_told_by_what_it_holds(  # type: ignore[no-untyped-def]
        qtbot, context, tmp_path: Path, monkeypatch, message_boxes) -> None:
    """从文件恢复… of a .bdsealed: the question named only its path; it now says what the package holds,
    read from its header (no password needed for that) — 在册党员 and the record areas as the list says
    them; a package of an older version, whose header has the row counts only, says 在册党员人数未知 and
    counts the 回收站's records with the others (said so); a damaged one says its records are 未知."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QFileDialog, QInputDialog

    package = tmp_path / "U盘" / "支部台账.bdsealed"
    backups.backup_encrypted(context.db, package, "正确的密码 123")
    picked = [package]
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a, **_k: (str(picked[0]), ""))
    monkeypatch.setattr(QInputDialog, "getText", lambda *_a, **_k: ("正确的密码 123", True))
    panel = BackupPanel(context)
    qtbot.addWidget(panel)
    panel.show()
    button = next(b for b in panel.findChildren(type(panel.restore_button)) if b.text() == "从文件恢复…")
    button.setFocus()
    message_boxes.answer = message_boxes.answer.No

    QTest.keyClick(button, Qt.Key.Key_Space)
    question = message_boxes.questions[-1]
    assert str(package) in question and "加密备份 · 已加密" in question, question
    assert "在册党员 3 人 · 共 4 条记录" in question, question
    assert "备份中的记录：党组织 1 个，党员 3 人（含已离开）" in question and "回收站" not in question, question

    _without_figures(package)
    QTest.keyClick(button, Qt.Key.Key_Space)
    question = message_boxes.questions[-1]
    assert "在册党员人数未知" in question and "党员 3 人（含已离开）" in question, question
    assert "（含回收站中的记录）" in question, question

    damaged = tmp_path / "U盘" / "坏的.bdsealed"
    damaged.write_bytes(package.read_bytes()[:len("BranchDesk-sealed") + 3])
    picked[0] = damaged
    QTest.keyClick(button, Qt.Key.Key_Space)
    question = message_boxes.questions[-1]
    assert str(damaged) in question and "备份中的记录：未知" in question, question
    assert len(message_boxes.questions) == 3
