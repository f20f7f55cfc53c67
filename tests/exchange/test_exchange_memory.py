"""A large 上报 is written in bounded memory (NOTE11, package size): each package's files are read from
the database only when that package is built, one record at a time, and let go once it is written —
never a list of every unconfirmed file's bytes (services/exchange/package_size.Plan.pieces,
serialise.FileLater). Here small: 30 sittings with three photos of 100 KB of random bytes (9 MB), the
cap lowered to 1.5 MB (about ten packages)."""

from __future__ import annotations

import os
import tracemalloc
import weakref
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from branchdesk.db.engine import Database
from branchdesk.db.stored_file import MB
from branchdesk.domain.meetings.sitting import MeetingInput
from branchdesk.services.exchange import envelope, package_size, packages, serialise
from branchdesk.services.exchange import records as exchange
from branchdesk.services.meetings import records as meetings
from tests.exchange.exchange_helpers import org_id

PHOTO = 100 * 1024
SITTINGS = 30
CAP = int(1.5 * MB)


def _sittings(db: Database, folder: Path, count: int = SITTINGS, photos: int = 3, first: date = date(2026, 1, 5)) -> None:
    branch_id = org_id(db, "第一党支部")
    for n in range(count):
        day = first + timedelta(days=7 * n)
        attendees = meetings.default_attendees(db, branch_id, day, ("主题党日",))
        data = MeetingInput(branch_id=branch_id, kinds=("主题党日",), date=day, topic=f"{day:%m%d}主题党日",
                            place="会议室", host="书记", recorder="组织委员", content="学习讨论", attendees=attendees)
        meeting_id = meetings.save_meeting(db, data).record.id
        for k in range(photos):
            photo = folder / f"IMG_{day:%m%d}_{k}.jpg"
            photo.write_bytes(os.urandom(PHOTO))
            meetings.add_attachment_file(db, meeting_id, photo)


class _Filled(dict[str, Any]):
    """A record with its files read (weakly referenced: counted while it is alive)."""


def test_a_split_send_holds_one_records_files_at_a_time(
        joined: tuple[Database, Database], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    committee, branch = joined
    _sittings(branch, tmp_path)
    _sittings(branch, tmp_path, count=4, photos=0, first=date(2026, 9, 7))  # (records without files)
    monkeypatch.setattr(envelope, "MAX_PAYLOAD", CAP)
    genuine = serialise.with_files
    alive: dict[int, int] = {}
    most = [0]

    def counted(connection: Any, unit: dict[str, Any]) -> dict[str, Any]:
        filled = _Filled(genuine(connection, unit))
        size = sum(len(e["row"]["data"] or "") for e in filled.get("kids", {}).get("meeting_attachments", []))
        alive[id(filled)] = size
        weakref.finalize(filled, alive.pop, id(filled), None)
        most[0] = max(most[0], sum(alive.values()))
        return filled

    monkeypatch.setattr(packages, "with_files", counted)
    encodings: dict[str, int] = {}
    encode = package_size._encoded

    def encoded(unit: dict[str, Any]) -> bytes:
        encodings[unit["g"]] = encodings.get(unit["g"], 0) + 1
        return encode(unit)

    monkeypatch.setattr(package_size, "_encoded", encoded)
    folder = tmp_path / "U盘"
    folder.mkdir()
    tracemalloc.start()
    try:
        written = exchange.export_package(branch, folder)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    photos = SITTINGS * 3 * PHOTO
    assert written.parts >= 5
    assert 0 < most[0] <= 3 * ((PHOTO + 2) // 3 * 4)  # one sitting's photos (base64) read at a time
    # a record without files is encoded once, its text going into every package; one with files twice
    # (measured without them, then written with them)
    assert sorted(encodings.values()) == [1] * 4 + [2] * SITTINGS
    # everything the export held at its peak: about one package twice (compressed, then encrypted) and
    # one sitting's photos, never the photos of every package (9 MB, 12 MB in base64; before, 12 MB
    # were held at the peak for 16 sittings, 6 MB now)
    assert peak < 5 * CAP < photos
    for path in written.files:
        assert exchange.import_package(committee, path).ok
    with committee.session() as s:
        from sqlalchemy import func, select

        from branchdesk.db.models import Meeting, MeetingAttachment

        assert s.scalar(select(func.count()).select_from(MeetingAttachment)) == SITTINGS * 3
        assert (s.scalar(select(func.count()).select_from(Meeting)) or 0) >= SITTINGS + 4
        assert s.scalar(select(func.sum(func.length(MeetingAttachment.data)))) == photos
