"""The command line end to end on real files: demo, export, template, import (dry run and real),
check, and the error paths a user meets."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import openpyxl

from branchdesk.cli.main import main
from branchdesk.services import session
from branchdesk.services.roster.records import list_members


def test_demo_export_reimport_round_trip(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "演示 数据" / "demo.sqlite"
    assert main(["demo", "--db", str(db)]) == 0
    assert "121 名党员" in capsys.readouterr().out
    assert main(["demo", "--db", str(db)]) == 1  # never over real data
    assert "已有党员数据" in capsys.readouterr().out

    out = tmp_path / "导出 花名册.xlsx"
    assert main(["export", "roster", "--db", str(db), "--out", str(out), "--unmasked"]) == 0
    sheet = openpyxl.load_workbook(out).active
    names = [sheet.cell(r, 2).value for r in range(4, sheet.max_row + 1)]
    count = len(names)  # the demo's 120 members plus those the development demo admitted
    assert count >= 120 and "阿依古丽·买买提" in names

    fresh = tmp_path / "fresh.sqlite"
    assert main(["import", "roster", str(out), "--db", str(fresh), "--dry-run"]) == 0
    assert f"将新增 {count} 条" in capsys.readouterr().out
    assert main(["import", "roster", str(out), "--db", str(fresh)]) == 0
    assert f"已新增 {count} 条" in capsys.readouterr().out
    database = session.open(fresh)
    try:
        assert len(list_members(database)) == count
    finally:
        database.close()
    assert main(["import", "roster", str(out), "--db", str(fresh)]) == 0
    assert f"{count} 条无变化" in capsys.readouterr().out


def test_failed_import_exits_non_zero_and_names_rows(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "bad.xlsx"
    workbook = openpyxl.Workbook()
    workbook.active.append(["姓名", "公民身份号码", "所在党支部", "人员类别", "入党日期"])
    workbook.active.append(["王喆", "110105194912310021", "一支部", "正式党员", "2001-07-01"])
    workbook.save(path)
    db = tmp_path / "x.sqlite"
    assert main(["import", "roster", str(path), "--db", str(db)]) == 1
    out = capsys.readouterr().out
    assert "第 2 行，公民身份号码（B 列）" in out and "没有写入任何数据" in out


def test_template_and_check_json(tmp_path: Path, capsys, demo_file) -> None:  # type: ignore[no-untyped-def]
    template = tmp_path / "模板.xlsx"
    assert main(["template", "roster", "--out", str(template)]) == 0
    headers = [c.value for c in openpyxl.load_workbook(template).active[3]]
    assert headers[:2] == ["序号", "姓名*"]
    db = tmp_path / "c.sqlite"
    shutil.copyfile(demo_file(date(2026, 11, 20)), db)  # the demo school (`branchdesk demo --as-of 2026-11-20`)
    capsys.readouterr()
    assert main(["check", "--year", "2026", "--as-of", "2026-11-20", "--db", str(db), "--json"]) == 0
    findings = json.loads(capsys.readouterr().out)
    assert isinstance(findings, list)
    for finding in findings:
        assert {"severity", "message"} <= set(finding)
        assert finding["severity"] in ("error", "warning", "info")


def test_unopenable_database_message(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    bogus = tmp_path / "bogus.sqlite"
    bogus.write_text("hello")
    assert main(["export", "roster", "--db", str(bogus), "--out", str(tmp_path / "o.xlsx")]) == 3
    assert "无法打开数据库" in capsys.readouterr().out
    kept = [f for f in tmp_path.iterdir() if f.name.startswith("bogus.sqlite")]
    assert [f.read_text() for f in kept] == ["hello"]  # left alone or renamed aside, never overwritten


def test_python_dash_m_entry_point(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "branchdesk", "template", "roster", "--out",
                             str(tmp_path / "t.xlsx")], capture_output=True, text=True, encoding="utf-8", check=False)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "t.xlsx").exists()


def test_a_mistyped_db_is_not_created_by_reading_commands(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    missing = tmp_path / "typo.sqlite"
    assert main(["check", "--db", str(missing)]) == 3
    assert main(["export", "roster", "--db", str(missing), "--out", str(tmp_path / "o.xlsx")]) == 3
    assert "找不到数据库文件" in capsys.readouterr().out
    assert not missing.exists()


def test_an_unreadable_file_spends_no_backup(tmp_path: Path, demo_file) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.paths import backup_folder

    db = tmp_path / "d.sqlite"
    shutil.copyfile(demo_file(), db)  # a school's data (the demo)
    session.open(db).close()  # the day's automatic backup is taken at this open (the check writes nothing: it takes none)
    before = set(backup_folder().glob("*")) if backup_folder().exists() else set()
    bad = tmp_path / "坏文件.xlsx"
    bad.write_text("not a workbook")
    assert main(["import", "roster", str(bad), "--db", str(db)]) == 1
    after = set(backup_folder().glob("*")) if backup_folder().exists() else set()
    assert after == before


def test_check_text_shows_the_reason_given_for_a_finding(tmp_path: Path, capsys, demo_file) -> None:  # type: ignore[no-untyped-def]
    """A reason kept when a record was saved despite a warning (说明) is printed under its finding, as
    the window shows it beside the finding."""
    from branchdesk.services.checks import run_checks
    from branchdesk.services.finding_notes import save_reasons

    db = tmp_path / "c.sqlite"
    shutil.copyfile(demo_file(date(2026, 11, 20)), db)
    database = session.open(db)
    try:
        first = run_checks(database, year=2026, as_of=date(2026, 11, 20))[0]
        save_reasons(database, [first], "上级党委书面同意延期召开")
    finally:
        database.close()
    capsys.readouterr()
    assert main(["check", "--year", "2026", "--as-of", "2026-11-20", "--db", str(db)]) == 0
    lines = capsys.readouterr().out.splitlines()
    at = next(i for i, line in enumerate(lines) if first.message in line)
    assert lines[at + 1].strip() == "说明：上级党委书面同意延期召开"
