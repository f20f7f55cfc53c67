"""Fixtures of the 数据包 tests. Building a committee and joining a branch takes a few seconds, so
it is done once per test session and each test gets its own copies of the two database files."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.exchange.exchange_helpers import join_branch, make_committee, open_db, send


@pytest.fixture(scope="session")
def _pair_files(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path]]:
    folder = tmp_path_factory.mktemp("exchange-pair")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("BRANCHDESK_HOME", str(folder / "home"))
        from branchdesk.db import cipher

        patch.setattr(cipher, "MEMORY_KIB", 1024)
        patch.setattr(cipher, "ITERATIONS", 1)
        patch.setattr(cipher, "LANES", 1)
        committee = make_committee(folder / "党委.sqlite")
        branch = join_branch(committee, "第一党支部", folder)
        assert send(branch, committee, folder).ok
        paths = committee.path, branch.path
        committee.close()
        branch.close()
    assert paths[0] is not None and paths[1] is not None
    yield paths[0], paths[1]


@pytest.fixture
def joined(_pair_files: tuple[Path, Path], tmp_path: Path):  # type: ignore[no-untyped-def]
    """(committee, branch): 第一党支部 joined, its first 上报 merged; 第二党支部 has no site."""
    copies = []
    for source in _pair_files:
        target = tmp_path / source.name
        shutil.copy(source, target)
        copies.append(open_db(target))
    yield copies[0], copies[1]
    for db in copies:
        db.close()
