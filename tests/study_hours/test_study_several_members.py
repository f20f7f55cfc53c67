"""One training for the whole branch, entered once (trial K, TK-10; domain.md §8 "data is entered once"):
the 暑期党员集中轮训 of 10 July, 8 学时, written for every member ticked in one service call — one
学习培训记录 each, in one transaction, each with its change history; one member who cannot have it
refuses the whole save, naming him, and nothing is written."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from branchdesk.db.models import ChangeLog
from branchdesk.domain.study_hours.records import StudyInput
from branchdesk.services.errors import ValidationFailed
from branchdesk.services.roster.records import list_members
from branchdesk.services.study_hours.batch import roster_on, save_study_records
from branchdesk.services.study_hours.records import list_study_records, save_study_record
from tests.meetings.helpers import make_branch

TODAY = date(2026, 12, 5)
DAY = date(2026, 7, 10)
TRAINING = StudyInput(None, DAY, "8", "上级集中轮训", "暑期党员集中轮训", "县委教育工委")


def test_one_save_writes_one_record_per_ticked_member_each_with_its_history(db) -> None:  # type: ignore[no-untyped-def]
    branch = make_branch(db)
    roster = roster_on(db, DAY, branch.id)
    assert [p.name for p in roster] == list(branch.members)  # nine on the branch's roster that day (老党员 is not)
    ticked = [p.member_id for p in roster if p.name != "赵一"]  # 赵一 absent
    saved = save_study_records(db, TRAINING, ticked, branch_id=branch.id, today=TODAY)
    assert [r.member_id for r in saved] == ticked
    records = list_study_records(db, year=2026)
    assert sorted(r.name for r in records) == sorted(n for n in branch.members if n != "赵一")
    assert {(r.study_date, r.hours, r.form, r.title, r.organiser) for r in records} == {
        (DAY, Decimal(8), "上级集中轮训", "暑期党员集中轮训", "县委教育工委")}
    with db.session() as session:
        inserted = set(session.scalars(select(ChangeLog.record_id).where(
            ChangeLog.table_name == "study_records", ChangeLog.action == "insert")))
    assert inserted == {str(r.id) for r in saved}


def test_one_refused_member_refuses_all_and_is_named(db) -> None:  # type: ignore[no-untyped-def]
    branch = make_branch(db)
    members = branch.members
    save_study_record(db, StudyInput(members["钱二"], DAY, "8", "上级集中轮训", "暑期党员集中轮训"), today=TODAY)
    with pytest.raises(ValidationFailed) as refused:  # entered for 钱二 already: twice would count 16 学时
        save_study_records(db, TRAINING, list(members.values()), branch_id=branch.id, today=TODAY)
    assert [(e.field, e.message) for e in refused.value.errors] == [
        ("参加人员", "钱二已有 2026-07-10“暑期党员集中轮训”的学习培训记录，请勿重复登记")]
    assert [r.name for r in list_study_records(db)] == ["钱二"]  # nothing else written

    veteran = next(m.id for m in list_members(db) if m.name == "老党员")
    with pytest.raises(ValidationFailed) as refused:  # before the 预备党员 joined (2026-01-10); 老党员 of the other branch
        save_study_records(db, StudyInput(None, date(2026, 1, 5), "4", "网络培训", "新年专题网络培训"),
                           [*members.values(), veteran], branch_id=branch.id, today=TODAY)
    assert [e.message for e in refused.value.errors] == [
        "吴预备的入党日期是 2026-01-10，2026-01-05 还不在党员名册中",
        "郑预备的入党日期是 2026-01-10，2026-01-05 还不在党员名册中",
        "老党员 2026-01-05 在退休教师党支部，不在高一年级党支部"]
    assert [r.name for r in list_study_records(db)] == ["钱二"]


def test_the_training_and_the_ticks_are_checked_together(db) -> None:  # type: ignore[no-untyped-def]
    branch = make_branch(db)
    with pytest.raises(ValidationFailed) as refused:
        save_study_records(db, StudyInput(None, DAY, "0", "上级集中轮训", ""), [], branch_id=branch.id, today=TODAY)
    assert {e.field for e in refused.value.errors} == {"学时", "学习内容", "参加人员"}
    assert "请勾选参加学习培训的党员" in [e.message for e in refused.value.errors]
    assert list_study_records(db) == []
