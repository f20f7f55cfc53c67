"""The member form dates a move between 党小组 (TY-5) as it dates a 支部调整: choosing another 党小组 for
a member on the roster asks for the 调整日期, saves nothing without it, and saves the move on the day
typed, so the old group's earlier sign-in sheets keep her. Typed as a person types (pytest-qt, offscreen)."""

from __future__ import annotations

from datetime import date

import pytest

from branchdesk.domain.meetings.records import MeetingKind as K
from branchdesk.services.meetings.records import default_attendees
from branchdesk.services.roster.organisation import list_orgs
from branchdesk.services.roster.records import get_member, list_moves
from branchdesk.ui.context import AppContext
from branchdesk.ui.roster.member_dialog import MemberDialog
from tests.meetings.helpers import make_branch
from tests.ui_typing import type_date

pytestmark = pytest.mark.usefixtures("message_boxes")  # no box may block a test


def test_a_group_change_in_the_form_asks_for_its_date(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    branch = make_branch(db)
    zhao = branch.members["赵一"]  # 数学党小组
    refs = list_orgs(db)
    form = MemberDialog(AppContext(db), [r for r in refs if r.kind == "党支部"], [r for r in refs if r.kind == "党小组"],
                        get_member(db, zhao))
    qtbot.addWidget(form)
    assert form.group_date.isHidden()  # nothing to date while the group stays
    form.group.setCurrentText("语文党小组")
    assert not form.group_date.isHidden()
    form.save()
    assert form.saved is None and "调整日期" in form.errors["党小组"].text()  # not dated today behind her back
    type_date(form.group_date, "2026.7.1")
    form.save()
    assert form.saved is not None and form.saved.group == "语文党小组"
    assert [(kind, on) for kind, on, _w, _r in list_moves(db, zhao)] == [("党小组调整", date(2026, 7, 1))]
    sheet = {a.member_id for a in default_attendees(db, branch.id, date(2026, 6, 30), (K.GROUP,),
                                                    group_id=branch.group_ids["数学党小组"])}
    assert zhao in sheet
