"""The kill-test machinery shared by the crash tests (issues 8 and 21): a fork server that starts
workers within milliseconds (tests/storage/crash_child.py), SIGKILL, and the workers' acknowledgement files."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

CHILD = Path(__file__).resolve().parent / "crash_child.py"


class ForkServer:
    """A module-scoped server starts before the per-test fixtures point BRANCHDESK_HOME away from the
    real data folder, so it is given its own `home`: a worker that takes a backup (decrypting takes
    one) writes it there, never into the user's folder."""

    def __init__(self, home: Path) -> None:
        env = {**os.environ, "BRANCHDESK_HOME": str(home)}
        self.process = subprocess.Popen([sys.executable, str(CHILD)], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, text=True, encoding="utf-8", env=env)
        assert self.process.stdout.readline().strip() == "ready"

    def start(self, mode: str, ack: Path, *args: object) -> int:
        command = {"mode": mode, "args": [str(a) for a in args], "ack": str(ack)}
        self.process.stdin.write(json.dumps(command, ensure_ascii=False) + "\n")
        self.process.stdin.flush()
        return int(self.process.stdout.readline())

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=10)


def kill_worker(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    wait_gone(pid)


def wait_gone(pid: int, limit: float = 10.0) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.001)
    raise AssertionError(f"worker {pid} did not end")


def wait_for_first_ack(path: Path, limit: float = 2.0) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline and not (path.exists() and path.stat().st_size):
        time.sleep(0.002)


def read_acks(path: Path) -> list[str]:
    if not path.exists():
        return []
    lines = path.read_text(encoding="utf-8").split("\n")[:-1]  # a torn last line was never acknowledged
    errors = [line for line in lines if line.startswith("error")]
    assert not errors, errors[0]
    return lines


def timed(server: ForkServer, ack: Path, mode: str, *args: object) -> float:
    started = time.perf_counter()
    pid = server.start(mode, ack, *args)
    wait_gone(pid, 60)
    assert read_acks(ack) == ["done"]
    ack.unlink()
    return time.perf_counter() - started


