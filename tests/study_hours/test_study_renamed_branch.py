"""A 党支部 renamed from a day (TY-5, dated rename): a 学习培训 register kept under its name of the time is
that branch's — "没有名为“…”的党支部" was said of a branch that had that name on the row's day. A row dated
after the rename under the old name is refused naming the new name, as the 三会一课 import does."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from branchdesk.services.roster.organisation import rename_org
from branchdesk.services.study_hours.excel import import_study_records
from branchdesk.services.study_hours.records import list_study_records
from tests.meetings.helpers import BRANCH, make_branch
from tests.xlsx_factory import make_workbook

HEADER = ["序号", "所在党支部", "姓名", "学习日期", "学时", "学习形式", "学习内容", "主办单位"]
RENAMED = "高一年级第二党支部"


def _register(path: Path, day: str) -> Path:
    return make_workbook(path, HEADER, [[1, BRANCH, "赵一", day, 4, "网络培训", "党纪学习教育专题培训", "网络学院"]],
                         ["学习培训登记表"])


def test_a_register_under_the_branchs_name_of_the_day_imports(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    made = make_branch(db)
    rename_org(db, made.id, RENAMED, date(2026, 9, 1), today=date(2026, 12, 5))
    report = import_study_records(db, _register(tmp_path / "登记表.xlsx", "2026-05-20"), today=date(2026, 12, 5))
    assert report.ok and report.created == 1, report.to_text()
    assert [(r.name, r.study_date) for r in list_study_records(db)] == [("赵一", date(2026, 5, 20))]
    assert not report.notes or not any("调整" in n for n in report.notes), report.to_text()  # no 支部调整 invented


def test_the_old_name_after_the_rename_is_refused_with_the_new_one(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    made = make_branch(db)
    rename_org(db, made.id, RENAMED, date(2026, 9, 1), today=date(2026, 12, 5))
    report = import_study_records(db, _register(tmp_path / "登记表.xlsx", "2026-10-12"), today=date(2026, 12, 5))
    assert not report.ok
    (problem,) = report.problems
    assert problem.column == "所在党支部" and f"应写“{RENAMED}”" in problem.message, problem.message
