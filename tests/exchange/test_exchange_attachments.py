"""Attached files in a 数据包 (trial R): a name that is a path ("../../x", "/abs/x.sh", "C:\\…") is kept
as a bare file name when merged, and 另存 writes only inside the folder chosen (TR-1); an attachment
over the window's limit, or whose content is not the size it declares, refuses the package before its
content is decoded, naming the record and the file (TR-3).

The packages are forged as trial R did: the branch's own keys seal a payload altered on the way
(`packages.seal_package` wrapped) — what a modified client, or anyone holding the branch's keys, sends."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from branchdesk.db.engine import Database
from branchdesk.db.models import MentoringAttachment
from branchdesk.domain.mentoring.log import ActivityInput
from branchdesk.domain.mentoring.records import KIND_TEACHER, PairInput
from branchdesk.services.attachment_files import save_into_folder
from branchdesk.services.exchange import envelope, packages
from branchdesk.services.exchange import records as exchange
from branchdesk.services.mentoring.log import activity_files, save_activity
from branchdesk.services.mentoring.records import save_pair
from tests.exchange.exchange_helpers import member

TODAY = date(2026, 11, 20)
Payload = dict[str, Any]


def _activity_with_file(branch: Database, folder: Path) -> int:
    pair = save_pair(branch, PairInput(kind=KIND_TEACHER, branch="第一党支部", mentor_id=member(branch, "第一党员1").id,
                                       mentee_name="林晓雯", mentee_category="青年教师", start_date=date(2026, 9, 1),
                                       dimensions=["业务"]), today=TODAY)
    note = folder / "听课记录.txt"
    note.write_text("听课：第三节 数学", encoding="utf-8")
    return save_activity(branch, pair.id, ActivityInput(date(2026, 10, 9), "听课", 1), files=[note], today=TODAY).id


def _attachments(payload: Payload) -> list[Payload]:
    return [u for u in payload["units"] if u["t"] == "mentoring_attachments"]


def _forged(branch: Database, folder: Path, monkeypatch: pytest.MonkeyPatch, alter: Callable[[Payload], None]) -> Path:
    """The branch's next 上报 with its payload changed by `alter`, sealed with the branch's own keys."""
    genuine = envelope.seal_packed

    def seal(header: Payload, packed: envelope.Packed, keys: Any, box: bytes) -> envelope.Sealed:
        content = json.loads(packed.content())
        alter(content)
        return genuine(header, envelope.Packed.of(json.dumps(content, ensure_ascii=False).encode("utf-8")), keys, box)

    with monkeypatch.context() as patch:
        patch.setattr(packages, "seal_packed", seal)
        return exchange.export_package(branch, folder / "forged.bdpkg").path


def _stored(db: Database) -> list[tuple[str, int, int]]:
    with db.session() as s:
        return [(r.file_name, r.size, len(r.data)) for r in s.scalars(select(MentoringAttachment)
                                                                      .order_by(MentoringAttachment.id))]


def _files_under(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*") if p.is_file()}


def test_attachment_names_that_are_paths_are_merged_as_file_names_and_saved_inside_the_folder(
        joined: tuple[Database, Database], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    committee, branch = joined
    _activity_with_file(branch, tmp_path)
    outside = tmp_path / "别处" / "TR_escape_abs.sh"

    def traversal(payload: Payload) -> None:
        first = _attachments(payload)[0]
        first["row"]["file_name"] = "../../TR_escape_rel.txt"
        for number, name in enumerate((str(outside), "C:\\Users\\Public\\Start Menu\\Programs\\Startup\\x.bat",
                                       "..\\..\\AppData\\CON.txt", "..")):
            twin = json.loads(json.dumps(first))
            twin["g"] = f"{number + 1:032x}"
            twin["row"]["file_name"] = name
            payload["units"].append(twin)

    result = exchange.import_package(committee, _forged(branch, tmp_path, monkeypatch, traversal))
    assert result.ok, result.message
    names = [name for name, _size, _length in _stored(committee)]
    assert names == ["TR_escape_rel.txt", "TR_escape_abs.sh", "x.bat", "_CON.txt", ""]

    work = tmp_path / "工作 区"
    chosen = work / "帮扶 附件" / "第一党支部 听课"
    chosen.mkdir(parents=True)
    with committee.session() as s:
        activity_id = s.scalars(select(MentoringAttachment.activity_id)).first()
    assert activity_id is not None
    written = save_into_folder(chosen, activity_files(committee, activity_id))
    assert _files_under(work) == set(written) and all(p.parent == chosen for p in written)
    assert sorted(p.name for p in written) == ["TR_escape_abs.sh", "TR_escape_rel.txt", "_CON.txt", "x.bat", "附件"]
    assert not outside.exists() and not (tmp_path / "TR_escape_rel.txt").exists()


def test_names_stored_as_paths_by_an_older_version_are_saved_inside_the_folder(tmp_path: Path) -> None:
    chosen = tmp_path / "另存 目录" / "附件 夹"
    chosen.mkdir(parents=True)
    planted = tmp_path / "planted.sh"
    files = [("../../逃出.txt", b"a"), (str(planted), b"b"), ("..\\..\\x.bat", b"c"), ("/", b"d"),
             ("听课记录.txt", b"e"), ("听课记录.txt", b"f")]
    written = save_into_folder(chosen, files)
    assert [p.name for p in written] == ["逃出.txt", "planted.sh", "x.bat", "附件", "听课记录.txt", "听课记录（2）.txt"]
    assert _files_under(tmp_path) == set(written)
    assert [p.read_bytes() for p in written] == [b"a", b"b", b"c", b"d", b"e", b"f"]


def _attachment_count(db: Database) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(MentoringAttachment)) or 0


def test_an_attachment_over_the_limit_refuses_the_package_naming_the_record_and_the_file(
        joined: tuple[Database, Database], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from branchdesk.db.stored_file import MB

    committee, branch = joined
    _activity_with_file(branch, tmp_path)
    big = bytes(21 * MB)  # zeros: the package stays small, its content does not

    def bigatt(payload: Payload) -> None:
        row = _attachments(payload)[0]["row"]
        row["data"], row["size"] = base64.b64encode(big).decode("ascii"), len(big)

    path = _forged(branch, tmp_path, monkeypatch, bigatt)
    assert path.stat().st_size < MB
    result = exchange.import_package(committee, path)
    assert result.status == "refused"
    assert "帮扶活动 2026-10-09 听课的帮扶附件“听课记录.txt”有 21.0 MB" in result.message and "20 MB" in result.message
    assert _attachment_count(committee) == 0


def test_a_meeting_photo_over_the_limit_is_named_with_its_meeting(
        joined: tuple[Database, Database], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file that belongs to a record (a meeting's photo) is named with the record: 会议记录, its date
    and topic, then the file; the meeting's own limit (30 MB) is the one applied."""
    from branchdesk.db.models import Meeting, MeetingAttachment
    from branchdesk.db.stored_file import MB
    from branchdesk.services.meetings.records import add_attachment
    from tests.exchange.exchange_helpers import meeting_with

    committee, branch = joined
    meeting_with(branch, "第一党支部", "第一党员1", date(2026, 10, 9))
    with branch.session() as s:
        meeting_id = s.scalars(select(Meeting.id)).one()
    add_attachment(branch, meeting_id, "签到表.jpg", b"\xff\xd8 photo")
    big = bytes(31 * MB)

    def bigphoto(payload: Payload) -> None:
        for unit in payload["units"]:
            for entry in (unit.get("kids") or {}).get("meeting_attachments", []):
                entry["row"]["data"], entry["row"]["size"] = base64.b64encode(big).decode("ascii"), len(big)

    result = exchange.import_package(committee, _forged(branch, tmp_path, monkeypatch, bigphoto))
    assert result.status == "refused"
    assert "会议记录 2026-10-09 专题学习的会议附件“签到表.jpg”" in result.message and "30 MB" in result.message
    with committee.session() as s:
        assert s.scalar(select(func.count()).select_from(MeetingAttachment)) == 0


def test_an_attachment_whose_content_is_not_its_declared_size_refuses_the_package(
        joined: tuple[Database, Database], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    committee, branch = joined
    _activity_with_file(branch, tmp_path)

    def sizelie(payload: Payload) -> None:
        _attachments(payload)[0]["row"]["size"] = 5

    result = exchange.import_package(committee, _forged(branch, tmp_path, monkeypatch, sizelie))
    assert result.status == "refused"
    assert "听课记录.txt" in result.message and "大小" in result.message
    assert _attachment_count(committee) == 0


def test_a_genuine_attachment_still_arrives_whole(joined: tuple[Database, Database], tmp_path: Path) -> None:
    committee, branch = joined
    _activity_with_file(branch, tmp_path)
    assert exchange.import_package(committee, exchange.export_package(branch, tmp_path / "p.bdpkg").path).ok
    content = "听课：第三节 数学".encode()
    assert _stored(committee) == [("听课记录.txt", len(content), len(content))]


def test_a_small_package_that_expands_beyond_the_limit_is_refused_while_it_is_decompressed(
        joined: tuple[Database, Database], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A zip bomb: a few KB that would expand to more than the package limit. Decompression counts
    and stops at the limit (here lowered to 4 MB, the bomb 6 MB), nothing is written."""
    import zlib

    from branchdesk.db.stored_file import MB
    from branchdesk.services.exchange import envelope

    assert envelope.MAX_PAYLOAD <= 512 * MB  # what a PC with 4 GB survives (four times over while merging)
    committee, branch = joined
    _activity_with_file(branch, tmp_path)
    monkeypatch.setattr(envelope, "MAX_PAYLOAD", 4 * MB)

    def bomb(payload: bytes, level: int = 6) -> bytes:
        packer = zlib.compressobj(9)
        chunks = [packer.compress(payload[:-1])]
        chunks += [packer.compress(b" " * MB) for _ in range(6)]  # JSON allows the spaces: only the size is wrong
        return b"".join([*chunks, packer.compress(payload[-1:]), packer.flush()])

    def bomb_pack(pieces: Any) -> envelope.Packed:
        content = b"".join(pieces)
        return envelope.Packed(bytearray(bomb(content)), len(content), None)

    with monkeypatch.context() as patch:
        patch.setattr(packages, "pack", bomb_pack)
        path = exchange.export_package(branch, tmp_path / "bomb.bdpkg").path
    assert path.stat().st_size < 64 * 1024
    result = exchange.import_package(committee, path)
    assert result.status == "refused" and "4 MB" in result.message and "没有写入任何内容" in result.message
    assert _attachment_count(committee) == 0
    monkeypatch.setattr(envelope, "MAX_PAYLOAD", 16 * MB)  # the same package within the limit merges
    assert exchange.import_package(committee, path).ok and _attachment_count(committee) == 1


def test_a_value_longer_than_any_attachment_stops_the_decompression_naming_the_file(
        joined: tuple[Database, Database], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Trial R's 200 MB attachment is refused while the package is decompressed, as soon as one value
    runs past the longest an attachment can be — before the rest is expanded or parsed (here the
    stretch is lowered to 2 MB and the attachment is 3 MB, which the 20 MB check after would take)."""
    from branchdesk.db.stored_file import MB
    from branchdesk.services.exchange import envelope

    committee, branch = joined
    _activity_with_file(branch, tmp_path)
    content = bytes(3 * MB)

    def long_value(payload: Payload) -> None:
        row = _attachments(payload)[0]["row"]
        row["data"], row["size"] = base64.b64encode(content).decode("ascii"), len(content)

    path = _forged(branch, tmp_path, monkeypatch, long_value)
    pieces: list[int] = []
    real_fits = envelope._Stretch.fits

    def counted(self: Any, piece: bytes) -> bool:
        pieces.append(len(piece))
        return real_fits(self, piece)

    monkeypatch.setattr(envelope, "MAX_TEXT", 2 * MB)
    monkeypatch.setattr(envelope, "_PIECE", 256 * 1024)
    monkeypatch.setattr(envelope._Stretch, "fits", counted)
    result = exchange.import_package(committee, path)
    assert result.status == "refused"
    assert "附件“听课记录.txt”大于 1 MB" in result.message and "没有写入任何内容" in result.message
    assert sum(pieces) < 2.5 * MB  # stopped at the long value: the rest was never expanded
    assert _attachment_count(committee) == 0


def test_the_longest_value_allowed_holds_the_largest_attachment_any_window_takes() -> None:
    from branchdesk.services.exchange import envelope
    from branchdesk.services.exchange.tables import registry

    largest = max(t.stored_file.limit for t in registry().values() if t.stored_file is not None)
    assert envelope.MAX_TEXT >= (largest + 2) // 3 * 4 > envelope._PIECE  # base64 of the largest; pieces shorter
