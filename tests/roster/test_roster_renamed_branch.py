"""A 党支部 renamed from a day (TY-5, org_names), and a 花名册 kept from before the rename imported again
(NOTE12 "Left": the roster import used the current names only — the earlier name was a new 党支部 to be
confirmed, and confirming it split the branch in two). A row names its member's 党支部 as on a day of the
file's making, no earlier than the member's own day (支部调整日期, else 入党日期): an earlier name in use
on that day is the renamed 党支部, the report says which rows; a member who joined after the rename under
the old name is refused, naming the name of the day."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from branchdesk.db.models import Member, Organisation
from branchdesk.domain.idcard import make_id_number
from branchdesk.services.roster.excel import import_roster
from branchdesk.services.roster.organisation import rename_org
from tests.meetings.helpers import BRANCH, make_branch
from tests.roster.test_roster_import import HEADERS, ID_A, ID_B, row
from tests.xlsx_factory import make_workbook

NEW_NAME = "高一党支部"
TITLE = ["示范中学高一年级党支部党员花名册（2026年春）"]


def _renamed(db) -> None:  # type: ignore[no-untyped-def]
    made = make_branch(db)
    rename_org(db, made.id, NEW_NAME, date(2026, 9, 1), today=date(2026, 9, 1))


def _branches(db) -> list[str]:  # type: ignore[no-untyped-def]
    with db.session() as session:
        return sorted(session.scalars(select(Organisation.name).where(Organisation.kind == "党支部",
                                                                      Organisation.deleted_at.is_(None))))


def test_a_roster_from_before_the_rename_is_read_into_the_renamed_branch(db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _renamed(db)
    rows = [row(1, "王喆", ID_A, branch=BRANCH, join="2010.07.01"),
            row(2, "李静", ID_B, branch=BRANCH, join="2015年6月30日", full="2016年6月30日")]
    report = import_roster(db, make_workbook(tmp_path / "花名册（2026年春）.xlsx", HEADERS, rows, title_rows=TITLE))
    assert report.ok, report.to_text()
    assert report.created == 2 and report.needs_confirmation == ""
    assert "第 3、4 行的所在党支部“高一年级党支部”是“高一党支部”更名前的名称，已按“高一党支部”导入" in report.to_text()
    assert _branches(db) == ["退休教师党支部", NEW_NAME], "no second branch under the old name"
    with db.session() as session:
        branch_ids = set(session.scalars(select(Member.branch_id).where(Member.id_number.in_([ID_A, ID_B]))))
        (renamed,) = session.scalars(select(Organisation.id).where(Organisation.name == NEW_NAME))
    assert branch_ids == {renamed}


def test_a_member_who_joined_after_the_rename_under_the_old_name_is_refused(db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _renamed(db)
    late = make_id_number("140202", date(1998, 4, 4), 8, male=False)
    rows = [row(1, "王喆", ID_A, branch=BRANCH, join="2010-07-01"),
            row(2, "陈新", late, branch=BRANCH, category="预备党员", join="2026年10月8日", full=None)]
    report = import_roster(db, make_workbook(tmp_path / "花名册.xlsx", HEADERS, rows, title_rows=TITLE),
                           create_orgs=True)
    assert not report.ok
    assert ("入党日期2026-10-08在更名之后：“高一年级党支部”自2026-09-01起已更名为“高一党支部”，2026-10-08时应写“高一党支部”"
            in report.to_text()), report.to_text()
    assert "将新建党支部" not in report.to_text()
    assert _branches(db) == ["退休教师党支部", NEW_NAME]


def test_the_name_in_use_now_is_read_as_before(db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _renamed(db)
    report = import_roster(db, make_workbook(tmp_path / "花名册.xlsx", HEADERS, [row(1, "王喆", ID_A, branch=NEW_NAME)],
                                             title_rows=TITLE))
    assert report.ok and "更名前" not in report.to_text(), report.to_text()


def test_confirming_new_branches_does_not_split_a_renamed_one(db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Renamed to a name unlike the old one, the old name was no near-miss: it was a new 党支部 to confirm,
    and 新建这些党组织 made a second branch of the same members' 党支部."""
    made = make_branch(db)
    rename_org(db, made.id, "教学一部党支部", date(2026, 9, 1), today=date(2026, 9, 1))
    report = import_roster(db, make_workbook(tmp_path / "花名册.xlsx", HEADERS, [row(1, "王喆", ID_A, branch=BRANCH)],
                                             title_rows=TITLE), create_orgs=True)
    assert report.ok and "新建党支部" not in report.to_text(), report.to_text()
    assert _branches(db) == ["教学一部党支部", "退休教师党支部"]


def test_a_name_another_branch_had_on_the_members_day_is_told(db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The old name now another 党支部's: 高一年级党支部 renamed 高一党支部 from 2026-09-01, then 退休教师党支部
    renamed 高一年级党支部 from 2026-10-01. A row "高一年级党支部" is the 党支部 bearing the name now, as before —
    but a member who joined in 2010 was then in the other one, and a 花名册 kept from before the rename
    means it: the report says which rows, which 党支部 had the name on their day, and what to write if the
    file is that old one — the rows are not put into the other 党支部 without a word (review13-1 R1-2)."""
    made = make_branch(db)
    rename_org(db, made.id, NEW_NAME, date(2026, 9, 1), today=date(2026, 9, 1))
    rename_org(db, made.other_id, BRANCH, date(2026, 10, 1), today=date(2026, 10, 1))
    late = make_id_number("140202", date(1998, 4, 4), 8, male=False)
    rows = [row(1, "王喆", ID_A, branch=BRANCH, group="", join="2010-07-01"),
            row(2, "陈新", late, branch=BRANCH, group="", category="预备党员", join="2026年10月8日", full=None)]
    report = import_roster(db, make_workbook(tmp_path / "花名册.xlsx", HEADERS, rows, title_rows=TITLE), dry_run=True)
    assert report.ok, report.to_text()
    told = [w for w in report.warnings if "高一年级党支部" in w]
    assert len(told) == 1, report.to_text()
    assert told[0].startswith("第 3 行的所在党支部“高一年级党支部”"), told
    assert "2026-08-31以前是现“高一党支部”的名称" in told[0] and "请改写为“高一党支部”" in told[0], told
    assert "第 4 行" not in told[0], "陈新 joined after the name passed to the branch bearing it now"

    # a member on record in the 党支部 bearing the name is its own: nothing to tell (its 花名册 of now)
    assert import_roster(db, make_workbook(tmp_path / "a.xlsx", HEADERS, rows[:1], title_rows=TITLE)).ok
    again = import_roster(db, make_workbook(tmp_path / "b.xlsx", HEADERS, rows[:1], title_rows=TITLE), dry_run=True)
    assert again.ok and not [w for w in again.warnings if "高一年级党支部" in w], again.to_text()
