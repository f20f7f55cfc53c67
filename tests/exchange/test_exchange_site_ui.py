"""A branch's own PC in the window (trial 9, T9-1): its 报表 page offers that branch's year-end volume
only — the PC keeps no other branch's records, so no other volume (nor a whole-school one) could be
right there. The committee's page still offers the whole school and every branch."""

from __future__ import annotations

import pytest

from branchdesk.ui.context import AppContext
from branchdesk.ui.reports.reports_page import ReportsPage

pytestmark = pytest.mark.usefixtures("message_boxes")  # no box may block a test


def _scopes(qtbot, db) -> list[str]:  # type: ignore[no-untyped-def]
    page = ReportsPage(AppContext(db))
    qtbot.addWidget(page)
    page.year.setValue(2026)
    page.refresh()
    qtbot.waitUntil(lambda: bool(page.drafts), timeout=60_000)
    return [page.scope.itemText(i) for i in range(page.scope.count())]


def test_the_reports_page_of_a_branch_pc_offers_its_branch_only(qtbot, joined) -> None:  # type: ignore[no-untyped-def]
    committee, branch = joined
    assert _scopes(qtbot, branch) == ["第一党支部"]
    scopes = _scopes(qtbot, committee)
    assert scopes[0].startswith("全校") and scopes[1:] == ["第一党支部", "第二党支部"]


def _select(panel, name: str) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QTreeWidgetItemIterator

    iterator = QTreeWidgetItemIterator(panel.tree)
    while iterator.value():
        item = iterator.value()
        if item.text(0) == name:
            panel.tree.setCurrentItem(item)
            return
        iterator += 1
    raise AssertionError(name)


def _enabled(panel) -> tuple[bool, bool, bool, bool]:  # type: ignore[no-untyped-def]
    return (panel.add_button.isEnabled(), panel.rename_button.isEnabled(), panel.remove_button.isEnabled(),
            panel.dates.isEnabled())


def test_the_organisation_tree_of_a_branch_pc_is_read_only(qtbot, joined) -> None:  # type: ignore[no-untyped-def]
    """T9-17: on a branch's own PC 新建下级 / 重命名 / 删除 / 成立与撤销日期 are greyed out for the
    committee's tree, with the reason; the branch's own 党小组 stay open."""
    from branchdesk.ui.roster.org_panel import OrgPanel

    committee, branch = joined
    panel = OrgPanel(AppContext(branch))
    qtbot.addWidget(panel)
    panel.refresh()
    _select(panel, "第一党支部")
    assert _enabled(panel) == (True, False, False, False)  # a 党小组 may be added under its own branch
    assert "由党委维护" in panel.rename_button.toolTip() and not panel.tree_note.isHidden()
    _select(panel, "第二党支部")
    assert _enabled(panel) == (False, False, False, False)
    _select(panel, "第一党小组")
    current = panel.tree.currentItem()
    parent = current.parent() if current is not None else None
    assert parent is not None and parent.text(0) == "第一党支部"
    assert _enabled(panel)[1:3] == (True, True)
    on_committee = OrgPanel(AppContext(committee))
    qtbot.addWidget(on_committee)
    on_committee.refresh()
    _select(on_committee, "第二党支部")
    assert _enabled(on_committee) == (True, True, True, True) and on_committee.tree_note.isHidden()
