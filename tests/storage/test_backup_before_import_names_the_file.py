"""The backup list at 1366×768 showed seven rows "2026-12-05 01:55 导入前" one under the other: a
secretary undoing a wrong import could not tell which backup was taken before which file. A backup
taken before an import now names the file it was taken before — "导入前（三会一课台账2026.xlsx）" — in
the list, the restore question and `branchdesk backup --list`; encrypting the backups keeps it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl

from branchdesk.cli.main import main
from branchdesk.db.migrate import open_database
from branchdesk.domain.idcard import make_id_number
from branchdesk.io.roster_xlsx import HEADERS
from branchdesk.services.storage import backups
from branchdesk.services.storage import encryption as service
from tests.safety_helpers import add_branch


def _roster(path: Path, name: str, id_number: str) -> Path:
    """A school's 花名册: a title row over the header, one member."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["第一党支部党员花名册（2026年12月）"])
    sheet.append(HEADERS)
    sheet.append([1, name, "", "汉族", id_number, "", "本科", "第一党支部", "", "正式党员", "1975-07-01", "1976-07-01",
                  "教师", "13800000000", ""])
    workbook.save(path)
    return path


def test_the_backup_before_an_import_names_the_file(db, db_path: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    add_branch(db)
    db.close()
    first = _roster(tmp_path / "花名册 第一批.xlsx", "王芳", "11010519491231002X")
    second = _roster(tmp_path / "花名册 补录.xlsx", "李明", make_id_number("110105", date(1950, 3, 2), 31, male=True))
    for file in (first, second):
        assert main(["import", "roster", str(file), "--db", str(db_path)]) == 0
    capsys.readouterr()

    db = open_database(db_path, auto_backup=False)
    kinds = [e.kind for e in backups.list_backups(db) if e.reason == "导入前"]
    assert kinds == ["导入前（花名册 补录.xlsx）", "导入前（花名册 第一批.xlsx）"], kinds
    assert main(["backup", "--db", str(db_path), "--list"]) == 0
    listed = capsys.readouterr().out
    assert "导入前（花名册 第一批.xlsx） · " in listed and "导入前（花名册 补录.xlsx） · " in listed, listed

    service.enable(db, "支部密码-2026", "支部密码-2026")  # the backups are encrypted, their sidecars written again
    listed_now = [e for e in backups.list_backups(db) if e.reason == "导入前"]
    db.close()
    assert [e.kind for e in listed_now] == ["导入前（花名册 补录.xlsx）", "导入前（花名册 第一批.xlsx）"]
    outcome = backups.restore_backup(db_path, listed_now[0].path)  # undoing the second import
    assert outcome.to_text().startswith("已从备份恢复：" + f"{listed_now[0].created:%Y-%m-%d %H:%M} 导入前（花名册 补录.xlsx）")
    assert "与恢复前相比：党员（含已离开） -1" in outcome.to_text()


def test_a_backup_made_by_hand_or_each_day_is_named_as_before(db) -> None:  # type: ignore[no-untyped-def]
    add_branch(db)
    entry = backups.backup_now(db)
    assert entry.kind == "手动备份" and entry.note == ""
    assert " 手动备份 · " in entry.summary


def _as_an_older_version_wrote_it(backup: Path, *, earlier_by: int = 0, database: Path | None = None) -> Path:
    """The backup as a version before the file's name was kept left it: its sidecar without "note";
    `earlier_by` minutes: named that much earlier (its import then wrote nothing, something later did)."""
    import json
    from datetime import timedelta

    from branchdesk.db import backup_info

    sidecar = backup_info.sidecar_path(backup)
    data = json.loads(sidecar.read_text(encoding="utf-8"))
    data.pop("note")
    sidecar.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    if not earlier_by or database is None:
        return backup
    when = backup_info.read_info(backup).created - timedelta(minutes=earlier_by)
    moved = backup.with_name(backup_info.backup_name(database, "before-import", when))
    backup.rename(moved)
    sidecar.rename(backup_info.sidecar_path(moved))
    return moved


def test_a_backup_made_before_the_file_was_named_says_which_import(db, db_path: Path, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                                   capsys) -> None:
    """A before-import backup made by an older version names no file: the list, the restore question
    and `backup --list` said "导入前" and nothing else. What can still be known is said — the import
    it was taken before, read from the rows the import wrote right after it — and that the file's name
    was not kept; when that cannot be known, "导入前" alone, never an empty "（）"."""
    add_branch(db)
    db.close()
    first = _roster(tmp_path / "花名册 第一批.xlsx", "王芳", "11010519491231002X")
    second = _roster(tmp_path / "花名册 补录.xlsx", "李明", make_id_number("110105", date(1950, 3, 2), 31, male=True))
    for file in (first, second):
        assert main(["import", "roster", str(file), "--db", str(db_path)]) == 0
    db = open_database(db_path, auto_backup=False)
    newer, older = [e.path for e in backups.list_backups(db) if e.reason == "导入前"]
    _as_an_older_version_wrote_it(newer)
    _as_an_older_version_wrote_it(older, earlier_by=30, database=db_path)  # its import refused; the next save half an hour later
    capsys.readouterr()

    kinds = [e.kind for e in backups.list_backups(db) if e.reason == "导入前"]
    assert kinds == ["导入前（党员花名册，未记录文件名）", "导入前"], kinds
    assert main(["backup", "--db", str(db_path), "--list"]) == 0
    listed = capsys.readouterr().out
    assert "导入前（党员花名册，未记录文件名） · " in listed and "（）" not in listed, listed
    db.close()
