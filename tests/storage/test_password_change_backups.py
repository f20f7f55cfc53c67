"""Trial S, TS-6: README promised a backup "before every … encryption change", but 改密码 and
用恢复密钥设新密码 make none. They rewrite only key files, never the data (checked here): a backup would
be the same data under the new password, or — left under the old password — keep opening with a
password that may have been changed because someone else knew it. So README now names the changes
that are backed up (启用加密, 关闭加密, 更换恢复密钥: those that rewrite the file)."""

from __future__ import annotations

from pathlib import Path

from branchdesk.db import encryption
from branchdesk.db.migrate import open_database
from tests.safety_helpers import add_branch, add_member

README = Path(__file__).resolve().parents[2] / "README.md"


def test_a_password_change_rewrites_no_data_and_readme_says_which_changes_are_backed_up(tmp_path: Path) -> None:
    path = tmp_path / "台账.sqlite"
    folder = tmp_path / "备份"
    db = open_database(path, backup_folder=folder)
    add_member(db, add_branch(db), 1)
    db.close()
    encryption.encrypt_file(path, "旧密码-12345678", backup_folder=folder)
    data, made = path.read_bytes(), sorted(folder.iterdir())
    encryption.change_password(path, "旧密码-12345678", "新密码-12345678", backup_folder=folder)
    assert path.read_bytes() == data and sorted(folder.iterdir()) == made  # the data untouched, no backup
    text = " ".join(README.read_text(encoding="utf-8").split())
    assert "import, restore and encryption change" not in text  # failed before: the promise README broke
    assert "改密码 and 用恢复密钥设新密码 make no backup" in text
