"""A column holding data that the import does not read is said where she looks (trial L, TL-17 and TL-1):
a warning naming the column as she wrote it and what it may be, not only a note; and the rows' errors
of a field left empty because its column went unread ("请填写税后月工资" ×26 beside her full 月工资合计
column) become one line naming that column. Project principle: nothing a user entered is silently
dropped."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl

from branchdesk.io.xlsx_header import Column, guess_column
from branchdesk.io.xlsx_reader import read_table
from branchdesk.services.dues.excel import import_dues_base
from branchdesk.services.dues.records import member_bases
from tests.meetings.helpers import BRANCH, make_branch

TODAY = date(2026, 3, 10)
PEOPLE = ["王书记", "李组织", "张宣传", "赵一", "钱二", "孙三"]


def base_sheet(path: Path, pay_header: str, start_header: str = "起始月份") -> Path:
    """Her 缴费基数 sheet: a title row over the table, 类别, her pay in "4350.00元", a 合计 row under it."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "缴费基数"
    ws.append(["2026年党员缴费基数核定表"])
    ws.merge_cells("A1:G1")
    ws.append(["序号", "姓名", "所在党支部", "类别", pay_header, start_header, "备注"])
    for index, name in enumerate(PEOPLE, 1):
        ws.append([index, name, BRANCH, "在职", f"{4000 + 50 * index:.2f}元", "2026.1", None])
    ws.append(["合计", None, None, None, None, None, None])
    wb.save(path)
    return path


def test_a_full_pay_column_under_another_name_is_one_line_naming_it(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Before: six "第 N 行，缴费基数：请填写税后月工资…" and "月工资合计（E 列）" only in a note."""
    school = make_branch(db)
    report = import_dues_base(db, base_sheet(tmp_path / "2026年缴费基数.xlsx", "月工资合计"), today=TODAY)
    assert not report.ok
    assert [str(p) for p in report.problems] == [
        "文件：“月工资合计”（E 列）没有读取，6 行因此提示“请填写税后月工资（岗位、薪级、绩效工资和津贴补贴）”："
        "如这一列就是缴费基数，请把表头改为“缴费基数”后重新导入"]
    assert report.summary().startswith("党员缴费基数无法导入：“月工资合计”（E 列）没有读取"), report.summary()
    assert report.warnings == ["“月工资合计”（E 列）有 6 行填写了内容，不是本表导入的项目，这一列没有导入；"
                               "如这一列就是“缴费基数”，请把表头改为“缴费基数”后重新导入"]
    assert not any("月工资合计" in n for n in report.notes), report.to_text()
    assert member_bases(db, school.members["李组织"]) == []  # all or nothing
    fixed = import_dues_base(db, base_sheet(tmp_path / "改.xlsx", "缴费基数"), today=TODAY)  # as the line says
    assert fixed.ok and fixed.created == 6, fixed.to_text()
    assert not fixed.warnings, fixed.to_text()


def test_other_errors_of_the_rows_stay_as_they_are(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    make_branch(db)
    path = base_sheet(tmp_path / "基数.xlsx", "月工资合计")
    wb = openpyxl.load_workbook(path)
    wb.active["B4"] = "不在册"  # row 4: a name not in the roster
    wb.save(path)
    report = import_dues_base(db, path, today=TODAY)
    lines = [str(p) for p in report.problems]
    assert lines[0].startswith("文件：“月工资合计”（E 列）没有读取，"), lines
    assert any(line.startswith("第 4 行，姓名") for line in lines), lines


def _ledger(path: Path) -> Path:
    """A 发展党员台账 the way a school writes it: title, "确定积极分子时间" for the template's
    确定入党积极分子日期, one sheet a year, a 备注 column on each."""
    wb = openpyxl.Workbook()
    for index, sheet in enumerate(("2025年", "2026年")):
        ws = wb.active if index == 0 else wb.create_sheet()
        ws.title = sheet
        ws.append([f"第二党支部{sheet}发展党员台账"])
        ws.append(["序号", "姓名", "申请入党时间", "确定积极分子时间", "家庭住址", "备注"])
        ws.append([1, f"彭宇{index}", "2025年3月1日", "2026年3月12日", None, "表现突出" if index else None])
        ws.append([2, f"欧阳晨{index}", "2025年3月2日", "2026年3月12日", None, "外出培训"])
    wb.save(path)
    return path


def test_the_reader_says_each_unread_column_once_with_what_it_may_be(tmp_path: Path) -> None:
    columns = [Column("序号"), Column("姓名", required=True), Column("入党申请日期", ("申请入党时间",), required=True),
               Column("确定入党积极分子日期"), Column("培养联系人")]
    table = read_table(_ledger(tmp_path / "发展党员台账.xlsx"), columns)
    said = {c.written: c for c in table.unread}
    assert set(said) == {"确定积极分子时间", "备注"}  # 家庭住址 holds nothing: a note
    assert (said["确定积极分子时间"].guess, said["确定积极分子时间"].filled) == ("确定入党积极分子日期", 4)
    assert (said["备注"].guess, said["备注"].sheets, said["备注"].filled) == ("", ("2025年", "2026年"), 3)
    assert ("工作表“2025年”、“2026年”中“确定积极分子时间”（D 列）有 4 行填写了内容，不是本表导入的项目，这一列没有导入；"
            "如这一列就是“确定入党积极分子日期”，请把表头改为“确定入党积极分子日期”后重新导入") in table.warnings
    assert [w for w in table.warnings if "备注" in w] == [
        "工作表“2025年”、“2026年”中“备注”（F 列）有 3 行填写了内容，不是本表导入的项目，这一列没有导入"]
    assert any("家庭住址（E 列）" in n for n in table.notes)


def test_what_an_unread_column_may_be() -> None:
    columns = [Column("缴费基数", ("税后月工资", "基数")), Column("开始时间"), Column("入党宣誓日期"),
               Column("支部大会讨论接收日期"), Column("支部大会讨论转正日期")]
    assert guess_column("月工资合计", columns, ()) == "缴费基数"
    assert guess_column("月工资合计", columns, ("缴费基数",)) == ""  # read already: not what it may be
    assert guess_column("入党宣誓", columns, ()) == "入党宣誓日期"
    assert guess_column("支部大会讨论转正", columns, ()) == "支部大会讨论转正日期"
    assert guess_column("填表时间", columns, ()) == ""  # "时间" alone says nothing
    assert guess_column("籍贯", columns, ()) == ""


def test_a_required_column_under_another_name_is_named_when_the_header_is_refused(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Before: "没有找到缴费基数表的表头，表头应包含：姓名、缴纳类别、起始月份" while her 起始时间 stood there."""
    make_branch(db)
    report = import_dues_base(db, base_sheet(tmp_path / "基数.xlsx", "缴费基数", "起始时间"), today=TODAY)
    assert report.summary() == ("党员缴费基数无法导入：在前 12 行中没有找到缴费基数表的表头，表头应包含：姓名、缴纳类别、"
                                "起始月份。“起始时间”（F 列）是否就是“起始月份”？如是，请把表头改为“起始月份”。没有写入任何数据。")


def test_the_readers_refusal_names_the_column_that_may_be_the_missing_one(tmp_path: Path) -> None:
    import pytest

    from branchdesk.io.xlsx_reader import ImportFileError
    from tests.xlsx_factory import make_workbook

    columns = [Column("序号"), Column("所在党支部", required=True), Column("导师（帮扶人）", ("师傅",), required=True),
               Column("结对对象", ("帮扶对象",), required=True), Column("备注")]
    path = make_workbook(tmp_path / "结对.xlsx", ["序号", "所在党支部", "师傅", "徒弟/帮扶对象", "备注"],
                         [[1, "第二党支部", "张伟", "李娜", None]])
    with pytest.raises(ImportFileError) as refused:
        read_table(path, columns)
    assert str(refused.value) == ("第 1 行的表头缺少必需的列：结对对象。“徒弟/帮扶对象”（D 列）是否就是“结对对象”？"
                                  "如是，请把表头改为“结对对象”")


def test_errors_naming_a_field_whose_column_went_unread_are_one_line() -> None:
    """TL-1: "第 4 行，培养联系人（J 列）：填写了培养联系人，但“确定入党积极分子日期”为空" on every row, while
    her 确定积极分子时间 column was full; the first row's words are kept in the line."""
    from branchdesk.io.xlsx_header import UnreadColumn
    from branchdesk.services.import_report import ImportReport, RowProblem

    report = ImportReport(kind="发展党员工作台账")
    report.add_unread([UnreadColumn("确定积极分子时间", "I", 4, "确定入党积极分子日期")])
    said = "填写了培养联系人，但“确定入党积极分子日期”为空，无法确定其日期"
    for row in (4, 5):
        report.problems.append(RowProblem(row, "培养联系人", "J", said))
    report.problems.append(RowProblem(6, "姓名", "B", "请填写姓名"))
    assert [str(p) for p in report.problems] == [
        f"文件：“确定积极分子时间”（I 列）没有读取，2 行因此提示“{said}”：如这一列就是确定入党积极分子日期，"
        "请把表头改为“确定入党积极分子日期”后重新导入",
        "第 6 行，姓名（B 列）：请填写姓名"]
    assert report.done_text().startswith(report.summary())


def test_rows_whose_base_is_on_record_are_counted_apart(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Re-trial 12, N-4: her 缴费基数 sheet into a database where the 党费 登记表 had already recorded five of
    the six members' 2026年1月 base: only the sixth row lacks a 缴费基数 ("1 行因此提示" is the true count, by
    hand), and the report says why the other five gave no such 提示 — they keep the base on record — instead
    of leaving "1 行" beside "有 6 行填写了内容" unexplained."""
    make_branch(db)
    first = base_sheet(tmp_path / "已登记.xlsx", "缴费基数")
    wb = openpyxl.load_workbook(first)
    wb.active.delete_rows(8)  # 孙三 (the sixth) not recorded yet
    wb.save(first)
    assert import_dues_base(db, first, today=TODAY).created == 5
    report = import_dues_base(db, base_sheet(tmp_path / "2026年缴费基数.xlsx", "月工资合计"), today=TODAY)
    assert not report.ok
    assert [str(p) for p in report.problems] == [
        "文件：“月工资合计”（E 列）没有读取，1 行因此提示“请填写税后月工资（岗位、薪级、绩效工资和津贴补贴）”；"
        "另有 5 行的缴费基数已有记录，保持不变。如这一列就是缴费基数，请把表头改为“缴费基数”后重新导入"]
    # the summary line itself says both, not "1 行" alone with the other five only in the details
    assert report.summary().startswith("党员缴费基数无法导入：“月工资合计”（E 列）没有读取，1 行因此提示"), report.summary()
    assert "另有 5 行的缴费基数已有记录，保持不变" in report.summary(), report.summary()
    assert any("已有的 5 条缴费基数记录" in n for n in report.notes), report.to_text()
