"""Trial L, TL-1: a 发展党员台账 headed as a teacher heads it ("确定积极分子时间", "支部大会接收", "应到 | 实到 |
赞成", "党委审批", "转正审批" …) is read step by step — never a "successful" import that leaves the admission,
the approval and the 转正 out (domain.md §4, steps 3, 15, 17, 22–24). A header naming a step the import cannot
place refuses the file, naming her column and the template's name for it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest

from branchdesk.domain.idcard import make_id_number
from branchdesk.domain.vocabulary import OrgKind
from branchdesk.services.development import records as dev
from branchdesk.services.development.excel import import_development
from branchdesk.services.roster.organisation import create_org
from tests.xlsx_factory import make_two_row_header_workbook

D = date
TODAY = D(2026, 12, 5)
ID_TANG = make_id_number("431126", D(1993, 2, 28), 60, True)
ID_PENG = make_id_number("431126", D(1998, 5, 6), 50, True)
# her header, in her words (trial L, fx/发展党员台账.xlsx)
HEADER = ["序号", "姓名", "性别", "出生日期", "身份证号码", "所在支部", "申请入党时间", "谈话时间", "确定积极分子时间",
          "培养联系人", "确定发展对象时间", "入党介绍人", "政审时间", "集中培训", "支委会审查", "党委预审", "志愿书填写",
          "支部大会接收", "应到", "实到", "赞成", "党委审批", "入党宣誓", "转正申请", "支部大会讨论转正", "转正审批", "备注"]


def _ledger(path: Path, header: list[str], rows: list[list[object]]) -> Path:
    """Her sheet: a merged title row, a subtitle, then the header and her rows (dates as she writes them)."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "发展党员"
    sheet.append(["宁远县第三中学第二党支部发展党员工作台账（2025—2026）"])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    sheet.append(["按《中国共产党发展党员工作细则》填写"])
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=len(header))
    sheet.append(header)
    for row in rows:
        sheet.append(row)
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"
    workbook.save(path)
    return path


def _rows() -> list[list[object]]:
    tang: list[object] = [1, "唐亮", "男", "1993.2.28", ID_TANG, "第二党支部", "2023.2.10", "2023.3.1", "2023年3月28日", "李娜",
            "2024.4.2", "李娜", "2024.5.20", "2024.9.6至2024.9.8", "2025.4.28", "2025.5.9", "2025.5.25",
            "2025年6月20日", 22, 20, 20, "2025.8.28", "2025.9.10", "2026.5.20", "2026年6月25日", "2026.8.30", "按期转正"]
    peng: list[object] = [2, "彭宇", "男", "1998.5.6", ID_PENG, "第二党支部", "2025年9月10日", "2025年10月8日", "2026.3.12", "李娜",
            *[None] * 16, None]
    return [tang, peng]


@pytest.fixture
def branch(db):
    committee = create_org(db, "中共宁远县第三中学委员会", OrgKind.COMMITTEE)
    create_org(db, "第二党支部", OrgKind.BRANCH, committee.id)
    return db


def test_her_step_headers_are_read_as_the_steps(branch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = _ledger(tmp_path / "发展党员台账.xlsx", HEADER, _rows())
    report = import_development(branch, path, today=TODAY)
    assert report.ok and report.created == 2, report.to_text()
    assert "未读取的列" not in report.to_text()
    cases = {c.name: c for c in dev.list_cases(branch)}
    tang = cases["唐亮"].steps
    expected = {3: D(2023, 3, 28), 11: D(2024, 9, 8), 12: D(2025, 4, 28), 13: D(2025, 5, 9), 14: D(2025, 5, 25),
                15: D(2025, 6, 20), 17: D(2025, 8, 28), 20: D(2025, 9, 10), 22: D(2026, 5, 20),
                23: D(2026, 6, 25), 24: D(2026, 8, 30)}
    assert {step: tang[step].on for step in expected} == expected
    vote = tang[15]
    assert (vote.voters_expected, vote.voters_present, vote.votes_for) == (22, 20, 20)
    assert cases["彭宇"].steps[3].on == D(2026, 3, 12)


def test_a_step_header_not_understood_refuses_the_file_naming_it(branch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    header = [("党委审批情况" if h == "党委审批" else h) for h in HEADER]
    header = [h for h in header if h != "培养联系人"]
    rows = [[v for i, v in enumerate(row) if i != 9] for row in _rows()]
    path = _ledger(tmp_path / "发展党员台账.xlsx", header, rows)
    report = import_development(branch, path, today=TODAY)
    assert not report.ok and report.created == 0
    text = report.to_text()
    assert "党委审批情况" in text and "U 列" in text and "上级党委审批日期" in text, text
    assert dev.list_cases(branch) == []


def test_an_empty_unread_step_column_does_not_refuse(branch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    header = [*HEADER, "党委审批情况"]
    path = _ledger(tmp_path / "发展党员台账.xlsx", header, [[*row, None] for row in _rows()])
    report = import_development(branch, path, today=TODAY)
    assert report.ok and report.created == 2, report.to_text()
    assert "党委审批情况" in report.to_text()  # still named in the unread-columns note


def test_her_activist_date_under_another_name_is_named_not_called_empty(branch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    header = [("确定积极分子的时间" if h == "确定积极分子时间" else h) for h in HEADER]
    path = _ledger(tmp_path / "发展党员台账.xlsx", header, _rows())
    report = import_development(branch, path, today=TODAY)
    text = report.to_text()
    assert not report.ok
    assert "确定积极分子的时间" in text and "I 列" in text and "确定入党积极分子日期" in text, text
    assert "为空" not in text


def test_bare_vote_counts_after_the_conversion_meeting_are_its_vote(branch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # one 应到 | 实到 | 赞成 block, standing after 支部大会讨论转正 (her 转正 ledger keeps only that vote): the
    # 转正 vote (step 23) — never the admission's, and no longer refused (before, the file was refused whole)
    order = [h for h in HEADER if h not in ("应到", "实到", "赞成")]
    at = order.index("支部大会讨论转正") + 1
    header = [*order[:at], "应到", "实到", "赞成", *order[at:]]
    rows = []
    for row in _rows():
        values = dict(zip(HEADER, row, strict=True))
        if row[0] == 1:
            values.update({"应到": 21, "实到": 19, "赞成": 19})
        rows.append([values[h] for h in header])
    path = _ledger(tmp_path / "发展党员台账.xlsx", header, rows)
    report = import_development(branch, path, today=TODAY)
    assert report.ok and report.created == 2, report.to_text()
    text = report.to_text()
    assert "按支部大会讨论转正的表决" in text and "Y 列" in text, text
    tang = {c.name: c for c in dev.list_cases(branch)}["唐亮"].steps
    assert (tang[23].voters_expected, tang[23].voters_present, tang[23].votes_for) == (21, 19, 19)
    assert (tang[15].voters_expected, tang[15].voters_present, tang[15].votes_for) == (None, None, None)


def test_contacts_without_any_activist_column_say_the_column_is_missing(branch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # her activist date under a header naming no step ("时间（一）"): the row error says the column is not
    # in the file, not that her date is blank
    header = [("时间（一）" if h == "确定积极分子时间" else h) for h in HEADER]
    report = import_development(branch, _ledger(tmp_path / "发展党员台账.xlsx", header, _rows()), today=TODAY)
    text = report.to_text()
    assert not report.ok and "为空" not in text, text
    # her column is named where she looks: a warning since the unread columns holding data are (TL-17)
    assert "文件中没有“确定入党积极分子日期”一列" in text and "“时间(一)”（I 列）" in text and "这一列没有导入" in text


def test_a_conversion_meeting_over_its_date_and_vote_is_its_vote(branch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # her 转正 columns under one group title: "支部大会讨论转正" merged over 时间 | 应到 | 实到 | 赞成, the other
    # headers merged down over both rows, and no vote beside 支部大会接收 — before, refused whole
    base = [h for h in HEADER if h not in ("应到", "实到", "赞成")]
    at = base.index("支部大会讨论转正")
    upper = [*base[:at], "支部大会讨论转正", None, None, None, *base[at + 1:]]
    lower = [None] * at + ["时间", "应到", "实到", "赞成"] + [None] * (len(base) - at - 1)
    rows = []
    for row in _rows():
        values = dict(zip(HEADER, row, strict=True))
        cells = [values[h] for h in base]
        cells[at:at + 1] = [values["支部大会讨论转正"], 21, 19, 19] if row[0] == 1 else [None] * 4
        rows.append(cells)
    path = make_two_row_header_workbook(tmp_path / "发展党员台账.xlsx", upper, lower, rows,
                                        ["宁远县第三中学第二党支部发展党员工作台账"])
    report = import_development(branch, path, today=TODAY)
    assert report.ok and report.created == 2, report.to_text()
    tang = {c.name: c for c in dev.list_cases(branch)}["唐亮"].steps
    assert tang[23].on == D(2026, 6, 25)
    assert (tang[23].voters_expected, tang[23].voters_present, tang[23].votes_for) == (21, 19, 19)
