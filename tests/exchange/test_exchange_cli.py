"""`branchdesk package …` end to end on real files (Chinese paths with spaces): add-site, join with
the code typed at the prompt, 上报 / 下发, import, status, and the exit codes a script relies on
(0 done, 1 refused, 2 conflicts remain)."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path

import pytest

from branchdesk.cli.main import main
from tests.exchange.exchange_helpers import edit_member, make_committee, member, open_db


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _run(capsys, *argv: str) -> tuple[int, str]:  # type: ignore[no-untyped-def]
    code = main(list(argv))
    return code, capsys.readouterr().out


def test_package_commands_end_to_end(tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "U盘 数据包"
    committee_file = tmp_path / "党委 电脑" / "党委.sqlite"
    committee_file.parent.mkdir()
    make_committee(committee_file).close()
    branch_file = tmp_path / "支部 电脑" / "第一党支部.sqlite"
    setup = folder / "第一党支部 设置.bdsetup"

    code, out = _run(capsys, "package", "status", "--db", str(committee_file))
    assert code == 1 and "还没有设置数据交换" in out
    code, out = _run(capsys, "package", "add-site", "第一党支部", "--out", str(setup), "--db", str(committee_file))
    assert code == 0, out
    setup_code = re.search(r"设置码[^：]*：([\d-]+)", out).group(1)  # type: ignore[union-attr]
    fingerprint = re.search(r"密钥指纹：([\d ]+)", out).group(1).strip()  # type: ignore[union-attr]

    code, out = _run(capsys, "package", "join", str(setup), "--db", str(branch_file), "--code", "1111-2222-3333-4444-5555")
    assert code == 1 and "设置码不对" in out
    monkeypatch.setattr("sys.stdin", _Terminal())  # typed at the prompt (a script pipes it: tests/shared/test_file_errors)
    monkeypatch.setattr("getpass.getpass", lambda prompt="": setup_code)
    code, out = _run(capsys, "package", "join", str(setup), "--db", str(branch_file))
    assert code == 0, out
    assert fingerprint in out and "已加入" in out and "党员 4" in out

    code, out = _run(capsys, "package", "export", "--out", str(folder), "--db", str(branch_file))
    assert code == 0 and "上报数据包 第 1 号" in out, out
    [first] = folder.glob("*上报*0001.bdpkg")
    code, out = _run(capsys, "package", "import", str(first), "--db", str(committee_file))
    assert code == 0 and "已合并第一党支部的上报数据包 第 1 号" in out, out
    code, out = _run(capsys, "package", "import", str(first), "--db", str(committee_file))
    assert code == 0 and "已经合并过" in out

    code, out = _run(capsys, "package", "export", "--out", str(folder / "下发.bdpkg"), "--db", str(committee_file))
    assert code == 0 and "下发数据包 第 2 号" in out, out  # the set-up file was 第 1 号
    code, out = _run(capsys, "package", "import", str(folder / "下发.bdpkg"), "--db", str(committee_file))
    assert code == 1 and "不是本站点" in out  # its own package: for another site
    code, out = _run(capsys, "package", "status", "--db", str(committee_file))
    assert code == 0 and "已拒收" in out  # listed; nothing for anyone to do about it
    code, out = _run(capsys, "package", "import", str(folder / "下发.bdpkg"), "--db", str(branch_file))
    assert code == 0, out
    damaged = folder / "损坏.bdpkg"
    data = bytearray(first.read_bytes())
    data[-5] ^= 0xFF
    damaged.write_bytes(bytes(data))
    code, out = _run(capsys, "package", "import", str(damaged), "--db", str(committee_file))
    assert code == 1 and "签名核对不通过" in out
    code, out = _run(capsys, "package", "status", "--db", str(committee_file))
    assert code == 1 and "最近一次接收被拒" in out  # the branch's package must be written again

    committee, branch = open_db(committee_file), open_db(branch_file)
    edit_member(committee, "第一党员1", phone="111")
    edit_member(branch, "第一党员1", phone="222")
    committee.close()
    branch.close()
    assert _run(capsys, "package", "export", "--out", str(folder / "up2.bdpkg"), "--db", str(branch_file))[0] == 0
    code, out = _run(capsys, "package", "import", str(folder / "up2.bdpkg"), "--db", str(committee_file))
    assert code == 2 and "两边都修改过" in out and "最近一次接收被拒" not in out
    code, out = _run(capsys, "package", "status", "--db", str(committee_file))
    assert code == 2 and "联系电话：本机 *** ≠ 对方 ***" in out, out  # masked unless asked (issue 21)
    code, out = _run(capsys, "package", "status", "--unmasked", "--db", str(committee_file))
    assert code == 2 and "联系电话：本机 111 ≠ 对方 222" in out, out
    conflict = re.search(r"冲突 (\d+)：", out).group(1)  # type: ignore[union-attr]
    code, out = _run(capsys, "package", "resolve", conflict, "--keep", "remote", "--db", str(committee_file))
    assert code == 0 and "采用了对方版本" in out
    code, out = _run(capsys, "package", "status", "--db", str(committee_file))
    assert code == 0 and "没有待处理的冲突" in out
    committee = open_db(committee_file)
    assert member(committee, "第一党员1").phone == "222"
    committee.close()


def test_package_help_runs_as_a_program(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "branchdesk", "package", "export", "--help"],
                            capture_output=True, text=True, encoding="utf-8", check=False)
    assert result.returncode == 0 and "--to" in result.stdout


def test_a_large_export_writes_several_files_into_the_folder_and_says_so(  # type: ignore[no-untyped-def]
        tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch, joined) -> None:
    """`package export --out 文件夹/` past one package's limit (lowered here): every file written, named
    with its place, listed with the folder; `package import` of each says what is still missing."""
    from datetime import date

    from branchdesk.db.stored_file import MB
    from branchdesk.domain.mentoring.log import ActivityInput
    from branchdesk.domain.mentoring.records import KIND_TEACHER, PairInput
    from branchdesk.services.exchange import envelope
    from branchdesk.services.mentoring.log import save_activity
    from branchdesk.services.mentoring.records import save_pair

    committee, branch = joined
    today = date(2026, 11, 20)
    pair = save_pair(branch, PairInput(kind=KIND_TEACHER, branch="第一党支部", mentor_id=member(branch, "第一党员1").id,
                                       mentee_name="林晓雯", mentee_category="青年教师", start_date=date(2026, 9, 1),
                                       dimensions=["业务"]), today=today)
    for day in range(1, 5):
        photo = tmp_path / f"听课照片{day}.jpg"
        photo.write_bytes(day.to_bytes(1, "big") * (700 * 1024))
        save_activity(branch, pair.id, ActivityInput(date(2026, 10, day), "听课", 1), files=[photo], today=today)
    monkeypatch.setattr(envelope, "MAX_PAYLOAD", 2 * MB)
    folder = tmp_path / "U盘 数据包"

    code, out = _run(capsys, "package", "export", "--out", f"{folder}/", "--db", str(branch.path))
    assert code == 0, out
    files = sorted(folder.iterdir())
    assert [f.name[-len("第1个共2个.bdpkg"):] for f in files] == ["第1个共2个.bdpkg", "第2个共2个.bdpkg"]
    assert "分成 2 个数据包" in out and str(folder) in out and all(f.name in out for f in files)
    code, out = _run(capsys, "package", "import", str(files[1]), "--db", str(committee.path))
    assert code == 0 and "（第 2 个，共 2 个）" in out and "还差第 1 个" in out, out
    code, out = _run(capsys, "package", "import", str(files[0]), "--db", str(committee.path))
    assert code == 0 and "2 个数据包都已接收" in out, out
    code, out = _run(capsys, "package", "status", "--db", str(branch.path))
    assert "第 1 个，共 2 个" in out, out
