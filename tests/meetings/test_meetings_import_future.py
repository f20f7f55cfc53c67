"""A ledger's sheet filled in before the sittings (trial L, TL-11: the December sheet on 12月5日): a row
dated after today records no sitting yet — it is her plan. domain.md §2 "Drafts and records without
content do not count": the row is kept as a 草稿 (nothing she wrote is dropped), named in the report,
and never counted as held; imported again once the day has passed, it becomes the record (定稿)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from branchdesk.services.meetings import excel
from branchdesk.services.meetings.excel import import_meetings
from branchdesk.services.meetings.records import list_meetings
from tests.meetings.helpers import BRANCH, make_branch
from tests.xlsx_factory import make_workbook

HEADER = ["序号", "日期", "会议类型", "会议主题", "应到", "实到", "主要内容", "所在党支部"]


def _ledger(path: Path, held: date, ahead: date) -> Path:
    rows = [[1, f"{held:%Y-%m-%d}", "支部委员会", "研究本月工作", 3, 3, "研究党建工作。", BRANCH],
            [2, f"{ahead:%Y-%m-%d}", "支部党员大会", "年终总结", 9, 9, "总结全年工作。", BRANCH]]
    return make_workbook(path, HEADER, rows, ["第二党支部三会一课记录"])


def test_a_sitting_dated_after_today_comes_in_as_a_draft(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    make_branch(db)
    today = date.today()
    path = _ledger(tmp_path / "台账.xlsx", today - timedelta(days=3), today + timedelta(days=20))
    report = import_meetings(db, path)
    assert report.ok and report.created == 2, report.to_text()
    by_kind = {m.kinds[0]: m for m in list_meetings(db)}
    assert by_kind["支部委员会"].finalised
    assert not by_kind["支部党员大会"].finalised, "a sitting not yet held never counts as held"
    (warning,) = [w for w in report.warnings if "尚未召开" in w]
    assert warning.startswith("第 4 行") and "草稿" in warning and "不计入" in warning, warning


def test_once_the_day_has_passed_the_same_row_is_the_record(db, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    make_branch(db)
    today = date.today()
    ahead = today + timedelta(days=20)
    path = _ledger(tmp_path / "台账.xlsx", today - timedelta(days=3), ahead)
    assert import_meetings(db, path).ok
    monkeypatch.setattr(excel, "_today", lambda: ahead + timedelta(days=1))
    report = import_meetings(db, path)
    assert report.ok, report.to_text()
    assert all(m.finalised for m in list_meetings(db))
    assert not any("尚未召开" in w for w in report.warnings)


def test_the_done_box_puts_the_drafts_before_the_row_by_row_lines(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Her December sheet (trial L): 33 lines about one row's counts came first and the line saying six
    sittings came in as drafts was cut from the 导入完成 box."""
    make_branch(db)
    today = date.today()
    rows = [[i, f"{today - timedelta(days=30 + i):%Y-%m-%d}", "支部委员会", f"研究工作{i}", 5, 5, "研究。", BRANCH]
            for i in range(1, 13)]  # 应到 5 against a committee of 3: a line for each row
    rows.append([13, f"{today + timedelta(days=20):%Y-%m-%d}", "支部党员大会", "年终总结", 9, 9, "总结。", BRANCH])
    report = import_meetings(db, make_workbook(tmp_path / "台账.xlsx", HEADER, rows, ["三会一课记录"]))
    assert report.ok and len(report.warnings) > 8, report.to_text()
    box = report.done_text()
    assert "尚未召开" in box and "另有" in box, box


def test_a_sitting_not_yet_held_cannot_be_finalised_in_the_window(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.services.errors import RuleViolation
    from branchdesk.services.meetings.records import finalise_meeting

    make_branch(db)
    today = date.today()
    assert import_meetings(db, _ledger(tmp_path / "台账.xlsx", today - timedelta(days=3), today + timedelta(days=20))).ok
    ahead = next(m for m in list_meetings(db) if not m.finalised)
    with pytest.raises(RuleViolation, match="会议尚未召开"):
        finalise_meeting(db, ahead.id)


def test_a_held_sitting_moved_after_today_by_the_ledger_is_refused(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A 定稿 sitting whose date the ledger corrects to a day after today was moved and stayed 定稿 —
    counted as held before it is — while the report said the row "已导入为草稿，不计入规定召开次数"."""
    make_branch(db)
    today = date.today()
    held, ahead = today - timedelta(days=3), today + timedelta(days=20)
    assert import_meetings(db, _ledger(tmp_path / "台账.xlsx", held, ahead)).ok
    moved = make_workbook(tmp_path / "改.xlsx", HEADER,
                          [[1, f"{today + timedelta(days=4):%Y-%m-%d}", "支部委员会", "研究本月工作", 3, 3, "研究党建工作。",
                            BRANCH],
                           [2, f"{ahead:%Y-%m-%d}", "支部党员大会", "年终总结", 9, 9, "总结全年工作。", BRANCH]],
                          ["第二党支部三会一课记录"])
    report = import_meetings(db, moved)
    assert not report.ok, report.to_text()
    assert any(p.row == 3 and f"在今天（{today:%Y-%m-%d}）之后" in p.message and "已定稿" in p.message for p in report.problems), report.to_text()
    committee = next(m for m in list_meetings(db) if m.kinds[0] == "支部委员会")
    assert committee.date == held and committee.finalised  # nothing written


def test_the_preview_says_which_new_rows_come_in_as_drafts(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The preview's 状态 said "新增" beside the row that comes in as a 草稿 (not counted); the 提示 under the
    table said otherwise."""
    make_branch(db)
    today = date.today()
    report = import_meetings(db, _ledger(tmp_path / "台账.xlsx", today - timedelta(days=3), today + timedelta(days=20)),
                             dry_run=True)
    assert report.ok, report.to_text()
    assert (report.row_status[3], report.row_status[4]) == ("新增", "新增（草稿）")
