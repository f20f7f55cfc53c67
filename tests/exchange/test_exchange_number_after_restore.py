"""Trial S, TS-5 (false figure; a package file lost): a branch PC that restored a backup numbered its
next 上报 from the backup's count, so it wrote a second "第 2 号" over the first on the USB drive, and
the 党委 merged both without a word. Now the numbers written are kept outside the database too
(services/exchange/numbering.py), so a restore never brings a number back; a package is never
written over another in the folder; and the receiver refuses a second, different package with a
number it already merged, naming both."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from branchdesk.services.errors import ServiceError
from branchdesk.services.exchange import packages
from branchdesk.services.exchange import records as exchange
from branchdesk.services.storage import backups
from tests.exchange.exchange_helpers import edit_member, open_db


def _restored(branch, backup: Path):  # type: ignore[no-untyped-def]
    path = branch.path
    branch.close()
    backups.restore_backup(path, backup)
    return open_db(path)


def test_after_a_restore_the_next_report_takes_a_new_number(joined, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    committee, branch = joined
    usb = tmp_path / "U盘"
    usb.mkdir()
    backup = backups.backup_now(branch).path
    edit_member(branch, "第一党员1", phone="13012227450")
    second = exchange.export_package(branch, usb)
    assert second.seq == 2 and exchange.import_package(committee, second.path).ok
    branch = _restored(branch, backup)
    try:
        edit_member(branch, "第一党员2", phone="13800000000")
        third = exchange.export_package(branch, usb)
        assert third.seq == 3  # failed before: 2 again, written over the first 第 2 号
        assert second.path.exists() and second.path != third.path
        assert exchange.import_package(committee, third.path).ok
    finally:
        branch.close()


def test_the_receiver_refuses_a_second_package_with_a_number_it_merged(  # type: ignore[no-untyped-def]
        joined, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The record outside the database is gone (another PC, an older version): the 党委 tells."""
    committee, branch = joined
    usb = tmp_path / "U盘"
    usb.mkdir()
    backup = backups.backup_now(branch).path
    edit_member(branch, "第一党员1", phone="13012227450")
    second = exchange.export_package(branch, usb)
    assert exchange.import_package(committee, second.path).ok
    kept = tmp_path / "收到的第2号.bdpkg"
    shutil.move(second.path, kept)  # read and moved off the drive
    if hasattr(packages, "numbering"):  # as on a PC without the record
        monkeypatch.setattr(packages.numbering, "last_sent", lambda *_: 0)
    branch = _restored(branch, backup)
    try:
        edit_member(branch, "第一党员2", phone="13800000000")
        again = exchange.export_package(branch, usb)
        assert again.seq == 2
        result = exchange.import_package(committee, again.path)
        assert not result.ok  # failed before: merged as a second 第 2 号
        assert "另一个第 2 号" in result.message and result.message.count(second.path.name) == 2  # both named
        assert "已拒收" in result.message
        shutil.copy(kept, usb / again.path.name.replace("_0002", "_0003"))  # a package of the next number there
        with pytest.raises(ServiceError, match="覆盖"):
            exchange.export_package(branch, usb)
    finally:
        branch.close()
