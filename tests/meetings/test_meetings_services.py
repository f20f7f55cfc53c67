"""Meeting records on a real migrated database: attendance from the roster of the day, quorum,
定稿 with history, recycle bin, attachments in the database, prefill, plan, exemptions, talks and
the registered checker."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from branchdesk.domain.findings import Severity
from branchdesk.domain.meetings.records import Attendee, MeetingKind, check_quorum
from branchdesk.domain.meetings.sitting import MeetingInput
from branchdesk.services.checks import run_checks
from branchdesk.services.errors import RuleViolation, ValidationFailed
from branchdesk.services.meetings.calendar import (
    calendars,
    list_exemptions,
    save_exemption,
    talk_coverage_for,
)
from branchdesk.services.meetings.checks import home_todos, meeting_findings
from branchdesk.services.meetings.plan import plan_vs_held, save_plan_item
from branchdesk.services.meetings.records import (
    add_attachment,
    attachment_data,
    default_attendees,
    delete_meeting,
    finalise_meeting,
    get_meeting,
    list_meetings,
    prefill,
    restore_meeting,
    save_meeting,
)
from tests.meetings.helpers import BRANCH, make_branch

K = MeetingKind


@pytest.fixture
def branch(db):  # type: ignore[no-untyped-def]
    return make_branch(db)


def congress(db, branch, day=date(2026, 6, 30), **extra) -> MeetingInput:  # type: ignore[no-untyped-def]
    sheet = default_attendees(db, branch.id, day, (K.CONGRESS,))
    return MeetingInput(branch_id=branch.id, kinds=(K.CONGRESS, K.THEME_DAY), date=day, start_time="15:30",
                        end_time="17:00", place="党员活动室", topic="讨论预备党员转正", host="王书记", recorder="张宣传",
                        attendees=sheet, **extra)


def test_attendance_comes_from_the_roster_on_the_day(db, branch) -> None:  # type: ignore[no-untyped-def]
    before_joining = default_attendees(db, branch.id, date(2025, 12, 1), (K.CONGRESS,))
    assert len(before_joining) == 7  # the two 预备党员 joined on 2026-01-10
    after = default_attendees(db, branch.id, date(2026, 3, 1), (K.CONGRESS,))
    assert len(after) == 9 and sum(a.category == "预备党员" for a in after) == 2
    committee = default_attendees(db, branch.id, date(2026, 3, 1), (K.COMMITTEE,))
    assert {a.name for a in committee} == {"王书记", "李组织", "张宣传"}
    group = default_attendees(db, branch.id, date(2026, 3, 1), (K.GROUP,), branch.group_ids["语文党小组"])
    assert {a.name for a in group} == {"王书记", "张宣传", "钱二", "周四", "郑预备"}


def test_save_combined_meeting_with_figures_and_list(db, branch) -> None:  # type: ignore[no-untyped-def]
    data = congress(db, branch)
    data.attendees = [replace(a, status="请假", reason="外出培训") if a.name == "赵一" else a for a in data.attendees]
    data.attendees.append(Attendee("校长", "列席"))
    saved = save_meeting(db, data).record
    assert saved.kinds == (K.CONGRESS, K.THEME_DAY)
    assert (saved.expected, saved.present, saved.rate_text) == (9, 8, "89%")
    assert saved.absentee_text == "赵一（请假：外出培训）" and saved.guests == ["校长"]
    rows = list_meetings(db, year=2026, kind=K.THEME_DAY)
    assert [(r.id, r.kinds_text, r.expected, r.present) for r in rows] == [(saved.id, "支部党员大会、主题党日", 9, 8)]
    assert list_meetings(db, year=2026, kind=K.LECTURE) == []


def test_quorum_failure_is_reported_by_the_checker(db, branch) -> None:  # type: ignore[no-untyped-def]
    data = congress(db, branch, has_vote=True)
    voters_absent = {"赵一", "钱二", "孙三", "周四"}
    data.attendees = [replace(a, status="缺席") if a.name in voters_absent else a for a in data.attendees]
    data.content = "讨论并表决。"  # minutes: a record without them is not finalised
    quorum = check_quorum(data.attendees)
    assert (quorum.voters_expected, quorum.voters_present, quorum.ok) == (7, 3, False)
    saved = save_meeting(db, data).record
    found = meeting_findings(db, year=2026, as_of=date(2026, 7, 5), branch=BRANCH)
    assert [f.rule for f in found if f.rule == "VOTE-QUORUM"] == ["VOTE-QUORUM"]  # a draft's vote is judged too
    finalise_meeting(db, saved.id)
    found = meeting_findings(db, year=2026, as_of=date(2026, 7, 5), branch=BRANCH)
    assert [f.rule for f in found if f.rule == "VOTE-QUORUM"] == ["VOTE-QUORUM"]


def test_validation_errors_name_the_field(db, branch) -> None:  # type: ignore[no-untyped-def]
    bad = MeetingInput(branch_id=branch.id, kinds=(), date=None)
    with pytest.raises(ValidationFailed) as info:
        save_meeting(db, bad)
    assert {e.field for e in info.value.errors} >= {"会议类型", "日期"}
    wrong_group = MeetingInput(branch_id=branch.other_id, kinds=(K.GROUP,), date=date(2026, 3, 1),
                               group_id=branch.group_ids["语文党小组"])
    with pytest.raises(ValidationFailed, match="不属于该党支部"):
        save_meeting(db, wrong_group)


def test_finalised_record_keeps_history_of_changes_with_reason(db, branch) -> None:  # type: ignore[no-untyped-def]
    record = save_meeting(db, congress(db, branch)).record
    with pytest.raises(RuleViolation, match="会议内容"):  # a record without its minutes is not finalised
        finalise_meeting(db, record.id)
    written = record.to_input()
    written.content = "逐项讨论并表决。"
    record = save_meeting(db, written, record.id, expected_version=record.version).record
    finalised = finalise_meeting(db, record.id)
    assert finalised.finalised
    changed = finalised.to_input()
    changed.topic = "讨论吴预备同志转正"
    with pytest.raises(RuleViolation, match="修改原因"):
        save_meeting(db, changed, record.id)
    after = save_meeting(db, changed, record.id, reason="主题记错，按会议通知更正").record
    assert after.topic == "讨论吴预备同志转正"
    last = after.history[-1]
    assert (last.action, last.reason) == ("定稿后修改", "主题记错，按会议通知更正")
    assert "主题：讨论预备党员转正 → 讨论吴预备同志转正" in last.changes
    unchanged = save_meeting(db, after.to_input(), record.id).record  # no change, no reason needed
    assert len(unchanged.history) == len(after.history)
    with pytest.raises(RuleViolation, match="原因"):
        delete_meeting(db, record.id)
    delete_meeting(db, record.id, reason="重复录入")
    assert list_meetings(db) == [] and [m.id for m in list_meetings(db, deleted=True)] == [record.id]
    assert restore_meeting(db, record.id).history[-1].action == "恢复"


def test_attachments_are_kept_as_bytes(db, branch) -> None:  # type: ignore[no-untyped-def]
    record = save_meeting(db, congress(db, branch)).record
    payload = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 10
    info = add_attachment(db, record.id, "签到表.png", payload)
    assert attachment_data(db, info.id) == ("签到表.png", payload)
    assert [a.filename for a in get_meeting(db, record.id).attachments] == ["签到表.png"]
    assert list_meetings(db)[0].attachment_count == 1
    with pytest.raises(RuleViolation):
        add_attachment(db, record.id, "空.jpg", b"")


def test_prefill_from_last_record_of_the_kind(db, branch) -> None:  # type: ignore[no-untyped-def]
    empty = prefill(db, K.COMMITTEE, branch_id=branch.id, on=date(2026, 3, 5))
    assert {a.name for a in empty.attendees} == {"王书记", "李组织", "张宣传"}
    data = MeetingInput(branch_id=branch.id, kinds=(K.COMMITTEE,), date=date(2026, 3, 5), host="王书记",
                        recorder="李组织", place="会议室", start_time="16:00",
                        attendees=default_attendees(db, branch.id, date(2026, 3, 5), (K.COMMITTEE,))
                        + [Attendee("年级主任", "列席")])
    save_meeting(db, data)
    nxt = prefill(db, K.COMMITTEE, on=date(2026, 4, 3))
    assert (nxt.branch_id, nxt.host, nxt.recorder, nxt.place, nxt.start_time) == (branch.id, "王书记", "李组织", "会议室", "16:00")
    assert [a.name for a in nxt.attendees] == ["王书记", "李组织", "张宣传", "年级主任"]
    assert nxt.date == date(2026, 4, 3) and nxt.topic == "" and all(a.status in ("出席", "列席") for a in nxt.attendees)


def test_plan_beside_held_meetings(db, branch) -> None:  # type: ignore[no-untyped-def]
    save_plan_item(db, branch.id, 2026, 6, K.THEME_DAY, "过政治生日")
    save_plan_item(db, branch.id, 2026, 5, K.LECTURE, "党章学习")
    save_meeting(db, congress(db, branch))
    rows = plan_vs_held(db, branch.id, 2026)
    assert [(r.item.month, r.item.kind, len(r.held)) for r in rows] == [(5, K.LECTURE, 0), (6, K.THEME_DAY, 1)]
    with pytest.raises(RuleViolation):
        save_plan_item(db, branch.id, 2026, 13, K.THEME_DAY, "x")


def test_exemption_turns_gap_into_info_and_checker_is_registered(db, branch) -> None:  # type: ignore[no-untyped-def]
    as_of = date(2026, 9, 10)
    before = [f for f in run_checks(db, year=2026, as_of=as_of, branch=BRANCH) if f.period == "2026-07"]
    assert {(f.meeting_type, f.severity) for f in before} >= {(K.THEME_DAY, Severity.ERROR)}
    with pytest.raises(RuleViolation, match="2025-10"):
        save_exemption(db, branch.id, K.THEME_DAY, "2026-Q3", "暑假")
    save_exemption(db, branch.id, K.THEME_DAY, "2026-07", "暑假，8月合并开展")
    assert [e.reason for e in list_exemptions(db, year=2026)] == ["暑假，8月合并开展"]
    after = [f for f in meeting_findings(db, year=2026, as_of=as_of, branch=BRANCH)
             if f.period == "2026-07" and f.meeting_type == K.THEME_DAY]
    assert [(f.severity, "暑假" in f.message) for f in after] == [(Severity.INFO, True)]
    cal = calendars(db, year=2026, as_of=as_of, branch=branch.id)[0]
    assert any(c.state == "已说明" and c.period.label == "2026-07" for c in cal.cells)
    todos = home_todos(db, as_of)
    assert todos and todos[0].severity is Severity.ERROR


def test_talk_coverage_from_records(db, branch) -> None:  # type: ignore[no-untyped-def]
    ids = branch.members
    save_meeting(db, MeetingInput(branch_id=branch.id, kinds=(K.TALK,), date=date(2026, 4, 1), host="王书记",
                                  attendees=[Attendee("王书记", "出席", ids["王书记"], "正式党员"),
                                             Attendee("赵一", "出席", ids["赵一"], "正式党员")]))
    coverage = talk_coverage_for(db, branch.id, 2026, as_of=date(2026, 5, 1))
    assert coverage.has_talked(ids["王书记"], ids["赵一"]) and not coverage.has_talked(ids["李组织"], ids["赵一"])
    assert coverage.required == {"书记与委员": 2, "书记与党员": 6, "委员之间": 1, "未参加谈话": 9}
    assert coverage.missing_count == 2 + 5 + 1 + 7


def test_a_second_save_of_a_meeting_is_refused_and_shows_the_other_change(db, branch) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.services.errors import ConflictError

    saved = save_meeting(db, congress(db, branch)).record
    theirs, mine = saved.to_input(), saved.to_input()
    theirs.place = "行政楼会议室"
    save_meeting(db, theirs, saved.id, expected_version=saved.version)
    mine.topic = "我的修改"
    with pytest.raises(ConflictError) as refused:
        save_meeting(db, mine, saved.id, expected_version=saved.version)
    message = str(refused.value)
    assert "2026-06-30 的会议记录已被他人修改" in message and "“行政楼会议室”" in message
