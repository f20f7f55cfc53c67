"""A 党小组 renamed from a day (trial TY-5): the old name stays its name until the day before, so what was
written then keeps naming it; a row written after the rename under the old name is told the new name."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from branchdesk.db.models import Organisation, OrgName
from branchdesk.domain.roster.org_names import FormerName, NameHistory, match_on, rename_problem
from branchdesk.services.errors import RuleViolation
from branchdesk.services.roster.org_names import group_histories
from branchdesk.services.roster.organisation import rename_org
from tests.meetings.helpers import make_branch

RENAMED = NameHistory.of("语文党小组", [FormerName("第一党小组", date(2027, 2, 28))])


def test_the_name_on_a_day() -> None:
    assert RENAMED.name_on(date(2026, 12, 31)) == "第一党小组"
    assert RENAMED.name_on(date(2027, 2, 28)) == "第一党小组"
    assert RENAMED.name_on(date(2027, 3, 1)) == "语文党小组"
    assert RENAMED.current_since == date(2027, 3, 1)
    assert NameHistory.of("数学党小组").name_on(date(1990, 1, 1)) == "数学党小组"


def test_twice_renamed_in_any_order_of_rows() -> None:
    history = NameHistory.of("丙", [FormerName("乙", date(2027, 6, 30)), FormerName("甲", date(2026, 8, 31))])
    assert [history.name_on(date(y, m, 1)) for y, m in ((2026, 1), (2026, 9), (2027, 7))] == ["甲", "乙", "丙"]


def test_a_year_prints_the_name_of_its_last_day_and_tells_a_rename_within_it() -> None:
    assert RENAMED.year_name(2026) == "第一党小组" and RENAMED.year_label(2026) == "第一党小组"
    assert RENAMED.year_name(2027) == "语文党小组"
    assert RENAMED.year_label(2027) == "第一党小组（后更名为语文党小组）"
    assert RENAMED.year_label(2028) == "语文党小组"


GROUPS = {1: RENAMED, 2: NameHistory.of("数学党小组")}


def test_a_ledger_row_matches_the_name_of_its_day() -> None:
    assert match_on(GROUPS, "第一党小组", date(2026, 5, 10)).org_id == 1
    assert match_on(GROUPS, "第一党小组", date(2027, 2, 28)).org_id == 1
    assert match_on(GROUPS, "语文党小组", date(2027, 3, 1)).org_id == 1
    assert match_on(GROUPS, "数学党小组", date(2026, 5, 10)).org_id == 2
    # a 2026 row re-typed after the rename, under the name the group took later: no other group had it then
    assert match_on(GROUPS, "语文党小组", date(2026, 5, 10)).org_id == 1
    assert match_on(GROUPS, "第一党小组(旧)", date(2026, 5, 10)) == match_on(GROUPS, "x", None)  # unknown: no id


def test_the_old_name_after_the_rename_is_refused_naming_the_new_name() -> None:
    found = match_on(GROUPS, "第一党小组", date(2027, 3, 15))
    assert found.org_id is None
    assert found.problem == "“第一党小组”自2027-03-01起已更名为“语文党小组”，2027-03-15时应写“语文党小组”"
    today = match_on(GROUPS, "第一党小组", None)  # a roster's row: today's names
    assert today.org_id is None and "已更名为“语文党小组”" in today.problem


def test_a_name_another_group_had_on_the_day_is_that_groups() -> None:
    # 一组 renamed to 语文组 in 2027; 二组 took the name 一组 the day after
    groups = {1: NameHistory.of("语文组", [FormerName("一组", date(2026, 12, 31))]),
              2: NameHistory.of("一组", [FormerName("二组", date(2026, 12, 31))])}
    assert match_on(groups, "一组", date(2026, 6, 1)).org_id == 1
    assert match_on(groups, "一组", date(2027, 6, 1)).org_id == 2
    assert match_on(groups, "二组", date(2026, 6, 1)).org_id == 2


def test_rename_rules() -> None:
    today = date(2027, 3, 10)
    assert rename_problem(RENAMED, "英语党小组", date(2027, 3, 11), today).startswith("更名日期 2027-03-11 晚于今天")
    assert "自2027-03-01起使用" in rename_problem(RENAMED, "英语党小组", date(2027, 2, 28), today)
    assert rename_problem(RENAMED, "英语党小组", date(2027, 3, 1), today) == ""  # corrects that rename
    assert rename_problem(RENAMED, "英语党小组", date(2027, 3, 2), today) == ""
    former_sibling = NameHistory.of("数学党小组", [FormerName("英语党小组", date(2027, 3, 5))])
    assert "已有名为“英语党小组”" in rename_problem(RENAMED, "英语党小组", date(2027, 3, 2), today, [former_sibling])
    assert rename_problem(RENAMED, "英语党小组", date(2027, 3, 6), today, [former_sibling]) == ""


def test_rename_from_a_day_keeps_the_old_name_with_its_last_day(db) -> None:  # type: ignore[no-untyped-def]
    made = make_branch(db)
    group = made.group_ids["语文党小组"]
    rename_org(db, group, "高一语文党小组", date(2027, 3, 1), today=date(2027, 3, 10))
    with db.session() as session:
        assert session.get(Organisation, group).name == "高一语文党小组"
        rows = session.execute(select(OrgName.name, OrgName.ended_on).where(OrgName.org_id == group)).all()
        assert [tuple(r) for r in rows] == [("语文党小组", date(2027, 2, 28))]
        history = group_histories(session)[made.id][group]
    assert history.name_on(date(2026, 12, 31)) == "语文党小组" and history.name_on(date(2027, 3, 1)) == "高一语文党小组"
    with pytest.raises(RuleViolation, match="自2027-03-01起使用"):
        rename_org(db, group, "语文组", date(2027, 2, 1), today=date(2027, 3, 10))
    # a second rename from the same day corrects the first: the name between was never in use
    rename_org(db, group, "高一语文组", date(2027, 3, 1), today=date(2027, 3, 10))
    with db.session() as session:
        assert session.scalars(select(OrgName.name).where(OrgName.org_id == group)).all() == ["语文党小组"]
    with pytest.raises(RuleViolation, match="晚于今天"):
        rename_org(db, group, "语文组", date(2027, 3, 11), today=date(2027, 3, 10))
    # the other group may not take the old name for days it was still this group's
    with pytest.raises(RuleViolation, match="已有名为“语文党小组”"):
        rename_org(db, made.group_ids["数学党小组"], "语文党小组", date(2027, 1, 1), today=date(2027, 3, 10))
    rename_org(db, made.group_ids["数学党小组"], "语文党小组", date(2027, 3, 5), today=date(2027, 3, 10))
    with db.session() as session:
        assert session.get(Organisation, group).name == "高一语文组"


def test_a_rename_without_a_day_is_from_today(db) -> None:  # type: ignore[no-untyped-def]
    made = make_branch(db)
    group = made.group_ids["数学党小组"]
    rename_org(db, group, "理科党小组")
    with db.session() as session:
        ended = session.scalar(select(OrgName.ended_on).where(OrgName.org_id == group))
    assert ended is not None and (date.today() - ended).days == 1


def test_a_rename_from_the_founding_day_corrects_the_name(db) -> None:  # type: ignore[no-untyped-def]
    made = make_branch(db)
    group = made.group_ids["数学党小组"]
    with db.session() as session:
        session.get(Organisation, group).founded_on = date(2026, 9, 1)
    rename_org(db, group, "数学组", date(2026, 9, 1), today=date(2026, 9, 2))
    with db.session() as session:
        assert session.scalar(select(OrgName.id).where(OrgName.org_id == group)) is None


def test_a_roster_naming_the_old_name_is_refused_not_a_new_group(db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A 花名册 kept from before the rename, re-imported: its 党小组 column is today's group, so the old
    name is refused with the new one — with --create-orgs it used to make a second 语文党小组."""
    from branchdesk.services.roster.excel import import_roster
    from tests.roster.test_roster_import import HEADERS, ID_A, row
    from tests.xlsx_factory import make_workbook

    made = make_branch(db)
    rename_org(db, made.group_ids["语文党小组"], "高一语文党小组", date(2026, 9, 1))
    path = make_workbook(tmp_path / "花名册（2026年春）.xlsx", HEADERS, [row(1, "王喆", ID_A, branch="高一年级党支部")],
                         title_rows=["示范中学党员花名册"])
    report = import_roster(db, path, create_orgs=True)
    assert not report.ok
    assert "“语文党小组”自2026-09-01起已更名为“高一语文党小组”，现在应写“高一语文党小组”" in report.to_text()
    with db.session() as session:
        assert session.scalars(select(Organisation.name).where(Organisation.name == "语文党小组")).all() == []


def test_an_older_database_gets_the_name_history_after_a_backup(db_path, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A database of the version before (no org_names): opened, it is backed up and upgraded (0143), its
    groups keep their names, and a rename from a day is kept."""
    import sqlite3

    from branchdesk.db import backup as backups
    from branchdesk.db.migrate import downgrade, open_database

    monkeypatch.setenv("BRANCHDESK_HOME", str(tmp_path / "home"))
    database = open_database(db_path)
    made = make_branch(database)
    downgrade(database, "0143@-1")
    database.close()
    connection = sqlite3.connect(db_path)
    assert connection.execute("SELECT name FROM sqlite_master WHERE name = 'org_names'").fetchall() == []
    connection.close()
    database = open_database(db_path)
    try:
        found = backups.good_backups(db_path)
        assert [(b.reason, "0142" in b.revisions, "0143" in b.revisions) for b in found] == [
            ("before-migration", True, False)]
        with database.session() as session:
            assert group_histories(session)[made.id][made.group_ids["语文党小组"]] == NameHistory.of("语文党小组")
        rename_org(database, made.group_ids["语文党小组"], "文科组", date(2026, 9, 1))
        with database.session() as session:
            assert session.scalar(select(OrgName.name)) == "语文党小组"
    finally:
        database.close()


def test_a_member_saved_under_the_old_name_is_told_the_new_one(db) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.domain.idcard import make_id_number
    from branchdesk.domain.roster.records import MemberInput
    from branchdesk.services.errors import ValidationFailed
    from branchdesk.services.roster.records import save_member
    from tests.meetings.helpers import BRANCH

    made = make_branch(db)
    rename_org(db, made.group_ids["语文党小组"], "高一语文党小组", date(2026, 9, 1))
    with pytest.raises(ValidationFailed) as refused:
        save_member(db, MemberInput(name="新党员", id_number=make_id_number("140202", date(1990, 5, 5), 55, male=True),
                                    branch=BRANCH, group="语文党小组", category="正式党员",
                                    join_date=date(2015, 7, 1), full_date=date(2016, 7, 1)))
    assert "已更名为“高一语文党小组”" in str(refused.value.errors)


def test_a_name_written_wrong_is_corrected_not_kept(db) -> None:  # type: ignore[no-untyped-def]
    made = make_branch(db)
    group = made.group_ids["数学党小组"]
    rename_org(db, group, "数学党小祖", date(2026, 9, 1))  # typed wrong in the rename
    rename_org(db, group, "数学党小组（高一）", correction=True)  # corrected: 数学党小祖 was never its name
    with db.session() as session:
        history = group_histories(session)[made.id][group]
    assert history == NameHistory.of("数学党小组（高一）", [FormerName("数学党小组", date(2026, 8, 31))])
    with pytest.raises(RuleViolation, match="已有名为“语文党小组”"):  # a correction may not take a sibling's name
        rename_org(db, group, "语文党小组", correction=True)


def test_the_same_name_spelt_otherwise_is_no_earlier_name(db) -> None:  # type: ignore[no-untyped-def]
    made = make_branch(db)
    group = made.group_ids["数学党小组"]
    rename_org(db, group, "数学党小组(高一)", date(2026, 9, 1))
    rename_org(db, group, "数学党小组（高一）", date(2026, 10, 1))
    with db.session() as session:
        assert session.get(Organisation, group).name == "数学党小组（高一）"
        assert session.scalars(select(OrgName.name)).all() == ["数学党小组"]
