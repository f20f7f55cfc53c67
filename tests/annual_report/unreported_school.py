"""A 党委 collecting its branches' 上报 (trial D, TD-2, TD-3): three branches joined as sites of the
数据包 exchange; 初一年级党支部 and 初二年级党支部 have sent their first 上报, 行政后勤党支部 never has
(`package status`: 等待对方首次上报). The sittings of the two that sent are in the 党委's database
(entered here as the merge leaves them): 初一 holds 支部党员大会 in every quarter, 初二 none in the
third quarter and two in the fourth — four periods each due, seven met, eight sittings."""

from __future__ import annotations

import shutil
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from branchdesk.db.engine import Database
from branchdesk.db.models import (
    ExchangePackage,
    ExchangePeer,
    Meeting,
    MeetingAttendance,
    MeetingKindLink,
    Member,
    Organisation,
)
from tests.exchange.exchange_helpers import add_branch_site, join_branch, make_committee, open_db, send

SENT = ("初一年级党支部", "初二年级党支部")
SILENT = "行政后勤党支部"
CONGRESS_DAYS = {"初一年级党支部": [date(2026, 3, 10), date(2026, 6, 10), date(2026, 9, 10), date(2026, 12, 1)],
                 "初二年级党支部": [date(2026, 3, 12), date(2026, 6, 12), date(2026, 11, 12), date(2026, 12, 2)]}


def written_on(committee: Database, branch: str, when: str) -> None:
    """The 上报 of `branch` logged at the 党委 as written at `when` ("2026-12-28 08:00:00"; the log keeps the
    sender's time): a volume's 上报情况 line says when a branch last reported (review 13-4, F3), and a test
    must not depend on the day it runs."""
    with committee.session() as s:
        gid = s.scalars(select(Organisation.gid).where(Organisation.name == branch)).one()
        sites = select(ExchangePeer.site_id).where(ExchangePeer.branch_gid == gid)
        for package in s.scalars(select(ExchangePackage).where(ExchangePackage.peer_site_id.in_(sites))):
            package.created_at = when
        s.commit()


def _sittings(db: Database) -> None:
    with db.session() as s:
        for branch, days in CONGRESS_DAYS.items():
            branch_id = s.scalars(select(Organisation.id).where(Organisation.name == branch)).one()
            members = s.scalars(select(Member).where(Member.branch_id == branch_id)).all()
            for day in days:
                meeting = Meeting(branch_id=branch_id, meeting_date=day, topic="学习党章", content="学习讨论",
                                  start_time="15:00", end_time="16:00", expected_count=len(members),
                                  present_count=len(members), finalised_at=datetime(2026, 12, 3))
                s.add(meeting)
                s.flush()
                s.add(MeetingKindLink(meeting_id=meeting.id, kind="支部党员大会"))
                for m in members:
                    s.add(MeetingAttendance(meeting_id=meeting.id, member_id=m.id, name=m.name, category=m.category,
                                            status="出席"))


def build(folder: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The 党委's database file, made under `folder`."""
    monkeypatch.setenv("BRANCHDESK_HOME", str(folder / "home"))
    from branchdesk.db import cipher

    monkeypatch.setattr(cipher, "MEMORY_KIB", 1024)
    monkeypatch.setattr(cipher, "ITERATIONS", 1)
    monkeypatch.setattr(cipher, "LANES", 1)
    committee = make_committee(folder / "党委.sqlite", {SENT[0]: 4, SENT[1]: 3, SILENT: 3})
    for name in SENT:
        branch = join_branch(committee, name, folder)
        assert send(branch, committee, folder).ok
        written_on(committee, name, "2026-12-28 08:00:00")  # the day the tests make the volume
        branch.close()
    add_branch_site(committee, SILENT, folder)  # set up, joined never: no 上报 has come from it
    _sittings(committee)
    path = committee.path
    committee.close()
    assert path is not None
    return path


def copy_of(path: Path, folder: Path) -> Database:
    target = folder / path.name
    shutil.copy(path, target)
    return open_db(target)
