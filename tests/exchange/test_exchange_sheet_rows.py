"""A record's own rows as a package brings them (writing.Writer.children): the rows added go in as
bulk inserts, the rows changed are changed in place, the rows gone are deleted — the sheet is the
package's, and 修改记录 has a line for each, naming the package."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import select

from branchdesk.db.engine import Database
from branchdesk.db.models import ChangeLog, Meeting, MeetingAttendance, MeetingKindLink, Member
from tests.exchange.exchange_helpers import org_id, send


def _sheet(db: Database) -> list[tuple[str, str, str, str, int]]:
    with db.session() as s:
        return [(row.gid, row.name, row.status, row.reason, row.position) for row in s.scalars(
            select(MeetingAttendance).order_by(MeetingAttendance.position, MeetingAttendance.id))]


def test_a_sheet_changed_at_the_committee_arrives_whole(joined, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    committee, branch = joined
    with committee.session() as s:
        meeting = Meeting(branch_id=org_id(committee, "第一党支部"), meeting_date=date(2026, 3, 5), topic="专题学习",
                          start_time="15:00", end_time="17:00")
        s.add(meeting)
        s.flush()
        s.add(MeetingKindLink(meeting_id=meeting.id, kind="主题党日"))
        people = s.scalars(select(Member).where(Member.branch_id == meeting.branch_id).order_by(Member.id)).all()
        for position, person in enumerate(people[:3]):
            s.add(MeetingAttendance(meeting_id=meeting.id, member_id=person.id, name=person.name, category="正式党员",
                                    status="出席", reason="", position=position))
    first = send(committee, branch, tmp_path, to="第一党支部")
    assert first.ok and first.counts == {"meetings": 1}, first.to_text()
    assert [row[1:] for row in _sheet(branch)] == [(p.name, "出席", "", i) for i, p in enumerate(people[:3])]
    with committee.session() as s:  # 2nd marked 请假, 3rd taken off the sheet, 4th added
        rows = s.scalars(select(MeetingAttendance).order_by(MeetingAttendance.position)).all()
        rows[1].status, rows[1].reason = "请假", "外出培训"
        s.delete(rows[2])
        s.add(MeetingAttendance(meeting_id=rows[0].meeting_id, member_id=people[3].id, name=people[3].name,
                                category="正式党员", status="出席", reason="", position=3))
    with branch.session() as s:
        before = s.scalar(select(ChangeLog.id).order_by(ChangeLog.id.desc()).limit(1))
    second = send(committee, branch, tmp_path, to="第一党支部")
    assert second.ok and second.counts == {"meetings": 1}, second.to_text()
    assert _sheet(branch) == _sheet(committee)
    assert [row[1:4] for row in _sheet(branch)] == [
        (people[0].name, "出席", ""), (people[1].name, "请假", "外出培训"), (people[3].name, "出席", "")]
    with branch.session() as s:
        added = s.scalars(select(MeetingAttendance.id).where(MeetingAttendance.name == people[3].name)).one()
        lines = s.scalars(select(ChangeLog).where(ChangeLog.table_name == "meeting_attendance", ChangeLog.id > before)
                          .order_by(ChangeLog.id)).all()
        last = [(line.action, line.field, line.record_id) for line in lines]
        assert ("insert", "", str(added)) in last
        assert ("update", "status", str(s.scalars(select(MeetingAttendance.id).where(
            MeetingAttendance.name == people[1].name)).one())) in last
        assert sum(action == "delete" for action, _f, _r in last) == 1
        assert all("下发数据包" in line.os_user for line in lines)
