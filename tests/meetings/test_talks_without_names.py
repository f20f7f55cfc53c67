"""谈心谈话 kept in a ledger without who took part ("书记与胡婷婷谈心谈话", counts at most): the talks are
recorded, but the pairs they covered are not known. A new user's import of two such rows was reported
as "未登记任何谈心谈话", with coverage 0 in the volume, and the import compared the talk's 应到 2 with the
whole roster ("与当日花名册的 0 人不符")."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from branchdesk.domain.findings import Severity
from branchdesk.domain.meetings.talks import Person, talk_coverage, talk_findings
from branchdesk.services.meetings.checks import meeting_findings
from branchdesk.services.meetings.excel import import_meetings
from branchdesk.services.records_start import set_records_start
from tests.safety_helpers import add_branch, add_member
from tests.xlsx_factory import make_workbook

PEOPLE = [Person(1, "书记", True, secretary=True), Person(2, "委员", True), Person(3, "党员甲", False)]


def test_talks_without_names_make_the_coverage_unknown_not_missing() -> None:
    coverage = talk_coverage(PEOPLE, [], unnamed=2)
    assert not coverage.known
    findings = talk_findings("第一党支部", coverage, 2026, date(2027, 1, 10))
    assert len(findings) == 1 and findings[0].severity is Severity.WARNING  # not a 问题: nothing is known missing
    assert "登记了 2 次谈心谈话，但没有写明谈话双方" in findings[0].message
    assert "未登记任何" not in findings[0].message
    assert talk_findings("第一党支部", talk_coverage(PEOPLE, [[1, 2], [1, 3], [2, 3]], unnamed=1), 2026,
                         date(2027, 1, 10)) == []  # everyone covered by the named ones: nothing to say


def test_an_imported_talk_ledger_says_what_it_cannot_tell(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    branch = add_branch(db, "第二党支部")
    for index in range(9):
        add_member(db, branch, index, name=f"党员{index}")
    set_records_start(db, date(2026, 1, 1))
    ledger = make_workbook(tmp_path / "谈心谈话.xlsx", [
        "序号", "日期", "会议类型", "所在党支部", "主题", "主持人", "记录人", "应到人数", "实到人数", "主要内容"], [
        [1, "2026.6.10", "谈心谈话", "第二党支部", "书记与党员1谈心谈话", "党员0", "党员1", 2, 2, "谈工作和思想"],
        [2, "2026.6.11", "谈心谈话", "第二党支部", "书记与党员2谈心谈话", "党员0", "党员2", None, None, "谈工作"]])
    report = import_meetings(db, ledger)
    assert report.ok, report.to_text()
    text = report.to_text()
    assert "花名册" not in text  # a talk's 应到 is who talked, not the branch's roster
    assert "第 2、3 行的谈心谈话没有写明谈话双方" in text
    talks = [f for f in meeting_findings(db, year=2026, as_of=date(2026, 12, 20)) if f.rule == "MTG-YEARLY-TALKS"]
    assert [f.severity for f in talks] == [Severity.WARNING]
    assert "登记了 2 次谈心谈话" in talks[0].message
