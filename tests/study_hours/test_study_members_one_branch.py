"""Re-trial K: 孙老师's school has one 党支部, and the 学习学时 tab opens on 全部党支部. The 参加人员 list then opened with
nobody ticked; she pressed Space on the two members who were absent — which ticked them — and one Enter gave the
8 学时 to the two who were away and nothing to the 14 who came. A school with one branch is that branch: the
list opens with everyone on the day's roster ticked, as it does when the branch is chosen."""

from __future__ import annotations

from datetime import date

from branchdesk.domain.idcard import make_id_number
from branchdesk.domain.roster.records import MemberInput
from branchdesk.domain.vocabulary import OrgKind
from branchdesk.services.roster.organisation import create_org
from branchdesk.services.roster.records import save_member
from branchdesk.ui.context import AppContext
from branchdesk.ui.meetings.study_dialog import StudyRecordDialog

DAY = date(2026, 7, 10)


def test_a_one_branch_school_opened_on_every_branch_ticks_everyone(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    top = create_org(db, "中共青山学校委员会", OrgKind.COMMITTEE)
    create_org(db, "第二党支部", OrgKind.BRANCH, top.id)
    for index, name in enumerate(("周建华", "杜鹏", "何伟", "孙丽"), start=1):
        save_member(db, MemberInput(name=name, id_number=make_id_number("140202", date(1980, 1, index), index, male=True),
                                    branch="第二党支部", category="正式党员", join_date=date(2005, 7, 1),
                                    full_date=date(2006, 7, 1)))
    dialog = StudyRecordDialog(AppContext(db), None, None)  # the tab on 全部党支部
    qtbot.addWidget(dialog)
    dialog.day.set_value(DAY)
    assert dialog.members is not None
    dialog.members.follow(DAY)
    listed = dialog.members.list.count()
    assert listed == 4 and len(dialog.members.member_ids()) == listed
