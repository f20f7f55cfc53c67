"""Rectification Excel in and out, end to end through the CLI: a real ledger with merged problem cells,
the all-or-nothing rule, the export's shape and figures, the round trip, and the monthly review PDF."""

from __future__ import annotations

import subprocess
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from branchdesk.cli.main import main
from branchdesk.domain.rectification.editing import LedgerInput
from branchdesk.domain.vocabulary import OrgKind
from branchdesk.services.rectification import records as rect
from branchdesk.services.rectification.excel import import_rectification
from branchdesk.services.roster.organisation import create_org

TITLE = "2025年巡察反馈问题整改台账"
HEADER = ["序号", "问题来源", "问题类别", "问题描述", "整改措施", "责任人", "完成时限", "整改进展", "整改状态",
          "完成日期", "销号日期", "销号审核人", "佐证材料"]


def ledger_file(path: Path, *, closed_without_verifier: bool = False) -> Path:
    """A ledger as secretaries keep it: a title row, problem cells merged down over their measures."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "整改台账"
    ws.append([f"{TITLE}（截至2025年7月）"])
    ws.merge_cells("A1:M1")
    ws.append(HEADER)
    rows = [
        [1, "巡察反馈", "基层党组织建设方面", "“三会一课”记录不规范", "统一会议记录格式", "李娜", "2025年5月底",
         "2025-04-02 已印发统一格式", "已销号", datetime(2025, 5, 20), datetime(2025, 5, 28),
         "" if closed_without_verifier else "纪检委员", "记录模板；党委会纪要"],
        [None, None, None, None, "每季度检查各支部会议记录", "王伟", "2025/9/30", "", "整改中", None, None, None, None],
        [None, None, None, None, "开展支部书记培训", "王伟", datetime(2025, 6, 30), "", "未开始", None, None, None, None],
        [2, None, None, "党费收缴管理不够规范", "核定党员党费基数并公示", "赵敏", "2025-06-15",
         "2025/6/10 完成核定\n已在公示栏公示", "已完成", "2025-06-10", None, None, None],
        [None, None, None, None, "建立党费按月收缴台账", "赵敏", "长期坚持", "", "整改中", None, None, None, None],
        [3, "自查", "全面从严治党方面", "廉政风险点排查不全面", "全面梳理岗位廉政风险点", "孙强", "2025-07-31", "",
         "已整改", "2025-07-20", None, None, None],
    ]
    for row in rows:
        ws.append(row)
    # 序号 / 来源 / 类别 / 描述 of problem 1 over rows 3-5; 类别 and 来源 also over problem 2 (rows 3-7)
    for col in "AD":
        ws.merge_cells(f"{col}3:{col}5")
        ws.merge_cells(f"{col}6:{col}7")
    for col in "BC":
        ws.merge_cells(f"{col}3:{col}7")
    wb.save(path)
    return path


@pytest.fixture
def ledger(db):  # type: ignore[no-untyped-def]
    return rect.create_ledger(db, LedgerInput(TITLE, "巡察反馈", None, date(2025, 3, 1), date(2025, 12, 31)))


def test_import_merged_cell_ledger(db, ledger, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = ledger_file(tmp_path / "台账 合并.xlsx")
    report = import_rectification(db, path, ledger=TITLE)
    assert report.ok, report.to_text()
    assert (report.rows_read, report.created) == (6, 6)
    problems = rect.list_problems(db, ledger.id)
    assert [(p.number, p.category, p.description, p.source) for p in problems] == [
        ("1", "基层党组织建设方面", "“三会一课”记录不规范", "巡察反馈"),
        ("2", "基层党组织建设方面", "党费收缴管理不够规范", "巡察反馈"),
        ("3", "全面从严治党方面", "廉政风险点排查不全面", "自查"),
    ]
    measures = rect.list_measures(db, ledger.id)
    assert [m.problem_number for m in measures] == ["1", "1", "1", "2", "2", "3"]
    first = measures[0]
    assert (first.status, first.deadline, first.closed_date, first.verifier) == (
        "已销号", date(2025, 5, 31), date(2025, 5, 28), "纪检委员")
    assert [e.name for e in first.evidence] == ["记录模板", "党委会纪要"]
    assert first.progress[0].on == date(2025, 4, 2) and first.progress[0].text == "已印发统一格式"
    assert measures[3].progress[1].on is None  # an undated line stays undated
    assert (measures[4].deadline, measures[4].deadline_note) == (None, "长期坚持")
    assert measures[5].status == "已完成"
    again = import_rectification(db, path, ledger=TITLE)  # the same file again changes nothing
    assert (again.created, again.updated, again.unchanged) == (0, 0, 6)
    from branchdesk.domain.rectification.editing import MeasureInput

    first = measures[0]
    rect.update_measure(db, first.id, MeasureInput(first.text, "张书记", first.person, first.deadline), first.version)
    third = import_rectification(db, path, ledger=TITLE)  # the file has no 责任领导 column: kept, not erased
    assert third.unchanged == 6 and rect.get_measure(db, first.id).leader == "张书记"


def _plain_ledger(path: Path, header: list[str], rows: list[list[object]]) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(header)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def test_a_ledger_without_some_columns_keeps_what_they_would_hold(db, ledger, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A ledger re-imported without some columns must not erase what the measures already kept: without
    整改状态 and the 销号 columns a closed-off measure stayed 已完成 and lost its 销号日期 and 审核人, and a
    measure 整改中 went back to 未开始 (the status inferred from the row's dates); without 责任人 and
    完成时限 every row was refused. A new measure still needs them; the report names the columns kept."""
    assert import_rectification(db, ledger_file(tmp_path / "全.xlsx"), ledger=TITLE).created == 6
    key = ("text", "person", "deadline", "deadline_note", "status", "completion_date", "closed_date", "verifier")
    before = {m.text: [getattr(m, k) for k in key] for m in rect.list_measures(db, ledger.id)}
    problem = ["巡察反馈", "基层党组织建设方面", "“三会一课”记录不规范"]
    header = ["问题来源", "问题类别", "问题描述", "整改措施", "责任人", "完成时限", "完成日期"]
    report = import_rectification(db, _plain_ledger(tmp_path / "无状态.xlsx", header, [
        [*problem, "统一会议记录格式", "李娜", "2025年5月底", datetime(2025, 5, 20)],
        [*problem, "每季度检查各支部会议记录", "王伟", "2025/9/30", None],
        [*problem, "建立会议记录抽查通报制度", "王伟", "2025-10-31", None],
    ]), ledger=TITLE)
    assert report.ok, report.to_text()
    assert (report.created, report.updated, report.unchanged) == (1, 0, 2), report.to_text()
    after = {m.text: m for m in rect.list_measures(db, ledger.id)}
    assert {text: [getattr(after[text], k) for k in key] for text in before} == before
    assert after["建立会议记录抽查通报制度"].status == "未开始"
    assert "文件中没有“责任领导”、“整改状态”、“销号日期”、“销号审核人”列：已有的 2 项整改措施的这些信息保持不变" in report.notes, report.notes
    # only the measures' text: every stored field stays (责任人 and 完成时限 included)
    report = import_rectification(db, _plain_ledger(tmp_path / "只有措施.xlsx", header[:4], [
        [*problem, "统一会议记录格式"], [*problem, "每季度检查各支部会议记录"]]), ledger=TITLE)
    assert report.ok and report.unchanged == 2, report.to_text()
    assert {text: [getattr(m, k) for k in key] for text, m in
            ((m.text, m) for m in rect.list_measures(db, ledger.id)) if text in before} == before
    # blank 销号 cells without a 整改状态 column cannot take the 销号 back either
    report = import_rectification(db, _plain_ledger(tmp_path / "空销号.xlsx", [*header[:4], "销号日期", "销号审核人"], [
        [*problem, "统一会议记录格式", None, None]]), ledger=TITLE)
    assert report.ok and report.unchanged == 1, report.to_text()
    closed = next(m for m in rect.list_measures(db, ledger.id) if m.text == "统一会议记录格式")
    assert [getattr(closed, k) for k in key] == before["统一会议记录格式"]
    # a new measure without them is refused as before
    report = import_rectification(db, _plain_ledger(tmp_path / "新措施.xlsx", header[:4], [
        [*problem, "另一项新措施"]]), ledger=TITLE)
    assert {p.column for p in report.problems} == {"责任人", "完成时限"}, report.to_text()
    # the file's own dates still take a measure further: 完成日期 without 整改状态 means 已完成
    report = import_rectification(db, _plain_ledger(tmp_path / "完成.xlsx", header, [
        [*problem, "每季度检查各支部会议记录", "王伟", "2025/9/30", datetime(2025, 9, 20)]]), ledger=TITLE)
    assert report.ok and report.updated == 1, report.to_text()
    done = next(m for m in rect.list_measures(db, ledger.id) if m.text == "每季度检查各支部会议记录")
    assert (done.status, done.completion_date) == ("已完成", date(2025, 9, 20))


def test_closed_without_verifier_is_an_error_and_nothing_is_written(db, ledger, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = ledger_file(tmp_path / "bad.xlsx", closed_without_verifier=True)
    report = import_rectification(db, path, ledger=TITLE)
    assert not report.ok
    assert [(p.row, p.column, p.letter) for p in report.problems] == [(3, "销号审核人", "L")]
    assert "已销号" in report.problems[0].message
    assert rect.list_measures(db, ledger.id) == []
    assert main(["import", "rectification", str(path), "--ledger", TITLE, "--db", str(db.path)]) == 1


def test_unknown_ledger_and_dry_run(db, ledger, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    create_org(db, "第一党支部", OrgKind.BRANCH)  # a new ledger needs a 党支部 (re-trial R2, N-1)
    path = ledger_file(tmp_path / "ok.xlsx")
    dry = import_rectification(db, path, ledger="新的台账", dry_run=True)  # a ledger not there yet is created
    assert dry.ok and dry.notes[0].startswith("新建整改台账“新的台账”"), dry.to_text()
    assert [led.title for led in rect.list_ledgers(db)] == [TITLE]  # a dry run writes nothing
    assert main(["import", "rectification", str(path), "--dry-run", "--db", str(db.path)]) == 0
    assert "试运行" in capsys.readouterr().out
    assert rect.list_measures(db, ledger.id) == []


def test_export_shape_figures_and_round_trip(db, ledger, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    rect.create_ledger(db, LedgerInput("2025年审计反馈问题整改台账", "审计", None, None, None))
    assert main(["import", "rectification", str(ledger_file(tmp_path / "in.xlsx")), "--ledger", TITLE,
                 "--db", str(db.path)]) == 0
    out = tmp_path / "导出.xlsx"
    assert main(["export", "rectification", "--out", str(out), "--db", str(db.path)]) == 0
    assert "2 份整改台账、6 项整改措施" in capsys.readouterr().out
    wb = openpyxl.load_workbook(out)
    assert len(wb.sheetnames) == 2
    ws = wb[wb.sheetnames[0]]
    assert ws["A1"].value == TITLE
    assert [ws.cell(3, c).value for c in range(1, 9)] == ["统计范围", "措施总数", "未开始", "整改中", "已完成",
                                                          "已销号", "完成率", "销号率"]
    assert [ws.cell(4, c).value for c in range(1, 9)] == ["合计", 6, 1, 2, 2, 1, "50%", "16.7%"]
    header_row = next(r for r in range(1, 20) if ws.cell(r, 1).value == "序号")
    assert ws.print_title_rows == f"${header_row}:${header_row}"
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9  # A4
    merged = {str(r) for r in ws.merged_cells.ranges}
    first = header_row + 1
    assert f"D{first}:D{first + 2}" in merged and f"A{first}:A{first + 2}" in merged
    assert ws.cell(first, 4).value == "“三会一课”记录不规范"
    # one ledger only, then import it into a fresh database's ledger of the same name: same measures
    single = tmp_path / "单个.xlsx"
    assert main(["export", "rectification", "--out", str(single), "--ledger", TITLE, "--db", str(db.path)]) == 0
    assert openpyxl.load_workbook(single).sheetnames == [TITLE]
    other_db = tmp_path / "另一个.sqlite"
    from branchdesk.services import session

    fresh = session.open(other_db)
    try:
        copy = rect.create_ledger(fresh, LedgerInput(TITLE, "巡察反馈", None, None, None))
        report = import_rectification(fresh, single, ledger=TITLE)
        assert report.ok and report.created == 6, report.to_text()
        key = lambda m: (m.problem_number, m.category, m.problem_description, m.text, m.person, m.deadline,  # noqa: E731
                         m.deadline_note, m.status, m.completion_date, m.closed_date, m.verifier,
                         m.progress, tuple(e.name for e in m.evidence))
        assert [key(m) for m in rect.list_measures(fresh, copy.id)] == [key(m) for m in rect.list_measures(db, ledger.id)]
    finally:
        fresh.close()


def test_monthly_review_pdf_and_template(db, ledger, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    import_rectification(db, ledger_file(tmp_path / "in.xlsx"), ledger=TITLE)
    pdf = tmp_path / "月度销号.pdf"
    assert main(["export", "rectification", "--format", "pdf", "--month", "2025-05", "--ledger", TITLE,
                 "--out", str(pdf), "--db", str(db.path)]) == 0
    assert "本月销号 1 项" in capsys.readouterr().out
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "2025年5月月度销号情况" in text
    assert "统一会议记录格式" in text and "纪检委员" in text
    assert "逾期未完成（0 项）" in text
    assert "下月到期（2 项）" in text  # 06-15 党费基数 and 06-30 培训
    template = tmp_path / "模板.xlsx"
    assert main(["template", "rectification", "--out", str(template)]) == 0
    ws = openpyxl.load_workbook(template).active
    assert [ws.cell(3, c).value.rstrip("*") for c in range(1, 15)][:6] == ["序号", "问题来源", "问题类别", "问题描述", "措施序号",
                                                                         "整改措施"]


def test_blank_cells_below_a_problem_continue_it(db, ledger, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Some ledgers look merged but only leave the cells below blank; 序号 and 类别 typed once."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["问题类别", "存在问题", "整改措施", "责任人", "完成时限", "整改状态"])  # synonyms, no title row
    ws.append(["思想建设方面", "理论学习不深入", "制定学习计划", "王伟", "2025-06-30", "整改中"])
    ws.append([None, None, "每月集中学习一次", "王伟", "长期坚持", None])
    ws.append([None, "学用结合不够", "撰写心得体会", "李娜", "2025年7月", "未开始"])
    ws.append([None, "学用结合不够", "开展交流研讨", "李娜", "2025年8月底", "未开始"])
    path = tmp_path / "留空.xlsx"
    wb.save(path)
    report = import_rectification(db, path, ledger=TITLE)
    assert report.ok, report.to_text()
    assert report.created == 4 and any("第 3 行" in w for w in report.warnings)
    problems = rect.list_problems(db, ledger.id)
    assert [(p.number, p.category, p.description) for p in problems] == [
        ("1", "思想建设方面", "理论学习不深入"), ("2", "思想建设方面", "学用结合不够")]
    measures = rect.list_measures(db, ledger.id)
    assert [m.status for m in measures] == ["整改中", "未开始", "未开始", "未开始"]
    assert [m.deadline for m in measures] == [date(2025, 6, 30), None, date(2025, 7, 31), date(2025, 8, 31)]
