"""结对帮扶台账 import and export end to end on real workbooks: a good file under title rows, an unknown
mentor, a bad date, all-or-nothing, dry run, re-import updating instead of duplicating, the export
with --year and the round trip through a fresh database, via `branchdesk.cli.main`."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl

from branchdesk.cli.main import main
from branchdesk.domain.mentoring.log import ActivityInput
from branchdesk.services import session
from branchdesk.services.mentoring.excel import import_mentoring
from branchdesk.services.mentoring.log import add_outcome, list_outcomes, save_activity
from branchdesk.services.mentoring.records import list_pairs, set_status
from branchdesk.services.roster.records import list_members
from tests.mentoring.helpers import make_roster, student_pair, teacher_pair
from tests.xlsx_factory import make_workbook

HEADERS = ["序号", "结对类型", "所在党支部", "导师（帮扶人）", "结对对象", "对象类别", "开始日期", "结束日期",
           "帮扶目标", "帮扶内容", "成效"]
GOOD = [
    [1, "青蓝工程师徒结对", "高一年级党支部", "张建国", "林晓雯", "青年教师", "2025-09-01", "2026年7月15日",
     "一年站稳讲台", "每月听课两次", "教学基本功明显提高\n2026-05-10 获奖：区青年教师优质课二等奖"],
    [2, "党员帮扶学生", "高一年级党支部", "李秀英", "王小明（高一（3）班）", "贫困生", "2025/9/1", None,
     "学业进步", "每周学业辅导", ""],
    [3, "党员联系班级", "初中部党支部", "赵敏", "初二（1）班", "班级", date(2026, 2, 20), "20260710", "", "", ""],
]


def _db(path: Path):  # type: ignore[no-untyped-def]
    database = session.open(path)
    make_roster(database)
    return database


def test_good_file_under_title_rows(tmp_path: Path) -> None:
    database = _db(tmp_path / "a.sqlite")
    try:
        book = make_workbook(tmp_path / "台账.xlsx", HEADERS, GOOD,
                             title_rows=["示范中学2026年度结对帮扶台账", "填报单位：党委办公室"])
        report = import_mentoring(database, book, today=date(2026, 11, 20))
        assert report.ok, report.to_text()
        assert (report.rows_read, report.created) == (3, 3)
        assert [p.cells[3] for p in report.preview] == ["林晓雯", "王小明（高一（3）班）", "初二（1）班"]
        assert report.status_of(report.preview[0].row) == "新增"
        pairs = {p.mentee_name: p for p in list_pairs(database)}
        assert pairs["王小明"].mentee_class == "高一（3）班" and pairs["王小明"].mentee_type == "学生"
        assert pairs["林晓雯"].planned_end == date(2026, 7, 15) and pairs["林晓雯"].results == "教学基本功明显提高"
        assert pairs["初二（1）班"].start_date == date(2026, 2, 20) and pairs["初二（1）班"].mentee_type == "班级"
        outcomes = list_outcomes(database, pairs["林晓雯"].id)
        assert [(o.outcome_date, o.kind, o.description) for o in outcomes] == [
            (date(2026, 5, 10), "获奖", "区青年教师优质课二等奖")]
        again = import_mentoring(database, book, today=date(2026, 11, 20))
        assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
        assert len(list_pairs(database)) == 3 and len(list_outcomes(database, pairs["林晓雯"].id)) == 1
    finally:
        database.close()


def test_unknown_mentor_and_bad_date_write_nothing(tmp_path: Path) -> None:
    database = _db(tmp_path / "a.sqlite")
    try:
        rows = [list(r) for r in GOOD]
        rows[0][3] = "查无此人"
        rows[2][6] = "2026-02-30"
        rows[1][6] = "去年秋天"
        book = make_workbook(tmp_path / "错.xlsx", HEADERS, rows, title_rows=["结对帮扶台账"])
        report = import_mentoring(database, book, today=date(2026, 11, 20))
        assert not report.ok
        problems = {(p.row, p.column, p.letter) for p in report.problems}
        assert (3, "导师（帮扶人）", "D") in problems
        assert (4, "开始日期", "G") in problems and (5, "开始日期", "G") in problems
        # the cell is not empty: "无法识别", once, never also "不能为空"
        assert [p.row for p in report.problems if p.column == "开始日期"] == [4, 5], report.to_text()
        text = report.to_text()
        assert "花名册中没有在册党员“查无此人”" in text and "“2026-02-30”不是有效日期" in text
        assert "没有写入任何数据" in text
        assert list_pairs(database) == []
    finally:
        database.close()


def test_cli_dry_run_then_import(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    db_path = tmp_path / "中文 路径" / "b.sqlite"
    db_path.parent.mkdir()
    _db(db_path).close()
    book = make_workbook(tmp_path / "台账.xlsx", HEADERS, GOOD)
    assert main(["import", "mentoring", str(book), "--db", str(db_path), "--dry-run"]) == 0
    assert "将新增 3 条" in capsys.readouterr().out
    database = session.open(db_path)
    assert list_pairs(database) == []
    database.close()
    assert main(["import", "mentoring", str(book), "--db", str(db_path)]) == 0
    assert "已新增 3 条" in capsys.readouterr().out
    bad = make_workbook(tmp_path / "坏.xlsx", ["姓名", "年龄"], [["张三", 3]])
    assert main(["import", "mentoring", str(bad), "--db", str(db_path)]) == 1
    assert "没有找到表头行" in capsys.readouterr().out


def test_export_year_and_round_trip(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    source = tmp_path / "源.sqlite"
    database = _db(source)
    today = date(2026, 11, 20)
    try:
        ids = {m.name: m.id for m in list_members(database)}
        t = teacher_pair(database, ids["张建国"], date(2025, 9, 1), date(2026, 7, 15))
        s = student_pair(database, ids["李秀英"], date(2026, 9, 1))
        old = teacher_pair(database, ids["张建国"], date(2024, 9, 1), date(2025, 7, 1), mentee="周子涵")
        set_status(database, old.id, "已结束", on=date(2025, 7, 1), today=today)
        set_status(database, s.id, "中止", on=date(2026, 10, 1), reason="学生转学", today=today)
        add_outcome(database, t.id, date(2026, 5, 10), "获奖", "区优质课二等奖", today=today)
        save_activity(database, t.id, ActivityInput(date(2026, 3, 1), "听课", 1), today=today)
        before = {(p.kind, p.branch, p.mentor, p.mentee_label, p.mentee_category, p.start_date, p.planned_end,
                   p.goals, p.dimensions, p.status, p.stop_reason) for p in list_pairs(database)}
    finally:
        database.close()
    out = tmp_path / "导出" / "结对帮扶台账 2026.xlsx"
    assert main(["export", "mentoring", "--db", str(source), "--out", str(out), "--year", "2026"]) == 0
    assert "2026年度结对帮扶台账 2 对" in capsys.readouterr().out
    sheet = openpyxl.load_workbook(out).active
    assert "2026年度结对帮扶台账" in sheet["A1"].value
    header = [c.value for c in sheet[3]]
    assert header[:11] == HEADERS
    rows = [[c.value for c in r] for r in sheet.iter_rows(min_row=4)]
    assert {r[4] for r in rows} == {"林晓雯", "王小明（高一（3）班）"}
    teacher = next(r for r in rows if r[4] == "林晓雯")
    assert teacher[10] == "2026-05-10 获奖：区优质课二等奖" and teacher[6].date() == date(2025, 9, 1)
    assert next(r for r in rows if r[4].startswith("王小明"))[12] == "中止：学生转学"

    everything = tmp_path / "全部.xlsx"
    assert main(["export", "mentoring", "--db", str(source), "--out", str(everything)]) == 0
    fresh = tmp_path / "新库.sqlite"
    _db(fresh).close()
    assert main(["import", "mentoring", str(everything), "--db", str(fresh)]) == 0
    assert "已新增 3 条" in capsys.readouterr().out
    database = session.open(fresh)
    try:
        after = {(p.kind, p.branch, p.mentor, p.mentee_label, p.mentee_category, p.start_date, p.planned_end,
                  p.goals, p.dimensions, p.status, p.stop_reason) for p in list_pairs(database)}
        assert after == before
        teacher_pair_id = next(p.id for p in list_pairs(database) if p.mentee_name == "林晓雯")
        assert [o.ledger_line() for o in list_outcomes(database, teacher_pair_id)] == ["2026-05-10 获奖：区优质课二等奖"]
    finally:
        database.close()
    second = tmp_path / "再导出.xlsx"
    assert main(["export", "mentoring", "--db", str(fresh), "--out", str(second)]) == 0
    values = lambda path: [[c.value for c in r] for r in openpyxl.load_workbook(path).active.iter_rows(min_row=3)]  # noqa: E731
    assert values(second) == values(everything)


def test_template_then_fill_and_import(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    db_path = tmp_path / "c.sqlite"
    _db(db_path).close()
    template = tmp_path / "模板.xlsx"
    assert main(["template", "mentoring", "--out", str(template)]) == 0
    assert main(["import", "mentoring", str(template), "--db", str(db_path)]) == 1
    assert "表头下面没有任何结对数据" in capsys.readouterr().out
    book = openpyxl.load_workbook(template)
    sheet = book.active
    assert [c.value for c in sheet[3]][:5] == ["序号", "结对类型*", "所在党支部*", "导师（帮扶人）*", "结对对象*"]
    sheet.append([1, "党员帮扶学生", "初中部党支部", "赵敏", "钱浩宇（初二（3）班）", "留守儿童", "2026/9/1", "", "", "",
                  "", "思想、德育", "中止：学生转学"])
    book.save(template)
    assert main(["import", "mentoring", str(template), "--db", str(db_path)]) == 0
    database = session.open(db_path)
    try:
        (pair,) = list_pairs(database)
        assert (pair.mentee_name, pair.mentee_class, pair.dimensions, pair.status, pair.stop_reason) == (
            "钱浩宇", "初二（3）班", ("思想", "德育"), "中止", "学生转学")
    finally:
        database.close()


def test_reimport_into_the_source_keeps_what_the_ledger_lacks(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    source = tmp_path / "源.sqlite"
    database = _db(source)
    today = date(2026, 11, 20)
    try:
        ids = {m.name: m.id for m in list_members(database)}
        pair = student_pair(database, ids["李秀英"], date(2026, 9, 1))
        set_status(database, pair.id, "中止", on=date(2026, 10, 1), reason="学生转学", today=today)
        save_activity(database, pair.id, ActivityInput(date(2026, 9, 20), "家访", 2), today=today)
    finally:
        database.close()
    out = tmp_path / "台账.xlsx"
    assert main(["export", "mentoring", "--db", str(source), "--out", str(out)]) == 0
    assert main(["import", "mentoring", str(out), "--db", str(source)]) == 0
    assert "0 条、已更新 0 条，1 条无变化" in capsys.readouterr().out
    database = session.open(source)
    try:
        (after,) = list_pairs(database)
        assert (after.closed_on, after.activity_count, after.stop_reason) == (date(2026, 10, 1), 1, "学生转学")
    finally:
        database.close()


def test_a_ledger_without_some_columns_keeps_what_they_would_hold(tmp_path: Path) -> None:
    """A branch's own ledger may have only the required columns: re-imported, it must not erase the
    对象类别, 结束日期, 帮扶目标, 帮扶内容, 成效, 帮扶维度 or 状态 of the pairs already kept (an absent
    column says nothing about them; a blank 状态 cell still means 进行中). A new pair gets them blank."""
    database = _db(tmp_path / "a.sqlite")
    today = date(2026, 11, 20)
    try:
        ids = {m.name: m.id for m in list_members(database)}
        teacher_pair(database, ids["张建国"], date(2025, 9, 1), date(2026, 7, 15))
        pair = student_pair(database, ids["李秀英"], date(2026, 9, 1))
        set_status(database, pair.id, "中止", on=date(2026, 10, 1), reason="学生转学", today=today)
        before = {p.mentee_name: p for p in list_pairs(database)}
        required = ["结对类型", "所在党支部", "导师（帮扶人）", "结对对象", "开始日期"]
        book = make_workbook(tmp_path / "缺列.xlsx", required, [
            ["青蓝工程师徒结对", "高一年级党支部", "张建国", "林晓雯", "2025-09-01"],
            ["党员帮扶学生", "高一年级党支部", "李秀英", "王小明（高一（3）班）", "2026-09-01"],
            ["青蓝工程师徒结对", "高一年级党支部", "张建国", "周新", "2026-09-01"],
        ])
        report = import_mentoring(database, book, today=today)
        assert report.ok, report.to_text()
        assert (report.created, report.updated, report.unchanged) == (1, 0, 2), report.to_text()
        after = {p.mentee_name: p for p in list_pairs(database)}
        fields = ("mentee_category", "mentee_class", "planned_end", "goals", "content", "results", "dimensions",
                  "status", "closed_on", "stop_reason")
        for name in ("林晓雯", "王小明"):
            assert [getattr(after[name], f) for f in fields] == [getattr(before[name], f) for f in fields], name
        assert (after["林晓雯"].goals, after["林晓雯"].dimensions) == ("一年站稳讲台", ("思想", "业务"))
        assert (after["王小明"].status, after["王小明"].stop_reason) == ("中止", "学生转学")
        new = after["周新"]
        assert (new.mentee_category, new.planned_end, new.goals, new.dimensions, new.status) == (
            "", None, "", (), "进行中")
        note = next(n for n in report.notes if "保持不变" in n)
        assert note == ("文件中没有“对象类别”、“结束日期”、“帮扶目标”、“帮扶内容”、“成效”、“帮扶维度”、“状态”列："
                        "已有的 2 对结对的这些信息保持不变"), note
    finally:
        database.close()
