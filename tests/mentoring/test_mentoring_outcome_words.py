"""成效 lines written with the short forms schools use ("论文", "骨干教师", "入党申请") are read as the
成效类别 they mean, and the report says once what it mapped; an unknown one is still refused."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from branchdesk.services import session
from branchdesk.services.mentoring.excel import import_mentoring
from branchdesk.services.mentoring.log import list_outcomes
from branchdesk.services.mentoring.records import list_pairs
from tests.mentoring.helpers import make_roster
from tests.mentoring.test_mentoring_import import GOOD, HEADERS
from tests.xlsx_factory import make_workbook

RESULTS = ("教学基本功明显提高\n2026-03-12 论文：《小学数学分层作业设计》刊于区教研通讯\n"
           "2026-05-10 获奖：区青年教师优质课二等奖\n2026-06-01 骨干教师：评为区级骨干教师")


def _import(tmp_path: Path, results: str):  # type: ignore[no-untyped-def]
    database = session.open(tmp_path / "a.sqlite")
    make_roster(database)
    rows = [list(r) for r in GOOD]
    rows[0][10] = results
    book = make_workbook(tmp_path / "结对帮扶台账.xlsx", HEADERS, rows, title_rows=["示范中学2026年度结对帮扶台账"])
    return database, import_mentoring(database, book, today=date(2026, 11, 20))


def test_short_outcome_kinds_are_read_as_the_list_entries(tmp_path: Path) -> None:
    database, report = _import(tmp_path, RESULTS)
    try:
        assert report.ok, report.to_text()
        text = report.to_text()
        assert "成效类别“论文”按“论文发表”导入，1 行" in text and "成效类别“骨干教师”按“成为骨干教师”导入，1 行" in text
        pair = next(p for p in list_pairs(database) if p.mentee_name == "林晓雯")
        assert [(o.outcome_date, o.kind) for o in list_outcomes(database, pair.id)] == [
            (date(2026, 3, 12), "论文发表"), (date(2026, 5, 10), "获奖"), (date(2026, 6, 1), "成为骨干教师")]
    finally:
        database.close()


def test_an_unknown_outcome_kind_is_still_refused(tmp_path: Path) -> None:
    database, report = _import(tmp_path, "2026-03-12 心得：写了一篇心得")
    try:
        assert not report.ok
        assert any("成效类别“心得”不在成效类别列表中" in p.message for p in report.problems)
    finally:
        database.close()


def test_a_word_ending_exactly_one_kind_is_read_as_it_and_said_on_its_row(tmp_path: Path) -> None:
    """Re-trial R2, N-4: "进步：期中考试数学提高 20 分" was refused, listing the kinds, while 结对类型 read "青蓝工程" as
    青蓝工程师徒结对. The end of exactly one 成效类别 is read as it, said on the row of the preview."""
    database, report = _import(tmp_path, "2026-05-10 进步：期中考试数学提高 20 分")
    try:
        assert report.ok, report.to_text()
        row = report.preview[0].row
        assert "成效类别“进步”按“学业进步”读入（成效类别中只有它以“进步”结尾），请核对" in report.warnings_of(row)
        pair = next(p for p in list_pairs(database) if p.mentee_name == "林晓雯")
        assert [o.kind for o in list_outcomes(database, pair.id)] == ["学业进步"]
    finally:
        database.close()
    database, report = _import(tmp_path / "二", "2026-05-10 师：写了一篇心得")  # one character: not guessed
    try:
        assert not report.ok
    finally:
        database.close()
