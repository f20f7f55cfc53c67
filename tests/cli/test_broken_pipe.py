"""`branchdesk … | head -1`: when the reader of the output goes away, the command ends quietly (no
Python traceback) with the status a shell gives a program ended by a broken pipe."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def _run_into_closed_pipe(args: list[str], cwd: Path) -> subprocess.CompletedProcess[bytes]:
    read, write = os.pipe()
    os.close(read)  # the reader is gone before the first line is printed
    try:
        return subprocess.run([sys.executable, "-m", "branchdesk", *args], stdout=write, stderr=subprocess.PIPE,
                              cwd=cwd, env={**os.environ}, timeout=120, check=False)
    finally:
        os.close(write)


def test_a_short_output_into_a_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    result = _run_into_closed_pipe(["template", "roster", "--out", str(tmp_path / "模板.xlsx")], tmp_path)
    assert result.stderr.decode("utf-8", "replace") == ""
    assert result.returncode == 141
    assert (tmp_path / "模板.xlsx").exists()  # the work was done; only its message was not read


def test_help_into_a_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    result = _run_into_closed_pipe(["--help"], tmp_path)
    assert result.stderr.decode("utf-8", "replace") == "" and result.returncode in (0, 141)  # argparse keeps quiet itself


def test_a_head_of_the_output_reads_its_line_and_no_traceback(tmp_path: Path) -> None:
    command = (f'"{sys.executable}" -m branchdesk import roster "{tmp_path / "无.xlsx"}" --db "{tmp_path / "x.sqlite"}"'
               " --dry-run | head -1")
    result = subprocess.run(command, shell=True, capture_output=True, timeout=120, check=False, cwd=tmp_path)
    assert result.stdout.decode().strip() and b"Traceback" not in result.stderr and b"BrokenPipe" not in result.stderr
