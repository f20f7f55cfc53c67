"""A 花名册 row under a 党支部 name that is an EARLIER name of one branch and the name NOW of another: 高一年级党支部
renamed 高一党支部 from 2026-09-01, then 退休教师党支部 renamed 高一年级党支部 from 2026-10-01. The file does not say
when it was made, so a row under "高一年级党支部" is read as the 党支部 bearing the name now (原退休教师党支部) — and the
preview says so on the row, plainly: which 党支部 it was read as (naming its earlier name) and why, and what to
write if the file is the old one. A member on record in the 党支部 that had the name before (高一党支部) is never
moved to the other one on the strength of the name alone: that row is refused, naming both 党支部 and how to say
which one is meant (a 支部调整日期 from the day the other took the name). Before, 王书记, on record in 高一党支部,
was moved into 原退休教师党支部 with a warning that did not say where he was going, and a row whose day fell after
the name passed was read without a word even for a member of the other branch."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from branchdesk.db.models import Member, Organisation
from branchdesk.domain.idcard import make_id_number
from branchdesk.services.roster.excel import import_roster
from branchdesk.services.roster.organisation import rename_org
from tests.meetings.helpers import BRANCH, OTHER, make_branch
from tests.roster.test_roster_import import HEADERS, ID_A, row
from tests.xlsx_factory import make_workbook

NEW_NAME = "高一党支部"
TITLE = ["示范中学高一年级党支部党员花名册"]
# 王书记 of make_branch: on record in 高一年级党支部 (now 高一党支部) since 2005
ID_SECRETARY = make_id_number("140202", date(1980, 1, 1), 1, male=True)


def _passed_on(db):  # type: ignore[no-untyped-def]
    made = make_branch(db)
    rename_org(db, made.id, NEW_NAME, date(2026, 9, 1), today=date(2026, 9, 1))
    rename_org(db, made.other_id, BRANCH, date(2026, 10, 1), today=date(2026, 10, 1))
    return made


def _branch_of(db, id_number: str) -> str:  # type: ignore[no-untyped-def]
    with db.session() as session:
        return session.scalars(select(Organisation.name).join(Member, Member.branch_id == Organisation.id)
                               .where(Member.id_number == id_number, Member.deleted_at.is_(None))).one()


def test_a_member_of_the_branch_that_had_the_name_is_not_moved_by_it(db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _passed_on(db)
    rows = [row(1, "王书记", ID_SECRETARY, branch=BRANCH, group="", join="2005-07-01", full="2006-07-01")]
    report = import_roster(db, make_workbook(tmp_path / "花名册.xlsx", HEADERS, rows, title_rows=TITLE))
    assert not report.ok, report.to_text()
    [problem] = [p for p in report.problems if p.row == 3]
    assert problem.column == "所在党支部", problem
    for said in ("王书记在系统中属“高一党支部”", "“高一年级党支部”2026-08-31以前是“高一党支部”的名称",
                 "2026-10-01起是原“退休教师党支部”的名称", "请改写为“高一党支部”", "支部调整日期"):
        assert said in problem.message, problem.message
    assert _branch_of(db, ID_SECRETARY) == NEW_NAME  # all or nothing: not moved


def test_a_move_dated_after_the_name_passed_is_the_branch_bearing_it(db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _passed_on(db)
    headers = [*HEADERS, "支部调整日期"]
    rows = [[*r, "2026-11-02"] for r in [row(1, "王书记", ID_SECRETARY, branch=BRANCH, group="", join="2005-07-01",
                                              full="2006-07-01")]]
    report = import_roster(db, make_workbook(tmp_path / "花名册.xlsx", headers, rows, title_rows=TITLE))
    assert report.ok, report.to_text()
    assert _branch_of(db, ID_SECRETARY) == BRANCH  # the branch bearing the name now (原退休教师党支部)


def test_the_preview_row_says_which_branch_it_was_read_as_and_why(db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _passed_on(db)
    rows = [row(1, "王喆", ID_A, branch=BRANCH, group="", join="2010-07-01")]
    report = import_roster(db, make_workbook(tmp_path / "花名册.xlsx", HEADERS, rows, title_rows=TITLE), dry_run=True)
    assert report.ok, report.to_text()
    [said] = report.warnings_of(3)
    for words in ("已按现在名为“高一年级党支部”的党支部（2026-10-01以前名为“退休教师党支部”）导入",
                  "2026-08-31以前是现“高一党支部”的名称", "请改写为“高一党支部”"):
        assert words in said, said
    assert OTHER in said
