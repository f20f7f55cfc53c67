"""--out that names a folder (T9-26, T9-5): a path ending in "/" or "\\" is a folder — made when it
is not there yet — and the file goes inside under its usual name (a 数据包, a set-up file, a backup);
an existing folder named without the ending is a folder too. Nothing is written beside it (no key
file of an encrypted database on the USB drive beside the folder)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from branchdesk.cli.main import main
from branchdesk.db.encryption import encrypt_file
from tests.exchange.exchange_helpers import make_committee
from tests.safety_helpers import add_branch, add_member


def _run(capsys, *argv: str) -> tuple[int, str]:  # type: ignore[no-untyped-def]
    code = main(list(argv))
    return code, capsys.readouterr().out


@pytest.mark.parametrize("ending", ["/", "\\"])
def test_package_out_to_a_folder_not_there_yet(tmp_path: Path, capsys, ending: str) -> None:  # type: ignore[no-untyped-def]
    committee = tmp_path / "党委.sqlite"
    make_committee(committee).close()
    branch = tmp_path / "第一党支部.sqlite"
    code, out = _run(capsys, "package", "add-site", "第一党支部", "--out", f"{tmp_path / '设置 文件'}{ending}",
                     "--db", str(committee))
    assert code == 0, out
    setup = tmp_path / "设置 文件" / "第一党支部.bdsetup"
    assert setup.is_file(), out
    setup_code = re.search(r"设置码[^：]*：([\d-]+)", out).group(1)  # type: ignore[union-attr]
    code, out = _run(capsys, "package", "join", str(setup), "--code", setup_code, "--db", str(branch))
    assert code == 0, out
    code, out = _run(capsys, "package", "export", "--out", f"{tmp_path / 'E盘 U盘'}{ending}", "--db", str(branch))
    assert code == 0, out
    folder = tmp_path / "E盘 U盘"
    assert folder.is_dir(), out
    [package] = folder.iterdir()
    assert package.name == "第一党支部_上报_中共青山镇中心学校委员会_0001.bdpkg" and str(package) in out
    code, out = _run(capsys, "package", "import", str(package), "--db", str(committee))
    assert code == 0, out


def test_package_out_to_a_folder_that_cannot_be_made(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    committee = tmp_path / "党委.sqlite"
    make_committee(committee).close()
    (tmp_path / "一个文件").write_text("x")
    code, out = _run(capsys, "package", "add-site", "第一党支部", "--out", f"{tmp_path / '一个文件' / '子'}/",
                     "--db", str(committee))
    assert code == 1 and "无法建立文件夹" in out and "Errno" not in out, out
    code, out = _run(capsys, "package", "status", "--db", str(committee))
    assert "还没有设置数据交换" in out  # nothing was written


@pytest.fixture
def filled(db, db_path: Path) -> Path:  # type: ignore[no-untyped-def]
    branch = add_branch(db)
    for i in range(3):
        add_member(db, branch, i)
    db.close()
    return db_path


@pytest.mark.parametrize("ending", ["/", ""])
def test_backup_out_to_a_folder(filled: Path, tmp_path: Path, capsys, ending: str) -> None:  # type: ignore[no-untyped-def]
    drive = tmp_path / "我的 U盘"
    folder = drive / "党建 备份"
    if not ending:
        folder.mkdir(parents=True)  # an existing folder, named without the ending
    code, out = _run(capsys, "backup", "--out", f"{folder}{ending}", "--db", str(filled))
    assert code == 0, out
    [made] = folder.iterdir()
    assert made.name.startswith(f"{filled.stem}-") and made.suffix == ".sqlite" and str(made) in out
    assert [p.name for p in drive.iterdir()] == ["党建 备份"]


def test_backup_of_an_encrypted_database_to_a_folder(filled: Path, tmp_path: Path, capsys,  # type: ignore[no-untyped-def]
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    encrypt_file(filled, "文件夹备份密码123", backup_folder=tmp_path / "备份")
    monkeypatch.setenv("BRANCHDESK_PASSWORD", "文件夹备份密码123")
    drive = tmp_path / "我的 U盘"
    folder = drive / "党建 备份"
    folder.mkdir(parents=True)
    code, out = _run(capsys, "backup", "--out", f"{folder}/", "--db", str(filled))
    assert code == 0, out
    made = sorted(p.name for p in folder.iterdir())
    assert len(made) == 2 and made[0].endswith(".sqlite") and made[1] == made[0] + ".key", made
    assert [p.name for p in drive.iterdir()] == ["党建 备份"]  # no key file beside the folder


def test_encrypted_package_backup_to_a_folder(filled: Path, tmp_path: Path, capsys,  # type: ignore[no-untyped-def]
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BRANCHDESK_BACKUP_PASSWORD", "加密打包密码Abc123")
    folder = tmp_path / "U盘 备份"
    code, out = _run(capsys, "backup", "--encrypt", "--out", f"{folder}/", "--db", str(filled))
    assert code == 0, out
    [made] = folder.iterdir()
    assert made.name.startswith(f"{filled.stem}-") and made.suffix == ".bdsealed"
