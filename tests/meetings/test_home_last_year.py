"""首页 in January–March carries last year's open yearly items — 组织生活会 and 民主评议党员, which a
sitting held until 03-31 still fulfils (domain.md §2: "usually Q4 or January for the past year"), and
谈心谈话 when the check flags it — as 即将到期 until 03-31 and as 问题 after (trial Y, TY-8: the home page
listed only this year's items, even after 03-31 when `check --year 2026` had them as 问题)."""

from __future__ import annotations

from datetime import date

import pytest

from branchdesk.domain.finding_text import Category, due_text, home_items
from branchdesk.services.checks import home_findings
from tests.meetings.helpers import BRANCH, make_branch

YEARLY = ("MTG-YEARLY-LIFE", "MTG-YEARLY-REVIEW")


def _last_years(db, today: date) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """rule -> home category of last year's yearly items on 首页 on `today`."""
    items = home_items(home_findings(db, today=today), today)
    return {i.finding.rule: i.category for i in items
            if i.finding.period == str(today.year - 1) and i.finding.rule.startswith("MTG-YEARLY")}


def test_in_january_last_years_life_meeting_and_review_fall_due_on_31_march(db) -> None:  # type: ignore[no-untyped-def]
    make_branch(db)
    today = date(2027, 1, 5)
    shown = _last_years(db, today)
    assert {rule: shown.get(rule) for rule in YEARLY} == {rule: Category.DUE for rule in YEARLY}
    life = next(i for i in home_items(home_findings(db, today=today), today) if i.finding.rule == "MTG-YEARLY-LIFE"
                and i.finding.period == "2026")
    assert life.due == date(2027, 3, 31) and "2026年" in life.line
    assert shown.get("MTG-YEARLY-TALKS") == Category.PROBLEM  # no talk at all in 2026: the check's 问题


@pytest.mark.parametrize("today", [date(2027, 4, 2), date(2027, 9, 1)])
def test_after_31_march_they_are_problems(db, today: date) -> None:  # type: ignore[no-untyped-def]
    make_branch(db)
    shown = _last_years(db, today)
    assert {rule: shown.get(rule) for rule in YEARLY} == {rule: Category.PROBLEM for rule in YEARLY}


@pytest.mark.parametrize(("today", "category", "deadline"), [
    (date(2027, 3, 20), Category.DUE, "2027-03-31（还剩 11 天）"),
    (date(2027, 4, 2), Category.PROBLEM, "2027-03-31（已过 2 天）"),
])
def test_their_deadline_is_31_march(db, today: date, category: str, deadline: str) -> None:  # type: ignore[no-untyped-def]
    """Re-trial 11, N-3: on 2027-04-02 首页 gave last year's 组织生活会 and 民主评议党员 the deadline
    "2026-12-31（已过 92 天）", though they may be held until 2027-03-31; 谈心谈话 is due on 12-31."""
    make_branch(db)
    items = [i for i in home_items(home_findings(db, today=today), today) if i.finding.period == "2026"
             and i.finding.rule.startswith("MTG-YEARLY") and i.finding.branch == BRANCH]
    shown = {i.finding.rule: (i.category, due_text(i.finding, today)) for i in items}
    assert {rule: shown.get(rule) for rule in YEARLY} == {rule: (category, deadline) for rule in YEARLY}
    talks = (today - date(2026, 12, 31)).days
    assert shown.get("MTG-YEARLY-TALKS") == (Category.PROBLEM, f"2026-12-31（已过 {talks} 天）")


def test_two_years_back_is_not_carried(db) -> None:  # type: ignore[no-untyped-def]
    make_branch(db)
    today = date(2027, 1, 5)
    assert not [f for f in home_findings(db, today=today) if f.period == "2025"]


def test_the_home_page_shows_last_years_life_meeting_as_falling_due(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.ui.context import AppContext
    from branchdesk.ui.home_page import HomePage

    make_branch(db)
    page = HomePage(AppContext(db), clock=lambda: date(2027, 2, 15))
    qtbot.addWidget(page)
    page.resize(1200, 640)
    page.show()
    with qtbot.waitSignal(page.loaded, timeout=60_000):
        page.refresh()
    rows = [item for item in page.item_rows() if item.finding.rule == "MTG-YEARLY-LIFE" and item.finding.period == "2026"
            and item.finding.branch == BRANCH]
    assert len(rows) == 1 and rows[0].category == Category.DUE
    assert rows[0].line == f"{BRANCH} 2026年还没有召开组织生活会；可在 2027-03-31 前召开，所属期间记为2026年度"
    page.choose(Category.DUE)
    assert rows[0] in page.item_rows()  # the 即将到期 tile lists it


@pytest.mark.parametrize("today", [date(2027, 3, 20), date(2027, 4, 2), date(2027, 9, 1)])
def test_the_check_of_last_year_gives_the_deadline_home_gives(db, db_path, capsys, today: date) -> None:  # type: ignore[no-untyped-def]
    """`branchdesk check --year 2026` run after 2027-03-31 gave last year's 组织生活会 and 民主评议党员 问题 the
    期限 2026-12-31 while 首页 showed 2027-03-31 (NOTE11): one deadline now, the day a sitting may still be
    held for the year (rules.held_late_until), in the check, its JSON and 首页 alike; 谈心谈话 stays 12-31."""
    import json

    from branchdesk.cli.main import main
    from branchdesk.services.checks import run_checks

    make_branch(db)
    checked = {f.rule: f.due for f in run_checks(db, year=2026, as_of=today)
               if f.rule.startswith("MTG-YEARLY") and f.branch == BRANCH and f.period == "2026"}
    home = {f.rule: f.due for f in home_findings(db, today=today)
            if f.rule.startswith("MTG-YEARLY") and f.branch == BRANCH and f.period == "2026"}
    assert {rule: checked.get(rule) for rule in YEARLY} == {rule: "2027-03-31" for rule in YEARLY}
    assert checked == home and checked["MTG-YEARLY-TALKS"] == "2026-12-31"
    assert main(["check", "--db", str(db_path), "--year", "2026", "--as-of", today.isoformat(), "--json"]) == 0
    printed = {f["rule"]: f["due"] for f in json.loads(capsys.readouterr().out.rsplit("\n共", 1)[0])
               if f["rule"] in YEARLY and f["branch"] == BRANCH}
    assert printed == {rule: "2027-03-31" for rule in YEARLY}
