"""Rosters of the shape rural schools keep (tests/roster/real_roster.py): merged 所在党支部 / 党小组
cells, footer rows, 出生年月 as year and month, a title row naming a 党总支."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest

from branchdesk.domain.dates import DateParseError, parse_year_month
from branchdesk.io.roster_xlsx import READ_COLUMNS
from branchdesk.io.xlsx_merged import merged_ranges_in_xml
from branchdesk.services.roster.excel import import_roster
from branchdesk.services.roster.records import list_members
from tests.roster import real_roster


def test_merged_branch_and_group_cells_fill_every_row_they_cover(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = real_roster.write_roster(tmp_path / "青山花名册.xlsx", real_roster.people(month_only=False), footer=())
    report = import_roster(db, path)
    assert report.ok, report.to_text()
    members = {m.name: m for m in list_members(db)}
    assert len(members) == 9
    assert {m.branch for m in members.values()} == {"第一党支部"}
    assert [members[name].group for name in real_roster.NAMES] == ["第一党小组"] * 5 + ["第二党小组"] * 4


def test_merged_ranges_are_read_from_the_sheet_xml_without_a_parser(tmp_path: Path) -> None:
    """The fallback for a calamine that does not report merged ranges: the <mergeCells> element."""
    path = real_roster.write_roster(tmp_path / "青山花名册.xlsx")
    assert sorted(merged_ranges_in_xml(path, "xl/worksheets/sheet1.xml")) == [
        ((0, 0), (0, 11)), ((3, 7), (11, 7)), ((3, 8), (7, 8)), ((8, 8), (11, 8))]
    sheet = openpyxl.load_workbook(path).active
    assert sheet["H4"].value == "第一党支部" and sheet["H5"].value is None
    assert date(1972, 3, 14) == real_roster.BIRTHS[0]


def test_footer_rows_are_named_once_and_not_read_as_members(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = real_roster.write_roster(tmp_path / "青山花名册.xlsx", real_roster.people(month_only=False))
    report = import_roster(db, path)
    assert report.ok, report.to_text()
    assert report.rows_read == 9 and len(list_members(db)) == 9
    footer = [n for n in report.notes if "视为表尾" in n]
    assert footer == ["第 14 行“合计：9人”、第 15 行“制表人：李华”、第 16 行“填表日期：2026年3月1日”视为表尾，未导入"]
    assert footer[0] in report.to_text()


def test_a_row_with_a_members_data_is_never_taken_for_a_footer(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    rows = real_roster.people(month_only=False)
    rows[-1][0] = "合计"  # 序号 typed over by mistake: the row still holds a member
    rows[-2][-1] = "备注：调入"
    path = real_roster.write_roster(tmp_path / "青山花名册.xlsx", rows, footer=("合计", "审核人：王强"))
    report = import_roster(db, path)
    assert report.ok, report.to_text()
    assert len(list_members(db)) == 9
    assert [n for n in report.notes if "视为表尾" in n] == ["第 14 行“合计”、第 15 行“审核人：王强”视为表尾，未导入"]


def test_a_footer_in_the_name_column_is_still_a_footer(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = real_roster.write_roster(tmp_path / "青山花名册.xlsx", real_roster.people(month_only=False), footer=())
    workbook = openpyxl.load_workbook(path)
    workbook.active["B14"] = "合计：9人"
    workbook.save(path)
    report = import_roster(db, path)
    assert report.ok, report.to_text()
    assert "第 14 行“合计：9人”视为表尾，未导入" in report.notes


def test_birth_year_and_month_take_the_day_from_the_id_number(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    rows = real_roster.people()  # 出生年月 "1972.03" …
    rows[1][4], rows[2][4], rows[3][4] = "1980-5", "1985年11月", "199001"
    rows[4][4] = 1968.07  # a number cell, as Excel keeps "1968.07" typed without text format
    path = real_roster.write_roster(tmp_path / "青山花名册.xlsx", rows)
    report = import_roster(db, path)
    assert report.ok, report.to_text()
    births = {m.name: m.birth_date for m in list_members(db)}
    assert [births[name] for name in real_roster.NAMES] == real_roster.BIRTHS


def test_a_year_and_month_that_disagree_with_the_id_number_are_refused(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    rows = real_roster.people()
    rows[0][4] = "1972.04"
    path = real_roster.write_roster(tmp_path / "青山花名册.xlsx", rows)
    report = import_roster(db, path)
    assert not report.ok and not list_members(db)
    assert [(p.row, p.column, p.message) for p in report.problems] == [
        (4, "出生日期", "出生年月“1972.04”与公民身份号码中的出生日期 1972-03-14 不一致")]
    assert "第 4 行，出生日期（E 列）：出生年月“1972.04”与公民身份号码中的出生日期 1972-03-14 不一致" in report.to_text()


def test_a_year_and_month_without_a_readable_id_number_is_not_completed(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    rows = real_roster.people()
    rows[0][3] = rows[0][3][:-1] + ("0" if rows[0][3][-1] != "0" else "1")  # a wrong check digit
    path = real_roster.write_roster(tmp_path / "青山花名册.xlsx", rows)
    report = import_roster(db, path)
    assert not report.ok
    birth = [p.message for p in report.problems if p.column == "出生日期"]
    assert birth == ["出生年月“1972.03”只有年和月，公民身份号码中也读不出出生日期，请填写完整的出生日期（如 1972-03-14）"
                     "或正确的公民身份号码"]


def test_year_month_spellings() -> None:
    assert [parse_year_month(v) for v in ("1972.03", "1972-3", "1972/3", "1972年3月", "1972年03", "197203", 1972.1,
                                          "１９７２．０３")] == [(1972, 3)] * 5 + [(1972, 3), (1972, 10), (1972, 3)]
    assert parse_year_month("1972-03-14") is None and parse_year_month(None) is None
    with pytest.raises(DateParseError):
        parse_year_month("1972.13")


def test_header_synonyms_for_the_birth_date() -> None:
    birth = next(c for c in READ_COLUMNS if c.name == "出生日期")
    assert {"出生年月", "出生年月日"} <= set(birth.synonyms)


def _top(db):  # type: ignore[no-untyped-def]
    from branchdesk.services.roster.organisation import get_tree

    return [(root.kind, root.name, [child.name for child in root.children]) for root in get_tree(db)]


@pytest.mark.parametrize(("title", "top"), [
    (real_roster.TITLE, ("党总支", "中共青山镇中心学校总支部委员会")),
    ("青山镇中心学校党总支党员花名册", ("党总支", "中共青山镇中心学校总支部委员会")),
    ("中共青山镇中心学校委员会党员花名册", ("党委", "中共青山镇中心学校委员会")),
    ("青山镇中心学校党委2026年党员花名册", ("党委", "中共青山镇中心学校委员会")),
    ("青山镇中心学校党员花名册", ("党委", "中共青山镇中心学校委员会")),  # no kind named: a 党委, as before
])
def test_the_title_decides_the_kind_and_name_of_the_top_organisation(db, tmp_path: Path, title, top) -> None:  # type: ignore[no-untyped-def]
    path = real_roster.write_roster(tmp_path / "青山花名册.xlsx", real_roster.people(month_only=False), title=title)
    report = import_roster(db, path)
    assert report.ok, report.to_text()
    assert f"新建{top[0]}“{top[1]}”，各党支部设在其下" in report.notes
    assert _top(db) == [(*top, ["第一党支部"])]


def test_a_title_naming_a_branch_sets_nothing_above_it(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    rows = real_roster.people("青山镇中心学校党支部", month_only=False)
    path = real_roster.write_roster(tmp_path / "花名册.xlsx", rows, title="中共青山镇中心学校支部委员会党员花名册")
    report = import_roster(db, path)
    assert report.ok, report.to_text()
    assert not any(n.startswith("新建党委") or n.startswith("新建党总支") for n in report.notes)
    assert _top(db) == [("党支部", "青山镇中心学校党支部", ["第一党小组", "第二党小组"])]


def _retired_roster(tmp_path: Path, branch: str) -> Path:
    rows = real_roster.people(branch, month_only=False)
    return real_roster.write_roster(tmp_path / "退休支部花名册.xlsx", rows, footer=())


@pytest.mark.parametrize("create_orgs", [False, True])
def test_a_branch_typed_with_full_width_brackets_in_the_wizard_is_found_by_an_import(db, tmp_path: Path,
                                                                                     create_orgs: bool) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.domain.org_outline import BranchLine
    from branchdesk.services.setup import SetupInput, apply_setup

    apply_setup(db, SetupInput(school="青山镇中心学校", committee_kind="党总支", committee="",
                               branches=[BranchLine("第一党支部", []), BranchLine("第二党支部（退休）", ["第一党小组", "第二党小组"])],
                               records_start=None))
    rows = real_roster.people("第二党支部(退休)", month_only=False)  # half-width, as another PC typed it
    report = import_roster(db, real_roster.write_roster(tmp_path / "花名册.xlsx", rows, footer=()),
                           create_orgs=create_orgs)
    assert report.ok, report.to_text()
    assert not any("新建党支部" in n for n in report.notes)
    assert {m.branch for m in list_members(db)} == {"第二党支部（退休）"}  # stored and shown as typed
    assert [(r.kind, r.name, [c.name for c in r.children]) for r in _tree(db)] == [
        ("党总支", "中共青山镇中心学校总支部委员会", ["第一党支部", "第二党支部（退休）"])]


def test_a_branch_made_with_new_subordinate_keeps_its_spelling_and_is_one_name(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.domain.vocabulary import OrgKind
    from branchdesk.services.errors import RuleViolation
    from branchdesk.services.roster.organisation import create_org, list_orgs

    top = create_org(db, "中共青山镇中心学校总支部委员会", OrgKind.GENERAL_BRANCH)
    create_org(db, "第一党支部", OrgKind.BRANCH, top.id)
    made = create_org(db, "第二党支部（退休）", OrgKind.BRANCH, top.id)
    assert made.name == "第二党支部（退休）"
    with pytest.raises(RuleViolation):
        create_org(db, "第二党支部(退休)", OrgKind.BRANCH, top.id)
    report = import_roster(db, _retired_roster(tmp_path, "第二党支部 (退休)"), create_orgs=True)  # its 党小组 are new
    assert report.ok, report.to_text()
    assert [o.name for o in list_orgs(db, OrgKind.BRANCH)] == ["第一党支部", "第二党支部（退休）"]
    assert {m.branch for m in list_members(db)} == {"第二党支部（退休）"}


def test_a_new_branch_created_by_an_import_is_stored_as_the_file_writes_it(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    report = import_roster(db, _retired_roster(tmp_path, "第二党支部（退休）"))
    assert report.ok, report.to_text()
    assert "新建党支部“第二党支部（退休）”" in report.notes
    assert {m.branch for m in list_members(db)} == {"第二党支部（退休）"}


def _tree(db):  # type: ignore[no-untyped-def]
    from branchdesk.services.roster.organisation import get_tree

    return get_tree(db)


def test_every_lookup_by_branch_name_uses_the_one_key(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.db.queries import find_branch, org_ids_named
    from branchdesk.services.roster.excel import export_roster

    report = import_roster(db, _retired_roster(tmp_path, "第二党支部（退休）"))
    assert report.ok, report.to_text()
    with db.session() as session:
        found = find_branch(session, "第二党支部(退休)")
        assert found is not None and found.name == "第二党支部（退休）"
        assert org_ids_named(session, " 第二党支部 (退休) ") == [found.id]
    assert export_roster(db, tmp_path / "导出.xlsx", branch="第二党支部(退休)") == 9


def test_a_year_and_month_stored_by_excel_as_the_first_of_the_month(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """"1972-3" typed under 出生年月 is kept by Excel and WPS as the date 1972-03-01."""
    rows = real_roster.people()
    for values, born in zip(rows, real_roster.BIRTHS, strict=True):
        values[4] = date(born.year, born.month, 1)
    rows[8][4] = real_roster.BIRTHS[8]  # a full date in the same column is taken as written
    path = real_roster.write_roster(tmp_path / "青山花名册.xlsx", rows)
    report = import_roster(db, path)
    assert report.ok, report.to_text()
    births = {m.name: m.birth_date for m in list_members(db)}
    assert [births[name] for name in real_roster.NAMES] == real_roster.BIRTHS

    rows[0][4] = date(1972, 4, 1)
    report = import_roster(db, real_roster.write_roster(tmp_path / "错.xlsx", rows))
    assert [p.message for p in report.problems] == ["出生年月“1972年4月”与公民身份号码中的出生日期 1972-03-14 不一致"]


def test_a_first_of_the_month_under_a_full_date_header_is_a_full_date(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    rows = real_roster.people()
    rows[0][4] = date(1972, 3, 1)
    path = real_roster.write_roster(tmp_path / "青山花名册.xlsx", rows)
    workbook = openpyxl.load_workbook(path)
    workbook.active["E3"] = "出生日期"
    workbook.save(path)
    report = import_roster(db, path)
    assert [p.message for p in report.problems] == ["填写为 1972-03-01，但公民身份号码表明为 1972-03-14"]


class _NoMergeInfo:
    """A calamine sheet as an older calamine gives it: no merged ranges reported."""

    def __init__(self, sheet) -> None:  # type: ignore[no-untyped-def]
        self._sheet = sheet
        self.merged_cell_ranges = None

    def __getattr__(self, name: str):  # type: ignore[no-untyped-def]
        return getattr(self._sheet, name)


def test_merged_cells_are_filled_when_the_parser_does_not_report_them(db, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.io import xlsx_reader

    load = xlsx_reader._load_sheet
    monkeypatch.setattr(xlsx_reader, "_load_sheet", lambda *args: _NoMergeInfo(load(*args)))
    path = real_roster.write_roster(tmp_path / "青山花名册.xlsx", real_roster.people(month_only=False), footer=())
    report = import_roster(db, path)
    assert report.ok, report.to_text()
    assert [m.group for m in sorted(list_members(db), key=lambda m: real_roster.NAMES.index(m.name))] == [
        "第一党小组"] * 5 + ["第二党小组"] * 4


def test_merged_branch_cells_in_a_meetings_ledger(tmp_path: Path) -> None:
    """Every kind reads through the same reader: a 三会一课台账 with 所在党支部 merged over its sittings."""
    from branchdesk.io.meetings_xlsx import READ_COLUMNS
    from branchdesk.io.xlsx_reader import read_table

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["青山镇中心学校2026年三会一课台账"])
    sheet.append(["所在党支部", "会议类型", "会议日期", "主题"])
    sheet.append(["第二党支部（退休）", "支部党员大会", "2026-01-10", "学习全会精神"])
    sheet.append([None, "党课", "2026-02-10", "专题党课"])
    sheet.append([None, "主题党日", "2026-03-10", "植树"])
    sheet.append(["合计：3次"])
    sheet.merge_cells("A3:A5")
    workbook.save(tmp_path / "三会一课.xlsx")
    table = read_table(tmp_path / "三会一课.xlsx", READ_COLUMNS)
    assert [(int(n), r.get("所在党支部")) for n, r in table.rows] == [
        (3, "第二党支部（退休）"), (4, "第二党支部（退休）"), (5, "第二党支部（退休）")]
    assert table.notes == ["第 6 行“合计：3次”视为表尾，未导入"]
