"""Review rev6 R6-3: after the 党委 refused a second, different
第 2 号 (the branch restored a backup on a PC without exchange_numbers.json), a 下发 from the 党委
carries ack = 2 — its own, first 第 2 号 — and the branch takes it as confirming the refused package:
the changes it made after the restore were never sent again, and the 党委 silently lacked them. Now
each side records the digest of the packages it writes, a 下发 names the one it merged under its ack, and
the branch confirms only its own."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from branchdesk.services.exchange import packages
from branchdesk.services.exchange import records as exchange
from branchdesk.services.storage import backups
from tests.exchange.exchange_helpers import edit_member, member, open_db, send


def test_a_downlink_after_a_refused_number_does_not_lose_the_branchs_changes(  # type: ignore[no-untyped-def]
        joined, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    committee, branch = joined
    usb = tmp_path / "U盘"
    usb.mkdir()
    backup = backups.backup_now(branch).path
    edit_member(branch, "第一党员1", phone="13012227450")
    second = exchange.export_package(branch, usb)
    assert exchange.import_package(committee, second.path).ok
    shutil.move(second.path, tmp_path / "收到的第2号.bdpkg")
    monkeypatch.setattr(packages.numbering, "last_sent", lambda *_: 0)  # a PC without the record
    path = branch.path
    branch.close()
    backups.restore_backup(path, backup)
    branch = open_db(path)
    try:
        edit_member(branch, "第一党员2", phone="13800000000")
        again = exchange.export_package(branch, usb)
        assert again.seq == 2 and not exchange.import_package(committee, again.path).ok  # refused (TS-5)
        again.path.unlink()
        down = tmp_path / "下发"
        down.mkdir()
        assert send(committee, branch, down).ok  # the 党委 sends before the branch reports again
        up = tmp_path / "上报"
        up.mkdir()
        assert send(branch, committee, up).ok  # merged as 第 3 号
        assert member(committee, "第一党员2").phone == "13800000000"  # failed before: '' — the change never came
    finally:
        branch.close()
