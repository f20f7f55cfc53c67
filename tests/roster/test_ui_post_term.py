"""T10-15: in 任命职务 the 任期结束 stayed at today + 3 years when the secretary typed another 任期开始
(2024.9.1 gave a term to 2029-12-04, saved as is). It follows the typed start by the branch's term
length (ORG-TERM, domain.md §1: 3 years, a setting — 5 for 村、社区) until the user edits it."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from branchdesk.domain.dates import add_years
from branchdesk.domain.vocabulary import OrgKind
from branchdesk.services.roster.organisation import get_tree, list_posts
from branchdesk.services.rule_settings import branch_settings, save_branch_settings
from branchdesk.ui.context import AppContext
from branchdesk.ui.roster.org_panel import PostDialog
from tests.meetings.helpers import make_branch

pytestmark = pytest.mark.usefixtures("message_boxes")


def _dialog(qtbot, db, term_years: int = 3) -> PostDialog:  # type: ignore[no-untyped-def]
    branch = make_branch(db)
    if term_years != 3:
        settings, _term = branch_settings(db, branch.id)
        save_branch_settings(db, branch.id, settings, term_years)
    node = next(n for root in get_tree(db) for n in root.walk() if n.id == branch.id and n.kind == OrgKind.BRANCH.value)
    dialog = PostDialog(AppContext(db), node)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _type(field, text: str) -> None:  # type: ignore[no-untyped-def]
    field.edit.setFocus()
    field.edit.selectAll()
    QTest.keyClicks(field.edit, text)
    QTest.keyClick(field.edit, Qt.Key.Key_Tab)


def test_the_term_end_follows_a_typed_start(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    dialog = _dialog(qtbot, db)
    _type(dialog.start, "2024.9.1")
    assert dialog.end.text() == "2027-09-01"  # 届满 as the term check counts it (ORG-TERM)
    _type(dialog.start, "2025.3.1")
    assert dialog.end.text() == "2028-03-01"
    dialog.save()
    posts = [p for p in list_posts(db, dialog.branch.id) if p.term_start == date(2025, 3, 1)]
    assert [p.term_end for p in posts] == [date(2028, 3, 1)]


def test_the_branch_term_length_is_used_and_a_typed_end_is_kept(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    dialog = _dialog(qtbot, db, term_years=5)
    start = dialog.start.value()
    assert start is not None and dialog.end.value() == add_years(start, 5)
    _type(dialog.start, "2024.9.1")
    assert dialog.end.text() == "2029-09-01"
    _type(dialog.end, "2027.8.31")  # the user's own end: a later start no longer moves it
    _type(dialog.start, "2024.9.2")
    assert dialog.end.value() == date(2027, 8, 31)
