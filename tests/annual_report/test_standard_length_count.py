"""Re-trial R2, N-3: her volume said "有 43 次会议未填起止时间，按本校设置的标准时长计算学时" while none of her 61 meetings
had its times — 43 is the count of sittings whose 学时 came from the standard length (支委会 carry no 学时, those with
only a headcount have no known attendees). The sentence now says what is counted."""

from __future__ import annotations

from types import SimpleNamespace

from branchdesk.domain.annual_report.meetings_section import StudyRow
from branchdesk.domain.annual_report.tables import study_table


def test_the_note_counts_the_sittings_whose_hours_came_from_the_standard_length() -> None:
    row = StudyRow("第一党支部", 38, 35, 1200.0, unknown=3, estimated=set(range(43)))
    d = SimpleNamespace(meetings=SimpleNamespace(study=[row], member_hours=[]), unreported=[])
    note = study_table(d).note  # type: ignore[arg-type]
    assert "有 43 次会议未填起止时间" not in note
    assert "计入学时的会议中，有 43 次未填起止时间，其学时按本校设置的标准时长计算" in note
