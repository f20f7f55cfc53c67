"""`branchdesk member`: a dated 支部调整, 离开本单位 and 党纪处分 from the command line (issue 16)."""

from __future__ import annotations

import contextlib
import io
from datetime import date
from pathlib import Path

from branchdesk.cli.main import main
from branchdesk.domain.vocabulary import MoveKind
from branchdesk.services import session
from branchdesk.services.meetings.records import default_attendees
from branchdesk.services.roster.membership import list_branch_moves, list_discipline
from branchdesk.services.roster.records import list_members, mark_left
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


def test_member_list_and_record_correct_what_was_saved(tmp_path: Path) -> None:
    """`list` numbers each record; `--record N` corrects that one, keeping what is not given — the day a
    留党察看 ended is added when it ends; a wrong branch is not "corrected" (undo-move, then enter again)."""
    path = tmp_path / "台账.sqlite"
    db = session.open(path)
    branch = make_branch(db)
    db.close()
    assert _run(["member", "list", "--name", "孙三", "--db", str(path)]) == (
        0, "这名党员没有登记支部调整、转入、离开本单位、党纪处分或不计入应到会\n")
    assert _run(["member", "discipline", "--name", "孙三", "--kind", "留党察看", "--on", "2025-03-10",
                 "--reason", "县教育局党委", "--db", str(path)])[0] == 0
    assert _run(["member", "transfer-in", "--name", "孙三", "--on", "2026-02-01", "--where", "县第一中学党支部",
                 "--db", str(path)])[0] == 0
    code, text = _run(["member", "list", "--name", "孙三", "--db", str(path)])
    transfer_line, discipline_line = text.splitlines()  # moves first, then 党纪处分 (a line each)
    number = int(discipline_line.split()[0].lstrip("#"))
    came = int(transfer_line.split()[0].lstrip("#"))
    assert code == 0 and transfer_line == f"#{came}  2026-02-01 转入 县第一中学党支部"
    assert discipline_line == f"#{number}  党纪处分 2025-03-10 留党察看（县教育局党委）"

    code, text = _run(["member", "discipline", "--name", "孙三", "--record", str(number), "--until", "2027-03-11",
                       "--db", str(path)])
    assert code == 1 and "留党察看最长不超过二年" in text
    code, text = _run(["member", "discipline", "--name", "孙三", "--record", str(number), "--until", "2026-03-10",
                       "--db", str(path)])
    assert (code, text) == (0, "已修改：2025-03-10 留党察看（2026-03-10 恢复党员权利）。\n")
    code, text = _run(["member", "transfer-in", "--name", "孙三", "--record", str(came), "--on", "2026-01-20",
                       "--db", str(path)])
    assert (code, text) == (0, "已修改：2026-01-20 转入  县第一中学党支部。\n")
    assert _run(["member", "discipline", "--name", "赵一", "--record", str(number), "--until", "2026-03-10",
                 "--db", str(path)])[0] == 1  # another member's record is not touched

    assert _run(["member", "move", "--name", "赵一", "--to", BRANCH, "--group", "无此小组", "--on", "2026-05-01",
                 "--db", str(path)]) == (1, f"“{BRANCH}”下没有名为“无此小组”的党小组\n")
    code, text = _run(["member", "move", "--name", "吴预备", "--to", OTHER, "--on", "2026-05-01", "--db", str(path)])
    assert code == 0
    code, text = _run(["member", "move", "--name", "吴预备", "--to", BRANCH, "--group", "数学党小组",
                       "--on", "2026-06-01", "--reason", "任教调整", "--db", str(path)])
    assert (code, text) == (0, f"已记录 2026-06-01 调整到“{BRANCH}”“数学党小组”；此前的签到表、表决和谈心谈话仍按原支部计。\n")
    moves = [line for line in _run(["member", "list", "--name", "吴预备", "--db", str(path)])[1].splitlines()]
    latest = int(moves[-1].split()[0].lstrip("#"))
    assert _run(["member", "move", "--name", "吴预备", "--record", str(latest), "--to", OTHER,
                 "--db", str(path)])[0] == 2
    code, text = _run(["member", "move", "--name", "吴预备", "--record", str(latest), "--on", "2026-05-20",
                       "--db", str(path)])
    assert (code, text) == (0, f"已修改：2026-05-20 调整到“{BRANCH}”。\n")

    db = session.open(path)
    try:
        sun = next(m.id for m in list_members(db) if m.name == "孙三")
        assert [(d.kind, d.decided_on, d.ends_on, d.reason) for d in list_discipline(db, sun)] == [
            ("留党察看", date(2025, 3, 10), date(2026, 3, 10), "县教育局党委")]
        wu = next(m for m in list_members(db) if m.name == "吴预备")
        assert (wu.branch_id, wu.group) == (branch.id, "数学党小组")
        assert [(m.on, m.reason) for m in list_branch_moves(db, wu.id)][-1] == (date(2026, 5, 20), "任教调整")
    finally:
        db.close()


def test_member_reaches_a_member_who_left_and_refuses_what_it_would_ignore(tmp_path: Path) -> None:
    path = tmp_path / "台账.sqlite"
    db = session.open(path)
    make_branch(db)
    qian = next(m.id for m in list_members(db) if m.name == "钱二")
    db.close()
    assert _run(["member", "left-unit", "--name", "钱二", "--on", "2026-07-10", "--where", "县实验小学",
                 "--db", str(path)])[0] == 0
    db = session.open(path)
    try:
        mark_left(db, qian, MoveKind.TRANSFER_OUT, date(2026, 9, 1), "县实验小学党支部")
    finally:
        db.close()
    code, text = _run(["member", "list", "--name", "钱二", "--db", str(path)])  # no longer on the roster
    left_line, out_line = text.splitlines()
    assert code == 0 and out_line.endswith("2026-09-01 转出 县实验小学党支部")
    left = left_line.split()[0].lstrip("#")
    assert _run(["member", "left-unit", "--id", str(qian), "--record", left, "--on", "2026-09-02", "--db", str(path)]) == (
        1, "离开日期不能晚于钱二转出的日期 2026-09-01\n")
    assert _run(["member", "left-unit", "--id", str(qian), "--record", left, "--on", "2026-07-08", "--db", str(path)]) == (
        0, "已修改：2026-07-08 离开本单位  县实验小学。\n")

    assert _run(["member", "list", "--db", str(path)]) == (2, "请用 --name 或 --id 指定党员\n")
    assert _run(["member", "list", "--id", "999", "--db", str(path)]) == (1, "没有编号为 999 的党员\n")
    assert _run(["member", "left-unit", "--id", str(qian), "--record", left, "--db", str(path)]) == (
        2, "没有要修改的内容：请给出要改的项（--on、--where、--reason）\n")
    assert _run(["member", "discipline", "--name", "孙三", "--kind", "警告", "--on", "2026-01-05", "--to", OTHER,
                 "--where", "某地", "--db", str(path)]) == (2, "discipline 不用 --to、--where\n")
    assert _run(["member", "transfer-in", "--name", "周四", "--on", "2026-02-01", "--where", "  ",
                 "--db", str(path)]) == (1, "转自：请写明组织关系从哪个党组织转来（介绍信上的党组织）\n")


def test_member_discipline_no_until_clears_the_end(tmp_path: Path) -> None:
    path = tmp_path / "台账.sqlite"
    db = session.open(path)
    make_branch(db)
    db.close()
    assert _run(["member", "discipline", "--name", "孙三", "--kind", "留党察看", "--on", "2025-03-10",
                 "--until", "2026-03-10", "--db", str(path)])[0] == 0
    number = _run(["member", "list", "--name", "孙三", "--db", str(path)])[1].split()[0].lstrip("#")
    assert _run(["member", "discipline", "--name", "孙三", "--record", number, "--until", "2026-03-10", "--no-until",
                 "--db", str(path)]) == (2, "--until 和 --no-until 只能用一个\n")
    assert _run(["member", "discipline", "--name", "孙三", "--record", number, "--no-until", "--db", str(path)]) == (
        0, "已修改：2025-03-10 留党察看。\n")
