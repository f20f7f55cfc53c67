"""结对帮扶 attachments are read in pieces, and the 20 MB limit is kept while reading: the size looked
at first may be wrong by the time the file is read (a file still being copied or scanned into, a
file on a network drive), and a file read whole before the limit is checked can fill the memory."""

from __future__ import annotations

import os
import tracemalloc
from datetime import date
from pathlib import Path

import pytest

from branchdesk.db.engine import Database
from branchdesk.domain.mentoring.log import ActivityInput
from branchdesk.services.errors import RuleViolation
from branchdesk.services.mentoring import records
from branchdesk.services.mentoring.log import list_activities, save_activity
from branchdesk.services.mentoring.records import agreement_file, set_agreement
from tests.mentoring.helpers import make_roster, teacher_pair

TODAY = date(2026, 11, 20)
LIMIT = 1024 * 1024


def _grows_after_the_look(monkeypatch: pytest.MonkeyPatch, file: Path, shown_size: int) -> None:
    """`file` reports `shown_size` when its size is looked at, as a file still growing did a moment
    before it was read."""
    real_stat = Path.stat

    def stat(self: Path, *args: object, **kwargs: object) -> os.stat_result:
        result = real_stat(self, *args, **kwargs)  # type: ignore[arg-type]
        if self == file:
            fields = list(result)
            fields[6] = shown_size  # st_size
            return os.stat_result(fields)
        return result

    monkeypatch.setattr(Path, "stat", stat)


def _sparse(path: Path, size: int) -> Path:
    with path.open("wb") as handle:
        handle.truncate(size)  # sparse: no disk taken
    return path


def test_a_file_grown_past_the_limit_after_the_look_is_refused_while_reading(
        db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(records, "MAX_ATTACHMENT_BYTES", LIMIT)
    ids = make_roster(db)
    pair = teacher_pair(db, ids["张建国"], date(2026, 9, 1))
    video = _sparse(tmp_path / "结对协议录像.mp4", 16 * LIMIT)
    _grows_after_the_look(monkeypatch, video, 100)
    tracemalloc.start()
    try:
        with pytest.raises(RuleViolation, match="附件不能超过 1 MB"):
            set_agreement(db, pair.id, date(2026, 9, 2), video, today=TODAY)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 3 * LIMIT, peak  # never the whole 16 MB
    assert agreement_file(db, pair.id) is None


def test_an_activity_with_a_grown_file_is_not_saved(
        db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(records, "MAX_ATTACHMENT_BYTES", LIMIT)
    ids = make_roster(db)
    pair = teacher_pair(db, ids["张建国"], date(2026, 9, 1))
    photo = tmp_path / "家访照片.jpg"
    photo.write_bytes(b"\xff\xd8" + b"x" * (LIMIT + 10))
    _grows_after_the_look(monkeypatch, photo, 2)
    with pytest.raises(RuleViolation, match="家访照片.jpg"):
        save_activity(db, pair.id, ActivityInput(date(2026, 10, 8), "家访", 1), files=[photo], today=TODAY)
    assert list_activities(db, pair.id) == []


def test_a_file_of_exactly_the_limit_is_kept_whole(
        db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(records, "MAX_ATTACHMENT_BYTES", LIMIT)
    ids = make_roster(db)
    pair = teacher_pair(db, ids["张建国"], date(2026, 9, 1))
    scan = tmp_path / "协议.pdf"
    content = bytes(range(256)) * (LIMIT // 256)
    scan.write_bytes(content)
    set_agreement(db, pair.id, date(2026, 9, 2), scan, today=TODAY)
    assert agreement_file(db, pair.id) == ("协议.pdf", content)


def test_a_file_that_cannot_be_read_is_said_in_chinese(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    locked = tmp_path / "协议.pdf"
    locked.write_bytes(b"%PDF")

    def refuse(self: Path, *args: object, **kwargs: object) -> object:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "open", refuse)
    with pytest.raises(RuleViolation, match="无法读取“协议.pdf”：没有权限读取") as caught:
        records.read_attachment(locked)
    assert "Permission" not in str(caught.value)
