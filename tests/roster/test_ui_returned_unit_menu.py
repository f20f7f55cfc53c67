"""回到本单位… is on the 组织与党员 page's 更多 menu beside 离开本单位…, not only inside the 离开本单位 form
(forms3 left it there): a secretary whose 导师 came back after 支教 finds it where she recorded his leaving.
The date is typed as a person types it; the return is stored and he may be a 导师 again."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from branchdesk.domain.vocabulary import MoveKind
from branchdesk.services.roster.member_events import list_unit_moves
from branchdesk.services.roster.membership import mark_left_unit
from branchdesk.ui.roster.transfer_dialog import TransferDialog
from tests.ui_typing import type_text

pytestmark = pytest.mark.usefixtures("message_boxes")  # no box may block a test


def test_the_more_menu_records_a_return(page, monkeypatch, demo_db, keyboard) -> None:  # type: ignore[no-untyped-def]
    row = next(r for r in range(page.proxy.rowCount()) if page.proxy.record_at(r).category == "正式党员")
    member = page.proxy.record_at(row)
    mark_left_unit(demo_db, member.id, date(2026, 3, 2), "县实验小学")
    page.refresh()
    row = next(r for r in range(page.proxy.rowCount()) if page.proxy.record_at(r).id == member.id)
    page.table.selectRow(row)
    opened: list[TransferDialog] = []

    def exec_(dialog: TransferDialog) -> int:
        opened.append(dialog)
        dialog.show()
        dialog.on.edit.setFocus()
        type_text(dialog.on.edit, "2026年9月1日")
        QTest.keyClick(dialog.on.edit, Qt.Key.Key_Tab)  # on to 回自, left empty (可不填)
        QTest.keyClick(dialog.where, Qt.Key.Key_Return)  # Enter saves the form
        return dialog.result()

    monkeypatch.setattr(TransferDialog, "exec", exec_)
    page.buttons["回到本单位…"].trigger()
    assert [d.kind for d in opened] == [MoveKind.RETURNED_UNIT]
    kinds = [(m.kind, m.on) for m in list_unit_moves(demo_db, member.id, frozenset({MoveKind.RETURNED_UNIT.value}))]
    assert kinds == [(MoveKind.RETURNED_UNIT.value, date(2026, 9, 1))]
