"""A person's name written with a blank inside ("张 伟", a two-character name padded to three) is read as
the roster reads it, in every area's import (trial L, TL-9: the roster stored 张伟, then 结对帮扶 and 学习学时
refused "张 伟" as no member, and the 三会一课 stored its 主持人 "张 伟"). One cleaner for all:
domain.text.clean_person_name; a column that may hold several names keeps its blanks."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import openpyxl

from branchdesk.io.xlsx_header import Column
from branchdesk.io.xlsx_reader import read_table
from branchdesk.services.dues.excel import import_dues_base
from branchdesk.services.dues.records import member_bases
from branchdesk.services.mentoring.excel import import_mentoring
from branchdesk.services.mentoring.records import list_pairs
from branchdesk.services.study_hours.excel import import_study_records
from branchdesk.services.study_hours.records import list_study_records
from tests.meetings.helpers import BRANCH, make_branch
from tests.mentoring.helpers import make_roster
from tests.study_hours.study_books import study_book
from tests.xlsx_factory import make_workbook

TODAY = date(2026, 11, 20)


def test_the_reader_reads_one_persons_name_as_the_roster_does(tmp_path: Path) -> None:
    path = make_workbook(tmp_path / "记录.xlsx", ["姓名", "主持人", "记录人", "培养联系人", "缺席人员"],
                         [["张 伟", "张  伟", "王　芳", "王芳 李娜", "宋涛 郑洁"]], ["2026年三会一课记录"])
    columns = [Column("姓名", required=True), Column("主持人", required=True), Column("记录人"), Column("培养联系人"),
               Column("缺席人员")]
    record = read_table(path, columns).rows[0][1]
    assert (record["姓名"], record["主持人"], record["记录人"]) == ("张伟", "张伟", "王芳")
    assert (record["培养联系人"], record["缺席人员"]) == ("王芳 李娜", "宋涛 郑洁")  # two names each: kept


def test_a_mentor_written_with_a_blank_is_found(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ids = make_roster(db)
    headers = ["序号", "结对类型", "所在党支部", "导师（帮扶人）", "结对对象", "对象类别", "开始日期"]
    book = make_workbook(tmp_path / "结对.xlsx", headers, [
        [1, "青蓝工程师徒结对", "高一年级党支部", "张 建国", "林晓雯", "青年教师", "2026-09-01"]], ["青蓝工程结对台账"])
    report = import_mentoring(db, book, today=TODAY)
    assert report.ok and report.created == 1, report.to_text()
    assert [p.mentor_id for p in list_pairs(db)] == [ids["张建国"]]


def test_a_member_written_with_a_blank_gets_the_hours(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    school = make_branch(db)
    book = study_book(tmp_path / "学时.xlsx", [[BRANCH, "李 组织", "2026-04-10", 8, "党校", "专题培训", "市委党校", None]])
    report = import_study_records(db, book, today=TODAY)
    assert report.ok and report.created == 1, report.to_text()
    assert [(r.member_id, r.hours) for r in list_study_records(db)] == [(school.members["李组织"], Decimal(8))]


def test_a_base_written_for_a_name_with_a_blank_is_the_members(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    school = make_branch(db)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["2026年党员缴费基数核定表"])
    ws.append(["序号", "姓名", "所在党支部", "缴纳类别", "缴费基数", "起始月份"])
    ws.append([1, "李 组织", BRANCH, "在职", "4350.00元", "2026年1月"])
    wb.save(tmp_path / "基数.xlsx")
    report = import_dues_base(db, tmp_path / "基数.xlsx", today=TODAY)
    assert report.ok and report.created == 1, report.to_text()
    assert member_bases(db, school.members["李组织"])[0].record.base == Decimal("4350.00")
