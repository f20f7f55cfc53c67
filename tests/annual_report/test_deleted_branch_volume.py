"""A 党支部 deleted (回收站) by an older version — before 删除 of a branch with history was refused
(trial 9, T9-4) — still holds its year: the sittings it held, the members who were in it. The calendar,
the 学时, the 党费 book and the year-end volume read it as a branch with a 撤销日期 at its deletion day
would read (its sittings counted, nothing due after it), instead of dropping it: in trial 9 the 汇总 read
支部党员大会 0/8 where the same year with a 撤销日期 read 4/8, while the per-month table still counted
the sittings; here 3/8 read 0/4. The deleted state is built directly (deleted_at set), as the older
version left it."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime

from branchdesk.db.models import Member, Organisation
from branchdesk.domain.meetings.records import MeetingKind
from branchdesk.domain.meetings.sitting import MeetingInput
from branchdesk.services.annual_report.records import gather_report
from branchdesk.services.meetings.calendar import calendars
from branchdesk.services.meetings.records import default_attendees, finalise_meeting, save_meeting
from branchdesk.services.roster.membership import move_branch
from tests.meetings.helpers import OTHER, make_branch

K = MeetingKind
MERGED = date(2026, 11, 20)
DAY = date(2026, 12, 4)


def _merged_branch(db) -> int:  # type: ignore[no-untyped-def]
    """退休教师党支部 holds a 支部党员大会 each quarter (without times: its members' 学时 cannot be known)
    and a 主题党日 each month to October; its one member moves to 高一年级党支部 on 2026-11-20."""
    from sqlalchemy import select

    school = make_branch(db)
    other = school.other_id
    for month in range(1, 11):
        kinds = (K.THEME_DAY, K.CONGRESS) if month in (3, 6, 9) else (K.THEME_DAY,)
        day = date(2026, month, 10)
        data = MeetingInput(branch_id=other, kinds=kinds, date=day, place="党员活动室", topic=f"{month}月主题党日",
                            content="学习并讨论。", host="老党员", recorder="老党员",
                            attendees=default_attendees(db, other, day, kinds))
        finalise_meeting(db, save_meeting(db, data).record.id)
    with db.session() as session:
        member = session.scalar(select(Member.id).where(Member.name == "老党员"))
    move_branch(db, member, school.id, MERGED, "支部合并")
    return other


def _volume(db) -> dict[str, object]:  # type: ignore[no-untyped-def]
    """Every section of the volume and its 年度工作总结 drafts, as plain data."""
    data = gather_report(db, 2026, generated_on=DAY)
    parts = ("basic", "meetings", "development", "mentoring", "rectification", "dues")
    return {**{part: dataclasses.asdict(getattr(data, part)) for part in parts}, "summaries": data.summaries}


def _figures(db) -> dict[str, object]:  # type: ignore[no-untyped-def]
    data = gather_report(db, 2026, generated_on=DAY)
    figures = {label: value for label, value, _kind in data.key_figures()}
    wanted = [f"{k}（已开/应开）" for k in (K.CONGRESS, K.THEME_DAY)]
    wanted += ["各项会议未按规定召开（期）", "学习学时达标党员（达标/党员）", "学习学时未达标党员", "学习学时无法判断党员"]
    [hours] = [r for r in data.meetings.member_hours if r.name == "老党员"]
    return {**{label: figures[label] for label in wanted}, "老党员": (hours.status, hours.known)}


def _other_calendar(db, other: int) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    [calendar] = [c for c in calendars(db, year=2026, as_of=DAY) if c.branch == OTHER]
    cells = [c for c in calendar.cells if c.rule.kind == K.CONGRESS and c.state != "不适用"]
    return sum(c.held for c in cells), len(cells)


def test_a_branch_deleted_by_an_older_version_reads_as_dissolved_on_its_deletion_day(db) -> None:  # type: ignore[no-untyped-def]
    other = _merged_branch(db)
    with db.session() as session:  # first as a 撤销日期 at the merge records it: the figures to keep
        session.get(Organisation, other).dissolved_on = MERGED
    dissolved, whole = _figures(db), _volume(db)
    dissolved_calendar = _other_calendar(db, other)
    with db.session() as session:  # then as an older version left it: no 撤销日期, in the 回收站 that day
        org = session.get(Organisation, other)
        org.dissolved_on, org.deleted_at = None, datetime(2026, 11, 20, 16, 30)
    assert _figures(db) == dissolved
    assert _volume(db) == whole  # every section alike: its members' 党费 months, its row of 各支部党员 …
    assert _other_calendar(db, other) == dissolved_calendar == (3, 4)
    assert dissolved["老党员"] == ("无法判断", 0.0)  # sittings without times: not "未达标"


def test_a_branch_deleted_later_than_its_last_member_left_reads_to_the_move(db) -> None:  # type: ignore[no-untyped-def]
    """Deleted on 2026-12-01, its one member gone on 2026-11-20: nothing falls due after the members
    left (as a branch emptied by 支部调整 reads), so it reads as the branch dissolved on the merge day."""
    other = _merged_branch(db)
    with db.session() as session:
        session.get(Organisation, other).dissolved_on = MERGED
    dissolved = _figures(db)
    with db.session() as session:
        org = session.get(Organisation, other)
        org.dissolved_on, org.deleted_at = None, datetime(2026, 12, 1, 9, 0)
    assert _figures(db) == dissolved


def test_an_empty_branch_deleted_stays_out_and_a_later_year_does_not_list_the_deleted_one(db) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.domain.vocabulary import OrgKind
    from branchdesk.services.roster.organisation import create_org, delete_org

    other = _merged_branch(db)
    with db.session() as session:
        top = session.get(Organisation, other).parent_id
        session.get(Organisation, other).deleted_at = datetime(2026, 11, 20, 16, 30)
    empty = create_org(db, "临时党支部", OrgKind.BRANCH, top)
    delete_org(db, empty.id)
    names = {c.branch for c in calendars(db, year=2026, as_of=DAY)}
    assert OTHER in names and "临时党支部" not in names
    assert OTHER not in {c.branch for c in calendars(db, year=2027, as_of=date(2027, 3, 1))}
