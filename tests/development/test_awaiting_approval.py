"""待上级党委审批 (issue 16, item 2) as a fact of the record's steps (roster_sync.awaiting_approval), not
recognised by the wording of a note (NOTE10 "From the review"): admitted by the 支部大会, not approved,
on no roster row. Editing such a person says nothing of a roster they are not on; once approved, the
roster follows the edit."""

from __future__ import annotations

from datetime import date

from branchdesk.db.models import DevRecord
from branchdesk.domain.development.records import PersonInput
from branchdesk.domain.idcard import make_id_number
from branchdesk.domain.roster.records import MemberInput
from branchdesk.domain.vocabulary import OrgKind
from branchdesk.services.development import records as dev
from branchdesk.services.development.roster_sync import awaiting_approval
from branchdesk.services.roster.organisation import create_org
from branchdesk.services.roster.records import list_members, save_member

BRANCH = "高一年级党支部"
ID = make_id_number("140202", date(1998, 4, 12), 31, True)
MOVED_IN = make_id_number("140202", date(1990, 6, 1), 41, False)


def _awaiting(db, case_id: int) -> bool:  # type: ignore[no-untyped-def]
    with db.session() as session:
        record = session.get(DevRecord, case_id)
        assert record is not None
        return awaiting_approval(session, record)


def _admitted(db, name: str, id_number: str) -> int:  # type: ignore[no-untyped-def]
    case = dev.save_person(db, PersonInput(name=name, id_number=id_number, branch=BRANCH, position="数学教师"))
    for step, day in ((1, date(2023, 3, 1)), (2, date(2023, 3, 20)), (3, date(2023, 9, 1)), (7, date(2024, 9, 10)),
                      (10, date(2024, 10, 1)), (12, date(2024, 10, 20)), (13, date(2024, 11, 1)),
                      (14, date(2024, 11, 5))):
        dev.save_step(db, case.id, dev.StepInput(step, day))
    assert not _awaiting(db, case.id)  # not admitted yet
    dev.save_step(db, case.id, dev.StepInput(15, date(2024, 12, 1), voters_expected=20, voters_present=18,
                                             votes_for=18))
    return case.id


def test_awaiting_approval_is_read_from_the_steps_and_the_roster(db) -> None:  # type: ignore[no-untyped-def]
    committee = create_org(db, "中共示范中学委员会", OrgKind.COMMITTEE)
    create_org(db, BRANCH, OrgKind.BRANCH, committee.id)
    case_id = _admitted(db, "周晓明", ID)
    assert _awaiting(db, case_id)
    _case, note = dev.save_person_noting(db, PersonInput(name="周晓明", id_number=ID, branch=BRANCH,
                                                         position="数学教研组长"), case_id)
    assert note == "" and not [m for m in list_members(db) if m.id_number == ID]  # no roster row to change
    dev.save_step(db, case_id, dev.StepInput(17, date(2024, 12, 20)))
    assert not _awaiting(db, case_id)
    dev.save_person_noting(db, PersonInput(name="周晓明", id_number=ID, branch=BRANCH, position="年级主任"), case_id)
    (member,) = [m for m in list_members(db) if m.id_number == ID]
    assert member.position == "年级主任"  # on the roster now: it follows the edit

    # already on the roster (her row came with a transfer): not awaiting, whatever the steps say
    save_member(db, MemberInput(name="王芳", id_number=MOVED_IN, branch=BRANCH, category="预备党员",
                                join_date=date(2024, 12, 1)))
    assert not _awaiting(db, _admitted(db, "王芳", MOVED_IN))
