"""A 上报 whose content would expand past what a receiver takes (envelope.MAX_PAYLOAD, TR-3) is never
written as one package: the receiver would refuse it, and the sender would believe it sent. The sender
measures the content as the receiver does, before anything is sealed: past the limit it is split
(test_exchange_split.py); what cannot be split is refused, saying how much is waiting and what to do —
nothing is written and the package number is not used up. (The limit is lowered here to keep it fast.)"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

from branchdesk.db.engine import Database
from branchdesk.db.stored_file import MB
from branchdesk.domain.mentoring.log import ActivityInput
from branchdesk.domain.mentoring.records import KIND_TEACHER, PairInput
from branchdesk.services.errors import ServiceError
from branchdesk.services.exchange import envelope, packages
from branchdesk.services.exchange import records as exchange
from branchdesk.services.exchange.state import load_peers
from branchdesk.services.mentoring.log import save_activity
from branchdesk.services.mentoring.records import save_pair
from tests.exchange.exchange_helpers import member

TODAY = date(2026, 11, 20)


def _activities_with_files(branch: Database, folder: Path, count: int, size: int) -> None:
    pair = save_pair(branch, PairInput(kind=KIND_TEACHER, branch="第一党支部", mentor_id=member(branch, "第一党员1").id,
                                       mentee_name="林晓雯", mentee_category="青年教师", start_date=date(2026, 9, 1),
                                       dimensions=["业务"]), today=TODAY)
    for day in range(1, count + 1):
        photo = folder / f"签到照片{day}.jpg"
        photo.write_bytes(os.urandom(size))
        save_activity(branch, pair.id, ActivityInput(date(2026, 10, day), "听课", 1), files=[photo], today=TODAY)


def _sent(db: Database) -> int:
    with db.session() as s:
        return load_peers(s.connection())[0].sent_seq


def test_a_package_the_receiver_would_refuse_for_its_size_is_not_written(
        joined: tuple[Database, Database], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Past the limit a 上报 is split (test_exchange_split.py); one that cannot be — a single record whose
    files alone pass it — is refused, naming it."""
    committee, branch = joined
    _activities_with_files(branch, tmp_path, count=4, size=700 * 1024)  # 2.7 MB of files, 3.7 MB in the package
    before = _sent(branch)
    monkeypatch.setattr(envelope, "MAX_PAYLOAD", 900 * 1024)  # one file is 0.93 MB in the package
    out = tmp_path / "包"
    out.mkdir()
    with pytest.raises(ServiceError) as refused:
        exchange.export_package(branch, out)
    message = str(refused.value)
    assert "0.9 MB" in message and "附件" in message and "没有写出" in message and "无法分成几个数据包" in message
    assert "约 2.7 MB" in message  # the files waiting, as the user added them
    assert "帮扶活动 2026-10-01 听课的帮扶附件“签到照片1.jpg”" in message  # the record that does not fit
    assert list(out.iterdir()) == []  # nothing written, not even a partial file
    assert _sent(branch) == before  # the number is not used up

    # with room for two files a package, the same 上报 is two packages, each taken by the receiver
    monkeypatch.setattr(envelope, "MAX_PAYLOAD", 2 * MB)
    written = exchange.export_package(branch, out)
    assert written.seq == before + 1 and written.parts == 2
    assert all(exchange.import_package(committee, path).ok for path in written.files)

    # within the limit the same 上报 is written as one package and the receiver takes it whole
    monkeypatch.setattr(envelope, "MAX_PAYLOAD", 8 * MB)
    single = exchange.export_package(branch, out)
    assert single.parts == 1 and single.seq == before + 3
    assert exchange.import_package(committee, single.path).ok


def test_the_senders_measure_is_the_receivers(
        joined: tuple[Database, Database], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A package the sender writes just under the limit is one the receiver takes: the sender splits
    at the very size the receiver would refuse."""
    committee, branch = joined
    _activities_with_files(branch, tmp_path, count=2, size=600 * 1024)
    sizes: list[int] = []
    genuine = envelope.seal_packed

    def seal(header: dict[str, object], packed: envelope.Packed, keys: envelope.KeyPair, box: bytes) -> envelope.Sealed:
        sizes.append(packed.size)
        return genuine(header, packed, keys, box)

    with monkeypatch.context() as patch:
        patch.setattr(packages, "seal_packed", seal)
        probe = exchange.export_package(branch, tmp_path / "probe.bdpkg")
    probe.path.unlink()  # (lost: the next package repeats what it carried)
    assert sizes
    monkeypatch.setattr(envelope, "MAX_PAYLOAD", sizes[0] - 1)
    under = exchange.export_package(branch, tmp_path / "under.bdpkg")
    assert under.parts == 2
    for path in under.files:
        path.unlink()  # (lost too)
    monkeypatch.setattr(envelope, "MAX_PAYLOAD", sizes[0])
    written = exchange.export_package(branch, tmp_path / "exact.bdpkg")
    assert written.parts == 1
    result = exchange.import_package(committee, written.path)
    assert result.ok, result.message


def test_an_attachment_longer_than_any_limit_is_named_and_not_written(
        joined: tuple[Database, Database], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file stored larger than any window takes (an older version's) would stop the receiver's
    decompression (envelope.MAX_TEXT): the sender names it instead of writing the package."""
    _committee, branch = joined
    _activities_with_files(branch, tmp_path, count=1, size=600 * 1024)
    monkeypatch.setattr(envelope, "MAX_TEXT", 512 * 1024)
    monkeypatch.setattr(envelope, "_PIECE", 128 * 1024)
    before = _sent(branch)
    with pytest.raises(ServiceError) as refused:
        exchange.export_package(branch, tmp_path / "p.bdpkg")
    assert "“签到照片1.jpg”" in str(refused.value) and "没有写出" in str(refused.value)
    assert not (tmp_path / "p.bdpkg").exists() and _sent(branch) == before


def test_a_set_up_file_the_branch_would_refuse_for_its_size_is_not_written(
        joined: tuple[Database, Database], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """重新添加 a branch whose records hold more attachments than a set-up file carries: refused before
    anything is written — no file, and the branch's present site is not retired."""
    committee, branch = joined
    _activities_with_files(branch, tmp_path, count=4, size=700 * 1024)
    assert exchange.import_package(committee, exchange.export_package(branch, tmp_path / "p.bdpkg").path).ok
    monkeypatch.setattr(envelope, "MAX_PAYLOAD", 2 * MB)
    with pytest.raises(ServiceError) as refused:
        exchange.add_site(committee, "第一党支部", tmp_path / "setup.bdsetup", replace=True)
    message = str(refused.value)
    assert "设置文件" in message and "2 MB" in message and "约 2.7 MB" in message and "没有写出设置文件" in message
    assert not (tmp_path / "setup.bdsetup").exists()
    with committee.session() as s:
        assert [p.retired_at for p in load_peers(s.connection(), include_retired=True)] == [None]
