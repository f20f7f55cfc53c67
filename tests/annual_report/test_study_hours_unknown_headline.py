"""Trial L, TL-14: her ledgers never had 起止时间, so no member's 学习学时 can be judged (MTG-STUDY-HOURS). The
volume headed its figures "学习学时达标党员（达标/党员） 0/26" and "未达标 0" with "无法判断 26" beside them: an
inspector reads "nobody met 32 学时". Unknown is not 0 — with every member unknown the headline says
无法判断（26人）; with some unknown the count stands, the 无法判断 line beside it."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from branchdesk.domain.annual_report.chapters import chapters
from branchdesk.domain.annual_report.meetings_section import StudyRow
from branchdesk.services.annual_report.records import gather_report
from tests.safety_helpers import add_branch, add_member


def _volume(db, study: list[StudyRow]):  # type: ignore[no-untyped-def]
    branch = add_branch(db, "第二党支部")
    for index in range(3):
        add_member(db, branch, index)
    data = gather_report(db, 2026, generated_on=date(2026, 12, 5))
    data.meetings = replace(data.meetings, study=study)
    figures = {label: value for label, value, _kind in data.key_figures()}
    box = dict(next(c for c in chapters(data) if c.key == "education").figures)
    return figures, box


def test_all_unknown_is_not_shown_as_none_met(db) -> None:  # type: ignore[no-untyped-def]
    figures, box = _volume(db, [StudyRow("第二党支部", 26, 0, 238.0, unknown=26)])
    assert figures["学习学时达标党员（达标/党员）"] == "无法判断（26人）"
    assert figures["学习学时未达标党员"] == "无法判断"
    assert figures["学习学时无法判断党员"] == 26
    assert box["学习学时达标党员"] == "无法判断（26人）" and box["未达标党员"] == "无法判断"
    assert "0/26" not in repr(figures) + repr(box)


def test_some_unknown_keeps_the_count_with_the_unknown_beside_it(db) -> None:  # type: ignore[no-untyped-def]
    figures, box = _volume(db, [StudyRow("第二党支部", 26, 20, 900.0, unknown=4)])
    assert figures["学习学时达标党员（达标/党员）"] == "20/26" and figures["学习学时无法判断党员"] == 4
    assert figures["学习学时未达标党员"] == 2
    assert box["学习学时达标党员"] == "20/26" and box["未达标党员"] == "2" and box["无法判断的党员"] == "4"


def test_all_known_is_unchanged(db) -> None:  # type: ignore[no-untyped-def]
    figures, box = _volume(db, [StudyRow("第二党支部", 26, 24, 900.0)])
    assert figures["学习学时达标党员（达标/党员）"] == "24/26" and figures["学习学时未达标党员"] == 2
    assert box["学习学时达标党员"] == "24/26"
