"""`branchdesk member`: a dated 支部调整, 离开本单位 and 党纪处分 from the command line (issue 16)."""

from __future__ import annotations

import contextlib
import io
from datetime import date
from pathlib import Path

from branchdesk.cli.main import main
from branchdesk.services import session
from branchdesk.services.meetings.records import default_attendees
from branchdesk.services.roster.membership import list_discipline
from branchdesk.services.roster.records import list_members
from tests.meetings.helpers import BRANCH, OTHER, make_branch


def _run(argv: list[str]) -> tuple[int, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(argv)
    return code, out.getvalue()


def test_member_records_a_move_a_departure_and_discipline(tmp_path: Path) -> None:
    path = tmp_path / "台账.sqlite"
    db = session.open(path)
    branch = make_branch(db)
    db.close()
    code, text = _run(["member", "move", "--name", "赵一", "--to", OTHER, "--on", "2026-05-01", "--db", str(path)])
    assert code == 0 and "2026-05-01 调整到" in text
    code, text = _run(["member", "left-unit", "--name", "钱二", "--on", "2026-09-01", "--where", "县实验小学",
                       "--db", str(path)])
    assert code == 0 and "离开本单位" in text
    code, text = _run(["member", "discipline", "--name", "孙三", "--kind", "留党察看", "--on", "2025-03-01",
                       "--until", "2026-03-01", "--db", str(path)])
    assert code == 0 and "留党察看" in text
    code, text = _run(["member", "transfer-in", "--name", "周四", "--on", "2026-02-01", "--where", "县第一中学党支部",
                       "--db", str(path)])
    assert code == 0 and "县第一中学党支部" in text
    assert _run(["member", "transfer-in", "--name", "周四", "--on", "2026-02-01", "--db", str(path)])[0] == 2
    assert _run(["member", "move", "--name", "无此人", "--to", OTHER, "--on", "2026-05-01", "--db", str(path)])[0] == 1
    db = session.open(path)
    try:
        zhao = next(m.id for m in list_members(db) if m.name == "赵一")
        assert zhao in {a.member_id for a in default_attendees(db, branch.id, date(2026, 4, 30), ("主题党日",))}
        assert zhao not in {a.member_id for a in default_attendees(db, branch.id, date(2026, 5, 1), ("主题党日",))}
        sun = next(m.id for m in list_members(db) if m.name == "孙三")
        assert [(d.kind, d.ends_on) for d in list_discipline(db, sun)] == [("留党察看", date(2026, 3, 1))]
    finally:
        db.close()


def test_member_undo_move_takes_back_the_latest_move(tmp_path: Path) -> None:
    path = tmp_path / "台账.sqlite"
    db = session.open(path)
    make_branch(db)
    db.close()
    assert _run(["member", "undo-move", "--name", "赵一", "--db", str(path)]) == (1, "这名党员没有可撤销的支部调整\n")
    assert _run(["member", "move", "--name", "赵一", "--to", OTHER, "--db", str(path)])[0] == 2  # no date
    assert _run(["member", "move", "--name", "赵一", "--to", OTHER, "--on", "2026-05-01", "--db", str(path)])[0] == 0
    code, text = _run(["member", "undo-move", "--name", "赵一", "--db", str(path)])
    assert code == 0 and text == f"已撤销 2026-05-01 调整到“{OTHER}”的记录；党员回到“{BRANCH}”。\n"
    db = session.open(path)
    try:
        assert {m.name: m.branch for m in list_members(db)}["赵一"] == BRANCH
    finally:
        db.close()
