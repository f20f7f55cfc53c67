"""The append-only change history and the recycle bin (issue 8): every flush of every model is
recorded with who, when, field, old -> new; blobs by size only; the chain detects outside edits."""

from __future__ import annotations

import getpass
from datetime import date

import pytest
from sqlalchemy import LargeBinary, String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from branchdesk.db.history import as_text
from branchdesk.db.models import ChangeLog, Member
from branchdesk.services import recycle_bin
from branchdesk.services.errors import NotFound, RuleViolation
from branchdesk.services.history import record_history, verify_history
from tests.safety_helpers import add_branch, add_member


def test_changes_are_recorded_per_field_with_user(db, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(getpass, "getuser", lambda: "张老师")
    member_id = add_member(db, add_branch(db), 1, name="王芳")
    with db.session() as session:
        member = session.get(Member, member_id)
        member.phone = "13800000000"
        member.join_date = date(2011, 7, 1)
    entries = record_history(db, "members", member_id, masked=False)  # masking: test_safety_masking.py
    assert entries[0].user == "张老师" and {e.action for e in entries} == {"新增", "修改"}
    changed = {e.field: (e.old, e.new) for e in entries if e.action == "修改"}
    assert changed == {"联系电话": ("", "13800000000"), "入党日期": ("2010-07-01", "2011-07-01")}
    assert any(e.field == "姓名" and e.new == "王芳" for e in entries if e.action == "新增")
    assert "版本" not in {e.field for e in entries} and "version" not in {e.field for e in entries}
    rows, problems = verify_history(db)
    # one row per new record (its snapshot) and one per changed field: branch, member, phone, join date
    assert rows == 4 and problems == []


def test_a_failed_transaction_leaves_no_history(db) -> None:  # type: ignore[no-untyped-def]
    branch = add_branch(db)
    add_member(db, branch, 1)
    before = len(record_history(db, "members", 1))
    with pytest.raises(RuntimeError), db.session() as session:
        session.get(Member, 1).note = "不会保存"
        session.flush()
        raise RuntimeError("用户取消")
    assert len(record_history(db, "members", 1)) == before


class _OtherBase(DeclarativeBase):
    pass


class _Attachment(_OtherBase):
    """Stands for another area's attachment model: a blob column and a size-only text column."""

    __tablename__ = "test_attachments"
    id: Mapped[int] = mapped_column(primary_key=True)
    file_name: Mapped[str] = mapped_column(String(100))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    scan: Mapped[str] = mapped_column(String(100), default="", info={"history": "size"})


def test_other_models_get_history_and_blobs_are_recorded_by_size(db) -> None:  # type: ignore[no-untyped-def]
    _OtherBase.metadata.create_all(db.engine)
    with db.session() as session:
        session.add(_Attachment(file_name="会议记录.pdf", content=b"%PDF" * 1000, scan="秘密内容"))
    with db.session() as session:
        session.get(_Attachment, 1).content = b"x" * 10
    entries = record_history(db, "test_attachments", 1)
    values = [e.new for e in entries] + [e.old for e in entries]
    assert "〈4000 字节〉" in values and "〈10 字节〉" in values and "会议记录.pdf" in values
    assert not any("PDF" in v or "秘密" in v for v in values)
    assert as_text(b"abc") == "〈3 字节〉" and as_text(date(2026, 1, 2)) == "2026-01-02" and as_text(None) is None


def test_recycle_bin_restore_and_empty(db) -> None:  # type: ignore[no-untyped-def]
    branch = add_branch(db)
    first = add_member(db, branch, 1, name="李明")
    second = add_member(db, branch, 2, name="赵丽")
    recycle_bin.move_to_bin(db, "members", first)
    recycle_bin.move_to_bin(db, "members", second)
    items = recycle_bin.list_deleted(db)
    assert {(i.kind, i.label) for i in items} == {("党员", "李明"), ("党员", "赵丽")}
    recycle_bin.restore(db, "members", first)
    assert [i.label for i in recycle_bin.list_deleted(db)] == ["赵丽"]
    actions = [e.action for e in record_history(db, "members", first)]
    assert actions[:2] == ["从回收站恢复", "移入回收站"]
    with pytest.raises(RuleViolation, match="确认"):
        recycle_bin.empty(db)
    with pytest.raises(NotFound):
        recycle_bin.restore(db, "members", first)  # not in the bin
    assert recycle_bin.empty(db, confirm=True) == 1
    with db.session() as session:
        assert session.get(Member, second) is None
        log = session.scalars(select(ChangeLog).where(ChangeLog.action == "delete")).one()
    assert "赵丽" in log.old_value
    redacted, last = record_history(db, "members", second)[:2]  # the ID number is cleared: db/redaction.py
    assert redacted.action == "清除个人号码"
    assert last.action == "永久删除" and "姓名：赵丽" in last.old
    assert verify_history(db)[1] == []


def test_check_database_passes_on_a_fresh_database(db) -> None:  # type: ignore[no-untyped-def]
    """Runs on SQLite and, with BRANCHDESK_TEST_DATABASE_URL, on PostgreSQL (chain only there)."""
    from branchdesk.services.storage.database_check import check_database

    add_member(db, add_branch(db), 1)
    report = check_database(db)
    assert report.ok and report.history_rows >= 2 and "检查通过" in report.to_text()


def test_every_recyclable_table_has_a_chinese_label() -> None:
    from branchdesk.db.models import Base, load_all
    from branchdesk.services.recycle_bin import TABLE_LABELS

    load_all()  # the tables mapped on first use have a bin too
    recyclable = {mapper.local_table.name for mapper in Base.registry.mappers  # type: ignore[attr-defined]
                  if "deleted_at" in mapper.columns and getattr(mapper.class_, "__recycle_bin__", True)}
    assert recyclable - set(TABLE_LABELS) == set()


def test_bulk_update_and_delete_are_refused_so_no_change_escapes_the_history(db) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import delete, update

    from branchdesk.db.history import BulkWriteRefused

    member_id = add_member(db, add_branch(db), 1, name="王芳")
    with pytest.raises(BulkWriteRefused, match="修改记录"):
        with db.session() as session:
            session.execute(update(Member).where(Member.id == member_id).values(phone="13900000000"))
    with pytest.raises(BulkWriteRefused):
        with db.session() as session:
            session.execute(delete(Member).where(Member.id == member_id))
    with db.session() as session:  # nothing changed, and reading is untouched by the guard
        member = session.execute(select(Member).where(Member.id == member_id)).scalar_one()
        assert member.phone in ("", None) and member.deleted_at is None
    assert verify_history(db)[1] == []
