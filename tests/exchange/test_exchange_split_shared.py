"""A record the 党委 sends to every branch (a 党委-wide record) that carries files goes to each branch
once, whatever another branch's 下发 is split into (services/exchange/package_size.py). A split writes
the records with files of its later packages with a local sequence of their own (state.restamp), so
that the branch's confirmation leaves them for the next 下发 — but that sequence is one for every
peer: restamped, a 党委-wide record looked changed to every other branch, and its files went down
again in each branch's next 下发 (review12-1 F6). Such records now go in the first package of a
split, where the sequence they have is the one the first package's confirmation covers.

No table's records with files are 党委-wide today; the test makes the 整改台账 one (its scope, as
`__exchange_scope__ = "*"` would), the shape such a table would have."""

from __future__ import annotations

import dataclasses
import json
import os
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from branchdesk.db.engine import Database
from branchdesk.db.models import Organisation, RectEvidence, RectLedger, RectMeasure, RectProblem
from branchdesk.db.stored_file import MB
from branchdesk.domain.exchange import scope
from branchdesk.domain.meetings.sitting import MeetingInput
from branchdesk.services.exchange import envelope
from branchdesk.services.exchange import records as exchange
from branchdesk.services.exchange.envelope import PACKAGE_MAGIC, open_package, parse
from branchdesk.services.exchange.state import load_site
from branchdesk.services.exchange.tables import registry
from branchdesk.services.meetings import records as meetings
from tests.exchange.exchange_helpers import export, join_branch, org_id, send

PHOTO = 300 * 1024
CAP = int(1.8 * MB)


def _committee_ledger_with_evidence(committee: Database) -> None:
    with committee.session() as s:
        top = s.scalars(select(Organisation).where(Organisation.kind == "党委")).one()
        ledger = RectLedger(title="2026年巡察反馈问题整改台账", source="巡察反馈", org_id=top.id)
        s.add(ledger)
        s.flush()
        problem = RectProblem(ledger_id=ledger.id, description="理论学习不深入")
        s.add(problem)
        s.flush()
        measure = RectMeasure(ledger_id=ledger.id, problem_id=problem.id, text="制定学习计划")
        s.add(measure)
        s.flush()
        content = os.urandom(400 * 1024)
        s.add(RectEvidence(measure_id=measure.id, name="整改报告", filename="整改报告.pdf", size=len(content),
                           content=content))


def _sittings_with_photos(committee: Database, folder: Path) -> None:
    branch_id = org_id(committee, "第一党支部")
    for day in (date(2026, 9, 20), date(2026, 10, 20)):
        attendees = meetings.default_attendees(committee, branch_id, day, ("主题党日",))
        data = MeetingInput(branch_id=branch_id, kinds=("主题党日",), date=day, topic=f"{day.month}月主题党日",
                            place="会议室", host="书记", recorder="组织委员", content="学习讨论", attendees=attendees)
        meeting_id = meetings.save_meeting(committee, data).record.id
        for n in range(1, 4):
            photo = folder / f"IMG_{day:%m%d}_{n}.jpg"
            photo.write_bytes(os.urandom(PHOTO))
            meetings.add_attachment_file(committee, meeting_id, photo)


def _tables_in(committee: Database, branch: Database, path: Path) -> list[str]:
    with branch.engine.connect() as connection:
        keys = load_site(connection).keys  # type: ignore[union-attr]
    payload = json.loads(open_package(parse(path.read_bytes(), PACKAGE_MAGIC), keys.box_private))
    return sorted(unit["t"] for unit in payload["units"])


def test_a_committee_wide_record_s_files_go_once_to_each_branch(joined: Any, tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    committee, first = joined
    second = join_branch(committee, "第二党支部", tmp_path)
    try:
        assert send(second, committee, tmp_path).ok
        monkeypatch.setitem(registry(), "rect_ledgers", dataclasses.replace(registry()["rect_ledgers"], scope=scope.SHARED))
        _committee_ledger_with_evidence(committee)
        # 第二党支部 receives the 整改台账 and its 佐证材料, and confirms them
        down = exchange.import_package(second, export(committee, tmp_path, "第二党支部"))
        assert down.ok, down.to_text()
        with second.session() as s:
            assert len(s.scalars(select(RectEvidence.id)).all()) == 1
        assert send(second, committee, tmp_path).ok
        # 第一党支部's 下发 — the 整改台账 and the sittings the 党委 recorded for it, with photos — is split
        _sittings_with_photos(committee, tmp_path)
        monkeypatch.setattr(envelope, "MAX_PAYLOAD", CAP)
        out = tmp_path / "第一党支部下发"
        out.mkdir()
        split = exchange.export_package(committee, out, to="第一党支部")
        assert split.parts == 2, split.to_text()
        for path in split.files:
            assert exchange.import_package(first, path).ok
        with first.session() as s:
            assert len(s.scalars(select(RectEvidence.id)).all()) == 1
        # 第二党支部's next 下发 does not carry the 佐证材料 again (nor anything of the 整改台账)
        again = export(committee, tmp_path, "第二党支部")
        assert "rect_evidence" not in _tables_in(committee, second, again)
        # and 第一党支部, having confirmed both packages, is not sent it again either
        assert send(first, committee, tmp_path).ok
        assert "rect_evidence" not in _tables_in(committee, first, export(committee, tmp_path, "第一党支部"))
    finally:
        second.close()
