"""A branch that reported once but has sent nothing since long before the volume's year end (review 13-4,
F3): what it sent is counted, its records after that 上报 are not here — its later months would read as
meetings not held. The 上报情况 line says when its last 上报 was (services/exchange/kept.last_reports), on
the 党委's PC only. And the cover's 记录起始 line names no branch that never reported (F5): it gives no start."""

from __future__ import annotations

from datetime import date

import pytest

from tests.annual_report.unreported_school import written_on
from tests.exchange.exchange_helpers import add_branch_site, join_branch, make_committee, send

BRANCHES = {"第一党支部": 4, "第二党支部": 3, "第三党支部": 3, "第四党支部": 3}
WRITTEN = {"第一党支部": "2027-01-05 09:00:00", "第二党支部": "2027-01-06 10:00:00", "第三党支部": "2026-06-30 16:20:00"}
LATE = "第三党支部最近一次上报于 2026-06-30，其后的记录未计入"


@pytest.fixture(scope="module")
def school(tmp_path_factory):  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("last")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("BRANCHDESK_HOME", str(folder / "home"))
        from branchdesk.db import cipher

        patch.setattr(cipher, "MEMORY_KIB", 1024)
        patch.setattr(cipher, "ITERATIONS", 1)
        patch.setattr(cipher, "LANES", 1)
        committee = make_committee(folder / "党委.sqlite", BRANCHES)
        own = {}
        for name, written in WRITTEN.items():
            branch = join_branch(committee, name, folder)
            assert send(branch, committee, folder).ok
            written_on(committee, name, written)
            own[name] = branch
        add_branch_site(committee, "第四党支部", folder)  # never sent
        from branchdesk.services.annual_report.records import gather_report

        try:
            school = gather_report(committee, 2026, generated_on=date(2027, 1, 10))
            alone = gather_report(committee, 2026, branch="第三党支部", generated_on=date(2027, 1, 10))
            at_branch = gather_report(own["第三党支部"], 2026, generated_on=date(2027, 1, 10))
        finally:
            committee.close()
            for db in own.values():
                db.close()
    return {"school": school, "alone": alone, "at_branch": at_branch}


def test_the_last_reports_are_read_from_the_exchange_log(school) -> None:  # type: ignore[no-untyped-def]
    assert school["school"].last_reported == {"第三党支部": date(2026, 6, 30)}
    assert school["at_branch"].last_reported == {}


def test_the_reported_line_says_when_a_branch_last_reported(school) -> None:  # type: ignore[no-untyped-def]
    words = school["school"].reported_words()
    assert words.startswith("4个党支部中3个已上报，第四党支部未上报，其数据未计入")
    assert words.endswith(LATE)
    assert "第一党支部" not in words and "第二党支部" not in words
    line = next(value for label, value, _ in school["school"].key_figures() if label == "上报情况")
    assert LATE in str(line)
    assert school["alone"].reported_words() == LATE
    assert school["at_branch"].reported_words() == ""  # a branch's own PC: its own records are all there


def test_the_records_start_line_names_no_unreported_branch(school) -> None:  # type: ignore[no-untyped-def]
    assert not any("第四党支部" in line for line in school["school"].meetings.records_from)
