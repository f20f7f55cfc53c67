"""A 定稿 sitting dated after the volume's cut-off is not counted (domain/meetings/happened.py), and the note
under the 三会一课 table says so — but the month's cell showed 0 as if nothing were recorded there. The cell
of that branch, kind and month now says a sitting was left out, in the wording of the note."""

from __future__ import annotations

from datetime import date

from branchdesk.domain.annual_report.tables import meetings_table
from branchdesk.domain.meetings.records import MeetingKind
from branchdesk.domain.meetings.sitting import MeetingInput
from branchdesk.services.annual_report.records import gather_report
from branchdesk.services.meetings.records import default_attendees, finalise_meeting, save_meeting
from tests.meetings.helpers import BRANCH, make_branch

K = MeetingKind
CUT_OFF = date(2025, 12, 5)
MARK = "0（另有1次在12月5日之后，未计入）"


def _congress(db, branch_id: int, day: date) -> None:  # type: ignore[no-untyped-def]
    sheet = default_attendees(db, branch_id, day, (K.CONGRESS,))
    saved = save_meeting(db, MeetingInput(branch_id=branch_id, kinds=(K.CONGRESS,), date=day, start_time="15:30",
                                          end_time="17:00", place="党员活动室", topic=f"{day:%m}月党员大会",
                                          host="王书记", recorder="张宣传", content="学习党章，讨论本季度工作。",
                                          attendees=sheet))
    finalise_meeting(db, saved.record.id)


def test_the_month_of_a_sitting_left_out_says_so(db) -> None:  # type: ignore[no-untyped-def]
    branch = make_branch(db)
    for day in (date(2025, 3, 10), date(2025, 6, 10), date(2025, 9, 10), date(2025, 12, 25)):
        _congress(db, branch.id, day)
    data = gather_report(db, 2025, generated_on=CUT_OFF)
    table = meetings_table(data)
    months = next(r[2:14] for r in table.rows if r[0] == BRANCH and r[1] == K.CONGRESS.value)
    assert months[11] == MARK, months
    assert months[:11] == [0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0]
    # the other kinds' December is not marked: the sitting is a 支部党员大会 only
    others = [r[13] for r in table.rows if r[0] == BRANCH and r[1] != K.CONGRESS.value]
    assert not any("未计入" in str(v) for v in others)
    assert "另有1次已定稿的会议日期在2025年12月5日之后，未计入。" in table.note
    # made after the day, the volume counts it and marks nothing
    later = meetings_table(gather_report(db, 2025, generated_on=date(2026, 1, 10)))
    assert next(r[13] for r in later.rows if r[0] == BRANCH and r[1] == K.CONGRESS.value) == 1


def test_many_marked_months_do_not_break_the_figures_in_the_pdf(db) -> None:  # type: ignore[no-untyped-def]
    # review rev1 F6: six months marked made their columns as wide as the words; the table fell back to shares of
    # the frame and the figures broke inside their cells — 出勤率 "100%" drawn "10" over "0%", 不适用 over two lines
    from branchdesk.paths import cjk_font_file, resources_folder
    from branchdesk.reports.annual_pdf_style import WIDE_W, ledger_flowable, make_styles, register_fonts

    branch = make_branch(db)
    for day in (date(2025, 3, 10), date(2025, 6, 10), *(date(2025, month, 10) for month in range(7, 13))):
        _congress(db, branch.id, day)
    table = meetings_table(gather_report(db, 2025, generated_on=date(2025, 7, 1)))
    assert sum("未计入" in str(v) for r in table.rows for v in r[2:14]) == 6
    styles = make_styles(*register_fonts(cjk_font_file(), resources_folder() / "fonts" / "uming.ttc"))
    layouts: list = []  # type: ignore[type-arg]
    assert ledger_flowable(table, styles, frame=WIDE_W, layouts=layouts, relax=True) is not None
    [layout] = layouts
    titles = layout.columns
    for original, drawn in zip(layout.originals, layout.rows, strict=True):
        for title, value, lines in zip(titles, original, drawn, strict=True):
            if title not in ("党支部", "会议类型") and "未计入" not in value:
                assert lines == [value], (title, value, lines)  # a figure on one line, as written
