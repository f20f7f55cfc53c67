"""Roster import: headers and their synonyms, title rows, every date spelling, each kind of bad row
(all or nothing), re-import without duplicates, export round trip."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from branchdesk.domain.idcard import make_id_number
from branchdesk.services.roster.excel import export_roster, export_roster_template, import_roster
from branchdesk.services.roster.organisation import get_tree
from branchdesk.services.roster.records import list_members
from tests.xlsx_factory import make_workbook

HEADERS = ["序号", "姓名", "性别", "民族", "公民身份号码", "出生日期", "学历", "所在党支部", "党小组", "人员类别",
           "入党日期", "转正日期", "工作岗位", "联系电话", "备注"]
ID_A = make_id_number("140202", date(1980, 3, 5), 1, male=True)
ID_B = make_id_number("140202", date(1990, 7, 9), 2, male=False)
ID_C = make_id_number("140203", date(1995, 1, 1), 3, male=False)


def row(n, name, id_number, branch="高一年级党支部", group="语文党小组", category="正式党员",
        join="2010-07-01", full="2011-07-01", phone="13912345678", **extra):  # type: ignore[no-untyped-def]
    values = {"序号": n, "姓名": name, "性别": "", "民族": "汉族", "公民身份号码": id_number, "出生日期": None,
              "学历": "大学本科", "所在党支部": branch, "党小组": group, "人员类别": category, "入党日期": join,
              "转正日期": full, "工作岗位": "语文教师", "联系电话": phone, "备注": ""}
    values.update(extra)
    return [values[h] for h in HEADERS]


def good_rows():  # type: ignore[no-untyped-def]
    return [
        row(1, "王喆", ID_A),
        row(2, "阿依古丽·买买提", ID_B, branch="高二年级党支部", group="", join="2015/7/1", full="2016.07.01",
            民族="维吾尔族"),
        row(3, "李珺", ID_C, category="预备党员", join="2026年3月1日", full=None),
    ]


def test_import_creates_members_branches_and_groups(db, tmp_path: Path) -> None:
    path = make_workbook(tmp_path / "花名册 2026.xlsx", HEADERS, good_rows(), title_rows=["示范中学党员花名册", "截至2026年"])
    report = import_roster(db, path)
    assert report.ok, report.to_text()
    assert (report.created, report.updated, report.unchanged) == (3, 0, 0)
    assert any("新建党支部“高一年级党支部”" in n for n in report.notes)
    members = {m.name: m for m in list_members(db)}
    assert set(members) == {"王喆", "阿依古丽·买买提", "李珺"}
    assert members["王喆"].sex == "男" and members["王喆"].birth_date == date(1980, 3, 5)
    assert members["阿依古丽·买买提"].join_date == date(2015, 7, 1)
    assert members["阿依古丽·买买提"].full_date == date(2016, 7, 1)
    assert members["李珺"].join_date == date(2026, 3, 1)
    assert members["王喆"].group == "语文党小组"
    branches = {n.name: n.member_count for root in get_tree(db) for n in root.walk()}
    assert branches["高一年级党支部"] == 2


def test_reimport_updates_instead_of_duplicating(db, tmp_path: Path) -> None:
    path = make_workbook(tmp_path / "a.xlsx", HEADERS, good_rows())
    assert import_roster(db, path).ok
    again = import_roster(db, path)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    changed = good_rows()
    changed[0][HEADERS.index("工作岗位")] = "年级主任"
    report = import_roster(db, make_workbook(tmp_path / "b.xlsx", HEADERS, changed))
    assert (report.created, report.updated, report.unchanged) == (0, 1, 2)
    assert len(list_members(db)) == 3
    assert {m.name: m.position for m in list_members(db)}["王喆"] == "年级主任"


def test_a_roster_without_some_columns_keeps_what_they_would_hold(db, tmp_path: Path) -> None:
    """A school's own list may leave out columns (no 联系电话, no 党小组): re-imported, it must not
    erase those fields of the members already on the roster — a column the file does not have says
    nothing about them. A new member gets them blank; the report says which columns were kept."""
    assert import_roster(db, make_workbook(tmp_path / "全.xlsx", HEADERS, good_rows())).ok
    kept = ["联系电话", "党小组", "备注", "工作岗位"]
    headers = [h for h in HEADERS if h not in kept]
    rows = [[value for header, value in zip(HEADERS, values, strict=True) if header not in kept]
            for values in good_rows()]
    id_d = make_id_number("140203", date(1988, 8, 8), 4, male=True)
    rows.append([value for header, value in zip(HEADERS, row(4, "赵新", id_d), strict=True) if header not in kept])
    report = import_roster(db, make_workbook(tmp_path / "缺列.xlsx", headers, rows))
    assert report.ok, report.to_text()
    assert (report.created, report.updated, report.unchanged) == (1, 0, 3), report.to_text()
    members = {m.name: m for m in list_members(db)}
    assert (members["王喆"].phone, members["王喆"].group, members["王喆"].position) == (
        "13912345678", "语文党小组", "语文教师")
    assert (members["赵新"].phone, members["赵新"].group, members["赵新"].position) == ("", "", "")
    note = next(n for n in report.notes if "保持不变" in n)
    assert all(f"“{column}”" in note for column in kept), note
    # a member the file moves to another branch leaves the old branch's 党小组 behind
    moved = [list(values) for values in rows]
    moved[0][headers.index("所在党支部")] = "高二年级党支部"
    report = import_roster(db, make_workbook(tmp_path / "调整.xlsx", headers, moved))
    assert report.ok and report.updated == 1, report.to_text()
    members = {m.name: m for m in list_members(db)}
    assert (members["王喆"].branch, members["王喆"].group, members["王喆"].phone) == (
        "高二年级党支部", "", "13912345678")


@pytest.mark.parametrize("spelling", ["2010-07-01", "2010/7/1", "2010.07.01", "2010年7月1日", "20100701",
                                      datetime(2010, 7, 1), 20100701])
def test_every_date_spelling(db, tmp_path: Path, spelling: object) -> None:
    path = make_workbook(tmp_path / "d.xlsx", HEADERS, [row(1, "王喆", ID_A, join=spelling, full=None)])
    report = import_roster(db, path)
    assert report.ok, report.to_text()
    assert list_members(db)[0].join_date == date(2010, 7, 1)


def test_header_synonyms_in_any_order(db, tmp_path: Path) -> None:
    headers = ["党员类别", "手机号", "身份证号码", "姓名", "所在支部", "岗位", "入党日期"]
    rows = [["正式党员", "13800001111", ID_A, "王喆", "行政党支部", "校长", "2001-07-01"]]
    report = import_roster(db, make_workbook(tmp_path / "s.xlsx", headers, rows))
    assert report.ok, report.to_text()
    member = list_members(db)[0]
    assert (member.phone, member.branch, member.position) == ("13800001111", "行政党支部", "校长")


def test_other_synonyms(db, tmp_path: Path) -> None:
    headers = ["姓名", "身份证号", "所在党组织", "党员类别", "入党时间", "手机"]
    rows = [["王喆", ID_A, "行政党支部", "正式党员", "2001-07-01", "13800001111"]]
    report = import_roster(db, make_workbook(tmp_path / "s2.xlsx", headers, rows))
    assert report.ok, report.to_text()
    assert list_members(db)[0].phone == "13800001111"


@pytest.mark.parametrize(
    ("change", "column", "fragment"),
    [
        ({"公民身份号码": ID_A[:-1] + ("0" if ID_A[-1] != "0" else "1")}, "公民身份号码", "校验位"),
        ({"公民身份号码": 140202198003050011}, "公民身份号码", "存成了数字"),
        ({"公民身份号码": 1.40202198003051e17}, "公民身份号码", "存成了数字"),
        ({"入党日期": "2010年13月1日"}, "入党日期", "不是有效日期"),
        ({"入党日期": "去年七月"}, "入党日期", "无法识别日期"),
        ({"入党日期": "1995-01-01"}, "入党日期", "18周岁"),
        ({"入党日期": "2099-01-01"}, "入党日期", "晚于今天"),
        ({"人员类别": "群众"}, "人员类别", "正式党员"),
        ({"性别": "女"}, "性别", "公民身份号码表明为“男”"),
        ({"联系电话": "12345"}, "联系电话", "手机号"),
        ({"姓名": ""}, "姓名", "不能为空"),
        ({"所在党支部": ""}, "所在党支部", "不能为空"),
        ({"人员类别": "预备党员"}, "转正日期", "预备党员不应有转正日期"),
        ({"转正日期": "2009-01-01"}, "转正日期", "应晚于入党日期"),
    ],
)
def test_bad_row_stops_the_whole_import(db, tmp_path: Path, change: dict, column: str, fragment: str) -> None:
    rows = good_rows()
    for key, value in change.items():
        rows[0][HEADERS.index(key)] = value
    report = import_roster(db, make_workbook(tmp_path / "bad.xlsx", HEADERS, rows, title_rows=["标题"]))
    assert not report.ok
    problem = next(p for p in report.problems if p.column == column)
    assert problem.row == 3  # title row, header row, then the first data row
    assert fragment in problem.message, problem.message
    assert problem.letter == openpyxl.utils.get_column_letter(HEADERS.index(column) + 1)
    assert list_members(db) == []
    assert get_tree(db) == []


@pytest.mark.parametrize("written", ["201907", "2026.13.01"])
def test_an_unreadable_join_date_is_one_problem_not_also_a_blank(db, tmp_path: Path, written: str) -> None:
    """"201907" (a month without its day) and "2026.13.01" are refused, and the cell is not empty: one message
    for it, not a second "不能为空"."""
    rows = good_rows()
    rows[0][HEADERS.index("入党日期")] = written
    report = import_roster(db, make_workbook(tmp_path / "a.xlsx", HEADERS, rows))
    problems = [p for p in report.problems if p.column == "入党日期"]
    assert len(problems) == 1 and written in problems[0].message, report.to_text()


def test_duplicate_id_in_file_is_an_error(db, tmp_path: Path) -> None:
    rows = good_rows() + [row(4, "王喆", ID_A)]
    report = import_roster(db, make_workbook(tmp_path / "dup.xlsx", HEADERS, rows))
    assert not report.ok
    assert "与第 2 行重复" in str(report.problems[0])


def test_dry_run_writes_nothing_but_reports_what_it_would_do(db, tmp_path: Path) -> None:
    report = import_roster(db, make_workbook(tmp_path / "a.xlsx", HEADERS, good_rows()), dry_run=True)
    assert report.ok and report.created == 3 and not report.written
    assert list_members(db) == [] and get_tree(db) == []


@pytest.mark.parametrize(
    ("content", "fragment"),
    [(b"not a workbook at all", "不是有效的 .xlsx"), (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "加密")],
)
def test_unreadable_files_get_a_clear_message(db, tmp_path: Path, content: bytes, fragment: str) -> None:
    path = tmp_path / "x.xlsx"
    path.write_bytes(content)
    report = import_roster(db, path)
    assert not report.ok and fragment in report.problems[0].message


def test_missing_required_column(db, tmp_path: Path) -> None:
    report = import_roster(db, make_workbook(tmp_path / "m.xlsx", ["姓名", "所在党支部", "人员类别", "入党日期"],
                                             [["王喆", "a", "正式党员", "2010-01-01"]]))
    assert not report.ok and "公民身份号码" in report.problems[0].message


def test_export_round_trip_and_masking(db, tmp_path: Path) -> None:
    assert import_roster(db, make_workbook(tmp_path / "a.xlsx", HEADERS, good_rows())).ok
    unmasked = tmp_path / "导出 完整.xlsx"
    assert export_roster(db, unmasked, masked=False) == 3
    again = import_roster(db, unmasked)
    assert again.ok and again.unchanged == 3, again.to_text()

    masked = tmp_path / "masked.xlsx"
    export_roster(db, masked)
    sheet = openpyxl.load_workbook(masked).active
    header_row = next(r for r in range(1, 5) if sheet.cell(r, 2).value == "姓名")
    id_cells = [sheet.cell(r, 5) for r in range(header_row + 1, header_row + 4)]
    assert all(c.data_type == "s" and "********" in c.value for c in id_cells)
    phones = [sheet.cell(r, 14).value for r in range(header_row + 1, header_row + 4)]
    assert phones == ["139****5678"] * 3
    assert sheet.print_title_rows == f"${header_row}:${header_row}"
    assert sheet.page_setup.orientation == "landscape" and sheet.freeze_panes == f"A{header_row + 1}"
    rejected = import_roster(db, masked)
    assert not rejected.ok and "遮蔽" in rejected.problems[0].message


def test_template_reimports_as_empty(db, tmp_path: Path) -> None:
    path = tmp_path / "模板.xlsx"
    export_roster_template(path)
    report = import_roster(db, path)
    assert not report.ok and "没有任何党员数据" in report.problems[0].message


def test_what_an_import_writes_is_in_the_history_and_verifies(db, tmp_path: Path) -> None:
    """New members go in as bulk statements with their history in bulk, changed ones are updated field
    by field (issue 18): the change history says it all, and verify finds every record as it says."""
    from branchdesk.services.history import record_history
    from branchdesk.services.storage.database_check import check_database

    assert import_roster(db, make_workbook(tmp_path / "a.xlsx", HEADERS, good_rows())).ok
    changed = good_rows()
    changed[0][HEADERS.index("工作岗位")] = "年级主任"
    assert import_roster(db, make_workbook(tmp_path / "b.xlsx", HEADERS, changed)).updated == 1
    member = next(m for m in list_members(db) if m.name == "王喆")
    entries = record_history(db, "members", member.id)
    assert [(e.field, e.old, e.new) for e in entries if e.old] == [("工作岗位", "语文教师", "年级主任")]
    assert any(e.field == "姓名" and e.new == "王喆" for e in entries)  # the insert's snapshot
    report = check_database(db)
    assert report.ok, report.to_text()


def test_a_cancel_after_the_members_went_in_writes_nothing(db, tmp_path: Path) -> None:
    """取消 is asked between the bulk statements: the last time comes after the members went in, and
    the whole import is undone even then (all or nothing)."""
    from branchdesk.domain.progress import Cancelled

    path = make_workbook(tmp_path / "a.xlsx", HEADERS, good_rows())
    asked: list[int] = []
    assert import_roster(db, path, dry_run=True, cancelled=lambda: asked.append(1) and False).ok
    calls = len(asked)
    assert calls >= 2  # before the writing starts, and after the bulk statement
    asked.clear()
    with pytest.raises(Cancelled):
        import_roster(db, path, cancelled=lambda: len(asked) >= calls - 1 or bool(asked.append(1)))
    assert list_members(db) == [] and get_tree(db) == []


@pytest.mark.parametrize("moved", ["2026-05-01", None])
def test_a_branch_change_in_a_reimport_is_a_dated_move(db, tmp_path: Path, moved: str | None) -> None:
    """A member whose branch differs in a later roster is moved on the 支部调整日期 given (else on the
    day of the import, and the report says so): earlier sign-in sheets keep them in the old branch
    (issue 16, item 8)."""
    from branchdesk.domain.meetings.records import MeetingKind
    from branchdesk.services.meetings.records import default_attendees
    from branchdesk.services.roster.organisation import list_orgs

    assert import_roster(db, make_workbook(tmp_path / "一.xlsx", HEADERS, good_rows())).ok
    rows = good_rows()
    rows[0] = row(1, "王喆", ID_A, branch="高二年级党支部", group="")
    headers = HEADERS
    if moved:
        headers = [*HEADERS, "支部调整日期"]
        rows = [[*r, moved if r[1] == "王喆" else None] for r in rows]
    report = import_roster(db, make_workbook(tmp_path / "二.xlsx", headers, rows))
    assert report.ok, report.to_text()
    note = next(n for n in report.notes if "王喆" in n)
    on = date.fromisoformat(moved) if moved else date.today()
    assert f"按 {on:%Y-%m-%d} 记录支部调整" in note and (("导入当天" in note) is (moved is None))
    orgs = {o.name: o.id for o in list_orgs(db)}
    wang = next(m.id for m in list_members(db) if m.name == "王喆")
    before = {a.member_id for a in default_attendees(db, orgs["高一年级党支部"], date(2026, 4, 30), (MeetingKind.CONGRESS,))}
    assert wang in before  # the day before either move date: still in the old branch
    after = {a.member_id for a in default_attendees(db, orgs["高二年级党支部"], on, (MeetingKind.CONGRESS,))}
    assert wang in after


@pytest.mark.parametrize(("full", "warned"), [
    ("2021-01-01", True), ("2021-06-30", True), ("2021-07-01", False), ("2022-01-01", False),
    ("2022-07-01", False), ("2022-07-02", True)])
def test_a_probation_shorter_than_a_year_or_longer_than_two_is_imported_with_a_warning(
        db, tmp_path: Path, full: str, warned: bool) -> None:  # type: ignore[no-untyped-def]
    rows = [row(1, "王喆", ID_A), row(2, "孙五", ID_B, join="2020.7.1", full=full)]
    report = import_roster(db, make_workbook(tmp_path / "p.xlsx", HEADERS, rows))
    assert report.ok and report.created == 2  # old records may be odd: a warning, never a refusal
    about = [w for w in report.warnings if "孙五" in w]
    assert bool(about) is warned and not [w for w in report.warnings if "王喆" in w]
    if warned:
        assert about[0].startswith("第 3 行 孙五：") and f"转正日期 {full}" in about[0]
        assert "入党日期 2020-07-01" in about[0] and "细则2014 第三十二条" in about[0]
        assert "2021-07-01" in about[0] and "2022-07-01" in about[0]
    assert {m.name: m.full_date for m in list_members(db)}["孙五"] == date.fromisoformat(full)  # kept as written
