"""The import attacks of issue 21, each performed and then answered: rows on a second sheet and after
a long run of blank rows are read, a member in the recycle bin comes back, a far-away cell does not
kill the process, control and look-alike characters are cleaned, a formula without its saved result
is named, and a file full of mistakes gives a short report."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from branchdesk.db.models import Member, Organisation
from branchdesk.domain.vocabulary import OrgKind
from branchdesk.io.roster_xlsx import HEADERS
from branchdesk.services import recycle_bin
from branchdesk.services.import_report import SHOWN
from branchdesk.services.roster.excel import export_roster, import_roster
from branchdesk.services.roster.organisation import create_org, list_orgs
from branchdesk.services.roster.records import list_members
from branchdesk.services.study_hours.excel import import_study_records
from tests import xlsx_attacks as attack
from tests.shared.test_safety_import import VALID_ID, good_row, roster_file

SECOND_ID = "110105194912310038"
IDS = ["11010519491231002X", "110105194912310038", "110105194912310054", "110105194912310070",
       "110105194912310097", "110105194912310118", "110105194912310134"]


def _members(db) -> dict[str, Member]:  # type: ignore[no-untyped-def]
    with db.session() as session:
        rows = list(session.query(Member))
        session.expunge_all()
    return {m.id_number: m for m in rows}


def test_every_sheet_with_the_header_is_read_and_named(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Issue 21 item 3: data on two sheets; only the first was read ("读取 3 行", 4 rows lost)."""
    workbook = openpyxl.Workbook()
    first = workbook.active
    first.title = "一支部"
    second = workbook.create_sheet("二支部")
    notes = workbook.create_sheet("填表说明")
    notes["A1"] = "请按模板填写"
    for sheet, ids in ((first, IDS[:3]), (second, IDS[3:])):
        sheet.append(HEADERS)
        for number in ids:
            sheet.append(good_row(f"党员{'甲乙丙丁戊己庚'[IDS.index(number)]}", number))
    second.cell(row=3, column=5, value="110105194912310099")  # a wrong check digit on the second sheet
    path = tmp_path / "两个工作表.xlsx"
    workbook.save(path)

    report = import_roster(db, path, dry_run=True)
    assert report.rows_read == 7
    assert not report.ok
    text = report.to_text()
    assert "工作表“二支部”第 3 行，公民身份号码（E 列）" in text
    assert "读取了 2 个工作表：“一支部”3 行、“二支部”4 行" in text
    assert "“填表说明”中没有找到表头" in text

    second.cell(row=3, column=5, value=IDS[4])
    workbook.save(path)
    report = import_roster(db, path)
    assert report.ok and report.created == 7, report.to_text()
    assert set(_members(db)) == set(IDS)


def test_rows_after_a_long_run_of_blank_rows_are_read(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Issue 21 item 3: rows after 1,000 blank rows were lost."""
    path = roster_file(tmp_path / "空行.xlsx", [good_row()])
    workbook = openpyxl.load_workbook(path)
    sheet = workbook.active
    for offset, number in enumerate(IDS[1:4]):
        row = good_row(f"党员{'乙丙丁'[offset]}", number)
        for column, value in enumerate(row, start=1):
            sheet.cell(row=3 + 1_500 * (offset + 1), column=column, value=value)
    workbook.save(path)
    report = import_roster(db, path)
    assert report.ok and report.rows_read == 4 and report.created == 4, report.to_text()


def test_a_member_in_the_recycle_bin_is_restored_by_the_import(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Issue 21 item 3: "已更新 1 条" while the member stayed in the recycle bin."""
    path = roster_file(tmp_path / "花名册.xlsx", [good_row(), good_row("李明", SECOND_ID)])
    assert import_roster(db, path).created == 2
    member_id = _members(db)[VALID_ID].id
    recycle_bin.move_to_bin(db, "members", member_id)
    assert VALID_ID not in {m.id_number for m in list_members(db)}

    preview = import_roster(db, path, dry_run=True)
    assert "1 名党员将从回收站恢复" in preview.summary() and preview.status_of(3) == "恢复"
    assert _members(db)[VALID_ID].deleted_at is not None  # a dry run restores nothing

    report = import_roster(db, path)
    assert report.ok and report.restored == 1 and report.updated == 1 and report.unchanged == 1
    assert "第 3 行 王芳：从回收站恢复" in report.to_text()
    assert "1 名党员已从回收站恢复" in report.summary()
    assert VALID_ID in {m.id_number for m in list_members(db)}
    assert not any(i.table == "members" for i in recycle_bin.list_deleted(db))


def test_a_far_away_cell_is_refused_in_chinese_and_the_program_lives(db_path: Path, tmp_path: Path) -> None:
    """Issue 21 item 4: one cell at XFD200000 (a 5 KB file) aborted the process while calamine
    allocated 105 GB. Run in a child process: before the fix it died with SIGABRT."""
    path = attack.write_xlsx(tmp_path / "远处的单元格.xlsx", [
        attack.header_row(), *attack.data_rows(2), '<row r="200000">' + attack.cell("XFD200000", "x") + "</row>"])
    assert path.stat().st_size < 5_000
    for extra in (["--dry-run"], []):
        done = subprocess.run([sys.executable, "-m", "branchdesk", "--db", str(db_path), "import", "roster",
                               str(path), *extra], capture_output=True, text=True, timeout=120)
        assert done.returncode == 1, (done.returncode, done.stderr[-2000:])
        assert "XFD200000" in done.stdout and "远超一份台账的规模" in done.stdout, done.stdout
        assert "memory allocation" not in done.stderr


def test_a_far_away_cell_is_refused_by_every_import_kind(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The bound lives in the shared reader: the window's import (same functions, same process)
    gets the same answer."""
    path = attack.write_xlsx(tmp_path / "far.xlsx", [attack.header_row(), '<row r="3">' + attack.cell("AAA3", "x")
                                                     + '</row><row r="90000">' + attack.cell("ZZ90000", "y") + "</row>"])
    assert "远超一份台账的规模" in import_roster(db, path).to_text()
    create_org(db, "第一党支部", OrgKind.BRANCH)  # past the roster-first refusal (re-trial R2, N-2)
    for report in (import_roster(db, path), import_study_records(db, path)):
        assert not report.ok and "远超一份台账的规模" in report.to_text()


def test_control_characters_are_cleaned_on_import_and_on_every_write(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Issue 21 item 5: a vertical tab (_x000B_, from Word) in 工作岗位 was accepted; then the roster
    export and the year-end workbook failed with IllegalCharacterError."""
    row = good_row()
    row[12] = "教师_x000B_班主任_x0007_"
    path = roster_file(tmp_path / "控制字符.xlsx", [row])
    assert import_roster(db, path).ok
    assert _members(db)[VALID_ID].position == "教师\n班主任"

    with db.session() as session:  # a value stored before imports cleaned (or by another program)
        for member in session.query(Member):
            member.note = "备注\x0b第二行\x1f"
    export_roster(db, tmp_path / "花名册导出.xlsx", masked=False)
    sheet = openpyxl.load_workbook(tmp_path / "花名册导出.xlsx").active
    values = [c.value for r in sheet.iter_rows() for c in r if isinstance(c.value, str)]
    assert "教师\n班主任" in values and "备注\n第二行" in values

    from branchdesk.services.annual_report.records import generate_report

    for fmt in ("xlsx", "pdf"):
        generate_report(db, date.today().year, fmt, tmp_path / f"年度.{fmt}")
        assert (tmp_path / f"年度.{fmt}").stat().st_size > 0


def test_look_alike_numbers_and_names_are_one_member_and_one_branch(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Issue 21 item 6: the same ID number in Arabic-Indic or full-width digits was stored twice; a
    branch name with a zero-width space made a second branch that looks the same."""
    path = roster_file(tmp_path / "正常.xlsx", [good_row()])
    assert import_roster(db, path).created == 1
    arabic = VALID_ID[:17].translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")) + "x"
    full_width = VALID_ID.translate(str.maketrans("0123456789X", "０１２３４５６７８９Ｘ"))
    for number in (arabic, full_width):
        row = good_row(id_number=number)
        row[7] = "第一党支部\u200b"
        row[1] = "王　芳"
        report = import_roster(db, roster_file(tmp_path / "相似.xlsx", [row]))
        assert report.ok and report.created == 0 and report.unchanged == 1, report.to_text()
    assert list(_members(db)) == [VALID_ID]
    with db.session() as session:
        assert [o.name for o in session.query(Organisation).filter_by(kind="党支部")] == ["第一党支部"]
    with pytest.raises(Exception, match="已有名为“第一党支部”"):
        branch = next(o for o in list_orgs(db, OrgKind.BRANCH))
        create_org(db, "\ufeff第一党支部\u200d", OrgKind.BRANCH, branch.parent_id)


def test_a_formula_without_its_saved_result_is_named_cell_by_cell(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Issue 21 item 9: a formula without a cached value was imported as empty without a warning."""
    path = roster_file(tmp_path / "公式.xlsx", [good_row(), good_row("李明", SECOND_ID)])
    workbook = openpyxl.load_workbook(path)
    workbook.active["M3"] = '=CONCATENATE("教","师")'  # openpyxl saves no result, as many generators do
    workbook.active["N4"] = "=13800000000"
    workbook.save(path)
    report = import_roster(db, path)
    assert report.ok, report.to_text()
    text = report.to_text()
    assert "第 3 行，工作岗位（M 列）是公式，但文件中没有保存计算结果，按空白读取" in text
    assert "第 4 行，联系电话（N 列）是公式" in text


def test_an_error_value_is_named(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = attack.write_xlsx(tmp_path / "错误值.xlsx", [
        attack.header_row(),
        '<row r="2">' + attack.cell("B2", "王芳") + attack.cell("C2", VALID_ID) + attack.cell("D2", "第一党支部")
        + attack.cell("E2", "正式党员") + '<c r="F2" t="e"><v>#N/A</v></c></row>'])
    report = import_roster(db, path, dry_run=True)
    assert "第 2 行，入党日期（F 列）是错误值 #N/A，按空白读取" in report.to_text()


def test_a_file_full_of_mistakes_gives_a_short_report(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Issue 21 item 9: an 8 MB ledger printed a million error lines. The first 200 are listed and the
    rest counted (the figures on the full-size file are in the report of the change)."""
    rows = (f'<row r="{r}">' + attack.cell(f"B{r}", "张三") + attack.cell(f"C{r}", "12345")
            + attack.cell(f"D{r}", "一支部") + attack.cell(f"E{r}", "党员") + attack.cell(f"F{r}", "去年") + "</row>"
            for r in range(2, 3_002))
    path = attack.write_xlsx(tmp_path / "错误很多.xlsx", [attack.header_row(), *rows])
    report = import_roster(db, path)
    total = report.problem_count  # ID number, 人员类别 and 入党日期 of each row, and more
    assert not report.ok and total >= 9_000 and len(report.problem_rows) == 3_000
    lines = report.to_text().splitlines()
    assert len(lines) <= SHOWN + 2
    assert lines[-1].strip() == f"……另有 {total - SHOWN} 处问题未列出（共 {total} 处问题）"
    assert report.status_of(3_001) == "有错误"  # kept or not, every row's status is right
    assert f"3000 行有错误，共 {total} 处" in report.summary()


def test_length_limits_at_import_and_entry(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Issue 21 item 9: a 300-character branch name was accepted (and then broke the PDF)."""
    row = good_row()
    row[7] = "长" * 300
    report = import_roster(db, roster_file(tmp_path / "长名称.xlsx", [row]))
    text = report.to_text()
    assert not report.ok and "所在党支部（H 列）：不能超过 60 个字（现为 300 个字）" in text
    assert text.count("不能超过") == 1  # the reader's check and the roster's are one problem
    study = tmp_path / "学习.xlsx"
    from branchdesk.io.study_xlsx import RECORD_HEADERS

    workbook = openpyxl.Workbook()
    workbook.active.append(RECORD_HEADERS)
    workbook.active.append([1, "第一党支部", "王芳", "2025-03-01", 4, "网络培训", "学" * 201, "", ""])
    workbook.save(study)
    create_org(db, "第一党支部", OrgKind.BRANCH)  # past the roster-first refusal (re-trial R2, N-2)
    report = import_study_records(db, study)
    assert not report.ok and "学习内容（G 列）：不能超过 200 个字（现为 201 个字）" in report.to_text()
    with pytest.raises(Exception, match="不能超过 60 个字"):
        create_org(db, "长" * 300, OrgKind.COMMITTEE)


def test_headers_with_invisible_characters_are_found(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    headers = [h + "\u200b" if h in ("姓名", "公民身份号码") else h for h in HEADERS]
    report = import_roster(db, roster_file(tmp_path / "表头.xlsx", [good_row()], headers=headers), dry_run=True)
    assert report.ok and report.created == 1, report.to_text()
