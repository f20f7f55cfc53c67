"""设置 → 数据交换 (issue 20) as a person uses it: the committee adds a branch site and reads the code,
the branch joins typing that code, 上报 / 下发 / 接收 run off the GUI thread, the package list and the
sites fill in, and a conflict is decided side by side."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog, QFileDialog, QInputDialog

from branchdesk.ui.context import AppContext
from branchdesk.ui.exchange import exchange_panel as panel_module
from branchdesk.ui.exchange.conflict_dialog import ConflictDialog
from branchdesk.ui.exchange.exchange_panel import ExchangePanel
from branchdesk.ui.exchange.setup_dialogs import AddSiteDialog, JoinDialog, SetupCodeDialog
from branchdesk.ui.settings.settings_page import SettingsPage
from tests.exchange.exchange_helpers import edit_member, make_committee, member, open_db

SHOTS = Path(__file__).resolve().parent.parent.parent / "build" / "screenshots"


def _panel(qtbot, db) -> ExchangePanel:  # type: ignore[no-untyped-def]
    panel = ExchangePanel(AppContext(db))
    qtbot.addWidget(panel)
    panel.resize(1366 - 220, 700)
    _refresh(qtbot, panel)
    return panel


def _refresh(qtbot, panel: ExchangePanel) -> None:  # type: ignore[no-untyped-def]
    panel.refresh()
    qtbot.waitUntil(lambda: panel.refreshed, timeout=20_000)


def _wait(qtbot, messages: list[str], count: int, panel: ExchangePanel) -> None:  # type: ignore[no-untyped-def]
    """Until the action's message is shown and the panel has refreshed itself after it."""
    qtbot.waitUntil(lambda: len(messages) >= count, timeout=30_000)
    qtbot.waitUntil(lambda: panel.refreshed, timeout=20_000)


def test_add_join_send_receive_and_resolve(qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, message_boxes) -> None:  # type: ignore[no-untyped-def]
    messages = message_boxes.kinds
    committee = make_committee(tmp_path / "党委.sqlite")
    branch = open_db(tmp_path / "支部.sqlite")
    desk = _panel(qtbot, committee)
    assert "还没有设置数据交换" in desk.site.text()
    assert not desk.send_button.isVisibleTo(desk) and desk.add_button.isVisibleTo(desk)

    shown: dict[str, str] = {}

    def add_exec(dialog: AddSiteDialog) -> int:
        dialog.branch.setCurrentIndex(0)
        dialog.path.setText(str(tmp_path / "第一党支部.bdsetup"))
        dialog.accept()
        return QDialog.DialogCode.Accepted

    def code_exec(dialog: SetupCodeDialog) -> int:
        shown["code"], shown["fingerprint"] = dialog.code.text(), dialog.fingerprint.text()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(AddSiteDialog, "exec", add_exec)
    monkeypatch.setattr(SetupCodeDialog, "exec", code_exec)
    desk.add_site()
    qtbot.waitUntil(lambda: "code" in shown, timeout=30_000)
    qtbot.waitUntil(lambda: desk.refreshed and desk.peers.rowCount() == 1, timeout=10_000)
    assert "党委站点" in desk.site.text() and "没有加密" in desk.keys.text()
    assert desk.send_button.text() == "下发…" and desk.peers.row_at(0).name == "第一党支部"
    assert desk.packages.row_at(0).kind == "设置文件"

    home = _panel(qtbot, branch)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(tmp_path / "第一党支部.bdsetup"), ""))

    def join_exec(dialog: JoinDialog) -> int:
        assert dialog.fingerprint.text() in shown["fingerprint"]  # the same fingerprint on both screens
        dialog.code.clear()
        QTest.keyClicks(dialog.code, "1234")  # too short: the dialog stays open
        dialog.accept()
        assert dialog.result() != QDialog.DialogCode.Accepted
        dialog.code.clear()
        QTest.keyClicks(dialog.code, shown["code"])
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(JoinDialog, "exec", join_exec)
    home.join()
    _wait(qtbot, messages, 1, home)
    assert messages[-1].startswith("information:") and "已加入" in messages[-1]
    assert home.send_button.text() == "上报…" and not home.join_button.isVisibleTo(home)

    up = tmp_path / "上报.bdpkg"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(up), ""))
    home.send()
    _wait(qtbot, messages, 2, home)
    assert "上报数据包 第 1 号" in messages[-1]
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(up)], ""))
    desk.receive()
    _wait(qtbot, messages, 3, desk)
    assert "已合并第一党支部的上报数据包" in messages[-1]
    assert desk.peers.row_at(0).received == 1 and desk.peers.row_at(0).fingerprint

    edit_member(committee, "第一党员2", phone="13500000002")
    edit_member(branch, "第一党员2", phone="13500000001")
    up2 = tmp_path / "上报2.bdpkg"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(up2), ""))
    home.send()
    _wait(qtbot, messages, 4, home)
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(up2)], ""))
    desk.receive()
    _wait(qtbot, messages, 5, desk)
    assert "两边都修改过" in messages[-1]
    assert desk.conflicts.rowCount() == 1 and "1 条" in desk.conflict_label.text()
    _screenshot(desk, "exchange-panel.png")

    def decide(dialog: ConflictDialog) -> int:
        table = dialog.table
        def rows() -> dict[str, tuple[str, str]]:
            return {table.item(r, 0).text(): (table.item(r, 1).text(), table.item(r, 2).text())
                    for r in range(table.rowCount())}

        assert rows()["联系电话"] == ("135****0002", "135****0001")  # masked until 显示完整 is ticked
        QTest.mouseClick(dialog.show_full, Qt.MouseButton.LeftButton)
        assert rows()["联系电话"] == ("13500000002", "13500000001")
        dialog.resize(900, 520)
        _screenshot(dialog, "exchange-conflict.png")
        QTest.mouseClick(dialog.take_remote, Qt.MouseButton.LeftButton)
        return dialog.result()

    monkeypatch.setattr(ConflictDialog, "exec", decide)
    desk.resolve_selected()
    qtbot.waitUntil(lambda: desk.refreshed, timeout=20_000)
    assert "采用了对方版本" in messages[-1]
    assert member(committee, "第一党员2").phone == "13500000001"
    assert desk.conflicts.rowCount() == 0

    down = tmp_path / "下发.bdpkg"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(down), ""))
    desk.send()
    _wait(qtbot, messages, 7, desk)
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(down)], ""))
    home.receive()
    _wait(qtbot, messages, 8, home)
    assert "已合并" in messages[-1] and home.conflicts.rowCount() == 0
    assert member(branch, "第一党员2").phone == "13500000001"


def test_a_large_send_is_written_as_several_files_and_received_whole(  # type: ignore[no-untyped-def]
        qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, joined) -> None:
    """上报 with more attachments than one package holds (the limit lowered): the box says how many files
    were written and where; choosing them all in 接收 merges them, and the last says all are in."""
    from datetime import date

    from PySide6.QtWidgets import QMessageBox

    from branchdesk.db.stored_file import MB
    from branchdesk.domain.mentoring.log import ActivityInput
    from branchdesk.domain.mentoring.records import KIND_TEACHER, PairInput
    from branchdesk.services.exchange import envelope
    from branchdesk.services.mentoring.log import save_activity
    from branchdesk.services.mentoring.records import save_pair

    committee, branch = joined
    today = date(2026, 11, 20)
    pair = save_pair(branch, PairInput(kind=KIND_TEACHER, branch="第一党支部", mentor_id=member(branch, "第一党员1").id,
                                       mentee_name="林晓雯", mentee_category="青年教师", start_date=date(2026, 9, 1),
                                       dimensions=["业务"]), today=today)
    for day in range(1, 5):
        photo = tmp_path / f"听课照片{day}.jpg"
        photo.write_bytes(bytes(range(256)) * (700 * 4) + day.to_bytes(4, "big") * 1000)
        save_activity(branch, pair.id, ActivityInput(date(2026, 10, day), "听课", 1), files=[photo], today=today)
    monkeypatch.setattr(envelope, "MAX_PAYLOAD", 2 * MB)
    shown: list[tuple[str, str, str]] = []

    def box(kind: str):  # type: ignore[no-untyped-def]
        def record(_parent, title, text, *a, **k):
            shown.append((kind, str(title), str(text)))
            return QMessageBox.StandardButton.Ok
        return record

    def executed(shown_box: QMessageBox) -> int:  # several files received: a line, the rest under 显示详情
        kind = "information" if shown_box.icon() == QMessageBox.Icon.Information else "warning"
        shown.append((kind, shown_box.windowTitle(), shown_box.text() + "\n\n" + shown_box.detailedText()))
        return int(QMessageBox.StandardButton.Ok.value)

    for kind in ("information", "warning", "critical"):
        monkeypatch.setattr(QMessageBox, kind, box(kind))
    monkeypatch.setattr(QMessageBox, "exec", executed)
    usb = tmp_path / "U盘" / "支部 数据包"
    usb.mkdir(parents=True)
    home = _panel(qtbot, branch)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(usb / "第一党支部_上报.bdpkg"), ""))
    QTest.mouseClick(home.send_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(shown) >= 1, timeout=30_000)
    qtbot.waitUntil(lambda: home.refreshed, timeout=20_000)
    kind, title, text = shown[-1]
    assert kind == "information" and title == "已写出 2 个上报数据包", text
    files = sorted(usb.iterdir())
    assert [f.name for f in files] == ["第一党支部_上报_第1个共2个.bdpkg", "第一党支部_上报_第2个共2个.bdpkg"]
    assert "分成 2 个数据包" in text and str(usb) in text and "第 2 个，共 2 个：第一党支部_上报_第2个共2个.bdpkg" in text

    desk = _panel(qtbot, committee)
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(files[1])], ""))
    desk.receive()
    qtbot.waitUntil(lambda: len(shown) >= 2, timeout=30_000)
    qtbot.waitUntil(lambda: desk.refreshed, timeout=20_000)
    assert shown[-1][0] == "information" and "还差第 1 个" in shown[-1][2]
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(f) for f in files], ""))
    desk.receive()
    qtbot.waitUntil(lambda: len(shown) >= 3, timeout=30_000)
    qtbot.waitUntil(lambda: desk.refreshed, timeout=20_000)
    assert shown[-1][0] == "information", shown[-1]
    assert "2 个数据包都已接收" in shown[-1][2] and "已经合并过" in shown[-1][2]
    summary, parts = shown[-1][2].splitlines()[:2]  # what became of the files and of the 上报, before their own lines
    assert summary == "接收了 2 个数据包：1 个已合并，1 个此前已合并过。", summary
    assert parts.startswith("第一党支部的上报（第 ") and parts.endswith("共 2 个数据包）：都已接收。"), parts


def test_committee_chooses_the_site_and_a_refusal_is_a_warning(qtbot, tmp_path: Path, monkeypatch, joined,  # type: ignore[no-untyped-def]
                                                               message_boxes) -> None:
    messages = message_boxes.kinds
    committee, branch = joined
    desk = _panel(qtbot, committee)
    chosen: list[list[str]] = []

    def pick(_parent, _title, _label, names, *a, **k):  # type: ignore[no-untyped-def]
        chosen.append(list(names))
        return names[0], True

    from branchdesk.services.exchange import records as exchange

    exchange.add_site(committee, "第二党支部", tmp_path / "二支部.bdsetup")
    _refresh(qtbot, desk)
    monkeypatch.setattr(QInputDialog, "getItem", pick)
    bad = tmp_path / "坏.bdpkg"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(bad), ""))
    desk.send()
    _wait(qtbot, messages, 1, desk)
    assert chosen == [["第一党支部", "第二党支部"]]
    data = bytearray(bad.read_bytes())
    data[-1] ^= 1
    bad.write_bytes(bytes(data))
    home = _panel(qtbot, branch)
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(bad)], ""))
    home.receive()
    _wait(qtbot, messages, 2, home)
    assert messages[-1].startswith("warning:") and "签名核对不通过" in messages[-1]
    assert home.packages.row_at(0).status == "已拒收"
    assert "被拒收" in home.peers.row_at(0).name + " ".join(
        str(spec.value(home.peers.row_at(0))) for spec in panel_module.PEER_COLUMNS)


def test_settings_page_has_the_exchange_tab(qtbot, db, message_boxes) -> None:  # type: ignore[no-untyped-def]
    page = SettingsPage(AppContext(db))
    qtbot.addWidget(page)
    titles = [page.tabs.tabText(i) for i in range(page.tabs.count())]
    assert "数据交换" in titles
    page.tabs.setCurrentIndex(titles.index("数据交换"))
    panel = page.tabs.currentWidget()
    qtbot.waitUntil(lambda: panel.refreshed, timeout=20_000)
    assert "还没有设置数据交换" in panel.site.text()


def _screenshot(widget, name: str) -> None:  # type: ignore[no-untyped-def]
    """Saved for a person to look at (build/screenshots, not part of the product)."""
    from PySide6.QtWidgets import QApplication

    from branchdesk.ui.fonts import install_cjk_font

    install_cjk_font(QApplication.instance())  # type: ignore[arg-type]
    SHOTS.mkdir(parents=True, exist_ok=True)
    widget.show()
    widget.grab().save(str(SHOTS / name))
