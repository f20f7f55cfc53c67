"""Bad input for importers, formula text in exports, a full disk during an import (issue 8): a clear
message within seconds, bounded memory, and the database byte-for-byte as it was."""

from __future__ import annotations

import resource
import sqlite3
import time
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import event

from branchdesk.cli.main import main
from branchdesk.db import migrate
from branchdesk.db.engine import make_engine
from branchdesk.io.roster_xlsx import HEADERS
from branchdesk.io.xlsx_writer import set_value
from branchdesk.services import session
from branchdesk.services.roster.excel import export_roster, import_roster
from branchdesk.services.roster.records import list_members
from tests import xlsx_attacks as attack
from tests.safety_helpers import add_branch, add_member

VALID_ID = "11010519491231002X"


def snapshot(path: Path) -> tuple[bytes, bytes]:
    wal = Path(f"{path}-wal")
    return path.read_bytes(), wal.read_bytes() if wal.exists() else b""


def roster_file(path: Path, rows: list[list[object]], headers: list[str] = HEADERS) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["党员花名册"])
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def good_row(name: str = "王芳", id_number: str = VALID_ID) -> list[object]:
    return [1, name, "", "汉族", id_number, "", "本科", "第一党支部", "", "正式党员", "1975-07-01", "1976-07-01",
            "教师", "13800000000", ""]


def _bad_files(folder: Path) -> dict[str, tuple[Path, str]]:
    good = roster_file(folder / "good.xlsx", [good_row()])
    truncated = folder / "截断.xlsx"
    truncated.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    text = folder / "其实是文本.xlsx"
    text.write_text("姓名,公民身份号码\n王芳,110105\n", encoding="utf-8")
    csv = folder / "花名册.csv"
    csv.write_text("姓名\n", encoding="utf-8")
    ole = folder / "加密.xlsx"
    ole.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 4096)
    empty = folder / "空.xlsx"
    empty.write_bytes(b"")
    no_columns = roster_file(folder / "缺列.xlsx", [["王芳", VALID_ID, "一支部", "正式党员", "女"]],
                             headers=["姓名", "公民身份号码", "所在党支部", "人员类别", "性别"])
    blank = roster_file(folder / "只有表头.xlsx", [[None] * 15] * 30)
    million = attack.write_xlsx(folder / "百万行.xlsx", [attack.header_row(), *(
        '<row><c t="inlineStr"><is><t>1</t></is></c><c t="inlineStr"><is><t>张三</t></is></c></row>'
        for _ in range(1_000_000))])
    bomb = attack.write_xlsx(folder / "压缩炸弹.xlsx", [attack.header_row(), *attack.padding(310_000_000)])
    laughs = attack.write_xlsx(folder / "实体.xlsx", [attack.header_row(), '<row r="2">' + attack.cell("B2", "&lol9;")
                                                    + attack.cell("C2", "&xxe;") + "</row>"], doctype=DOCTYPE)
    return {
        "truncated": (truncated, "不是有效的 .xlsx"),
        "text": (text, "不是有效的 .xlsx"),
        "csv": (csv, "不是 Excel 工作簿"),
        "encrypted": (ole, "加密"),
        "empty": (empty, "不是有效的 .xlsx"),
        "missing columns": (no_columns, "缺少必需的列"),
        "blank rows": (blank, "没有任何党员数据"),
        "million rows": (million, "超过 200000 行"),
        "bomb": (bomb, "过大"),
        "entities": (laughs, "无法读取"),
    }


DOCTYPE = ('<!DOCTYPE r [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
           + "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(3, 10))
           + '<!ENTITY xxe SYSTEM "file:///etc/passwd">]>')


def test_openpyxl_parses_through_defusedxml() -> None:
    from openpyxl.xml import DEFUSEDXML

    assert DEFUSEDXML is True


def test_bad_workbooks_are_refused_fast_and_write_nothing(db, db_path: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    add_member(db, add_branch(db), 1)
    db.release()  # no background fold of that save (db/wal_fold.py) moves the bytes compared below
    before = snapshot(db_path)
    memory_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    for name, (path, expected) in _bad_files(tmp_path).items():
        started = time.process_time()  # the work done, not the wall clock: a busy machine must not fail it
        report = import_roster(db, path)
        elapsed = time.process_time() - started
        text = report.to_text()
        assert not report.ok and expected in text, (name, text)
        assert "root:" not in text  # an external entity was never resolved
        assert elapsed < 5, (name, elapsed)
        assert snapshot(db_path) == before, name
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - memory_before) / 1024
    assert grown_mb < 400, grown_mb


def test_entities_are_not_expanded_by_the_openpyxl_path(tmp_path: Path) -> None:
    from branchdesk.io.roster_xlsx import ROSTER_COLUMNS
    from branchdesk.io.xlsx_reader import ImportFileError, read_table

    path = attack.write_xlsx(
        tmp_path / "e.xlsx", [attack.header_row(), '<row r="2">' + attack.cell("B2", "&xxe;") + "</row>"],
        doctype=DOCTYPE)
    with pytest.raises(ImportFileError) as caught:
        read_table(path, ROSTER_COLUMNS)
    assert "root:" not in str(caught.value)


def test_merged_cells_in_roster_mean_every_row_they_cover(db, db_path: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = roster_file(tmp_path / "合并.xlsx", [good_row(), good_row("李明", "110105194912310038")])
    workbook = openpyxl.load_workbook(path)
    workbook.active["H4"] = None
    workbook.active.merge_cells("H3:H4")  # 所在党支部 merged over two members
    workbook.save(path)
    report = import_roster(db, path)
    assert report.ok, report.problems
    assert {m.branch for m in list_members(db)} == {workbook.active["H3"].value}


def test_formula_text_is_exported_as_text(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    branch = add_branch(db)
    member = add_member(db, branch, 1)
    from branchdesk.db.models import Member

    attacks = ["=HYPERLINK(\"http://evil\",\"点我\")", "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]
    with db.session() as s:
        s.get(Member, member).note = attacks[0]
        s.get(Member, member).position = attacks[1]
    out = tmp_path / "导出.xlsx"
    export_roster(db, out, masked=True)
    sheet = openpyxl.load_workbook(out).active
    cells = [c for row in sheet.iter_rows() for c in row if c.value in attacks[:2]]
    assert len(cells) == 2 and all(c.data_type == "s" for c in cells)

    workbook = openpyxl.Workbook()
    for index, text in enumerate(attacks, start=1):
        set_value(workbook.active.cell(row=index, column=1), text)
    path = tmp_path / "公式.xlsx"
    workbook.save(path)
    sheet = openpyxl.load_workbook(path).active
    assert [sheet.cell(row=i, column=1).data_type for i in range(1, 7)] == ["s"] * 6
    read_back = [sheet.cell(row=i, column=1).value for i in range(1, 7)]
    assert read_back == [a.replace("\r", "\n") for a in attacks]  # XML itself turns CR into LF


def test_full_disk_during_import_reports_and_keeps_database(db_path: Path, tmp_path: Path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    database = session.open(db_path)
    add_member(database, add_branch(database), 1)
    database.close()
    migrate.open_database(db_path).close()  # today's automatic backup is made now, not during the test
    before_members = sqlite3.connect(db_path).execute("SELECT count(*) FROM members").fetchone()[0]

    def full_disk_engine(target):  # type: ignore[no-untyped-def]
        engine = make_engine(target)

        @event.listens_for(engine, "commit")
        def _fail(_connection) -> None:  # type: ignore[no-untyped-def]
            raise sqlite3.OperationalError("database or disk is full")

        return engine

    monkeypatch.setattr(migrate, "make_engine", full_disk_engine)
    path = roster_file(tmp_path / "花名册.xlsx", [good_row(), good_row("李明", "110105194912310038")])
    assert main(["import", "roster", str(path), "--db", str(db_path)]) == 5
    assert "磁盘已满" in capsys.readouterr().out
    monkeypatch.undo()
    database = session.open(db_path)
    try:
        assert len(list_members(database, include_left=True)) == before_members
    finally:
        database.close()


def test_locked_database_reports_and_writes_nothing(db_path: Path, tmp_path: Path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.db import engine as engine_module

    database = session.open(db_path)
    add_member(database, add_branch(database), 1)
    database.close()
    migrate.open_database(db_path).close()
    monkeypatch.setattr(engine_module, "BUSY_TIMEOUT_MS", 300)
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another program is in the middle of writing
    try:
        path = roster_file(tmp_path / "花名册.xlsx", [good_row()])
        started = time.perf_counter()
        assert main(["import", "roster", str(path), "--db", str(db_path)]) == 5
        assert time.perf_counter() - started < 5
        assert "正被另一个" in capsys.readouterr().out
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert sqlite3.connect(db_path).execute("SELECT count(*) FROM members").fetchone()[0] == 1
