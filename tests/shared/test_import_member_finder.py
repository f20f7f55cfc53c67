"""The 党费 and 学习学时 imports find a row's member with one finder (services/member_finder.py), so
each gives the other's better message: the 党费 import now names the branch or person a mistyped name
most likely means (the 学时 import did), and the 学时 import now finds a member the branch's sheet
lists after a 支部调整 moved her out (the 党费 import did), saying so, instead of refusing the file."""

from __future__ import annotations

from datetime import date

from branchdesk.domain.idcard import make_id_number
from branchdesk.domain.roster.records import MemberInput
from branchdesk.services.dues.excel import import_dues
from branchdesk.services.roster.membership import move_branch
from branchdesk.services.roster.records import save_member
from branchdesk.services.study_hours.excel import import_study_records
from branchdesk.services.study_hours.records import list_study_records
from tests.dues.dues_fixtures import BRANCH, OTHER, make_dues_branch
from tests.dues.dues_sheets import long_ledger, wide_ledger
from tests.meetings.helpers import make_branch
from tests.study_hours.study_books import study_book

TODAY = date(2026, 11, 20)


def test_the_dues_import_names_the_branch_and_the_person_a_mistyped_name_means(db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    make_dues_branch(db)
    path = wide_ledger(tmp_path / "登记表.xlsx", [("王书记", "高一年纪党支部", 6200, "1.5%", 93, *([93] * 3), *([None] * 9), None)])
    text = import_dues(db, path, today=TODAY).to_text()
    assert "没有名为“高一年纪党支部”的党支部，是否为“高一年级党支部”？" in text
    listed = long_ledger(tmp_path / "交纳.xlsx", ("姓名", "所在党支部", "月份", "金额", "缴纳日期"), [
        ("李组识", BRANCH, "2025年3月", "48", "2025-03-20"), ("张宣转", "", "2025年3月", "15", "2025-03-20")])
    report = import_dues(db, listed, today=TODAY)
    assert not report.ok
    text = report.to_text()
    assert f"{BRANCH}的花名册中没有“李组识”，是否为“李组织”？" in text
    assert "花名册中没有“张宣转”，是否为“张宣传”？" in text


def test_the_dues_import_suggests_a_member_the_branch_lost_to_a_move(db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    branch = make_dues_branch(db)
    move_branch(db, branch.members["李组织"], branch.other_id, date(2025, 9, 1))
    listed = long_ledger(tmp_path / "交纳.xlsx", ("姓名", "所在党支部", "月份", "金额", "缴纳日期"), [
        ("李组识", BRANCH, "2025年3月", "48", "2025-03-20")])
    assert f"{BRANCH}的花名册中没有“李组识”，是否为“李组织”？" in import_dues(db, listed, today=TODAY).to_text()


def test_the_study_import_finds_a_member_the_branch_lost_to_a_move_and_says_so(db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    branch = make_branch(db)
    move_branch(db, branch.members["李组织"], branch.other_id, date(2026, 9, 1))
    path = study_book(tmp_path / "学时.xlsx", [
        [BRANCH, "李组织", "2026-04-10", 12, "网络培训", "党纪学习教育专题网络培训", "网络学院", ""],
        [BRANCH, "李组织", "2026-05-10", 4, "其他", "读书班", "", ""]])
    report = import_study_records(db, path, today=TODAY)
    assert report.ok and report.created == 2, report.to_text()
    assert report.notes == [f"李组织：2026-09-01 由{BRANCH}调整到{OTHER}；按{BRANCH}的表导入其学习培训记录，计入本人学时"]
    assert {r.name for r in list_study_records(db)} == {"李组织"}


def test_a_shared_name_is_refused_naming_where_to_enter_the_record(db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    make_dues_branch(db)
    save_member(db, MemberInput(name="赵一", id_number=make_id_number("140202", date(1990, 5, 5), 66, male=True),
                                branch=BRANCH, category="正式党员", join_date=date(2015, 7, 1)))
    study = study_book(tmp_path / "学时.xlsx", [[BRANCH, "赵一", "2026-05-01", "8", "党校", "专题培训", "", ""]])
    assert (f"{BRANCH}有 2 名党员都叫“赵一”，无法确定是哪一位；请删去这一行，在学习学时页面为该党员逐条登记"
            in import_study_records(db, study, today=TODAY).to_text())
    dues = long_ledger(tmp_path / "交纳.xlsx", ("姓名", "所在党支部", "月份", "金额", "缴纳日期"), [
        ("赵一", BRANCH, "2025年3月", "30", "2025-03-20")])
    assert (f"{BRANCH}有 2 名党员都叫“赵一”，无法确定是哪一位；请删去这一行，在党费页面为该党员逐条登记"
            in import_dues(db, dues, today=TODAY).to_text())


def test_a_name_the_branch_shares_with_a_member_it_lost_to_a_move_is_refused(db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A member the branch lost to a 支部调整 and one of the same name still on its roster: the sheet's row
    could be either (the months before the move were the one who left), so it is refused, not given
    to the one still there."""
    branch = make_branch(db)
    move_branch(db, branch.members["李组织"], branch.other_id, date(2026, 9, 1))
    save_member(db, MemberInput(name="李组织", id_number=make_id_number("140202", date(1991, 6, 6), 77, male=False),
                                branch=BRANCH, category="正式党员", join_date=date(2016, 7, 1)))
    path = study_book(tmp_path / "学时.xlsx", [
        [BRANCH, "李组织", "2026-04-10", 12, "网络培训", "党纪学习教育专题网络培训", "网络学院", ""]])
    report = import_study_records(db, path, today=TODAY)
    assert not report.ok and report.created == 0
    assert f"{BRANCH}有 2 名党员都叫“李组织”，无法确定是哪一位" in report.to_text()
    assert list_study_records(db) == []


def test_the_move_is_told_with_a_deleted_branch_named_and_an_unknown_one_left_out(db) -> None:  # type: ignore[no-untyped-def]
    """move_text once read the names of the live branches only: a 支部调整 from a branch an older
    version deleted, or one recorded without the branch left, read "由调整到第二党支部"."""
    from datetime import datetime

    from branchdesk.db.models import MemberMove, Organisation
    from branchdesk.domain.vocabulary import MoveKind, OrgKind
    from branchdesk.services.member_finder import MemberFinder
    from branchdesk.services.roster.organisation import create_org, list_orgs

    branch = make_branch(db)
    top = next(o for o in list_orgs(db) if o.kind == OrgKind.COMMITTEE.value)
    gone = create_org(db, "原第三党支部", OrgKind.BRANCH, top.id)
    li, zhao = branch.members["李组织"], branch.members["赵一"]
    with db.session() as session:
        session.add(MemberMove(member_id=li, kind=MoveKind.BRANCH_CHANGE.value, move_date=date(2025, 3, 1),
                               counterpart=BRANCH, reason="", from_branch_id=gone.id, to_branch_id=branch.id))
        session.add(MemberMove(member_id=zhao, kind=MoveKind.BRANCH_CHANGE.value, move_date=date(2025, 4, 1),
                               counterpart=BRANCH, reason="", from_branch_id=None, to_branch_id=branch.id))
        org = session.get(Organisation, gone.id)
        assert org is not None
        org.deleted_at = datetime(2025, 6, 1)
    with db.session() as session:
        finder = MemberFinder(session, enter_in="党费页面")
        assert finder.move_text(li) == f"2025-03-01 由原第三党支部调整到{BRANCH}"
        assert finder.move_text(zhao) == f"2025-04-01 调整到{BRANCH}"
