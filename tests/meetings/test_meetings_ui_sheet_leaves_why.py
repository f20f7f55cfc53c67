"""Review 13-1, R1-7: when only the date changes, the note under the sign-in sheet tells apart why a member
left it, typed as a person types — not on the branch's roster that day at all ("不在当日的花名册中": not yet
joined, or gone), not on the 支部委员会 (a 支委会), not in the 党小组 (a 党小组会 of a chosen group). A 党小组会
with no 党小组 chosen lists the whole branch: who leaves it is off the roster, not "not in the group".

高一年级党支部 (tests.meetings.helpers): 语文党小组 … 郑预备; 数学党小组 … 吴预备; the two 预备党员 joined
on 2026-01-10."""

from __future__ import annotations

from datetime import date

import pytest

from branchdesk.domain.meetings.records import MeetingKind
from branchdesk.services.meetings.records import prefill
from tests.meetings.helpers import make_branch
from tests.meetings.test_meetings_ui_sheet_follows import _group_meeting, _new_dialog, _sheet, _type_date

pytestmark = pytest.mark.usefixtures("message_boxes")


def test_a_member_not_yet_joined_is_said_to_be_off_the_days_roster(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    """A 党小组会 of 语文党小组 moved to 2025-12-10: 郑预备 joined on 2026-01-10 — she is on no roster that day."""
    branch = make_branch(db)
    _group_meeting(db, branch, "语文党小组", date(2026, 2, 10))
    dialog = _new_dialog(qtbot, db, prefill(db, MeetingKind.GROUP.value, branch_id=branch.id, on=date(2026, 2, 20)))
    assert dialog.group.currentText() == "语文党小组" and "郑预备" in _sheet(dialog)
    _type_date(dialog, "2025.12.10")
    qtbot.waitUntil(lambda: "郑预备" not in _sheet(dialog), timeout=5_000)
    note = dialog.sheet_note.text()
    assert "郑预备不在当日的花名册中，已移出" in note, note
    assert "党小组" not in note, note


def test_a_group_meeting_with_no_group_chosen_says_the_roster(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    """（全部党小组）: the sheet is the whole branch; the two who had not joined leave it as off the roster."""
    branch = make_branch(db)
    dialog = _new_dialog(qtbot, db, prefill(db, MeetingKind.GROUP.value, branch_id=branch.id, on=date(2026, 6, 30)))
    assert len(_sheet(dialog)) == 9
    _type_date(dialog, "2025.12.10")
    qtbot.waitUntil(lambda: len(_sheet(dialog)) == 7, timeout=5_000)
    note = dialog.sheet_note.text()
    assert "不在当日的花名册中，已移出" in note and "郑预备" in note and "吴预备" in note, note
    assert "本党小组" not in note, note


def test_a_committee_member_not_yet_joined_and_one_whose_term_ended_are_told_apart(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    """A 支委会: 赵一's term ended (still on the roster: "不是当日的支部委员"); 吴预备, put on the committee
    from her joining, is on no roster on a day before it ("不在当日的花名册中")."""
    from branchdesk.services.roster.organisation import assign_post

    branch = make_branch(db)
    assign_post(db, branch.id, branch.members["赵一"], "纪检委员", date(2024, 9, 1), date(2025, 12, 31))
    assign_post(db, branch.id, branch.members["吴预备"], "青年委员", date(2025, 9, 1), None)
    dialog = _new_dialog(qtbot, db, prefill(db, MeetingKind.COMMITTEE.value, branch_id=branch.id,
                                            on=date(2025, 12, 20)))
    assert "赵一" in _sheet(dialog)
    _type_date(dialog, "2026.1.20")
    qtbot.waitUntil(lambda: "吴预备" in _sheet(dialog), timeout=5_000)
    _type_date(dialog, "2025.12.20")
    qtbot.waitUntil(lambda: "吴预备" not in _sheet(dialog), timeout=5_000)
    note = dialog.sheet_note.text()
    assert "吴预备不在当日的花名册中，已移出" in note, note
    assert "支部委员" not in note, note
