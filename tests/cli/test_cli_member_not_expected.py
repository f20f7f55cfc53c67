"""`branchdesk member not-expected`: 不计入应到会 with approval from the command line (VOTE-WHO, TD-5),
the same service as the member page; refused without the approval; listed and corrected by number."""

from __future__ import annotations

import contextlib
import io
from datetime import date
from pathlib import Path

from branchdesk.cli.main import main
from branchdesk.services import session
from branchdesk.services.meetings.records import default_attendees
from branchdesk.services.roster.not_expected import list_not_expected
from branchdesk.services.roster.records import list_members
from tests.meetings.helpers import make_branch


def _run(argv: list[str]) -> tuple[int, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(argv)
    return code, out.getvalue()


def test_not_expected_from_the_command_line(tmp_path: Path) -> None:
    path = tmp_path / "台账.sqlite"
    db = session.open(path)
    branch = make_branch(db)
    db.close()
    db_args = ["--db", str(path)]
    code, text = _run(["member", "not-expected", "--name", "孙三", "--on", "2026-03-01",
                       "--why", "因病等无法表达本人意志", *db_args])
    assert code == 1 and "批准日期" in text and "批准人/组织" in text  # only with approval
    code, text = _run(["member", "not-expected", "--name", "孙三", "--on", "2026-03-01", "--why", "因病等无法表达本人意志",
                       "--reason", "长期卧床", "--approved-on", "2026-02-20", "--approved-by", "党支部委员会", *db_args])
    assert code == 0 and "2026-03-01 起长期不计入应到会" in text
    assert _run(["member", "move", "--name", "孙三", "--on", "2026-03-01", "--approved-by", "x", *db_args])[0] == 2
    code, text = _run(["member", "list", "--name", "孙三", *db_args])
    number = int(text.split()[0].lstrip("#"))
    assert "因病等无法表达本人意志（长期卧床）；2026-02-20 党支部委员会批准" in text
    code, text = _run(["member", "not-expected", "--name", "孙三", "--record", str(number), "--until", "2026-06-30",
                       *db_args])
    assert code == 0 and "至 2026-06-30" in text
    db = session.open(path)
    try:
        sun = next(m.id for m in list_members(db) if m.name == "孙三")
        assert [s.ends_on for s in list_not_expected(db, sun)] == [date(2026, 6, 30)]
        statuses = {d: {a.member_id: a.status for a in default_attendees(db, branch.id, d)}[sun]
                    for d in (date(2026, 4, 1), date(2026, 7, 1))}
        assert statuses == {date(2026, 4, 1): "不计入应到", date(2026, 7, 1): "出席"}
    finally:
        db.close()
