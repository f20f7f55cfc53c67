"""Trial R TR-6, TR-7: a 合计/小计/总计 row with text beside its 合计 ("合计 | 38人（其中预备党员2人，退休党员6人）",
"合计 | 青蓝工程5对，帮扶学生4人", "合计 | 44人次") was read as a member, a pair, a study record and the whole
file refused (the 结对 import even offered to add the 合计's text as a new 结对类型); a note under a table
("说明：12月主题党日定于12月15日开展。") was read as a meeting. Both are footers in every import, read by the
shared reader (io.xlsx_reader) and said once: "第 N 行“合计 …”视为表尾，未导入"."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from branchdesk.io.meetings_xlsx import READ_COLUMNS as MEETING_COLUMNS
from branchdesk.io.roster_xlsx import READ_COLUMNS as ROSTER_COLUMNS
from branchdesk.io.study_xlsx import RECORD_COLUMNS
from branchdesk.io.xlsx_reader import ReadNotice, read_table, send_notices_to
from branchdesk.services import session
from branchdesk.services.mentoring.excel import import_mentoring
from branchdesk.services.study_hours.excel import import_study_records
from tests.meetings.helpers import BRANCH, make_branch
from tests.mentoring.helpers import make_roster
from tests.xlsx_factory import make_workbook


def _read(path: Path, columns):  # type: ignore[no-untyped-def]
    notices: list[ReadNotice] = []
    send_notices_to(notices.append)
    try:
        return read_table(path, columns), [n.text for n in notices]
    finally:
        send_notices_to(None)


def test_the_rosters_total_row_with_its_count_beside_is_a_footer(tmp_path: Path) -> None:
    path = make_workbook(tmp_path / "花名册.xlsx",
                         ["序号", "姓名", "性别", "公民身份号码", "所在党支部", "人员类别", "入党时间"], [
                             [1, "王建华", "男", "350424197506171056", "第一党支部", "正式党员", "2005.11.28"],
                             [None] * 7,
                             ["合计", "38人（其中预备党员2人，退休党员6人）", None, None, None, None, None],
                             ["制表人：林秀珍", None, None, None, "审核人：王建华", None, None],
                         ], title_rows=["第一党支部党员花名册"])
    table, notes = _read(path, ROSTER_COLUMNS)
    assert [record["姓名"] for _n, record in table.rows] == ["王建华"]
    said = [n for n in notes if "表尾" in n]
    assert said == ["第 5 行“合计 38人（其中预备党员2人，退休党员6人）”、第 6 行“制表人：林秀珍”视为表尾，未导入"]


def test_a_total_that_is_only_part_of_a_word_is_data(tmp_path: Path) -> None:
    path = make_workbook(tmp_path / "学习.xlsx", ["所在党支部", "姓名", "学习日期", "学时", "学习形式", "学习内容"], [
        [BRANCH, "总计划", "2026.3.1", 2, "集中学习", "专题学习"]])  # a cell beginning with 总计 is no total
    table, _notes = _read(path, RECORD_COLUMNS)
    assert len(table.rows) == 1


def test_a_note_under_the_meetings_table_is_a_footer(tmp_path: Path) -> None:
    path = make_workbook(tmp_path / "三会一课.xlsx", ["序号", "活动日期", "活动类型", "活动主题", "应到", "实到",
                                                    "所在党支部"], [
        [1, "2026/11/15", "主题党日", "宪法宣传进校园", 38, 36, BRANCH],
        [None] * 7,
        ["说明：12月主题党日定于12月15日开展。", None, None, None, None, None, None],
        ["注：缺席人员已补学。", None, None, None, None, None, None],
    ], title_rows=["第一党支部2026年主题党日活动登记表"])
    table, notes = _read(path, MEETING_COLUMNS)
    assert len(table.rows) == 1
    assert [n for n in notes if "表尾" in n] == [
        "第 5 行“说明：12月主题党日定于12月15日开展。”、第 6 行“注：缺席人员已补学。”视为表尾，未导入"]


def test_the_study_registers_count_row_is_not_a_member(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    make_branch(db)
    path = make_workbook(tmp_path / "学习.xlsx", ["序号", "所在党支部", "姓名", "学习日期", "学时", "学习形式",
                                                 "学习内容"], [
        [1, BRANCH, "王书记", "2026.8.20", 4, "网络培训", "党纪学习教育专题网络培训"],
        [2, BRANCH, "赵一", "2026年9月3日", 2, "集中轮训", "专题辅导"],
        ["合计", None, "2人次", None, 6, None, None],
    ])
    report = import_study_records(db, path, today=date(2026, 12, 5))
    text = report.to_text()
    assert report.ok and report.created == 2, text
    assert "2人次" in text and text.count("视为表尾") == 1, text


@pytest.mark.parametrize("word", ["合计", "小计", "总计"])
def test_the_mentoring_total_row_is_no_new_pair_kind(tmp_path: Path, word: str) -> None:
    database = session.open(tmp_path / "a.sqlite")
    make_roster(database)
    path = make_workbook(tmp_path / "结对.xlsx", ["序号", "结对类型", "所在党支部", "导师（帮扶人）", "结对对象",
                                                  "开始日期"], [
        [1, "青蓝工程", "高一年级党支部", "张建国", "林晓雯", "2025-09-01"],
        [word, "青蓝工程5对，帮扶学生4人", None, None, None, None],
    ])
    report = import_mentoring(database, path, dry_run=True)
    text = report.to_text()
    assert report.ok, text
    assert "青蓝工程5对" not in "".join(str(w) for w in getattr(report, "new_words", ())), text
    assert "结对类型（B 列）" not in text and text.count("视为表尾") == 1, text
