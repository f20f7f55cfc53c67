"""Issue 21 item 9: lengths are limited at entry as at import. A 300-character value typed into a form
(meeting, 结对帮扶, 学时, 整改台账) is refused beside its field with the limit and its length; a value
at the limit is kept."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from branchdesk.domain.meetings.records import MeetingKind
from branchdesk.domain.mentoring.records import KIND_TEACHER, PairInput, validate_pair
from branchdesk.domain.rectification.editing import LedgerInput, MeasureInput
from branchdesk.domain.rectification.status import validate_close_off, validate_reopen
from branchdesk.domain.study_hours.records import StudyInput, validate_study
from branchdesk.domain.text import MAX_LENGTH
from branchdesk.domain.validation import too_long
from branchdesk.services.errors import ValidationFailed
from branchdesk.services.meetings.records import default_attendees, save_meeting
from branchdesk.services.rectification import records as rect
from branchdesk.services.rectification import status
from tests.meetings.helpers import make_branch

LONG = "很长的文字" * 60  # 300 characters


def fields(caught: pytest.ExceptionInfo[ValidationFailed]) -> set[str]:
    return {e.field for e in caught.value.errors}


def test_too_long_names_the_field_its_limit_and_the_length() -> None:
    assert too_long({"主持人": "王" * MAX_LENGTH["person"]}) == []
    [error] = too_long({"主持人": "王" * (MAX_LENGTH["person"] + 1)})
    assert error.field == "主持人" and f"不能超过 {MAX_LENGTH['person']} 个字" in error.message
    assert f"现为 {MAX_LENGTH['person'] + 1} 个字" in error.message
    assert too_long({"班级": "初二" * 11}, {"班级": "short"})[0].field == "班级"
    assert too_long({"主持人": None, "记录人": ""}) == []


def test_a_meeting_with_an_overlong_host_and_place_is_refused(db) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.domain.meetings.sitting import MeetingInput

    branch = make_branch(db)
    day = date(2026, 6, 30)
    data = MeetingInput(branch_id=branch.id, kinds=(MeetingKind.CONGRESS,), date=day, start_time="15:30",
                        end_time="17:00", place=LONG, topic="讨论预备党员转正", host=LONG, recorder="张宣传",
                        attendees=default_attendees(db, branch.id, day, (MeetingKind.CONGRESS,)))
    with pytest.raises(ValidationFailed) as caught:
        save_meeting(db, data)
    assert fields(caught) == {"地点", "主持人"}
    data.place, data.host = "党员活动室", "王书记"
    data.content = "会议内容" * 100  # 400 characters of 主要内容 are fine
    assert save_meeting(db, data).record.host == "王书记"


def test_a_pair_with_overlong_texts_is_refused() -> None:
    data = PairInput(kind=KIND_TEACHER, branch="高一年级党支部", mentor_name=LONG, mentee_name="林晓雯",
                     mentee_category="青年教师", start_date=date(2026, 9, 1), note="备" * 2001)
    _, errors = validate_pair(data, kinds=[KIND_TEACHER], dimensions=[], today=date(2026, 11, 20))
    assert {e.field for e in errors} == {"导师（帮扶人）", "备注"}


def test_a_study_record_with_an_overlong_note_is_refused() -> None:
    data = StudyInput(1, date(2026, 4, 10), "2", "网络培训", "党纪学习教育专题", "省党员干部网络学院", "注" * 2001)
    _, errors = validate_study(data, date(2026, 11, 20))
    assert [e.field for e in errors] == ["备注"]


def test_rectification_entries_are_limited(db) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationFailed) as caught:
        rect.create_ledger(db, LedgerInput(LONG, "巡察反馈", None, None, None))
    assert fields(caught) == {"台账名称"}
    ledger = rect.create_ledger(db, LedgerInput("2026年巡察反馈问题整改台账", "巡察反馈", None, None, None))
    with pytest.raises(ValidationFailed) as caught:
        rect.add_problem(db, ledger.id, description="记录不规范", category=LONG)
    assert fields(caught) == {"问题类别"}
    problem = rect.add_problem(db, ledger.id, description="记录不规范", category="基层党组织建设方面")
    with pytest.raises(ValidationFailed) as caught:
        rect.add_measure(db, problem.id, MeasureInput("统一记录格式", LONG, "李娜", date(2026, 6, 30)))
    assert fields(caught) == {"责任领导"}
    measure = rect.add_measure(db, problem.id, MeasureInput("统一记录格式", "张书记", "李娜", date(2026, 6, 30)))
    with pytest.raises(ValidationFailed) as caught:
        status.add_progress(db, measure.id, date(2026, 5, 1), "进" * (MAX_LENGTH["text"] + 1))
    assert fields(caught) == {"整改进展"}
    with pytest.raises(ValidationFailed) as caught:
        status.add_evidence(db, measure.id, [status.EvidenceInput(name=LONG)])
    assert fields(caught) == {"佐证材料"}
    assert [e.field for e in validate_close_off(date(2026, 7, 1), LONG, 1)] == ["销号审核人"]
    assert [e.field for e in validate_reopen("已销号", "因" * 2001)] == ["重新打开原因"]


def test_a_meetings_history_names_every_field_as_the_form_does(db) -> None:  # type: ignore[no-untyped-def]
    """修改记录 of a meeting: 开始时间, 结束时间, 主讲人 … never the stored column names."""
    from branchdesk.domain.meetings.sitting import MeetingInput
    from branchdesk.services.history import record_history

    branch = make_branch(db)
    day = date(2026, 6, 30)
    data = MeetingInput(branch_id=branch.id, kinds=(MeetingKind.CONGRESS,), date=day, start_time="15:30",
                        end_time="17:00", place="党员活动室", topic="讨论预备党员转正", host="王书记", recorder="张宣传",
                        attendees=default_attendees(db, branch.id, day, (MeetingKind.CONGRESS,)))
    saved = save_meeting(db, data).record
    data.start_time, data.end_time, data.lecturer = "16:00", "17:30", "李老师"
    save_meeting(db, data, saved.id)
    fields = {entry.field for entry in record_history(db, "meetings", saved.id)}
    assert {"开始时间", "结束时间", "主讲人"} <= fields
    assert not {f for f in fields if f.isascii()}, fields


def test_a_long_cell_is_reported_on_every_row_that_holds_it(tmp_path: Path) -> None:
    """The reader remembers each text it cleaned (issue 18) but never a text too long for its field:
    the same long name on two rows, and a long value merged over two more, are each reported."""
    import openpyxl

    from branchdesk.io.roster_xlsx import READ_COLUMNS
    from branchdesk.io.xlsx_reader import read_table

    long_name = "王" * (MAX_LENGTH["person"] + 1)
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["姓名", "公民身份号码", "所在党支部", "人员类别", "入党日期"])
    for n, name in enumerate([long_name, "李华", long_name, "张三", "赵四"]):
        sheet.append([name, f"1101051990010{n}0010", "第一党支部", "正式党员", "2010-07-01"])
    sheet["A5"] = "党" * (MAX_LENGTH["person"] + 1)
    sheet.merge_cells("A5:A6")
    path = tmp_path / "long.xlsx"
    workbook.save(path)
    table = read_table(path, READ_COLUMNS)
    assert [(p.row, p.column) for p in table.problems] == [(2, "姓名"), (4, "姓名"), (5, "姓名"), (6, "姓名")]
