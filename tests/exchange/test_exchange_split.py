"""A 上报 larger than one 数据包 takes (envelope.MAX_PAYLOAD, 320 MB; lowered here to keep it fast) is
written as several packages (services/exchange/package_size.py): each carries every record without a
file and a share of the records with files (a meeting with its photos, a 帮扶附件), is sealed and
signed on its own, and the receiver merges them in any order. The receiver confirms the packages up to
the first one missing, which is named; the next 上报 carries again only what was not confirmed.

The branch here photographs its meetings as a school's branch does (three phone photos a sitting,
made smaller: 300 KB of random bytes each, so they do not compress) and keeps 帮扶 material."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from branchdesk.db.engine import Database
from branchdesk.db.models import Meeting, MeetingAttachment, MentoringActivity, MentoringAttachment
from branchdesk.db.stored_file import MB
from branchdesk.domain.meetings.sitting import MeetingInput
from branchdesk.domain.mentoring.log import ActivityInput
from branchdesk.domain.mentoring.records import KIND_TEACHER, PairInput
from branchdesk.services.errors import ServiceError
from branchdesk.services.exchange import envelope
from branchdesk.services.exchange import records as exchange
from branchdesk.services.exchange.state import load_peers
from branchdesk.services.exchange.tables import registry
from branchdesk.services.meetings import records as meetings
from branchdesk.services.mentoring.log import save_activity
from branchdesk.services.mentoring.records import save_pair
from tests.exchange.exchange_helpers import branch_gid, member, open_db, org_id, snapshot

TODAY = date(2026, 11, 20)
PHOTO = 300 * 1024
CAP = int(1.8 * MB)  # three sittings of 1.2 MB with photos and two 帮扶 files of 0.4 MB: three packages


@dataclass
class World:
    committee: Database
    other: Database  # the same committee, for the same 上报 as one package
    branch: Database
    folder: Path


def _copy(source: Path, target: Path) -> Database:
    shutil.copy(source, target)
    return open_db(target)


@pytest.fixture
def world(_pair_files: tuple[Path, Path], tmp_path: Path) -> Iterator[World]:
    committee_file, branch_file = _pair_files
    dbs = [_copy(committee_file, tmp_path / "党委.sqlite"), _copy(committee_file, tmp_path / "党委副本.sqlite"),
           _copy(branch_file, tmp_path / "支部.sqlite")]
    yield World(dbs[0], dbs[1], dbs[2], tmp_path)
    for db in dbs:
        db.close()


def _photos(folder: Path, day: date, count: int) -> list[Path]:
    photos = []
    for n in range(1, count + 1):
        photo = folder / f"IMG_{day:%m%d}_{n}.jpg"
        photo.write_bytes(os.urandom(PHOTO))
        photos.append(photo)
    return photos


def _year_of_photos(world: World) -> None:
    """Three 主题党日 with three photos each, two 帮扶 activities with material, and a 党员 edited."""
    db, folder = world.branch, world.folder
    branch_id = org_id(db, "第一党支部")
    for day in (date(2026, 9, 20), date(2026, 10, 20), date(2026, 11, 10)):
        attendees = meetings.default_attendees(db, branch_id, day, ("主题党日",))
        data = MeetingInput(branch_id=branch_id, kinds=("主题党日",), date=day, topic=f"{day.month}月主题党日",
                            place="会议室", host="书记", recorder="组织委员", content="学习讨论", attendees=attendees)
        meeting_id = meetings.save_meeting(db, data).record.id
        for photo in _photos(folder, day, 3):
            meetings.add_attachment_file(db, meeting_id, photo)
    pair = save_pair(db, PairInput(kind=KIND_TEACHER, branch="第一党支部", mentor_id=member(db, "第一党员1").id,
                                   mentee_name="林晓雯", mentee_category="青年教师", start_date=date(2026, 9, 1),
                                   dimensions=["业务"]), today=TODAY)
    for day in (date(2026, 10, 9), date(2026, 10, 23)):
        save_activity(db, pair.id, ActivityInput(day, "听课", 1), files=_photos(folder, day, 1), today=TODAY)


def _peer(db: Database) -> tuple[int, int, int]:
    with db.session() as s:
        peer = load_peers(s.connection())[0]
        return peer.sent_seq, peer.acked_seq, peer.received_seq


def _files(db: Database) -> list[tuple[str, int]]:
    with db.session() as s:
        stored = [(r.filename, len(r.data or b"")) for r in s.scalars(select(MeetingAttachment))]
        stored += [(r.file_name, len(r.data or b"")) for r in s.scalars(select(MentoringAttachment))]
        return sorted(stored)


def _split(world: World, monkeypatch: pytest.MonkeyPatch, out: Path | None = None) -> exchange.ExportResult:
    monkeypatch.setattr(envelope, "MAX_PAYLOAD", CAP)
    folder = out or world.folder / "U盘" / "数据包"
    folder.mkdir(parents=True, exist_ok=True)
    return exchange.export_package(world.branch, folder)


def test_a_branch_with_attachments_over_the_cap_sends_three_packages(
        world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    _year_of_photos(world)
    sent_before = _peer(world.branch)[0]
    written = _split(world, monkeypatch)

    assert written.parts == 3 and len(written.files) == 3
    assert [path.name.split("_")[-1] for path in written.files] == ["第1个共3个.bdpkg", "第2个共3个.bdpkg",
                                                                   "第3个共3个.bdpkg"]
    assert all(path.exists() for path in written.files)
    assert sorted(p.name for p in written.files[0].parent.iterdir()) == sorted(p.name for p in written.files)
    assert _peer(world.branch)[0] == sent_before + 3  # one number each
    text = written.to_text()
    assert "分成 3 个数据包" in text and "第 1 个，共 3 个" in text and "第 3 个，共 3 个" in text
    assert str(written.files[0].parent) in text
    # each is one the receiver takes for its size (the receiver's own measure, applied to its content)
    for path in written.files:
        parsed = envelope.parse(envelope.read_file(path), envelope.PACKAGE_MAGIC)
        assert parsed.header["parts"] == 3 and parsed.header["format"] == envelope.PART_FORMAT


def test_importing_3_1_2_gives_the_same_database_as_one_big_package(
        world: World, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    _year_of_photos(world)
    # the same 上报 as one package, from a copy of the branch as it is now, into the other committee
    world.branch.close()
    whole_branch = _copy(tmp_path / "支部.sqlite", tmp_path / "支部副本.sqlite")
    world.branch = open_db(tmp_path / "支部.sqlite")
    try:
        one = exchange.export_package(whole_branch, tmp_path / "一个.bdpkg")
    finally:
        whole_branch.close()
    assert one.parts == 1
    merged_whole = exchange.import_package(world.other, one.path)
    assert merged_whole.ok, merged_whole.message

    written = _split(world, monkeypatch)
    first, second, third = written.files
    results = [exchange.import_package(world.committee, path) for path in (third, first, second)]
    assert all(r.status == "merged" and r.ok for r in results), [r.message for r in results]
    assert "还差第 1、2 个" in results[0].message and "还差第 2 个" in results[1].message
    assert "3 个数据包都已接收" in results[2].message and not results[2].missing

    owners = {branch_gid(world.committee, "第一党支部")}
    assert snapshot(world.committee, owners) == snapshot(world.other, owners)
    assert _files(world.committee) == _files(world.other) and len(_files(world.committee)) == 11
    assert _peer(world.committee)[2] == written.seq + 2  # the whole 上报 received


def test_importing_only_the_first_and_third_names_the_missing_one(
        world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    _year_of_photos(world)
    written = _split(world, monkeypatch)
    first, second, third = written.files
    received_before = _peer(world.committee)[2]

    one = exchange.import_package(world.committee, first)
    assert one.ok and one.part == 1 and one.missing == (2, 3)
    three = exchange.import_package(world.committee, third)
    assert three.ok and three.missing == (2,)
    assert "第 3 个，共 3 个" in three.message and "还差第 2 个" in three.message
    # the records without files arrived whole with the first (both 帮扶 activities); a sitting comes
    # whole with its photos: two are here with three photos each, the one in the second package is not
    with world.committee.session() as s:
        assert s.scalar(select(func.count()).select_from(MentoringActivity)) == 2
        sittings = list(s.scalars(select(Meeting).where(Meeting.topic.like("%月主题党日"))))
        assert len(sittings) == 2
        for sitting in sittings:
            photos = select(func.count()).select_from(MeetingAttachment).where(MeetingAttachment.meeting_id == sitting.id)
            assert s.scalar(photos) == 3
    assert len(_files(world.committee)) == 11 - 3 - 1
    # confirmed to the branch: the first only (the packages up to the first missing one)
    assert received_before < _peer(world.committee)[2] == written.seq
    again = exchange.import_package(world.committee, third)
    assert again.status == "already" and "还差第 2 个" in again.message

    two = exchange.import_package(world.committee, second)
    assert two.ok and not two.missing and len(_files(world.committee)) == 11
    assert _peer(world.committee)[2] == written.seq + 2


def test_resending_after_the_confirmation_sends_nothing_twice(
        world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    _year_of_photos(world)
    written = _split(world, monkeypatch)
    for path in written.files:
        assert exchange.import_package(world.committee, path).ok
    down = exchange.export_package(world.committee, world.folder / "下发.bdpkg")
    confirmed = exchange.import_package(world.branch, down.path)
    assert confirmed.ok and confirmed.confirmed == 1 + 3  # (the joining 上报 of the fixture, and the three)
    assert _peer(world.branch)[1] == written.seq + 2

    after = exchange.export_package(world.branch, world.folder / "再次上报.bdpkg")
    assert after.parts == 1 and after.records == 0  # nothing of the three goes again


def _missing_records(world: World) -> int:
    """The branch's records with files the committee does not hold yet (sittings, 帮扶附件)."""
    with world.committee.session() as s:
        sittings = s.scalar(select(func.count()).select_from(Meeting).where(Meeting.topic.like("%月主题党日")))
        files = s.scalar(select(func.count()).select_from(MentoringAttachment))
    return (3 - int(sittings or 0)) + (2 - int(files or 0))


@pytest.mark.parametrize("arrived", [(1, 2), (1, 3), (2, 3)])
def test_a_confirmation_of_some_of_the_packages_leaves_them_out_of_the_next(
        world: World, monkeypatch: pytest.MonkeyPatch, arrived: tuple[int, int]) -> None:
    """The receiver confirms the packages up to the first one missing; the next 上报 carries the records
    with files of those after it (and nothing of the records every package carried), and the one
    found late is already merged."""
    _year_of_photos(world)
    written = _split(world, monkeypatch)
    for place in arrived:
        assert exchange.import_package(world.committee, written.files[place - 1]).ok
    confirmed = {(1, 2): 2, (1, 3): 1, (2, 3): 0}[arrived]
    down = exchange.export_package(world.committee, world.folder / "下发.bdpkg")
    assert exchange.import_package(world.branch, down.path).ok
    assert _peer(world.branch)[1] == written.seq - 1 + confirmed

    # what those confirmed carried does not go again; the rest does, whatever the committee already has
    carried_again = _missing_records(world) if confirmed else written.records
    again = _split(world, monkeypatch, world.folder / "再次")
    assert again.records >= carried_again
    if arrived == (1, 2):  # exactly the third package's records with files
        assert again.records == carried_again > 0
    if confirmed:
        assert set(again.counts) <= {"meetings", "mentoring_attachments"}
        assert again.records < written.records
    for path in again.files:
        assert exchange.import_package(world.committee, path).ok
    assert len(_files(world.committee)) == 11 and _missing_records(world) == 0
    missing = ({1, 2, 3} - set(arrived)).pop()
    late = exchange.import_package(world.committee, written.files[missing - 1])  # the lost one, found later
    assert late.status == "already", late.message


def test_one_record_whose_files_alone_pass_the_cap_is_refused_naming_it(
        world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    _year_of_photos(world)
    monkeypatch.setattr(envelope, "MAX_PAYLOAD", 1 * MB)  # a sitting with its photos is 1.2 MB
    sent_before = _peer(world.branch)[0]
    out = world.folder / "包"
    out.mkdir()
    with pytest.raises(ServiceError) as refused:
        exchange.export_package(world.branch, out)
    message = str(refused.value)
    assert "无法分成几个数据包" in message and "月主题党日" in message and "没有写出数据包" in message
    assert list(out.iterdir()) == [] and _peer(world.branch)[0] == sent_before


def test_a_named_file_becomes_several_beside_it(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    _year_of_photos(world)
    monkeypatch.setattr(envelope, "MAX_PAYLOAD", CAP)
    written = exchange.export_package(world.branch, world.folder / "上报.bdpkg")
    assert [p.name for p in written.files] == ["上报_第1个共3个.bdpkg", "上报_第2个共3个.bdpkg", "上报_第3个共3个.bdpkg"]
    assert not (world.folder / "上报.bdpkg").exists()


def test_no_record_refers_to_a_record_that_carries_files() -> None:
    """The split keeps a record with files whole in one package and every other record in each; a
    record referring to one with files could arrive before it. None does (package_size.py)."""
    tables = registry()
    holders = {table.parent.target if table.parent else table.name for table in tables.values() if table.stored_file}
    assert holders
    referring = [(name, ref.column) for name, table in tables.items() for ref in table.references
                 if ref.target in holders and ref is not table.parent]
    assert referring == []


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_packages_lost_late_and_out_of_order_lose_nothing(
        world: World, monkeypatch: pytest.MonkeyPatch, seed: int) -> None:
    """Rounds of new photographed sittings and edits, each 上报 split, its packages delivered in any order,
    some only later or never, the committee's 下发 (its confirmation) now and then: once everything is
    sent again and delivered, the committee holds the branch's records and files exactly."""
    import random

    chance = random.Random(seed)
    db, folder = world.branch, world.folder
    branch_id = org_id(db, "第一党支部")
    monkeypatch.setattr(envelope, "MAX_PAYLOAD", 300 * 1024)  # (a sitting holds 3 photos at most: 0.2 MB)
    held: list[Path] = []  # packages delivered late (or never)
    photos: dict[int, int] = {}  # sitting -> photos
    split: list[int] = []
    for round_ in range(6):
        for _ in range(chance.randint(2, 4)):
            day = date(2026, 1 + len(photos) // 4, 1 + len(photos) % 4 * 7)
            attendees = meetings.default_attendees(db, branch_id, day, ("主题党日",))
            data = MeetingInput(branch_id=branch_id, kinds=("主题党日",), date=day, topic=f"第{len(photos)}次主题党日",
                                place="会议室", host="书记", recorder="组织委员", content="学习", attendees=attendees)
            sitting = meetings.save_meeting(db, data).record.id
            photos[sitting] = chance.randint(1, 2)
            for n in range(photos[sitting]):
                meetings.add_attachment(db, sitting, f"IMG_{sitting}_{n}.jpg", os.urandom(50 * 1024))
        room = [sitting for sitting, count in photos.items() if count < 3]
        if room and chance.random() < 0.5:  # a photo added to an older sitting
            sitting = chance.choice(room)
            photos[sitting] += 1
            meetings.add_attachment(db, sitting, f"补充_{round_}.jpg", os.urandom(50 * 1024))
        written = exchange.export_package(db, folder / f"第{round_}轮")
        split.append(written.parts)
        files = list(written.files)
        chance.shuffle(files)
        for path in files:
            if chance.random() < 0.3:
                held.append(path)
            else:
                assert exchange.import_package(world.committee, path).status != "refused"
        if held and chance.random() < 0.4:
            late = held.pop(chance.randrange(len(held)))
            assert exchange.import_package(world.committee, late).status != "refused"
        if chance.random() < 0.6:
            down = exchange.export_package(world.committee, folder / f"下发{round_}.bdpkg")
            assert exchange.import_package(db, down.path).ok
    assert max(split) >= 2, split
    for _ in range(2):  # everything not confirmed, sent again and delivered; then the confirmation
        for path in exchange.export_package(db, folder / "最后").files:
            assert exchange.import_package(world.committee, path).ok
        down = exchange.export_package(world.committee, folder / "最后下发.bdpkg")
        assert exchange.import_package(db, down.path).ok
    owners = {branch_gid(world.committee, "第一党支部")}
    assert snapshot(world.committee, owners) == snapshot(db, owners)
    assert _files(world.committee) == _files(db)
    assert exchange.export_package(db, folder / "之后.bdpkg").records == 0


def test_a_large_xiafa_is_split_too_and_the_branch_takes_it_in_any_order(
        world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    """下发 the same way: sittings the committee recorded for the branch, with their photos, reach the
    branch's PC in two packages received second first."""
    committee, branch = world.committee, world.branch
    branch_id = org_id(committee, "第一党支部")
    for day in (date(2026, 9, 20), date(2026, 10, 20)):
        attendees = meetings.default_attendees(committee, branch_id, day, ("主题党日",))
        data = MeetingInput(branch_id=branch_id, kinds=("主题党日",), date=day, topic=f"{day.month}月主题党日",
                            place="会议室", host="书记", recorder="组织委员", content="学习讨论", attendees=attendees)
        meeting_id = meetings.save_meeting(committee, data).record.id
        for photo in _photos(world.folder, day, 3):
            meetings.add_attachment_file(committee, meeting_id, photo)
    monkeypatch.setattr(envelope, "MAX_PAYLOAD", CAP)
    down = exchange.export_package(committee, world.folder, to="第一党支部")
    assert down.parts == 2 and "下发" in down.path.name and "分成 2 个数据包" in down.to_text()
    second = exchange.import_package(branch, down.files[1])
    assert second.ok and second.missing == (1,) and "还差第 1 个" in second.message
    first = exchange.import_package(branch, down.files[0])
    assert first.ok and not first.missing and "2 个数据包都已接收" in first.message
    owners = {branch_gid(committee, "第一党支部")}
    assert snapshot(branch, owners) == snapshot(committee, owners)
    assert len(_files(branch)) == 6


def test_a_package_whose_place_does_not_add_up_is_refused(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    """Signed with the branch's keys but numbered wrongly (a modified client): refused, nothing written.
    A package of several is written in a format an older version refuses as another version's."""
    from branchdesk.services.exchange import packages

    _year_of_photos(world)
    genuine = envelope.seal_packed

    def seal(header: dict[str, object], packed: envelope.Packed, keys: envelope.KeyPair, box: bytes) -> envelope.Sealed:
        return genuine({**header, "first": 1} if header.get("part") == 2 else header, packed, keys, box)

    monkeypatch.setattr(packages, "seal_packed", seal)
    written = _split(world, monkeypatch)
    before = _files(world.committee)
    refused = exchange.import_package(world.committee, written.files[1])
    assert refused.status == "refused" and "分包编号不对" in refused.message and _files(world.committee) == before
    parsed = envelope.parse(envelope.read_file(written.files[0]), envelope.PACKAGE_MAGIC)
    assert parsed.header["format"] == envelope.PART_FORMAT != envelope.FORMAT
