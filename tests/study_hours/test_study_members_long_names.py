"""参加人员 at 1366×768 (seen on the demo): the list's items were all the size of the first name, so a longer one — a
four-character name, "阿依古丽" — was cut to "阿…". Every name is shown whole."""

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


def test_a_long_name_is_not_cut(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    top = create_org(db, "中共青山学校委员会", OrgKind.COMMITTEE)
    branch = create_org(db, "第二党支部", OrgKind.BRANCH, top.id)
    for index, name in enumerate(("邵凡", "沈艺", "阿依古丽·买买提", "乔秀颖"), start=1):
        save_member(db, MemberInput(name=name, id_number=make_id_number("140202", date(1980, 1, index), index, male=True),
                                    branch="第二党支部", category="正式党员", join_date=date(2005, 7, 1),
                                    full_date=date(2006, 7, 1)))
    dialog = StudyRecordDialog(AppContext(db), None, branch.id)
    qtbot.addWidget(dialog)
    dialog.resize(520, 430)
    dialog.show()
    dialog.day.set_value(DAY)
    assert dialog.members is not None
    dialog.members.follow(DAY)
    names = dialog.members.list
    qtbot.waitUntil(lambda: names.count() == 4)
    metrics = names.fontMetrics()
    cut = [names.item(row).text() for row in range(names.count())
           if names.visualItemRect(names.item(row)).width() < metrics.horizontalAdvance(names.item(row).text())]
    assert cut == []
