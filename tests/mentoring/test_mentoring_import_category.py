"""A 结对帮扶台账 without the 对象类别 column, re-imported over pairs already kept. Without 对象类别 a row is
read by its 结对类型 alone, and a kind the user added reads its mentee as a teacher: “王小明（高一（3）班）”
under 党员联系宿舍 became a second pair with a teacher of that name beside the student's pair. An absent
column says nothing about the pairs kept (services.absent_columns): the row is the pair already kept
for the same kind, mentor, mentee and start, whichever type of mentee it has, and keeps its 对象类别.
When two pairs of different types could be meant, the row is refused, saying why."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from branchdesk.domain.mentoring.records import KIND_TEACHER, PairInput
from branchdesk.services.mentoring.excel import import_mentoring
from branchdesk.services.mentoring.lists import get_lists, set_list
from branchdesk.services.mentoring.records import list_pairs, save_pair
from tests.mentoring.helpers import BRANCH_A, make_roster
from tests.xlsx_factory import make_workbook

TODAY = date(2026, 11, 20)
DORM = "党员联系宿舍"  # a kind the user added
REQUIRED = ["结对类型", "所在党支部", "导师（帮扶人）", "结对对象", "开始日期"]
STUDENT = "王小明（高一（3）班）"


def _with_dorm_pairs(db) -> dict[str, int]:  # type: ignore[no-untyped-def]
    ids = make_roster(db)
    set_list(db, "pair_kinds", [*get_lists(db).pair_kinds, DORM])
    save_pair(db, PairInput(kind=DORM, branch=BRANCH_A, mentor_id=ids["李秀英"], mentee_name=STUDENT,
                            mentee_category="贫困生", start_date=date(2026, 9, 1), goals="按时作息"), today=TODAY)
    save_pair(db, PairInput(kind=DORM, branch=BRANCH_A, mentor_id=ids["张建国"], mentee_name="林晓雯",
                            mentee_category="青年教师", start_date=date(2026, 9, 1)), today=TODAY)
    return ids


def _pairs(db) -> list[tuple[str, str, str, str, str, str]]:  # type: ignore[no-untyped-def]
    return sorted((p.kind, p.mentor, p.mentee_type, p.mentee_name, p.mentee_class, p.mentee_category)
                  for p in list_pairs(db))


def test_a_student_under_a_users_own_kind_is_found_without_the_category_column(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _with_dorm_pairs(db)
    before = _pairs(db)
    book = make_workbook(tmp_path / "宿舍.xlsx", REQUIRED, [
        [DORM, BRANCH_A, "李秀英", STUDENT, "2026-09-01"],
        [DORM, BRANCH_A, "张建国", "林晓雯", "2026-09-01"],
    ])
    report = import_mentoring(db, book, today=TODAY)
    assert report.ok, report.to_text()
    assert (report.created, report.updated, report.unchanged) == (0, 0, 2), report.to_text()
    assert _pairs(db) == before  # no teacher called “王小明(高一(3)班)”: the student keeps 学生, 贫困生
    assert next(p for p in list_pairs(db) if p.mentee_name == "王小明").goals == "按时作息"
    assert report.preview[0].cells[3:5] == (STUDENT, "贫困生")  # the row as the pair it updates


def test_the_class_written_with_the_student_is_taken_as_it_would_be_with_the_column(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _with_dorm_pairs(db)
    book = make_workbook(tmp_path / "宿舍.xlsx", REQUIRED, [[DORM, BRANCH_A, "李秀英", "王小明（高二（3）班）", "2026-09-01"]])
    report = import_mentoring(db, book, today=TODAY)
    assert (report.created, report.updated) == (0, 1), report.to_text()
    student = next(p for p in list_pairs(db) if p.mentee_name == "王小明")
    assert (student.mentee_type, student.mentee_class, student.mentee_category) == ("学生", "高二（3）班", "贫困生")


def test_a_new_mentee_without_the_category_column_is_read_as_before(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _with_dorm_pairs(db)
    book = make_workbook(tmp_path / "宿舍.xlsx", REQUIRED, [
        [DORM, BRANCH_A, "李秀英", STUDENT, "2026-10-08"],  # another start: another pair
        [KIND_TEACHER, BRANCH_A, "李秀英", STUDENT, "2026-09-01"],  # another kind: another pair
    ])
    report = import_mentoring(db, book, today=TODAY)
    assert (report.created, report.updated, report.unchanged) == (2, 0, 0), report.to_text()


def test_two_pairs_of_different_types_for_the_same_two_people_refuse_the_row(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ids = _with_dorm_pairs(db)
    # what the old import made of such a row: a teacher of that name beside the student
    save_pair(db, PairInput(kind=DORM, branch=BRANCH_A, mentor_id=ids["李秀英"], mentee_name=STUDENT,
                            start_date=date(2026, 9, 1)), today=TODAY)
    before = _pairs(db)
    assert [p[2] for p in before if p[1] == "李秀英"] == ["学生", "教师"]
    book = make_workbook(tmp_path / "宿舍.xlsx", REQUIRED, [
        [DORM, BRANCH_A, "张建国", "林晓雯", "2026-09-01"],
        [DORM, BRANCH_A, "李秀英", STUDENT, "2026-09-01"],
    ])
    report = import_mentoring(db, book, today=TODAY)
    assert not report.ok and _pairs(db) == before  # all or nothing
    [problem] = report.problems
    assert (problem.row, problem.column) == (3, "结对对象"), report.to_text()
    assert problem.message.startswith("文件中没有“对象类别”列，无法判断是哪一对结对"), problem.message
    # the teacher's name kept as written, its brackets full-width (trial R TR-14: it was stored half-width)
    assert "学生“王小明（高一（3）班）”" in problem.message and "教师“王小明（高一（3）班）”" in problem.message
    assert "加上“对象类别”列" in problem.message
    with_column = make_workbook(tmp_path / "有类别.xlsx", [*REQUIRED, "对象类别"], [
        [DORM, BRANCH_A, "李秀英", STUDENT, "2026-09-01", "贫困生"]])
    report = import_mentoring(db, with_column, today=TODAY)  # the column tells them apart
    assert report.ok and (report.created, report.unchanged) == (0, 1), report.to_text()


def test_a_student_and_a_teacher_of_the_same_name_refuse_a_row_without_the_category(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ids = _with_dorm_pairs(db)
    save_pair(db, PairInput(kind=DORM, branch=BRANCH_A, mentor_id=ids["李秀英"], mentee_name="王小明",
                            mentee_category="青年教师", start_date=date(2026, 9, 1)), today=TODAY)
    book = make_workbook(tmp_path / "宿舍.xlsx", REQUIRED, [[DORM, BRANCH_A, "李秀英", "王小明", "2026-09-01"]])
    report = import_mentoring(db, book, today=TODAY)
    [problem] = report.problems
    assert "无法判断是哪一对结对" in problem.message and "学生“王小明（高一（3）班）”" in problem.message, problem.message
    assert "教师“王小明”" in problem.message and len(list_pairs(db)) == 3
