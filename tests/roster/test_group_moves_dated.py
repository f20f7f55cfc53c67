"""A member's move between 党小组 is dated like a 支部调整 (trial Y, TY-5): the sign-in sheets and the
MTG-MONTHLY-GROUP calendar of earlier days keep her in the old group, and a 党小组 set up during the
year is judged from the month it has members (domain.md §2: the calendar starts at the later of 启用日期
and 成立日期) — a split in July does not make the new group's January–June 未按规定召开."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest

from branchdesk.domain.idcard import make_id_number
from branchdesk.domain.meetings.records import MeetingKind as K
from branchdesk.domain.meetings.rules import NOT_RUNNING
from branchdesk.domain.vocabulary import OrgKind
from branchdesk.services.annual_report.records import gather_report
from branchdesk.services.meetings.calendar import calendars
from branchdesk.services.meetings.records import default_attendees
from branchdesk.services.roster.excel import import_roster
from branchdesk.services.roster.organisation import create_org
from branchdesk.services.roster.records import get_member, list_moves, save_member
from tests.meetings.helpers import BRANCH, make_branch
from tests.xlsx_factory import make_workbook

SPLIT = date(2026, 7, 1)
NEW = "外语组"


@pytest.fixture
def branch(db):  # type: ignore[no-untyped-def]
    return make_branch(db)


def _sheet(db, branch, group: str, day: date) -> set[int]:  # type: ignore[no-untyped-def]
    return {a.member_id for a in default_attendees(db, branch.id, day, (K.GROUP,), group_id=branch.group_ids[group])}


def _move_in_form(db, member_id: int, group: str, on: date | None) -> None:  # type: ignore[no-untyped-def]
    record = get_member(db, member_id)
    save_member(db, replace(record.to_input(), group=group, moved_on=on), member_id, record.version)


def test_a_move_between_groups_keeps_the_old_group_on_earlier_sheets(db, branch) -> None:  # type: ignore[no-untyped-def]
    zhao = branch.members["赵一"]  # 数学党小组
    _move_in_form(db, zhao, "语文党小组", SPLIT)
    day_before = SPLIT - timedelta(days=1)
    assert zhao in _sheet(db, branch, "数学党小组", day_before) and zhao not in _sheet(db, branch, "语文党小组", day_before)
    assert zhao not in _sheet(db, branch, "数学党小组", SPLIT) and zhao in _sheet(db, branch, "语文党小组", SPLIT)
    assert [(kind, on) for kind, on, _where, _why in list_moves(db, zhao)] == [("党小组调整", SPLIT)]


def _group_cells(db, group: str) -> dict[int, str]:  # type: ignore[no-untyped-def]
    (calendar,) = calendars(db, year=2026, as_of=date(2026, 11, 30), branch=BRANCH)
    return {c.period.index: c.state for c in calendar.cells if c.rule.id == "MTG-MONTHLY-GROUP" and c.target == group}


def _findings(db, group: str) -> list[str]:  # type: ignore[no-untyped-def]
    (calendar,) = calendars(db, year=2026, as_of=date(2026, 11, 30), branch=BRANCH)
    return [f.period for f in calendar.findings if f.rule == "MTG-MONTHLY-GROUP" and f.message.startswith(group)]


def test_a_group_set_up_in_july_is_judged_from_july(db, branch) -> None:  # type: ignore[no-untyped-def]
    group = create_org(db, NEW, OrgKind.GROUP, branch.id).id
    branch.group_ids[NEW] = group
    for name in ("赵一", "钱二"):
        _move_in_form(db, branch.members[name], NEW, SPLIT)
    cells = _group_cells(db, NEW)
    assert [cells[m] for m in range(1, 7)] == [NOT_RUNNING] * 6
    assert cells[7] == "未完成" and cells[11] == "进行中"
    assert _findings(db, NEW) == [f"2026-{m:02d}" for m in range(7, 12)]
    assert _findings(db, "语文党小组") == [f"2026-{m:02d}" for m in range(1, 12)]  # the old groups: every month


def test_the_roster_import_dates_the_move_by_its_column(db, branch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    rows = []
    for index, name in ((4, "赵一"), (5, "钱二")):  # as make_branch numbered them
        member = get_member(db, branch.members[name])
        number = make_id_number("140202", date(1980, 1, index), index, male=index % 2 == 1)
        rows.append([member.name, number, BRANCH, NEW, member.category, member.join_date, member.full_date,
                     "2026.7.1"])
    path = make_workbook(tmp_path / "党小组调整.xlsx", ["姓名", "公民身份号码", "所在党支部", "党小组", "人员类别",
                                                       "入党日期", "转正日期", "支部调整日期"], rows)
    report = import_roster(db, path, create_orgs=True)
    assert report.updated == 2, report.notes
    zhao = branch.members["赵一"]
    assert [(kind, on) for kind, on, _where, _why in list_moves(db, zhao)] == [("党小组调整", SPLIT)]
    assert zhao in _sheet(db, branch, "数学党小组", SPLIT - timedelta(days=1))
    assert _findings(db, NEW) == [f"2026-{m:02d}" for m in range(7, 12)]


def test_the_year_end_roster_gives_the_group_of_its_day(db, branch) -> None:  # type: ignore[no-untyped-def]
    _move_in_form(db, branch.members["赵一"], "语文党小组", SPLIT)
    groups = {r.name: r.group for r in gather_report(db, 2025, generated_on=date(2026, 12, 1)).basic.roster}
    assert groups["赵一"] == "数学党小组" and groups["钱二"] == "语文党小组"
    groups = {r.name: r.group for r in gather_report(db, 2026, generated_on=date(2026, 12, 1)).basic.roster}
    assert groups["赵一"] == "语文党小组"


def test_a_member_in_no_group_given_one_is_a_blank_filled_not_a_move(db, branch) -> None:  # type: ignore[no-untyped-def]
    """A roster first kept without 党小组 and given them later: the groups are filled in, undated, as before
    (dating them today would empty every earlier 党小组会's sheet)."""
    zhao = branch.members["赵一"]
    record = get_member(db, zhao)
    save_member(db, replace(record.to_input(), group=""), zhao, record.version)  # out of 数学党小组 today
    assert [kind for kind, _on, _where, _why in list_moves(db, zhao)] == ["党小组调整"]
    feng = save_member(db, replace(get_member(db, branch.members["钱二"]).to_input(), name="冯八", group="",
                                   birth_date=date(1981, 3, 3),
                                   id_number=make_id_number("140202", date(1981, 3, 3), 31, male=True))).id
    record = get_member(db, feng)
    save_member(db, replace(record.to_input(), group="语文党小组"), feng, record.version)
    assert list_moves(db, feng) == []
    assert feng in _sheet(db, branch, "语文党小组", date(2026, 1, 5))
