"""A roster under a two-row header, drawn the ways schools draw it (trial 10, T10-2): a group title
merged across the columns named below it, a column name merged down over both rows, both in one
header, or neither row naming enough columns alone. Every column named is read; a header cell naming
a known column that is not read is said in the report, never dropped without a word."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest

from branchdesk.domain.idcard import make_id_number
from branchdesk.services.roster.excel import import_roster
from branchdesk.services.roster.records import list_members
from tests.xlsx_factory import make_two_row_header_workbook, make_workbook

TITLE = "示范市实验中学第三党支部党员花名册（2026年1月）"
NAMES = ["序号", "姓名", "性别", "民族", "公民身份号码", "出生年月", "学历", "所在党支部", "党小组", "人员类别",
         "入党时间", "转正时间", "工作岗位", "联系电话", "备注"]
N = None
LAYOUTS = {
    # the trial's roster: 序号, 工作岗位, 联系电话, 备注 merged down beside two groups merged across
    "merged down and across": (["序号", "基本情况", N, N, N, N, N, "党内情况", N, N, N, N, "工作岗位", "联系电话", "备注"],
                               [N, *NAMES[1:12], N, N, N]),
    # group titles only in the upper row, every name in the row below
    "merged across": (["基本情况", N, N, N, N, N, N, "党内情况", N, N, N, N, "其他", N, N], NAMES),
    # every name merged down, one group (党籍信息) over the two dates (issue 13)
    "merged down": ([*NAMES[:10], "党籍信息", N, *NAMES[12:]], [*[N] * 10, "入党时间", "转正时间", N, N, N]),
}
MEMBERS = [  # name, sex, birth, joined, post, phone, note
    ("王建国", "男", date(1972, 5, 11), "1996.7.1", "语文教师", "13560516116", "支部书记"),
    ("刘芳", "女", date(1980, 3, 2), "2003年6月28日", "数学教师", "13321296288", "支部组织委员"),
    ("张伟", "男", date(1978, 11, 20), "2001-06-28", "英语教师", "13984321821", ""),
]


def _rows(members=MEMBERS):  # type: ignore[no-untyped-def]
    return [[i, name, sex, "汉族", make_id_number("140202", born, i, male=sex == "男"), f"{born:%Y.%m}", "本科",
             "第三党支部", "初一党小组", "正式党员", joined, None, post, phone, note or None]
            for i, (name, sex, born, joined, post, phone, note) in enumerate(members, start=1)]


@pytest.mark.parametrize("merge", [True, False], ids=["merged", "typed in two rows"])
@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_every_column_named_in_a_two_row_header_is_read(db, tmp_path: Path, layout: str, merge: bool) -> None:  # type: ignore[no-untyped-def]
    upper, lower = LAYOUTS[layout]
    path = make_two_row_header_workbook(tmp_path / "第三党支部 花名册.xlsx", upper, lower, _rows(), [TITLE], merge=merge)
    report = import_roster(db, path, create_orgs=True)
    assert report.ok, report.to_text()
    assert (report.rows_read, report.created) == (3, 3)
    assert not [w for w in report.warnings if "表头" in w], report.to_text()
    members = {m.name: m for m in list_members(db)}
    for name, _sex, born, _joined, post, phone, note in MEMBERS:
        member = members[name]
        assert (member.position, member.phone, member.note) == (post, phone, note)
        assert member.birth_date == born  # 出生年月 "1972.05" completed by the ID number
    assert members["刘芳"].join_date == date(2003, 6, 28) and members["王建国"].group == "初一党小组"


def test_a_bad_row_under_a_two_row_header_is_named_by_its_own_row(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    rows = _rows()
    rows[1][4] = "14020219800302001"  # 17 digits: 刘芳 is the second member, in row 5 (title, two header rows)
    upper, lower = LAYOUTS["merged down and across"]
    path = make_two_row_header_workbook(tmp_path / "花名册.xlsx", upper, lower, rows, [TITLE])
    report = import_roster(db, path, create_orgs=True, dry_run=True)
    assert report.problem_rows == {5}, report.to_text()
    assert all(p.column != "公民身份号码" or p.letter == "E" for p in report.problems)


def test_a_header_whose_rows_name_enough_columns_only_together(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Neither row alone names the five required columns: 姓名, 公民身份号码, 联系电话 merged down, 所在党支部 …
    入党时间 under a group title."""
    upper = ["姓名", "公民身份号码", "党内情况", N, N, N, "联系电话"]
    lower = [N, N, "所在党支部", "人员类别", "入党时间", "转正时间", N]
    born = date(1985, 8, 9)
    rows = [["陈静", make_id_number("140202", born, 4, male=False), "第三党支部", "正式党员", "2008-12-20", "2009-12-20",
             "13800000001"]]
    path = make_two_row_header_workbook(tmp_path / "花名册.xlsx", upper, lower, rows, [TITLE])
    report = import_roster(db, path, create_orgs=True)
    assert report.ok and report.created == 1, report.to_text()
    (member,) = list_members(db)
    assert (member.name, member.phone, member.full_date) == ("陈静", "13800000001", date(2009, 12, 20))


def test_a_column_named_twice_is_said_with_the_one_read(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    headers = [*NAMES, "手机"]  # 联系电话 (N) and 手机 (P) name one field: the last is read, as ever
    rows = [[*row, "13900000009"] for row in _rows()]
    report = import_roster(db, make_workbook(tmp_path / "花名册.xlsx", headers, rows, [TITLE]), create_orgs=True)
    assert report.ok, report.to_text()
    assert [w for w in report.warnings if "表头" in w] == [
        "第 2 行 N 列的表头“联系电话”未读取（与 P 列的“手机”是同一项，只读取了 P 列），这一列的内容没有导入；"
        "如需导入，请改正表头后重新导入"]
    assert "提示：第 2 行 N 列的表头“联系电话”未读取" in report.to_text()
    assert {m.phone for m in list_members(db)} == {"13900000009"}


def test_a_known_name_over_another_column_name_is_said(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """备注 written as a group title over 联系电话 | 家庭住址: the column reads as 联系电话, and the report says
    备注 was not read (the notes a user meant are not taken for phone numbers, nor dropped unsaid)."""
    upper = ["序号", "基本情况", N, N, N, N, N, "党内情况", N, N, N, N, "工作岗位", "备注", N]
    lower = [N, *NAMES[1:12], N, "联系电话", "家庭住址"]
    path = make_two_row_header_workbook(tmp_path / "花名册.xlsx", upper, lower, _rows(), [TITLE])
    report = import_roster(db, path, create_orgs=True)
    assert report.ok, report.to_text()
    assert [w for w in report.warnings if "表头" in w] == [
        "第 2 行 N 列的表头“备注”未读取（这一列按“联系电话”读取），这一列的内容没有导入；如需导入，请改正表头后重新导入"]
    members = {m.name: m for m in list_members(db)}
    assert (members["王建国"].position, members["王建国"].phone, members["王建国"].note) == (
        "语文教师", "13560516116", "")


def test_a_name_merged_down_over_three_header_rows_is_said(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A header of three rows is read as its lower two; 备注 merged down over all three stands in the
    first, above the header read: the report says it was not read."""
    upper, lower = LAYOUTS["merged down and across"]
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append([TITLE])
    sheet.append(["党员信息", *[N] * 13, "备注"])
    sheet.append([*upper[:14], N])
    sheet.append(lower)
    for cells in ("A1:O1", "A2:N2", "O2:O4", "A3:A4", "B3:G3", "H3:L3", "M3:M4", "N3:N4"):
        sheet.merge_cells(cells)
    for values in _rows():
        sheet.append(values)
    path = tmp_path / "花名册.xlsx"
    workbook.save(path)
    report = import_roster(db, path, create_orgs=True)
    assert report.ok and report.created == 3, report.to_text()
    assert [w for w in report.warnings if "表头" in w] == [
        "第 2 行 O 列的表头“备注”未读取（表头在第 3–4 行，这一格不在表头中），这一列的内容没有导入；如需导入，请改正表头后重新导入"]
    assert {m.position for m in list_members(db)} == {"语文教师", "数学教师", "英语教师"}


def test_a_filled_in_line_above_the_header_is_no_header(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """"党支部 | 第三党支部 | 填报人 | 李华" above the header names no column of the table: nothing is said
    of it, and it takes no column."""
    path = make_workbook(tmp_path / "花名册.xlsx", NAMES, _rows(), [TITLE])
    workbook = openpyxl.load_workbook(path)
    sheet = workbook.active
    sheet.insert_rows(2)
    for column, text in enumerate(["党支部", "第三党支部", "填报人", "李华"], start=1):
        sheet.cell(2, column, text)
    workbook.save(path)
    report = import_roster(db, path, create_orgs=True)
    assert report.ok and report.created == 3, report.to_text()
    assert not [w for w in report.warnings if "表头" in w], report.to_text()
    assert {m.branch for m in list_members(db)} == {"第三党支部"}


def test_columns_the_import_does_not_keep_are_named_in_a_warning(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """籍贯 merged down over both header rows and 家庭住址 under a group title: no field of the roster takes
    them, and the report says so (they are not left out without a word); the group titles are no columns.
    Columns holding data are warned (trial L, TL-1: a note was easily missed); empty ones noted."""
    upper = ["序号", "基本情况", N, N, N, N, N, "党内情况", N, N, N, N, "工作岗位", "联系电话", "备注", "籍贯", "其他", N]
    lower = [N, *NAMES[1:12], N, N, N, N, "家庭住址", "党内职务"]
    rows = [[*row, "山西大同", "大同市平城区", None] for row in _rows()]
    path = make_two_row_header_workbook(tmp_path / "花名册.xlsx", upper, lower, rows, [TITLE])
    report = import_roster(db, path, create_orgs=True)
    assert report.ok, report.to_text()
    assert [w for w in report.warnings if "不是本表导入的项目" in w] == [
        "“籍贯”（P 列）有 3 行填写了内容，不是本表导入的项目，这一列没有导入",
        "“家庭住址”（Q 列）有 3 行填写了内容，不是本表导入的项目，这一列没有导入"], report.to_text()
    assert "  提示：“籍贯”（P 列）有 3 行填写了内容，不是本表导入的项目，这一列没有导入" in report.to_text().splitlines()
