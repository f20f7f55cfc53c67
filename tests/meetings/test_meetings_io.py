"""三会一课台账 in and out, end to end: a real-shaped ledger (title rows, synonyms, several kinds in
one cell, counts only, times in one cell), all-or-nothing errors, re-import, the exported workbook
checked cell by cell, the record PDF through pdftotext, and `check --json` keys."""

from __future__ import annotations

import json
import subprocess
from datetime import date, datetime, time
from pathlib import Path

import openpyxl

from branchdesk.cli.main import main
from branchdesk.services import session
from branchdesk.services.meetings.checks import meeting_findings
from branchdesk.services.meetings.excel import import_meetings
from branchdesk.services.meetings.records import get_meeting, list_meetings
from tests.meetings.helpers import BRANCH, make_branch
from tests.xlsx_factory import make_workbook

# A ledger as branches keep it: their own header spellings, two title rows, columns in their order.
HEADERS = ["序号", "会议日期", "会议类型", "党支部", "党小组", "会议主题", "主持人", "记录人", "应到人数", "实到人数",
           "缺席人员及原因", "会议内容", "决议事项", "地点", "开始时间"]


def ledger_rows() -> list[list[object]]:
    return [
        [1, datetime(2026, 3, 31), "支部党员大会、主题党日", BRANCH, "", "学习全国两会精神", "王书记", "张宣传", 9, 8,
         "赵一（外出培训）", "传达学习两会精神，党员交流发言。", "无", "党员活动室", "15:30-17:00"],
        [2, "2026/4/3", "支委会", BRANCH, "", "研究4月工作", "王书记", "李组织", "3", "3人", "", "研究主题党日方案",
         "", "会议室", time(16, 0)],
        [3, "2026年4月20日", "党小组会", BRANCH, "语文党小组", "学习支部工作条例", "张宣传", "钱二", 5, 4, "周四（病假）",
         "", "", "年级组办公室", ""],
        [4, "2026.05.25", "党课/主题党日", BRANCH, "", "党章学习专题党课", "王书记", "张宣传", 9, 9, "", "书记讲党课", "",
         "报告厅", "14:00"],
    ]


def write_ledger_file(path: Path, rows: list[list[object]]) -> Path:
    return make_workbook(path, HEADERS, rows, title_rows=["示范中学党委", "2026年三会一课台账"])


def test_real_shaped_ledger_imports_all_kinds_and_counts(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    make_branch(db)
    path = write_ledger_file(tmp_path / "台账 2026.xlsx", ledger_rows())
    dry = import_meetings(db, path, dry_run=True)
    assert dry.ok and dry.created == 4 and list_meetings(db) == []
    report = import_meetings(db, path)
    assert report.ok, report.to_text()
    assert (report.rows_read, report.created) == (4, 4)
    rows = {m.date: m for m in list_meetings(db)}
    first = rows[date(2026, 3, 31)]
    assert first.kinds == ("支部党员大会", "主题党日") and (first.expected, first.present) == (9, 8)
    assert first.start_time == "15:30"
    assert rows[date(2026, 4, 3)].present == 3 and rows[date(2026, 4, 3)].start_time == "16:00"
    assert rows[date(2026, 4, 20)].group == "语文党小组"
    assert rows[date(2026, 5, 25)].kinds == ("党课", "主题党日")
    # The meeting on the last day of Q1 counts for Q1 (no finding for 2026-Q1 congress).
    findings = meeting_findings(db, year=2026, as_of=date(2026, 6, 1), branch=BRANCH)
    assert not any(f.period == "2026-Q1" and f.meeting_type == "支部党员大会" for f in findings)
    assert any(f.period == "2026-Q2" and f.meeting_type == "支部党员大会" for f in findings)
    again = import_meetings(db, path)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 4)


def test_a_ledger_without_some_columns_keeps_what_they_would_hold(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A branch's own list of meetings may have only the date, kind, branch, 党小组 and topic: re-imported,
    it must not erase the 主持人, 记录人, counts, content or place of the meetings already kept (a draft
    was overwritten with blanks, a 定稿 record refused as "changed"); a new meeting gets them blank."""
    from branchdesk.domain.meetings.sitting import MeetingInput
    from branchdesk.services.meetings.records import save_meeting

    branch = make_branch(db)
    assert import_meetings(db, write_ledger_file(tmp_path / "全.xlsx", ledger_rows())).created == 4
    # a draft kept by counts, marked as a vote in the window (no ledger column carries the mark)
    vote = save_meeting(db, MeetingInput(branch_id=branch.id, kinds=("支部党员大会",), date=date(2026, 6, 30),
                                         topic="讨论接收预备党员", host="王书记", place="党员活动室", expected_count=12,
                                         present_count=10, has_vote=True)).record
    before = {m.date: get_meeting(db, m.id) for m in list_meetings(db)}
    few = ["会议日期", "会议类型", "党支部", "党小组", "会议主题"]
    rows = [[value for header, value in zip(HEADERS, row, strict=True) if header in few] for row in ledger_rows()]
    # the draft alone first (a 定稿 record is never changed by an import: it would be refused)
    report = import_meetings(db, make_workbook(tmp_path / "草稿.xlsx", few, [rows[2]]))
    assert report.ok and report.unchanged == 1, report.to_text()
    assert get_meeting(db, before[date(2026, 4, 20)].id).host == "张宣传"
    rows.append(["2026-06-30", "支部党员大会", BRANCH, "", "讨论接收预备党员"])
    rows.append(["2026-06-10", "支委会", BRANCH, "", "研究6月工作"])
    report = import_meetings(db, make_workbook(tmp_path / "缺列.xlsx", few, rows))
    assert report.ok, report.to_text()
    assert (report.created, report.updated, report.unchanged) == (1, 0, 5), report.to_text()
    after = {m.date: get_meeting(db, m.id) for m in list_meetings(db)}
    fields = ("start_time", "end_time", "place", "host", "recorder", "content", "resolutions", "expected", "present",
              "absentee_text", "finalised", "has_vote")
    for day, meeting in before.items():
        assert [getattr(after[day], f) for f in fields] == [getattr(meeting, f) for f in fields], day
    assert (after[date(2026, 4, 20)].host, after[date(2026, 4, 20)].place) == ("张宣传", "年级组办公室")
    assert (after[date(2026, 6, 10)].host, after[date(2026, 6, 10)].present) == ("", None)
    note = next(n for n in report.notes if "保持不变" in n)
    assert note.startswith("文件中没有“开始时间”、“结束时间”、“地点”、“主持人”、“记录人”") and "已有的 5 次会议" in note, note
    # the draft's 主持人 corrected: the rest of it stays, its vote mark too
    report = import_meetings(db, make_workbook(tmp_path / "改.xlsx", [*few, "主持人"],
                                               [["2026-06-30", "支部党员大会", BRANCH, "", "讨论接收预备党员", "李组织"]]))
    assert report.ok and report.updated == 1, report.to_text()
    changed = get_meeting(db, vote.id)
    assert (changed.host, changed.place, changed.expected, changed.present, changed.has_vote) == (
        "李组织", "党员活动室", 12, 10, True)


def test_bad_rows_stop_the_whole_import(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    make_branch(db)
    rows = ledger_rows()
    rows[1][3] = "不存在的党支部"
    rows[2][4] = "英语党小组"
    rows[3][2] = "党课、茶话会"
    rows[0][9] = "八"
    report = import_meetings(db, write_ledger_file(tmp_path / "bad.xlsx", rows))
    assert not report.ok and list_meetings(db) == []
    text = report.to_text()
    assert "第 4 行，实到人数（J 列）" in text
    assert "第 5 行，所在党支部（D 列）：没有名为“不存在的党支部”的党支部" in text
    assert "第 6 行，党小组（E 列）" in text and "茶话会" in text
    assert "没有写入任何数据" in text


def test_cli_import_export_round_trip_pdf_and_check_json(db_path: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    database = session.open(db_path)
    try:
        make_branch(database)
    finally:
        database.close()
    ledger = write_ledger_file(tmp_path / "ledger.xlsx", ledger_rows())
    assert main(["import", "meetings", str(ledger), "--db", str(db_path)]) == 0
    assert "已新增 4 条" in capsys.readouterr().out

    out = tmp_path / "导出 台账.xlsx"
    assert main(["export", "meetings", "--out", str(out), "--year", "2026", "--branch", BRANCH, "--db", str(db_path)]) == 0
    assert "已导出 4 次会议" in capsys.readouterr().out
    sheet = openpyxl.load_workbook(out).active
    header = [c.value for c in sheet[3]]
    assert header[:15] == ["序号", "日期", "开始时间", "会议类型", "所在党支部", "党小组", "主题", "主持人", "记录人",
                           "应到人数", "实到人数", "缺席人员及原因", "主要内容", "决议事项", "地点"]
    first = [c.value for c in sheet[4]]
    assert first[1] == datetime(2026, 3, 31) and first[2] == "15:30" and first[3] == "支部党员大会、主题党日"
    # the named absentee accounts for 应到 − 实到 on the day: the sheet was derived, the export shows it
    assert (first[9], first[10], first[11]) == (9, 8, "赵一（请假：外出培训）")
    assert main(["import", "meetings", str(out), "--db", str(db_path)]) == 0
    assert "4 条无变化" in capsys.readouterr().out

    database = session.open(db_path)
    try:
        meeting_id = next(m.id for m in list_meetings(database) if m.date == date(2026, 3, 31))
    finally:
        database.close()
    pdf = tmp_path / "记录.pdf"
    assert main(["export", "meeting-record", "--id", str(meeting_id), "--out", str(pdf), "--db", str(db_path)]) == 0
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "高一年级党支部会议记录" in text and "学习全国两会精神" in text and "外出培训" in text
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "WenQuanYiMicroHei" in fonts and " yes yes " in fonts  # the bundled CJK font, embedded (subset)

    template = tmp_path / "模板.xlsx"
    assert main(["template", "meetings", "--out", str(template)]) == 0
    capsys.readouterr()
    assert main(["check", "--year", "2026", "--as-of", "2026-06-10", "--branch", BRANCH, "--json",
                 "--db", str(db_path)]) == 0
    findings = [f for f in json.loads(capsys.readouterr().out) if f.get("area") == "三会一课"]
    assert findings
    for finding in findings:
        assert {"branch", "meeting_type", "period", "severity", "message"} <= set(finding)
        assert finding["severity"] in ("error", "warning", "info") and finding["branch"] == BRANCH
    assert {"period": "2026-04", "meeting_type": "主题党日", "severity": "error"}.items() <= next(
        f for f in findings if f["period"] == "2026-04" and f["meeting_type"] == "主题党日").items()
    assert any(f["period"] == "2026-Q2" for f in findings) and any(f["period"] == "2026" for f in findings)


def test_reimport_keeps_the_sign_in_sheet_and_warns_on_other_counts(db, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.domain.meetings.sitting import MeetingInput
    from branchdesk.services.meetings.excel import export_meetings
    from branchdesk.services.meetings.records import default_attendees, get_meeting, save_meeting

    branch = make_branch(db)
    day = date(2026, 3, 31)
    saved = save_meeting(db, MeetingInput(
        branch_id=branch.id, kinds=("支部党员大会",), date=day, topic="学习全国两会精神", host="王书记",
        attendees=default_attendees(db, branch.id, day, ("支部党员大会",)))).record
    out = tmp_path / "台账.xlsx"
    export_meetings(db, out)
    workbook = openpyxl.load_workbook(out)
    sheet = workbook.active
    assert sheet.cell(4, 10).value == 9 and sheet.cell(4, 11).value == 9
    sheet.cell(4, 11).value = 7  # someone typed another count in the ledger
    sheet.cell(4, 15).value = "学校报告厅"
    workbook.save(out)
    report = import_meetings(db, out)
    assert report.ok and report.updated == 1
    assert any("已保留签到名单" in w for w in report.warnings)
    after = get_meeting(db, saved.id)
    assert after.place == "学校报告厅" and len(after.attendees) == 9 and after.present == 9


def test_export_pdf_by_format_option_and_missing_id(db_path: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    database = session.open(db_path)
    try:
        make_branch(database)
    finally:
        database.close()
    assert main(["import", "meetings", str(write_ledger_file(tmp_path / "l.xlsx", ledger_rows())),
                 "--db", str(db_path)]) == 0
    pdf = tmp_path / "one.pdf"
    assert main(["export", "meetings", "--format", "pdf", "--id", "2", "--out", str(pdf), "--db", str(db_path)]) == 0
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "研究4月工作" in text and "支部委员会" in text
    capsys.readouterr()
    assert main(["export", "meeting-record", "--out", str(pdf), "--db", str(db_path)]) == 1  # nothing exported
    assert "--id" in capsys.readouterr().out


def test_votes_come_in_from_the_ledger_and_are_checked(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A 支部党员大会 kept by counts records its votes in the ledger: each matter with the voting (正式)
    members expected and present and the yes votes; the check applies VOTE-QUORUM and VOTE-PASS to
    them, and an export imports back unchanged (issue 16, item 7)."""
    from branchdesk.services.meetings.excel import export_meetings

    make_branch(db)
    headers = [*HEADERS, "表决事项", "应到表决人数", "实到表决人数", "赞成票数"]
    rows = [[1, "2026-06-30", "支部党员大会", BRANCH, "", "讨论接收预备党员", "王书记", "张宣传", 9, 8, "", "逐个表决", "",
             "党员活动室", "15:30", "接收张三为预备党员；接收李四为预备党员", 7, "3；6", "3；6"],
            # counts that do not add up against the roster on the day: no sign-in sheet can be derived
            [2, "2026-09-30", "支部党员大会", BRANCH, "", "选举支部委员会", "王书记", "张宣传", 12, 10, "", "选举", "",
             "党员活动室", "15:30", None, None, None, None]]
    path = make_workbook(tmp_path / "台账.xlsx", headers, rows)
    report = import_meetings(db, path)
    assert report.ok, report.to_text()
    found = {(f.rule, f.severity.value, f.period) for f in meeting_findings(db, year=2026, as_of=date(2026, 12, 1),
                                                                           branch=BRANCH) if f.rule.startswith("VOTE")}
    assert found == {("VOTE-QUORUM", "error", "2026-06"), ("VOTE-PASS", "warning", "2026-06"),
                     ("VOTE-QUORUM", "warning", "2026-09")}  # the September vote has counts only: cannot be checked
    out = tmp_path / "导出.xlsx"
    export_meetings(db, out)
    again = import_meetings(db, out)
    assert again.ok and (again.created, again.updated) == (0, 0), again.to_text()
