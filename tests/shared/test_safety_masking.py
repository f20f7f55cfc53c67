"""Full ID and phone numbers in 修改记录 and the edit-conflict message (issue 21 item 8): masked there
as everywhere (domain.md §8), shown in full only when 显示完整 is ticked, as in the roster."""

from __future__ import annotations

from datetime import date

import pytest

from branchdesk.domain.roster.records import MemberInput
from branchdesk.services import recycle_bin
from branchdesk.services.errors import ConflictError
from branchdesk.services.history import record_history
from branchdesk.services.roster.records import get_member, save_member
from tests.safety_helpers import add_branch

ID_NUMBER = "11010519491231002X"
OTHER_ID = "110105194912310038"
PHONE = "13812345678"


def _member(db) -> int:  # type: ignore[no-untyped-def]
    add_branch(db)
    data = MemberInput(name="王芳", id_number=ID_NUMBER, branch="第一党支部", category="正式党员",
                       join_date=date(1975, 7, 1), phone=PHONE)
    return save_member(db, data).id


def _every_text(entries) -> str:  # type: ignore[no-untyped-def]
    return "\n".join(f"{e.field} {e.old} {e.new}" for e in entries)


def test_history_masks_id_and_phone_unless_asked(db) -> None:  # type: ignore[no-untyped-def]
    member_id = _member(db)
    record = get_member(db, member_id)
    changed = record.to_input()
    changed.phone, changed.id_number, changed.sex = "13987654321", OTHER_ID, "男"
    save_member(db, changed, member_id, record.version)
    recycle_bin.move_to_bin(db, "members", member_id)
    recycle_bin.restore(db, "members", member_id)

    masked = _every_text(record_history(db, "members", member_id))
    for full in (ID_NUMBER, OTHER_ID, PHONE, "13987654321"):
        assert full not in masked
    assert "110105********002X" in masked and "138****5678" in masked and "139****4321" in masked
    shown = _every_text(record_history(db, "members", member_id, masked=False))
    assert ID_NUMBER in shown and OTHER_ID in shown and PHONE in shown


def test_a_permanently_deleted_record_keeps_its_snapshot_masked(db) -> None:  # type: ignore[no-untyped-def]
    member_id = _member(db)
    recycle_bin.move_to_bin(db, "members", member_id)
    recycle_bin.empty(db, [("members", member_id)], confirm=True)
    entries = record_history(db, "members", member_id)
    deleted = next(e for e in entries if e.action == "永久删除")
    assert ID_NUMBER not in deleted.old and PHONE not in deleted.old
    # deleted for good: the numbers are cleared, not only masked (db/redaction.py)
    assert "公民身份号码：〈已清除〉" in deleted.old and "联系电话：〈已清除〉" in deleted.old


def test_the_conflict_message_masks_what_the_other_user_saved(db) -> None:  # type: ignore[no-untyped-def]
    member_id = _member(db)
    opened = get_member(db, member_id)
    theirs = opened.to_input()
    theirs.phone, theirs.id_number, theirs.sex = "13987654321", OTHER_ID, "男"
    save_member(db, theirs, member_id, opened.version)
    mine = opened.to_input()
    mine.note = "我的修改"
    with pytest.raises(ConflictError) as caught:
        save_member(db, mine, member_id, opened.version)
    message = str(caught.value)
    assert "联系电话" in message and "公民身份号码" in message
    for full in (ID_NUMBER, OTHER_ID, PHONE, "13987654321"):
        assert full not in message
    assert "139****4321" in message and "110105********0038" in message


def test_the_history_dialog_has_the_roster_toggle(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.ui.context import AppContext
    from branchdesk.ui.settings.history_dialog import HistoryDialog

    member_id = _member(db)
    dialog = HistoryDialog(AppContext(db), "members", member_id, "王芳 的修改记录")
    qtbot.addWidget(dialog)

    def cells() -> str:
        model = dialog.model
        return "\n".join(str(model.index(r, c).data()) for r in range(model.rowCount()) for c in range(model.columnCount()))

    assert ID_NUMBER not in cells() and "110105********002X" in cells() and PHONE not in cells()
    assert dialog.reveal.text() == "显示完整身份证号和电话" and not dialog.reveal.isChecked()
    dialog.reveal.click()
    assert ID_NUMBER in cells() and PHONE in cells()
    dialog.reveal.click()
    assert ID_NUMBER not in cells()
