"""The numbers of the packages this PC wrote, kept outside the database too (trial S, TS-5).

A database restored from a backup forgets the 上报 (or 下发) written after that backup: its
`sent_seq` goes back, and the next package took a number already used — written over the earlier
`…_0002.bdpkg` on the USB drive, and merged by the other side as a second "第 2 号". So each package
written is also recorded in a small file in the program's data folder (not in the database, so a
restore cannot take it back; no personal information in it: site ids and numbers only), and the next
number is one after the higher of the two. Numbers skipped this way are harmless: the receiver
checks a package's base, not that numbers follow each other. A record that cannot be read or
written (a read-only folder) only loses this safeguard: the receiver still refuses a second,
different package with a number it already merged (packages._merge)."""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from pathlib import Path

from branchdesk import paths

FILE_NAME = "exchange_numbers.json"


def _file() -> Path:
    return paths.data_folder() / FILE_NAME


def _read() -> dict[str, int]:
    try:
        data = json.loads(_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {str(k): int(v) for k, v in data.items() if isinstance(v, int) and not isinstance(v, bool)}


def _key(site_id: str, peer_site_id: str) -> str:
    return f"{site_id}>{peer_site_id}"


def last_sent(site_id: str, peer_site_id: str) -> int:
    """The highest number this PC wrote from `site_id` to `peer_site_id` (0 when none is recorded)."""
    return _read().get(_key(site_id, peer_site_id), 0)


def remember_sent(site_id: str, peer_site_id: str, seq: int) -> None:
    """Record that package `seq` was written (never lowers the number recorded)."""
    target = _file()
    with contextlib.suppress(OSError):
        target.parent.mkdir(parents=True, exist_ok=True)
        data = _read()
        key = _key(site_id, peer_site_id)
        if data.get(key, 0) >= seq:
            return
        data[key] = seq
        handle, name = tempfile.mkstemp(prefix=".exchange_numbers-", suffix=".part", dir=target.parent)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump(data, out, ensure_ascii=False, sort_keys=True)
                out.flush()
                os.fsync(out.fileno())
            os.replace(name, target)
        finally:
            Path(name).unlink(missing_ok=True)
