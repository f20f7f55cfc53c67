"""Personal data in error texts (domain.md §8): a write SQLite refuses (a USB drive pulled out, a
disk error) raised SQLAlchemy's error, whose text holds the statement *and its values* — the new
联系电话 or 公民身份号码 of the member being saved. That text reached the window's message, the
command line's output and the traceback printed for support. The values are never in the text; the
message says what the disk did in Chinese, with SQLite's own words (not the SQL) as the detail."""

from __future__ import annotations

import traceback
from datetime import date
from pathlib import Path

import pytest

from branchdesk.domain.roster.records import MemberInput
from branchdesk.services import session
from branchdesk.services.roster.records import get_member, save_member
from branchdesk.services.storage.backups import storage_problem
from tests.safety_helpers import add_branch

ID_NUMBER = "11010519491231002X"
NEW_ID = "110105194912310038"
PHONE = "13812345678"
NEW_PHONE = "13987654321"


def _failing_write(db_path: Path, message: str):  # type: ignore[no-untyped-def]
    """A database with one member whose next write fails inside SQLite with `message`."""
    database = session.open(db_path)
    add_branch(database)
    member = save_member(database, MemberInput(name="王芳", id_number=ID_NUMBER, branch="第一党支部",
                                               category="正式党员", join_date=date(1975, 7, 1), phone=PHONE))
    with database.session() as s:
        for when in ("UPDATE", "INSERT"):
            s.connection().exec_driver_sql(
                f"CREATE TRIGGER fail_{when.lower()} BEFORE {when} ON members BEGIN SELECT RAISE(ABORT, '{message}'); END")
    return database, member


def _every_text(exc: BaseException) -> str:
    return str(exc) + "\n" + "".join(traceback.format_exception(exc))


@pytest.mark.parametrize("message", ["disk I/O error", "unable to open database file", "constraint failed"])
def test_a_refused_save_names_neither_phone_nor_id_number(db_path: Path, message: str) -> None:
    database, member = _failing_write(db_path, message)
    try:
        record = get_member(database, member.id)
        changed = record.to_input()
        changed.phone = NEW_PHONE
        with pytest.raises(Exception) as caught:  # noqa: PT011 - whatever SQLAlchemy raises
            save_member(database, changed, member.id, record.version)
        new = MemberInput(name="李明", id_number=NEW_ID, branch="第一党支部", category="正式党员",
                          join_date=date(1980, 7, 1), phone=NEW_PHONE)
        with pytest.raises(Exception) as caught_new:  # noqa: PT011
            save_member(database, new)
    finally:
        database.close()
    for exc in (caught.value, caught_new.value):
        shown = _every_text(exc) + (storage_problem(exc) or "")
        assert NEW_PHONE not in shown and NEW_ID not in shown
        assert message in _every_text(exc)  # SQLite's own words stay, for whoever helps


def test_a_disk_error_is_said_without_the_statement(db_path: Path) -> None:
    database, member = _failing_write(db_path, "disk I/O error")
    try:
        record = get_member(database, member.id)
        changed = record.to_input()
        changed.phone = NEW_PHONE
        with pytest.raises(Exception) as caught:  # noqa: PT011
            save_member(database, changed, member.id, record.version)
    finally:
        database.close()
    said = storage_problem(caught.value)
    assert said is not None and said.startswith("操作没有完成，数据库保持原样")
    assert "disk I/O error" in said and "UPDATE" not in said and "[SQL" not in said and "sqlalche.me" not in said
