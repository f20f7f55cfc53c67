"""TR-5 (trial R, 12-05): the volume's 已开/应开 counted December, still in progress, as due — "主题党日 11/12期" read as one
missed when none was. A period not yet over is not due (domain/meetings/rules.period_over, as the check's 进行中): the
volume reads "11/11期（另有12月进行中）", for monthly and quarterly kinds alike, in the 汇总 (PDF and workbook), the
chapters and the 三会一课 table."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl

from branchdesk.domain.annual_report.chapters import chapters
from branchdesk.domain.annual_report.tables import gaps_table, meetings_table
from branchdesk.domain.meetings.sitting import MeetingInput
from branchdesk.services.annual_report.records import gather_report, generate_report
from branchdesk.services.meetings.records import finalise_meeting, save_meeting
from branchdesk.services.records_start import set_records_start
from tests.safety_helpers import add_branch, add_member

DAY = date(2026, 12, 5)


def _held(db, branch: int, kinds: tuple[str, ...], day: date) -> None:  # type: ignore[no-untyped-def]
    saved = save_meeting(db, MeetingInput(branch_id=branch, kinds=kinds, date=day, topic=f"{day.month}月{kinds[0]}",
                                          host="党员0", recorder="党员1", content="学习研讨", lecturer="党员0"))
    finalise_meeting(db, saved.record.id)


def _branch(db) -> int:  # type: ignore[no-untyped-def]
    branch = add_branch(db, "第一党支部")
    for index in range(5):
        add_member(db, branch, index, name=f"党员{index}")
    set_records_start(db, date(2026, 1, 1))
    for month in range(1, 12):  # every month due held; December's on the 15th, not yet
        _held(db, branch, ("主题党日",), date(2026, month, 10))
    for month in (2, 5, 8):  # every quarter due held; the fourth in progress
        _held(db, branch, ("支部党员大会",), date(2026, month, 20))
    _held(db, branch, ("支部党员大会",), date(2026, 8, 25))  # two in one quarter: the sittings apart
    return branch


def test_the_period_in_progress_is_not_due(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _branch(db)
    data = gather_report(db, 2026, generated_on=DAY)
    assert data.held_required("主题党日") == "11/11期（另有12月进行中）"
    assert data.held_required("支部党员大会") == "3/3期（4次；另有第四季度进行中）"
    assert data.held_required("组织生活会") == "本年度进行中"
    figures = {label: value for label, value, _kind in data.key_figures()}
    assert figures["主题党日（已开/应开）"] == "11/11期（另有12月进行中）"
    assert figures["各项会议未按规定召开（期）"] == 3  # 党课 of the three quarters over; nothing in progress
    boxes = dict(next(c for c in chapters(data) if c.key == "theme").figures)
    assert boxes["主题党日（已开/应开）"] == "11/11期（另有12月进行中）"
    table = meetings_table(data)
    theme = next(r for r in table.rows if r[1] == "主题党日")
    titles = [c.title for c in table.columns]
    assert (theme[titles.index("达标期数")], theme[titles.index("适用期数")]) == (11, 11)
    assert "达标期数、适用期数只计截至2026-12-05已结束或已召开的期间" in table.note and "12月" in table.note
    gaps = {(r[1], r[2]): r for r in gaps_table(data).rows}  # rev5: nothing to explain for a month not over
    assert gaps[("主题党日", "2026年12月")][6:] == ["进行中", "（尚未到期）"]
    out = tmp_path / "台账.xlsx"
    generate_report(db, 2026, "xlsx", out, generated_on=DAY)
    cells = {r[0]: r[1] for r in openpyxl.load_workbook(out)["汇总"].iter_rows(values_only=True) if r[0]}
    assert cells["主题党日（已开/应开）"] == "11/11期（另有12月进行中）"


def test_after_the_year_every_period_is_due(db) -> None:  # type: ignore[no-untyped-def]
    _branch(db)
    data = gather_report(db, 2026, generated_on=date(2027, 1, 20))
    assert data.held_required("主题党日") == "11/12期"
    assert data.held_required("支部党员大会") == "3/4期（4次）"


def test_a_period_in_progress_met_already_is_counted(db) -> None:  # type: ignore[no-untyped-def]
    """rev5: a period in progress whose sitting is held is met — nothing of it is still to come. The volume read
    "3/3期（另有第四季度进行中，已开）" for four quarters held (林老师's hand count: 4/4 季度), and "本年度进行中，已开" for
    a 组织生活会 held; it reads "4/4期", "1/1期"; only what is still to be held is said apart."""
    branch = _branch(db)
    _held(db, branch, ("支部党员大会",), date(2026, 11, 20))  # the fourth quarter's, held
    _held(db, branch, ("组织生活会",), date(2026, 11, 30))
    _held(db, branch, ("主题党日",), date(2026, 12, 3))  # December's, early
    data = gather_report(db, 2026, generated_on=DAY)
    assert data.held_required("支部党员大会") == "4/4期（5次）"
    assert data.held_required("组织生活会") == "1/1期"
    assert data.held_required("主题党日") == "12/12期"
    assert data.held_required("民主评议党员") == "本年度进行中"  # not held yet: still said apart
    table = meetings_table(data)
    assert "期间；第四季度、本年度尚在进行中" in table.note  # 党课 (none held) and 民主评议党员: 12月 met


def test_both_notes_when_nothing_is_due_yet(db) -> None:  # type: ignore[no-untyped-def]
    """rev5, the merge of vol3 item 5 and TR-5: a committee formed on 1 December, the volume made on 12-05 — no period
    of 支委会 due, December in progress — read "12月进行中" and left out the 11 支委会 of January–November (said
    "另有11次在不要求召开的月份" once the year is over). Both are said."""
    from sqlalchemy import select

    from branchdesk.db.models import CommitteePost
    from tests.annual_report.test_committee_from_september import _committee
    from tests.meetings.helpers import BRANCH, make_branch

    made = make_branch(db)
    with db.session() as s:
        for post in s.scalars(select(CommitteePost).where(CommitteePost.org_id == made.id)):
            post.term_start = date(2026, 12, 1)
        s.commit()
    for month in range(1, 12):
        _committee(db, made.id, date(2026, month, 1))
    pair = gather_report(db, 2026, branch=BRANCH, generated_on=DAY).held_required("支部委员会", BRANCH)
    assert pair == "12月进行中（另有11次在不要求召开的月份）", pair
    after = gather_report(db, 2026, branch=BRANCH, generated_on=date(2027, 1, 10)).held_required("支部委员会", BRANCH)
    assert after == "0/1期（另有11次在不要求召开的月份）", after


def _lines(para, width: float) -> list[str]:  # type: ignore[no-untyped-def]
    """The lines a figure cell is laid out in at its column's width (the Table's padding, 6 each side, off)."""
    para.wrap(width - 12, 1000)
    found = []
    for line in para.blPara.lines:
        words = line[1] if isinstance(line, tuple) else [w.text for w in line.words]
        found.append("".join(str(w) for w in words))
    return found


def test_the_pdf_figure_cell_keeps_the_pair_on_its_line(db) -> None:  # type: ignore[no-untyped-def]
    """rev5: in the PDF's 年度主要数据 the value "11/11期（另有12月进行中）" wrapped as "11/11期（另有12" / "月进行中）" (and the
    longer ones over three lines, "3/3期（另有第四" / "季度进行中，已" / "开）"): the pair is on its line, the words under it."""
    from reportlab.platypus import Table

    from branchdesk.paths import cjk_font_file, resources_folder
    from branchdesk.reports.annual_pdf import volume_story
    from branchdesk.reports.annual_pdf_style import Heading, register_fonts

    _branch(db)
    data = gather_report(db, 2026, generated_on=DAY)
    hei, song = register_fonts(cjk_font_file(), resources_folder() / "fonts" / "uming.ttc")
    story = volume_story(data, hei, song).story
    start = next(i for i, f in enumerate(story) if isinstance(f, Heading) and "年度主要数据" in f.toc_text)
    grid = next(f for f in story[start:] if isinstance(f, Table))
    cells = {}
    for row in grid._cellvalues:
        for i in (0, 2):
            label = "".join(_lines(row[i], grid._argW[i]))
            cells[label] = _lines(row[i + 1], grid._argW[i + 1])
    assert cells["主题党日（已开/应开）"] == ["11/11期", "（另有12月进行中）"]
    assert cells["支部党员大会（已开/应开）"] == ["3/3期", "（4次；", "另有第四季度进行中）"]
    assert cells["党员总数"] == ["5"]


def test_a_long_value_on_the_right_does_not_squeeze_the_left() -> None:
    """rev5: a branch's volume prints 整改措施 "本支部0项（上级党组织整改台账另有11项）" beside 主题党日: shared in proportion
    to their needs, the left column broke "（另有12月进行" / "中）"; the one that needs less has what it needs."""
    from branchdesk.paths import cjk_font_file, resources_folder
    from branchdesk.reports.annual_pdf import _figure_cell, _figure_widths
    from branchdesk.reports.annual_pdf_style import make_styles, register_fonts

    style = make_styles(*register_fonts(cjk_font_file(), resources_folder() / "fonts" / "uming.ttc"))["figure"]
    rows = [["主题党日（已开/应开）", "11/11期（另有12月进行中）", "整改措施", "本支部0项（上级党组织整改台账另有11项）"],
            ["发展党员：取消预备党员资格", "0", "学习学时达标党员（达标/党员）", "35/38"]]
    widths = _figure_widths(rows, style)
    assert _lines(_figure_cell(rows[0][1], style, widths[1], note=True), widths[1]) == ["11/11期", "（另有12月进行中）"]
    assert _lines(_figure_cell(rows[1][0], style, widths[0], note=False), widths[0]) == ["发展党员：取消预备党员资格"]
