"""附件 in the meeting record form, clicked as a user does: a new record asks to be saved first; a
saved one takes a photo (kept in the database), saves it elsewhere unchanged, and lets it go again —
the list showing the record as it is after each change."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QListWidget, QPushButton, QWidget

from branchdesk.domain.meetings.records import MeetingKind
from branchdesk.services.meetings.records import get_meeting, prefill, save_meeting
from branchdesk.ui.context import AppContext
from branchdesk.ui.meetings.meeting_dialog import MeetingDialog
from tests.meetings.helpers import make_branch


def _click(dialog: QWidget, text: str) -> None:
    next(b for b in dialog.findChildren(QPushButton) if b.text() == text).click()


def _listed(dialog: QWidget) -> list[str]:
    [shown] = dialog.findChildren(QListWidget)
    return [shown.item(i).text() for i in range(shown.count())]


def test_attachments_are_added_saved_elsewhere_and_removed(qtbot, db, tmp_path: Path, monkeypatch,  # type: ignore[no-untyped-def]
                                                           message_boxes) -> None:
    branch = make_branch(db)
    data = prefill(db, MeetingKind.COMMITTEE.value, branch_id=branch.id, on=date(2026, 6, 30))
    new = MeetingDialog(AppContext(db), data, None, None)
    qtbot.addWidget(new)
    _click(new, "添加照片或扫描件…")
    assert message_boxes.texts == ["请先保存会议记录，再添加附件。"] and _listed(new) == []

    record = save_meeting(db, data).record
    dialog = MeetingDialog(AppContext(db), record.to_input(), record, None)
    qtbot.addWidget(dialog)
    photo = tmp_path / "签到表.jpg"
    photo.write_bytes(b"\xff\xd8\xff" + bytes(range(256)) * 8)
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *_a, **_k: ([str(photo)], ""))
    _click(dialog, "添加照片或扫描件…")
    assert _listed(dialog) == ["签到表.jpg（3 KB）"]
    assert [a.filename for a in get_meeting(db, record.id).attachments] == ["签到表.jpg"]
    assert dialog.record is not None and len(dialog.record.attachments) == 1  # the form holds the record as it is

    [shown] = dialog.findChildren(QListWidget)
    shown.setCurrentRow(0)
    copy = tmp_path / "另存.jpg"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(copy), ""))
    _click(dialog, "另存为…")
    assert copy.read_bytes() == photo.read_bytes()

    _click(dialog, "移除")
    assert _listed(dialog) == [] and not get_meeting(db, record.id).attachments


def test_a_file_over_the_limit_is_refused_without_reading_it_whole(qtbot, db, tmp_path: Path, monkeypatch,  # type: ignore[no-untyped-def]
                                                                   message_boxes) -> None:
    """A video picked by mistake was read whole into memory before its size was looked at. Now no
    more than one byte past the limit is read, and the form says it is too big (nothing added)."""
    import tracemalloc

    from branchdesk.services.meetings import records

    monkeypatch.setattr(records, "MAX_ATTACHMENT_BYTES", 1024 * 1024)
    branch = make_branch(db)
    record = save_meeting(db, prefill(db, MeetingKind.COMMITTEE.value, branch_id=branch.id, on=date(2026, 6, 30))).record
    dialog = MeetingDialog(AppContext(db), record.to_input(), record, None)
    qtbot.addWidget(dialog)
    video = tmp_path / "会议录像.mp4"
    with video.open("wb") as handle:
        handle.truncate(64 * 1024 * 1024)  # sparse: 64 MB that take no disk
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *_a, **_k: ([str(video)], ""))
    tracemalloc.start()
    try:
        _click(dialog, "添加照片或扫描件…")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 16 * 1024 * 1024, peak
    assert len(message_boxes.texts) == 1 and "会议录像.mp4" in message_boxes.texts[0] and "超过 1 MB" in message_boxes.texts[0]
    assert _listed(dialog) == [] and not get_meeting(db, record.id).attachments


def test_saving_a_photo_stored_under_a_path_proposes_its_bare_name(qtbot, db, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                                   monkeypatch) -> None:
    """Trial R, TR-1: a name an older version kept as a 数据包 brought it ("../../x", "C:\\…\\x.bat") is
    proposed by 另存为 as its bare file name, never as the path (one Enter away from writing there)."""
    from sqlalchemy import text

    branch = make_branch(db)
    record = save_meeting(db, prefill(db, MeetingKind.COMMITTEE.value, branch_id=branch.id, on=date(2026, 6, 30))).record
    photo = tmp_path / "签到表.jpg"
    photo.write_bytes(b"\xff\xd8\xff photo")
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *_a, **_k: ([str(photo)], ""))
    dialog = MeetingDialog(AppContext(db), record.to_input(), record, None)
    qtbot.addWidget(dialog)
    _click(dialog, "添加照片或扫描件…")
    proposed: list[str] = []

    def cancel(_parent: QWidget, _title: str, name: str, *_rest: object) -> tuple[str, str]:
        proposed.append(name)
        return "", ""  # the user cancels: only the proposed name matters here

    monkeypatch.setattr(QFileDialog, "getSaveFileName", cancel)
    [shown] = dialog.findChildren(QListWidget)
    for stored in ("../../逃出.jpg", "C:\\Users\\Public\\Startup\\x.bat", "/etc/cron.d/x"):
        with db.engine.begin() as connection:  # as an older version stored it, past today's checks
            connection.execute(text("UPDATE meeting_attachments SET filename = :n"), {"n": stored})
        shown.setCurrentRow(0)
        _click(dialog, "另存为…")
    assert proposed == ["逃出.jpg", "x.bat", "x"]
