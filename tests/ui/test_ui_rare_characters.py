"""Rare characters (生僻字) in the window: a 责任人 王䶮 on 首页 showed "王▯" — the program's face,
WenQuanYi Micro Hei, has no 䶮, and a PC without a CJK system font has nothing to fall back on. The
bundled AR PL UMing (the PDF's body face) has it: the window's font names it after WenQuanYi, so Qt
draws such a character in it. Checked on the glyphs Qt lays out for the text (glyph 0 is the empty
box), as 首页's list draws it. 𠮷 is in neither bundled face: it is left to the system's fonts."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QFont, QTextLayout
from PySide6.QtWidgets import QApplication

from branchdesk.services.rectification import records as rect
from branchdesk.ui.context import AppContext
from branchdesk.ui.home_page import HomePage

pytestmark = pytest.mark.usefixtures("message_boxes")


def glyphs(text: str, font: QFont) -> list[tuple[str, list[int]]]:
    """The faces Qt draws `text` in, each with its glyph numbers (0: the face has no glyph)."""
    layout = QTextLayout(text, font)
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    return [(run.rawFont().familyName(), list(run.glyphIndexes())) for run in layout.glyphRuns()]


def test_the_window_font_draws_rare_characters(program_look) -> None:  # type: ignore[no-untyped-def]
    font = QApplication.font()
    drawn = glyphs("王䶮 彧才党支部 王刏", font)
    assert all(0 not in numbers for _face, numbers in drawn), drawn
    assert {face for face, _ in drawn} == {"WenQuanYi Micro Hei", "AR PL UMing CN"}  # 䶮 in UMing, the rest as before
    assert [face for face, _ in glyphs("王刏 彧才党支部", font)] == ["WenQuanYi Micro Hei"]


def test_home_shows_a_rare_name_without_a_box(program_look, qtbot, demo_db) -> None:  # type: ignore[no-untyped-def]
    from datetime import date

    from branchdesk.domain.rectification.editing import MeasureInput
    from branchdesk.domain.rectification.figures import is_overdue
    from branchdesk.services.rectification.figures import all_ledger_figures, open_ledger

    ledger = all_ledger_figures(demo_db)[0].ledger
    late = next(m for m in open_ledger(demo_db, ledger.id).measures if is_overdue(m, date.today()))
    rect.update_measure(demo_db, late.id, MeasureInput(text=late.text, leader=late.leader, person="王䶮",
                                                       deadline=late.deadline, deadline_note=late.deadline_note),
                        late.version)
    page = HomePage(AppContext(demo_db))
    qtbot.addWidget(page)
    page.show()
    with qtbot.waitSignal(page.loaded, timeout=60_000):
        page.refresh()
    texts = [str(page.model.index(r, c).data() or "") for r in range(page.model.rowCount())
             for c in range(page.model.columnCount())]
    shown = next(t for t in texts if "王䶮" in t)
    drawn = glyphs(shown, page.view.font())
    assert all(0 not in numbers for _face, numbers in drawn), drawn
