"""Imports of real-shaped ledgers when something is wrong or new (issue 13): still all or nothing with
Chinese row/column messages; a typo of a branch, 党小组 or person is an error with the suggestion; new
branches need a confirmation once branches exist; an unknown word names the accepted ones and can be
added; a rectification ledger named for the first time is created; numbering read as the file means
it; drafts are not counted; the calendar starts at the later of 启用日期 and 成立日期."""

from __future__ import annotations

import contextlib
import io
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from branchdesk.cli.main import main
from branchdesk.services.roster.records import list_members
from tests.shared import real_year as ry


def _cli(argv: list[str]) -> tuple[int, str]:
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        code = main(argv)
    return code, buffer.getvalue()


def _edit(path: Path, out: Path, cells: dict[str, object]) -> Path:
    book = openpyxl.load_workbook(path)
    sheet = book.active
    for ref, value in cells.items():
        sheet[ref] = value
    book.save(out)
    return out


@pytest.fixture
def files(tmp_path: Path) -> ry.YearFiles:
    return ry.write_year(tmp_path / "台账")


def test_bad_roster_is_refused_whole_with_row_and_column(db, files, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.services.roster.excel import import_roster

    # row 4 is the first member (a two-row header on rows 2–3): 学历 in G, 入党时间 in K, 党内职务 in M
    bad = _edit(files.roster, tmp_path / "错.xlsx", {"G4": "党校毕业", "K5": "2010年13月1日", "M6": "班主任"})
    report = import_roster(db, bad)
    text = report.to_text()
    assert not report.ok and list_members(db) == []
    assert "第 4 行，学历（G 列）：“党校毕业”不是可用的学历，可填写：研究生、大学本科" in text
    assert "第 5 行，入党日期（K 列）" in text
    assert "第 6 行，党内职务（M 列）：“班主任”不是可用的党内职务" in text and "普通党员请留空" in text
    assert "没有写入任何数据" in text


def test_typos_and_new_branches_once_branches_exist(db_path: Path, files, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert _cli(["import", "roster", str(files.roster), "--db", str(db_path)])[0] == 0
    new = tmp_path / "新.xlsx"
    book = openpyxl.load_workbook(files.roster)
    sheet = book.active
    sheet["H4"] = "高一年纪党支部"  # a typo of an existing branch
    sheet["I5"] = "第一党小祖"  # a typo of an existing 党小组
    book.save(new)
    code, text = _cli(["import", "roster", str(new), "--db", str(db_path)])
    assert code == 1
    assert "第 4 行，所在党支部（H 列）：没有名为“高一年纪党支部”的党支部，是否为“高一年级党支部”？" in text
    assert "第 5 行，党小组（I 列）：“高一年级党支部”下没有名为“第一党小祖”的党小组，是否为“第一党小组”？" in text
    # a genuinely new branch is said plainly and waits for --create-orgs
    sheet["H4"], sheet["I5"] = "高一年级党支部", "第一党小组"
    sheet["H60"] = "初四年级党支部"
    for col, value in zip("BCDEFGIJKLMNOP", ["新党员", "女", "汉族", "1990-01-01",
                                             ry.make_id_number("140202", date(1990, 1, 1), 300, male=False),
                                             "大学本科", "", "正式党员", "2015-07-01", "2016-07-01", "", "教师",
                                             "", ""], strict=True):
        sheet[f"{col}60"] = value
    book.save(new)
    code, text = _cli(["import", "roster", str(new), "--db", str(db_path)])
    assert code == 1 and "将新建党支部：“初四年级党支部”" in text and "--create-orgs" in text
    code, text = _cli(["import", "roster", str(new), "--create-orgs", "--db", str(db_path)])
    assert code == 0 and "新建党支部“初四年级党支部”" in text and "已新增 1 条" in text


def test_meeting_typos_and_an_unknown_absentee(db, files, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.services.meetings.excel import import_meetings
    from branchdesk.services.meetings.records import list_meetings
    from branchdesk.services.roster.excel import import_roster

    assert import_roster(db, files.roster).ok
    sheet = openpyxl.load_workbook(files.meetings).active
    march = next(r for r in range(4, sheet.max_row + 1) if sheet.cell(r, 13).value == "乔聪（带学生参加竞赛）、周欢宁（病假）")
    bad = _edit(files.meetings, tmp_path / "错.xlsx", {f"M{march}": "乔葱（带学生参加竞赛）、周欢宁（病假）",
                                                      "F5": "高三年纪党支部"})
    report = import_meetings(db, bad)
    text = report.to_text()
    assert not report.ok and list_meetings(db) == []
    assert f"第 {march} 行，缺席人员及原因（M 列）：缺席人员“乔葱”不在花名册中，是否为“乔聪”？" in text
    assert "第 5 行，所在党支部（F 列）：没有名为“高三年纪党支部”的党支部，是否为“高三年级党支部”？" in text


def test_an_unknown_pair_kind_names_the_accepted_ones_and_can_be_added(db, files, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.services.mentoring.excel import import_mentoring
    from branchdesk.services.mentoring.records import list_pairs
    from branchdesk.services.roster.excel import import_roster
    from branchdesk.services.word_lists import add_list_entry

    assert import_roster(db, files.roster).ok
    bad = _edit(files.mentoring, tmp_path / "新类型.xlsx", {"B3": "名师工作室结对", "B4": "名师工作室结对"})
    report = import_mentoring(db, bad)
    assert not report.ok and list_pairs(db) == []
    assert ("第 3 行，结对类型（B 列）：“名师工作室结对”不在结对类型列表中（青蓝工程师徒结对、党员帮扶学生、党员联系班级）"
            in report.to_text())
    [word] = report.unknown_words
    assert (word.word, word.rows, word.editable, word.title) == ("名师工作室结对", (3, 4), True, "结对类型")
    assert add_list_entry(db, word.list_key, word.word) == "已把“名师工作室结对”添加为新的结对类型"
    again = import_mentoring(db, bad)
    assert again.ok and again.created == 34, again.to_text()
    assert "结对类型“青蓝工程”按“青蓝工程师徒结对”导入，23 行" in again.to_text()


def test_rectification_ledger_created_and_numbering_read_as_meant(db, files, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.services.rectification import records as rect
    from branchdesk.services.rectification.excel import import_rectification
    from branchdesk.services.roster.excel import import_roster

    assert import_roster(db, files.roster).ok  # a new ledger needs a 党支部 in the database (re-trial R2, N-1)
    bad = _edit(files.rectification, tmp_path / "来源.xlsx", {"B3": "区委第三巡察组"})
    report = import_rectification(db, bad, ledger="新台账")
    assert not report.ok and rect.list_ledgers(db) == []
    assert "第 3 行，问题来源（B 列）：“区委第三巡察组”不是可用的问题来源" in report.to_text() and "（共 40 行）" in report.to_text()
    report = import_rectification(db, files.rectification, ledger="新台账", source="审计", branch="高一年纪党支部")
    assert not report.ok and "--branch：没有名为“高一年纪党支部”的党支部" in report.to_text()
    report = import_rectification(db, files.rectification, ledger="新台账", source="审计")
    assert report.ok and report.notes[0].startswith("新建整改台账“新台账”（问题来源：审计，所属组织："), report.to_text()
    # an exported ledger (序号 merged per problem, 措施序号 per measure) imports back with the same numbers
    out = tmp_path / "导出.xlsx"
    from branchdesk.services.rectification.excel import export_rectification

    export_rectification(db, out, ledger="新台账")
    again = import_rectification(db, out, ledger="再一本")
    assert again.ok, again.to_text()
    copy = rect.find_ledger(db, "再一本")
    assert copy is not None
    assert [p.number for p in rect.list_problems(db, copy.id)] == [str(n) for n in range(1, 17)]
    assert [m.number for m in rect.list_measures(db, copy.id)] == [str(n) for n in range(1, 41)]
    # a 问题序号 column numbers the problems; 序号 then numbers the measures
    book = openpyxl.load_workbook(files.rectification)
    sheet = book.active
    sheet["O2"] = "问题序号"  # a column of its own, after 佐证材料
    for row in range(3, 43):
        problem = next(p for n, p, _c in ry.measure_plan() if n == row - 2)
        sheet[f"O{row}"] = f"（{problem}）"
    book.save(tmp_path / "问题序号.xlsx")
    third = import_rectification(db, tmp_path / "问题序号.xlsx", ledger="第三本")
    assert third.ok, third.to_text()
    ledger = rect.find_ledger(db, "第三本")
    assert [p.number for p in rect.list_problems(db, ledger.id)][:3] == ["（1）", "（2）", "（3）"]  # type: ignore[union-attr]
    assert [m.number for m in rect.list_measures(db, ledger.id)][:4] == ["1", "2", "3", "4"]  # type: ignore[union-attr]


def test_drafts_do_not_count_and_say_so(db) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.domain.meetings.sitting import MeetingInput
    from branchdesk.services.errors import RuleViolation
    from branchdesk.services.meetings.checks import meeting_findings
    from branchdesk.services.meetings.records import default_attendees, finalise_meeting, save_meeting
    from tests.meetings.helpers import BRANCH, make_branch

    branch = make_branch(db)
    day = date(2026, 4, 10)
    data = MeetingInput(branch_id=branch.id, kinds=("主题党日",), date=day, topic="学习党章", content="逐章学习。",
                        attendees=default_attendees(db, branch.id, day, ("主题党日",)))
    saved = save_meeting(db, data).record
    empty = save_meeting(db, MeetingInput(branch_id=branch.id, kinds=("党课",), date=day)).record

    def april(as_of: date) -> list[str]:
        return [f.message for f in meeting_findings(db, year=2026, as_of=as_of, branch=BRANCH)
                if f.period == "2026-04" or f.rule == "MTG-RECORD-DRAFT"]

    messages = april(date(2026, 5, 2))
    assert any("4月未按规定召开主题党日" in m for m in messages)
    assert any("2026-04-10的主题党日记录草稿未定稿" in m for m in messages)
    assert any("2026-04-10的党课记录草稿未定稿，且没有主题和内容" in m for m in messages)
    with pytest.raises(RuleViolation, match="请填写会议内容"):
        finalise_meeting(db, empty.id)
    finalise_meeting(db, saved.id)
    messages = april(date(2026, 5, 2))
    assert not any("未按规定召开主题党日" in m for m in messages)


def test_the_calendar_starts_at_the_later_of_records_start_and_founding(db) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.services.meetings.calendar import calendars
    from branchdesk.services.meetings.checks import meeting_findings
    from branchdesk.services.records_start import effective_start, set_branch_dates, set_records_start
    from branchdesk.services.study_hours.records import study_summary
    from tests.meetings.helpers import BRANCH, make_branch

    branch = make_branch(db)
    as_of = date(2025, 12, 20)
    before = [f for f in meeting_findings(db, year=2025, as_of=as_of, branch=BRANCH) if f.severity.value == "error"]
    assert len({f.period for f in before if f.meeting_type == "主题党日"}) == 11  # January–November
    set_records_start(db, date(2025, 12, 10))  # started BranchDesk in December
    assert effective_start(db).text == "台账记录自 2025年12月10日 起（启用日期）"
    after = meeting_findings(db, year=2025, as_of=as_of, branch=BRANCH)
    assert not [f for f in after if f.severity.value == "error" and f.meeting_type]
    cells = {(str(c.rule.kind), c.period.label): c.state for c in calendars(db, year=2025, as_of=as_of,
                                                                           branch=BRANCH)[0].cells}
    assert cells[("主题党日", "2025-11")] == "未启用" and cells[("主题党日", "2025-12")] == "进行中"
    assert cells[("支部党员大会", "2025-Q4")] == "进行中" and cells[("组织生活会", "2025")] == "进行中"
    rows = {r.name: r for r in study_summary(db, 2025, BRANCH, as_of=as_of)}
    assert rows["王书记"].required == 3  # 32 × 1/12, up to the half 学时 (pro-rated from December)
    set_records_start(db, date(2025, 1, 1))
    set_branch_dates(db, branch.id, date(2025, 9, 1), None)  # founded in September
    cells = {(str(c.rule.kind), c.period.label): c.state for c in calendars(db, year=2025, as_of=as_of,
                                                                           branch=BRANCH)[0].cells}
    assert cells[("主题党日", "2025-08")] == "未启用" and cells[("主题党日", "2025-09")] == "未完成"
    assert {r.name: r.required for r in study_summary(db, 2025, BRANCH, as_of=as_of)}["王书记"] == 11
